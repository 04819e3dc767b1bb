package ui

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/reports"
	"github.com/pelvicnotes/pelvicnotes/store"
)

// programmeBuilder builds the next version of a patient's home programme:
// exercises found in the library (title or tag, accents ignored), put in
// order, each with its dose and a note; the flare-up plan, the sheet's
// language and the name it addresses the patient by. Safety warnings show
// beside the exercise that raises them and are acknowledged to issue.
type programmeBuilder struct {
	v       *programmeView
	patient store.Patient
	base    store.Programme // the version this one follows; zero for the first
	exam    store.Examination
	lang    string
	ownLang string           // the language the builder opened in: that of the physiotherapist's own words
	library []store.Exercise // in lang
	found   []store.Exercise // what the search shows
	rows    []*itemRow
	acks    []store.AcknowledgedWarning // acknowledged while building
	draftID string
	clean   string // fingerprint when opened or last kept; "" = unsaved
	changes int    // counts changes, so that only the last one's autosave writes

	search    *searchEntry
	list      *widget.List
	itemsBox  *fyne.Container
	right     *fyne.Container // everything in the programme's pane, laid out again as rows come and go
	scroll    *container.Scroll
	language  *widget.Select
	firstName *widget.Entry
	flare     *noteEntry
	notice    *widget.Label
	added     *widget.Label // under the search: what the last add did
	langHint  *widget.Label // under the language: own words left in another language
	problems  *widget.Label
	warnSum   *widget.Label
	issueB    *widget.Button
	title     *widget.Label
	content   fyne.CanvasObject
	loading   bool
}

// itemRow is one exercise in the builder.
type itemRow struct {
	item  store.ProgrammeItem // the snapshot: text, picture, tags (dose and note from the fields)
	title *widget.Label
	dose  []*rowEntry // in doseFields order
	words *widget.Label
	note  *rowNote
	msg   *widget.Label
	warn  *fyne.Container
	up    *rowButton
	down  *rowButton
	box   *fyne.Container
}

// doseFields are the dose's parts as the builder shows them.
var doseFields = []struct{ key, label string }{
	{"breaths", "Breaths"}, {"repetitions", "Reps"}, {"hold_seconds", "Hold (s)"},
	{"sets", "Sets"}, {"minutes", "Minutes"}, {"times_per_day", "Per day"}, {"times_per_week", "Per week"},
}

func doseValues(d store.Dose) []int {
	return []int{d.Breaths, d.Repetitions, d.HoldSeconds, d.Sets, d.Minutes, d.TimesPerDay, d.TimesPerWeek}
}

func doseFrom(vals []int) store.Dose {
	return store.Dose{Breaths: vals[0], Repetitions: vals[1], HoldSeconds: vals[2], Sets: vals[3], Minutes: vals[4], TimesPerDay: vals[5], TimesPerWeek: vals[6]}
}

