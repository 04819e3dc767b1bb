package reports

import (
	"math"
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/pelvicnotes/pelvicnotes/store"
)

// The letter draws every other measure scored at least twice as a panel of
// its totals: the record's scores in date order, on the instrument's range,
// with its band lines; pain NRS is on the trend chart instead, and an
// initial letter has no panels.
func TestLetterMeasureTotalsOverTime(t *testing.T) {
	h := demoLetterHistory(t)
	l := ComposeLetter(recordsOf(h, store.LetterProgress))
	want := map[string][]float64{}
	for _, m := range h.Measures {
		r, err := store.Score(m)
		if err != nil || !r.Scored {
			continue
		}
		in, _ := store.InstrumentByID(m.Instrument)
		want[in.Name] = append(want[in.Name], r.Total)
	}
	panels := map[string]LetterSeries{}
	for _, s := range l.MeasureTrends {
		panels[s.Name] = s
	}
	if _, ok := panels["Pain NRS"]; ok {
		t.Error("pain NRS is drawn twice: on the trend chart and as a panel")
	}
	for _, row := range l.Outcomes {
		if row.Instrument == "Pain NRS" {
			continue
		}
		s, ok := panels[row.Instrument]
		if !ok {
			t.Errorf("%s is in the outcome table but has no panel", row.Instrument)
			continue
		}
		if len(s.Points) != len(want[row.Instrument]) {
			t.Errorf("%s: %d points, %d scores in the record", row.Instrument, len(s.Points), len(want[row.Instrument]))
			continue
		}
		for i := 1; i < len(s.Points); i++ {
			if s.Points[i].At.Before(s.Points[i-1].At) {
				t.Errorf("%s: points out of date order", row.Instrument)
			}
		}
		if s.Points[0].Value != row.FirstScore || s.Points[len(s.Points)-1].Value != row.LatestScore {
			t.Errorf("%s: panel from %v to %v, table %v to %v", row.Instrument, s.Points[0].Value, s.Points[len(s.Points)-1].Value, row.FirstScore, row.LatestScore)
		}
		in := instrumentNamed(t, row.Instrument)
		if s.Min != in.TotalMin || s.Max != in.TotalMax || len(s.Thresholds) != len(store.Thresholds(in.ID)) {
			t.Errorf("%s: range %v–%v with %d bands", row.Instrument, s.Min, s.Max, len(s.Thresholds))
		}
	}
	if len(l.MeasureTrends) == 0 {
		t.Fatal("the demo patient's letter has no measure panels")
	}
	text := pdfText(t, letterBytes(t, l))
	if !strings.Contains(text, "Totals over time") {
		t.Error("the letter has no 'Totals over time'")
	}
	for _, s := range l.MeasureTrends {
		if head := s.Name + " (" + scoreWords(s.Min) + "–" + scoreWords(s.Max) + ")"; !strings.Contains(text, head) {
			t.Errorf("the letter has no panel %q", head)
		}
	}

	if l := ComposeLetter(recordsOf(h, store.LetterInitial)); len(l.MeasureTrends) != 0 {
		t.Errorf("an initial letter has %d measure panels", len(l.MeasureTrends))
	}
}

func instrumentNamed(t *testing.T, name string) store.Instrument {
	t.Helper()
	for _, in := range store.Instruments() {
		if in.Name == name {
			return in
		}
	}
	t.Fatalf("no instrument %q", name)
	return store.Instrument{}
}

// testBox is a label's box in a panel, in mm.
type testBox struct{ x0, y0, x1, y1 float64 }

func (b testBox) overlaps(o testBox) bool {
	return b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1
}

// segmentCrossesBox reports whether the segment a–b passes through the box,
// by walking it in steps of a hundredth of a millimetre: a check of its own,
// not the placer's clipping.
func segmentCrossesBox(ax, ay, bx, by float64, b testBox) bool {
	n := int(math.Hypot(bx-ax, by-ay)/0.01) + 1
	for k := 0; k <= n; k++ {
		f := float64(k) / float64(n)
		if x, y := ax+(bx-ax)*f, ay+(by-ay)*f; x > b.x0 && x < b.x1 && y > b.y0 && y < b.y1 {
			return true
		}
	}
	return false
}

