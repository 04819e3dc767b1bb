package store

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

// blank returns a copy of items with the given items (numbered from 1)
// left unanswered.
func blank(items []*int, nums ...int) []*int {
	out := append([]*int(nil), items...)
	for _, n := range nums {
		out[n-1] = nil
	}
	return out
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// wantScoreError checks that err is a *ScoreError for the given item whose
// text holds want.
func wantScoreError(t *testing.T, err error, item int, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want one about item %d saying %q", item, want)
	}
	var se *ScoreError
	if !errors.As(err, &se) {
		t.Fatalf("error %v is not a *ScoreError", err)
	}
	if se.Item != item {
		t.Errorf("error names item %d, want %d (%v)", se.Item, item, err)
	}
	if !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not say %q", err, want)
	}
}

// --- PHQ-9 ---------------------------------------------------------------

func TestPHQ9Bands(t *testing.T) {
	tests := []struct {
		items []*int
		total int
		band  string
		alert bool
	}{
		{repeat(9, 0), 0, "minimal", false},                                 // minimum
		{answers(1, 1, 1, 1, 0, 0, 0, 0, 0), 4, "minimal", false},           // 4/5
		{answers(1, 1, 1, 1, 1, 0, 0, 0, 0), 5, "mild", false},              //
		{answers(1, 1, 1, 1, 1, 1, 1, 1, 1), 9, "mild", true},               // 9/10
		{answers(2, 1, 1, 1, 1, 1, 1, 1, 1), 10, "moderate", true},          // 2+8
		{answers(2, 2, 2, 2, 2, 1, 1, 1, 1), 14, "moderate", true},          // 10+4, 14/15
		{answers(2, 2, 2, 2, 2, 2, 1, 1, 0), 14, "moderate", false},         // 12+2
		{answers(2, 2, 2, 2, 2, 2, 1, 1, 1), 15, "moderately severe", true}, // 12+3
		{answers(3, 3, 3, 2, 2, 2, 2, 1, 1), 19, "moderately severe", true}, // 9+8+2, 19/20
		{answers(3, 3, 3, 3, 2, 2, 2, 1, 1), 20, "severe", true},            // 12+6+2
		{answers(3, 3, 3, 3, 3, 3, 3, 3, 0), 24, "severe", false},           // severe, item 9 = 0
		{repeat(9, 3), 27, "severe", true},                                  // maximum
		{answers(0, 0, 0, 0, 0, 0, 0, 0, 1), 1, "minimal", true},            // item 9 alert with a low total
		{answers(0, 0, 0, 0, 0, 0, 0, 0, 3), 3, "minimal", true},            //
	}
	for _, tt := range tests {
		p, err := ScorePHQ9(tt.items)
		if err != nil {
			t.Fatalf("%v: %v", tt.items, err)
		}
		if !p.Scored || p.Total != tt.total || p.Band != tt.band || p.Item9Alert != tt.alert || p.Prorated || p.Note != "" {
			t.Errorf("total %d: got %+v, want total %d %s alert %v", tt.total, p, tt.total, tt.band, tt.alert)
		}
	}
}

func TestPHQ9MissingAnswers(t *testing.T) {
	tests := []struct {
		name     string
		items    []*int
		scored   bool
		total    int
		band     string
		alert    bool
		item9Gap bool
		note     string
	}{
		// 2+2+1×6 = 10 from 8 answers: 10 × 9 ÷ 8 = 11.25 → 11.
		{"one missing", blank(answers(2, 2, 0, 1, 1, 1, 1, 1, 1), 3), true, 11, "moderate", true, false,
			"Item 3 not answered: the total is prorated from the 8 answered items (10 × 9 ÷ 8 = 11.25, rounded to 11)"},
		// 1×7 = 7 from 7 answers: 7 × 9 ÷ 7 = 9; item 9 missing is flagged.
		{"two missing", blank(repeat(9, 1), 8, 9), true, 9, "mild", false, true,
			"Items 8 and 9 not answered: the total is prorated from the 7 answered items (7 × 9 ÷ 7 = 9, rounded to 9)"},
		// 4 from 8 answers: 4 × 9 ÷ 8 = 4.5 → 5 (half up: never into a milder band).
		{"half rounds up", blank(answers(1, 1, 1, 1, 0, 0, 0, 0, 0), 8), true, 5, "mild", false, false, "4.5, rounded to 5"},
		// 2+1+1+1+1+0+0 = 6 from 7 answers: 54 ÷ 7 = 7.71 → 8.
		{"rounds to nearest", blank(answers(2, 2, 2, 1, 1, 1, 1, 0, 0), 1, 2), true, 8, "mild", false, false, "7.71, rounded to 8"},
		{"three missing", blank(repeat(9, 1), 1, 2, 3), false, 0, "", true, false,
			"Items 1, 2 and 3 not answered: not scored. The PHQ-9 total is prorated only when no more than 2 of its 9 items are missing"},
		{"too many missing, item 9 still alerts", blank(answers(3, 3, 3, 3, 3, 3, 3, 3, 2), 1, 2, 3, 4, 5, 6, 7, 8), false, 0, "", true, false, "not scored"},
		{"nothing answered", make([]*int, 9), false, 0, "", false, true, "not scored"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ScorePHQ9(tt.items)
			if err != nil {
				t.Fatal(err)
			}
			if p.Scored != tt.scored || p.Total != tt.total || p.Band != tt.band || p.Item9Alert != tt.alert || p.Item9Missing != tt.item9Gap {
				t.Errorf("got %+v", p)
			}
			if p.Prorated != (tt.scored && len(p.Missing) > 0) {
				t.Errorf("prorated %v with %d missing", p.Prorated, len(p.Missing))
			}
			if !strings.Contains(p.Note, tt.note) {
				t.Errorf("note %q does not say %q", p.Note, tt.note)
			}
		})
	}
	// 2+2+2+1+1+1+1 = 10 from 7: 90 ÷ 7 = 12.857 → 13.
	p, _ := ScorePHQ9(blank(answers(2, 2, 2, 1, 1, 1, 1, 0, 0), 8, 9))
	if p.Total != 13 || p.Band != "moderate" || !strings.Contains(p.Note, "12.86, rounded to 13") {
		t.Errorf("90 ÷ 7: got %+v", p)
	}
}

