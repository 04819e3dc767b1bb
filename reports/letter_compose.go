package reports

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/pelvicnotes/pelvicnotes/store"
)

// LetterRecords is everything a letter is composed from: the record as it
// stands and who writes to whom.
type LetterRecords struct {
	Kind     string // store.LetterInitial, LetterProgress or LetterDischarge
	Date     time.Time
	Settings store.ClinicSettings // letterhead, paper, dilator set, Marinoff wording
	Signer   store.Practitioner
	Patient  store.Patient
	To       store.Referrer
	CC       []store.Referrer
	Sessions []store.Session // the patient's notes as stored, in treatment order
	Measures []store.MeasureResponse
	// HasProgramme says a home programme has been issued: only then does
	// the letter speak of one.
	HasProgramme bool
}

// LetterSection is one editable part of the body: a heading and plain text
// paragraphs separated by blank lines. An empty Text leaves the section out.
type LetterSection struct {
	Key     string
	Heading string
	Text    string
}

// Section keys of a composed letter, in the order they print.
const (
	SectionOpening      = "opening"
	SectionReason       = "reason"
	SectionPresentation = "presentation"
	SectionFindings     = "findings"
	SectionTreatment    = "treatment"
	SectionDilator      = "dilator"
	SectionOutcomes     = "outcomes" // the outcome table follows this text
	SectionGoals        = "goals"
	SectionPlan         = "plan"
	SectionClosing      = "closing"
)

// OutcomeRow is one line of the outcome table: the first and the latest
// scored result of an instrument, and what the change means.
type OutcomeRow struct {
	Instrument  string // the instrument's name, e.g. "PHQ-9"
	First       string // "6 (3 Mar 2026)"
	Latest      string
	Change      string // "−3", "+2.5", "0"
	Meaning     string // "clinically important improvement", ...
	FirstScore  float64
	LatestScore float64
}

// LetterTrigger is one trigger point of the latest examination, for the
// clock map.
type LetterTrigger struct {
	Hour  int
	Layer string
	NRS   int
}

// LetterTrendPoint is one value of a trend series.
type LetterTrendPoint struct {
	At    time.Time
	Value float64
}

// LetterSeries is one line of the trend chart, scaled from Min to Max.
type LetterSeries struct {
	Name     string
	Min, Max float64
	Points   []LetterTrendPoint
	Colour   [3]int
	// For an outcome measure's panel: its band boundaries or cut-off (the
	// same lines as the Measures tab) and which way is better.
	Thresholds     []store.Threshold
	HigherIsBetter bool
}

// ComposedLetter is a letter ready to print: the sections may be edited
// before issuing; the outcome table and the figures stay as computed.
type ComposedLetter struct {
	Kind     string
	Date     time.Time
	Clinic   store.Clinic
	Paper    string
	Signer   store.Practitioner
	Patient  store.Patient
	To       store.Referrer
	CC       []store.Referrer
	Sections []LetterSection
	Outcomes []OutcomeRow
	// OutcomeNote explains how the Meaning column was judged.
	OutcomeNote string
	// Triggers are the latest examination's trigger points (the clock map);
	// TriggersDate is when they were found.
	Triggers     []LetterTrigger
	TriggersDate time.Time
	// TriggersRectal draws the clock's rectal face (store.RectalView).
	TriggersRectal bool
	Trend          []LetterSeries // pain and dilator size over time
	// MeasureTrends are the totals of the other outcome measures scored at
	// least twice, one small panel each, drawn after the outcome table.
	MeasureTrends []LetterSeries
}

// Section returns the section with the key, or nil.
// HasClockMap tells whether the letter has a clock map: the latest
// internal examination's trigger points, or that it found none after
// earlier ones.
func (l ComposedLetter) HasClockMap() bool { return len(l.Triggers) > 0 || !l.TriggersDate.IsZero() }

// ClockCaption is the words under the clock map.
func (l ComposedLetter) ClockCaption() string {
	if len(l.Triggers) == 0 {
		return "No trigger points found on " + l.TriggersDate.Format("2 Jan 2006") + "."
	}
	if l.TriggersRectal {
		return "Trigger points on " + l.TriggersDate.Format("2 Jan 2006") + " (pain 0–10), rectal examination, pubic symphysis at 12: superficial inner ring, deep outer ring."
	}
	return "Trigger points on " + l.TriggersDate.Format("2 Jan 2006") + " (pain 0–10), seen in lithotomy: superficial inner ring, deep outer ring."
}

func (l *ComposedLetter) Section(key string) *LetterSection {
	for i := range l.Sections {
		if l.Sections[i].Key == key {
			return &l.Sections[i]
		}
	}
	return nil
}

