package ui

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/store"
)

// chartView is a patient's chart: safety flags, referral and goals on the
// left, the course of treatment on the right (trend, dilator stage and the
// timeline of sessions, newest first).
type chartView struct {
	db      *store.DB
	win     fyne.Window
	patient store.Patient

	// clinical details, edited here and saved together
	flags     flagEditors
	womenOnly []fyne.CanvasObject // pregnancy, postpartum and menopause rows
	undo      *widget.Button
	// draftBase is when the saved record a restored draft's edits started
	// from was last changed; zero when the edits began on this screen.
	draftBase time.Time
	referrer  *widget.Select
	referrers []store.Referrer
	copies    *copiesPicker // who receives copies of letters
	refDate   *widget.Entry
	refReason *widget.Entry
	diagnoses *fyne.Container
	diagRows  []*diagnosisRow
	goals     *fyne.Container
	goalRows  []*goalRow
	problem   *widget.Label
	save      *widget.Button

	// course of treatment
	sessions     []store.Session // all notes, treatment order
	timeline     []store.Session // what the list shows, newest first
	list         *widget.List
	summary      *widget.Label
	progress     *fyne.Container
	progressView *progressView
	drafts       *fyne.Container // unfinished notes kept as drafts
	dilator      *widget.Label
	newButton    *widget.Button

	names map[string]string // practitioner names by ID, looked up once

	content fyne.CanvasObject

	onSaved        func(store.Patient)
	onResumeDraft  func(store.Draft)
	onOpenSession  func(store.Session)
	onNewSession   func()
	loadingClinics bool
}

type flagEditors struct {
	pregnant, postpartum, implant, infection, bleeding, malignancy *widget.Check
	prolapse, epilepsy, surgery, prolapseRepair, radiotherapy      *widget.Check
	menopause                                                      *widget.Check
	dueDate, birthDate, surgeryDate, radiotherapyDate              *widget.Entry
	implantNote, malignancyNote                                    *widget.Entry
}

type diagnosisRow struct {
	text, code *widget.Entry
	system     *widget.Select
	box        *fyne.Container
}

type goalRow struct {
	id     string
	set    store.Date
	text   *widget.Entry
	status *widget.Select
	box    *fyne.Container
}