// Band words written inside a panel never lie on the line of scores, on
// another band's line or words, or on a value, and sit on the side of their
// line whose scores they describe; those with no clear place are written
// under the panel, so no band goes unexplained. Values stay in the plot,
// above the dates, and almost always clear of every line.
func TestMeasurePanelLabelsKeepClear(t *testing.T) {
	pdf := newDoc("A4", time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC))
	pdf.AddPage()
	rng := rand.New(rand.NewSource(3))
	start := time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC)
	values, blocked, valuesOnBands, bandWords, bandsOnBands := 0, 0, 0, 0, 0
	for trial := 0; trial < 300; trial++ {
		in := store.Instruments()[rng.Intn(len(store.Instruments()))]
		ths := store.Thresholds(in.ID)
		if len(ths) == 0 {
			ths = store.Thresholds(store.InstrumentPHQ9)
			in, _ = store.InstrumentByID(store.InstrumentPHQ9)
		}
		s := LetterSeries{Name: in.Name, Min: in.TotalMin, Max: in.TotalMax, Thresholds: ths}
		for i, n := 0, 2+rng.Intn(12); i < n; i++ {
			v := in.TotalMin + rng.Float64()*(in.TotalMax-in.TotalMin)
			s.Points = append(s.Points, LetterTrendPoint{At: start.AddDate(0, 0, 7*i+rng.Intn(5)), Value: math.Round(v)})
		}
		p := layoutMeasurePanel(pdf, s, 54)
		if len(p.bands)+len(p.notes) != len(ths) {
			t.Fatalf("trial %d: %d bands, %d placed and %d under the panel", trial, len(ths), len(p.bands), len(p.notes))
		}
		var scores, guides [][4]float64
		for i := 1; i < len(p.px); i++ {
			scores = append(scores, [4]float64{p.px[i-1], p.py[i-1], p.px[i], p.py[i]})
		}
		for _, th := range ths {
			y := p.yOf(th.At)
			guides = append(guides, [4]float64{p.x0, y, p.x1, y})
		}
		crosses := func(lines [][4]float64, b testBox) bool {
			for _, l := range lines {
				if segmentCrossesBox(l[0], l[1], l[2], l[3], b) {
					return true
				}
			}
			return false
		}
		pdf.SetFont(fontFamily, "", panelLabel)
		var boxes []testBox
		for _, b := range p.bands {
			w := pdf.GetStringWidth(b.text)
			lb := testBox{b.x, b.y - 1.5, b.x + w, b.y}
			if crosses(scores, lb) {
				t.Fatalf("trial %d: %q at %.1f,%.1f lies on the line of scores", trial, b.text, b.x, b.y)
			}
			bandWords++
			if crosses(guides, lb) {
				bandsOnBands++
			}
			if lb.x0 < p.x0 || lb.x1 > p.x1+0.5 {
				t.Fatalf("trial %d: %q runs outside the plot", trial, b.text)
			}
			for _, th := range ths {
				if th.Label == b.text && th.Below != (lb.y0 > p.yOf(th.At)) {
					t.Fatalf("trial %d: %q is on the wrong side of its line", trial, b.text)
				}
			}
			boxes = append(boxes, lb)
		}
		for i := range boxes {
			for j := i + 1; j < len(boxes); j++ {
				if boxes[i].overlaps(boxes[j]) {
					t.Fatalf("trial %d: band words %d and %d overlap: %+v %+v", trial, i, j, boxes[i], boxes[j])
				}
			}
		}
		pdf.SetFont(fontFamily, "B", 6.5)
		for _, v := range p.values {
			w := pdf.GetStringWidth(v.text)
			vb := testBox{v.x, v.y - 1.8, v.x + w, v.y}
			if vb.y1 > p.bottom+0.01 || vb.y0 < p.top-2.5-0.01 || vb.x0 < p.x0-0.01 || vb.x1 > p.x1+0.51 {
				t.Fatalf("trial %d: value %q at %+v is outside the plot", trial, v.text, vb)
			}
			for _, b := range boxes {
				if vb.overlaps(b) {
					t.Fatalf("trial %d: value %q lies on band words", trial, v.text)
				}
			}
			values++
			if crosses(scores, vb) {
				blocked++
			}
			if crosses(guides, vb) {
				valuesOnBands++
			}
		}
	}
	// Random scores jump about far more than a patient's do, and PHQ-9's
	// bands are 4 mm apart: a value may have to cross a dashed band line,
	// rarely the line of scores.
	if blocked*20 > values || valuesOnBands*4 > values || bandsOnBands*10 > bandWords {
		t.Errorf("of %d values, %d lie on the line of scores and %d on a band line; %d of %d band words cross another band's line",
			values, blocked, valuesOnBands, bandsOnBands, bandWords)
	}
	t.Logf("of %d values, %d lie on the line of scores and %d on a band line; %d of %d band words cross another band's line",
		values, blocked, valuesOnBands, bandsOnBands, bandWords)
}
