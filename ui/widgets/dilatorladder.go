package widgets

import (
	"strconv"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/reports/figure"
)

// Texts of the dilator ladder's empty states.
const (
	NoDilatorSet      = "No dilator set"
	NoDilatorSessions = "No dilator sessions yet"
)

// LadderStep is one dilator session: the size used (an index into the sizes,
// 0 the smallest) and the pain felt, 0–10.
type LadderStep struct {
	Date      time.Time
	SizeIndex int
	Pain      int
}

// DilatorLadder shows dilator progression: the clinic's sizes as the rungs
// of a ladder, smallest at the bottom; each session a dot on its size's rung
// at its date, coloured by pain; the current size (that of the latest
// session) highlighted; and the progression suggestion, if any, in a callout.
type DilatorLadder struct {
	widget.BaseWidget

	mu         sync.Mutex
	sizes      []string
	steps      []LadderStep
	suggestion string
}

// NewDilatorLadder returns an empty ladder.
func NewDilatorLadder() *DilatorLadder {
	l := &DilatorLadder{}
	l.ExtendBaseWidget(l)
	return l
}

// SetSizes sets the size labels, smallest first.
func (l *DilatorLadder) SetSizes(labels []string) {
	l.mu.Lock()
	l.sizes = append([]string(nil), labels...)
	l.mu.Unlock()
	l.Refresh()
}

// SetSteps sets the sessions (in any order).
func (l *DilatorLadder) SetSteps(steps []LadderStep) {
	l.mu.Lock()
	l.steps = append([]LadderStep(nil), steps...)
	l.mu.Unlock()
	l.Refresh()
}

// SetSuggestion sets the progression suggestion; "" hides the callout.
func (l *DilatorLadder) SetSuggestion(text string) {
	l.mu.Lock()
	l.suggestion = text
	l.mu.Unlock()
	l.Refresh()
}

// CreateRenderer draws the ladder.
func (l *DilatorLadder) CreateRenderer() fyne.WidgetRenderer {
	r := &figureRenderer{widget: l, draw: l.draw}
	r.minSize = func() fyne.Size { return fyne.NewSize(320, 130) }
	return r
}

// ladderGeometry is where the parts of the ladder go in a widget of a size.
type ladderGeometry struct {
	labelRight   float32 // right edge of the size labels
	plotX0       float32 // the rails
	plotX1       float32
	rungY        []float32 // by size index
	dotX0, dotX1 float32   // span of the session dots
	axisY        float32   // centre of the date labels
	calloutBox   figure.Rect
	callout      []string // the suggestion's lines
	dotRadius    float32
	current      int // size index of the latest session, -1 if none
	sorted       []LadderStep
	scale        figure.TimeScale
}

func (l *DilatorLadder) geometry(size fyne.Size, sizes []string, steps []LadderStep, suggestion string) ladderGeometry {
	cs := captionSize()
	lh := fyne.MeasureText("Ag", cs, fyne.TextStyle{}).Height
	g := ladderGeometry{current: -1}
	var labelW float32
	for _, s := range sizes {
		labelW = max(labelW, fyne.MeasureText(s, cs, fyne.TextStyle{Bold: true}).Width)
	}
	labelW = min(labelW, size.Width*0.32)
	g.labelRight = 4 + labelW
	g.plotX0 = g.labelRight + 8
	g.plotX1 = size.Width - 4

	top := float32(4)
	if suggestion != "" {
		// The callout is as wide as its text, up to the plot's width, and
		// wraps onto more lines when it must.
		tm := textMetrics(cs)
		g.callout = tm.Wrap(suggestion, g.plotX1-g.plotX0-16)
		var w float32
		for _, ln := range g.callout {
			w = max(w, tm.Width(ln))
		}
		w = min(w+16, g.plotX1-g.plotX0)
		g.calloutBox = figure.Rect{X: g.plotX1 - w, Y: 2, W: w, H: float32(len(g.callout))*tm.LineHeight + 6}
		top = g.calloutBox.Y + g.calloutBox.H + 8
	}
	g.axisY = size.Height - lh/2 - 1
	bottom := size.Height - lh - 8
	n := len(sizes)
	g.rungY = make([]float32, n)
	gap := (bottom - top) / float32(max(n, 1))
	for i := range sizes {
		// Smallest at the bottom; each rung centred in its share.
		g.rungY[i] = bottom - gap*(float32(i)+0.5)
	}
	g.dotRadius = max(min(gap*0.42, 9), 3)

	g.sorted = append([]LadderStep(nil), steps...)
	for a := 1; a < len(g.sorted); a++ {
		for b := a; b > 0 && g.sorted[b].Date.Before(g.sorted[b-1].Date); b-- {
			g.sorted[b], g.sorted[b-1] = g.sorted[b-1], g.sorted[b]
		}
	}
	if len(g.sorted) > 0 {
		g.current = g.sorted[len(g.sorted)-1].SizeIndex
	}
	g.dotX0, g.dotX1 = g.plotX0+g.dotRadius+8, g.plotX1-g.dotRadius-8
	var times []time.Time
	for _, s := range g.sorted {
		times = append(times, s.Date)
	}
	g.scale = figure.NewTimeScale(times, g.dotX0, g.dotX1)
	return g
}

