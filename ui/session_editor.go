package ui

import (
	"fmt"
	"image/color"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/store"
)

// autosaveDelay is the longest a change waits before it is kept as a draft.
const autosaveDelay = 1500 * time.Millisecond

// sessionEditor charts one session note in the order of the paper form:
// consent and chaperone, subjective, examination, treatment given, dilator,
// assessment and plan. Every change re-runs the safety rules and, within two
// seconds, keeps the note as an encrypted draft. A signed note is shown read
// only; a correction is an amendment, signed in its turn.
type sessionEditor struct {
	sh       *Shell
	db       *store.DB
	patient  store.Patient
	settings store.ClinicSettings
	onClose  func()
	parking  bool // the note is being kept to finish later

	base     store.Session  // as loaded or last saved; the editor's changes go on top
	amendOf  *store.Session // the signed original being amended, or nil
	reason   string         // why it is amended
	signed   *store.Session // the signed original shown read only, or nil
	versions []store.Session

	readOnly   bool
	loading    bool   // widgets are being filled by code
	busy       bool   // a signature is being written
	showErrors bool   // after a refused save, messages follow the typing
	clean      string // fingerprint of the form as loaded or saved; "" after a restore
	restored   bool   // the form holds a draft kept earlier

	draftID         string
	draftKeptAt     time.Time
	autosavePending bool
	closed          bool
	schedule        func(d time.Duration, f func()) // runs f on the UI goroutine after d
	pendingDraft    *sessionDraft                   // kept changes to a note signed since

	// header
	title       *widget.Label
	kind        *widget.Select
	date        *widget.Entry
	clock       *widget.Entry
	status      *widget.Label
	when        *fyne.Container // kind, date and time, hidden when read only
	saveBtn     *widget.Button
	signBtn     *widget.Button
	amendBtn    *widget.Button
	cancelBtn   *widget.Button
	closeBtn    *widget.Button
	notice      *widget.Label // why an action was refused, or what an amendment is for
	warnTitle   *widget.Label
	warnBox     *fyne.Container
	problems    *widget.Label
	buttons     *fyne.Container
	buttonsRoom *canvas.Rectangle // keeps the title clear of the buttons
	formScroll  *container.Scroll
	viewScroll  *container.Scroll
	rootBox     *fyne.Container
	stale       bool // something changed size: lay the editor out again
	view        *fyne.Container
	root        fyne.CanvasObject

	// consent and chaperone
	scope         []*widget.Check // in store.ConsentScopes order
	consentForm   *widget.RadioGroup
	chapOffered   *widget.Check
	chapAnswer    *widget.RadioGroup
	chapName      *widget.Entry
	chapRole      *widget.Entry
	withdrawn     *widget.Check
	withdrawnAt   *widget.Entry
	withdrawnNote *widget.Entry

	// subjective
	painNow  *widget.Entry
	painPen  *widget.Entry
	location *widget.RadioGroup
	provoked *widget.RadioGroup
	marinoff *widget.Select
	subjText *noteEntry

	// examination
	tone        *widget.RadioGroup
	toneNote    *widget.Entry
	oxLeft      *widget.Select
	oxRight     *widget.Select
	perfect     [4]*widget.Entry
	perfectRead *widget.Label
	perfectMsg  *widget.Label

	points        []*pointRow
	pointBox      *fyne.Container
	addPointBtn   *widget.Button
	selectedPoint int // index into points, -1 for none
	clockMap      clockFigure
	clockHelp     *widget.Label
	drawn         figureState

	swabSites  []int // the hours shown, the clinic's and any a loaded note has
	swab       map[int]*widget.Entry
	swabBox    *fyne.Container
	swabMsg    *widget.Label
	swabOrder  []int // hours of the collected swab list, in order
	swabClock  swabFigure
	swabSelect int

	bodyRows  []*bodyRow
	bodyBox   *fyne.Container
	bodyAdd   *widget.Select
	bodyChart bodyFigure

	examText *noteEntry

	// treatment given
	treatAdd  *widget.Select
	treatRows []*treatRow
	treatBox  *fyne.Container

	// dilator
	dilSize    *widget.Select
	dilMinutes *widget.Entry
	dilPain    *widget.Entry
	dilNote    *widget.Entry

	assessment *noteEntry
	plan       *noteEntry

	messages map[string]*widget.Label // per-field messages of single fields, by JSON path
	shared   map[string]bool          // fields whose message sits under a row of several fields
	warnings []string                 // the warnings shown
}

