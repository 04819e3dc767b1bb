package widgets

import (
	"math"
	"strconv"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/reports/figure"
)

// Labels of the clock map, exported for tests and for screens that explain the figure.
const (
	LabelPubicSymphysis = "Pubic symphysis"
	LabelAnus           = "Anus"
	// LabelPosterior is the landmark at 6 on the rectal face, where the
	// examining finger is in the anal canal.
	LabelPosterior    = "Posterior"
	LabelPatientLeft  = "Patient's left ⟶"
	LabelPatientRight = "⟵ Patient's right"
	LabelSuperficial  = "Superficial"
	LabelDeep         = "Deep"
)

// ClockPoint is one trigger point on the clock map.
type ClockPoint struct {
	Hour     int    // 1–12
	Layer    string // "superficial" or "deep"
	NRS      int    // pain 0–10: the marker's colour
	Number   int    // shown in the marker (the point's number in the list); 0 shows nothing
	Selected bool   // outlined
}

// ClockMap is the internal trigger-point map: the pelvic clock seen by the
// examiner with the patient in lithotomy — pubic symphysis at 12, anus at 6,
// the patient's left on the examiner's right (3 o'clock) — with the
// superficial layer as the inner ring and the deep layer as the outer ring
// (see figure.Clock). Tapping a site calls onTap with its hour and layer.
type ClockMap struct {
	widget.BaseWidget

	onTap func(hour int, layer string)

	mu     sync.Mutex
	points []ClockPoint
	rectal bool

	hover *canvas.Arc
}

var (
	_ fyne.Tappable      = (*ClockMap)(nil)
	_ desktop.Hoverable  = (*ClockMap)(nil)
	_ desktop.Cursorable = (*ClockMap)(nil)
)

// NewClockMap returns an empty clock map; onTap (may be nil) is called with
// the hour (1–12) and layer of a tapped site.
func NewClockMap(onTap func(hour int, layer string)) *ClockMap {
	m := &ClockMap{onTap: onTap}
	m.hover = &canvas.Arc{FillColor: tealTint}
	m.hover.Hide()
	m.ExtendBaseWidget(m)
	return m
}

// SetRectal draws the face for a rectal examination: the anal canal in the
// centre and "Posterior" at 6, on the same clock (pubic symphysis at 12,
// the patient's left at 3). False draws the introitus with the anus at 6.
func (m *ClockMap) SetRectal(rectal bool) {
	m.mu.Lock()
	changed := m.rectal != rectal
	m.rectal = rectal
	m.mu.Unlock()
	if changed {
		m.Refresh()
	}
}

// Rectal tells which face is drawn.
func (m *ClockMap) Rectal() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.rectal
}

// SetPoints replaces the points shown.
func (m *ClockMap) SetPoints(points []ClockPoint) {
	m.mu.Lock()
	m.points = append([]ClockPoint(nil), points...)
	m.mu.Unlock()
	m.Refresh()
}

// clockFrame fits the clock into a widget of the given size: a square
// centred in it, with a row of text above and below for the landmarks.
func clockFrame(size fyne.Size) (c figure.Clock, ox, oy float32) {
	lh := fyne.MeasureText("Ag", captionSize(), fyne.TextStyle{}).Height
	s := max(min(size.Width, size.Height-2*lh-4), 10)
	return figure.Clock{Size: s}, (size.Width - s) / 2, (size.Height - s) / 2
}

// PointPosition is where the centre of the hour's site on the layer's ring
// lies in the widget.
func (m *ClockMap) PointPosition(hour int, layer string) fyne.Position {
	c, ox, oy := clockFrame(m.Size())
	x, y := c.Point(hour, layer)
	return fyne.NewPos(ox+x, oy+y)
}

// Tapped finds the site under the tap and reports it.
func (m *ClockMap) Tapped(ev *fyne.PointEvent) {
	c, ox, oy := clockFrame(m.Size())
	hour, layer, ok := c.HitTest(ev.Position.X-ox, ev.Position.Y-oy)
	if ok && m.onTap != nil {
		m.onTap(hour, layer)
	}
}

// Cursor is the pointer: every ring site is a button.
func (m *ClockMap) Cursor() desktop.Cursor { return desktop.PointerCursor }

