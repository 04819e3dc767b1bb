package widgets

import (
	"image"
	"image/color"
	"math"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"

	"github.com/pelvicnotes/pelvicnotes/reports/figure"
)

// Colours of the figures. They are fixed rather than themed: the figures
// match the printed letter, and PelvicNotes runs in the light theme.
var (
	inkColour       = color.NRGBA{R: 0x33, G: 0x40, B: 0x40, A: 0xff} // outlines and text
	softInkColour   = color.NRGBA{R: 0x5f, G: 0x6b, B: 0x6b, A: 0xff} // secondary text
	faintColour     = color.NRGBA{R: 0xb9, G: 0xc6, B: 0xc5, A: 0xff} // spokes, grid
	faintTextColour = color.NRGBA{R: 0x80, G: 0x8c, B: 0x8c, A: 0xff} // tick labels
	tealColour      = color.NRGBA{R: 0x1d, G: 0x6f, B: 0x6b, A: 0xff} // selection, current
	tealTint        = color.NRGBA{R: 0x1d, G: 0x6f, B: 0x6b, A: 0x3c} // hover
	paperColour     = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	skinColour      = color.NRGBA{R: 0xf4, G: 0xf1, B: 0xec, A: 0xff} // body outline fill
	mucosaColour    = color.NRGBA{R: 0xf3, G: 0xd9, B: 0xd9, A: 0xff} // introitus
	vestibuleColour = color.NRGBA{R: 0xfa, G: 0xec, B: 0xeb, A: 0xff}
	mucosaEdge      = color.NRGBA{R: 0xb0, G: 0x7a, B: 0x7e, A: 0xff}
	superficialTint = color.NRGBA{R: 0xdd, G: 0xee, B: 0xec, A: 0xff} // inner ring
	deepTint        = color.NRGBA{R: 0xee, G: 0xf5, B: 0xf4, A: 0xff} // outer ring
	calloutFill     = color.NRGBA{R: 0xfd, G: 0xf6, B: 0xdc, A: 0xff}
	calloutEdge     = color.NRGBA{R: 0xd9, G: 0xb8, B: 0x4a, A: 0xff}
)

// captionSize is the small text size of figure labels.
func captionSize() float32 { return max(theme.Size(theme.SizeNameCaptionText), 10) }

// textMetrics measures text of the given size for figure layouts.
func textMetrics(size float32) figure.TextMetrics {
	return figure.TextMetrics{
		Size:       size,
		LineHeight: fyne.MeasureText("Ag", size, fyne.TextStyle{}).Height - 1,
		Width:      func(s string) float32 { return fyne.MeasureText(s, size, fyne.TextStyle{}).Width },
	}
}

// textSize is the body text size.
func textSize() float32 { return theme.Size(theme.SizeNameText) }

// drawing collects the canvas objects of a figure as it is drawn, offset by
// an origin so geometry computed in a figure's own box lands in the widget.
type drawing struct {
	ox, oy  float32
	objects []fyne.CanvasObject
}

func (d *drawing) add(o fyne.CanvasObject) { d.objects = append(d.objects, o) }

func (d *drawing) line(x1, y1, x2, y2 float32, c color.Color, width float32) *canvas.Line {
	l := canvas.NewLine(c)
	l.StrokeWidth = width
	l.Position1 = fyne.NewPos(d.ox+x1, d.oy+y1)
	l.Position2 = fyne.NewPos(d.ox+x2, d.oy+y2)
	d.add(l)
	return l
}

// polyline draws the open path through pts, or the closed one.
func (d *drawing) polyline(pts []figure.Point, closed bool, c color.Color, width float32) {
	for i := 1; i < len(pts); i++ {
		d.line(pts[i-1].X, pts[i-1].Y, pts[i].X, pts[i].Y, c, width)
	}
	if closed && len(pts) > 2 {
		d.line(pts[len(pts)-1].X, pts[len(pts)-1].Y, pts[0].X, pts[0].Y, c, width)
	}
}

func (d *drawing) circle(cx, cy, r float32, fill, stroke color.Color, width float32) *canvas.Circle {
	c := canvas.NewCircle(fill)
	c.StrokeColor = stroke
	c.StrokeWidth = width
	c.Move(fyne.NewPos(d.ox+cx-r, d.oy+cy-r))
	c.Resize(fyne.NewSquareSize(2 * r))
	d.add(c)
	return c
}