func TestPHQ9Errors(t *testing.T) {
	_, err := ScorePHQ9(answers(1, 1, 1, 7, 1, 1, 1, 1, 1))
	wantScoreError(t, err, 4, "PHQ-9: item 4 is 7; answers run from 0 to 3")
	_, err = ScorePHQ9(answers(-1, 1, 1, 1, 1, 1, 1, 1, 1))
	wantScoreError(t, err, 1, "item 1 is -1; answers run from 0 to 3")
	_, err = ScorePHQ9(answers(1, 1, 1, 1, 1, 1, 1, 1, 4))
	wantScoreError(t, err, 9, "item 9 is 4")
	// Every bad item is named.
	_, err = ScorePHQ9(answers(9, 1, 1, 1, 1, 1, 1, 1, 9))
	if err == nil || !strings.Contains(err.Error(), "item 1 is 9") || !strings.Contains(err.Error(), "item 9 is 9") {
		t.Errorf("two bad items: %v", err)
	}
	_, err = ScorePHQ9(repeat(8, 1))
	wantScoreError(t, err, 0, "8 answers were given but the PHQ-9 has 9 items")
	_, err = ScorePHQ9(repeat(10, 1))
	wantScoreError(t, err, 0, "10 answers were given")
	_, err = ScorePHQ9(nil)
	wantScoreError(t, err, 0, "no answers were given")
}

// --- GAD-7 ---------------------------------------------------------------

func TestGAD7(t *testing.T) {
	tests := []struct {
		name     string
		items    []*int
		scored   bool
		total    int
		band     string
		evaluate bool
	}{
		{"minimum", repeat(7, 0), true, 0, "minimal", false},
		{"4", answers(1, 1, 1, 1, 0, 0, 0), true, 4, "minimal", false},
		{"5", answers(1, 1, 1, 1, 1, 0, 0), true, 5, "mild", false},
		{"9", answers(2, 2, 2, 1, 1, 1, 0), true, 9, "mild", false},
		{"10", answers(2, 2, 2, 1, 1, 1, 1), true, 10, "moderate", true},
		{"14", answers(2, 2, 2, 2, 2, 2, 2), true, 14, "moderate", true},
		{"15", answers(3, 2, 2, 2, 2, 2, 2), true, 15, "severe", true},
		{"maximum", repeat(7, 3), true, 21, "severe", true},
		// 2×6 = 12 from 6: 12 × 7 ÷ 6 = 14.
		{"one missing", blank(repeat(7, 2), 7), true, 14, "moderate", true},
		// 3×5 = 15 from 5: 15 × 7 ÷ 5 = 21.
		{"two missing", blank(repeat(7, 3), 6, 7), true, 21, "severe", true},
		// 9 from 6: 63 ÷ 6 = 10.5 → 11.
		{"half rounds up", blank(answers(2, 2, 2, 1, 1, 1, 0), 7), true, 11, "moderate", true},
		// 3 from 6: 21 ÷ 6 = 3.5 → 4.
		{"half rounds up, minimal", blank(answers(1, 1, 1, 0, 0, 0, 0), 7), true, 4, "minimal", false},
		// 6 from 5: 42 ÷ 5 = 8.4 → 8.
		{"rounds down below half", blank(answers(2, 1, 1, 1, 0, 0, 1), 5, 6), true, 8, "mild", false},
		{"three missing", blank(repeat(7, 3), 1, 4, 7), false, 0, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := ScoreGAD7(tt.items)
			if err != nil {
				t.Fatal(err)
			}
			if g.Scored != tt.scored || g.Total != tt.total || g.Band != tt.band || g.WarrantsEvaluation != tt.evaluate {
				t.Errorf("got %+v", g)
			}
			if (len(g.Missing) > 0) != (g.Note != "") {
				t.Errorf("missing %v but note %q", g.Missing, g.Note)
			}
		})
	}
	_, err := ScoreGAD7(answers(0, 0, 0, 0, 0, 0, 5))
	wantScoreError(t, err, 7, "GAD-7: item 7 is 5; answers run from 0 to 3")
	_, err = ScoreGAD7(repeat(9, 0))
	wantScoreError(t, err, 0, "9 answers were given but the GAD-7 has 7 items")
	_, err = ScoreGAD7(repeat(1, 0))
	wantScoreError(t, err, 0, "1 answer was given")
}

