package store

import (
	"math"
	"testing"
)

func answers(xs ...int) []*int {
	out := make([]*int, len(xs))
	for i, x := range xs {
		out[i] = ptr(x)
	}
	return out
}

func repeat(n, x int) []*int {
	out := make([]*int, n)
	for i := range out {
		out[i] = ptr(x)
	}
	return out
}

func fsfi() []*int {
	// Desire 1–2 (1–5), arousal to satisfaction Q14 (0–5), Q15–16 (1–5), pain 17–19 (0–5).
	return answers(3, 3, 4, 4, 3, 4, 5, 5, 4, 4, 3, 3, 3, 4, 4, 4, 2, 2, 3)
}

func TestValidMeasuresPass(t *testing.T) {
	good := []MeasureResponse{
		{Instrument: InstrumentNRS, Items: answers(6)},
		{Instrument: InstrumentMarinoff, Items: answers(3)},
		{Instrument: InstrumentTampon, Items: answers(0)},
		{Instrument: InstrumentPHQ9, Items: answers(0, 1, 2, 3, 0, 1, 2, 3, 0), Total: ptr(12.0)},
		{Instrument: InstrumentGAD7, Items: repeat(7, 3)},
		{Instrument: InstrumentFSFI, Items: fsfi()},
		{Instrument: InstrumentFSFI, Items: append(answers(1, 1), append(repeat(12, 0), append(answers(1, 1), repeat(3, 0)...)...)...), Total: ptr(2.0)},
		{Instrument: InstrumentPFDI20, Items: repeat(20, 4), Total: ptr(300.0)},
		{Instrument: InstrumentPFIQ7, Items: repeat(21, 0)},
		{Instrument: InstrumentFSDSR, Total: ptr(11.0)},
		{Instrument: InstrumentPCS, Total: ptr(31.0), Subscales: map[string]float64{"rumination": 16, "magnification": 0, "helplessness": 15}},
	}
	for _, m := range good {
		m.PatientID, m.Taken = "p1", today
		valid(t, m.Instrument, m.Validate(today))
	}
	// Unanswered items are kept as gaps.
	m := MeasureResponse{PatientID: "p1", Taken: today, Instrument: InstrumentPHQ9, Items: answers(1, 1, 1, 1, 1, 1, 1, 1, 1)}
	m.Items[3] = nil
	valid(t, "PHQ-9 with a gap", m.Validate(today))
}