// newProgrammeBuilder opens the builder on from: the current version to
// change (resumed says it is a kept draft rather than an issued version).
func newProgrammeBuilder(v *programmeView, from store.Programme, resumed bool) *programmeBuilder {
	b := &programmeBuilder{v: v, patient: v.patient, lang: from.Language}
	if !resumed {
		b.base = from
	}
	b.recheck(v.patient)
	if !slices.Contains(store.Languages, b.lang) {
		b.lang = store.LanguageEnglish
		if cur, ok := v.Current(); ok {
			b.lang = cur.Language
		}
	}
	b.ownLang = b.lang
	b.loadLibrary()

	b.search = newSearchEntry()
	b.search.SetPlaceHolder("Find: title or tag")
	b.search.OnChanged = func(string) { b.refreshFound() }
	b.search.OnSubmitted = func(string) { b.addFirstFound() }
	b.list = widget.NewList(func() int { return len(b.found) }, b.newFoundRow, b.updateFoundRow)
	b.list.OnSelected = func(i widget.ListItemID) {
		b.list.UnselectAll()
		if i >= 0 && i < len(b.found) {
			b.add(b.found[i])
		}
	}

	b.itemsBox = container.NewVBox()
	var labels []string
	for _, l := range store.Languages {
		labels = append(labels, store.LanguageLabel(l))
	}
	b.language = widget.NewSelect(labels, b.onLanguage)
	b.firstName = widget.NewEntry()
	b.firstName.SetPlaceHolder("First name only")
	b.firstName.OnChanged = func(string) { b.changed() }
	b.flare = newNoteEntry("What to do if symptoms flare up", 4)
	b.flare.OnChanged = func(string) { b.changed() }
	b.notice = wrapLabel("")
	b.notice.Importance = widget.WarningImportance
	b.notice.Hide()
	b.langHint = wrapLabel("")
	b.langHint.Importance = widget.WarningImportance
	b.langHint.Hide()
	b.added = wrapLabel("")
	b.added.Hide()
	b.problems = newMessageLabel()
	b.warnSum = wrapLabel("")
	b.warnSum.Importance = widget.DangerImportance
	b.warnSum.Hide()

	b.issueB = widget.NewButtonWithIcon("Issue programme", theme.ConfirmIcon(), b.Issue)
	b.issueB.Importance = widget.HighImportance
	preview := widget.NewButtonWithIcon("Preview sheet…", theme.DocumentPrintIcon(), b.preview)
	discard := widget.NewButtonWithIcon("Discard", theme.CancelIcon(), b.Discard)

	// Fill from the version it follows (or the draft).
	b.loading = true
	b.language.SetSelected(store.LanguageLabel(b.lang))
	name := from.FirstName
	if name == "" {
		name = store.FirstNameOf(v.patient.Name)
	}
	b.firstName.SetText(name)
	plan := from.FlareUpPlan
	if plan == "" && len(from.Items) == 0 {
		plan = reports.DefaultFlareUpPlan(b.lang)
	}
	b.flare.SetText(plan)
	for _, it := range store.Relanguage(from.Items, b.lang) {
		b.addRow(it)
	}
	b.acks = slices.Clone(from.Warnings)
	b.loading = false
	b.relayout()
	b.refreshFound()

	title := heading(fmt.Sprintf("New version of %s's home programme", store.FirstNameOf(v.patient.Name)))
	after := from
	if resumed { // a kept draft follows the version current now
		after, _ = v.Current()
	}
	if after.Version > 0 {
		title.SetText(fmt.Sprintf("Version %d of the home programme, starting from version %d", after.Version+1, after.Version))
	}
	b.title = title
	title.SizeName = theme.SizeNameSubHeadingText
	libPane := container.NewBorder(
		container.NewVBox(boldLabel("Exercise library"), b.search, wrapHint("Enter adds the first match; click one to add it. Escape clears the search."), b.added),
		widget.NewButtonWithIcon("Clinic exercises…", theme.SettingsIcon(), v.sh.showClinicExercises),
		nil, nil, b.list)
	sheet := container.New(layout.NewFormLayout(),
		boldLabel("Sheet language"), container.NewVBox(b.language, b.langHint),
		boldLabel("Name on the sheet"), container.NewVBox(b.firstName, wrapHint("The sheet shows the first name only: no surname, no diagnosis.")),
		boldLabel("Flare-up plan"), b.flare)
	b.right = container.NewVBox(b.notice, b.problems, b.warnSum, b.itemsBox, widget.NewSeparator(), sheet)
	right := b.right
	buttons := container.NewHBox(layout.NewSpacer(), discard, preview, b.issueB)
	b.scroll = container.NewVScroll(container.NewPadded(right))
	split := container.NewHSplit(container.NewPadded(libPane),
		container.NewBorder(nil, container.NewPadded(buttons), nil, nil, b.scroll))
	split.Offset = 0.28
	b.content = container.NewBorder(container.NewPadded(title), nil, nil, nil, split)
	b.clean = b.fingerprint()
	return b
}

// searchEntry is the library's search: Escape clears it, so the whole
// library shows again without reaching for the mouse.
type searchEntry struct{ widget.Entry }

func newSearchEntry() *searchEntry {
	e := &searchEntry{}
	e.ExtendBaseWidget(e)
	return e
}

func (e *searchEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && e.Text != "" {
		e.SetText("")
		return
	}
	e.Entry.TypedKey(k)
}

