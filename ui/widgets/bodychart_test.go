package widgets

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

var clinicSites = []string{"Adductors", "Piriformis", "Iliopsoas", "Abdominals", "Gluteals",
	"Quadratus lumborum", "Sacroiliac joints", "Pubic symphysis"}

func TestBodyChartTapEachSite(t *testing.T) {
	sites := append(append([]string(nil), clinicSites...), "Thoracic spine", "Caesarean scar")
	var got []string
	b := NewBodyChart(sites, func(s string) { got = append(got, s) })
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