// KindTitle is the letter's title line, e.g. "Progress report".
func KindTitle(kind string) string {
	switch kind {
	case store.LetterInitial:
		return "Initial assessment"
	case store.LetterProgress:
		return "Progress report"
	case store.LetterDischarge:
		return "Discharge summary"
	}
	return "Letter"
}

// outcomeNote is what the outcome table's last column rests on (DOMAIN §2).
const outcomeNote = "Pain NRS: a change of 2 points or 30% or more is clinically important (Farrar 2001). " +
	"The other measures show the direction of change and their published bands or cut-offs; " +
	"no threshold for clinically important change is applied to them."

// ComposeLetter builds the default text of a letter from the record: an
// initial letter gives the assessment findings and the plan, a progress
// letter what has changed since the start, a discharge letter the outcome
// and advice for after discharge. It reads only signed notes (an amended
// note counts as its latest amendment). It is a pure function of rec.
func ComposeLetter(rec LetterRecords) ComposedLetter {
	cs := rec.Settings
	l := ComposedLetter{
		Kind: rec.Kind, Date: rec.Date, Clinic: cs.Clinic, Paper: cs.PaperSize, Signer: rec.Signer,
		Patient: rec.Patient, To: rec.To, CC: rec.CC, OutcomeNote: outcomeNote,
	}
	var signed []store.Session
	for _, s := range store.EffectiveSessions(rec.Sessions) {
		if s.Status == store.StatusSigned {
			signed = append(signed, s)
		}
	}
	sort.SliceStable(signed, func(i, j int) bool { return signed[i].TreatedAt.Before(signed[j].TreatedAt) })
	if rec.Kind == store.LetterInitial && len(signed) > 0 {
		// The initial letter reports the assessment: the first session.
		signed = signed[:1]
	}
	p := rec.Patient
	first := firstName(p.Name)
	var firstS, lastS *store.Session
	if len(signed) > 0 {
		firstS, lastS = &signed[0], &signed[len(signed)-1]
	}

	add := func(key, heading, text string) {
		l.Sections = append(l.Sections, LetterSection{Key: key, Heading: heading, Text: strings.TrimSpace(text)})
	}

	// Opening.
	var open string
	switch {
	case firstS == nil:
		open = fmt.Sprintf("I am writing about %s. This letter summarises the record to date.", p.Name)
	case rec.Kind == store.LetterInitial && rec.To.ID != "" && rec.To.ID == p.Referral.ReferrerID:
		open = fmt.Sprintf("Thank you for referring %s, whom I saw for a pelvic-floor physiotherapy assessment on %s.", p.Name, dateWords(firstS.TreatedAt))
	case rec.Kind == store.LetterInitial:
		// Written to someone other than the referrer, who referred nobody.
		open = fmt.Sprintf("I am writing about %s, whom I saw for a pelvic-floor physiotherapy assessment on %s.", p.Name, dateWords(firstS.TreatedAt))
	case rec.Kind == store.LetterProgress:
		open = fmt.Sprintf("I am writing to update you on %s, whom I have seen %s since %s for pelvic-floor physiotherapy.", p.Name, times(len(signed)), dateWords(firstS.TreatedAt))
	default:
		open = fmt.Sprintf("%s has completed a course of pelvic-floor physiotherapy: %s between %s and %s. I have now discharged %s from my care.",
			p.Name, plural(len(signed), "session", "sessions"), dateWords(firstS.TreatedAt), dateWords(lastS.TreatedAt), first)
	}
	add(SectionOpening, "", "Dear "+rec.To.Name+",\n\n"+open)

	// Reason for referral.
	var reason []string
	if r := strings.TrimSpace(p.Referral.Reason); r != "" {
		reason = append(reason, r)
	}
	if len(p.Referral.Diagnoses) > 0 {
		var ds []string
		for _, d := range p.Referral.Diagnoses {
			s := d.Text
			if d.Code != "" {
				s += " (" + codeSystemName(d.System) + " " + d.Code + ")"
			}
			ds = append(ds, s)
		}
		reason = append(reason, "Diagnoses: "+strings.Join(ds, "; ")+".")
	}
	if !p.Referral.Date.IsZero() {
		reason = append(reason, "Referred on "+p.Referral.Date.Display()+".")
	}
	add(SectionReason, "Reason for referral", strings.Join(reason, "\n\n"))

	// Presentation.
	add(SectionPresentation, "Presentation", presentation(p, firstS, rec.Measures, cs))

	// Examination findings.
	findings := ""
	switch rec.Kind {
	case store.LetterInitial:
		if e := examined(signed, false); e != nil {
			findings = "On assessment (" + dateWords(e.TreatedAt) + "): " + examWords(e.Examination, cs)
		}
	default:
		a, b := examined(signed, false), examined(signed, true)
		switch {
		case a == nil:
		case a == b:
			findings = "On assessment (" + dateWords(a.TreatedAt) + "): " + examWords(a.Examination, cs)
		default:
			findings = "At the start (" + dateWords(a.TreatedAt) + "): " + examWords(a.Examination, cs) +
				"\n\nMost recently (" + dateWords(b.TreatedAt) + "): " + examWords(b.Examination, cs)
		}
	}
	if findings == "" {
		findings = "No internal examination has been recorded."
	}
	add(SectionFindings, "Examination findings", findings)
	// The clock map shows the latest internal examination's trigger points:
	// none found there is a finding too once earlier ones were mapped, so an
	// old map does not stand for the latest examination.
	for i := len(signed) - 1; i >= 0; i-- {
		e := signed[i].Examination
		if len(e.TriggerPoints) == 0 && !internallyExamined(e) {
			continue
		}
		for _, tp := range e.TriggerPoints {
			l.Triggers = append(l.Triggers, LetterTrigger{Hour: tp.Hour, Layer: tp.Layer, NRS: tp.NRS})
		}
		l.TriggersDate = signed[i].TreatedAt
		l.TriggersRectal = store.RectalView(rec.Patient, signed[i])
		if len(l.Triggers) == 0 && !slices.ContainsFunc(signed[:i], func(s store.Session) bool { return len(s.Examination.TriggerPoints) > 0 }) {
			l.TriggersDate = time.Time{}
		}
		break
	}

	// Treatment.
	heading := "Treatment"
	if rec.Kind == store.LetterInitial {
		heading = "Treatment at the first session"
	}
	add(SectionTreatment, heading, treatmentWords(signed))

	// Dilator.
	add(SectionDilator, "Dilator programme", dilatorWords(signed, cs))

	// Outcomes.
	if rec.Kind != store.LetterInitial {
		l.Outcomes = outcomeRows(rec.Measures)
	}
	outText := ""
	switch {
	case rec.Kind == store.LetterInitial:
		outText = baselineWords(rec.Measures)
	case len(l.Outcomes) == 0:
		outText = "No outcome measure has been repeated yet, so there is no change to report."
	default:
		outText = "First and latest scores of each outcome measure repeated during treatment:"
	}
	add(SectionOutcomes, "Outcome measures", outText)

	// Goals.
	add(SectionGoals, "Goals", goalWords(p.Goals, rec.Kind))

	// Plan and recommendations.
	add(SectionPlan, planHeading(rec.Kind), planWords(rec.Kind, p, signed, lastS, cs, rec.To, rec.HasProgramme))

	// Closing.
	add(SectionClosing, "", "Please do not hesitate to contact me if you have any questions.\n\nYours sincerely,")

	// Trend: pain and dilator size. The pain line is the pain NRS outcome
	// measure, so its latest value is the one in the outcome table; without
	// NRS scores it falls back to the notes' pain with penetration, then to
	// pain at rest (the screen's progress chart).
	pain := LetterSeries{Name: painNRSName, Min: 0, Max: 10, Colour: [3]int{0xc0, 0x39, 0x2b}}
	size := LetterSeries{Name: "Dilator size", Min: 1, Max: float64(max(len(cs.Dilators), 2)), Colour: [3]int{0x1d, 0x6f, 0x6b}}
	if by, _ := scoredByInstrument(rec.Measures); len(by[store.InstrumentNRS]) > 0 {
		for _, sc := range by[store.InstrumentNRS] {
			pain.Points = append(pain.Points, LetterTrendPoint{At: sc.m.Taken.Time(), Value: sc.r.Total})
		}
	} else {
		var penetration, rest []LetterTrendPoint
		for _, s := range signed {
			if v := s.Subjective.PainPenetration; v != nil {
				penetration = append(penetration, LetterTrendPoint{At: s.TreatedAt, Value: float64(*v)})
			}
			if v := s.Subjective.PainNow; v != nil {
				rest = append(rest, LetterTrendPoint{At: s.TreatedAt, Value: float64(*v)})
			}
		}
		pain.Name, pain.Points = "Pain with penetration (0–10)", penetration
		if len(penetration) == 0 {
			pain.Name, pain.Points = "Pain at rest (0–10)", rest
		}
	}
	for _, s := range signed {
		if s.Dilator != nil {
			if i := dilatorAt(cs, s.Dilator.SizeLabel); i >= 0 {
				size.Points = append(size.Points, LetterTrendPoint{At: s.TreatedAt, Value: float64(i + 1)})
			}
		}
	}
	painFromNRS := false
	if rec.Kind != store.LetterInitial && len(pain.Points)+len(size.Points) >= 2 {
		if len(pain.Points) > 0 {
			l.Trend = append(l.Trend, pain)
			painFromNRS = pain.Name == painNRSName
		}
		if len(size.Points) > 0 {
			l.Trend = append(l.Trend, size)
		}
	}
	if rec.Kind != store.LetterInitial {
		l.MeasureTrends = measureTrends(rec.Measures, painFromNRS)
	}
	return l
}

