package ui

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/reports"
	"github.com/pelvicnotes/pelvicnotes/store"
)

// letterComposer writes a letter: kind, recipient and copies, the editable
// sections, and a preview of the letter as it will print.
type letterComposer struct {
	sh        *Shell
	patient   store.Patient
	referrers []store.Referrer
	letter    reports.ComposedLetter
	edited    bool
	loading   bool

	kind     *widget.Select
	to       *widget.Select
	cc       *widget.CheckGroup
	sections *fyne.Container
	editors  map[string]*widget.Entry
	preview  *letterPreview
	problem  *widget.Label
	issueBtn *widget.Button

	draftID  string // the letter's draft in the record file, once saved
	edits    int    // counts edits, so that only the last one's scheduled save writes
	unsaved  bool   // an edit is waiting for its draft to be written
	dlg      *dialog.CustomDialog
	onIssued func(store.Letter)
}

func kindLabels() []string {
	var out []string
	for _, k := range store.LetterKinds {
		out = append(out, reports.KindTitle(k))
	}
	return out
}

func kindFromLabel(label string) string {
	for _, k := range store.LetterKinds {
		if reports.KindTitle(k) == label {
			return k
		}
	}
	return store.LetterProgress
}

// defaultLetterKind is the letter most likely wanted now: a discharge
// summary once the latest signed session is the discharge, the initial
// assessment while nothing is written after the first session and no
// letter has gone, else a progress report.
func defaultLetterKind(issued int, sessions []store.Session) string {
	var last *store.Session
	signed := 0
	for _, s := range store.EffectiveSessions(sessions) {
		if s.Status != store.StatusSigned {
			continue
		}
		signed++
		if last == nil || s.TreatedAt.After(last.TreatedAt) {
			last = &s
		}
	}
	switch {
	case last != nil && last.Kind == store.SessionDischarge:
		return store.LetterDischarge
	case issued == 0 && signed <= 1:
		return store.LetterInitial
	}
	return store.LetterProgress
}

func newLetterComposer(sh *Shell, p store.Patient, draft *store.Draft, onIssued func(store.Letter)) (*letterComposer, error) {
	refs, err := sh.db.Referrers()
	if err != nil {
		return nil, err
	}
	c := &letterComposer{sh: sh, patient: p, referrers: refs, onIssued: onIssued, editors: map[string]*widget.Entry{}}
	c.kind = widget.NewSelect(kindLabels(), func(string) { c.onKind() })
	c.to = widget.NewSelect(nil, func(string) { c.onRecipients() })
	c.to.PlaceHolder = "Choose who the letter is to"
	c.cc = widget.NewCheckGroup(nil, func([]string) { c.onRecipients() })
	c.sections = container.NewVBox()
	c.preview = newLetterPreview()
	c.problem = widget.NewLabel("")
	c.problem.Importance = widget.DangerImportance
	c.problem.Wrapping = fyne.TextWrapWord
	c.problem.Hide()

	var labels []string
	for _, r := range refs {
		labels = append(labels, referrerLabel(r))
	}
	c.to.Options = labels
	c.cc.Options = labels

	c.loading = true
	if draft != nil {
		if err := c.restore(*draft); err != nil {
			c.loading = false
			return nil, err
		}
	} else {
		ls, _ := sh.db.Letters(p.ID)
		sessions, _ := sh.db.PatientSessions(p.ID)
		c.kind.SetSelected(reports.KindTitle(defaultLetterKind(len(ls), sessions)))
		c.selectRecipients(p.Referral.ReferrerID, p.CopiesTo)
		if err := c.recompose(); err != nil && !errors.Is(err, reports.ErrNoReferrer) {
			c.loading = false
			return nil, err
		}
	}
	c.loading = false
	c.refreshPreview()
	return c, nil
}

func (c *letterComposer) selectRecipients(toID string, ccIDs []string) {
	c.to.Selected = ""
	var cc []string
	for _, r := range c.referrers {
		if r.ID == toID {
			c.to.Selected = referrerLabel(r)
		}
		if slices.Contains(ccIDs, r.ID) && r.ID != toID {
			cc = append(cc, referrerLabel(r))
		}
	}
	c.to.Refresh()
	// The copies already chosen come first, so they show without scrolling
	// the short list.
	opts := slices.Clone(cc)
	for _, o := range c.cc.Options {
		if !slices.Contains(cc, o) {
			opts = append(opts, o)
		}
	}
	c.cc.Options = opts
	c.cc.Selected = cc
	c.cc.Refresh()
}

