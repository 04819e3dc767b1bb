package widgets

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
)

func exampleSeries() []TrendSeries {
	var odi, nrs, fsfi []TrendPoint
	for i, v := range []float64{46, 42, 40, 33, 30, 24, 22} {
		odi = append(odi, TrendPoint{At: day(2026, 1, 12).AddDate(0, 0, 14*i), Value: v})
	}
	for i, v := range []float64{8, 7, 7, 5, 4, 4, 3, 2} {
		nrs = append(nrs, TrendPoint{At: day(2026, 1, 5).AddDate(0, 0, 12*i+i%3), Value: v})
	}
	for i, v := range []float64{14.2, 17.5, 21.3, 24.9} {
		fsfi = append(fsfi, TrendPoint{At: day(2026, 1, 19).AddDate(0, 0, 28*i), Value: v})
	}
	return []TrendSeries{
		{Name: "ODI %", Points: odi, Min: 0, Max: 100},
		{Name: "Pain NRS", Points: nrs, Min: 0, Max: 10},
		{Name: "FSFI", Points: fsfi, Min: 2, Max: 36},
	}
}

func TestTrendChartTexts(t *testing.T) {
	c := NewTrendChart()
	show(t, c, fyne.NewSize(600, 140))
	texts := textPositions(t, c)
	if _, ok := texts[NoSessionsYet]; !ok {
		t.Error("an empty chart should say " + NoSessionsYet)
	}
	c.SetSeries(TrendSeries{Name: "ODI %", Min: 0, Max: 100})
	if _, ok := textPositions(t, c)[NoSessionsYet]; !ok {
		t.Error("series without points should say " + NoSessionsYet)
	}
	c.SetSeries(exampleSeries()...)
	texts = textPositions(t, c)
	for _, s := range []string{"ODI %", "22", "0–100", "Pain NRS", "2", "0–10", "FSFI", "24.9", "2–36", "5 Jan 2026"} {
		if _, ok := texts[s]; !ok {
			t.Errorf("%q not drawn", s)
		}
	}
	if _, ok := texts[NoSessionsYet]; ok {
		t.Error("a chart with points should not say " + NoSessionsYet)
	}
	for s, p := range texts {
		if p.X < 0 || p.X > 600 || p.Y < 0 || p.Y > 140 {
			t.Errorf("%q at %v outside the chart", s, p)
		}
	}
}

func TestTrendChartScalesEachSeries(t *testing.T) {
	series := exampleSeries()
	g := trendLayout(fyne.NewSize(600, 140), series)
	if g.plotBottom-g.plotTop < 50 {
		t.Errorf("plot only %v high at 600×140", g.plotBottom-g.plotTop)
	}
	if g.plotTop < g.legendBottom {
		t.Error("plot overlaps the legend")
	}
	if !g.first.Equal(day(2026, 1, 5)) {
		t.Errorf("first date %v", g.first)
	}
	if x0, x1 := g.scale.X(g.first), g.scale.X(g.last); x0 < g.plotX0 || x1 > g.plotX1 || x0 >= x1 {
		t.Errorf("dates span %v–%v outside %v–%v", x0, x1, g.plotX0, g.plotX1)
	}
	one := trendLayout(fyne.NewSize(600, 140), []TrendSeries{{Name: "x", Points: []TrendPoint{{At: day(2026, 3, 1), Value: 1}}, Max: 2}})
	if x := one.scale.X(day(2026, 3, 1)); x < 290 || x > 310 {
		t.Errorf("a single point at x=%v, want the middle", x)
	}
	_ = time.Now
}

func TestTrendChartRender(t *testing.T) {
	c := NewTrendChart()
	w := show(t, c, fyne.NewSize(600, 140))
	c.SetSeries(exampleSeries()...)
	capture(t, w, "trendchart")
	w.Resize(fyne.NewSize(340, 160))
	capture(t, w, "trendchart-340")
	c.SetSeries()
	w.Resize(fyne.NewSize(600, 140))
	capture(t, w, "trendchart-empty")
}
