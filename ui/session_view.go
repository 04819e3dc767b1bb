package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/store"
)

// noteSection is one block of a note as it reads, label by label.
type noteSection struct {
	title string
	lines []noteLine
}

type noteLine struct{ label, value string }

// showSigned shows a signed note read only: the original as signed, then
// each amendment with its reason, author and time, and what it changed.
func (e *sessionEditor) showSigned(s store.Session) {
	root := s
	if s.AmendsID != "" {
		if r, err := e.db.Session(s.AmendsID); err == nil {
			root = r
		}
	}
	e.signed = &root
	e.versions = []store.Session{root}
	if all, err := e.db.PatientSessions(root.PatientID); err == nil {
		for _, a := range all {
			if a.AmendsID == root.ID && a.Status == store.StatusSigned {
				e.versions = append(e.versions, a)
			}
		}
	}
	e.readOnly, e.busy, e.showErrors = true, false, false
	e.amendOf, e.reason = nil, ""
	e.clean = ""
	e.problems.Hide()
	e.notice.Hide()
	e.showWarnings(nil)
	e.warnTitle.SetText(msgSignedNote)
	e.buildView()
	e.formScroll.Hide()
	e.viewScroll.Show()
	e.viewScroll.ScrollToTop()
	e.refreshHeader()
	e.relayout()
}

func (e *sessionEditor) buildView() {
	e.view.Objects = nil
	root := e.versions[0]
	if root.Late {
		e.view.Add(hintLabel("Late entry: signed after the day the patient was seen."))
	}
	if n := len(e.versions) - 1; n > 0 {
		l := widget.NewLabel(fmt.Sprintf("Amended %s. The original is shown first, exactly as signed; each amendment follows "+
			"with its reason and what it changed. The latest amendment is the note in force.", plural(n, "time", "times")))
		l.Wrapping = fyne.TextWrapWord
		e.view.Add(l)
	}
	e.view.Add(e.noteView(root))
	for i := 1; i < len(e.versions); i++ {
		e.view.Add(e.amendmentView(i, e.versions[i-1], e.versions[i]))
	}
	e.view.Refresh()
}