// chosen is the recipient's and the copies' IDs as selected.
func (c *letterComposer) chosen() (string, []string) {
	toID := ""
	var cc []string
	for _, r := range c.referrers {
		if referrerLabel(r) == c.to.Selected {
			toID = r.ID
		}
	}
	for _, r := range c.referrers {
		if slices.Contains(c.cc.Selected, referrerLabel(r)) && r.ID != toID {
			cc = append(cc, r.ID)
		}
	}
	return toID, cc
}

// recompose fills the letter's text afresh from the record.
func (c *letterComposer) recompose() error {
	toID, cc := c.chosen()
	if toID == "" {
		c.letter = reports.ComposedLetter{}
		c.buildEditors()
		return reports.ErrNoReferrer
	}
	rec, err := reports.LetterRecordsFor(c.sh.db, c.patient.ID, kindFromLabel(c.kind.Selected), toID, cc, false)
	if err != nil {
		return err
	}
	c.letter = reports.ComposeLetter(rec)
	c.edited = false
	c.buildEditors()
	return nil
}

func sectionTitle(s reports.LetterSection) string {
	switch {
	case s.Heading != "":
		return s.Heading
	case s.Key == reports.SectionOpening:
		return "Opening"
	case s.Key == reports.SectionClosing:
		return "Closing"
	}
	return capitalise(s.Key)
}

// buildEditors makes one text box per section.
func (c *letterComposer) buildEditors() {
	c.sections.RemoveAll()
	c.editors = map[string]*widget.Entry{}
	if len(c.letter.Sections) == 0 {
		l := widget.NewLabel("Choose who the letter is to: the text is then written from the record.")
		l.Wrapping = fyne.TextWrapWord
		c.sections.Add(l)
		return
	}
	for _, s := range c.letter.Sections {
		key := s.Key
		e := widget.NewMultiLineEntry()
		e.Wrapping = fyne.TextWrapWord
		e.SetText(s.Text)
		e.SetMinRowsVisible(min(max(strings.Count(s.Text, "\n")+2, 3), 8))
		e.OnChanged = func(text string) {
			if sec := c.letter.Section(key); sec != nil {
				sec.Text = text
			}
			c.edited = true
			c.keepUnfinished()
			c.refreshPreview()
		}
		c.editors[key] = e
		title := sectionTitle(s)
		if key == reports.SectionOutcomes && len(c.letter.Outcomes) > 0 {
			title += " (the table below the text is computed from the record)"
		}
		c.sections.Add(boldLabel(title))
		c.sections.Add(e)
	}
}

// keepUnfinished saves the letter as a draft (encrypted in the record
// file) a moment after the last edit, so that a lock or a crash does not
// lose it.
func (c *letterComposer) keepUnfinished() {
	if !c.edited || len(c.letter.Sections) == 0 {
		return
	}
	c.unsaved = true
	c.edits++
	n := c.edits
	if letterDraftDelay <= 0 {
		return // no timed save (tests that do not test it); a lock or close still writes it
	}
	letterSchedule(letterDraftDelay, func() {
		if c.edits == n && c.unsaved {
			c.saveDraft()
		}
	})
}

func (c *letterComposer) onKind() {
	if c.loading {
		return
	}
	if !c.edited {
		c.apply(c.recompose())
		return
	}
	c.loading = true
	previous := reports.KindTitle(c.letter.Kind)
	dialog.ShowConfirm("Start the text again?",
		"A "+strings.ToLower(c.kind.Selected)+" letter is written afresh from the record, and your edits to this letter are lost.",
		func(ok bool) {
			if ok {
				c.apply(c.recompose())
			} else {
				c.kind.SetSelected(previous)
			}
			c.loading = false
		}, c.sh.win)
}

func (c *letterComposer) onRecipients() {
	if c.loading {
		return
	}
	toID, cc := c.chosen()
	if !c.edited || len(c.letter.Sections) == 0 {
		c.apply(c.recompose())
		return
	}
	// Keep the edited text; change the addressees and the salutation.
	for _, r := range c.referrers {
		if r.ID == toID {
			if op := c.letter.Section(reports.SectionOpening); op != nil && c.letter.To.Name != "" {
				op.Text = strings.Replace(op.Text, "Dear "+c.letter.To.Name+",", "Dear "+r.Name+",", 1)
				if e := c.editors[reports.SectionOpening]; e != nil {
					e.SetText(op.Text)
				}
			}
			c.letter.To = r
		}
	}
	c.letter.CC = nil
	for _, r := range c.referrers {
		if slices.Contains(cc, r.ID) {
			c.letter.CC = append(c.letter.CC, r)
		}
	}
	c.keepUnfinished()
	c.refreshPreview()
}