func wrapHint(text string) *widget.Label {
	l := hintLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

func (b *programmeBuilder) loadLibrary() {
	lib, err := b.v.sh.db.Library(b.lang)
	if err != nil {
		lib = store.LibraryExercises(b.lang)
	}
	b.library = lib
}

func (b *programmeBuilder) refreshFound() {
	b.found = store.SearchExercises(b.library, b.search.Text)
	b.list.Refresh()
}

func (b *programmeBuilder) newFoundRow() fyne.CanvasObject {
	t := widget.NewLabelWithStyle("Exercise title", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.Truncation = fyne.TextTruncateEllipsis
	tags := widget.NewLabel("tags")
	tags.Truncation = fyne.TextTruncateEllipsis
	tags.SizeName = theme.SizeNameCaptionText
	return container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()), t, tags)
}

func (b *programmeBuilder) updateFoundRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i < 0 || i >= len(b.found) {
		return
	}
	e := b.found[i]
	box := o.(*fyne.Container)
	box.Objects[0].(*widget.Label).SetText(e.Text.Title)
	tags := strings.Join(e.Tags, ", ")
	if e.Clinic {
		tags = strings.TrimSuffix("clinic's own · "+tags, " · ")
	}
	box.Objects[1].(*widget.Label).SetText(tags)
}

// addFirstFound adds the first match of the search and clears it, ready for the next.
func (b *programmeBuilder) addFirstFound() {
	if len(b.found) == 0 || strings.TrimSpace(b.search.Text) == "" {
		return
	}
	b.add(b.found[0])
	b.search.SetText("")
	b.v.sh.win.Canvas().Focus(b.search)
}

// add puts an exercise at the end of the programme with its default dose,
// brings it into view and says so, since it lands below what the pane
// shows; an exercise already in the programme is added again only with a word.
func (b *programmeBuilder) add(e store.Exercise) {
	var already []string
	for i, r := range b.rows {
		if r.item.ExerciseID == e.ID {
			already = append(already, strconv.Itoa(i+1))
		}
	}
	b.addRow(e.Item())
	b.relayout()
	b.changed()
	n := len(b.rows)
	b.added.Importance = widget.MediumImportance
	b.added.SetText(fmt.Sprintf("Added %s as exercise %d.", e.Text.Title, n))
	if len(already) > 0 {
		b.added.Importance = widget.WarningImportance
		b.added.SetText(fmt.Sprintf("%s is now in the programme twice (exercises %s and %d): remove one unless you mean it.",
			e.Text.Title, strings.Join(already, ", "), n))
	}
	b.added.Show()
	b.reveal(b.rows[n-1])
}

// reveal scrolls the programme's pane just far enough to show row r whole.
func (b *programmeBuilder) reveal(r *itemRow) {
	if b.scroll == nil {
		return
	}
	b.scroll.Refresh()
	top := r.box.Position().Y + b.itemsBox.Position().Y + b.right.Position().Y
	bottom := top + r.box.Size().Height
	view := b.scroll.Size().Height
	y := b.scroll.Offset.Y
	switch {
	case bottom > y+view:
		y = bottom - view
	case top < y:
		y = top
	}
	b.scroll.ScrollToOffset(fyne.NewPos(0, max(0, y)))
}