// --- FSFI ----------------------------------------------------------------

type fsfiWant struct {
	desire, arousal, lubrication, orgasm, satisfaction, pain float64
	total                                                    float64
	dysfunction, noActivity                                  bool
}

func checkFSFI(t *testing.T, items []*int, w fsfiWant) FSFI {
	t.Helper()
	f, err := ScoreFSFI(items)
	if err != nil {
		t.Fatal(err)
	}
	got := []float64{}
	for _, d := range f.Domains {
		if !d.Scored {
			t.Errorf("%s not scored", d.Key)
		}
		got = append(got, d.Score)
	}
	want := []float64{w.desire, w.arousal, w.lubrication, w.orgasm, w.satisfaction, w.pain}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("domains %v, want %v", got, want)
	}
	if !f.Scored || f.Total != w.total || f.Dysfunction != w.dysfunction || f.NoActivityFlag != w.noActivity || f.Note != "" {
		t.Errorf("got total %v dysfunction %v no activity %v note %q; want %+v", f.Total, f.Dysfunction, f.NoActivityFlag, f.Note, w)
	}
	return f
}

func TestFSFIDomainsAndRanges(t *testing.T) {
	f, err := ScoreFSFI(fsfi())
	if err != nil {
		t.Fatal(err)
	}
	// Ranges from the item ranges × factor (Rosen 2000).
	ranges := map[string][3]float64{ // factor, min, max
		FSFIDesire:       {0.6, 1.2, 6},
		FSFIArousal:      {0.3, 0, 6},
		FSFILubrication:  {0.3, 0, 6},
		FSFIOrgasm:       {0.4, 0, 6},
		FSFISatisfaction: {0.4, 0.8, 6},
		FSFIPain:         {0.4, 0, 6},
	}
	items := map[string][2]int{
		FSFIDesire: {1, 2}, FSFIArousal: {3, 6}, FSFILubrication: {7, 10},
		FSFIOrgasm: {11, 13}, FSFISatisfaction: {14, 16}, FSFIPain: {17, 19},
	}
	if len(f.Domains) != 6 {
		t.Fatalf("%d domains", len(f.Domains))
	}
	for _, d := range f.Domains {
		r := ranges[d.Key]
		if d.Factor != r[0] || !near(d.Min, r[1]) || !near(d.Max, r[2]) {
			t.Errorf("%s: factor %v range %v–%v, want %v", d.Key, d.Factor, d.Min, d.Max, r)
		}
		if it := items[d.Key]; d.First != it[0] || d.Last != it[1] {
			t.Errorf("%s: items %d–%d, want %v", d.Key, d.First, d.Last, it)
		}
	}
	if !strings.Contains(f.Domain(FSFIPain).Note, "higher pain-domain score means less pain") {
		t.Errorf("pain note %q", f.Domain(FSFIPain).Note)
	}
}

func TestFSFIWorkedExamples(t *testing.T) {
	// Minimum of every domain: desire 1+1 ×0.6 = 1.2; arousal, lubrication,
	// orgasm 0; satisfaction 0+1+1 ×0.4 = 0.8; pain 0. Total 2.0. All the
	// activity items are 0: no sexual activity, not valid, no dysfunction call.
	min := answers(1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0)
	f := checkFSFI(t, min, fsfiWant{1.2, 0, 0, 0, 0.8, 0, 2, false, true})
	if len(f.ZeroAnswers) != 15 {
		t.Errorf("zero answers %v", f.ZeroAnswers)
	}

	// Maximum of every domain: 10×0.6, 20×0.3, 20×0.3, 15×0.4, 15×0.4, 15×0.4 = 6 each, total 36.
	checkFSFI(t, repeat(19, 5), fsfiWant{6, 6, 6, 6, 6, 6, 36, false, false})

	// The measures_test example: desire 3+3=6 ×0.6 = 3.6; arousal 4+4+3+4=15
	// ×0.3 = 4.5; lubrication 5+5+4+4=18 ×0.3 = 5.4; orgasm 3+3+3=9 ×0.4 =
	// 3.6; satisfaction 4+4+4=12 ×0.4 = 4.8; pain 2+2+3=7 ×0.4 = 2.8.
	// Total 24.7 ≤ 26.55: dysfunction.
	checkFSFI(t, fsfi(), fsfiWant{3.6, 4.5, 5.4, 3.6, 4.8, 2.8, 24.7, true, false})

	// Total 26.5 (just at or below the cut-off): desire 5+5 = 6.0; arousal
	// 4+4+4+3=15 → 4.5; lubrication 20 → 6.0; orgasm 9 → 3.6; satisfaction
	// 3+3+2=8 → 3.2; pain 3+3+2=8 → 3.2. 6+4.5+6+3.6+3.2+3.2 = 26.5.
	checkFSFI(t, answers(5, 5, 4, 4, 4, 3, 5, 5, 5, 5, 3, 3, 3, 3, 3, 2, 3, 3, 2),
		fsfiWant{6, 4.5, 6, 3.6, 3.2, 3.2, 26.5, true, false})

	// Total 26.6 (just above): desire 6.0; arousal 5+5+4+4=18 → 5.4;
	// lubrication 6.0; orgasm 9 → 3.6; satisfaction 3+2+2=7 → 2.8; pain
	// 3+2+2=7 → 2.8. 6+5.4+6+3.6+2.8+2.8 = 26.6.
	checkFSFI(t, answers(5, 5, 5, 5, 4, 4, 5, 5, 5, 5, 3, 3, 3, 3, 2, 2, 3, 2, 2),
		fsfiWant{6, 5.4, 6, 3.6, 2.8, 2.8, 26.6, false, false})

	// Sexually active but no intercourse attempted: pain items 0. The pain
	// domain scores 0 (as the most pain); flagged, not "no activity".
	// Desire 4+4=8 → 4.8; arousal 16 → 4.8; lubrication 16 → 4.8; orgasm 12
	// → 4.8; satisfaction 12 → 4.8; pain 0. Total 24.0.
	f = checkFSFI(t, append(repeat(16, 4), answers(0, 0, 0)...), fsfiWant{4.8, 4.8, 4.8, 4.8, 4.8, 0, 24, true, false})
	if !reflect.DeepEqual(f.ZeroAnswers, []int{17, 18, 19}) {
		t.Errorf("zero answers %v", f.ZeroAnswers)
	}
}