func (c *letterComposer) apply(err error) {
	switch {
	case errors.Is(err, reports.ErrNoReferrer):
		c.problem.Hide()
	case err != nil:
		c.problem.SetText(capitalise(err.Error()) + ".")
		c.problem.Show()
	default:
		c.problem.Hide()
	}
	c.refreshPreview()
}

func (c *letterComposer) refreshPreview() {
	c.preview.show(c.letter)
	if c.issueBtn != nil {
		if len(c.letter.Sections) == 0 {
			c.issueBtn.Disable()
		} else {
			c.issueBtn.Enable()
		}
	}
}

func (c *letterComposer) show() {
	cancel := widget.NewButton("Close", c.close)
	c.issueBtn = widget.NewButton("Issue letter…", c.confirmIssue)
	c.issueBtn.Importance = widget.HighImportance
	c.refreshPreview()
	form := container.New(layout.NewFormLayout(),
		boldLabel("Letter"), c.kind,
		boldLabel("To"), c.to,
		boldLabel("Copies to"), container.New(heightLayout{min(float32(len(c.referrers))*36+4, 112)}, container.NewScroll(c.cc)),
	)
	note := widget.NewLabel("Edit any section; an empty section is left out. The outcome table and the figures come from the record.")
	note.Wrapping = fyne.TextWrapWord
	left := container.NewBorder(container.NewVBox(form, note), c.problem, nil, nil, container.NewVScroll(c.sections))
	split := container.NewHSplit(left, c.preview.content)
	split.Offset = 0.45
	c.dlg = dialog.NewCustomWithoutButtons("New letter: "+c.patient.Name, split, c.sh.win)
	c.dlg.SetButtons([]fyne.CanvasObject{cancel, c.issueBtn})
	size := c.sh.win.Canvas().Size()
	c.dlg.Resize(fyne.NewSize(size.Width*0.94, size.Height*0.9))
	c.dlg.Show()
}

// close leaves the composer, asking first if the text was edited.
func (c *letterComposer) close() {
	if !c.edited {
		c.dropDraft()
		c.dlg.Hide()
		return
	}
	dialog.ShowCustomConfirm("Letter not issued", "Discard the letter", "Keep writing",
		widget.NewLabel("This letter has not been issued and your edits will be lost."),
		func(discard bool) {
			if discard {
				c.dropDraft()
				c.dlg.Hide()
			}
		}, c.sh.win)
}

// issueQuestion asks before issuing, naming the recipient and the copies.
func issueQuestion(l reports.ComposedLetter) string {
	to := l.To.Name
	var cc []string
	for _, r := range l.CC {
		cc = append(cc, r.Name)
	}
	switch len(cc) {
	case 0:
	case 1:
		to += ", with a copy to " + cc[0]
	default:
		to += ", with copies to " + strings.Join(cc[:len(cc)-1], ", ") + " and " + cc[len(cc)-1]
	}
	return fmt.Sprintf("Issue this %s to %s? An issued letter is kept in the record exactly as it is and cannot be changed afterwards.",
		strings.ToLower(reports.KindTitle(l.Kind)), to)
}

func (c *letterComposer) confirmIssue() {
	if len(c.letter.Sections) == 0 {
		return
	}
	msg := widget.NewLabel(issueQuestion(c.letter))
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm("Issue letter", "Issue letter", "Not yet", msg, func(ok bool) {
		if ok {
			c.issue()
		}
	}, c.sh.win)
	d.Resize(fyne.NewSize(460, 200))
	d.Show()
}

// issue makes the PDF, keeps it in the record and closes the composer.
func (c *letterComposer) issue() {
	l := c.letter
	l.Date = c.sh.db.Now()
	issued, err := reports.IssueComposedLetter(c.sh.db, l)
	if err != nil {
		c.problem.SetText("Not issued: " + err.Error() + ".")
		c.problem.Show()
		return
	}
	c.dropDraft()
	c.edited = false
	c.dlg.Hide()
	if c.onIssued != nil {
		c.onIssued(issued)
	}
}
