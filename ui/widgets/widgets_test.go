package widgets

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// Every widget has a usable minimum size and draws at it, and at a size
// smaller than that, without trouble.
func TestMinSizes(t *testing.T) {
	clock := NewClockMap(nil)
	clock.SetPoints([]ClockPoint{{Hour: 3, Layer: "deep", NRS: 4, Number: 1}})
	swab := NewSwabClock(nil)
	swab.SetSites([]SwabSiteValue{{Hour: 2, NRS: nrs(3)}, {Hour: 6}}, 2)
	body := NewBodyChart(append([]string{"Jaw"}, clinicSites...), nil)
	body.SetMarks([]BodyMark{{Site: "Jaw", NRS: 2}, {Site: "Gluteals", NRS: 5}})
	ladder := NewDilatorLadder()
	ladder.SetSizes(exampleSizes)
	ladder.SetSteps(exampleSteps())
	ladder.SetSuggestion("Consider the next size")
	trend := NewTrendChart()
	trend.SetSeries(exampleSeries()...)
	for name, w := range map[string]fyne.Widget{
		"clock map": clock, "swab clock": swab, "body chart": body, "dilator ladder": ladder, "trend chart": trend,
	} {
		test.NewTempApp(t)
		min := w.MinSize()
		if min.Width < 200 || min.Height < 100 || min.Width > 400 || min.Height > 400 {
			t.Errorf("%s: MinSize %v", name, min)
		}
		for _, size := range []fyne.Size{min, fyne.NewSize(40, 30), fyne.NewSize(0, 0)} {
			w.Resize(size)
			test.TempWidgetRenderer(t, w).Layout(size)
			w.Refresh()
		}
	}
}