func TestFSFIMissingAnswers(t *testing.T) {
	f, err := ScoreFSFI(blank(fsfi(), 7))
	if err != nil {
		t.Fatal(err)
	}
	lub := f.Domain(FSFILubrication)
	if f.Scored || f.Total != 0 || f.Dysfunction || lub.Scored || lub.Score != 0 || !reflect.DeepEqual(lub.Missing, []int{7}) {
		t.Errorf("item 7 missing: got %+v", f)
	}
	if want := "Item 7 not answered: the lubrication domain is not scored, so the total is not scored"; !strings.Contains(f.Note, want) {
		t.Errorf("note %q", f.Note)
	}
	for _, d := range f.Domains {
		if d.Key != FSFILubrication && !d.Scored {
			t.Errorf("%s should still be scored", d.Key)
		}
	}
	if f.Domain(FSFIDesire).Score != 3.6 {
		t.Errorf("desire %v", f.Domain(FSFIDesire).Score)
	}

	f, _ = ScoreFSFI(blank(fsfi(), 2, 18, 19))
	if want := "Items 2, 18 and 19 not answered: the desire and pain domains are not scored"; !strings.Contains(f.Note, want) {
		t.Errorf("note %q", f.Note)
	}
	if n := f.Domain(FSFIPain).Note; !strings.Contains(n, "less pain") || !strings.Contains(n, "items 18 and 19 not answered") {
		t.Errorf("pain note %q", n)
	}

	// A missing answer is never a 0.
	f, _ = ScoreFSFI(blank(fsfi(), 4, 5, 6))
	if f.Scored || f.Domain(FSFIArousal).Scored {
		t.Errorf("arousal with missing items scored: %+v", f.Domain(FSFIArousal))
	}
}

func TestFSFIErrors(t *testing.T) {
	bad := func(n, x int) []*int {
		items := fsfi()
		items[n-1] = ptr(x)
		return items
	}
	_, err := ScoreFSFI(bad(1, 0))
	wantScoreError(t, err, 1, "FSFI: item 1 is 0; answers run from 1 to 5")
	_, err = ScoreFSFI(bad(3, 6))
	wantScoreError(t, err, 3, "item 3 is 6; answers run from 0 to 5")
	_, err = ScoreFSFI(bad(15, 0))
	wantScoreError(t, err, 15, "item 15 is 0; answers run from 1 to 5")
	_, err = ScoreFSFI(bad(19, -1))
	wantScoreError(t, err, 19, "item 19 is -1; answers run from 0 to 5")
	_, err = ScoreFSFI(fsfi()[:18])
	wantScoreError(t, err, 0, "18 answers were given but the FSFI has 19 items")
}

// --- PFDI-20 and PFIQ-7 --------------------------------------------------

func scales(v Inventory) []float64 {
	var out []float64
	for _, s := range v.Scales {
		out = append(out, s.Score)
	}
	return out
}

