package store

// Outcome-measure scoring (DOMAIN §2, issue 5).
//
// Every instrument has one pure function that scores it exactly as its
// authors publish it, plus Score, which scores a stored MeasureResponse into
// the one Result shape the screens and letters use. Nothing here reads or
// writes the database.
//
// Rules that hold throughout:
//   - A missing answer (a nil item) is never scored as 0. Each instrument's
//     missing-answer rule is applied as published (sources below), and what it
//     did is said in a clinician's words (the Missing / Note fields).
//   - An answer outside its item's range, or the wrong number of answers, is
//     an error (*ScoreError) that names the item, as
//     "PHQ-9: item 4 is 7; answers run from 0 to 3".
//   - Item ranges come from Instruments() in measures.go, the one place the
//     shape of each instrument is written down.
//   - No item wording of the FSFI, FSDS-R, PCS, PFDI-20 or PFIQ-7 appears in
//     this file: they are copyrighted or licensed. Only item numbers, scale
//     names and the scoring arithmetic are used.

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// PHQAttribution is the line every screen or document showing the PHQ-9 or
// GAD-7 carries (Pfizer, 2010: free to use).
const PHQAttribution = "PHQ-9 and GAD-7: developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute."

// FSFIPainNote is what every display of the FSFI pain domain says: the
// domain is scored so that a higher score means less pain (Rosen 2000).
const FSFIPainNote = "a higher pain-domain score means less pain"

// ScoreError says why a response cannot be scored: an answer out of range,
// the wrong number of answers, or a total or subscale that cannot be right.
type ScoreError struct {
	Instrument string // the instrument's name, as "PHQ-9"
	Item       int    // the item at fault, from 1; 0 when the fault is not one item's
	Subscale   string // the subscale at fault (PCS), if any
	Message    string // e.g. "item 4 is 7; answers run from 0 to 3"
}

func (e *ScoreError) Error() string { return e.Instrument + ": " + e.Message }

// ---------------------------------------------------------------------------
// The common shape

// Result is a scored measure in the one shape the measures tab, the trend
// chart and the progress letter use.
type Result struct {
	Instrument string // an Instrument ID
	Scored     bool   // false when the missing-answer rule leaves no total; Missing says why
	Total      float64
	Min, Max   float64 // the range of the total
	Band       string  // severity band or cut-off reading, "" when the instrument has none
	Domains    []DomainScore
	Flags      []string // things the clinician must read with the score
	Alert      string   // an alert that must not be missed (PHQ-9 item 9); "" when none
	// Missing says what the missing-answer rule did, in a clinician's words;
	// "" when every answer was given.
	Missing        string
	HigherIsBetter bool
}

// DomainScore is one domain, scale or subscale of a Result.
type DomainScore struct {
	Key, Name string
	Score     float64
	Min, Max  float64
	Scored    bool
	Note      string
}

// Threshold is a line the trend chart draws across an instrument's scale:
// a band boundary or a cut-off, with the words that go beside it.
type Threshold struct {
	At    float64
	Label string
	// Below says the words describe the scores below the line (FSFI's
	// "26.55 or less"); otherwise they describe those above it.
	Below bool
}

// Thresholds returns the band boundaries or cut-off of an instrument, for
// drawing; nil when it has none.
func Thresholds(instrument string) []Threshold {
	switch instrument {
	case InstrumentPHQ9:
		return bandThresholds(phq9Bands)
	case InstrumentGAD7:
		return bandThresholds(gad7Bands)
	case InstrumentFSFI:
		return []Threshold{{At: FSFICutoff, Label: "26.55 or less suggests sexual dysfunction", Below: true}}
	case InstrumentFSDSR:
		return []Threshold{{At: FSDSRDistressFrom, Label: "11 or more suggests sexually related distress (cut-off unconfirmed)"}}
	case InstrumentPCS:
		return []Threshold{{At: PCSClinicallyRelevantAbove, Label: "above 30 is clinically relevant catastrophising"}}
	}
	return nil
}