// noteView shows a note's sections, label and value, with the trigger
// points on the clock map.
func (e *sessionEditor) noteView(s store.Session) fyne.CanvasObject {
	box := container.NewVBox()
	for _, sec := range e.noteSections(s) {
		h := widget.NewLabelWithStyle(sec.title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		h.SizeName = theme.SizeNameSubHeadingText
		grid := noteRows(sec.lines)
		box.Add(widget.NewSeparator())
		box.Add(h)
		if sec.title == "Examination" && len(s.Examination.TriggerPoints) > 0 {
			box.Add(container.NewBorder(nil, nil, nil, readOnlyClock(s.Examination.TriggerPoints, store.RectalView(e.patient, s)), grid))
		} else {
			box.Add(grid)
		}
	}
	return box
}

// noteLabelWidth is the width of the labels' column of a note read only.
const noteLabelWidth = 230

// noteRows lays out label and value lines, closer together than form rows:
// a note is read, not typed into.
func noteRows(lines []noteLine) fyne.CanvasObject {
	box := container.New(layout.NewCustomPaddedVBoxLayout(-theme.Padding()))
	for _, l := range lines {
		k := widget.NewLabelWithStyle(l.label, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
		k.Wrapping = fyne.TextWrapWord
		v := widget.NewLabel(l.value)
		v.Wrapping = fyne.TextWrapWord
		box.Add(container.NewBorder(nil, nil, fixedWidth(noteLabelWidth, k), nil, v))
	}
	return box
}

// amendmentView shows one amendment: who, when, why, and what changed.
func (e *sessionEditor) amendmentView(n int, prev, a store.Session) fyne.CanvasObject {
	h := widget.NewLabelWithStyle(fmt.Sprintf("Amendment %d", n), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	h.SizeName = theme.SizeNameSubHeadingText
	reason := widget.NewLabel("Reason: " + a.AmendReason)
	reason.Wrapping = fyne.TextWrapWord
	box := container.NewVBox(widget.NewSeparator(), h, boldLabel(signedLine(e.db, a)), reason)
	changes := e.diffNotes(prev, a)
	if len(changes) == 0 {
		box.Add(hintLabel("No field differs from the version before it."))
	} else {
		box.Add(boldLabel("What it changed from the version before:"))
		box.Add(noteRows(changes))
	}
	whole := widget.NewAccordion(widget.NewAccordionItem("The whole note as amended", e.noteView(a)))
	box.Add(whole)
	return box
}

// diffNotes lists the lines that differ between two versions of a note.
func (e *sessionEditor) diffNotes(before, after store.Session) []noteLine {
	key := func(sec, label string) string { return sec + " · " + label }
	old := map[string]string{}
	var oldOrder []string
	for _, sec := range e.noteSections(before) {
		for _, l := range sec.lines {
			old[key(sec.title, l.label)] = l.value
			oldOrder = append(oldOrder, key(sec.title, l.label))
		}
	}
	seen := map[string]bool{}
	var out []noteLine
	for _, sec := range e.noteSections(after) {
		for _, l := range sec.lines {
			k := key(sec.title, l.label)
			seen[k] = true
			was, had := old[k]
			switch {
			case !had:
				out = append(out, noteLine{k, "Added: " + l.value})
			case was != l.value:
				out = append(out, noteLine{k, "Was: " + was + "\nNow: " + l.value})
			}
		}
	}
	for _, k := range oldOrder {
		if !seen[k] && !strings.HasPrefix(k, "Session · ") {
			out = append(out, noteLine{k, "Removed (was: " + old[k] + ")"})
		}
	}
	return out
}

// noteSections is a note as it reads, block by block; empty blocks are left out.
func (e *sessionEditor) noteSections(s store.Session) []noteSection {
	var out []noteSection
	add := func(title string, lines []noteLine) {
		var kept []noteLine
		for _, l := range lines {
			if strings.TrimSpace(l.value) != "" {
				kept = append(kept, l)
			}
		}
		if len(kept) > 0 {
			out = append(out, noteSection{title, kept})
		}
	}
	score := func(n *int) string {
		if n == nil {
			return ""
		}
		return fmt.Sprintf("%d/10", *n)
	}

	add("Session", []noteLine{
		{"Type", s.Kind.Label()},
		{"Seen", formatWhen(s.TreatedAt)},
		{"Practitioner", e.db.PractitionerName(s.PractitionerID)},
		{"Written", formatWhen(s.WrittenAt)},
	})

	c := s.Consent
	consent := "Not recorded"
	if c.Recorded {
		var scopes []string
		for _, sc := range c.Scope {
			scopes = append(scopes, strings.ToLower(sc.Label()))
		}
		consent = consentFormLabels[c.Form] + ", covering " + strings.Join(scopes, ", ")
	}
	chaperone := "Not offered"
	switch {
	case c.ChaperoneOffered && c.Chaperone == store.ChaperoneAccepted:
		chaperone = "Offered and accepted: " + c.ChaperoneName
		if c.ChaperoneRole != "" {
			chaperone += " (" + c.ChaperoneRole + ")"
		}
	case c.ChaperoneOffered && c.Chaperone == store.ChaperoneDeclined:
		chaperone = "Offered and declined"
	case c.ChaperoneOffered:
		chaperone = "Offered"
	}
	withdrawn := ""
	if c.Withdrawn {
		withdrawn = "At " + c.WithdrawnAt.In(time.Local).Format("15:04")
		if c.WithdrawnNote != "" {
			withdrawn += ": " + c.WithdrawnNote
		}
	}
	add("Consent and chaperone", []noteLine{{"Consent", consent}, {"Chaperone", chaperone}, {"Withdrawn", withdrawn}})

	sub := s.Subjective
	marinoff := ""
	if m := sub.Marinoff; m != nil {
		marinoff = fmt.Sprint(*m)
		if *m >= 0 && *m < len(e.settings.MarinoffGrades) {
			marinoff += " – " + e.settings.MarinoffGrades[*m]
		}
	}
	add("Subjective", []noteLine{
		{"Pain now", score(sub.PainNow)},
		{"Pain with penetration", score(sub.PainPenetration)},
		{"Where it hurts", locationLabels[sub.Location]},
		{"Provoked", provokedLabels[sub.Provoked]},
		{"Marinoff grade", marinoff},
		{"Notes", sub.Text},
	})

	ex := s.Examination
	tone := ""
	if ex.Tone != store.ToneNotRecorded {
		tone = ex.Tone.Label()
	}
	if ex.ToneNote != "" {
		tone = strings.TrimPrefix(tone+": "+ex.ToneNote, ": ")
	}
	var oxford []string
	if ex.OxfordLeft != nil {
		oxford = append(oxford, fmt.Sprintf("left %d – %s", *ex.OxfordLeft, oxfordWord(*ex.OxfordLeft)))
	}
	if ex.OxfordRight != nil {
		oxford = append(oxford, fmt.Sprintf("right %d – %s", *ex.OxfordRight, oxfordWord(*ex.OxfordRight)))
	}
	perfect := ""
	if ex.PERFECT != nil {
		perfect = ex.PERFECT.Profile()
	}
	var points []string
	for i, p := range ex.TriggerPoints {
		line := fmt.Sprintf("%d. %s %s, %s", i+1, hourLabel(p.Hour), strings.ToLower(layerLabels[p.Layer]), strings.ToLower(sideLabels[p.Side]))
		if p.Muscle != "" {
			line += " · " + p.Muscle
		}
		line += fmt.Sprintf(" · pain %d/10", p.NRS)
		if p.Referral {
			line += ", refers pain"
		}
		if p.Note != "" {
			line += " · " + p.Note
		}
		points = append(points, line)
	}
	var swab []string
	for _, sw := range ex.Swab {
		swab = append(swab, fmt.Sprintf("%s %d/10", hourLabel(sw.Hour), sw.NRS))
	}
	var body []string
	for _, b := range ex.BodyChart {
		site := b.Site
		if b.Side != "" {
			site += " (" + strings.ToLower(bodySideLabels[b.Side]) + ")"
		}
		body = append(body, fmt.Sprintf("%s %d/10", site, b.NRS))
	}
	add("Examination", []noteLine{
		{"Tone", tone},
		{"Oxford grade", strings.Join(oxford, "; ")},
		{"PERFECT", perfect},
		{"Trigger points", strings.Join(points, "\n")},
		{"Swab test", strings.Join(swab, " · ")},
		{"Body chart", strings.Join(body, " · ")},
		{"Notes", ex.Text},
	})

	var treatment []noteLine
	for i, t := range s.Treatment {
		tech, ok := store.TechniqueByID(t.TechniqueID)
		name := t.TechniqueID
		if ok {
			name = tech.Name
		}
		var parts []string
		if t.Minutes > 0 {
			parts = append(parts, fmt.Sprintf("%d min", t.Minutes))
		}
		if t.Pain != nil {
			parts = append(parts, fmt.Sprintf("pain %d/10", *t.Pain))
		}
		for _, p := range tech.Params {
			if v := t.Params[p.Key]; v != "" {
				parts = append(parts, fmt.Sprintf("%s %s %s", strings.ToLower(p.Label), v, p.Unit))
			}
		}
		if t.Note != "" {
			parts = append(parts, t.Note)
		}
		value := strings.Join(parts, " · ")
		if value == "" {
			value = "Given"
		}
		treatment = append(treatment, noteLine{fmt.Sprintf("%d. %s", i+1, name), value})
	}
	add("Treatment given", treatment)

	if d := s.Dilator; d != nil {
		parts := []string{d.SizeLabel}
		if d.Minutes > 0 {
			parts = append(parts, fmt.Sprintf("%d min", d.Minutes))
		}
		parts = append(parts, fmt.Sprintf("pain at insertion %d/10", d.Pain))
		if d.Note != "" {
			parts = append(parts, d.Note)
		}
		add("Dilator", []noteLine{{"Dilator", strings.Join(parts, " · ")}})
	}
	add("Assessment and plan", []noteLine{{"Assessment", s.Assessment}, {"Plan", s.Plan}})

	var acks []noteLine
	for _, w := range s.Warnings {
		acks = append(acks, noteLine{"Acknowledged", fmt.Sprintf("%s (by %s, %s)", w.Text, e.db.PractitionerName(w.By), formatWhen(w.At))})
	}
	if len(acks) > 0 {
		// One line for every warning, so that the diff compares them together.
		var texts []string
		for _, a := range acks {
			texts = append(texts, a.value)
		}
		add("Safety warnings acknowledged when signing", []noteLine{{"Acknowledged", strings.Join(texts, "\n")}})
	}
	return out
}

func oxfordWord(n int) string {
	if n >= 0 && n < len(oxfordWords) {
		return oxfordWords[n]
	}
	return ""
}