func TestPFDI20(t *testing.T) {
	tests := []struct {
		name    string
		items   []*int
		scores  []float64
		scored  []bool
		summary float64
		note    string
	}{
		{"minimum", repeat(20, 0), []float64{0, 0, 0}, []bool{true, true, true}, 0, ""},
		{"maximum", repeat(20, 4), []float64{100, 100, 100}, []bool{true, true, true}, 300, ""},
		// POPDI-6 1+2+0+0+3+0 = 6, mean 1 → 25; CRADI-8 0+0+1+1+0+0+2+0 = 4,
		// mean 0.5 → 12.5; UDI-6 4+4+0+0+2+2 = 12, mean 2 → 50. Summary 87.5.
		{"worked", answers(1, 2, 0, 0, 3, 0, 0, 0, 1, 1, 0, 0, 2, 0, 4, 4, 0, 0, 2, 2),
			[]float64{25, 12.5, 50}, []bool{true, true, true}, 87.5, ""},
		// POPDI-6 1+1+1+1+1+2 = 7, mean 7/6 → 29.1666…; others 0.
		{"unrounded", append(answers(1, 1, 1, 1, 1, 2), repeat(14, 0)...),
			[]float64{175.0 / 6, 0, 0}, []bool{true, true, true}, 175.0 / 6, ""},
		// Half missing is still scored: POPDI items 1–3 missing, 2+2+2 mean 2 → 50;
		// CRADI items 7–10 missing, 4+4+0+0 mean 2 → 50; UDI items 18–20 missing,
		// 1+1+1 mean 1 → 25.
		{"half missing", blank(answers(9, 9, 9, 2, 2, 2, 9, 9, 9, 9, 4, 4, 0, 0, 1, 1, 1, 9, 9, 9), 1, 2, 3, 7, 8, 9, 10, 18, 19, 20),
			[]float64{50, 50, 25}, []bool{true, true, true}, 125, "POPDI-6: items 1, 2 and 3 not answered; scored from the mean of the 3 answered items."},
		// More than half missing: POPDI-6 4 of 6 → not scored, summary not scored.
		{"POPDI more than half missing", blank(repeat(20, 1), 1, 2, 3, 4),
			[]float64{0, 25, 25}, []bool{false, true, true}, 0, "POPDI-6: 4 of its 6 items not answered (items 1, 2, 3 and 4), more than half, so it is not scored. The summary score needs all three scales"},
		{"CRADI more than half missing", blank(repeat(20, 1), 7, 8, 9, 10, 11),
			[]float64{25, 0, 25}, []bool{true, false, true}, 0, "CRADI-8: 5 of its 8 items not answered"},
		{"UDI more than half missing", blank(repeat(20, 2), 15, 16, 17, 18),
			[]float64{50, 50, 0}, []bool{true, true, false}, 0, "UDI-6: 4 of its 6 items not answered"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := ScorePFDI20(tt.items)
			if err != nil {
				t.Fatal(err)
			}
			got := scales(v)
			for i := range got {
				if !near(got[i], tt.scores[i]) || v.Scales[i].Scored != tt.scored[i] {
					t.Errorf("scale %s: %v scored %v, want %v %v", v.Scales[i].Key, got[i], v.Scales[i].Scored, tt.scores[i], tt.scored[i])
				}
			}
			all := tt.scored[0] && tt.scored[1] && tt.scored[2]
			if v.Scored != all || !near(v.Summary, tt.summary) {
				t.Errorf("summary %v scored %v, want %v %v", v.Summary, v.Scored, tt.summary, all)
			}
			if !strings.Contains(v.Note, tt.note) || (tt.note == "") != (v.Note == "") {
				t.Errorf("note %q, want %q", v.Note, tt.note)
			}
		})
	}
	v, _ := ScorePFDI20(repeat(20, 0))
	keys := []string{v.Scales[0].Key, v.Scales[1].Key, v.Scales[2].Key}
	if !reflect.DeepEqual(keys, []string{ScalePOPDI6, ScaleCRADI8, ScaleUDI6}) ||
		v.Scale(ScaleCRADI8).First != 7 || v.Scale(ScaleCRADI8).Last != 14 || v.Scale(ScaleUDI6).First != 15 {
		t.Errorf("scales %+v", v.Scales)
	}

	_, err := ScorePFDI20(append(repeat(19, 0), ptr(5)))
	wantScoreError(t, err, 20, "PFDI-20: item 20 is 5; answers run from 0 to 4")
	_, err = ScorePFDI20(repeat(19, 0))
	wantScoreError(t, err, 0, "19 answers were given but the PFDI-20 has 20 items")
}

func TestPFIQ7(t *testing.T) {
	tests := []struct {
		name    string
		items   []*int
		scores  []float64
		scored  []bool
		summary float64
	}{
		{"minimum", repeat(21, 0), []float64{0, 0, 0}, []bool{true, true, true}, 0},
		{"maximum", repeat(21, 3), []float64{100, 100, 100}, []bool{true, true, true}, 300},
		// Bladder all 1: mean 1 → 33.33…; bowel all 3 → 100; vagina/pelvis
		// 0×6 + 2 = 2, mean 2/7 → 200/21 = 9.52…. Summary 100/3 + 100 + 200/21
		// = 3000/21 = 142.857….
		{"worked", append(append(repeat(7, 1), repeat(7, 3)...), answers(0, 0, 0, 0, 0, 0, 2)...),
			[]float64{100.0 / 3, 100, 200.0 / 21}, []bool{true, true, true}, 3000.0 / 21},
		// 3 of 7 missing is still scored: bladder 2+2+2+2 mean 2 → 66.66….
		{"three missing", blank(append(repeat(7, 2), repeat(14, 0)...), 1, 2, 3),
			[]float64{200.0 / 3, 0, 0}, []bool{true, true, true}, 200.0 / 3},
		// 4 of 7 missing is not.
		{"four missing", blank(repeat(21, 3), 15, 16, 17, 18),
			[]float64{100, 100, 0}, []bool{true, true, false}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := ScorePFIQ7(tt.items)
			if err != nil {
				t.Fatal(err)
			}
			got := scales(v)
			for i := range got {
				if !near(got[i], tt.scores[i]) || v.Scales[i].Scored != tt.scored[i] {
					t.Errorf("scale %s: %v scored %v, want %v %v", v.Scales[i].Key, got[i], v.Scales[i].Scored, tt.scores[i], tt.scored[i])
				}
			}
			all := tt.scored[0] && tt.scored[1] && tt.scored[2]
			if v.Scored != all || !near(v.Summary, tt.summary) {
				t.Errorf("summary %v scored %v, want %v %v", v.Summary, v.Scored, tt.summary, all)
			}
		})
	}
	v, _ := ScorePFIQ7(blank(repeat(21, 3), 15, 16, 17, 18))
	if !strings.Contains(v.Note, "POPIQ-7: 4 of its 7 items not answered (items 15, 16, 17 and 18), more than half") {
		t.Errorf("note %q", v.Note)
	}
	_, err := ScorePFIQ7(append(repeat(13, 0), append([]*int{ptr(4)}, repeat(7, 0)...)...))
	wantScoreError(t, err, 14, "PFIQ-7: item 14 is 4; answers run from 0 to 3")
	_, err = ScorePFIQ7(repeat(20, 0))
	wantScoreError(t, err, 0, "20 answers were given but the PFIQ-7 has 21 items")
}