// newSessionEditor opens a session note of patient: a new one when s.ID is
// "" (an initial assessment if the patient has no notes yet, else a
// follow-up, seen now to the nearest five minutes), a draft for editing, or
// a signed note read only with its amendments. onClose is called when the
// practitioner closes the editor.
func newSessionEditor(sh *Shell, patient store.Patient, s store.Session, onClose func()) *sessionEditor {
	e := newSessionEditorShell(sh, patient, onClose)
	if s.Status == store.StatusSigned {
		e.showSigned(s)
		return e
	}
	if s.ID == "" {
		s = e.fillNew(s)
	}
	e.loadEditable(s)
	return e
}

// newSessionEditorShell builds the widgets without loading a note.
func newSessionEditorShell(sh *Shell, patient store.Patient, onClose func()) *sessionEditor {
	e := &sessionEditor{
		sh: sh, db: sh.db, patient: patient, onClose: onClose,
		settings: sh.db.Settings(), messages: map[string]*widget.Label{}, shared: map[string]bool{},
		selectedPoint: -1, swabSelect: -1,
	}
	e.schedule = scheduleOnUI
	e.build()
	return e
}

// scheduleOnUI runs f on the UI goroutine after d.
func scheduleOnUI(d time.Duration, f func()) {
	time.AfterFunc(d, func() { fyne.Do(f) })
}

// content is the editor, to be placed in the window.
func (e *sessionEditor) content() fyne.CanvasObject { return e.root }

// fillNew gives a new note its patient, practitioner, kind and time seen.
func (e *sessionEditor) fillNew(s store.Session) store.Session {
	s.PatientID = e.patient.ID
	if s.PractitionerID == "" {
		s.PractitionerID = e.db.CurrentPractitioner().ID
	}
	if s.Kind == "" {
		s.Kind = store.SessionFollowUp
		if prev, err := e.db.PatientSessions(e.patient.ID); err == nil && len(prev) == 0 {
			s.Kind = store.SessionInitial
		}
	}
	if s.TreatedAt.IsZero() {
		s.TreatedAt = e.db.Now().In(time.Local).Round(5 * time.Minute)
	}
	return s
}

// --- building ---