func newChartView(db *store.DB, win fyne.Window) *chartView {
	c := &chartView{db: db, win: win, names: map[string]string{}}
	f := &c.flags
	check := func(label string) *widget.Check { return widget.NewCheck(label, func(bool) { c.changed() }) }
	entry := func(placeholder string) *widget.Entry {
		e := widget.NewEntry()
		e.SetPlaceHolder(placeholder)
		e.OnChanged = func(string) { c.changed() }
		return e
	}
	f.pregnant, f.dueDate = check("Pregnant"), entry("due date dd/mm/yyyy")
	f.postpartum, f.birthDate = check("Postpartum"), entry("baby's birth date")
	f.implant, f.implantNote = check("Pacemaker or active implant"), entry("which implant")
	f.infection = check("Active infection")
	f.bleeding = check("Bleeding")
	f.malignancy, f.malignancyNote = check("Known malignancy in the area"), entry("where")
	f.prolapse = check("Suspected prolapse")
	f.epilepsy = check("Epilepsy")
	f.surgery, f.surgeryDate = check("Recent surgery"), entry("date of surgery")
	f.prolapseRepair = check("Prolapse repair")
	f.radiotherapy, f.radiotherapyDate = check("Pelvic radiotherapy"), entry("course ended")
	f.menopause = check("Menopause")

	c.referrer = widget.NewSelect(nil, func(string) { c.changed() })
	c.referrer.PlaceHolder = "Referred by (choose, or add a referrer)"
	newReferrer := widget.NewButtonWithIcon("New referrer…", theme.ContentAddIcon(), c.showNewReferrer)
	c.copies = newCopiesPicker(c.changed)
	c.refDate = entry("date of referral dd/mm/yyyy")
	c.refReason = widget.NewMultiLineEntry()
	c.refReason.SetPlaceHolder("Reason for referral, in the referrer's words")
	c.refReason.Wrapping = fyne.TextWrapWord
	c.refReason.SetMinRowsVisible(3)
	c.refReason.OnChanged = func(string) { c.changed() }
	c.diagnoses = container.NewVBox()
	c.goals = container.NewVBox()
	c.problem = widget.NewLabel("")
	c.problem.Importance = widget.DangerImportance
	c.problem.Wrapping = fyne.TextWrapWord
	c.problem.Hide()
	c.save = widget.NewButton("Save flags, referral and goals", c.onSave)
	c.save.Importance = widget.HighImportance
	c.undo = widget.NewButton("Undo changes", c.Undo)

	pair := func(a, b fyne.CanvasObject) fyne.CanvasObject { return container.NewGridWithColumns(2, a, b) }
	pregnancy, postpartum, menopause := pair(f.pregnant, f.dueDate), pair(f.postpartum, f.birthDate), pair(f.menopause, layout.NewSpacer())
	c.womenOnly = []fyne.CanvasObject{pregnancy, postpartum, menopause}
	flagsBox := container.NewVBox(
		pregnancy, postpartum, pair(f.implant, f.implantNote),
		pair(f.infection, f.bleeding), pair(f.malignancy, f.malignancyNote), pair(f.prolapse, f.epilepsy),
		pair(f.surgery, f.surgeryDate), pair(f.prolapseRepair, layout.NewSpacer()),
		pair(f.radiotherapy, f.radiotherapyDate), menopause,
	)
	addDiagnosis := widget.NewButtonWithIcon("Add diagnosis", theme.ContentAddIcon(), func() { c.addDiagnosis(store.Diagnosis{}); c.changed() })
	addGoal := widget.NewButtonWithIcon("Add goal", theme.ContentAddIcon(), func() {
		c.addGoal(store.Goal{Status: store.GoalActive, Set: db.Today()})
		c.changed()
	})
	overview := container.NewVBox(
		heading("Safety flags"), flagsBox,
		heading("Referral"), container.NewBorder(nil, nil, nil, newReferrer, c.referrer), c.copies.content,
		// Labelled, since a placeholder says what a field is only while it is empty.
		container.NewBorder(nil, nil, widget.NewLabel("Referred on"), nil, c.refDate),
		container.NewBorder(widget.NewLabel("Reason for referral"), nil, nil, nil, c.refReason), c.diagnoses, container.NewHBox(addDiagnosis),
		heading("Goals, in the patient's words"), c.goals, container.NewHBox(addGoal),
		c.problem, container.NewHBox(c.save, c.undo),
	)

	c.summary = widget.NewLabel("")
	c.summary.Wrapping = fyne.TextWrapWord
	c.dilator = widget.NewLabel("")
	c.dilator.Wrapping = fyne.TextWrapWord
	c.progressView = newProgressView()
	c.progress = container.NewVBox(c.progressView.content)
	c.drafts = container.NewVBox()
	c.newButton = widget.NewButtonWithIcon("New session", theme.DocumentCreateIcon(), func() {
		if c.onNewSession != nil {
			c.onNewSession()
		}
	})
	c.newButton.Importance = widget.HighImportance
	c.list = widget.NewList(func() int { return len(c.timeline) }, c.newRow, c.updateRow)
	c.list.OnSelected = func(i widget.ListItemID) {
		c.list.UnselectAll()
		if i >= 0 && i < len(c.timeline) && c.onOpenSession != nil {
			c.onOpenSession(c.timeline[i])
		}
	}
	course := container.NewBorder(
		container.NewVBox(container.NewHBox(heading("Course of treatment"), layout.NewSpacer(), c.newButton), c.drafts, c.summary, c.progress, c.dilator),
		nil, nil, nil, c.list)
	split := container.NewHSplit(container.NewVScroll(container.NewPadded(overview)), container.NewPadded(course))
	split.Offset = 0.45
	c.content = split
	return c
}