// --- FSDS-R and PCS ------------------------------------------------------

func TestFSDSR(t *testing.T) {
	for _, tt := range []struct {
		total    float64
		distress bool
	}{{0, false}, {10, false}, {11, true}, {52, true}} {
		f, err := ScoreFSDSR(ptr(tt.total))
		if err != nil || !f.Scored || f.Total != tt.total || f.Distress != tt.distress {
			t.Errorf("%v: got %+v %v", tt.total, f, err)
		}
	}
	f, err := ScoreFSDSR(nil)
	if err != nil || f.Scored || f.Note == "" {
		t.Errorf("nil: %+v %v", f, err)
	}
	for total, want := range map[float64]string{
		53:         "FSDS-R: the total is 53; it runs from 0 to 52",
		-1:         "the total is -1; it runs from 0 to 52",
		12.5:       "the total is 12.5; it is a sum of whole-number answers",
		math.NaN(): "the total is not a number",
	} {
		_, err := ScoreFSDSR(ptr(total))
		wantScoreError(t, err, 0, want)
	}
}

func TestPCS(t *testing.T) {
	sub := func(r, m, h float64) map[string]float64 {
		return map[string]float64{"rumination": r, "magnification": m, "helplessness": h}
	}
	tests := []struct {
		name     string
		total    *float64
		subs     map[string]float64
		scored   bool
		want     float64
		relevant bool
		derived  bool
	}{
		{"minimum", ptr(0.0), sub(0, 0, 0), true, 0, false, false},
		{"maximum", ptr(52.0), sub(16, 12, 24), true, 52, true, false},
		{"30 is not above 30", ptr(30.0), nil, true, 30, false, false},
		{"31", ptr(31.0), sub(10, 6, 15), true, 31, true, false},
		{"some subscales", ptr(20.0), map[string]float64{"rumination": 8}, true, 20, false, false},
		// 12 + 7 + 14 = 33, no total entered.
		{"total from subscales", nil, sub(12, 7, 14), true, 33, true, true},
		{"nothing", nil, nil, false, 0, false, false},
		{"two subscales, no total", nil, map[string]float64{"rumination": 8, "helplessness": 3}, false, 0, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ScorePCS(tt.total, tt.subs)
			if err != nil {
				t.Fatal(err)
			}
			if p.Scored != tt.scored || p.Total != tt.want || p.ClinicallyRelevant != tt.relevant || p.FromSubscales != tt.derived {
				t.Errorf("got %+v", p)
			}
		})
	}
	_, err := ScorePCS(ptr(26.0), sub(10, 5, 10))
	wantScoreError(t, err, 0, "PCS: the subscales add up to 25 but the total is 26")
	_, err = ScorePCS(ptr(53.0), nil)
	wantScoreError(t, err, 0, "the total is 53; it runs from 0 to 52")
	_, err = ScorePCS(ptr(30.0), map[string]float64{"rumination": 17})
	wantScoreError(t, err, 0, "the rumination score is 17; it runs from 0 to 16")
	var se *ScoreError
	if errors.As(err, &se) && se.Subscale != "rumination" {
		t.Errorf("subscale %q", se.Subscale)
	}
	_, err = ScorePCS(ptr(30.0), map[string]float64{"magnification": 13})
	wantScoreError(t, err, 0, "the magnification score is 13; it runs from 0 to 12")
	_, err = ScorePCS(ptr(30.0), map[string]float64{"helplessness": 25})
	wantScoreError(t, err, 0, "the helplessness score is 25; it runs from 0 to 24")
	_, err = ScorePCS(ptr(30.0), map[string]float64{"worry": 3})
	wantScoreError(t, err, 0, `there is no subscale called "worry"`)
}

// --- NRS, Marinoff, tampon test -----------------------------------------