// ellipse draws an anti-aliased ellipse as a raster. (canvas.Ellipse is
// drawn off-centre by Fyne 2.8's software painter, which renders the test
// captures, so the screen and the reviewed images would disagree.)
func (d *drawing) ellipse(cx, cy, rx, ry float32, fill, stroke color.Color, width float32) {
	pad := width/2 + 1
	bw, bh := 2*(rx+pad), 2*(ry+pad)
	fillC, strokeC := toNRGBA(fill), toNRGBA(stroke)
	r := canvas.NewRaster(func(pw, ph int) image.Image {
		img := image.NewNRGBA(image.Rect(0, 0, pw, ph))
		sx := float64(pw) / float64(bw)
		sy := float64(ph) / float64(bh)
		a, b := float64(rx), float64(ry)
		half := float64(width) / 2 * sx
		for py := 0; py < ph; py++ {
			y := (float64(py)+0.5)/sy - float64(bh)/2
			for px := 0; px < pw; px++ {
				x := (float64(px)+0.5)/sx - float64(bw)/2
				// Distance to the edge, in pixels, to first order.
				f := x*x/(a*a) + y*y/(b*b) - 1
				g := 2 * math.Hypot(x/(a*a), y/(b*b))
				dist := 0.0
				if g > 0 {
					dist = f / g * sx
				} else {
					dist = -a * sx
				}
				cf := clamp01(0.5 - dist)
				cs := 0.0
				if width > 0 {
					cs = clamp01(half + 0.5 - math.Abs(dist))
				}
				img.SetNRGBA(px, py, over(strokeC, cs, fillC, cf))
			}
		}
		return img
	})
	r.Move(fyne.NewPos(d.ox+cx-rx-pad, d.oy+cy-ry-pad))
	r.Resize(fyne.NewSize(bw, bh))
	d.add(r)
}

func clamp01(v float64) float64 { return max(0, min(1, v)) }

func toNRGBA(c color.Color) color.NRGBA {
	if c == nil {
		return color.NRGBA{}
	}
	return color.NRGBAModel.Convert(c).(color.NRGBA)
}

// over composites the top colour at coverage ct over the bottom colour at
// coverage cb.
func over(top color.NRGBA, ct float64, bottom color.NRGBA, cb float64) color.NRGBA {
	at := float64(top.A) / 255 * ct
	ab := float64(bottom.A) / 255 * cb
	a := at + ab*(1-at)
	if a <= 0 {
		return color.NRGBA{}
	}
	mix := func(t, b uint8) uint8 {
		return uint8((float64(t)*at + float64(b)*ab*(1-at)) / a)
	}
	return color.NRGBA{R: mix(top.R, bottom.R), G: mix(top.G, bottom.G), B: mix(top.B, bottom.B), A: uint8(a*255 + 0.5)}
}

func (d *drawing) rect(x, y, w, h float32, fill, stroke color.Color, width, radius float32) *canvas.Rectangle {
	r := canvas.NewRectangle(fill)
	r.StrokeColor = stroke
	r.StrokeWidth = width
	r.CornerRadius = radius
	r.Move(fyne.NewPos(d.ox+x, d.oy+y))
	r.Resize(fyne.NewSize(w, h))
	d.add(r)
	return r
}

// anchor says which point of a text's box is placed at the given position.
type anchor int

const (
	anchorCentre anchor = iota
	anchorLeft          // left edge, vertical centre
	anchorRight         // right edge, vertical centre
	anchorTopLeft
)

// text places s with the given anchor at (x, y) and returns its box size.
func (d *drawing) text(s string, x, y, size float32, c color.Color, bold bool, a anchor) fyne.Size {
	t := canvas.NewText(s, c)
	t.TextSize = size
	t.TextStyle = fyne.TextStyle{Bold: bold}
	sz := fyne.MeasureText(s, size, t.TextStyle)
	var px, py float32
	switch a {
	case anchorCentre:
		px, py = x-sz.Width/2, y-sz.Height/2
	case anchorLeft:
		px, py = x, y-sz.Height/2
	case anchorRight:
		px, py = x-sz.Width, y-sz.Height/2
	case anchorTopLeft:
		px, py = x, y
	}
	t.Move(fyne.NewPos(d.ox+px, d.oy+py))
	t.Resize(sz)
	d.add(t)
	return sz
}

// marker draws a round pain marker: filled with the pain colour and showing
// label in the contrasting colour, or hollow when nrs is negative.
func (d *drawing) marker(cx, cy, r float32, nrs int, label string, selected bool) {
	if selected {
		d.circle(cx, cy, r+3.5, nil, tealColour, 2.5)
	}
	if nrs < 0 {
		d.circle(cx, cy, r, paperColour, softInkColour, 1.5)
		if label != "" {
			d.text(label, cx, cy, min(captionSize()+3, r*1.2), softInkColour, true, anchorCentre)
		}
		return
	}
	fill := figure.PainColour(nrs)
	d.circle(cx, cy, r, fill, darken(fill, 0.72), 1.2)
	if label != "" {
		size := min(captionSize()+1, r*1.15)
		if len(label) > 1 {
			size = min(size, r*0.95)
		}
		d.text(label, cx, cy, size, figure.TextColourOn(fill), true, anchorCentre)
	}
}

// darken scales a colour's channels by f.
func darken(c color.NRGBA, f float64) color.NRGBA {
	return color.NRGBA{R: uint8(float64(c.R) * f), G: uint8(float64(c.G) * f), B: uint8(float64(c.B) * f), A: c.A}
}

// figureRenderer redraws a whole figure from scratch on every layout and
// refresh: the figures hold a few hundred simple objects at most.
type figureRenderer struct {
	widget  fyne.Widget
	draw    func(size fyne.Size) []fyne.CanvasObject
	minSize func() fyne.Size
	overlay []fyne.CanvasObject // kept across redraws (hover highlights)
	objects []fyne.CanvasObject
	size    fyne.Size
}