func heading(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// fitFlagsTo hides pregnancy, postpartum and menopause for a man; a flag
// that is set always shows, so nothing recorded is hidden.
func (c *chartView) fitFlagsTo(p store.Patient) {
	f := &c.flags
	show := p.Sex != store.SexMale || f.pregnant.Checked || f.postpartum.Checked || f.menopause.Checked
	for _, row := range c.womenOnly {
		if show {
			row.Show()
		} else {
			row.Hide()
		}
	}
}

// Load shows a patient's chart.
func (c *chartView) Load(p store.Patient) {
	c.patient = p
	c.draftBase = time.Time{}
	c.loadingClinics = true
	f := &c.flags
	fl := p.Flags
	f.pregnant.SetChecked(fl.Pregnant)
	f.dueDate.SetText(fl.DueDate.Numeric())
	f.postpartum.SetChecked(fl.Postpartum)
	f.birthDate.SetText(fl.BirthDate.Numeric())
	f.implant.SetChecked(fl.ActiveImplant)
	f.implantNote.SetText(fl.ImplantNote)
	f.infection.SetChecked(fl.ActiveInfection)
	f.bleeding.SetChecked(fl.Bleeding)
	f.malignancy.SetChecked(fl.Malignancy)
	f.malignancyNote.SetText(fl.MalignancyNote)
	f.prolapse.SetChecked(fl.SuspectedProlapse)
	f.epilepsy.SetChecked(fl.Epilepsy)
	f.surgery.SetChecked(fl.RecentSurgery)
	f.surgeryDate.SetText(fl.SurgeryDate.Numeric())
	f.prolapseRepair.SetChecked(fl.ProlapseRepair)
	f.radiotherapy.SetChecked(fl.PelvicRadiotherapy)
	f.radiotherapyDate.SetText(fl.RadiotherapyDate.Numeric())
	f.menopause.SetChecked(fl.Menopause)
	c.fitFlagsTo(p)
	c.loadReferrers(p.Referral.ReferrerID)
	c.copies.set(p.CopiesTo, c.referrers)
	c.refDate.SetText(p.Referral.Date.Numeric())
	c.refReason.SetText(p.Referral.Reason)
	c.diagnoses.RemoveAll()
	c.diagRows = nil
	for _, d := range p.Referral.Diagnoses {
		c.addDiagnosis(d)
	}
	c.goals.RemoveAll()
	c.goalRows = nil
	for _, g := range p.Goals {
		c.addGoal(g)
	}
	c.loadingClinics = false
	c.problem.Hide()
	c.save.Disable()
	c.undo.Disable()
	c.loadSessions()
}

// referrerLabel names a referrer in the pick-list: name, role, practice.
func referrerLabel(r store.Referrer) string {
	parts := []string{r.Name}
	for _, x := range []string{r.Role, r.Practice} {
		if x != "" {
			parts = append(parts, x)
		}
	}
	return strings.Join(parts, " · ")
}

// loadReferrers fills the pick-list from the directory and selects one.
func (c *chartView) loadReferrers(selectID string) {
	c.referrers, _ = c.db.Referrers()
	labels := make([]string, len(c.referrers))
	selected := ""
	for i, r := range c.referrers {
		labels[i] = referrerLabel(r)
		if r.ID == selectID {
			selected = labels[i]
		}
	}
	c.referrer.Options = labels
	c.referrer.Selected = selected
	c.referrer.Refresh()
	c.copies.setReferrers(c.referrers)
}

// showNewReferrer adds a GP, gynaecologist or psychologist to the directory
// and picks them as this patient's referrer.
func (c *chartView) showNewReferrer() {
	showReferrerForm(c.db, c.win, store.Referrer{}, func(r store.Referrer) {
		c.loadReferrers(r.ID)
		c.changed()
	})
}

func (c *chartView) addDiagnosis(d store.Diagnosis) {
	r := &diagnosisRow{text: widget.NewEntry(), code: widget.NewEntry()}
	r.text.SetPlaceHolder("Diagnosis, e.g. Provoked vestibulodynia")
	r.text.SetText(d.Text)
	r.code.SetPlaceHolder("Code")
	r.code.SetText(d.Code)
	r.system = widget.NewSelect([]string{"No code", store.SystemSNOMED, store.SystemICD10, store.SystemICD11}, func(string) { c.changed() })
	if d.System == "" {
		r.system.SetSelected("No code")
	} else {
		r.system.SetSelected(d.System)
	}
	r.text.OnChanged = func(string) { c.changed() }
	r.code.OnChanged = func(string) { c.changed() }
	remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), nil)
	r.box = container.NewBorder(nil, nil, nil, container.NewHBox(r.system, container.NewGridWrap(fyne.NewSize(110, r.code.MinSize().Height), r.code), remove), r.text)
	remove.OnTapped = func() {
		c.diagnoses.Remove(r.box)
		c.diagRows, _ = withoutRow(c.diagRows, r)
		c.changed()
	}
	c.diagRows = append(c.diagRows, r)
	c.diagnoses.Add(r.box)
}