func TestSingleScores(t *testing.T) {
	for _, tt := range []struct {
		name   string
		score  func(*int) (SingleScore, error)
		lo, hi int
		label  string
	}{
		{"NRS", ScoreNRS, 0, 10, "Pain NRS"},
		{"Marinoff", ScoreMarinoff, 0, 3, "Marinoff"},
		{"tampon", ScoreTampon, 0, 10, "Tampon test"},
	} {
		for _, x := range []int{tt.lo, tt.hi} {
			s, err := tt.score(ptr(x))
			if err != nil || !s.Scored || s.Score != x || s.Min != tt.lo || s.Max != tt.hi {
				t.Errorf("%s %d: %+v %v", tt.name, x, s, err)
			}
		}
		_, err := tt.score(ptr(tt.hi + 1))
		wantScoreError(t, err, 1, tt.label+": the score is "+itoa(tt.hi+1)+"; it runs from 0 to "+itoa(tt.hi))
		_, err = tt.score(ptr(-1))
		wantScoreError(t, err, 1, "the score is -1")
		s, err := tt.score(nil)
		if err != nil || s.Scored || s.Note != "not recorded" {
			t.Errorf("%s nil: %+v %v", tt.name, s, err)
		}
	}
	if s, _ := ScoreMarinoff(ptr(2)); s.Band != "grade 2" {
		t.Errorf("Marinoff band %q", s.Band)
	}
}

func itoa(n int) string { return decimal(float64(n), 0) }

func TestClinicallyImportantChange(t *testing.T) {
	tests := []struct {
		first, latest float64
		important     bool
		words         string
	}{
		{6, 4, true, "clinically important improvement: pain 6 to 4, down 2 points (33%)"},
		{10, 8, true, "clinically important improvement: pain 10 to 8, down 2 points (20%)"}, // 2 points, only 20%
		{3, 2, true, "clinically important improvement: pain 3 to 2, down 1 point (33%)"},    // 30%, only 1 point
		{10, 7, true, "clinically important improvement: pain 10 to 7, down 3 points (30%)"},
		{5, 3.5, true, "clinically important improvement: pain 5 to 3.5, down 1.5 points (30%)"}, // exactly 30%
		{5, 3.6, false, "no clinically important change: pain 5 to 3.6, down 1.4 points (28%)"},
		{6, 5, false, "no clinically important change: pain 6 to 5, down 1 point (16%)"},
		{4, 6, true, "clinically important worsening: pain 4 to 6, up 2 points (50%)"},
		{4, 5, false, "no clinically important change: pain 4 to 5, up 1 point (25%)"},
		{2, 3, true, "clinically important worsening: pain 2 to 3, up 1 point (50%)"},
		{0, 1, false, "no clinically important change: pain 0 to 1, up 1 point"}, // no percentage from 0
		{0, 2, true, "clinically important worsening: pain 0 to 2, up 2 points"},
		{0, 0, false, "no change: pain 0 to 0"},
		{7, 7, false, "no change: pain 7 to 7"},
		{1, 0, true, "clinically important improvement: pain 1 to 0, down 1 point (100%)"},
		{11, 5, false, "cannot compare: pain scores run from 0 to 10"},
		{5, -1, false, "cannot compare"},
		{math.NaN(), 5, false, "cannot compare"},
	}
	for _, tt := range tests {
		ok, words := ClinicallyImportantChange(tt.first, tt.latest)
		if ok != tt.important || !strings.HasPrefix(words, tt.words) {
			t.Errorf("%v → %v: %v %q, want %v %q", tt.first, tt.latest, ok, words, tt.important, tt.words)
		}
	}
}

// --- The dispatcher ------------------------------------------------------

