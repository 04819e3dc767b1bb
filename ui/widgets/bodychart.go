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

// Captions of the body chart.
const (
	LabelFront = "Front"
	LabelBack  = "Back"
)

// BodyMark is a tender site of the body chart and its pain score. Side is
// the patient's side ("right", "left", "both", "midline" or ""): a mark on
// one side of a paired site colours only that side's marker.
type BodyMark struct {
	Site string
	Side string
	NRS  int
}

// BodyChart is the external body chart: a front and a back outline side by
// side, a marker per site of the clinic's list at its anatomical place (a
// marker on each side for paired sites such as the adductors), labelled in a
// column beside its figure; sites the chart does not know go in an "Other
// sites" row along the bottom (see figure.LayoutBodyChart). Marked sites are
// filled with their pain colour and score. Tapping a marker or its label
// calls onTap with the site's name.
type BodyChart struct {
	widget.BaseWidget

	onTap func(site, side string)

	mu    sync.Mutex
	sites []string
	marks []BodyMark

	hover []*canvas.Circle
}

var (
	_ fyne.Tappable      = (*BodyChart)(nil)
	_ desktop.Hoverable  = (*BodyChart)(nil)
	_ desktop.Cursorable = (*BodyChart)(nil)
)

// NewBodyChart returns a chart of the clinic's sites, in its order; onTap
// (may be nil) is called with the name and side of a tapped site.
func NewBodyChart(sites []string, onTap func(site, side string)) *BodyChart {
	b := &BodyChart{onTap: onTap, sites: append([]string(nil), sites...)}
	for range 2 {
		h := &canvas.Circle{FillColor: tealTint}
		h.Hide()
		b.hover = append(b.hover, h)
	}
	b.ExtendBaseWidget(b)
	return b
}

// SetSites replaces the clinic's list of sites.
func (b *BodyChart) SetSites(sites []string) {
	b.mu.Lock()
	b.sites = append([]string(nil), sites...)
	b.mu.Unlock()
	b.Refresh()
}

// SetMarks replaces the marked sites. Marks for sites not in the list are
// not shown.
func (b *BodyChart) SetMarks(marks []BodyMark) {
	b.mu.Lock()
	b.marks = append([]BodyMark(nil), marks...)
	b.mu.Unlock()
	b.Refresh()
}

// bodyMarkerRadius is the radius of a site's marker (smaller on a small chart).
const bodyMarkerRadius = 8

func (b *BodyChart) layout(size fyne.Size) figure.BodyChartLayout {
	b.mu.Lock()
	sites := append([]string(nil), b.sites...)
	b.mu.Unlock()
	tm := textMetrics(captionSize())
	return figure.LayoutBodyChart(size.Width, size.Height, sites, tm, bodyMarkerRadius)
}

// SitePositions are the centres of the site's markers in the widget (one, or
// two for a paired site); nil if the site is not on the chart.
func (b *BodyChart) SitePositions(site string) []fyne.Position {
	p := b.layout(b.Size()).Place(site)
	if p == nil {
		return nil
	}
	var out []fyne.Position
	for _, m := range p.Markers {
		out = append(out, fyne.NewPos(m.X, m.Y))
	}
	return out
}

// Tapped reports the site under the tap.
func (b *BodyChart) Tapped(ev *fyne.PointEvent) {
	site, side, ok := b.layout(b.Size()).HitTestSide(ev.Position.X, ev.Position.Y)
	if ok && b.onTap != nil {
		b.onTap(site, side)
	}
}

// Cursor is the pointer.
func (b *BodyChart) Cursor() desktop.Cursor { return desktop.PointerCursor }

// MouseIn highlights the site under the mouse.
func (b *BodyChart) MouseIn(ev *desktop.MouseEvent) { b.MouseMoved(ev) }