// Score scores a stored response. Items-based instruments are scored from
// their items (any Total kept with them is ignored); totals-only
// instruments from their Total and Subscales.
func Score(m MeasureResponse) (Result, error) {
	in, ok := InstrumentByID(m.Instrument)
	if !ok {
		return Result{}, &ScoreError{Instrument: m.Instrument, Message: "not an instrument PelvicNotes scores"}
	}
	r := Result{Instrument: in.ID, Min: in.TotalMin, Max: in.TotalMax}
	if in.TotalsOnly && len(m.Items) > 0 {
		return Result{}, &ScoreError{Instrument: in.Name, Message: "only the total may be kept for this licensed instrument, not the answers"}
	}

	switch in.ID {
	case InstrumentNRS, InstrumentMarinoff, InstrumentTampon:
		if err := checkCount(in, m.Items); err != nil {
			return Result{}, err
		}
		var s SingleScore
		var err error
		switch in.ID {
		case InstrumentNRS:
			s, err = ScoreNRS(m.Items[0])
		case InstrumentMarinoff:
			s, err = ScoreMarinoff(m.Items[0])
		default:
			s, err = ScoreTampon(m.Items[0])
		}
		if err != nil {
			return Result{}, err
		}
		r.Scored, r.Total, r.Band, r.Missing = s.Scored, float64(s.Score), s.Band, s.Note

	case InstrumentPHQ9:
		p, err := ScorePHQ9(m.Items)
		if err != nil {
			return Result{}, err
		}
		r.Scored, r.Total, r.Band, r.Missing = p.Scored, float64(p.Total), p.Band, p.Note
		if p.Prorated {
			r.Flags = append(r.Flags, "prorated total: "+itemList(p.Missing)+" not answered")
		}
		if p.Item9Missing {
			r.Flags = append(r.Flags, "item 9 (thoughts of being better off dead or of self-harm) was not answered: ask it before relying on this score")
		}
		if p.Item9Alert {
			r.Alert = fmt.Sprintf("PHQ-9 item 9 answered %d (thoughts of being better off dead or of self-harm): assess suicide risk now and give crisis resources, whatever the total", p.Item9)
		}

	case InstrumentGAD7:
		g, err := ScoreGAD7(m.Items)
		if err != nil {
			return Result{}, err
		}
		r.Scored, r.Total, r.Band, r.Missing = g.Scored, float64(g.Total), g.Band, g.Note
		if g.Prorated {
			r.Flags = append(r.Flags, "prorated total: "+itemList(g.Missing)+" not answered")
		}
		if g.WarrantsEvaluation {
			r.Flags = append(r.Flags, "a total of 10 or more warrants further evaluation for an anxiety disorder")
		}

	case InstrumentFSFI:
		f, err := ScoreFSFI(m.Items)
		if err != nil {
			return Result{}, err
		}
		r.HigherIsBetter = true
		r.Scored, r.Total, r.Missing = f.Scored, f.Total, f.Note
		for _, d := range f.Domains {
			r.Domains = append(r.Domains, DomainScore{Key: d.Key, Name: d.Name, Score: d.Score, Min: d.Min, Max: d.Max, Scored: d.Scored, Note: d.Note})
		}
		switch {
		case !f.Scored:
		case f.NoActivityFlag:
			r.Band = "not valid: no sexual activity in the past 4 weeks"
		case f.Dysfunction:
			r.Band = "suggests sexual dysfunction"
		default:
			r.Band = "above the dysfunction cut-off"
		}
		if f.NoActivityFlag {
			r.Flags = append(r.Flags, "the answers say there was no sexual activity in the past 4 weeks: the FSFI is not valid as a measure of sexual function here, and the 26.55 cut-off does not apply")
		} else if len(f.ZeroAnswers) > 0 {
			r.Flags = append(r.Flags, fmt.Sprintf("%s answered 0 (no sexual activity, or no intercourse attempted): each such answer scores as the lowest function, and on a pain item as the most pain; read the score with that in mind", capitalise(itemList(f.ZeroAnswers))))
		}
		if f.Dysfunction {
			r.Flags = append(r.Flags, "a total of 26.55 or less suggests sexual dysfunction (Wiegel 2005)")
		}

	case InstrumentPFDI20, InstrumentPFIQ7:
		var v Inventory
		var err error
		if in.ID == InstrumentPFDI20 {
			v, err = ScorePFDI20(m.Items)
		} else {
			v, err = ScorePFIQ7(m.Items)
		}
		if err != nil {
			return Result{}, err
		}
		r.Scored, r.Total, r.Missing = v.Scored, v.Summary, v.Note
		for _, s := range v.Scales {
			r.Domains = append(r.Domains, DomainScore{Key: s.Key, Name: s.Name, Score: s.Score, Min: 0, Max: 100, Scored: s.Scored, Note: s.Note})
		}

	case InstrumentFSDSR:
		f, err := ScoreFSDSR(m.Total)
		if err != nil {
			return Result{}, err
		}
		r.Scored, r.Total, r.Missing = f.Scored, f.Total, f.Note
		if f.Scored {
			r.Band = "below the distress cut-off"
			if f.Distress {
				r.Band = "suggests sexually related distress"
				r.Flags = append(r.Flags, "a total of 11 or more suggests sexually related distress (cut-off unconfirmed)")
			}
		}

	case InstrumentPCS:
		p, err := ScorePCS(m.Total, m.Subscales)
		if err != nil {
			return Result{}, err
		}
		r.Scored, r.Total, r.Missing = p.Scored, p.Total, p.Note
		for _, s := range in.Subscales {
			d := DomainScore{Key: s.Key, Name: s.Name, Min: s.Min, Max: s.Max}
			if x, ok := p.Subscales[s.Key]; ok {
				d.Score, d.Scored = x, true
			} else {
				d.Note = "not entered"
			}
			r.Domains = append(r.Domains, d)
		}
		if p.Scored {
			r.Band = "not clinically relevant"
			if p.ClinicallyRelevant {
				r.Band = "clinically relevant"
				r.Flags = append(r.Flags, "a total above 30 is a clinically relevant level of catastrophising")
			}
		}

	default:
		return Result{}, &ScoreError{Instrument: in.Name, Message: "no scoring rule for this instrument"}
	}
	if !r.Scored {
		r.Total, r.Band = 0, ""
	}
	return r, nil
}

