package widgets

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/pelvicnotes/pelvicnotes/reports/figure"
)

type tapped struct {
	hour  int
	layer string
	n     int
}

func TestClockMapTapEverySite(t *testing.T) {
	var got tapped
	m := NewClockMap(func(h int, l string) { got = tapped{h, l, got.n + 1} })
	for _, size := range []fyne.Size{fyne.NewSize(360, 360), fyne.NewSize(320, 380), fyne.NewSize(500, 340)} {
		show(t, m, size)
		for _, layer := range []string{figure.LayerSuperficial, figure.LayerDeep} {
			for hour := 1; hour <= 12; hour++ {
				got = tapped{}
				test.TapAt(m, m.PointPosition(hour, layer))
				if got != (tapped{hour, layer, 1}) {
					t.Errorf("%v: tap at %d %s gave %+v", size, hour, layer, got)
				}
			}
		}
		// Near the sector edges, and just inside each band.
		c, ox, oy := clockFrame(m.Size())
		for hour := 1; hour <= 12; hour++ {
			for _, layer := range []string{figure.LayerSuperficial, figure.LayerDeep} {
				in, out := c.Band(layer)
				for _, da := range []float64{-13, 13} {
					for _, r := range []float32{in + 2, out - 2} {
						x, y := c.Polar(r, figure.HourAngle(hour)+da)
						got = tapped{}
						test.TapAt(m, fyne.NewPos(ox+x, oy+y))
						if got != (tapped{hour, layer, 1}) {
							t.Errorf("%v: tap at %d %s %+v° r=%v gave %+v", size, hour, layer, da, r, got)
						}
					}
				}
			}
		}
	}
}

func TestClockMapTapsOffTheRings(t *testing.T) {
	calls := 0
	m := NewClockMap(func(int, string) { calls++ })
	show(t, m, fyne.NewSize(360, 360))
	c, ox, oy := clockFrame(m.Size())
	cx, cy := c.Centre()
	for _, p := range []fyne.Position{
		fyne.NewPos(ox+cx, oy+cy),                   // the introitus
		fyne.NewPos(ox+cx+c.InnerRadius()-3, oy+cy), // just inside the hole
		fyne.NewPos(2, 2), fyne.NewPos(358, 358),    // corners
		fyne.NewPos(ox+cx, oy+cy-c.OuterRadius()-6),   // above 12
		fyne.NewPos(ox+cx+c.OuterRadius()+6, oy+cy+1), // right of 3
	} {
		test.TapAt(m, p)
	}
	if calls != 0 {
		t.Errorf("%d taps off the rings reported a site", calls)
	}
	NewClockMap(nil).Tapped(&fyne.PointEvent{Position: fyne.NewPos(ox+cx, oy+cy-c.OuterRadius()+3)}) // nil callback is fine
}

// textPositions maps each text drawn by the widget to its box's centre.
func textPositions(t *testing.T, w fyne.Widget) map[string]fyne.Position {
	t.Helper()
	out := map[string]fyne.Position{}
	for _, o := range test.TempWidgetRenderer(t, w).Objects() {
		if txt, ok := o.(*canvas.Text); ok {
			out[txt.Text] = txt.Position().AddXY(txt.Size().Width/2, txt.Size().Height/2)
		}
	}
	return out
}

