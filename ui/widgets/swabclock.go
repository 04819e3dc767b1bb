package widgets

import (
	"strconv"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/reports/figure"
)

// Landmarks of the swab clock.
const (
	LabelUrethralMeatus      = "Urethral meatus"
	LabelPosteriorFourchette = "Posterior fourchette"
	// NotTested is shown in the marker of a site not yet touched.
	NotTested = "–"
)

// SwabSiteValue is one configured site of the cotton-swab test and its pain
// score, nil until the site has been tested.
type SwabSiteValue struct {
	Hour int
	NRS  *int
}

// SwabClock is the cotton-swab (Q-tip) test of the vestibule: a clock with
// the urethral meatus at 12 and the posterior fourchette at 6, seen as in
// lithotomy (the patient's left on the examiner's right), with one marker per
// configured site showing its pain score, or "–" before it is tested. Tapping
// a site calls onTap with its hour.
type SwabClock struct {
	widget.BaseWidget

	onTap func(hour int)

	mu       sync.Mutex
	sites    []SwabSiteValue
	selected int

	hover *canvas.Circle
}

var (
	_ fyne.Tappable      = (*SwabClock)(nil)
	_ desktop.Hoverable  = (*SwabClock)(nil)
	_ desktop.Cursorable = (*SwabClock)(nil)
)

// NewSwabClock returns a swab clock with no sites; onTap (may be nil) is
// called with the hour of a tapped site.
func NewSwabClock(onTap func(hour int)) *SwabClock {
	s := &SwabClock{onTap: onTap}
	s.hover = &canvas.Circle{FillColor: tealTint}
	s.hover.Hide()
	s.ExtendBaseWidget(s)
	return s
}

// SetSites replaces the configured sites and their scores, and outlines the
// site at selectedHour (0 for none).
func (s *SwabClock) SetSites(sites []SwabSiteValue, selectedHour int) {
	s.mu.Lock()
	s.sites = make([]SwabSiteValue, len(sites))
	for i, v := range sites {
		s.sites[i] = SwabSiteValue{Hour: v.Hour}
		if v.NRS != nil {
			n := *v.NRS
			s.sites[i].NRS = &n
		}
	}
	s.selected = selectedHour
	s.mu.Unlock()
	s.Refresh()
}

func swabFrame(size fyne.Size) (v figure.Vestibule, ox, oy float32) {
	lh := fyne.MeasureText("Ag", captionSize(), fyne.TextStyle{}).Height
	sq := max(min(size.Width, size.Height-2*lh-4), 10)
	return figure.Vestibule{Size: sq}, (size.Width - sq) / 2, (size.Height - sq) / 2
}

// SitePosition is the centre of the marker of the site at the hour.
func (s *SwabClock) SitePosition(hour int) fyne.Position {
	v, ox, oy := swabFrame(s.Size())
	x, y := v.Point(hour)
	return fyne.NewPos(ox+x, oy+y)
}