// ---------------------------------------------------------------------------
// Pain NRS, Marinoff, tampon test

// SingleScore is a one-answer measure.
type SingleScore struct {
	Scored   bool
	Score    int
	Min, Max int
	Band     string // Marinoff: "grade 0" … "grade 3"; "" otherwise
	Note     string // "not recorded" when there is no answer
}

// MarinoffGrades are the default words for each Marinoff grade (DOMAIN §2:
// the grading is published, the wording unconfirmed); a screen may show them
// beside the grade and the clinic may edit them.
var MarinoffGrades = [4]string{
	"no pain",
	"discomfort that does not prevent intercourse",
	"pain that sometimes or frequently prevents intercourse",
	"pain that always prevents intercourse",
}

// ScoreNRS checks a pain numeric rating scale answer (0 none … 10 worst
// imaginable). A nil answer is not recorded, not 0.
func ScoreNRS(answer *int) (SingleScore, error) { return scoreSingle(InstrumentNRS, answer) }

// ScoreMarinoff checks a Marinoff dyspareunia grade (0–3); Band is "grade N".
func ScoreMarinoff(answer *int) (SingleScore, error) {
	s, err := scoreSingle(InstrumentMarinoff, answer)
	if err == nil && s.Scored {
		s.Band = "grade " + strconv.Itoa(s.Score)
	}
	return s, err
}

// ScoreTampon checks a tampon-test pain rating (NRS 0–10 on inserting and
// removing a standard tampon; Foster 2009). It may under-read provoked
// vestibulodynia, which the screens say where they explain the test.
func ScoreTampon(answer *int) (SingleScore, error) { return scoreSingle(InstrumentTampon, answer) }

func scoreSingle(id string, answer *int) (SingleScore, error) {
	in, _ := InstrumentByID(id)
	lo, hi := in.ItemRange(1)
	s := SingleScore{Min: lo, Max: hi}
	if answer == nil {
		s.Note = "not recorded"
		return s, nil
	}
	if *answer < lo || *answer > hi {
		return SingleScore{}, &ScoreError{Instrument: in.Name, Item: 1, Message: fmt.Sprintf("the score is %d; it runs from %d to %d", *answer, lo, hi)}
	}
	s.Scored, s.Score = true, *answer
	return s, nil
}

// ClinicallyImportantChange compares two pain NRS scores (0–10), the first
// and the latest. A change of 2 points or more, or of 30% or more of the
// first score, is clinically important (Farrar et al. 2001, Pain 94:149,
// who found "about 2 points or about 30%" marked a meaningful improvement).
// The same rule is applied to worsening, so that a rise is never missed.
// When the first score is 0 there is no percentage, and only the 2-point
// rule applies. Note that Farrar's patients started at moderate pain or
// worse: from a low first score the 30% clause is met by a 1-point change,
// so the words say the size of the change and the reader can judge.
//
// The words start with "clinically important improvement", "clinically
// important worsening", "no clinically important change" or "no change",
// then give the scores, e.g. "clinically important improvement: pain 6 to 3,
// down 3 points (50%)".
func ClinicallyImportantChange(first, latest float64) (bool, string) {
	bad := func(x float64) bool { return math.IsNaN(x) || x < 0 || x > 10 }
	if bad(first) || bad(latest) {
		return false, "cannot compare: pain scores run from 0 to 10"
	}
	scores := "pain " + decimal(first, 2) + " to " + decimal(latest, 2)
	diff := latest - first
	if diff == 0 {
		return false, "no change: " + scores
	}
	size := math.Abs(diff)
	const eps = 1e-9
	important := size >= 2-eps
	detail := ""
	if first > 0 {
		pct := size * 100 / first
		important = important || pct >= 30-eps
		detail = " (" + number(math.Floor(pct+eps)) + "%)"
	}
	dir := "down"
	what := "improvement"
	if diff > 0 {
		dir, what = "up", "worsening"
	}
	points := "points"
	if size == 1 {
		points = "point"
	}
	detail = fmt.Sprintf("%s, %s %s %s%s", scores, dir, decimal(size, 2), points, detail)
	if important {
		return true, "clinically important " + what + ": " + detail
	}
	return false, "no clinically important change: " + detail
}

// ---------------------------------------------------------------------------
// PHQ-9 and GAD-7

// band is a named range of totals, both ends included.
type band struct {
	Name     string
	From, To int
}

var phq9Bands = []band{
	{"minimal", 0, 4}, {"mild", 5, 9}, {"moderate", 10, 14},
	{"moderately severe", 15, 19}, {"severe", 20, 27},
}

