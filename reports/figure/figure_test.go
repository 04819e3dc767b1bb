package figure

import (
	"math"
	"testing"
)

func TestClockPointHitTestRoundTrip(t *testing.T) {
	for _, size := range []float32{200, 320, 360, 1000} {
		c := Clock{Size: size}
		for _, layer := range []string{LayerSuperficial, LayerDeep} {
			for hour := 1; hour <= 12; hour++ {
				x, y := c.Point(hour, layer)
				h, l, ok := c.HitTest(x, y)
				if !ok || h != hour || l != layer {
					t.Errorf("size %v: Point(%d, %s) = (%v, %v) hits %d %s %v", size, hour, layer, x, y, h, l, ok)
				}
				// Anywhere within ±14° of the spoke, across the band, is the same site.
				in, out := c.Band(layer)
				for _, dDeg := range []float64{-14, -7, 0, 7, 14} {
					for _, f := range []float32{0.05, 0.5, 0.95} {
						r := in + (out-in)*f
						px, py := c.Polar(r, HourAngle(hour)+dDeg)
						h, l, ok := c.HitTest(px, py)
						if !ok || h != hour || l != layer {
							t.Errorf("size %v: %d %s at %+v° r=%v hits %d %s %v", size, hour, layer, dDeg, r, h, l, ok)
						}
					}
				}
			}
		}
	}
}

func TestClockOrientation(t *testing.T) {
	c := Clock{Size: 300}
	cx, cy := c.Centre()
	if x, y := c.Point(12, LayerDeep); y >= cy || math.Abs(float64(x-cx)) > 0.01 {
		t.Errorf("12 o'clock (pubic symphysis) not at the top: %v, %v", x, y)
	}
	if x, y := c.Point(6, LayerDeep); y <= cy || math.Abs(float64(x-cx)) > 0.01 {
		t.Errorf("6 o'clock (anus) not at the bottom: %v, %v", x, y)
	}
	if x, _ := c.Point(3, LayerDeep); x <= cx {
		t.Errorf("3 o'clock (the patient's left, examiner's right) not on the right: %v", x)
	}
	if x, _ := c.Point(9, LayerDeep); x >= cx {
		t.Errorf("9 o'clock not on the left: %v", x)
	}
	if c.RingRadius(LayerSuperficial) >= c.RingRadius(LayerDeep) {
		t.Error("the superficial ring should be inside the deep ring")
	}
	if c.RingRadius("nonsense") != 0 {
		t.Error("unknown layer should have no ring")
	}
	// Twelve markers fit round the superficial ring.
	chord := 2 * c.RingRadius(LayerSuperficial) * float32(math.Sin(math.Pi/12))
	if 2*c.MarkerRadius() >= chord {
		t.Errorf("markers of radius %v overlap on the superficial ring (chord %v)", c.MarkerRadius(), chord)
	}
}

func TestClockHitTestMisses(t *testing.T) {
	c := Clock{Size: 360}
	cx, cy := c.Centre()
	for _, p := range [][2]float32{{cx, cy}, {cx + 5, cy - 5}, {0, 0}, {360, 360}, {cx, 1}, {cx + c.OuterRadius() + 2, cy}, {cx, cy + c.InnerRadius() - 1}} {
		if h, l, ok := c.HitTest(p[0], p[1]); ok {
			t.Errorf("HitTest(%v) = %d %s, want nothing", p, h, l)
		}
	}
}

func TestVestibuleRoundTrip(t *testing.T) {
	v := Vestibule{Size: 340}
	for hour := 1; hour <= 12; hour++ {
		x, y := v.Point(hour)
		if h, ok := v.HitTest(x, y); !ok || h != hour {
			t.Errorf("Point(%d) hits %d %v", hour, h, ok)
		}
	}
	cx, cy := v.Centre()
	if _, ok := v.HitTest(cx, cy); ok {
		t.Error("centre should not be a site")
	}
	if x, _ := v.Point(3); x <= cx {
		t.Error("3 o'clock not on the examiner's right")
	}
	if _, y := v.Point(12); y >= cy {
		t.Error("12 o'clock (urethral meatus) not at the top")
	}
}

func TestPainColourDarkensMonotonically(t *testing.T) {
	prev := 2.0
	for n := 0; n <= 10; n++ {
		l := Luminance(PainColour(n))
		if l >= prev {
			t.Errorf("PainColour(%d) luminance %.3f not darker than %d's %.3f", n, l, n-1, prev)
		}
		prev = l
		c := PainColour(n)
		if got := Contrast(TextColourOn(c), c); got < 4.5 {
			t.Errorf("number text on PainColour(%d) has contrast %.2f < 4.5", n, got)
		}
	}
	if PainColour(-3) != PainColour(0) || PainColour(42) != PainColour(10) {
		t.Error("out-of-range scores should clamp")
	}
	if TextColourOn(PainColour(0)) != Black || TextColourOn(PainColour(10)) != White {
		t.Error("text should be black on the palest and white on the darkest")
	}
}

var defaultSites = []string{"Adductors", "Piriformis", "Iliopsoas", "Abdominals", "Gluteals",
	"Quadratus lumborum", "Sacroiliac joints", "Pubic symphysis"}