const painNRSName = "Pain NRS (0–10)"

// measureTrends is one series per instrument scored at least twice (the
// instruments of the outcome table), in the table's order, each on its
// instrument's whole range. Pain NRS is left out when the trend chart
// already draws it.
func measureTrends(measures []store.MeasureResponse, skipNRS bool) []LetterSeries {
	by, ins := scoredByInstrument(measures)
	var out []LetterSeries
	for _, in := range ins {
		list := by[in.ID]
		if len(list) < 2 || (skipNRS && in.ID == store.InstrumentNRS) {
			continue
		}
		s := LetterSeries{Name: in.Name, Min: in.TotalMin, Max: in.TotalMax, Colour: figTeal,
			Thresholds: store.Thresholds(in.ID), HigherIsBetter: list[0].r.HigherIsBetter}
		for _, sc := range list {
			s.Points = append(s.Points, LetterTrendPoint{At: sc.m.Taken.Time(), Value: sc.r.Total})
		}
		out = append(out, s)
	}
	return out
}

func firstName(name string) string {
	if f := strings.Fields(name); len(f) > 0 {
		return f[0]
	}
	return name
}

func dateWords(t time.Time) string { return t.Format("2 January 2006") }

func times(n int) string {
	switch n {
	case 1:
		return "once"
	case 2:
		return "twice"
	}
	return strconv.Itoa(n) + " times"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func codeSystemName(system string) string {
	switch system {
	case store.SystemSNOMED:
		return "SNOMED CT"
	case store.SystemICD10:
		return "ICD-10"
	case store.SystemICD11:
		return "ICD-11"
	}
	return system
}

func marinoffWords(grade int, cs store.ClinicSettings) string {
	words := ""
	if grade >= 0 && grade < len(cs.MarinoffGrades) {
		words = cs.MarinoffGrades[grade]
	} else if grade >= 0 && grade < len(store.MarinoffGrades) {
		words = store.MarinoffGrades[grade]
	}
	if words == "" {
		return fmt.Sprintf("Marinoff grade %d", grade)
	}
	return fmt.Sprintf("Marinoff grade %d (%s)", grade, lowerFirst(strings.TrimSuffix(strings.TrimSpace(words), ".")))
}

func presentation(p store.Patient, s *store.Session, measures []store.MeasureResponse, cs store.ClinicSettings) string {
	var parts []string
	if s != nil {
		sub := s.Subjective
		switch sub.Location {
		case store.LocationEntry:
			parts = append(parts, "Pain is at the entrance (superficial dyspareunia)")
		case store.LocationDeep:
			parts = append(parts, "Pain is deep, with deeper penetration")
		case store.LocationBoth:
			parts = append(parts, "Pain is both at the entrance and deep")
		}
		provoked := ""
		switch sub.Provoked {
		case store.Provoked:
			provoked = "provoked by touch or penetration"
		case store.Unprovoked:
			provoked = "present without provocation"
		case store.ProvokedBoth:
			provoked = "both provoked and present at rest"
		}
		switch {
		case provoked != "" && len(parts) == 0:
			// No location: the sentence still says what is provoked.
			parts = append(parts, "Pain is "+provoked)
		case provoked != "":
			parts = append(parts, provoked)
		}
		if sub.Marinoff != nil {
			parts = append(parts, marinoffWords(*sub.Marinoff, cs))
		}
		if sub.PainPenetration != nil {
			parts = append(parts, fmt.Sprintf("pain with penetration %d/10", *sub.PainPenetration))
		}
		if sub.PainNow != nil {
			parts = append(parts, fmt.Sprintf("pain at rest %d/10", *sub.PainNow))
		}
	}
	var out []string
	if len(parts) > 0 {
		out = append(out, capitalise(strings.Join(parts, "; "))+".")
	}
	if s != nil && strings.TrimSpace(s.Subjective.Text) != "" {
		out = append(out, strings.TrimSpace(s.Subjective.Text))
	}
	if len(p.Goals) > 0 {
		var gs []string
		for _, g := range p.Goals {
			gs = append(gs, "“"+strings.TrimSpace(g.Text)+"”")
		}
		out = append(out, "In "+possessive(firstName(p.Name))+" own words, the goals are: "+strings.Join(gs, "; ")+".")
	}
	return strings.Join(out, "\n\n")
}

func possessive(name string) string {
	if strings.HasSuffix(name, "s") {
		return name + "’"
	}
	return name + "’s"
}

// internallyExamined tells whether an examination has findings only an
// internal (vaginal) examination gives: tone, Oxford grading or PERFECT.
func internallyExamined(e store.Examination) bool {
	return e.Tone != "" || e.OxfordLeft != nil || e.OxfordRight != nil || e.PERFECT != nil
}

// examined is the first (or, with latest, the last) session with any
// examination finding.
func examined(sessions []store.Session, latest bool) *store.Session {
	has := func(e store.Examination) bool {
		return e.Tone != "" || e.OxfordLeft != nil || e.OxfordRight != nil || e.PERFECT != nil ||
			len(e.TriggerPoints) > 0 || len(e.Swab) > 0 || strings.TrimSpace(e.Text) != ""
	}
	for i := range sessions {
		j := i
		if latest {
			j = len(sessions) - 1 - i
		}
		if has(sessions[j].Examination) {
			return &sessions[j]
		}
	}
	return nil
}

func examWords(e store.Examination, cs store.ClinicSettings) string {
	var parts []string
	if e.Tone != "" {
		t := "pelvic-floor tone " + strings.ToLower(e.Tone.Label())
		if n := strings.TrimSuffix(strings.TrimSpace(e.ToneNote), "."); n != "" {
			t += ": " + lowerFirst(n)
		}
		parts = append(parts, t)
	}
	switch {
	case e.OxfordLeft != nil && e.OxfordRight != nil && *e.OxfordLeft == *e.OxfordRight:
		parts = append(parts, fmt.Sprintf("Modified Oxford %d/5", *e.OxfordLeft))
	case e.OxfordLeft != nil || e.OxfordRight != nil:
		var o []string
		if e.OxfordLeft != nil {
			o = append(o, fmt.Sprintf("left %d/5", *e.OxfordLeft))
		}
		if e.OxfordRight != nil {
			o = append(o, fmt.Sprintf("right %d/5", *e.OxfordRight))
		}
		parts = append(parts, "Modified Oxford "+strings.Join(o, ", "))
	}
	if e.PERFECT != nil {
		parts = append(parts, "PERFECT "+e.PERFECT.Profile())
	}
	out := ""
	if len(parts) > 0 {
		out = capitalise(strings.Join(parts, "; ")) + "."
	}
	if tp := triggerWords(e.TriggerPoints); tp != "" {
		out += " " + tp
	}
	if sw := swabWords(e.Swab); sw != "" {
		out += " " + sw
	}
	if t := strings.TrimSpace(e.Text); t != "" {
		out += " " + t
	}
	return strings.TrimSpace(out)
}

// triggerWords summarises trigger points by muscle and the patient's side:
// the worst pain of each, and the clock positions.
func triggerWords(tps []store.TriggerPoint) string {
	if len(tps) == 0 {
		return ""
	}
	type group struct {
		muscle, side string
		hours        []int
		worst        int
		referred     bool
	}
	var groups []*group
	find := func(m, s string) *group {
		for _, g := range groups {
			if g.muscle == m && g.side == s {
				return g
			}
		}
		g := &group{muscle: m, side: s, worst: -1}
		groups = append(groups, g)
		return g
	}
	for _, tp := range tps {
		m := strings.TrimSpace(tp.Muscle)
		if m == "" {
			m = "unnamed site (" + tp.Layer + ")"
		}
		g := find(m, tp.Side)
		g.hours = append(g.hours, tp.Hour)
		g.worst = max(g.worst, tp.NRS)
		g.referred = g.referred || tp.Referral
	}
	sort.SliceStable(groups, func(i, j int) bool { return groups[i].worst > groups[j].worst })
	var out []string
	for _, g := range groups {
		sort.Ints(g.hours)
		var hs []string
		for _, h := range g.hours {
			hs = append(hs, strconv.Itoa(h))
		}
		s := g.muscle
		if g.side != "" {
			s += ", " + g.side
		}
		s += fmt.Sprintf(" %d/10 (%s o’clock", g.worst, strings.Join(hs, ", "))
		if g.referred {
			s += ", referred pain"
		}
		out = append(out, s+")")
	}
	return fmt.Sprintf("Trigger points (%s): %s.", plural(len(tps), "site", "sites"), strings.Join(out, "; "))
}

func swabWords(sites []store.SwabSite) string {
	if len(sites) == 0 {
		return ""
	}
	s := append([]store.SwabSite(nil), sites...)
	sort.SliceStable(s, func(i, j int) bool { return s[i].Hour < s[j].Hour })
	var parts []string
	worst := s[0]
	for _, x := range s {
		parts = append(parts, fmt.Sprintf("%d o’clock %d/10", x.Hour, x.NRS))
		if x.NRS > worst.NRS {
			worst = x
		}
	}
	return fmt.Sprintf("Cotton-swab test: %s; most painful at %d o’clock.", strings.Join(parts, ", "), worst.Hour)
}

func treatmentWords(sessions []store.Session) string {
	if len(sessions) == 0 {
		return "No treatment session has been signed yet."
	}
	counts := map[string]int{}
	var order []string
	for _, s := range sessions {
		seen := map[string]bool{}
		for _, t := range s.Treatment {
			if seen[t.TechniqueID] {
				continue
			}
			seen[t.TechniqueID] = true
			if counts[t.TechniqueID] == 0 {
				order = append(order, t.TechniqueID)
			}
			counts[t.TechniqueID]++
		}
	}
	sort.SliceStable(order, func(i, j int) bool { return counts[order[i]] > counts[order[j]] })
	var out []string
	first, last := sessions[0].TreatedAt, sessions[len(sessions)-1].TreatedAt
	if len(sessions) == 1 {
		out = append(out, "One session, on "+dateWords(first)+".")
	} else {
		out = append(out, fmt.Sprintf("%s attended between %s and %s.", plural(len(sessions), "session", "sessions"), dateWords(first), dateWords(last)))
	}
	if len(order) > 0 {
		var ts []string
		for _, id := range order {
			name := id
			if t, ok := store.TechniqueByID(id); ok {
				name = t.Name
			}
			if len(sessions) > 1 {
				name += fmt.Sprintf(" (%s)", plural(counts[id], "session", "sessions"))
			}
			ts = append(ts, name)
		}
		out = append(out, "Treatment included: "+strings.Join(ts, "; ")+".")
	}
	return strings.Join(out, " ")
}

func dilatorAt(cs store.ClinicSettings, label string) int {
	for i, d := range cs.Dilators {
		if strings.EqualFold(strings.TrimSpace(d.Label), strings.TrimSpace(label)) {
			return i
		}
	}
	return -1
}

func dilatorName(cs store.ClinicSettings, label string) string {
	if i := dilatorAt(cs, label); i >= 0 {
		d := cs.Dilators[i]
		l := strings.TrimSpace(d.Label)
		switch {
		case strings.Contains(l, "mm") && strings.HasSuffix(l, ")"):
			// "Example 1 (13 mm)" → "Example 1 (13 mm, size 1 of 6)".
			return fmt.Sprintf("%s, size %d of %d)", strings.TrimSuffix(l, ")"), i+1, len(cs.Dilators))
		case strings.Contains(l, "mm"):
			return fmt.Sprintf("%s (size %d of %d)", l, i+1, len(cs.Dilators))
		}
		return fmt.Sprintf("%s (size %d of %d, %s mm across)", d.Label, i+1, len(cs.Dilators), strconv.FormatFloat(d.DiameterMM, 'f', -1, 64))
	}
	return label
}

func dilatorWords(sessions []store.Session, cs store.ClinicSettings) string {
	var used []store.Session
	for _, s := range sessions {
		if s.Dilator != nil {
			used = append(used, s)
		}
	}
	if len(used) == 0 {
		return ""
	}
	a, b := used[0], used[len(used)-1]
	var out string
	if len(used) == 1 {
		out = fmt.Sprintf("Dilator work started on %s with %s, pain %d/10.", dateWords(a.TreatedAt), dilatorName(cs, a.Dilator.SizeLabel), a.Dilator.Pain)
	} else {
		out = fmt.Sprintf("Dilator work started on %s with %s at pain %d/10. Most recently, on %s: %s at pain %d/10. Dilators were used in %s.",
			dateWords(a.TreatedAt), dilatorName(cs, a.Dilator.SizeLabel), a.Dilator.Pain,
			dateWords(b.TreatedAt), dilatorName(cs, b.Dilator.SizeLabel), b.Dilator.Pain, plural(len(used), "session", "sessions"))
	}
	if st := store.DilatorProgress(sessions, cs); st.Suggestion != "" {
		out += " " + st.Suggestion
	}
	return out
}

// scoreWords writes a score the way the measures screen does.
func scoreWords(f float64) string {
	return strconv.FormatFloat(math.Round(f*100)/100, 'f', -1, 64)
}

func changeWords(d float64) string {
	d = math.Round(d*100) / 100
	switch {
	case d > 0:
		return "up " + scoreWords(d)
	case d < 0:
		return "down " + scoreWords(-d)
	}
	return "none"
}

type scored struct {
	m store.MeasureResponse
	r store.Result
}

func scoredByInstrument(measures []store.MeasureResponse) (map[string][]scored, []store.Instrument) {
	by := map[string][]scored{}
	for _, m := range measures {
		r, err := store.Score(m)
		if err != nil || !r.Scored {
			continue
		}
		by[m.Instrument] = append(by[m.Instrument], scored{m, r})
	}
	for _, list := range by {
		sort.SliceStable(list, func(i, j int) bool { return list[i].m.Taken.Before(list[j].m.Taken) })
	}
	return by, store.Instruments()
}

// OutcomeRows is the outcome table: for each instrument scored at least
// twice, the first and the latest score, the change and what it means. Only
// pain NRS has a rule for clinically important change (DOMAIN §2); the
// others give their direction and band.
func outcomeRows(measures []store.MeasureResponse) []OutcomeRow {
	by, ins := scoredByInstrument(measures)
	var rows []OutcomeRow
	for _, in := range ins {
		list := by[in.ID]
		if len(list) < 2 {
			continue
		}
		a, b := list[0], list[len(list)-1]
		row := OutcomeRow{
			Instrument: in.Name,
			First:      scoreWords(a.r.Total) + " (" + a.m.Taken.Display() + ")",
			Latest:     scoreWords(b.r.Total) + " (" + b.m.Taken.Display() + ")",
			Change:     changeWords(b.r.Total - a.r.Total), FirstScore: a.r.Total, LatestScore: b.r.Total,
		}
		row.Meaning = outcomeMeaning(in.ID, a.r, b.r)
		rows = append(rows, row)
	}
	return rows
}

func outcomeMeaning(id string, a, b store.Result) string {
	if id == store.InstrumentNRS {
		_, words := store.ClinicallyImportantChange(a.Total, b.Total)
		if i := strings.Index(words, ":"); i > 0 {
			words = words[:i]
		}
		return words
	}
	diff := b.Total - a.Total
	var dir string
	switch {
	case math.Abs(diff) < 1e-9:
		dir = "no change"
	case (diff > 0) == a.HigherIsBetter:
		dir = "better"
	default:
		dir = "worse"
	}
	if a.Band != "" && b.Band != "" && a.Band != b.Band {
		dir += " (was " + bandReading(id, a.Band) + ", now " + bandReading(id, b.Band) + ")"
	} else if b.Band != "" {
		dir += " (" + bandReading(id, b.Band) + ")"
	}
	return dir
}

// bandReading turns a store band that is a phrase of its own ("suggests
// sexual dysfunction", "not clinically relevant") into words that read
// after "was" or "now" in the outcome table and say what was measured.
func bandReading(id, band string) string {
	switch {
	case strings.HasPrefix(band, "suggests "):
		// FSFI, FSDS-R: "suggests sexual dysfunction" → "in the range
		// suggesting sexual dysfunction".
		return "in the range suggesting " + strings.TrimPrefix(band, "suggests ")
	case id == store.InstrumentPCS && band == "not clinically relevant":
		return "catastrophising below the clinically relevant level"
	case id == store.InstrumentPCS && band == "clinically relevant":
		return "clinically relevant catastrophising"
	}
	return band
}

func baselineWords(measures []store.MeasureResponse) string {
	by, ins := scoredByInstrument(measures)
	var parts []string
	for _, in := range ins {
		list := by[in.ID]
		if len(list) == 0 {
			continue
		}
		r := list[0]
		s := fmt.Sprintf("%s %s of %s", in.Name, scoreWords(r.r.Total), scoreWords(r.r.Max))
		if r.r.Band != "" {
			s += " (" + r.r.Band + ")"
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return ""
	}
	return "Baseline scores: " + strings.Join(parts, "; ") + ". I will repeat them to measure change."
}

func goalWords(goals []store.Goal, kind string) string {
	if len(goals) == 0 {
		return ""
	}
	var out []string
	for _, g := range goals {
		s := "“" + strings.TrimSpace(g.Text) + "”: " + strings.ToLower(g.Status.Label())
		if kind == store.LetterInitial {
			s = "“" + strings.TrimSpace(g.Text) + "”"
		}
		out = append(out, "• "+s)
	}
	return strings.Join(out, "\n")
}

func planHeading(kind string) string {
	if kind == store.LetterDischarge {
		return "Advice after discharge and recommendations"
	}
	return "Plan and recommendations"
}

func planWords(kind string, p store.Patient, sessions []store.Session, last *store.Session, cs store.ClinicSettings, to store.Referrer, hasProgramme bool) string {
	var out []string
	if last != nil && strings.TrimSpace(last.Plan) != "" && kind != store.LetterDischarge {
		out = append(out, strings.TrimSpace(last.Plan))
	}
	first := firstName(p.Name)
	switch kind {
	case store.LetterInitial:
		// What the treatment starts with follows the tone found: down-training
		// an overactive pelvic floor, strengthening only an underactive one.
		focus := "pelvic-floor physiotherapy"
		if e := examined(sessions, true); e != nil {
			switch e.Examination.Tone {
			case store.ToneOveractive:
				focus = "down-training of the pelvic floor, manual therapy and graded exposure"
			case store.ToneUnderactive:
				focus = "pelvic-floor strengthening"
			}
		}
		routine := ""
		if hasProgramme {
			routine = ", with a daily home programme"
		}
		out = append(out, fmt.Sprintf("I plan to see %s regularly for %s%s, and will write again with progress.", first, focus, routine))
	case store.LetterProgress:
		if last != nil && last.Kind == store.SessionDischarge {
			// The notes already say the course has ended: do not promise more.
			s := fmt.Sprintf("Treatment ended at the discharge session on %s.", dateWords(last.TreatedAt))
			if hasProgramme {
				s = fmt.Sprintf("Treatment ended at the discharge session on %s; %s continues with the home programme.", dateWords(last.TreatedAt), first)
			}
			out = append(out, s)
			break
		}
		s := fmt.Sprintf("%s continues with treatment.", first)
		if hasProgramme {
			s = fmt.Sprintf("%s continues with treatment and the home programme.", first)
		}
		out = append(out, s+" I will write again at discharge or if anything changes.")
	default:
		if hasProgramme {
			out = append(out, fmt.Sprintf("%s has a home programme to continue, including a plan for flare-ups. I would be happy to see %s again if symptoms return.", first, first))
		} else {
			out = append(out, fmt.Sprintf("I would be happy to see %s again if symptoms return.", first))
		}
	}
	role := strings.ToLower(to.Role)
	if kind == store.LetterDischarge {
		// After a course that ended, the advice is for if symptoms return.
		switch {
		case strings.Contains(role, "gyn"):
			out = append(out, "Recommendation to the gynaecologist: should the pain return, please review any hormonal, skin or infective contribution; physiotherapy findings are above.")
		case strings.Contains(role, "gp") || strings.Contains(role, "general pract"):
			out = append(out, "Recommendation to the GP: should the pain return, please consider re-referral to physiotherapy, psychological support (CBT or mindfulness) and "+specialistReview(p.Sex)+".")
		}
		return strings.Join(out, "\n\n")
	}
	switch {
	case strings.Contains(role, "gyn"):
		out = append(out, "Recommendation to the gynaecologist: please review any hormonal, skin or infective contribution to the pain; physiotherapy findings are above.")
	case strings.Contains(role, "psych"):
		out = append(out, "Recommendation to the psychologist: pain-focused psychological support (CBT or mindfulness) alongside physiotherapy would be welcome.")
	case strings.Contains(role, "gp") || strings.Contains(role, "general pract"):
		out = append(out, "Recommendation to the GP: please consider referral for psychological support (CBT or mindfulness) and "+specialistReview(p.Sex)+" if pain persists.")
	}
	return strings.Join(out, "\n\n")
}

// specialistReview is the medical review a GP is asked to consider: a
// gynaecological one for a woman, a urological one for a man.
func specialistReview(sex store.Sex) string {
	switch sex {
	case store.SexFemale:
		return "gynaecological review"
	case store.SexMale:
		return "urological review"
	}
	return "gynaecological or urological review as appropriate"
}

// lowerFirst lower-cases the first letter of a note that continues a
// sentence, unless it starts an abbreviation ("PFM", "GP").
func lowerFirst(s string) string {
	r := []rune(s)
	if len(r) > 1 && unicode.IsUpper(r[0]) && !unicode.IsUpper(r[1]) {
		r[0] = unicode.ToLower(r[0])
	}
	return string(r)
}