var gad7Bands = []band{
	{"minimal", 0, 4}, {"mild", 5, 9}, {"moderate", 10, 14}, {"severe", 15, 21},
}

func bandOf(bands []band, total int) string {
	for _, b := range bands {
		if total >= b.From && total <= b.To {
			return b.Name
		}
	}
	return ""
}

func bandThresholds(bands []band) []Threshold {
	var out []Threshold
	for _, b := range bands[1:] {
		out = append(out, Threshold{At: float64(b.From), Label: fmt.Sprintf("%s (%d–%d)", b.Name, b.From, b.To)})
	}
	return out
}

// PHQ9 is a scored PHQ-9 (Kroenke, Spitzer & Williams 2001).
type PHQ9 struct {
	Scored   bool  // false when more than 2 items are missing
	Total    int   // 0–27; prorated when Prorated
	Sum      int   // the sum of the answered items
	Answered int   // how many items were answered
	Missing  []int // the unanswered items, numbered from 1
	Prorated bool
	Band     string // minimal, mild, moderate, moderately severe, severe; "" when not scored
	// Item9Alert is set whenever item 9 is answered above 0, whatever the
	// total and even when the total is not scored: a suicide-risk
	// assessment is needed now (DOMAIN §2 and §5).
	Item9Alert   bool
	Item9        int  // the answer to item 9, when answered
	Item9Missing bool // item 9 was not answered: ask it
	Note         string
}

// GAD7 is a scored GAD-7 (Spitzer et al. 2006).
type GAD7 struct {
	Scored   bool // false when more than 2 items are missing
	Total    int  // 0–21; prorated when Prorated
	Sum      int
	Answered int
	Missing  []int
	Prorated bool
	Band     string // minimal, mild, moderate, severe; "" when not scored
	// WarrantsEvaluation is set at a total of 10 or more (Spitzer 2006).
	WarrantsEvaluation bool
	Note               string
}

// phqMaxMissing is the most items a PHQ-9 or GAD-7 may miss and still be
// scored.
//
// Missing-answer rule (PHQ-9 and GAD-7). The rule used in practice, and
// attributed to the PHQ authors (the PHQ/GAD-7 instruction manual, Pfizer;
// Kroenke, Spitzer, Williams & Löwe 2010, Gen Hosp Psychiatry 32:345): if no
// more than 2 items are missing, prorate — total = sum of answered items ×
// number of items ÷ number answered, rounded to a whole number; if more
// are missing, the total is not scored. We could not check the exact
// wording against a primary copy of the manual, so the rule is applied
// conservatively:
//   - rounding is half up (math.Round on a positive number), so a prorated
//     total is never rounded down into a milder band;
//   - the result always says it was prorated and which items were missing;
//   - for the PHQ-9, item 9 is never prorated away: its alert stands on the
//     answer alone, and an unanswered item 9 is flagged to be asked.
//
// The GAD-7 uses the same limit of 2 (2 of 7 is a larger share than 2 of 9;
// this is the brief's choice and is unconfirmed for the GAD-7).
const phqMaxMissing = 2

// ScorePHQ9 scores the nine PHQ-9 answers (0–3 each, nil = not answered).
func ScorePHQ9(items []*int) (PHQ9, error) {
	in, _ := InstrumentByID(InstrumentPHQ9)
	s, err := scoreShortForm(in, items)
	if err != nil {
		return PHQ9{}, err
	}
	p := PHQ9{Scored: s.scored, Total: s.total, Sum: s.sum, Answered: s.answered, Missing: s.missing, Prorated: s.prorated, Note: s.note}
	if p.Scored {
		p.Band = bandOf(phq9Bands, p.Total)
	}
	if a := items[8]; a == nil {
		p.Item9Missing = true
	} else {
		p.Item9 = *a
		p.Item9Alert = *a > 0
	}
	return p, nil
}

// ScoreGAD7 scores the seven GAD-7 answers (0–3 each, nil = not answered).
func ScoreGAD7(items []*int) (GAD7, error) {
	in, _ := InstrumentByID(InstrumentGAD7)
	s, err := scoreShortForm(in, items)
	if err != nil {
		return GAD7{}, err
	}
	g := GAD7{Scored: s.scored, Total: s.total, Sum: s.sum, Answered: s.answered, Missing: s.missing, Prorated: s.prorated, Note: s.note}
	if g.Scored {
		g.Band = bandOf(gad7Bands, g.Total)
		g.WarrantsEvaluation = g.Total >= 10
	}
	return g, nil
}

type shortForm struct {
	scored, prorated     bool
	total, sum, answered int
	missing              []int
	note                 string
}