func TestMeasureValidation(t *testing.T) {
	base := func(instrument string, items []*int) MeasureResponse {
		return MeasureResponse{ID: "m1", PatientID: "p1", SessionID: "s1", Instrument: instrument, Taken: today, Items: items}
	}
	cases := []struct {
		name  string
		m     MeasureResponse
		field string
		want  string
	}{
		{"no patient", func() MeasureResponse { m := base(InstrumentNRS, answers(3)); m.PatientID = ""; return m }(), "patient_id", "choose the patient"},
		{"bad session link", func() MeasureResponse { m := base(InstrumentNRS, answers(3)); m.SessionID = "s 1"; return m }(), "session_id", "not a record ID"},
		{"no date", func() MeasureResponse { m := base(InstrumentNRS, answers(3)); m.Taken = Date{}; return m }(), "taken", "enter the date"},
		{"taken tomorrow", func() MeasureResponse {
			m := base(InstrumentNRS, answers(3))
			m.Taken = today.AddDate(0, 0, 1)
			return m
		}(), "taken", "still in the future"},
		{"taken in 1989", func() MeasureResponse { m := base(InstrumentNRS, answers(3)); m.Taken = Date{1989, 6, 1}; return m }(), "taken", "before 1990"},
		{"unknown instrument", base("oswestry", answers(3)), "instrument", "PHQ-9, GAD-7, FSFI"},
		{"NRS 11", base(InstrumentNRS, answers(11)), "items[0]", "the Pain NRS is scored from 0 to 10"},
		{"Marinoff 4", base(InstrumentMarinoff, answers(4)), "items[0]", "from 0 to 3"},
		{"tampon -1", base(InstrumentTampon, answers(-1)), "items[0]", "from 0 to 10"},
		{"PHQ-9 with 8 items", base(InstrumentPHQ9, repeat(8, 1)), "items", "the PHQ-9 has 9 items"},
		{"PHQ-9 with 10 items", base(InstrumentPHQ9, repeat(10, 1)), "items", "9 items"},
		{"PHQ-9 item 9 at 4", base(InstrumentPHQ9, answers(0, 0, 0, 0, 0, 0, 0, 0, 4)), "items[8]", "answers to PHQ-9 item 9 run from 0 to 3"},
		{"PHQ-9 unanswered", base(InstrumentPHQ9, make([]*int, 9)), "items", "at least one answer"},
		{"PHQ-9 total 28", func() MeasureResponse { m := base(InstrumentPHQ9, repeat(9, 3)); m.Total = ptr(28.0); return m }(), "total", "the PHQ-9 total runs from 0 to 27"},
		{"GAD-7 item 3 at 5", base(InstrumentGAD7, answers(0, 0, 5, 0, 0, 0, 0)), "items[2]", "answers to GAD-7 item 3 run from 0 to 3"},
		{"FSFI desire at 0", func() MeasureResponse { a := fsfi(); a[1] = ptr(0); return base(InstrumentFSFI, a) }(), "items[1]", "answers to FSFI item 2 run from 1 to 5"},
		{"FSFI arousal at 6", func() MeasureResponse { a := fsfi(); a[5] = ptr(6); return base(InstrumentFSFI, a) }(), "items[5]", "answers to FSFI item 6 run from 0 to 5"},
		{"FSFI Q15 at 0", func() MeasureResponse { a := fsfi(); a[14] = ptr(0); return base(InstrumentFSFI, a) }(), "items[14]", "answers to FSFI item 15 run from 1 to 5"},
		{"FSFI total 1.9", func() MeasureResponse { m := base(InstrumentFSFI, fsfi()); m.Total = ptr(1.9); return m }(), "total", "from 2 to 36"},
		{"PFDI-20 item at 5", func() MeasureResponse { a := repeat(20, 1); a[19] = ptr(5); return base(InstrumentPFDI20, a) }(), "items[19]", "answers to PFDI-20 item 20 run from 0 to 4"},
		{"PFIQ-7 with 7 items", base(InstrumentPFIQ7, repeat(7, 1)), "items", "has 21 items"},
		{"PFIQ-7 item at 4", func() MeasureResponse { a := repeat(21, 1); a[20] = ptr(4); return base(InstrumentPFIQ7, a) }(), "items[20]", "from 0 to 3"},
		{"FSDS-R with answers", func() MeasureResponse { m := base(InstrumentFSDSR, repeat(13, 1)); m.Total = ptr(13.0); return m }(), "items", "only the total of the FSDS-R may be kept"},
		{"FSDS-R without total", base(InstrumentFSDSR, nil), "total", "enter the FSDS-R total"},
		{"FSDS-R total 53", func() MeasureResponse { m := base(InstrumentFSDSR, nil); m.Total = ptr(53.0); return m }(), "total", "from 0 to 52"},
		{"PCS total NaN", func() MeasureResponse { m := base(InstrumentPCS, nil); m.Total = ptr(math.NaN()); return m }(), "total", "from 0 to 52"},
		{"PCS rumination 17", func() MeasureResponse {
			m := base(InstrumentPCS, nil)
			m.Total, m.Subscales = ptr(30.0), map[string]float64{"rumination": 17}
			return m
		}(), "subscales.rumination", "the rumination score runs from 0 to 16"},
		{"PCS unknown subscale", func() MeasureResponse {
			m := base(InstrumentPCS, nil)
			m.Total, m.Subscales = ptr(30.0), map[string]float64{"worry": 3}
			return m
		}(), "subscales", `no subscale called "worry"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			onlyFault(t, c.m.Validate(today), c.field, c.want)
		})
	}
}

func TestInstrumentShapesFollowTheDomain(t *testing.T) {
	want := map[string]struct {
		items      int
		lo, hi     float64
		totalsOnly bool
	}{
		InstrumentNRS: {1, 0, 10, false}, InstrumentMarinoff: {1, 0, 3, false}, InstrumentTampon: {1, 0, 10, false},
		InstrumentPHQ9: {9, 0, 27, false}, InstrumentGAD7: {7, 0, 21, false}, InstrumentFSFI: {19, 2, 36, false},
		InstrumentPFDI20: {20, 0, 300, false}, InstrumentPFIQ7: {21, 0, 300, false},
		InstrumentFSDSR: {0, 0, 52, true}, InstrumentPCS: {0, 0, 52, true},
	}
	ins := Instruments()
	if len(ins) != len(want) {
		t.Fatalf("%d instruments", len(ins))
	}
	for _, in := range ins {
		w := want[in.ID]
		if in.Items != w.items || in.TotalMin != w.lo || in.TotalMax != w.hi || in.TotalsOnly != w.totalsOnly {
			t.Errorf("%s: %+v", in.ID, in)
		}
		// Every item has exactly one range.
		for n := 1; n <= in.Items; n++ {
			matches := 0
			for _, r := range in.Ranges {
				if n >= r.First && n <= r.Last {
					matches++
				}
			}
			if matches != 1 {
				t.Errorf("%s item %d is in %d ranges", in.ID, n, matches)
			}
		}
	}
	fsfi, _ := InstrumentByID(InstrumentFSFI)
	for n, want := range map[int][2]int{1: {1, 5}, 2: {1, 5}, 3: {0, 5}, 14: {0, 5}, 15: {1, 5}, 16: {1, 5}, 17: {0, 5}, 19: {0, 5}} {
		if lo, hi := fsfi.ItemRange(n); lo != want[0] || hi != want[1] {
			t.Errorf("answers to FSFI item %d range %d–%d", n, lo, hi)
		}
	}
}