func TestClockMapLabelsLithotomy(t *testing.T) {
	m := NewClockMap(nil)
	show(t, m, fyne.NewSize(360, 360))
	m.Refresh()
	texts := textPositions(t, m)
	centre := m.PointPosition(12, figure.LayerDeep).X
	mid := m.PointPosition(3, figure.LayerDeep).Y
	for _, l := range []string{LabelPatientLeft, LabelPatientRight, LabelPubicSymphysis, LabelAnus, "12", "3", "6", "9", LabelSuperficial, LabelDeep} {
		if _, ok := texts[l]; !ok {
			t.Fatalf("label %q not drawn", l)
		}
	}
	// The patient's left is on the examiner's right, with 3 o'clock.
	if texts[LabelPatientLeft].X <= centre || texts["3"].X <= centre {
		t.Errorf("patient's left at %v and 3 at %v should be right of the centre %v", texts[LabelPatientLeft], texts["3"], centre)
	}
	if texts[LabelPatientRight].X >= centre || texts["9"].X >= centre {
		t.Errorf("patient's right at %v and 9 at %v should be left of the centre %v", texts[LabelPatientRight], texts["9"], centre)
	}
	if texts[LabelPubicSymphysis].Y >= texts["12"].Y || texts["12"].Y >= mid {
		t.Errorf("pubic symphysis %v should be above 12 %v, at the top", texts[LabelPubicSymphysis], texts["12"])
	}
	if texts[LabelAnus].Y <= texts["6"].Y || texts["6"].Y <= mid {
		t.Errorf("anus %v should be below 6 %v, at the bottom", texts[LabelAnus], texts["6"])
	}
	if p, q := m.PointPosition(3, figure.LayerSuperficial), m.PointPosition(3, figure.LayerDeep); p.X >= q.X {
		t.Errorf("superficial ring %v should be inside the deep ring %v", p, q)
	}
	// Every label inside the widget.
	for l, p := range texts {
		if p.X < 0 || p.Y < 0 || p.X > 360 || p.Y > 360 {
			t.Errorf("label %q at %v outside the widget", l, p)
		}
	}
}

func TestClockMapRender(t *testing.T) {
	m := NewClockMap(nil)
	w := show(t, m, fyne.NewSize(360, 360))
	m.SetPoints([]ClockPoint{
		{Hour: 2, Layer: figure.LayerSuperficial, NRS: 2, Number: 1},
		{Hour: 10, Layer: figure.LayerSuperficial, NRS: 5, Number: 2},
		{Hour: 4, Layer: figure.LayerDeep, NRS: 7, Number: 3, Selected: true},
		{Hour: 8, Layer: figure.LayerDeep, NRS: 9, Number: 4},
		{Hour: 5, Layer: figure.LayerDeep, NRS: 0, Number: 5},
		{Hour: 11, Layer: figure.LayerDeep, NRS: 10, Number: 6},
		{Hour: 11, Layer: figure.LayerDeep, NRS: 4, Number: 7},
		{Hour: 3, Layer: figure.LayerSuperficial, NRS: 3, Number: 8},
		{Hour: 9, Layer: figure.LayerSuperficial, NRS: 6, Number: 12},
	})
	capture(t, w, "clockmap")
	test.MoveMouse(w.Canvas(), m.PointPosition(1, figure.LayerDeep))
	capture(t, w, "clockmap-hover")
	test.MoveMouse(w.Canvas(), fyne.NewPos(1, 1))
	w.Resize(fyne.NewSize(320, 320))
	capture(t, w, "clockmap-320")
}

// The rectal face keeps the clock (pubic symphysis at 12, the patient's
// left at 3) and marks 6 as posterior: the anus is where the finger is.
func TestClockMapRectalFace(t *testing.T) {
	m := NewClockMap(nil)
	show(t, m, fyne.NewSize(360, 360))
	m.SetRectal(true)
	texts := textPositions(t, m)
	if _, ok := texts[LabelAnus]; ok {
		t.Error("the rectal face labels 6 o'clock as the anus")
	}
	for _, l := range []string{LabelPosterior, LabelPubicSymphysis, LabelPatientLeft} {
		if _, ok := texts[l]; !ok {
			t.Errorf("the rectal face has no %q", l)
		}
	}
	if texts[LabelPosterior].Y <= texts["6"].Y {
		t.Errorf("posterior %v should be below 6 %v", texts[LabelPosterior], texts["6"])
	}
	m.SetRectal(false)
	if texts := textPositions(t, m); texts[LabelAnus] == (fyne.Position{}) {
		t.Error("back on the vaginal face, the anus is not at 6")
	}
}