func scoreShortForm(in Instrument, items []*int) (shortForm, error) {
	if err := checkAnswers(in, items); err != nil {
		return shortForm{}, err
	}
	var s shortForm
	for i, a := range items {
		if a == nil {
			s.missing = append(s.missing, i+1)
			continue
		}
		s.answered++
		s.sum += *a
	}
	n := in.Items
	switch {
	case len(s.missing) == 0:
		s.scored, s.total = true, s.sum
	case len(s.missing) <= phqMaxMissing:
		exact := float64(s.sum*n) / float64(s.answered)
		s.scored, s.prorated = true, true
		s.total = int(math.Round(exact))
		s.note = fmt.Sprintf("%s not answered: the total is prorated from the %d answered items (%d × %d ÷ %d = %s, rounded to %d). The %s total may be prorated when no more than %d items are missing.",
			capitalise(itemList(s.missing)), s.answered, s.sum, n, s.answered, decimal(exact, 2), s.total, in.Name, phqMaxMissing)
	default:
		s.note = fmt.Sprintf("%s not answered: not scored. The %s total is prorated only when no more than %d of its %d items are missing; ask the patient to complete the missing items.",
			capitalise(itemList(s.missing)), in.Name, phqMaxMissing, n)
	}
	return s, nil
}

// ---------------------------------------------------------------------------
// FSFI

// FSFICutoff is the total at or below which the FSFI suggests sexual
// dysfunction (Wiegel, Meston & Rosen 2005, J Sex Marital Ther 31:1).
const FSFICutoff = 26.55

// FSFIDomain is one of the six FSFI domains.
type FSFIDomain struct {
	Key, Name   string
	First, Last int     // item numbers, from 1
	Factor      float64 // the domain factor of Rosen 2000
	Min, Max    float64 // the domain's range
	Scored      bool    // false when an item of the domain is missing
	Score       float64 // item sum × factor (exact to one decimal)
	Missing     []int   // unanswered items of this domain
	Note        string  // for the pain domain always FSFIPainNote; what was missing
}

// FSFI is a scored Female Sexual Function Index (Rosen et al. 2000, J Sex
// Marital Ther 26:191). Higher is better in every domain — also pain, where
// a higher score means less pain.
type FSFI struct {
	Domains []FSFIDomain // desire, arousal, lubrication, orgasm, satisfaction, pain
	Scored  bool         // the total: only when every domain is scored
	Total   float64      // sum of the domain scores, 2–36
	// Dysfunction: the total is 26.55 or less (Wiegel 2005). Not set when
	// NoActivityFlag is, because the cut-off was set in sexually active women
	// and the score is not valid as a measure then.
	Dysfunction bool
	// NoActivityFlag: every answered item of 3–14 and 17–19 (the 15 items
	// where 0 records no sexual activity, or on the pain items no intercourse
	// attempted) is 0 — no sexual activity in the past 4 weeks, so the FSFI is
	// not valid as a measure of sexual function (Rosen 2000; Baser et al.
	// 2012). It is set from the answers given, even when some are missing.
	NoActivityFlag bool
	// ZeroAnswers lists those of the 15 items answered 0. Each scores as the
	// lowest function (on pain items, as the most pain).
	ZeroAnswers []int
	Note        string // what the missing-answer rule did; "" when all answered
}

// Domain returns the domain with the given key.
func (f FSFI) Domain(key string) FSFIDomain {
	for _, d := range f.Domains {
		if d.Key == key {
			return d
		}
	}
	return FSFIDomain{}
}

// FSFI domain keys.
const (
	FSFIDesire       = "desire"
	FSFIArousal      = "arousal"
	FSFILubrication  = "lubrication"
	FSFIOrgasm       = "orgasm"
	FSFISatisfaction = "satisfaction"
	FSFIPain         = "pain"
)

// fsfiDomains: items and factors of Rosen 2000. The factor is kept in
// tenths so that every domain score is exact to one decimal.
var fsfiDomains = []struct {
	key, name   string
	first, last int
	tenths      int
}{
	{FSFIDesire, "Desire", 1, 2, 6},
	{FSFIArousal, "Arousal", 3, 6, 3},
	{FSFILubrication, "Lubrication", 7, 10, 3},
	{FSFIOrgasm, "Orgasm", 11, 13, 4},
	{FSFISatisfaction, "Satisfaction", 14, 16, 4},
	{FSFIPain, "Pain", 17, 19, 4},
}

// fsfiActivityItem reports whether 0 on item n records no sexual activity
// (or, on the pain items, no intercourse attempted): items 3–14 and 17–19.
func fsfiActivityItem(n int) bool { return (n >= 3 && n <= 14) || (n >= 17 && n <= 19) }