func (b *programmeBuilder) addRow(it store.ProgrammeItem) {
	r := &itemRow{item: it}
	r.title = boldLabel(it.Title)
	r.title.Wrapping = fyne.TextWrapWord
	var cells []fyne.CanvasObject
	for i, v := range doseValues(it.Dose) {
		e := &rowEntry{onFocus: func() { b.reveal(r) }}
		e.ExtendBaseWidget(e)
		if v != 0 {
			e.SetText(strconv.Itoa(v))
		}
		e.OnChanged = func(string) { b.refreshWords(r); b.changed() }
		r.dose = append(r.dose, e)
		l := widget.NewLabel(doseFields[i].label)
		l.SizeName = theme.SizeNameCaptionText
		cells = append(cells, container.New(layout.NewCustomPaddedVBoxLayout(0), l, e))
	}
	r.words = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	r.words.Wrapping = fyne.TextWrapWord
	r.note = newRowNote("A personal note for the patient (optional), printed with the exercise", func() { b.reveal(r) })
	r.note.SetText(it.Note)
	r.note.OnChanged = func(string) { b.changed() }
	r.msg = newMessageLabel()
	r.warn = container.NewVBox()
	r.up = newRowButton(theme.MoveUpIcon(), func() { b.move(r, -1) }, func() { b.reveal(r) })
	r.down = newRowButton(theme.MoveDownIcon(), func() { b.move(r, +1) }, func() { b.reveal(r) })
	remove := widget.NewButtonWithIcon("Remove", theme.DeleteIcon(), func() { b.remove(r) })
	head := container.NewBorder(nil, nil, nil, container.NewHBox(r.up, r.down, remove), r.title)
	r.box = container.NewVBox(head, container.NewGridWithColumns(7, cells...), r.words, r.note, r.msg, r.warn, widget.NewSeparator())
	b.rows = append(b.rows, r)
	b.refreshWords(r)
}

// doseOf reads a row's dose fields; bad reports the fields that are not whole numbers.
func (r *itemRow) doseOf() (d store.Dose, bad []string) {
	vals := make([]int, len(r.dose))
	for i, e := range r.dose {
		t := strings.TrimSpace(e.Text)
		if t == "" {
			continue
		}
		n, err := strconv.Atoi(t)
		if err != nil || n < 0 {
			bad = append(bad, strings.ToLower(doseFields[i].label))
			continue
		}
		vals[i] = n
	}
	return doseFrom(vals), bad
}

// refreshWords shows the dose as the sheet will say it.
func (b *programmeBuilder) refreshWords(r *itemRow) {
	d, bad := r.doseOf()
	switch {
	case len(bad) > 0:
		r.words.SetText("Not a whole number: " + strings.Join(bad, ", "))
	case d.TimesPerDay == 0 && d.TimesPerWeek == 0:
		r.words.SetText("Say how often: times a day or times a week.")
	default:
		r.words.SetText("On the sheet: " + reports.DoseInWords(b.lang, d))
	}
}

func (b *programmeBuilder) move(r *itemRow, by int) {
	i := slices.Index(b.rows, r)
	j := i + by
	if i < 0 || j < 0 || j >= len(b.rows) {
		return
	}
	b.rows[i], b.rows[j] = b.rows[j], b.rows[i]
	b.relayout()
	b.changed()
	// Keep the keyboard on the same button of the row that moved, and the row in view.
	if by < 0 && j > 0 {
		b.v.sh.win.Canvas().Focus(r.up)
	} else if by > 0 && j < len(b.rows)-1 {
		b.v.sh.win.Canvas().Focus(r.down)
	}
	b.reveal(r)
}

// The fields and buttons of a row bring the row into view when the
// keyboard reaches them: the pane does not follow Tab by itself, and a
// dose typed into a row out of sight is a dose nobody checked.
type rowEntry struct {
	widget.Entry
	onFocus func()
}

func (e *rowEntry) FocusGained() {
	e.Entry.FocusGained()
	e.onFocus()
}

type rowNote struct {
	noteEntry
	onFocus func()
}

func newRowNote(placeholder string, onFocus func()) *rowNote {
	n := &rowNote{onFocus: onFocus}
	n.MultiLine = true
	n.Wrapping = fyne.TextWrapWord
	n.ExtendBaseWidget(n)
	n.SetPlaceHolder(placeholder)
	n.SetMinRowsVisible(1)
	return n
}

func (n *rowNote) FocusGained() {
	n.noteEntry.FocusGained()
	n.onFocus()
}

type rowButton struct {
	widget.Button
	onFocus func()
}

func newRowButton(icon fyne.Resource, tapped, onFocus func()) *rowButton {
	bt := &rowButton{onFocus: onFocus}
	bt.Icon, bt.OnTapped = icon, tapped
	bt.ExtendBaseWidget(bt)
	return bt
}

func (bt *rowButton) FocusGained() {
	bt.Button.FocusGained()
	bt.onFocus()
}