// MouseIn highlights the site under the mouse.
func (m *ClockMap) MouseIn(ev *desktop.MouseEvent) { m.MouseMoved(ev) }

// MouseMoved moves the highlight to the site under the mouse.
func (m *ClockMap) MouseMoved(ev *desktop.MouseEvent) {
	c, ox, oy := clockFrame(m.Size())
	hour, layer, ok := c.HitTest(ev.Position.X-ox, ev.Position.Y-oy)
	if !ok {
		m.MouseOut()
		return
	}
	in, out := c.Band(layer)
	cx, cy := c.Centre()
	a := figure.HourAngle(hour)
	m.hover.StartAngle, m.hover.EndAngle = float32(a-15), float32(a+15)
	m.hover.CutoutRatio = in / out
	m.hover.Move(fyne.NewPos(ox+cx-out, oy+cy-out))
	m.hover.Resize(fyne.NewSquareSize(2 * out))
	m.hover.Show()
	m.hover.Refresh()
}

// MouseOut removes the highlight.
func (m *ClockMap) MouseOut() {
	if m.hover.Visible() {
		m.hover.Hide()
	}
}

// CreateRenderer draws the map.
func (m *ClockMap) CreateRenderer() fyne.WidgetRenderer {
	r := &figureRenderer{widget: m, draw: m.draw, overlay: []fyne.CanvasObject{m.hover}}
	r.minSize = func() fyne.Size { return fyne.NewSize(280, 300) }
	return r
}

// clockLabelPositions are the centres of the landmark and side labels in a
// widget of the given size, keyed by label text.
func clockLabelPositions(size fyne.Size) map[string]fyne.Position {
	c, ox, oy := clockFrame(size)
	cs := captionSize()
	lh := fyne.MeasureText("Ag", cs, fyne.TextStyle{}).Height
	wr := fyne.MeasureText(LabelPatientRight, cs, fyne.TextStyle{Bold: true}).Width
	wl := fyne.MeasureText(LabelPatientLeft, cs, fyne.TextStyle{Bold: true}).Width
	ws := fyne.MeasureText(LabelSuperficial, cs, fyne.TextStyle{}).Width
	wd := fyne.MeasureText(LabelDeep, cs, fyne.TextStyle{}).Width
	return map[string]fyne.Position{
		LabelPubicSymphysis: fyne.NewPos(ox+c.Size/2, oy-lh/2-1),
		LabelAnus:           fyne.NewPos(ox+c.Size/2, oy+c.Size+lh/2+1),
		// In lithotomy the examiner faces the patient: the patient's
		// right is on the examiner's left.
		LabelPatientRight: fyne.NewPos(ox+wr/2+1, oy+lh/2),
		LabelPatientLeft:  fyne.NewPos(ox+c.Size-wl/2-1, oy+lh/2),
		LabelSuperficial:  fyne.NewPos(ox+ws/2+1, oy+c.Size-lh/2),
		LabelDeep:         fyne.NewPos(ox+c.Size-wd/2-1, oy+c.Size-lh/2),
	}
}