func (e *sessionEditor) build() {
	e.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	e.title.SizeName = theme.SizeNameSubHeadingText
	e.title.Truncation = fyne.TextTruncateEllipsis

	kinds := make([]string, len(store.SessionKinds))
	for i, k := range store.SessionKinds {
		kinds[i] = k.Label()
	}
	e.kind = widget.NewSelect(kinds, func(string) { e.changed() })
	e.date = e.entry("dd/mm/yyyy")
	e.clock = e.entry("hh:mm")
	e.status = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	e.status.Truncation = fyne.TextTruncateEllipsis

	e.saveBtn = widget.NewButtonWithIcon("Save as draft", theme.DocumentSaveIcon(), e.Save)
	e.signBtn = widget.NewButtonWithIcon("Sign", theme.ConfirmIcon(), e.Sign)
	e.signBtn.Importance = widget.HighImportance
	e.amendBtn = widget.NewButtonWithIcon("Amend…", theme.DocumentCreateIcon(), e.Amend)
	e.amendBtn.Importance = widget.HighImportance
	e.cancelBtn = widget.NewButton("Cancel amendment", e.CancelAmendment)
	e.closeBtn = widget.NewButtonWithIcon("Close", theme.CancelIcon(), e.Close)

	dateMsg := e.message("treated_at")
	e.when = container.NewHBox(
		boldLabel("Type"), fixedWidth(210, e.kind),
		boldLabel("Seen on"), fixedWidth(130, e.date),
		boldLabel("at"), fixedWidth(80, e.clock),
	)
	measures := widget.NewButtonWithIcon("Measure…", theme.ListIcon(), e.enterMeasure)
	e.buttons = container.NewHBox(measures, e.saveBtn, e.signBtn, e.amendBtn, e.cancelBtn, e.closeBtn)
	e.buttonsRoom = canvas.NewRectangle(color.Transparent)
	headRow := container.NewBorder(nil, nil, nil, e.buttonsRoom, e.title)
	whenRow := beside(e.when, e.status)

	e.notice = widget.NewLabel("")
	e.notice.Wrapping = fyne.TextWrapWord
	e.notice.Importance = widget.MediumImportance
	e.notice.Hide()

	e.warnTitle = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	e.warnBox = container.New(layout.NewCustomPaddedVBoxLayout(0))
	e.problems = widget.NewLabel("")
	e.problems.Importance = widget.DangerImportance
	e.problems.Wrapping = fyne.TextWrapWord
	e.problems.Hide()

	top := container.NewVBox(headRow, whenRow, dateMsg, e.notice, e.warnTitle, e.warnBox, e.problems, widget.NewSeparator())

	form := container.NewVBox(
		e.buildConsent(),
		e.buildSubjective(),
		e.buildExamination(),
		e.buildTreatment(),
		e.buildDilator(),
		e.buildAssessment(),
	)
	e.formScroll = container.NewVScroll(container.NewPadded(form))
	e.view = container.NewVBox()
	e.viewScroll = container.NewVScroll(container.NewPadded(e.view))
	e.viewScroll.Hide()
	// The buttons are drawn at the top right but come last for the keyboard:
	// Tab runs from the time seen through the form, then to Sign.
	body := container.NewStack(e.formScroll, e.viewScroll)
	e.rootBox = container.New(&editorLayout{top: top, head: headRow, body: body, buttons: e.buttons}, top, body, e.buttons)
	e.root = e.rootBox
}

// editorLayout puts the header at the top, the form under it, and the
// buttons over the right of the header's first row.
type editorLayout struct{ top, head, body, buttons fyne.CanvasObject }

func (l *editorLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	t, b := l.top.MinSize(), l.body.MinSize()
	return fyne.NewSize(max(t.Width, b.Width), t.Height+theme.Padding()+b.Height)
}

func (l *editorLayout) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	th := l.top.MinSize().Height
	l.top.Move(fyne.NewPos(0, 0))
	l.top.Resize(fyne.NewSize(size.Width, th))
	l.body.Move(fyne.NewPos(0, th+theme.Padding()))
	l.body.Resize(fyne.NewSize(size.Width, max(0, size.Height-th-theme.Padding())))
	bs := l.buttons.MinSize()
	l.buttons.Move(fyne.NewPos(size.Width-bs.Width, max(0, (l.head.MinSize().Height-bs.Height)/2)))
	l.buttons.Resize(bs)
}

// relayout lays the editor out again when something in it changed size: a
// row added, a message or warning shown. Typing alone does not need it.
func (e *sessionEditor) relayout() {
	e.stale = false
	e.rootBox.Refresh()
}

// entry makes a one-line entry that reports changes.
func (e *sessionEditor) entry(placeholder string) *widget.Entry {
	w := widget.NewEntry()
	w.SetPlaceHolder(placeholder)
	w.OnChanged = func(string) { e.changed() }
	return w
}