func (b *programmeBuilder) remove(r *itemRow) {
	b.added.Hide() // what the last add said may no longer hold
	b.rows, _ = withoutRow(b.rows, r)
	b.relayout()
	b.changed()
}

// relayout numbers the rows, puts them in order and shows the warnings.
func (b *programmeBuilder) relayout() {
	b.itemsBox.RemoveAll()
	if len(b.rows) == 0 {
		b.itemsBox.Add(hintLabel("No exercises yet: find them in the library on the left."))
	}
	for i, r := range b.rows {
		r.title.SetText(fmt.Sprintf("%d. %s", i+1, r.item.Title))
		if i == 0 {
			r.up.Disable()
		} else {
			r.up.Enable()
		}
		if i == len(b.rows)-1 {
			r.down.Disable()
		} else {
			r.down.Enable()
		}
		b.itemsBox.Add(r.box)
	}
	b.refreshWarnings()
	b.refreshPane()
}

// refreshPane lays the programme's pane out again after rows or messages change.
func (b *programmeBuilder) refreshPane() {
	if b.right != nil {
		b.right.Refresh()
	} else {
		b.itemsBox.Refresh()
	}
}

// warnings are the safety warnings the programme raises now.
// recheck takes up the patient's record as saved now (flags, latest
// examination), which the safety warnings depend on: the chart or a signed
// session may have changed them while the builder was open.
func (b *programmeBuilder) recheck(p store.Patient) {
	b.patient = p
	if sessions, err := b.v.sh.db.PatientSessions(p.ID); err == nil {
		b.exam = store.LatestExamination(sessions)
	}
}

func (b *programmeBuilder) warnings() []store.Warning {
	return b.v.sh.db.Settings().Safety.ProgrammeWarnings(b.patient, b.collect(), b.v.sh.db.Today(), b.exam)
}

// refreshWarnings shows each warning beside the exercise that raises it.
func (b *programmeBuilder) refreshWarnings() {
	ws := b.warnings()
	for _, r := range b.rows {
		r.warn.RemoveAll()
		for _, w := range ws {
			if _, id, _ := strings.Cut(w.RuleID, "/"); id == r.item.ExerciseID {
				text := w.Text
				if slices.ContainsFunc(b.acks, func(a store.AcknowledgedWarning) bool { return a.RuleID == w.RuleID }) {
					text += " (acknowledged)"
				}
				r.warn.Add(warningLine(text))
			}
		}
	}
	open := store.Unacknowledged(ws, b.acks)
	if len(open) > 0 {
		b.warnSum.SetText(fmt.Sprintf("%s to acknowledge before issuing: see the exercise marked below.", plural(len(open), "safety warning", "safety warnings")))
		b.warnSum.Show()
	} else {
		b.warnSum.Hide()
	}
}

// collect is the programme as the builder holds it (doses that are not
// numbers count as empty; Issue refuses them first).
func (b *programmeBuilder) collect() store.Programme {
	p := store.Programme{PatientID: b.patient.ID, Language: b.lang, FirstName: strings.TrimSpace(b.firstName.Text), FlareUpPlan: b.flare.Text}
	for _, r := range b.rows {
		it := r.item
		it.Dose, _ = r.doseOf()
		it.Note = r.note.Text
		p.Items = append(p.Items, it)
	}
	// Acknowledgements carry over only for warnings the programme still raises.
	for _, a := range b.acks {
		if slices.ContainsFunc(b.v.sh.db.Settings().Safety.ProgrammeWarnings(b.patient, store.Programme{Items: p.Items}, b.v.sh.db.Today(), b.exam),
			func(w store.Warning) bool { return w.RuleID == a.RuleID }) {
			p.Warnings = append(p.Warnings, a)
		}
	}
	return p
}

func (b *programmeBuilder) fingerprint() string {
	body, _ := json.Marshal(b.collect())
	return string(body)
}

// Dirty reports whether the builder holds anything not issued.
func (b *programmeBuilder) Dirty() bool { return b.clean == "" || b.fingerprint() != b.clean }

// programmeDraftDelay is how soon after the last change the builder's work
// is kept as a draft, so that even a crash loses no more than this.
var programmeDraftDelay = 2 * time.Second