func (m *ClockMap) draw(size fyne.Size) []fyne.CanvasObject {
	m.mu.Lock()
	points := append([]ClockPoint(nil), m.points...)
	rectal := m.rectal
	m.mu.Unlock()

	c, ox, oy := clockFrame(size)
	d := &drawing{ox: ox, oy: oy}
	cx, cy := c.Centre()
	rOut, rSplit, rIn := c.OuterRadius(), c.SplitRadius(), c.InnerRadius()
	cs := captionSize()

	// Rings: deep (outer) and superficial (inner) bands round the introitus.
	d.circle(cx, cy, rOut, deepTint, inkColour, 1.5)
	d.circle(cx, cy, rSplit, superficialTint, faintColour, 1)
	d.circle(cx, cy, rIn, paperColour, faintColour, 1)

	// Faint spokes through the hours, and ticks outside the circle.
	for h := 1; h <= 12; h++ {
		a := figure.HourAngle(h)
		x1, y1 := c.Polar(rIn, a)
		x2, y2 := c.Polar(rOut, a)
		d.line(x1, y1, x2, y2, faintColour, 1)
		x3, y3 := c.Polar(rOut+4, a)
		d.line(x2, y2, x3, y3, inkColour, 1.2)
	}

	// The introitus, or the anal canal, in the centre.
	if rectal {
		d.circle(cx, cy, rIn*0.5, mucosaColour, mucosaEdge, 1.2)
		for h := 1; h <= 12; h += 2 { // the canal's folds
			a := figure.HourAngle(h)
			x1, y1 := c.Polar(rIn*0.2, a)
			x2, y2 := c.Polar(rIn*0.46, a)
			d.line(x1, y1, x2, y2, mucosaEdge, 1)
		}
		d.circle(cx, cy, rIn*0.18, darken(mucosaColour, 0.9), nil, 0)
	} else {
		d.ellipse(cx, cy, rIn*0.36, rIn*0.72, mucosaColour, mucosaEdge, 1.2)
		d.ellipse(cx, cy, rIn*0.12, rIn*0.44, darken(mucosaColour, 0.9), nil, 0)
	}

	// Hour numbers; 12 and 6 in bold with their landmarks beyond.
	for h := 1; h <= 12; h++ {
		x, y := c.HourLabel(h)
		bold := h%3 == 0
		d.text(strconv.Itoa(h), x, y, cs+1, inkColour, bold, anchorCentre)
	}
	d.ox, d.oy = 0, 0
	labels := clockLabelPositions(size)
	bottom := LabelAnus
	if rectal {
		bottom = LabelPosterior
	}
	for _, l := range []string{LabelPubicSymphysis, LabelAnus} {
		p := labels[l]
		text := l
		if l == LabelAnus {
			text = bottom
		}
		d.text(text, p.X, p.Y, cs, softInkColour, false, anchorCentre)
	}
	for _, l := range []string{LabelPatientRight, LabelPatientLeft} {
		p := labels[l]
		d.text(l, p.X, p.Y, cs, tealColour, true, anchorCentre)
	}

	// Ring names in the lower corners with leaders into their rings,
	// between the 7 and 8 o'clock and the 4 and 5 o'clock sites.
	for _, ring := range []struct {
		label, layer string
		angle        float64
	}{{LabelSuperficial, figure.LayerSuperficial, 225}, {LabelDeep, figure.LayerDeep, 135}} {
		p := labels[ring.label]
		sz := fyne.MeasureText(ring.label, cs, fyne.TextStyle{})
		d.text(ring.label, p.X, p.Y, cs, softInkColour, false, anchorCentre)
		tx, ty := c.Polar(c.RingRadius(ring.layer), ring.angle)
		fx := p.X + sz.Width/2 + 2
		if ring.angle < 180 {
			fx = p.X - sz.Width/2 - 2
		}
		d.line(fx, p.Y-sz.Height/2+2, ox+tx, oy+ty, softInkColour, 1)
		d.circle(ox+tx, oy+ty, 2, softInkColour, nil, 0)
	}
	d.ox, d.oy = ox, oy

	// Points, the selected last so their outline is on top. Points sharing
	// a site fan out along the ring.
	type key struct {
		hour  int
		layer string
	}
	count := map[key]int{}
	for _, p := range points {
		count[key{p.Hour, p.Layer}]++
	}
	rank := map[key]int{}
	angles := make([]float64, len(points))
	for i, p := range points {
		k := key{p.Hour, p.Layer}
		n, j := count[k], rank[k]
		rank[k]++
		angles[i] = figure.HourAngle(p.Hour)
		if n > 1 {
			// Nearly a marker's width apart, all within the hour's ±15°.
			step := 0.85 * 2 * float64(c.MarkerRadius()/max(c.RingRadius(p.Layer), 1)) * 180 / math.Pi
			step = min(step, 26/float64(n-1))
			angles[i] += (float64(j) - float64(n-1)/2) * step
		}
	}
	r := c.MarkerRadius()
	for _, selected := range []bool{false, true} {
		for i, p := range points {
			if p.Selected != selected || c.RingRadius(p.Layer) == 0 || p.Hour < 1 || p.Hour > 12 {
				continue
			}
			x, y := c.Polar(c.RingRadius(p.Layer), angles[i])
			label := ""
			if p.Number > 0 {
				label = strconv.Itoa(p.Number)
			}
			d.marker(x, y, r, p.NRS, label, p.Selected)
		}
	}
	return d.objects
}