// ScoreFSFI scores the 19 FSFI answers as entered from the licensed form
// (nil = not answered).
//
// Missing-answer rule: the FSFI scoring publication gives no proration
// (Rosen 2000 scores a domain from all its items), so a domain with any
// item missing is not scored, and the total is not scored unless all six
// domains are. A missing answer is never scored as 0 — 0 is itself an
// answer on this form (no sexual activity).
func ScoreFSFI(items []*int) (FSFI, error) {
	in, _ := InstrumentByID(InstrumentFSFI)
	if err := checkAnswers(in, items); err != nil {
		return FSFI{}, err
	}
	f := FSFI{Scored: true}
	totalTenths := 0
	var notScored []string
	var missing []int
	for _, spec := range fsfiDomains {
		d := FSFIDomain{Key: spec.key, Name: spec.name, First: spec.first, Last: spec.last, Factor: float64(spec.tenths) / 10}
		sum, lo, hi := 0, 0, 0
		for n := spec.first; n <= spec.last; n++ {
			l, h := in.ItemRange(n)
			lo, hi = lo+l, hi+h
			if a := items[n-1]; a == nil {
				d.Missing = append(d.Missing, n)
			} else {
				sum += *a
			}
		}
		d.Min, d.Max = float64(lo*spec.tenths)/10, float64(hi*spec.tenths)/10
		var notes []string
		if spec.key == FSFIPain {
			notes = append(notes, FSFIPainNote)
		}
		if len(d.Missing) == 0 {
			d.Scored = true
			d.Score = float64(sum*spec.tenths) / 10
			totalTenths += sum * spec.tenths
		} else {
			f.Scored = false
			notScored = append(notScored, strings.ToLower(spec.name))
			missing = append(missing, d.Missing...)
			notes = append(notes, "not scored: "+itemList(d.Missing)+" not answered")
		}
		d.Note = strings.Join(notes, "; ")
		f.Domains = append(f.Domains, d)
	}

	activity := 0
	for n := 1; n <= in.Items; n++ {
		if a := items[n-1]; fsfiActivityItem(n) && a != nil {
			activity++
			if *a == 0 {
				f.ZeroAnswers = append(f.ZeroAnswers, n)
			}
		}
	}
	f.NoActivityFlag = activity > 0 && len(f.ZeroAnswers) == activity

	if f.Scored {
		f.Total = float64(totalTenths) / 10
		f.Dysfunction = f.Total <= FSFICutoff && !f.NoActivityFlag
	} else {
		domains := "domain is"
		if len(notScored) > 1 {
			domains = "domains are"
		}
		f.Note = fmt.Sprintf("%s not answered: the %s %s not scored, so the total is not scored. The FSFI scores a domain only from all its items; a missing answer is never counted as 0.",
			capitalise(itemList(missing)), joinWords(notScored, "and"), domains)
	}
	return f, nil
}

// ---------------------------------------------------------------------------
// PFDI-20 and PFIQ-7

// Scale is one scale of the PFDI-20 or PFIQ-7, scored 0–100; higher is worse.
type Scale struct {
	Key, Name   string
	First, Last int // item numbers, from 1
	Scored      bool
	Score       float64 // mean of the answered items × 25 (PFDI-20) or × 100/3 (PFIQ-7), unrounded
	Answered    int
	Missing     []int
	Note        string
}

// Inventory is a scored PFDI-20 or PFIQ-7: three scales and their summary.
type Inventory struct {
	Scales  []Scale
	Scored  bool    // the summary: only when all three scales are scored
	Summary float64 // sum of the three scales, 0–300; higher is worse
	Note    string  // what the missing-answer rule did; "" when all answered
}

// Scale returns the scale with the given key.
func (v Inventory) Scale(key string) Scale {
	for _, s := range v.Scales {
		if s.Key == key {
			return s
		}
	}
	return Scale{}
}

// PFDI20 is a scored Pelvic Floor Distress Inventory short form.
type PFDI20 = Inventory

// PFIQ7 is a scored Pelvic Floor Impact Questionnaire short form.
type PFIQ7 = Inventory

// Scale keys.
const (
	ScalePOPDI6 = "popdi6"
	ScaleCRADI8 = "cradi8"
	ScaleUDI6   = "udi6"
	ScaleUIQ7   = "uiq7"
	ScaleCRAIQ7 = "craiq7"
	ScalePOPIQ7 = "popiq7"
)

type scaleSpec struct {
	key, name   string
	first, last int
}

var pfdi20Scales = []scaleSpec{
	{ScalePOPDI6, "Pelvic Organ Prolapse Distress Inventory (POPDI-6)", 1, 6},
	{ScaleCRADI8, "Colorectal-Anal Distress Inventory (CRADI-8)", 7, 14},
	{ScaleUDI6, "Urinary Distress Inventory (UDI-6)", 15, 20},
}

var pfiq7Scales = []scaleSpec{
	{ScaleUIQ7, "Urinary Impact Questionnaire (UIQ-7): bladder", 1, 7},
	{ScaleCRAIQ7, "Colorectal-Anal Impact Questionnaire (CRAIQ-7): bowel", 8, 14},
	{ScalePOPIQ7, "Pelvic Organ Prolapse Impact Questionnaire (POPIQ-7): vagina or pelvis", 15, 21},
}

// ScorePFDI20 scores the 20 PFDI-20 answers (0 = no; otherwise the bother,
// 1–4; nil = not answered). Barber, Walters & Bump 2005 (Am J Obstet
// Gynecol 193:103): each scale is the mean of its answered items × 25
// (0–100); the summary is the sum of the three scales (0–300).
//
// Missing-answer rule: Barber 2005 scores a scale from the mean of the
// answered items. It sets no limit; we add a conservative one, the usual
// "half rule": a scale is scored only when no more than half its items are
// missing (POPDI-6 and UDI-6: 3 of 6; CRADI-8: 4 of 8). The summary is
// scored only when all three scales are.
func ScorePFDI20(items []*int) (PFDI20, error) {
	in, _ := InstrumentByID(InstrumentPFDI20)
	return scoreInventory(in, items, pfdi20Scales, 25)
}