func (c *chartView) addGoal(g store.Goal) {
	r := &goalRow{id: g.ID, set: g.Set, text: widget.NewEntry()}
	r.text.SetPlaceHolder("e.g. To use a tampon without pain")
	r.text.SetText(g.Text)
	r.text.OnChanged = func(string) { c.changed() }
	labels := make([]string, len(store.GoalStatuses))
	for i, s := range store.GoalStatuses {
		labels[i] = s.Label()
	}
	r.status = widget.NewSelect(labels, func(string) { c.changed() })
	r.status.SetSelected(g.Status.Label())
	r.box = container.NewBorder(nil, nil, nil, r.status, r.text)
	c.goalRows = append(c.goalRows, r)
	c.goals.Add(r.box)
}

// Undo puts back the saved flags, referral and goals, and forgets any
// kept draft of them.
func (c *chartView) Undo() {
	c.Load(c.patient)
	c.dropDrafts()
}

// Dirty reports whether flags, referral or goals have unsaved edits.
func (c *chartView) Dirty() bool { return c.patient.ID != "" && !c.save.Disabled() }

func (c *chartView) changed() {
	if !c.loadingClinics {
		c.save.Enable()
		c.undo.Enable()
	}
}

// edited is the patient as the chart's clinical fields now say.
func (c *chartView) edited() (store.Patient, map[string]string) {
	p := c.patient
	msgs := map[string]string{}
	date := func(field string, e *widget.Entry) store.Date {
		d, err := store.ParseDate(e.Text)
		if err != nil {
			msgs[field] = err.Error()
		}
		return d
	}
	f := &c.flags
	p.Flags = store.Flags{
		Pregnant: f.pregnant.Checked, DueDate: date("flags.due_date", f.dueDate),
		Postpartum: f.postpartum.Checked, BirthDate: date("flags.birth_date", f.birthDate),
		ActiveImplant: f.implant.Checked, ImplantNote: f.implantNote.Text,
		ActiveInfection: f.infection.Checked, Bleeding: f.bleeding.Checked,
		Malignancy: f.malignancy.Checked, MalignancyNote: f.malignancyNote.Text,
		SuspectedProlapse: f.prolapse.Checked, Epilepsy: f.epilepsy.Checked,
		RecentSurgery: f.surgery.Checked, SurgeryDate: date("flags.surgery_date", f.surgeryDate),
		ProlapseRepair:     f.prolapseRepair.Checked,
		PelvicRadiotherapy: f.radiotherapy.Checked, RadiotherapyDate: date("flags.radiotherapy_date", f.radiotherapyDate),
		Menopause: f.menopause.Checked,
	}
	p.Referral.ReferrerID = ""
	for _, r := range c.referrers {
		if referrerLabel(r) == c.referrer.Selected {
			p.Referral.ReferrerID = r.ID
		}
	}
	p.CopiesTo = c.copies.ids
	p.Referral.Date = date("referral.date", c.refDate)
	p.Referral.Reason = c.refReason.Text
	p.Referral.Diagnoses = nil
	for _, r := range c.diagRows {
		d := store.Diagnosis{Text: r.text.Text, Code: r.code.Text}
		if r.system.Selected != "No code" {
			d.System = r.system.Selected
		}
		p.Referral.Diagnoses = append(p.Referral.Diagnoses, d)
	}
	p.Goals = nil
	for _, r := range c.goalRows {
		status := store.GoalActive
		for _, s := range store.GoalStatuses {
			if s.Label() == r.status.Selected {
				status = s
			}
		}
		set := r.set
		if set.IsZero() {
			set = c.db.Today()
		}
		p.Goals = append(p.Goals, store.Goal{ID: r.id, Text: r.text.Text, Status: status, Set: set, Reviewed: c.db.Today()})
	}
	return p, msgs
}

func (c *chartView) onSave() {
	p, msgs := c.edited()
	if len(msgs) == 0 {
		saved, err := c.db.SavePatient(p)
		if err == nil {
			c.patient = saved
			c.draftBase = time.Time{}
			c.problem.Hide()
			c.save.Disable()
			c.undo.Disable()
			c.dropDrafts()
			if c.onSaved != nil {
				c.onSaved(saved)
			}
			return
		}
		msgs = store.FieldMessages(err)
		if msgs == nil {
			msgs = map[string]string{"record": err.Error()}
		}
	}
	var lines []string
	for field, m := range msgs {
		lines = append(lines, (store.FieldError{Field: field, Message: m}).Error())
	}
	sort.Strings(lines)
	c.problem.SetText("Not saved. " + strings.Join(lines, "\n"))
	c.problem.Show()
}

