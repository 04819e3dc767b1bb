package store

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
)

// MeasureResponse is one completed outcome measure: the answers as given,
// or for instruments whose items may not be stored, the totals only.
// Scoring is done elsewhere; the store checks only the shape.
type MeasureResponse struct {
	ID         string             `json:"id"`
	PatientID  string             `json:"patient_id"`
	SessionID  string             `json:"session_id,omitempty"`
	Instrument string             `json:"instrument"` // an Instrument ID
	Taken      Date               `json:"taken"`
	Items      []*int             `json:"items,omitempty"` // in item order; nil = not answered
	Total      *float64           `json:"total,omitempty"` // for totals-only instruments
	Subscales  map[string]float64 `json:"subscales,omitempty"`
	Recorded   time.Time          `json:"recorded,omitzero"`
	RecordedBy string             `json:"recorded_by,omitempty"`
	// Alerts raised by the answers (PHQ-9 item 9), kept with who saw them and when.
	Alerts []AcknowledgedWarning `json:"alerts,omitempty"`
}

// Instrument describes the shape of a questionnaire or score (DOMAIN §2).
type Instrument struct {
	ID    string
	Name  string
	Items int // number of answers stored; 0 for totals-only instruments
	// Ranges give the allowed answer for each item, numbered from 1.
	Ranges []ItemRange
	// TotalsOnly instruments are copyrighted or licensed: only the total
	// (and subscale totals) may be kept, never the answers.
	TotalsOnly         bool
	TotalMin, TotalMax float64
	Subscales          []SubscaleRange // subscale totals that may be entered
	Note               string          // how the items are ordered, where that is not obvious
}

// ItemRange is the answer range of items First to Last (from 1).
type ItemRange struct{ First, Last, Min, Max int }

// SubscaleRange is the range of one entered subscale total.
type SubscaleRange struct {
	Key      string
	Name     string
	Min, Max float64
}

// Instrument IDs.
const (
	InstrumentNRS      = "nrs"
	InstrumentMarinoff = "marinoff"
	InstrumentTampon   = "tampon"
	InstrumentPHQ9     = "phq9"
	InstrumentGAD7     = "gad7"
	InstrumentFSFI     = "fsfi"
	InstrumentPFDI20   = "pfdi20"
	InstrumentPFIQ7    = "pfiq7"
	InstrumentFSDSR    = "fsdsr"
	InstrumentPCS      = "pcs"
)

// Instruments returns the outcome measures the app records, in the order a
// form offers them.
func Instruments() []Instrument {
	all := func(n, lo, hi int) []ItemRange { return []ItemRange{{1, n, lo, hi}} }
	return []Instrument{
		{ID: InstrumentNRS, Name: "Pain NRS", Items: 1, Ranges: all(1, 0, 10), TotalMin: 0, TotalMax: 10},
		{ID: InstrumentMarinoff, Name: "Marinoff", Items: 1, Ranges: all(1, 0, 3), TotalMin: 0, TotalMax: 3},
		{ID: InstrumentTampon, Name: "Tampon test", Items: 1, Ranges: all(1, 0, 10), TotalMin: 0, TotalMax: 10},
		{ID: InstrumentPHQ9, Name: "PHQ-9", Items: 9, Ranges: all(9, 0, 3), TotalMin: 0, TotalMax: 27},
		{ID: InstrumentGAD7, Name: "GAD-7", Items: 7, Ranges: all(7, 0, 3), TotalMin: 0, TotalMax: 21},
		{
			ID: InstrumentFSFI, Name: "FSFI", Items: 19, TotalMin: 2, TotalMax: 36,
			Ranges: []ItemRange{{1, 2, 1, 5}, {3, 14, 0, 5}, {15, 16, 1, 5}, {17, 19, 0, 5}},
			Note:   "Desire 1–2, arousal 3–6, lubrication 7–10, orgasm 11–13, satisfaction 14–16, pain 17–19; 0 means no sexual activity",
		},
		{ID: InstrumentPFDI20, Name: "PFDI-20", Items: 20, Ranges: all(20, 0, 4), TotalMin: 0, TotalMax: 300,
			Note: "POPDI-6 items 1–6, CRADI-8 items 7–14, UDI-6 items 15–20; 0 = no, else bother 1–4"},
		{ID: InstrumentPFIQ7, Name: "PFIQ-7", Items: 21, Ranges: all(21, 0, 3), TotalMin: 0, TotalMax: 300,
			Note: "the 7 questions for bladder (items 1–7), then for bowel (8–14), then for vagina or pelvis (15–21)"},
		{ID: InstrumentFSDSR, Name: "FSDS-R", TotalsOnly: true, TotalMin: 0, TotalMax: 52},
		{
			ID: InstrumentPCS, Name: "PCS", TotalsOnly: true, TotalMin: 0, TotalMax: 52,
			Subscales: []SubscaleRange{
				{Key: "rumination", Name: "Rumination", Min: 0, Max: 16},
				{Key: "magnification", Name: "Magnification", Min: 0, Max: 12},
				{Key: "helplessness", Name: "Helplessness", Min: 0, Max: 24},
			},
		},
	}
}