func (b *programmeBuilder) changed() {
	if b.loading {
		return
	}
	b.v.sh.touch()
	if programmeDraftDelay <= 0 {
		return // autosave off (tests that do not test it)
	}
	b.changes++
	n := b.changes
	programmeSchedule(programmeDraftDelay, func() {
		if b.changes == n && b.v.builder == b { // the last change; not issued, closed or replaced since
			b.v.keepDraft()
		}
	})
}

// programmeSchedule runs the builder's autosave on the UI goroutine after a
// delay; tests run it by hand.
var programmeSchedule = scheduleOnUI

func (b *programmeBuilder) say(text string) {
	b.notice.SetText(text)
	b.notice.Show()
	b.refreshPane()
}

// onLanguage gives the exercises their text in the chosen language; a
// flare-up plan still in the standard wording follows the language too.
func (b *programmeBuilder) onLanguage(label string) {
	if b.loading {
		return
	}
	for _, l := range store.Languages {
		if store.LanguageLabel(l) != label || l == b.lang {
			continue
		}
		old := b.lang
		b.lang = l
		b.loadLibrary()
		b.refreshFound()
		items := make([]store.ProgrammeItem, len(b.rows))
		for i, r := range b.rows {
			items[i] = r.item
		}
		for i, it := range store.Relanguage(items, l) {
			b.rows[i].item = it
			b.refreshWords(b.rows[i])
		}
		if t := strings.TrimSpace(b.flare.Text); t == "" || t == reports.DefaultFlareUpPlan(old) {
			b.flare.SetText(reports.DefaultFlareUpPlan(l))
		}
		b.relayout()
		b.changed()
		b.checkOwnWords()
	}
}

// checkOwnWords warns, under the language, that the physiotherapist's own
// words (a flare-up plan not in the standard wording, the personal notes,
// the clinic's own exercises) were written for the sheet in the language
// the builder opened in, and do not change with the language.
func (b *programmeBuilder) checkOwnWords() {
	var own []string
	things := 0
	if t := strings.TrimSpace(b.flare.Text); t != "" && t != reports.DefaultFlareUpPlan(b.lang) {
		own = append(own, "the flare-up plan")
		things++
	}
	library := map[string]bool{}
	for _, e := range store.LibraryExercises(b.lang) {
		library[e.ID] = true
	}
	notes, clinic := 0, 0
	for _, r := range b.rows {
		if strings.TrimSpace(r.note.Text) != "" {
			notes++
		}
		if !library[r.item.ExerciseID] {
			clinic++ // the clinic's own, printed as written
		}
	}
	if notes > 0 {
		own = append(own, plural(notes, "personal note", "personal notes"))
	}
	if clinic > 0 {
		own = append(own, plural(clinic, "clinic exercise", "clinic exercises"))
	}
	things += notes + clinic
	if len(own) == 0 || b.lang == b.ownLang {
		b.langHint.Hide()
		b.refreshPane()
		return
	}
	them := "them"
	if things == 1 {
		them = "it"
	}
	b.langHint.SetText(fmt.Sprintf("Written for the %s sheet, and not translated: %s. Check %s in %s before issuing.",
		store.LanguageLabel(b.ownLang), strings.Join(own, " and "), them, store.LanguageLabel(b.lang)))
	b.langHint.Show()
	b.refreshPane()
}

// check is what stops the programme being issued, in the builder's words;
// it shows the messages and reports whether there were any.
func (b *programmeBuilder) check(p store.Programme) bool {
	for _, r := range b.rows {
		r.msg.Hide()
	}
	var general []string
	for i, r := range b.rows {
		if _, bad := r.doseOf(); len(bad) > 0 {
			r.msg.SetText("Write whole numbers in the dose: " + strings.Join(bad, ", ") + ".")
			r.msg.Show()
			general = append(general, fmt.Sprintf("Exercise %d: the dose is not in whole numbers.", i+1))
		}
	}
	if len(general) == 0 {
		p.Version = b.base.Version + 1 // numbered when issued
		err := p.Normalise().Validate(b.v.sh.db.Now())
		var v *store.ValidationError
		if errors.As(err, &v) {
			for _, f := range v.Fields {
				var i int
				if n, _ := fmt.Sscanf(f.Field, "items[%d]", &i); n == 1 && i < len(b.rows) {
					r := b.rows[i]
					r.msg.SetText(strings.TrimSpace(r.msg.Text + " " + capitalise(f.Message) + "."))
					r.msg.Show()
				}
				general = append(general, f.Error()+".")
			}
		} else if err != nil {
			general = append(general, capitalise(err.Error())+".")
		}
	}
	b.problems.SetText(strings.Join(general, "\n"))
	b.problems.Hidden = len(general) == 0
	b.problems.Refresh()
	b.refreshPane()
	return len(general) > 0
}

