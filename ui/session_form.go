package ui

import (
	"fmt"
	"image/color"
	"slices"
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

// Words the form shows for the record's values.
var (
	consentFormLabels = map[string]string{store.ConsentVerbal: "Verbal", store.ConsentWritten: "Written"}
	chaperoneLabels   = map[string]string{store.ChaperoneAccepted: "Accepted", store.ChaperoneDeclined: "Declined"}
	locationLabels    = map[string]string{store.LocationEntry: "Entry", store.LocationDeep: "Deep", store.LocationBoth: "Both"}
	provokedLabels    = map[string]string{store.Provoked: "Provoked", store.Unprovoked: "Unprovoked", store.ProvokedBoth: "Both"}
	oxfordWords       = []string{"none", "flicker", "weak", "moderate", "good, with lift", "strong"}
)

const (
	notAsked  = "Not asked"
	notTested = "Not tested"
)

// valueOf finds the record's value for a label of one of the maps above.
func valueOf(labels map[string]string, label string) string {
	for v, l := range labels {
		if l == label {
			return v
		}
	}
	return ""
}

func labelsOf(labels map[string]string, order ...string) []string {
	out := make([]string, len(order))
	for i, v := range order {
		out[i] = labels[v]
	}
	return out
}

// grid is a fieldGrid whose messages the editor shows itself.
func (e *sessionEditor) grid(build func(g *fieldGrid)) *fyne.Container {
	g := newFieldGrid()
	build(g)
	for f, l := range g.messages {
		e.messages[f] = l
	}
	// An empty first row gives every block's labels the same width.
	align := canvas.NewRectangle(color.Transparent)
	align.SetMinSize(fyne.NewSize(formLabelWidth, 0))
	g.cells = append([]fyne.CanvasObject{align, layout.NewSpacer()}, g.cells...)
	return g.build()
}

// addShared adds a row of several fields, each with its own message in
// the fields' order; those messages name their field, since the row holds
// more than one.
func (e *sessionEditor) addShared(g *fieldGrid, label string, w fyne.CanvasObject, fields ...string) {
	msgs := make([]fyne.CanvasObject, len(fields))
	for i, f := range fields {
		msgs[i] = e.message(f)
		e.shared[f] = true
	}
	g.add(label, "row:"+fields[0], w, msgs...)
}

// formLabelWidth is the width of the labels' column in every block.
const formLabelWidth = 150

func (e *sessionEditor) buildConsent() fyne.CanvasObject {
	for _, sc := range store.ConsentScopes {
		e.scope = append(e.scope, widget.NewCheck(sc.Label(), func(bool) { e.changed() }))
	}
	scopes := container.NewHBox()
	for _, c := range e.scope {
		scopes.Add(c)
	}
	e.consentForm = e.radio(labelsOf(consentFormLabels, store.ConsentVerbal, store.ConsentWritten))
	e.chapOffered = widget.NewCheck("Offered", func(bool) { e.changed() })
	e.chapAnswer = e.radio(labelsOf(chaperoneLabels, store.ChaperoneAccepted, store.ChaperoneDeclined))
	e.chapName = e.entry("Name of the chaperone")
	e.chapRole = e.entry("Role, e.g. healthcare assistant")
	e.withdrawn = widget.NewCheck("Consent withdrawn", func(bool) { e.changed() })
	e.withdrawnAt = e.entry("hh:mm")
	e.withdrawnNote = e.entry("What was stopped, and what the patient said")

	g := e.grid(func(g *fieldGrid) {
		g.add("Consent covers", "consent.scope", scopes)
		g.add("Consent given", "consent.form", e.consentForm)
		g.add("Chaperone", "consent.chaperone", container.NewHBox(e.chapOffered, widget.NewSeparator(), e.chapAnswer))
		e.addShared(g, "Chaperone's name",
			container.NewGridWithColumns(2, e.chapName,
				container.NewBorder(nil, nil, boldLabel("Role"), nil, e.chapRole)),
			"consent.chaperone_name", "consent.chaperone_role")
		e.addShared(g, "Withdrawn",
			beside(container.NewHBox(e.withdrawn, widget.NewLabel("at"), fixedWidth(80, e.withdrawnAt)), e.withdrawnNote),
			"consent.withdrawn", "consent.withdrawn_at", "consent.withdrawn_note")
	})
	intro := hintLabel("Consent to each internal examination or treatment, recorded in this session. Family members are not chaperones.")
	return block("Consent and chaperone", intro, g)
}

func (e *sessionEditor) buildSubjective() fyne.CanvasObject {
	e.painNow = e.entry("")
	e.painPen = e.entry("")
	e.location = e.radio(labelsOf(locationLabels, store.LocationEntry, store.LocationDeep, store.LocationBoth))
	e.provoked = e.radio(labelsOf(provokedLabels, store.Provoked, store.Unprovoked, store.ProvokedBoth))
	e.marinoff = widget.NewSelect(e.marinoffOptions(), func(string) { e.changed() })
	e.subjText = e.multiLine("What the patient reports, in their words", 3)

	g := e.grid(func(g *fieldGrid) {
		e.addShared(g, "Pain now",
			container.NewHBox(numberField(e.painNow, "/ 10"),
				boldLabel("   With penetration"), numberField(e.painPen, "/ 10"),
				hintLabel("Leave a score empty if it was not asked.")),
			"subjective.pain_now", "subjective.pain_penetration")
		g.add("Where it hurts", "subjective.location", e.location)
		g.add("Provoked", "subjective.provoked", e.provoked)
		g.add("Marinoff grade", "subjective.marinoff", e.marinoff)
		g.add("Notes", "subjective.text", e.subjText)
	})
	return block("Subjective", g)
}

func (e *sessionEditor) marinoffOptions() []string {
	out := []string{notAsked}
	for i, w := range e.settings.MarinoffGrades {
		out = append(out, fmt.Sprintf("%d – %s", i, w))
	}
	return out
}

func oxfordOptions() []string {
	out := []string{notTested}
	for i, w := range oxfordWords {
		out = append(out, fmt.Sprintf("%d – %s", i, w))
	}
	return out
}

func (e *sessionEditor) buildExamination() fyne.CanvasObject {
	var tones []string
	for _, t := range store.Tones {
		if t != store.ToneNotRecorded {
			tones = append(tones, t.Label())
		}
	}
	e.tone = e.radio(tones)
	e.toneNote = e.entry("What you felt, e.g. guarding on entry, relaxes with breathing")
	e.oxLeft = widget.NewSelect(oxfordOptions(), func(string) { e.changed() })
	e.oxRight = widget.NewSelect(oxfordOptions(), func(string) { e.changed() })
	perfect := container.NewHBox()
	for i, letter := range []string{"P", "E", "R", "F"} {
		e.perfect[i] = e.entry("")
		perfect.Add(boldLabel(letter))
		perfect.Add(fixedWidth(56, e.perfect[i]))
	}
	e.perfectRead = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	perfect.Add(e.perfectRead)
	perfect.Add(hintLabel("power 0–5 · endurance s ≤10 · repetitions ≤10 · fast ≤10"))
	e.perfectMsg = newMessageLabel()

	top := e.grid(func(g *fieldGrid) {
		g.add("Tone", "examination.tone", e.tone)
		g.add("Tone note", "examination.tone_note", e.toneNote)
		e.addShared(g, "Oxford grade",
			container.NewHBox(boldLabel("Left"), fixedWidth(190, e.oxLeft), boldLabel("   Right"), fixedWidth(190, e.oxRight)),
			"examination.oxford_left", "examination.oxford_right")
		g.add("PERFECT", "examination.perfect", perfect, e.perfectMsg)
	})

	e.examText = e.multiLine("Other findings", 3)
	notes := e.grid(func(g *fieldGrid) { g.add("Notes", "examination.text", e.examText) })

	// The swab test and the body chart sit side by side: both are short.
	figures := beside(e.buildSwab(), e.buildBodyChart())
	return block("Examination", top,
		e.buildTriggerPoints(),
		figures,
		notes)
}

func (e *sessionEditor) buildTreatment() fyne.CanvasObject {
	var names []string
	for _, t := range store.Techniques() {
		names = append(names, t.Name)
	}
	e.treatAdd = widget.NewSelect(names, e.onTreatmentChosen)
	e.treatAdd.PlaceHolder = "Add a technique given…"
	e.treatBox = container.NewVBox()
	msg := e.message("treatment")
	return block("Treatment given",
		container.NewHBox(fixedWidth(320, e.treatAdd), hintLabel("Each technique gets its minutes, pain and settings; remove one with its button.")),
		e.treatBox, msg)
}

func (e *sessionEditor) buildDilator() fyne.CanvasObject {
	e.dilSize = widget.NewSelect(e.dilatorOptions(""), func(string) { e.changed() })
	e.dilMinutes = e.entry("")
	e.dilPain = e.entry("")
	e.dilNote = e.entry("e.g. inserted by the patient, lubricant used, next size discussed")
	g := e.grid(func(g *fieldGrid) {
		e.addShared(g, "Size",
			container.NewHBox(fixedWidth(240, e.dilSize),
				boldLabel("   Minutes"), numberField(e.dilMinutes, ""),
				boldLabel("   Pain at insertion"), numberField(e.dilPain, "/ 10")),
			"dilator.size_label", "dilator.minutes", "dilator.pain")
		g.add("Note", "dilator.note", e.dilNote)
	})
	return block("Dilator", g)
}

const dilatorNotUsed = "Not used"

// dilatorOptions lists the clinic's set, and keep if a note names a size
// no longer in it.
func (e *sessionEditor) dilatorOptions(keep string) []string {
	out := []string{dilatorNotUsed}
	for _, d := range e.settings.Dilators {
		out = append(out, d.Label)
	}
	if keep != "" && !slices.ContainsFunc(out, func(l string) bool { return strings.EqualFold(l, keep) }) {
		out = append(out, keep)
	}
	return out
}

func (e *sessionEditor) buildAssessment() fyne.CanvasObject {
	e.assessment = e.multiLine("Clinical reasoning: what you think is going on, progress against the patient's goals", 4)
	e.plan = e.multiLine("Next session, home programme, referrals, review date", 4)
	g := e.grid(func(g *fieldGrid) {
		g.add("Assessment", "assessment", e.assessment)
		g.add("Plan", "plan", e.plan)
	})
	return block("Assessment and plan", g)
}

// refreshEnabled enables the fields that depend on an earlier answer.
func (e *sessionEditor) refreshEnabled() {
	enable := func(on bool, ws ...fyne.Disableable) {
		for _, w := range ws {
			if on {
				w.Enable()
			} else {
				w.Disable()
			}
		}
	}
	enable(e.chapOffered.Checked, e.chapAnswer)
	enable(e.chapOffered.Checked && e.chapAnswer.Selected == chaperoneLabels[store.ChaperoneAccepted], e.chapName, e.chapRole)
	enable(e.withdrawn.Checked, e.withdrawnAt, e.withdrawnNote)
}

// --- filling the form ---

// fillForm shows s in every field. The caller sets e.loading.
func (e *sessionEditor) fillForm(s store.Session) {
	e.kind.SetSelected(s.Kind.Label())
	e.date.SetText("")
	e.clock.SetText("")
	if !s.TreatedAt.IsZero() {
		t := s.TreatedAt.In(time.Local)
		e.date.SetText(store.DateOf(t).Numeric())
		e.clock.SetText(t.Format("15:04"))
	}

	c := s.Consent
	for i, sc := range store.ConsentScopes {
		e.scope[i].SetChecked(slices.Contains(c.Scope, sc))
	}
	e.consentForm.SetSelected(consentFormLabels[c.Form])
	e.chapOffered.SetChecked(c.ChaperoneOffered)
	e.chapAnswer.SetSelected(chaperoneLabels[c.Chaperone])
	e.chapName.SetText(c.ChaperoneName)
	e.chapRole.SetText(c.ChaperoneRole)
	e.withdrawn.SetChecked(c.Withdrawn)
	e.withdrawnAt.SetText("")
	if !c.WithdrawnAt.IsZero() {
		e.withdrawnAt.SetText(c.WithdrawnAt.In(time.Local).Format("15:04"))
	}
	e.withdrawnNote.SetText(c.WithdrawnNote)

	sub := s.Subjective
	e.painNow.SetText(intText(sub.PainNow))
	e.painPen.SetText(intText(sub.PainPenetration))
	e.location.SetSelected(locationLabels[sub.Location])
	e.provoked.SetSelected(provokedLabels[sub.Provoked])
	e.marinoff.SetOptions(e.marinoffOptions())
	e.marinoff.SetSelectedIndex(0)
	if m := sub.Marinoff; m != nil && *m >= 0 && *m+1 < len(e.marinoff.Options) {
		e.marinoff.SetSelectedIndex(*m + 1)
	}
	e.subjText.SetText(sub.Text)

	ex := s.Examination
	e.tone.SetSelected("")
	if ex.Tone != store.ToneNotRecorded {
		e.tone.SetSelected(ex.Tone.Label())
	}
	e.toneNote.SetText(ex.ToneNote)
	setGrade(e.oxLeft, ex.OxfordLeft)
	setGrade(e.oxRight, ex.OxfordRight)
	for i := range e.perfect {
		e.perfect[i].SetText("")
	}
	if p := ex.PERFECT; p != nil {
		for i, v := range []int{p.Power, p.Endurance, p.Repetitions, p.Fast} {
			e.perfect[i].SetText(strconv.Itoa(v))
		}
	}
	e.setPoints(ex.TriggerPoints, nil)
	e.setSwab(ex.Swab)
	e.setBodySites(ex.BodyChart)
	e.examText.SetText(ex.Text)

	e.setTreatment(s.Treatment)

	e.dilSize.SetOptions(e.dilatorOptions(""))
	e.dilSize.SetSelected(dilatorNotUsed)
	e.dilMinutes.SetText("")
	e.dilPain.SetText("")
	e.dilNote.SetText("")
	if d := s.Dilator; d != nil {
		e.dilSize.SetOptions(e.dilatorOptions(d.SizeLabel))
		for _, o := range e.dilSize.Options {
			if d.SizeLabel != "" && strings.EqualFold(o, d.SizeLabel) {
				e.dilSize.SetSelected(o)
			}
		}
		e.dilMinutes.SetText(minutesText(d.Minutes))
		e.dilPain.SetText(strconv.Itoa(d.Pain))
		e.dilNote.SetText(d.Note)
	}
	e.assessment.SetText(s.Assessment)
	e.plan.SetText(s.Plan)
}

func intText(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

func minutesText(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func setGrade(s *widget.Select, n *int) {
	s.SetSelectedIndex(0)
	if n != nil && *n >= 0 && *n+1 < len(s.Options) {
		s.SetSelectedIndex(*n + 1)
	}
}

func gradeOf(s *widget.Select) *int {
	if i := s.SelectedIndex(); i > 0 {
		n := i - 1
		return &n
	}
	return nil
}

// --- reading the form ---

// Messages for what the form cannot read; the record's own checks give the rest.
const (
	msgScoreOptional = "enter a whole number from 0 to 10, or leave it empty if not asked"
	msgScoreRequired = "enter the pain score, a whole number from 0 to 10"
	msgWholeMinutes  = "enter whole minutes, or leave it empty"
	msgClock         = "enter the time as hh:mm, for example 09:30"
)

// formReader collects what could not be read, by field.
type formReader map[string]string

func (r formReader) bad(field, msg string) {
	if _, ok := r[field]; !ok {
		r[field] = msg
	}
}

// optInt reads an optional whole number; "" is nil.
func (r formReader) optInt(field, text, msg string) *int {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil
	}
	n, err := strconv.Atoi(text)
	if err != nil {
		r.bad(field, msg)
		return nil
	}
	return &n
}

// reqInt reads a whole number that must be there.
func (r formReader) reqInt(field, text, msg string) int {
	p := r.optInt(field, text, msg)
	if p == nil {
		r.bad(field, msg)
		return 0
	}
	return *p
}

// parseClock reads a time of day typed as 09:30, 9.30, 9 30 or 0930.
func parseClock(text string) (h, m int, ok bool) {
	text = strings.TrimSpace(text)
	var hs, ms string
	if i := strings.IndexAny(text, ":. h"); i >= 0 {
		hs, ms = text[:i], strings.TrimSpace(text[i+1:])
	} else if len(text) == 3 || len(text) == 4 {
		hs, ms = text[:len(text)-2], text[len(text)-2:]
	} else {
		return 0, 0, false
	}
	h, err1 := strconv.Atoi(hs)
	m, err2 := strconv.Atoi(ms)
	if err1 != nil || err2 != nil || h < 0 || h > 23 || m < 0 || m > 59 || len(ms) != 2 {
		return 0, 0, false
	}
	return h, m, true
}

// collect reads the note the form holds, keeping every row even when a
// field cannot be read yet, so that nothing typed is lost; local says what
// could not be read, by field.
func (e *sessionEditor) collect() (store.Session, map[string]string) {
	r := formReader{}
	s := e.base
	s.PatientID = e.patient.ID
	if e.amendOf != nil {
		s.AmendsID, s.AmendReason = e.amendOf.ID, e.reason
	}
	for _, k := range store.SessionKinds {
		if k.Label() == e.kind.Selected {
			s.Kind = k
		}
	}

	day, dayErr := store.ParseDate(e.date.Text)
	h, m, clockOK := parseClock(e.clock.Text)
	switch {
	case strings.TrimSpace(e.date.Text) == "":
		r.bad("treated_at", "enter the day the patient was seen, as dd/mm/yyyy")
	case dayErr != nil:
		r.bad("treated_at", "the day seen: "+dayErr.Error())
	case !clockOK:
		r.bad("treated_at", "the time seen: "+msgClock)
	default:
		s.TreatedAt = time.Date(day.Year, day.Month, day.Day, h, m, 0, 0, time.Local)
	}

	var c store.Consent
	for i, sc := range store.ConsentScopes {
		if e.scope[i].Checked {
			c.Scope = append(c.Scope, sc)
		}
	}
	c.Form = valueOf(consentFormLabels, e.consentForm.Selected)
	c.Recorded = len(c.Scope) > 0 || c.Form != ""
	c.ChaperoneOffered = e.chapOffered.Checked
	if c.ChaperoneOffered {
		c.Chaperone = valueOf(chaperoneLabels, e.chapAnswer.Selected)
	}
	if c.Chaperone == store.ChaperoneAccepted {
		c.ChaperoneName, c.ChaperoneRole = e.chapName.Text, e.chapRole.Text
	}
	c.Withdrawn = e.withdrawn.Checked
	if c.Withdrawn {
		c.WithdrawnNote = e.withdrawnNote.Text
		if strings.TrimSpace(e.withdrawnAt.Text) != "" {
			if h, m, ok := parseClock(e.withdrawnAt.Text); ok {
				t := s.TreatedAt.In(time.Local)
				if t.IsZero() {
					t = e.db.Now().In(time.Local)
				}
				c.WithdrawnAt = time.Date(t.Year(), t.Month(), t.Day(), h, m, 0, 0, time.Local)
			} else {
				r.bad("consent.withdrawn_at", msgClock)
			}
		}
	}
	s.Consent = c

	sub := store.Subjective{
		PainNow:         r.optInt("subjective.pain_now", e.painNow.Text, msgScoreOptional),
		PainPenetration: r.optInt("subjective.pain_penetration", e.painPen.Text, msgScoreOptional),
		Location:        valueOf(locationLabels, e.location.Selected),
		Provoked:        valueOf(provokedLabels, e.provoked.Selected),
		Marinoff:        gradeOf(e.marinoff),
		Text:            e.subjText.Text,
	}
	s.Subjective = sub

	ex := store.Examination{ToneNote: e.toneNote.Text, Text: e.examText.Text}
	for _, t := range store.Tones {
		if t != store.ToneNotRecorded && t.Label() == e.tone.Selected {
			ex.Tone = t
		}
	}
	ex.OxfordLeft, ex.OxfordRight = gradeOf(e.oxLeft), gradeOf(e.oxRight)
	ex.PERFECT = e.readPerfect(r)
	for i, p := range e.points {
		ex.TriggerPoints = append(ex.TriggerPoints, p.read(r, i))
	}
	ex.Swab = e.readSwab(r)
	for i, b := range e.bodyRows {
		ex.BodyChart = append(ex.BodyChart, b.read(r, i))
	}
	s.Examination = ex

	s.Treatment = nil
	for i, t := range e.treatRows {
		s.Treatment = append(s.Treatment, t.read(r, i))
	}

	s.Dilator = nil
	size := e.dilSize.Selected
	if size == dilatorNotUsed {
		size = ""
	}
	if size != "" || strings.TrimSpace(e.dilMinutes.Text+e.dilPain.Text+e.dilNote.Text) != "" {
		d := &store.DilatorUse{SizeLabel: size, Note: e.dilNote.Text}
		if p := r.optInt("dilator.minutes", e.dilMinutes.Text, msgWholeMinutes); p != nil {
			d.Minutes = *p
		}
		d.Pain = r.reqInt("dilator.pain", e.dilPain.Text, "enter the pain at insertion, a whole number from 0 to 10")
		s.Dilator = d
	}
	s.Assessment = e.assessment.Text
	s.Plan = e.plan.Text
	return s, r
}

// readPerfect reads the PERFECT scores: all four, or none.
func (e *sessionEditor) readPerfect(r formReader) *store.Perfect {
	var texts [4]string
	any := false
	for i, en := range e.perfect {
		texts[i] = strings.TrimSpace(en.Text)
		any = any || texts[i] != ""
	}
	if !any {
		return nil
	}
	var vals [4]int
	for i, t := range texts {
		n, err := strconv.Atoi(t)
		if err != nil {
			r.bad("examination.perfect", "enter all four of P, E, R and F as whole numbers, or none")
			continue
		}
		vals[i] = n
	}
	return &store.Perfect{Power: vals[0], Endurance: vals[1], Repetitions: vals[2], Fast: vals[3]}
}

// spacer pushes what follows it to the right of a box.
func spacer() fyne.CanvasObject { return layout.NewSpacer() }

// iconButton is a small button with an icon and a tooltip-free label.
func iconButton(label string, icon fyne.Resource, tapped func()) *widget.Button {
	b := widget.NewButtonWithIcon(label, icon, tapped)
	b.Importance = widget.LowImportance
	return b
}

var _ = theme.DeleteIcon
