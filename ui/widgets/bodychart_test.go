package widgets

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

var clinicSites = []string{"Adductors", "Piriformis", "Iliopsoas", "Abdominals", "Gluteals",
	"Quadratus lumborum", "Sacroiliac joints", "Pubic symphysis"}

func TestBodyChartTapEachSite(t *testing.T) {
	sites := append(append([]string(nil), clinicSites...), "Thoracic spine", "Caesarean scar")
	var got, sides []string
	b := NewBodyChart(sites, func(s, side string) { got, sides = append(got, s), append(sides, side) })
	for _, size := range []fyne.Size{fyne.NewSize(360, 360), fyne.NewSize(320, 320), fyne.NewSize(520, 400)} {
		show(t, b, size)
		for _, s := range sites {
			ps := b.SitePositions(s)
			if len(ps) == 0 {
				t.Errorf("%v: %s not on the chart", size, s)
			}
			for _, p := range ps {
				got = nil
				test.TapAt(b, p)
				if len(got) != 1 || got[0] != s {
					t.Errorf("%v: tap on a marker of %s at %v gave %v", size, s, p, got)
				}
				// A little off the centre still counts.
				got = nil
				test.TapAt(b, p.AddXY(4, -3))
				if len(got) != 1 || got[0] != s {
					t.Errorf("%v: tap near a marker of %s gave %v", size, s, got)
				}
			}
		}
		got = nil
		test.TapAt(b, fyne.NewPos(2, 2))
		if len(got) != 0 {
			t.Errorf("%v: tap in the corner gave %v", size, got)
		}
	}
	texts := textPositions(t, b)
	if texts[LabelFront].X >= texts[LabelBack].X {
		t.Error("front should be left of back")
	}
	for _, s := range []string{"Thoracic spine", "Caesarean scar", "Adductors", "Piriformis"} {
		if _, ok := texts[s]; !ok {
			t.Errorf("label %q not drawn", s)
		}
	}
}

func TestBodyChartRender(t *testing.T) {
	b := NewBodyChart(clinicSites, nil)
	w := show(t, b, fyne.NewSize(360, 360))
	b.SetMarks([]BodyMark{{Site: "Adductors", NRS: 6}, {Site: "Piriformis", NRS: 8}, {Site: "Pubic symphysis", NRS: 3}, {Site: "Sacroiliac joints", NRS: 10}})
	capture(t, w, "bodychart")
	b.SetSites(append(append([]string(nil), clinicSites...), "Thoracic spine", "Caesarean scar", "Coccyx"))
	b.SetMarks([]BodyMark{{Site: "Caesarean scar", NRS: 4}, {Site: "Gluteals", NRS: 1}, {Site: "Coccyx", NRS: 7}})
	w.Resize(fyne.NewSize(320, 340))
	capture(t, w, "bodychart-other")
}

// A tap on one marker of a paired site says the patient's side: on the
// front the patient's right is the viewer's left, on the back the viewer's
// right.
func TestBodyChartTapSides(t *testing.T) {
	var got []string
	b := NewBodyChart(clinicSites, func(s, side string) { got = append(got, s+":"+side) })
	show(t, b, fyne.NewSize(360, 360))
	for _, c := range []struct {
		site          string
		rightOnViewer bool // is the patient's right marker on the viewer's right?
	}{{"Adductors", false}, {"Iliopsoas", false}, {"Piriformis", true}, {"Sacroiliac joints", true}} {
		ps := b.SitePositions(c.site)
		if len(ps) != 2 {
			t.Fatalf("%s: %d markers, want 2", c.site, len(ps))
		}
		for _, p := range ps {
			got = nil
			test.TapAt(b, p)
			right := (p.X > ps[0].X || p.X > ps[1].X) == c.rightOnViewer
			want := c.site + ":left"
			if right {
				want = c.site + ":right"
			}
			if len(got) != 1 || got[0] != want {
				t.Errorf("tap at %v: got %v, want %s", p, got, want)
			}
		}
	}
	got = nil
	test.TapAt(b, b.SitePositions("Pubic symphysis")[0])
	if len(got) != 1 || got[0] != "Pubic symphysis:" {
		t.Errorf("a single marker should give no side, got %v", got)
	}
}

// A mark on one side colours only that side's marker; a mark with no side
// or both sides colours both.
func TestBodyChartMarksOneSide(t *testing.T) {
	b := NewBodyChart(clinicSites, nil)
	show(t, b, fyne.NewSize(360, 360))
	scores := func(n string) int {
		c := 0
		for _, o := range test.TempWidgetRenderer(t, b).Objects() {
			if txt, ok := o.(*canvas.Text); ok && txt.Text == n {
				c++
			}
		}
		return c
	}
	for _, c := range []struct {
		marks []BodyMark
		six   int
		seven int
	}{
		{[]BodyMark{{Site: "Adductors", Side: "left", NRS: 6}}, 1, 0},
		{[]BodyMark{{Site: "Adductors", Side: "left", NRS: 6}, {Site: "Adductors", Side: "right", NRS: 7}}, 1, 1},
		{[]BodyMark{{Site: "Adductors", NRS: 6}}, 2, 0},
		{[]BodyMark{{Site: "Adductors", Side: "both", NRS: 6}, {Site: "Adductors", Side: "right", NRS: 7}}, 1, 1},
	} {
		b.SetMarks(c.marks)
		if got := scores("6"); got != c.six {
			t.Errorf("%v: %d markers show 6, want %d", c.marks, got, c.six)
		}
		if got := scores("7"); got != c.seven {
			t.Errorf("%v: %d markers show 7, want %d", c.marks, got, c.seven)
		}
	}
}
