package widgets

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

func nrs(n int) *int { return &n }

func TestSwabClockTapEachSite(t *testing.T) {
	var got []int
	s := NewSwabClock(func(h int) { got = append(got, h) })
	show(t, s, fyne.NewSize(340, 340))
	s.SetSites([]SwabSiteValue{{Hour: 2, NRS: nrs(3)}, {Hour: 4}, {Hour: 6, NRS: nrs(8)}, {Hour: 8, NRS: nrs(0)}, {Hour: 10}}, 6)
	for _, h := range []int{2, 4, 6, 8, 10} {
		got = nil
		test.TapAt(s, s.SitePosition(h))
		if len(got) != 1 || got[0] != h {
			t.Errorf("tap on site %d gave %v", h, got)
		}
	}
	// Hours that are not sites, the centre and the corners give nothing.
	got = nil
	for _, h := range []int{1, 3, 5, 7, 9, 11, 12} {
		test.TapAt(s, s.SitePosition(h))
	}
	test.TapAt(s, fyne.NewPos(s.SitePosition(12).X, (s.SitePosition(12).Y+s.SitePosition(6).Y)/2)) // centre
	test.TapAt(s, fyne.NewPos(2, 2))
	if len(got) != 0 {
		t.Errorf("taps off the sites gave %v", got)
	}
	texts := textPositions(t, s)
	if texts[LabelPatientLeft].X <= s.SitePosition(12).X || texts[LabelPatientRight].X >= s.SitePosition(12).X {
		t.Error("the patient's left should be on the examiner's right")
	}
	if texts[LabelUrethralMeatus].Y >= s.SitePosition(3).Y || texts[LabelPosteriorFourchette].Y <= s.SitePosition(3).Y {
		t.Error("meatus at the top, fourchette at the bottom")
	}
	if _, ok := texts[NotTested]; !ok {
		t.Error("untested sites should show " + NotTested)
	}
}

func TestSwabClockRender(t *testing.T) {
	s := NewSwabClock(nil)
	w := show(t, s, fyne.NewSize(340, 340))
	s.SetSites([]SwabSiteValue{{Hour: 2, NRS: nrs(3)}, {Hour: 4}, {Hour: 6, NRS: nrs(8)}, {Hour: 8, NRS: nrs(0)}, {Hour: 10, NRS: nrs(10)}, {Hour: 12}}, 6)
	capture(t, w, "swabclock")
}