func (l *DilatorLadder) draw(size fyne.Size) []fyne.CanvasObject {
	l.mu.Lock()
	sizes := append([]string(nil), l.sizes...)
	steps := append([]LadderStep(nil), l.steps...)
	suggestion := l.suggestion
	l.mu.Unlock()

	d := &drawing{}
	cs := captionSize()
	if len(sizes) == 0 {
		d.text(NoDilatorSet, size.Width/2, size.Height/2, textSize(), softInkColour, false, anchorCentre)
		return d.objects
	}
	g := l.geometry(size, sizes, steps, suggestion)

	// Rails and rungs; the current size's rung in teal on a tinted band.
	top, bottom := g.rungY[len(g.rungY)-1], g.rungY[0]
	ext := g.dotRadius + 4
	if g.current >= 0 && g.current < len(sizes) {
		y := g.rungY[g.current]
		d.rect(g.plotX0, y-g.dotRadius-3, g.plotX1-g.plotX0, 2*g.dotRadius+6, tealTint, nil, 0, 4)
	}
	for i, y := range g.rungY {
		col, width := faintColour, float32(2)
		if i == g.current {
			col, width = tealColour, 2.5
		}
		d.line(g.plotX0, y, g.plotX1, y, col, width)
		label := fitText(sizes[i], g.labelRight-4, cs, i == g.current)
		tc := softInkColour
		if i == g.current {
			tc = tealColour
		}
		d.text(label, g.labelRight, y, cs, tc, i == g.current, anchorRight)
	}
	d.line(g.plotX0, top-ext, g.plotX0, bottom+ext, inkColour, 2)
	d.line(g.plotX1, top-ext, g.plotX1, bottom+ext, inkColour, 2)

	if len(g.sorted) == 0 {
		w := fyne.MeasureText(NoDilatorSessions, cs+1, fyne.TextStyle{}).Width
		cy := (top + bottom) / 2
		d.rect((g.plotX0+g.plotX1)/2-w/2-8, cy-10, w+16, 20, paperColour, nil, 0, 4)
		d.text(NoDilatorSessions, (g.plotX0+g.plotX1)/2, cy, cs+1, softInkColour, false, anchorCentre)
	} else {
		drawTimeAxis(d, g.scale, g.axisY, g.plotX0, g.plotX1, g.sorted[0].Date, g.sorted[len(g.sorted)-1].Date)
	}

	// The path from session to session, then the dots on it.
	var prev *figure.Point
	pts := make([]figure.Point, len(g.sorted))
	for i, s := range g.sorted {
		idx := max(0, min(len(sizes)-1, s.SizeIndex))
		pts[i] = figure.Point{X: g.scale.X(s.Date), Y: g.rungY[idx]}
		if prev != nil {
			d.line(prev.X, prev.Y, pts[i].X, pts[i].Y, softInkColour, 1.2)
		}
		prev = &pts[i]
	}
	numbers := g.dotRadius >= 6.5 && minGap(pts) >= 2*g.dotRadius-1
	for i, s := range g.sorted {
		label := ""
		if numbers {
			label = strconv.Itoa(s.Pain)
		}
		d.circle(pts[i].X, pts[i].Y, g.dotRadius+1.5, paperColour, nil, 0)
		d.marker(pts[i].X, pts[i].Y, g.dotRadius, s.Pain, label, false)
	}

	// The suggestion in a callout pointing at the rung above the current one.
	if suggestion != "" {
		b := g.calloutBox
		target := min(g.current+1, len(sizes)-1)
		if target < 0 {
			target = 0
		}
		tx := b.X + b.W - 18
		d.polygon([]figure.Point{{X: tx - 6, Y: b.Y + b.H - 1}, {X: tx + 6, Y: b.Y + b.H - 1}, {X: tx, Y: b.Y + b.H + 6}}, calloutFill, calloutEdge, 1)
		d.rect(b.X, b.Y, b.W, b.H, calloutFill, calloutEdge, 1, 5)
		d.rect(tx-5, b.Y+b.H-1.5, 10, 2, calloutFill, nil, 0, 0) // open the box into the pointer
		lh := textMetrics(cs).LineHeight
		for i, ln := range g.callout {
			d.text(fitText(ln, b.W-12, cs, false), b.X+8, b.Y+3+lh*(float32(i)+0.5), cs, inkColour, false, anchorLeft)
		}
		if target != g.current && g.current >= 0 {
			y := g.rungY[target]
			d.circle(tx, y, g.dotRadius, paperColour, calloutEdge, 1.5)
			d.line(tx, b.Y+b.H+6, tx, y-g.dotRadius, calloutEdge, 1)
		}
	}
	return d.objects
}