// MouseMoved highlights the markers of the site under the mouse.
func (b *BodyChart) MouseMoved(ev *desktop.MouseEvent) {
	l := b.layout(b.Size())
	site, ok := l.HitTest(ev.Position.X, ev.Position.Y)
	if !ok {
		b.MouseOut()
		return
	}
	markers := l.Place(site).Markers
	r := l.MarkerRadius + 5
	for i, h := range b.hover {
		if i >= len(markers) {
			h.Hide()
			continue
		}
		h.Move(fyne.NewPos(markers[i].X-r, markers[i].Y-r))
		h.Resize(fyne.NewSquareSize(2 * r))
		h.Show()
		h.Refresh()
	}
}

// MouseOut removes the highlight.
func (b *BodyChart) MouseOut() {
	for _, h := range b.hover {
		if h.Visible() {
			h.Hide()
		}
	}
}

// CreateRenderer draws the chart.
func (b *BodyChart) CreateRenderer() fyne.WidgetRenderer {
	r := &figureRenderer{widget: b, draw: b.draw}
	for _, h := range b.hover {
		r.overlay = append(r.overlay, h)
	}
	r.minSize = func() fyne.Size { return fyne.NewSize(300, 300) }
	return r
}

func (b *BodyChart) draw(size fyne.Size) []fyne.CanvasObject {
	l := b.layout(size)
	b.mu.Lock()
	marks := append([]BodyMark(nil), b.marks...)
	b.mu.Unlock()
	// score is the worst pain charted at a site's marker on markerSide, or -1.
	score := func(site, markerSide string) int {
		n := -1
		for _, m := range marks {
			if m.Site == site && figure.MarkerShows(m.Side, markerSide) {
				n = max(n, m.NRS)
			}
		}
		return n
	}

	d := &drawing{}
	cs := captionSize()
	for _, f := range []figure.BodyFigure{l.Front, l.Back} {
		d.polygon(f.Outline, skinColour, inkColour, 1.3)
		for _, line := range f.Details {
			d.polyline(line, false, faintColour, 1.2)
		}
		caption := LabelFront
		if f.View == figure.ViewBack {
			caption = LabelBack
		}
		d.text(caption, f.Caption.X, f.Caption.Y, cs+1, inkColour, true, anchorCentre)
		d.text("R", f.PatientRight.X, f.PatientRight.Y, cs, softInkColour, false, anchorCentre)
		d.text("L", f.PatientLeft.X, f.PatientLeft.Y, cs, softInkColour, false, anchorCentre)
	}
	if l.HasOther {
		d.text(figure.OtherSitesCaption, l.OtherCaption.X, l.OtherCaption.Y, cs, softInkColour, true, anchorTopLeft)
	}

	for _, p := range l.Sites {
		if len(p.Leader) == 2 {
			d.line(p.Leader[0].X, p.Leader[0].Y, p.Leader[1].X, p.Leader[1].Y, faintColour, 1)
		}
	}
	for _, p := range l.Sites {
		marked := false
		for _, m := range marks {
			marked = marked || m.Site == p.Site
		}
		col := softInkColour
		if marked {
			col = inkColour
		}
		for i, line := range p.Lines {
			y := p.LabelBox.Y + float32(i)*l.LineHeight + l.LineHeight/2
			if p.AlignRight {
				d.text(line, p.LabelBox.X+p.LabelBox.W, y, cs, col, marked, anchorRight)
			} else {
				d.text(line, p.LabelBox.X, y, cs, col, marked, anchorLeft)
			}
		}
		for i, m := range p.Markers {
			side := ""
			if i < len(p.MarkerSides) {
				side = p.MarkerSides[i]
			}
			if nrs := score(p.Site, side); nrs >= 0 {
				d.marker(m.X, m.Y, l.MarkerRadius, nrs, strconv.Itoa(nrs), false)
			} else {
				d.marker(m.X, m.Y, l.MarkerRadius, -1, "", false)
			}
		}
	}
	return d.objects
}