// --- course of treatment ---

func (c *chartView) loadSessions() {
	sessions, err := c.db.PatientSessions(c.patient.ID)
	if err != nil {
		c.summary.SetText("The sessions could not be read: " + err.Error())
		return
	}
	c.sessions = sessions
	c.timeline = make([]store.Session, len(sessions))
	for i, s := range sessions {
		c.timeline[len(sessions)-1-i] = s
	}
	effective := store.EffectiveSessions(sessions)
	signed, drafts := 0, 0
	for _, s := range effective {
		if s.Status == store.StatusSigned {
			signed++
		} else {
			drafts++
		}
	}
	switch {
	case len(effective) == 0:
		c.summary.SetText("No sessions yet. Start the initial assessment with New session (Ctrl+N).")
	default:
		first, last := effective[0].TreatedAt, effective[len(effective)-1].TreatedAt
		c.summary.SetText(fmt.Sprintf("%s from %s to %s (%d signed, %d draft).",
			plural(len(effective), "session", "sessions"), first.Format("2 Jan 2006"), last.Format("2 Jan 2006"), signed, drafts))
	}
	st := store.DilatorProgress(sessions, c.db.Settings())
	switch {
	case st.Suggestion != "":
		c.dilator.SetText("Dilator: " + st.Suggestion)
		c.dilator.Importance = widget.WarningImportance
	case st.Current >= 0:
		c.dilator.SetText(fmt.Sprintf("Dilator: %s, %s in a row within the clinic's pain limit.", c.db.Settings().Dilators[st.Current].Label, plural(st.Streak, "session", "sessions")))
		c.dilator.Importance = widget.MediumImportance
	default:
		c.dilator.SetText("Dilator: not started.")
		c.dilator.Importance = widget.MediumImportance
	}
	c.dilator.Refresh()
	c.progressView.show(effective, c.db.Settings(), st)
	c.showDrafts()
	c.list.Refresh()
}

// showDrafts offers the patient's unfinished session notes again, and shows
// any outcome-measure alert (PHQ-9 item 9) where the course is read.
func (c *chartView) showDrafts() {
	c.drafts.RemoveAll()
	if ms, err := c.db.Measures(c.patient.ID); err == nil {
		for i := len(ms) - 1; i >= 0; i-- {
			for _, a := range ms[i].Alerts {
				l := widget.NewLabel(fmt.Sprintf("⚠ %s: %s Recorded by %s.", ms[i].Taken.Display(), a.Text, c.practitionerName(a.By)))
				l.Importance = widget.DangerImportance
				l.Wrapping = fyne.TextWrapWord
				c.drafts.Add(l)
			}
		}
	}
	drafts, _ := c.db.Drafts()
	for _, d := range drafts {
		if d.Kind != store.DraftSession || d.PatientID != c.patient.ID {
			continue
		}
		d := d
		b := widget.NewButtonWithIcon("Continue the unfinished note kept "+d.Saved.Local().Format("Mon 2 Jan 15:04"), theme.DocumentIcon(), func() {
			if c.onResumeDraft != nil {
				c.onResumeDraft(d)
			}
		})
		b.Importance = widget.WarningImportance
		c.drafts.Add(b)
	}
}

func (c *chartView) newRow() fyne.CanvasObject {
	top := widget.NewLabelWithStyle("00 Mmm 0000 · Follow-up", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	bottom := widget.NewLabel("Practitioner · pain · dilator")
	bottom.Truncation = fyne.TextTruncateEllipsis
	mark := widget.NewLabel("Signed")
	return container.NewBorder(nil, nil, nil, mark, container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()), top, bottom))
}