func TestBodyChartPlacesDefaultSites(t *testing.T) {
	for _, sz := range [][2]float32{{320, 320}, {380, 380}, {600, 400}, {300, 500}} {
		l := LayoutBodyChart(sz[0], sz[1], defaultSites, TextMetrics{}, 8)
		if l.HasOther {
			t.Errorf("%v: default sites should all be on the figures", sz)
		}
		if len(l.Sites) != len(defaultSites) {
			t.Fatalf("%v: %d places for %d sites", sz, len(l.Sites), len(defaultSites))
		}
		for i, sp := range l.Sites {
			if sp.Site != defaultSites[i] {
				t.Errorf("%v: place %d is %q, want the clinic's order (%q)", sz, i, sp.Site, defaultSites[i])
			}
			for _, m := range sp.Markers {
				if s, ok := l.HitTest(m.X, m.Y); !ok || s != sp.Site {
					t.Errorf("%v: marker of %q at %v hits %q %v", sz, sp.Site, m, s, ok)
				}
				if m.X < 0 || m.Y < 0 || m.X > sz[0] || m.Y > sz[1] {
					t.Errorf("%v: marker of %q at %v outside the box", sz, sp.Site, m)
				}
			}
			b := sp.LabelBox
			if s, ok := l.HitTest(b.X+b.W/2, b.Y+b.H/2); !ok || s != sp.Site {
				t.Errorf("%v: label of %q hits %q %v", sz, sp.Site, s, ok)
			}
			if b.X < 0 || b.X+b.W > sz[0]+0.5 || b.Y < 0 || b.Y+b.H > sz[1] {
				t.Errorf("%v: label of %q %v outside the box", sz, sp.Site, b)
			}
			for _, other := range l.Sites[i+1:] {
				o := other.LabelBox
				if b.X < o.X+o.W && o.X < b.X+b.W && b.Y < o.Y+o.H && o.Y < b.Y+b.H {
					t.Errorf("%v: labels of %q and %q overlap", sz, sp.Site, other.Site)
				}
			}
		}
		// Markers do not overlap one another.
		var all []Point
		for _, sp := range l.Sites {
			all = append(all, sp.Markers...)
		}
		for i := range all {
			for j := i + 1; j < len(all); j++ {
				if d := math.Hypot(float64(all[i].X-all[j].X), float64(all[i].Y-all[j].Y)); d < float64(2*l.MarkerRadius) {
					t.Errorf("%v: markers %v and %v overlap (%.1f apart)", sz, all[i], all[j], d)
				}
			}
		}
	}
}

func TestBodyChartViews(t *testing.T) {
	l := LayoutBodyChart(360, 360, defaultSites, TextMetrics{}, 8)
	want := map[string]string{"Adductors": ViewFront, "Iliopsoas": ViewFront, "Abdominals": ViewFront,
		"Pubic symphysis": ViewFront, "Piriformis": ViewBack, "Gluteals": ViewBack,
		"Quadratus lumborum": ViewBack, "Sacroiliac joints": ViewBack}
	for s, v := range want {
		p := l.Place(s)
		if p == nil || p.View != v {
			t.Errorf("%s: %+v, want view %s", s, p, v)
			continue
		}
		fig := l.Front
		if v == ViewBack {
			fig = l.Back
		}
		for _, m := range p.Markers {
			if !fig.Box.Contains(m.X, m.Y) {
				t.Errorf("%s marker %v outside its figure %v", s, m, fig.Box)
			}
		}
	}
	if l.Front.Box.X >= l.Back.Box.X {
		t.Error("front should be left of back")
	}
	if !(l.Front.PatientRight.X < l.Front.PatientLeft.X) {
		t.Error("front view: the patient's right should be on the viewer's left")
	}
	if !(l.Back.PatientRight.X > l.Back.PatientLeft.X) {
		t.Error("back view: the patient's right should be on the viewer's right")
	}
	if len(l.Front.Outline) < 50 || len(l.Back.Outline) < 50 {
		t.Error("outlines too coarse")
	}
}

func TestBodyChartOtherSites(t *testing.T) {
	sites := append([]string{"Thoracic spine", "Left adductor longus"}, defaultSites...)
	sites = append(sites, "Scar (caesarean)", "Jaw")
	l := LayoutBodyChart(360, 380, sites, TextMetrics{}, 8)
	if !l.HasOther {
		t.Fatal("unknown sites should make an Other sites row")
	}
	wantOther := map[string]bool{"Thoracic spine": true, "Adductors": true, "Scar (caesarean)": true, "Jaw": true}
	for _, sp := range l.Sites {
		if (sp.View == ViewOther) != wantOther[sp.Site] {
			t.Errorf("%s in view %s", sp.Site, sp.View)
		}
		for _, m := range sp.Markers {
			if s, ok := l.HitTest(m.X, m.Y); !ok || s != sp.Site {
				t.Errorf("marker of %q hits %q %v", sp.Site, s, ok)
			}
		}
	}
	if p := l.Place("Left adductor longus"); p == nil || p.View != ViewFront {
		t.Errorf("the first adductor name should take the adductors' place: %+v", p)
	}
}

func TestBodyChartMarkerGap(t *testing.T) {
	var ps []Point
	for _, s := range knownSites {
		for _, m := range s.markers {
			p := Point{m.X, m.Y}
			if s.view == ViewBack {
				p.X += 1000 // another figure
			}
			ps = append(ps, p)
			if s.both {
				ps = append(ps, Point{p.X - 2*m.X, p.Y})
			}
		}
	}
	least := math.MaxFloat64
	for i := range ps {
		for j := i + 1; j < len(ps); j++ {
			least = min(least, math.Hypot(float64(ps[i].X-ps[j].X), float64(ps[i].Y-ps[j].Y)))
		}
	}
	if least < minMarkerGap {
		t.Errorf("closest markers are %.2f units apart, minMarkerGap says %v", least, minMarkerGap)
	}
	t.Logf("closest markers %.2f units apart", least)
}