// ScorePFIQ7 scores the 21 PFIQ-7 answers (0–3; the seven questions for
// bladder, then bowel, then vagina or pelvis; nil = not answered). Barber
// 2005: each scale is the mean of its answered items × 100/3 (0–100); the
// summary is the sum of the three scales (0–300).
//
// Missing-answer rule: as for the PFDI-20 (mean of the answered items, a
// scale scored only when no more than half its items — 3 of 7 — are
// missing; the summary only when all three are scored). DOMAIN lists the
// PFIQ-7's terms as unconfirmed; the limit is our conservative choice.
func ScorePFIQ7(items []*int) (PFIQ7, error) {
	in, _ := InstrumentByID(InstrumentPFIQ7)
	return scoreInventory(in, items, pfiq7Scales, 100.0/3)
}

func scoreInventory(in Instrument, items []*int, specs []scaleSpec, multiplier float64) (Inventory, error) {
	if err := checkAnswers(in, items); err != nil {
		return Inventory{}, err
	}
	v := Inventory{Scored: true}
	var notes []string
	for _, spec := range specs {
		s := Scale{Key: spec.key, Name: spec.name, First: spec.first, Last: spec.last}
		sum := 0
		for n := spec.first; n <= spec.last; n++ {
			if a := items[n-1]; a == nil {
				s.Missing = append(s.Missing, n)
			} else {
				s.Answered++
				sum += *a
			}
		}
		size := spec.last - spec.first + 1
		short := shortName(spec.name)
		switch {
		case len(s.Missing) == 0:
			s.Scored = true
		case 2*len(s.Missing) <= size:
			s.Scored = true
			s.Note = fmt.Sprintf("%s not answered: scored from the mean of the %d answered items", itemList(s.Missing), s.Answered)
			notes = append(notes, fmt.Sprintf("%s: %s not answered; scored from the mean of the %d answered items.", short, itemList(s.Missing), s.Answered))
		default:
			s.Note = fmt.Sprintf("not scored: %d of %d items not answered (%s); a scale needs at least half its items", len(s.Missing), size, itemList(s.Missing))
			notes = append(notes, fmt.Sprintf("%s: %d of its %d items not answered (%s), more than half, so it is not scored.", short, len(s.Missing), size, itemList(s.Missing)))
		}
		if s.Scored {
			s.Score = float64(sum) * multiplier / float64(s.Answered)
			v.Summary += s.Score
		} else {
			v.Scored = false
		}
		v.Scales = append(v.Scales, s)
	}
	if !v.Scored {
		v.Summary = 0
		notes = append(notes, "The summary score needs all three scales, so it is not scored.")
	}
	v.Note = strings.Join(notes, " ")
	return v, nil
}

// shortName returns the abbreviation in brackets of a scale's name.
func shortName(name string) string {
	open, end := strings.IndexByte(name, '('), strings.IndexByte(name, ')')
	if open < 0 || end < open {
		return name
	}
	return name[open+1 : end]
}

// ---------------------------------------------------------------------------
// FSDS-R and PCS: totals only (licensed)

// FSDSRDistressFrom is the FSDS-R total from which sexually related
// distress is suggested (DeRogatis et al. 2008, J Sex Med 5:357).
// Unconfirmed in DOMAIN §2: keep it visible as a cut-off, not a diagnosis.
const FSDSRDistressFrom = 11

// PCSClinicallyRelevantAbove: a PCS total above this is clinically relevant
// catastrophizing (DOMAIN §2: "> 30"). Sullivan's PCS manual names a total
// of 30 (the 75th percentile in chronic pain) as the clinically relevant
// level, and some authors read that as ≥ 30; the clinic should confirm
// which, since a total of exactly 30 falls between the two readings.
const PCSClinicallyRelevantAbove = 30

// FSDSR is a Female Sexual Distress Scale–Revised total (13 items 0–4,
// total 0–52), entered from the licensed form.
type FSDSR struct {
	Scored   bool
	Total    float64
	Distress bool // total ≥ 11 (cut-off unconfirmed)
	Note     string
}

// ScoreFSDSR range-checks an FSDS-R total. A nil total is not scored.
func ScoreFSDSR(total *float64) (FSDSR, error) {
	in, _ := InstrumentByID(InstrumentFSDSR)
	if total == nil {
		return FSDSR{Note: "no total entered: not scored"}, nil
	}
	if e := checkTotal(in.Name, "total", *total, in.TotalMin, in.TotalMax); e != nil {
		return FSDSR{}, e
	}
	return FSDSR{Scored: true, Total: *total, Distress: *total >= FSDSRDistressFrom}, nil
}