// minGap is the least distance between successive points.
func minGap(pts []figure.Point) float32 {
	least := float32(1e9)
	for i := 1; i < len(pts); i++ {
		least = min(least, hypot(pts[i].X-pts[i-1].X, pts[i].Y-pts[i-1].Y))
	}
	return least
}

// fitText shortens s with an ellipsis to fit width.
func fitText(s string, width, size float32, bold bool) string {
	style := fyne.TextStyle{Bold: bold}
	if fyne.MeasureText(s, size, style).Width <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 1 {
		r = r[:len(r)-1]
		if t := string(r) + "…"; fyne.MeasureText(t, size, style).Width <= width {
			return t
		}
	}
	return "…"
}

// drawTimeAxis writes the first and last dates at the ends of the axis and
// the ticks between them that do not collide with those.
func drawTimeAxis(d *drawing, s figure.TimeScale, y, x0, x1 float32, first, last time.Time) {
	cs := captionSize()
	fl, ll := figure.DateLabel(first), figure.DateLabel(last)
	fw := fyne.MeasureText(fl, cs, fyne.TextStyle{}).Width
	lw := fyne.MeasureText(ll, cs, fyne.TextStyle{}).Width
	fx, lx := s.X(first), s.X(last)
	// Keep the end labels inside the axis.
	fLeft := max(x0, fx-fw/2)
	lRight := min(x1, lx+lw/2)
	single := first.Equal(last) || lRight-lw < fLeft+fw+8
	if single {
		d.text(ll, min(max(lx, x0+lw/2), x1-lw/2), y, cs, softInkColour, false, anchorCentre)
		return
	}
	d.text(fl, fLeft, y, cs, softInkColour, false, anchorLeft)
	d.text(ll, lRight, y, cs, softInkColour, false, anchorRight)
	for _, t := range s.Ticks(60) {
		w := fyne.MeasureText(t.Label, cs, fyne.TextStyle{}).Width
		if t.X-w/2 < fLeft+fw+10 || t.X+w/2 > lRight-lw-10 {
			continue
		}
		d.line(t.X, y-9, t.X, y-6, faintColour, 1)
		d.text(t.Label, t.X, y, cs, faintTextColour, false, anchorCentre)
	}
}