// noteEntry is a wrapping multi-line entry that Tab leaves, as the pen
// leaves a box of the paper form: Fyne's multi-line entry keeps Tab (and
// Shift+Tab) for itself, which would trap the keyboard in the first note.
type noteEntry struct{ widget.Entry }

func newNoteEntry(placeholder string, rows int) *noteEntry {
	n := &noteEntry{}
	n.MultiLine = true
	n.Wrapping = fyne.TextWrapWord
	n.ExtendBaseWidget(n)
	n.SetPlaceHolder(placeholder)
	n.SetMinRowsVisible(rows)
	return n
}

// AcceptsTab is false: Tab moves on to the next field.
func (n *noteEntry) AcceptsTab() bool { return false }

// multiLine makes a note entry of rows lines that reports changes.
func (e *sessionEditor) multiLine(placeholder string, rows int) *noteEntry {
	n := newNoteEntry(placeholder, rows)
	n.OnChanged = func(string) { e.changed() }
	return n
}

// beside lays left beside center, in that order for the keyboard: a
// Border container would put its center first in the tab order.
func beside(left, center fyne.CanvasObject) *fyne.Container {
	return container.New(layout.NewBorderLayout(nil, nil, left, nil), left, center)
}

// radio makes a horizontal radio group that can be left unanswered.
func (e *sessionEditor) radio(options []string) *widget.RadioGroup {
	r := widget.NewRadioGroup(options, func(string) { e.changed() })
	r.Horizontal = true
	return r
}

// message makes the hidden message label of one field.
func (e *sessionEditor) message(field string) *widget.Label {
	l := newMessageLabel()
	e.messages[field] = l
	return l
}

func newMessageLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

func boldLabel(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// hintLabel is guidance in italics, in the text colour: a clinician must
// be able to read it in a bright consulting room.
func hintLabel(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
}

// block is one part of the paper form: a heading, then its fields.
func block(title string, objs ...fyne.CanvasObject) fyne.CanvasObject {
	h := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	h.SizeName = theme.SizeNameSubHeadingText
	return container.NewVBox(append([]fyne.CanvasObject{widget.NewSeparator(), h}, objs...)...)
}

// fixedWidthLayout gives its objects one width and their own height.
type fixedWidthLayout struct{ width float32 }

func (l fixedWidthLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objs {
		if o.Visible() {
			h = max(h, o.MinSize().Height)
		}
	}
	return fyne.NewSize(l.width, h)
}

func (l fixedWidthLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Resize(size)
		o.Move(fyne.NewPos(0, 0))
	}
}

// fixedWidth gives o the width w, whatever its own minimum.
func fixedWidth(w float32, o fyne.CanvasObject) *fyne.Container {
	return container.New(fixedWidthLayout{w}, o)
}

// numberField is a narrow entry followed by its unit.
func numberField(en *widget.Entry, unit string) fyne.CanvasObject {
	if unit == "" {
		return fixedWidth(64, en)
	}
	return container.NewHBox(fixedWidth(64, en), widget.NewLabel(unit))
}

// --- modes ---

// loadEditable shows s in the form for editing.
func (e *sessionEditor) loadEditable(s store.Session) { e.loadBody(sessionDraft{Session: s}, false) }