func TestScoreDispatch(t *testing.T) {
	// Every instrument's Result covers the range the store allows.
	for _, in := range Instruments() {
		m := MeasureResponse{Instrument: in.ID}
		if in.TotalsOnly {
			m.Total = ptr(in.TotalMax)
		} else {
			for n := 1; n <= in.Items; n++ {
				_, hi := in.ItemRange(n)
				m.Items = append(m.Items, ptr(hi))
			}
		}
		r, err := Score(m)
		if err != nil {
			t.Fatalf("%s: %v", in.ID, err)
		}
		if r.Instrument != in.ID || !r.Scored || r.Min != in.TotalMin || r.Max != in.TotalMax || !near(r.Total, in.TotalMax) {
			t.Errorf("%s at its maximum: %+v", in.ID, r)
		}
		if r.HigherIsBetter != (in.ID == InstrumentFSFI) {
			t.Errorf("%s: higher is better %v", in.ID, r.HigherIsBetter)
		}
	}

	// PHQ-9 item 9 = 1 with a low total: the alert is set, the score stands.
	r, err := Score(MeasureResponse{Instrument: InstrumentPHQ9, Items: answers(0, 1, 0, 0, 0, 0, 0, 0, 1)})
	if err != nil || !r.Scored || r.Total != 2 || r.Band != "minimal" || !strings.Contains(r.Alert, "assess suicide risk now") {
		t.Errorf("PHQ-9 item 9: %+v %v", r, err)
	}
	// Not scored, still alerted.
	r, _ = Score(MeasureResponse{Instrument: InstrumentPHQ9, Items: blank(answers(0, 0, 0, 0, 0, 0, 0, 0, 2), 1, 2, 3)})
	if r.Scored || r.Total != 0 || r.Band != "" || r.Alert == "" || !strings.Contains(r.Missing, "not scored") {
		t.Errorf("PHQ-9 unscored with item 9: %+v", r)
	}
	// Item 9 unanswered is flagged; a prorated total says so.
	r, _ = Score(MeasureResponse{Instrument: InstrumentPHQ9, Items: blank(repeat(9, 1), 9)})
	if r.Alert != "" || r.Total != 9 || len(r.Flags) != 2 || !strings.Contains(r.Flags[1], "item 9") || !strings.Contains(r.Flags[0], "prorated") {
		t.Errorf("PHQ-9 item 9 missing: %+v", r)
	}

	r, _ = Score(MeasureResponse{Instrument: InstrumentGAD7, Items: answers(2, 2, 2, 1, 1, 1, 1)})
	if r.Total != 10 || r.Band != "moderate" || len(r.Flags) != 1 || !strings.Contains(r.Flags[0], "further evaluation") {
		t.Errorf("GAD-7 10: %+v", r)
	}

	// FSFI: six domains, the pain note, the cut-off.
	r, _ = Score(MeasureResponse{Instrument: InstrumentFSFI, Items: fsfi()})
	if len(r.Domains) != 6 || r.Total != 24.7 || r.Band != "suggests sexual dysfunction" || !strings.Contains(r.Domains[5].Note, "less pain") {
		t.Errorf("FSFI: %+v", r)
	}
	r, _ = Score(MeasureResponse{Instrument: InstrumentFSFI, Items: answers(1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0)})
	if !r.Scored || r.Total != 2 || !strings.HasPrefix(r.Band, "not valid") || len(r.Flags) != 1 || !strings.Contains(r.Flags[0], "not valid as a measure") {
		t.Errorf("FSFI no activity: %+v", r)
	}
	r, _ = Score(MeasureResponse{Instrument: InstrumentFSFI, Items: blank(fsfi(), 12)})
	if r.Scored || r.Total != 0 || r.Domains[3].Scored || !strings.Contains(r.Missing, "orgasm") {
		t.Errorf("FSFI missing item 12: %+v", r)
	}

	r, _ = Score(MeasureResponse{Instrument: InstrumentPFDI20, Items: blank(repeat(20, 1), 1, 2, 3, 4)})
	if r.Scored || len(r.Domains) != 3 || r.Domains[0].Scored || r.Domains[1].Max != 100 || r.Missing == "" {
		t.Errorf("PFDI-20: %+v", r)
	}

	r, _ = Score(MeasureResponse{Instrument: InstrumentPCS, Total: ptr(31.0), Subscales: map[string]float64{"rumination": 10}})
	if r.Band != "clinically relevant" || len(r.Domains) != 3 || !r.Domains[0].Scored || r.Domains[1].Scored || r.Domains[2].Max != 24 {
		t.Errorf("PCS: %+v", r)
	}
	r, _ = Score(MeasureResponse{Instrument: InstrumentFSDSR, Total: ptr(11.0)})
	if r.Band != "suggests sexually related distress" {
		t.Errorf("FSDS-R: %+v", r)
	}
	r, _ = Score(MeasureResponse{Instrument: InstrumentMarinoff, Items: answers(3)})
	if r.Band != "grade 3" || r.Total != 3 {
		t.Errorf("Marinoff: %+v", r)
	}

	// Errors come through, naming the item.
	_, err = Score(MeasureResponse{Instrument: InstrumentPHQ9, Items: answers(1, 1, 1, 7, 1, 1, 1, 1, 1)})
	wantScoreError(t, err, 4, "item 4 is 7; answers run from 0 to 3")
	_, err = Score(MeasureResponse{Instrument: InstrumentNRS, Items: answers(11)})
	wantScoreError(t, err, 1, "Pain NRS: the score is 11; it runs from 0 to 10")
	_, err = Score(MeasureResponse{Instrument: InstrumentNRS, Items: answers(1, 2)})
	wantScoreError(t, err, 0, "2 answers were given but the Pain NRS has 1 item;")
	_, err = Score(MeasureResponse{Instrument: InstrumentFSDSR, Items: answers(1), Total: ptr(3.0)})
	wantScoreError(t, err, 0, "only the total may be kept")
	_, err = Score(MeasureResponse{Instrument: "bdi"})
	wantScoreError(t, err, 0, "not an instrument")
}

func TestThresholds(t *testing.T) {
	at := func(id string) []float64 {
		var out []float64
		for _, th := range Thresholds(id) {
			out = append(out, th.At)
		}
		return out
	}
	for id, want := range map[string][]float64{
		InstrumentPHQ9:  {5, 10, 15, 20},
		InstrumentGAD7:  {5, 10, 15},
		InstrumentFSFI:  {26.55},
		InstrumentFSDSR: {11},
		InstrumentPCS:   {30},
		InstrumentNRS:   nil,
	} {
		if got := at(id); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %v, want %v", id, got, want)
		}
	}
	if l := Thresholds(InstrumentPHQ9)[3].Label; l != "severe (20–27)" {
		t.Errorf("label %q", l)
	}
}

func TestAttribution(t *testing.T) {
	for _, s := range []string{"Spitzer", "Janet B.W. Williams", "Kroenke", "Pfizer Inc.", "No permission required"} {
		if !strings.Contains(PHQAttribution, s) {
			t.Errorf("attribution lacks %q", s)
		}
	}
}