// InstrumentByID returns the instrument with the given ID.
func InstrumentByID(id string) (Instrument, bool) {
	for _, in := range Instruments() {
		if in.ID == id {
			return in, true
		}
	}
	return Instrument{}, false
}

// ItemRange returns the allowed answers of item n (from 1).
func (in Instrument) ItemRange(n int) (lo, hi int) {
	for _, r := range in.Ranges {
		if n >= r.First && n <= r.Last {
			return r.Min, r.Max
		}
	}
	return 0, 0
}

func init() {
	labels := map[string]string{
		"session_id": "Session",
		"instrument": "Measure",
		"taken":      "Date taken",
		"items[]":    "Item %d",
		"total":      "Total",
		"subscales":  "Subscales",
	}
	for _, in := range Instruments() {
		for _, s := range in.Subscales {
			labels["subscales."+s.Key] = s.Name
		}
	}
	addFieldLabels(labels)
}

// Validate checks the shape of a response: a known instrument, the right
// number of answers, each within its item's range; today is the clinic's date.
func (m MeasureResponse) Validate(today Date) error {
	var v ValidationError
	checkRef(&v, "patient_id", "choose the patient who completed the measure", m.PatientID)
	checkRef(&v, "session_id", "", m.SessionID)
	switch {
	case m.Taken.IsZero():
		v.add("taken", "enter the date the measure was completed")
	default:
		checkPastDate(&v, "taken", m.Taken, today, earliestCare, "a date before 1990 cannot be right")
	}
	in, ok := InstrumentByID(m.Instrument)
	if !ok {
		names := make([]string, 0, 10)
		for _, in := range Instruments() {
			names = append(names, in.Name)
		}
		v.add("instrument", "choose one of "+orList(names))
		return v.err()
	}

	if in.TotalsOnly {
		if len(m.Items) > 0 {
			v.add("items", fmt.Sprintf("only the total of the %s may be kept, not the answers", in.Name))
		}
		if m.Total == nil {
			v.add("total", fmt.Sprintf("enter the %s total", in.Name))
		}
	} else {
		m.checkItems(&v, in)
	}
	if m.Total != nil {
		if t := *m.Total; math.IsNaN(t) || t < in.TotalMin || t > in.TotalMax {
			v.add("total", fmt.Sprintf("the %s total runs from %s to %s", in.Name, number(in.TotalMin), number(in.TotalMax)))
		}
	}
	if in.TotalsOnly {
		keys := make([]string, 0, len(m.Subscales))
		for k := range m.Subscales {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			x := m.Subscales[k]
			spec, known := in.subscale(k)
			switch {
			case !known:
				v.add("subscales", fmt.Sprintf("the %s has no subscale called %q", in.Name, k))
			case math.IsNaN(x) || x < spec.Min || x > spec.Max:
				v.add("subscales."+k, fmt.Sprintf("the %s score runs from %s to %s", strings.ToLower(spec.Name), number(spec.Min), number(spec.Max)))
			}
		}
	}
	return v.err()
}

func (m MeasureResponse) checkItems(v *ValidationError, in Instrument) {
	if len(m.Items) != in.Items {
		v.add("items", fmt.Sprintf("the %s has %d items; leave an unanswered one empty rather than out", in.Name, in.Items))
		return
	}
	answered := 0
	for i, a := range m.Items {
		if a == nil {
			continue
		}
		answered++
		if lo, hi := in.ItemRange(i + 1); *a < lo || *a > hi {
			if in.Items == 1 {
				v.add(nth("items", i), fmt.Sprintf("the %s is scored from %d to %d", in.Name, lo, hi))
			} else {
				v.add(nth("items", i), fmt.Sprintf("answers to %s item %d run from %d to %d", in.Name, i+1, lo, hi))
			}
		}
	}
	if answered == 0 {
		v.add("items", "enter at least one answer")
	}
}

func (in Instrument) subscale(key string) (SubscaleRange, bool) {
	for _, s := range in.Subscales {
		if s.Key == key {
			return s, true
		}
	}
	return SubscaleRange{}, false
}