// refreshHeader sets the title, status and buttons for the mode.
func (e *sessionEditor) refreshHeader() {
	name := e.patient.Name
	switch {
	case e.readOnly && e.signed != nil:
		e.title.SetText(fmt.Sprintf("%s · %s, %s", name, e.signed.Kind.Label(), formatWhen(e.signed.TreatedAt)))
	case e.amendOf != nil:
		e.title.SetText(fmt.Sprintf("%s · amending the note of %s", name, formatWhen(e.amendOf.TreatedAt)))
	case e.base.ID == "":
		e.title.SetText(name + " · new session note")
	default:
		e.title.SetText(name + " · session note")
	}
	show := func(b *widget.Button, on bool) {
		if on {
			b.Show()
		} else {
			b.Hide()
		}
	}
	show(e.saveBtn, !e.readOnly && e.amendOf == nil)
	show(e.signBtn, !e.readOnly)
	e.signBtn.SetText("Sign")
	if e.amendOf != nil {
		e.signBtn.SetText("Sign amendment")
	}
	show(e.amendBtn, e.readOnly)
	show(e.cancelBtn, !e.readOnly && e.amendOf != nil)
	if e.readOnly {
		e.when.Hide()
	} else {
		e.when.Show()
	}
	// An amendment keeps the original's type and time seen.
	for _, w := range []fyne.Disableable{e.kind, e.date, e.clock} {
		if e.amendOf != nil {
			w.Disable()
		} else {
			w.Enable()
		}
	}
	for _, b := range []*widget.Button{e.saveBtn, e.signBtn, e.amendBtn, e.cancelBtn} {
		if e.busy {
			b.Disable()
		} else {
			b.Enable()
		}
	}
	if room := fyne.NewSize(e.buttons.MinSize().Width, 0); room != e.buttonsRoom.MinSize() {
		e.buttonsRoom.SetMinSize(room)
		e.stale = true
	}
	e.refreshStatus()
	if e.stale {
		e.relayout()
	}
}

// refreshStatus says where the note is in its life.
func (e *sessionEditor) refreshStatus() {
	var text string
	switch {
	case e.readOnly && e.signed != nil:
		text = signedLine(e.db, e.current())
		if n := len(e.versions) - 1; n > 0 {
			text += fmt.Sprintf(" · amended %s", plural(n, "time", "times"))
		}
	case e.busy:
		text = "Signing…"
	case !e.draftKeptAt.IsZero():
		text = "Unsaved changes kept as a draft at " + e.draftKeptAt.In(time.Local).Format("15:04")
	case e.amendOf != nil:
		text = "Amendment, not yet signed"
	case e.base.ID == "":
		text = "New note, not yet saved"
	case e.Dirty():
		text = "Draft, with changes not yet saved"
	default:
		text = "Draft, saved " + formatWhen(e.base.WrittenAt)
	}
	e.status.SetText(text)
	// A saved draft with nothing changed has nothing to save.
	if e.busy || (!e.readOnly && e.base.ID != "" && !e.Dirty()) {
		e.saveBtn.Disable()
	} else {
		e.saveBtn.Enable()
	}
}

// current is the version of a signed note that is in force: its latest
// amendment, or the note itself.
func (e *sessionEditor) current() store.Session {
	if len(e.versions) > 0 {
		return e.versions[len(e.versions)-1]
	}
	if e.signed != nil {
		return *e.signed
	}
	return e.base
}

// signedLine is "Signed by … on … at …", with "Late entry" when it was.
func signedLine(db *store.DB, s store.Session) string {
	line := fmt.Sprintf("Signed by %s on %s", db.PractitionerName(s.SignedBy), formatWhen(s.SignedAt))
	if s.Late {
		line += " · Late entry"
	}
	return line
}

// formatWhen writes a time as a clinician reads it: 21 Nov 2026 at 09:05.
func formatWhen(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(time.Local).Format("2 Jan 2006 at 15:04")
}

// --- live checking ---

// changed runs after every edit: warnings, messages, figures, autosave.
func (e *sessionEditor) changed() {
	if e.loading || e.readOnly {
		return
	}
	e.sh.touch() // typing in a long note is activity: no idle lock mid-sentence
	e.refreshLive()
	e.scheduleAutosave()
}

// refreshLive re-runs the safety rules and, after a refused save, the
// record's checks on what the form holds now. Neither blocks typing.
func (e *sessionEditor) refreshLive() {
	s, local := e.collect()
	e.showWarnings(e.settings.Safety.SessionWarnings(e.patient, s, e.db.Today()))
	if e.showErrors {
		e.showMessages(e.check(s, local))
	}
	e.refreshEnabled()
	e.refreshPointHints()
	e.setClockFace(s)
	e.refreshFigures()
	if p := s.Examination.PERFECT; p != nil && local["examination.perfect"] == "" {
		e.perfectRead.SetText(p.Profile())
	} else {
		e.perfectRead.SetText("")
	}
	e.refreshStatus()
	if e.stale {
		e.relayout()
	}
}