func (c *chartView) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i < 0 || i >= len(c.timeline) {
		return
	}
	s := c.timeline[i]
	b := o.(*fyne.Container)
	inner := b.Objects[0].(*fyne.Container)
	mark := b.Objects[1].(*widget.Label)
	kind := s.Kind.Label()
	if s.AmendsID != "" {
		kind = "Amendment"
	}
	inner.Objects[0].(*widget.Label).SetText(s.TreatedAt.Local().Format("Mon 2 Jan 2006 15:04") + " · " + kind)
	parts := []string{c.practitionerName(s.PractitionerID)}
	if s.Subjective.PainNow != nil {
		parts = append(parts, fmt.Sprintf("pain %d/10", *s.Subjective.PainNow))
	}
	if s.Dilator != nil {
		parts = append(parts, fmt.Sprintf("dilator %s (pain %d)", s.Dilator.SizeLabel, s.Dilator.Pain))
	}
	inner.Objects[1].(*widget.Label).SetText(strings.Join(parts, " · "))
	switch {
	case s.Status != store.StatusSigned:
		mark.SetText("Draft")
		mark.Importance = widget.WarningImportance
	case s.Late:
		mark.SetText("Signed late")
		mark.Importance = widget.MediumImportance
	default:
		mark.SetText("Signed")
		mark.Importance = widget.MediumImportance
	}
	if c.amended(s.ID) {
		mark.SetText(mark.Text + " · amended")
	}
	mark.Refresh()
}

func (c *chartView) amended(id string) bool {
	for _, s := range c.sessions {
		if s.AmendsID == id {
			return true
		}
	}
	return false
}

func (c *chartView) practitionerName(id string) string {
	if n, ok := c.names[id]; ok {
		return n
	}
	n := c.db.PractitionerName(id)
	c.names[id] = n
	return n
}

// chartDraft is the chart's flags, referral and goals as typed, kept in the
// record file when PelvicNotes locks, so a crash or a shutdown while locked
// loses nothing. Dates are kept as typed: they may not be dates yet.
type chartDraft struct {
	Patient     store.Patient     `json:"patient"`
	Dates       map[string]string `json:"dates"`
	BaseUpdated time.Time         `json:"base_updated"` // the saved record the edits started from
}

// dateEntries are the chart's date fields by their record field.
func (c *chartView) dateEntries() map[string]*widget.Entry {
	f := &c.flags
	return map[string]*widget.Entry{
		"flags.due_date": f.dueDate, "flags.birth_date": f.birthDate, "flags.surgery_date": f.surgeryDate,
		"flags.radiotherapy_date": f.radiotherapyDate, "referral.date": c.refDate,
	}
}

// typed is the chart as typed now.
func (c *chartView) typed() chartDraft {
	p, _ := c.edited()
	d := chartDraft{Patient: p, Dates: map[string]string{}, BaseUpdated: c.patient.Updated}
	if !c.draftBase.IsZero() {
		d.BaseUpdated = c.draftBase // the edits are older than the record on screen
	}
	for field, e := range c.dateEntries() {
		d.Dates[field] = e.Text
	}
	return d
}

// loadTyped shows base with the flags, referral and goals of a draft, as
// unsaved edits.
func (c *chartView) loadTyped(base store.Patient, d chartDraft) {
	shown := base
	shown.Flags, shown.Referral, shown.CopiesTo, shown.Goals = d.Patient.Flags, d.Patient.Referral, d.Patient.CopiesTo, d.Patient.Goals
	c.Load(shown)
	c.patient = base
	c.draftBase = d.BaseUpdated
	c.loadingClinics = true
	for field, e := range c.dateEntries() {
		if text, ok := d.Dates[field]; ok {
			e.SetText(text)
		}
	}
	c.loadingClinics = false
	c.save.Enable()
	c.undo.Enable()
}

// chartDrafts are the kept chart drafts of a patient.
func chartDrafts(db *store.DB, patientID string) []store.Draft {
	drafts, _ := db.DraftsOf(store.DraftChart, patientID)
	return drafts
}

// dropDrafts forgets kept drafts once the chart is saved.
func (c *chartView) dropDrafts() {
	for _, d := range chartDrafts(c.db, c.patient.ID) {
		c.db.DeleteDraft(d.ID)
	}
}

// keepDraft writes the chart's unsaved edits to the record file, replacing
// an earlier draft of this patient's chart. It reports whether nothing is
// left only in memory.
func (c *chartView) keepDraft() bool {
	if !c.Dirty() {
		return true
	}
	body, err := json.Marshal(c.typed())
	if err != nil {
		return false
	}
	d := store.Draft{Kind: store.DraftChart, RecordID: c.patient.ID, PatientID: c.patient.ID, Body: body}
	if old := chartDrafts(c.db, c.patient.ID); len(old) > 0 {
		d.ID = old[0].ID
	}
	_, err = c.db.SaveDraft(d)
	return err == nil
}