func (r *figureRenderer) Layout(size fyne.Size) {
	r.size = size
	r.rebuild()
}

func (r *figureRenderer) rebuild() {
	objs := r.draw(r.size)
	r.objects = append(objs, r.overlay...)
}

func (r *figureRenderer) MinSize() fyne.Size { return r.minSize() }

func (r *figureRenderer) Refresh() {
	r.rebuild()
	canvas.Refresh(r.widget)
}

func (r *figureRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *figureRenderer) Destroy() {}

// hypot is the distance from the origin to (x, y).
func hypot(x, y float32) float32 { return float32(math.Hypot(float64(x), float64(y))) }

// polygon fills the closed outline pts and strokes its edge, as one
// anti-aliased raster: the fill by exact coverage along four sub-rows a
// pixel, the edge by distance to the nearest segment (line segments would
// show every joint of a curved outline).
func (d *drawing) polygon(pts []figure.Point, fill, stroke color.Color, width float32) {
	if len(pts) < 3 {
		return
	}
	minX, minY, maxX, maxY := pts[0].X, pts[0].Y, pts[0].X, pts[0].Y
	for _, p := range pts {
		minX, minY = min(minX, p.X), min(minY, p.Y)
		maxX, maxY = max(maxX, p.X), max(maxY, p.Y)
	}
	pad := width/2 + 1
	bw, bh := maxX-minX+2*pad, maxY-minY+2*pad
	x0, y0 := minX-pad, minY-pad
	fillC, strokeC := toNRGBA(fill), toNRGBA(stroke)
	r := canvas.NewRaster(func(pw, ph int) image.Image {
		img := image.NewNRGBA(image.Rect(0, 0, pw, ph))
		sx, sy := float64(pw)/float64(bw), float64(ph)/float64(bh)
		// The outline in pixels.
		px := make([][2]float64, len(pts))
		for i, p := range pts {
			px[i] = [2]float64{float64(p.X-x0) * sx, float64(p.Y-y0) * sy}
		}
		half := float64(width) / 2 * sx
		cover := make([]float64, pw+1)
		const sub = 4
		var xs []float64
		var near []int
		for py := 0; py < ph; py++ {
			clear(cover)
			for s := 0; s < sub; s++ {
				y := float64(py) + (float64(s)+0.5)/sub
				xs = xs[:0]
				for i := range px {
					a, b := px[i], px[(i+1)%len(px)]
					if (a[1] <= y) == (b[1] <= y) {
						continue
					}
					t := (y - a[1]) / (b[1] - a[1])
					xs = append(xs, a[0]+t*(b[0]-a[0]))
				}
				slices.Sort(xs)
				for i := 0; i+1 < len(xs); i += 2 {
					addSpan(cover, xs[i], xs[i+1], 1.0/sub)
				}
			}
			// Segments within reach of this row.
			near = near[:0]
			cy := float64(py) + 0.5
			for i := range px {
				a, b := px[i], px[(i+1)%len(px)]
				if min(a[1], b[1])-half-1 <= cy && cy <= max(a[1], b[1])+half+1 {
					near = append(near, i)
				}
			}
			for x := 0; x < pw; x++ {
				cs := 0.0
				if width > 0 && len(near) > 0 {
					dist := math.MaxFloat64
					cx := float64(x) + 0.5
					for _, i := range near {
						dist = min(dist, segDist(cx, cy, px[i], px[(i+1)%len(px)]))
					}
					cs = clamp01(half + 0.5 - dist)
				}
				cf := 0.0
				if fill != nil {
					cf = clamp01(cover[x])
				}
				if cs > 0 || cf > 0 {
					img.SetNRGBA(x, py, over(strokeC, cs, fillC, cf))
				}
			}
		}
		return img
	})
	r.Move(fyne.NewPos(d.ox+x0, d.oy+y0))
	r.Resize(fyne.NewSize(bw, bh))
	d.add(r)
}

// segDist is the distance from (x, y) to the segment a–b.
func segDist(x, y float64, a, b [2]float64) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	l2 := dx*dx + dy*dy
	t := 0.0
	if l2 > 0 {
		t = clamp01(((x-a[0])*dx + (y-a[1])*dy) / l2)
	}
	return math.Hypot(x-a[0]-t*dx, y-a[1]-t*dy)
}

// addSpan adds weight w times the coverage of [a, b) to each pixel.
func addSpan(cover []float64, a, b, w float64) {
	if b <= a {
		return
	}
	a, b = max(a, 0), min(b, float64(len(cover)-1))
	ia, ib := int(a), int(b)
	if ia == ib {
		cover[ia] += (b - a) * w
		return
	}
	cover[ia] += (float64(ia+1) - a) * w
	for i := ia + 1; i < ib; i++ {
		cover[i] += w
	}
	if ib < len(cover) {
		cover[ib] += (b - float64(ib)) * w
	}
}