// check is every message that stops the note being saved: what the form
// could not read (local) and what the record refuses.
func (e *sessionEditor) check(s store.Session, local map[string]string) map[string]string {
	e.settings = e.db.Settings()
	msgs := store.FieldMessages(s.Normalise().Validate(e.db.Now(), e.settings))
	if msgs == nil {
		msgs = map[string]string{}
	}
	for f, m := range local {
		msgs[f] = m
	}
	return msgs
}

// showWarnings puts the safety warnings at the top, one line each. The
// lines are rebuilt only when the warnings change.
func (e *sessionEditor) showWarnings(ws []store.Warning) {
	title := "No safety warnings for what is charted so far."
	if len(ws) > 0 {
		title = fmt.Sprintf("Safety: %s. They never stop you charting; signing asks you to acknowledge each.",
			plural(len(ws), "warning", "warnings"))
	}
	if e.warnTitle.Text != title {
		e.warnTitle.SetText(title)
	}
	texts := make([]string, len(ws))
	for i, w := range ws {
		texts[i] = w.Text
	}
	if slices.Equal(texts, e.warnings) && len(e.warnBox.Objects) == len(ws) {
		return
	}
	e.warnings = texts
	e.stale = true
	e.warnBox.Objects = nil
	for _, t := range texts {
		e.warnBox.Add(warningLine(t))
	}
	e.warnBox.Refresh()
}

// warningLine is one warning on a tinted band, in the theme's warning colour.
func warningLine(text string) fyne.CanvasObject {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.TextStyle = fyne.TextStyle{Bold: true}
	icon := widget.NewIcon(theme.NewWarningThemedResource(theme.WarningIcon()))
	bg := canvas.NewRectangle(warningTint)
	bg.CornerRadius = theme.InputRadiusSize()
	return container.NewStack(bg, container.NewBorder(nil, nil, icon, nil, l))
}

// warningTint is a pale amber behind warnings.
var warningTint = color.NRGBA{R: 0xff, G: 0xf3, B: 0xd6, A: 0xff}