// site is the configured site under pos.
func (s *SwabClock) site(pos fyne.Position) (int, bool) {
	v, ox, oy := swabFrame(s.Size())
	hour, ok := v.HitTest(pos.X-ox, pos.Y-oy)
	if !ok {
		return 0, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, site := range s.sites {
		if site.Hour == hour || site.Hour%12 == hour%12 {
			return site.Hour, true
		}
	}
	return 0, false
}

// Tapped reports the configured site under the tap.
func (s *SwabClock) Tapped(ev *fyne.PointEvent) {
	if hour, ok := s.site(ev.Position); ok && s.onTap != nil {
		s.onTap(hour)
	}
}

// Cursor is the pointer.
func (s *SwabClock) Cursor() desktop.Cursor { return desktop.PointerCursor }

// MouseIn highlights the site under the mouse.
func (s *SwabClock) MouseIn(ev *desktop.MouseEvent) { s.MouseMoved(ev) }

// MouseMoved moves the highlight to the site under the mouse.
func (s *SwabClock) MouseMoved(ev *desktop.MouseEvent) {
	hour, ok := s.site(ev.Position)
	if !ok {
		s.MouseOut()
		return
	}
	v, _, _ := swabFrame(s.Size())
	p := s.SitePosition(hour)
	r := v.MarkerRadius() + 7
	s.hover.Move(p.SubtractXY(r, r))
	s.hover.Resize(fyne.NewSquareSize(2 * r))
	s.hover.Show()
	s.hover.Refresh()
}

// MouseOut removes the highlight.
func (s *SwabClock) MouseOut() {
	if s.hover.Visible() {
		s.hover.Hide()
	}
}

// CreateRenderer draws the clock.
func (s *SwabClock) CreateRenderer() fyne.WidgetRenderer {
	r := &figureRenderer{widget: s, draw: s.draw, overlay: []fyne.CanvasObject{s.hover}}
	r.minSize = func() fyne.Size { return fyne.NewSize(240, 260) }
	return r
}

func (s *SwabClock) draw(size fyne.Size) []fyne.CanvasObject {
	s.mu.Lock()
	sites := append([]SwabSiteValue(nil), s.sites...)
	selected := s.selected
	s.mu.Unlock()

	v, ox, oy := swabFrame(size)
	d := &drawing{ox: ox, oy: oy}
	cx, cy := v.Centre()
	rOut, rRing := v.OuterRadius(), v.RingRadius()
	cs := captionSize()
	lh := fyne.MeasureText("Ag", cs, fyne.TextStyle{}).Height

	// The vestibule round the introitus, with the urethral meatus above it;
	// the sites are touched on the vestibule, outside the hymenal ring.
	d.circle(cx, cy, rOut, deepTint, inkColour, 1.5)
	d.circle(cx, cy, rOut*0.93, vestibuleColour, mucosaEdge, 0.8)
	d.circle(cx, cy, rRing, nil, faintColour, 1)
	d.ellipse(cx, cy+rOut*0.06, rOut*0.26, rOut*0.42, mucosaColour, mucosaEdge, 1.2)
	d.ellipse(cx, cy+rOut*0.08, rOut*0.08, rOut*0.26, darken(mucosaColour, 0.9), nil, 0)
	d.ellipse(cx, cy-rOut*0.55, rOut*0.04, rOut*0.06, darken(mucosaColour, 0.8), mucosaEdge, 1)

	for h := 1; h <= 12; h++ {
		a := figure.HourAngle(h)
		x1, y1 := v.Polar(rOut, a)
		x2, y2 := v.Polar(rOut+4, a)
		d.line(x1, y1, x2, y2, inkColour, 1.2)
		x, y := v.HourLabel(h)
		d.text(strconv.Itoa(h), x, y, cs, softInkColour, h%3 == 0, anchorCentre)
	}

	d.ox, d.oy = 0, 0
	d.text(LabelUrethralMeatus, ox+cx, oy-lh/2-1, cs, softInkColour, false, anchorCentre)
	d.text(LabelPosteriorFourchette, ox+cx, oy+v.Size+lh/2+1, cs, softInkColour, false, anchorCentre)
	d.text(LabelPatientRight, ox+1, oy+lh/2, cs, tealColour, true, anchorLeft)
	d.text(LabelPatientLeft, ox+v.Size-1, oy+lh/2, cs, tealColour, true, anchorRight)
	d.ox, d.oy = ox, oy

	r := v.MarkerRadius()
	for _, sel := range []bool{false, true} {
		for _, site := range sites {
			if (site.Hour%12 == selected%12 && selected != 0) != sel || site.Hour < 1 || site.Hour > 12 {
				continue
			}
			x, y := v.Point(site.Hour)
			if site.NRS == nil {
				d.marker(x, y, r, -1, NotTested, sel)
			} else {
				d.marker(x, y, r, *site.NRS, strconv.Itoa(*site.NRS), sel)
			}
		}
	}
	return d.objects
}