// PCS is a Pain Catastrophizing Scale total (13 items 0–4, total 0–52) and
// its subscales (rumination 0–16, magnification 0–12, helplessness 0–24),
// entered from the licensed form.
type PCS struct {
	Scored             bool
	Total              float64
	Subscales          map[string]float64 // the subscales entered, by key
	FromSubscales      bool               // no total was entered: it is the sum of the three subscales
	ClinicallyRelevant bool               // total > 30
	Note               string
}

// ScorePCS range-checks a PCS total and subscales (keys "rumination",
// "magnification", "helplessness"; any may be absent). When all three
// subscales are given they must add up to the total; when only the three
// subscales are given, the total is their sum.
func ScorePCS(total *float64, subscales map[string]float64) (PCS, error) {
	in, _ := InstrumentByID(InstrumentPCS)
	keys := make([]string, 0, len(subscales))
	for k := range subscales {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	p := PCS{}
	sum := 0.0
	for _, k := range keys {
		spec, ok := in.subscale(k)
		if !ok {
			return PCS{}, &ScoreError{Instrument: in.Name, Subscale: k, Message: fmt.Sprintf("there is no subscale called %q; the subscales are rumination, magnification and helplessness", k)}
		}
		x := subscales[k]
		if e := checkTotal(in.Name, strings.ToLower(spec.Name)+" score", x, spec.Min, spec.Max); e != nil {
			e.Subscale = k
			return PCS{}, e
		}
		if p.Subscales == nil {
			p.Subscales = make(map[string]float64, len(subscales))
		}
		p.Subscales[k] = x
		sum += x
	}
	all := len(p.Subscales) == len(in.Subscales)
	switch {
	case total != nil:
		if e := checkTotal(in.Name, "total", *total, in.TotalMin, in.TotalMax); e != nil {
			return PCS{}, e
		}
		if all && sum != *total {
			return PCS{}, &ScoreError{Instrument: in.Name, Message: fmt.Sprintf("the subscales add up to %s but the total is %s; check both against the form", number(sum), number(*total))}
		}
		p.Scored, p.Total = true, *total
	case all:
		p.Scored, p.Total, p.FromSubscales = true, sum, true
		p.Note = "no total entered: the total is the sum of the three subscales"
	default:
		p.Note = "no total entered: not scored"
		return p, nil
	}
	p.ClinicallyRelevant = p.Total > PCSClinicallyRelevantAbove
	return p, nil
}

// checkTotal checks an entered total or subscale: a whole number (it is a
// sum of whole-number answers) within its range.
func checkTotal(instrument, what string, x, lo, hi float64) *ScoreError {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return &ScoreError{Instrument: instrument, Message: fmt.Sprintf("the %s is not a number", what)}
	case x < lo || x > hi:
		return &ScoreError{Instrument: instrument, Message: fmt.Sprintf("the %s is %s; it runs from %s to %s", what, number(x), number(lo), number(hi))}
	case x != math.Trunc(x):
		return &ScoreError{Instrument: instrument, Message: fmt.Sprintf("the %s is %s; it is a sum of whole-number answers, so a whole number", what, number(x))}
	}
	return nil
}

// ---------------------------------------------------------------------------
// Helpers

// checkAnswers checks the number of answers and each answer's range, and
// names every item at fault.
func checkAnswers(in Instrument, items []*int) error {
	if err := checkCount(in, items); err != nil {
		return err
	}
	var errs []error
	for i, a := range items {
		if a == nil {
			continue
		}
		if lo, hi := in.ItemRange(i + 1); *a < lo || *a > hi {
			errs = append(errs, &ScoreError{Instrument: in.Name, Item: i + 1, Message: fmt.Sprintf("item %d is %d; answers run from %d to %d", i+1, *a, lo, hi)})
		}
	}
	return errors.Join(errs...)
}

// checkCount checks the number of answers.
func checkCount(in Instrument, items []*int) error {
	if len(items) != in.Items {
		given := "no answers were given"
		switch len(items) {
		case 0:
		case 1:
			given = "1 answer was given"
		default:
			given = fmt.Sprintf("%d answers were given", len(items))
		}
		has := fmt.Sprintf("%d items", in.Items)
		if in.Items == 1 {
			has = "1 item"
		}
		return &ScoreError{Instrument: in.Name, Message: fmt.Sprintf("%s but the %s has %s; leave an unanswered item empty rather than out", given, in.Name, has)}
	}
	return nil
}

// itemList writes item numbers as "item 3", "items 3 and 5" or
// "items 2, 3 and 5".
func itemList(ns []int) string {
	words := make([]string, len(ns))
	for i, n := range ns {
		words[i] = strconv.Itoa(n)
	}
	if len(ns) == 1 {
		return "item " + words[0]
	}
	return "items " + joinWords(words, "and")
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// decimal writes x with at most places decimals, without trailing zeros.
func decimal(x float64, places int) string {
	s := strconv.FormatFloat(x, 'f', places, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}