// showMessages puts each message under its field, or in a row's message
// for list items; what has no place goes in the problems list at the top.
func (e *sessionEditor) showMessages(msgs map[string]string) {
	fields := make([]string, 0, len(msgs))
	for f := range msgs {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	texts := map[*widget.Label][]string{}
	var unplaced []string
	for _, f := range fields {
		m := msgs[f]
		l, own := e.targetFor(f)
		switch {
		case l == nil:
			unplaced = append(unplaced, capitalise((store.FieldError{Field: f, Message: m}).Error())+".")
		case own:
			texts[l] = append(texts[l], capitalise(m)+".")
		default:
			texts[l] = append(texts[l], capitalise((store.FieldError{Field: f, Message: m}).Error())+".")
		}
	}
	for _, l := range e.allMessageLabels() {
		text := strings.Join(texts[l], "\n")
		if text == l.Text && l.Visible() == (text != "") {
			continue
		}
		e.stale = true
		l.SetText(text)
		if text != "" {
			l.Show()
		} else {
			l.Hide()
		}
	}
	wasShown := e.problems.Visible()
	switch {
	case len(msgs) == 0:
		e.problems.Hide()
	default:
		text := fmt.Sprintf("Not saved yet: %s, shown in red under the fields.", plural(len(msgs), "problem", "problems"))
		if len(unplaced) > 0 {
			text += "\n" + strings.Join(unplaced, "\n")
		}
		e.problems.SetText(text)
		e.problems.Show()
	}
	if wasShown != e.problems.Visible() {
		e.stale = true
	}
}

func (e *sessionEditor) allMessageLabels() []*widget.Label {
	var out []*widget.Label
	for _, l := range e.messages {
		out = append(out, l)
	}
	out = append(out, e.perfectMsg, e.swabMsg)
	for _, r := range e.points {
		out = append(out, r.msg)
	}
	for _, r := range e.bodyRows {
		out = append(out, r.msg)
	}
	for _, r := range e.treatRows {
		out = append(out, r.msg)
	}
	return out
}

var listField = regexp.MustCompile(`^(examination\.trigger_points|examination\.body_chart|examination\.swab|treatment|consent\.scope)\[(\d+)\]`)

// targetFor finds the label a field's message goes under; own says the
// label belongs to that field alone, so the message needs no field name.
func (e *sessionEditor) targetFor(field string) (l *widget.Label, own bool) {
	if l, ok := e.messages[field]; ok {
		return l, !e.shared[field]
	}
	if strings.HasPrefix(field, "examination.perfect") {
		return e.perfectMsg, false
	}
	m := listField.FindStringSubmatch(field)
	if m == nil {
		return nil, false
	}
	i, _ := strconv.Atoi(m[2])
	switch m[1] {
	case "examination.trigger_points":
		if i < len(e.points) {
			return e.points[i].msg, false
		}
	case "examination.body_chart":
		if i < len(e.bodyRows) {
			return e.bodyRows[i].msg, false
		}
	case "examination.swab":
		return e.swabMsg, false
	case "treatment":
		if i < len(e.treatRows) {
			return e.treatRows[i].msg, false
		}
	case "consent.scope":
		return e.messages["consent.scope"], false
	}
	return nil, false
}

// focusFirstProblem puts the cursor in the first field at fault, in form order.
func (e *sessionEditor) focusFirstProblem(msgs map[string]string) {
	c := fyne.CurrentApp().Driver().CanvasForObject(e.root)
	if c == nil {
		return
	}
	for _, f := range e.focusOrder() {
		for field := range msgs {
			if field == f.field || strings.HasPrefix(field, f.field+".") || strings.HasPrefix(field, f.field+"[") {
				c.Focus(f.w)
				return
			}
		}
	}
}

type focusTarget struct {
	field string
	w     fyne.Focusable
}

func (e *sessionEditor) focusOrder() []focusTarget {
	out := []focusTarget{
		{"treated_at", e.date},
		{"consent.chaperone_name", e.chapName}, {"consent.chaperone_role", e.chapRole},
		{"consent.withdrawn_at", e.withdrawnAt}, {"consent.withdrawn_note", e.withdrawnNote},
		{"subjective.pain_now", e.painNow}, {"subjective.pain_penetration", e.painPen},
		{"subjective.text", e.subjText}, {"examination.tone_note", e.toneNote},
		{"examination.perfect", e.perfect[0]},
	}
	for i, r := range e.points {
		out = append(out, focusTarget{fmt.Sprintf("examination.trigger_points[%d]", i), r.nrs})
	}
	for i, r := range e.bodyRows {
		out = append(out, focusTarget{fmt.Sprintf("examination.body_chart[%d]", i), r.nrs})
	}
	out = append(out, focusTarget{"examination.text", e.examText})
	for i, r := range e.treatRows {
		out = append(out, focusTarget{fmt.Sprintf("treatment[%d]", i), r.minutes})
	}
	out = append(out,
		focusTarget{"dilator.minutes", e.dilMinutes}, focusTarget{"dilator.pain", e.dilPain},
		focusTarget{"dilator.note", e.dilNote},
		focusTarget{"assessment", e.assessment}, focusTarget{"plan", e.plan})
	return out
}

// focus puts the cursor in w, if the editor is on a window.
func (e *sessionEditor) focus(w fyne.Focusable) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(e.root); c != nil {
		c.Focus(w)
	}
}