// Issue checks the programme, asks for any open safety warning to be
// acknowledged, and issues it as the next version.
func (b *programmeBuilder) Issue() {
	if cur, err := b.v.sh.db.Patient(b.patient.ID); err == nil {
		b.recheck(cur) // the warnings as the store will check them
	}
	p := b.collect()
	if b.check(p) {
		return
	}
	if open := store.Unacknowledged(b.warnings(), b.acks); len(open) > 0 {
		b.askAcknowledgements(open)
		return
	}
	b.issue(p)
}

func (b *programmeBuilder) issue(p store.Programme) {
	db := b.v.sh.db
	b.issueB.Disable()
	b.v.sh.background(func() (any, error) { return db.IssueProgramme(p) }, func(v any, err error) {
		b.issueB.Enable()
		var open *store.UnacknowledgedError
		switch {
		case errors.As(err, &open): // the record found one the builder did not (a flag changed meanwhile)
			b.askAcknowledgements(open.Warnings)
		case err != nil:
			if store.FieldMessages(err) == nil {
				dialog.ShowError(fmt.Errorf("the programme could not be issued: %w", err), b.v.sh.win)
			} else {
				b.check(p)
			}
		default:
			if b.draftID != "" {
				db.DeleteDraft(b.draftID)
			}
			if b.v.builder == b { // still on view: not another patient picked meanwhile
				b.v.onIssued(v.(store.Programme))
			}
		}
	})
}

// askAcknowledgements lists the open warnings, each with a check to tick,
// as signing a session does; the acknowledgements are kept in the version.
func (b *programmeBuilder) askAcknowledgements(ws []store.Warning) {
	intro := wrapLabel("Before issuing, acknowledge each safety warning. The acknowledgements are kept with this version of the programme, with your name and the time.")
	body := container.NewVBox(intro)
	var ok *widget.Button
	addWarningChecks(body, ws, func() *widget.Button { return ok })
	var d *dialog.CustomDialog
	cancel := widget.NewButton("Cancel", func() { d.Hide() })
	ok = widget.NewButton("Acknowledge and issue", func() {
		d.Hide()
		b.acks = append(b.acks, acknowledged(b.v.sh.db, ws)...)
		b.refreshWarnings()
		b.issue(b.collect())
	})
	ok.Importance = widget.HighImportance
	ok.Disable()
	d = dialog.NewCustomWithoutButtons("Acknowledge safety warnings", container.NewVScroll(body), b.v.sh.win)
	d.SetButtons([]fyne.CanvasObject{cancel, ok})
	d.Resize(fyne.NewSize(660, min(320+float32(len(ws))*80, 600)))
	d.Show()
}

// Discard drops the builder's work after asking.
func (b *programmeBuilder) Discard() {
	drop := func() {
		if b.draftID != "" {
			b.v.sh.db.DeleteDraft(b.draftID)
		}
		b.v.closeBuilder()
	}
	if !b.Dirty() && b.draftID == "" { // nothing changed: no draft, nothing to lose
		drop()
		return
	}
	dialog.ShowConfirm("Discard this programme?", "The exercises, doses and notes chosen here have not been issued and will be lost. The issued versions stay as they are.",
		func(yes bool) {
			if yes {
				drop()
			}
		}, b.v.sh.win)
}

// preview prints the sheet as it would be issued, without issuing it.
func (b *programmeBuilder) preview() {
	p := b.collect()
	if b.check(p) {
		return
	}
	p.Version = b.base.Version + 1
	b.v.PrintSheet(p)
}
