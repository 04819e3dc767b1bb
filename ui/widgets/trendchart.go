package widgets

import (
	"image/color"
	"math"
	"strconv"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/reports/figure"
)

// NoSessionsYet is the trend chart's text when there is nothing to draw.
const NoSessionsYet = "No sessions yet"

// TrendPoint is one value of a series at a date.
type TrendPoint struct {
	At    time.Time
	Value float64
}

// TrendSeries is one line of the trend chart, scaled to its own range: Min
// at the bottom of the plot, Max at the top. A nil Colour takes the next of
// a colour-blind-safe palette.
type TrendSeries struct {
	Name   string
	Points []TrendPoint
	Min    float64
	Max    float64
	Colour color.Color
	// Thresholds are band boundaries or cut-offs drawn as dashed lines
	// across the plot, labelled at the right (e.g. 10 "moderate").
	Thresholds []Threshold
	// Labels writes each point's value beside it.
	Labels bool
	// EndLabels writes only the first and the latest value, as the letter does.
	EndLabels bool
}

// Threshold is one horizontal reference line of a series.
type Threshold struct {
	Value float64
	Label string
	Below bool // the words describe the values below the line, not above
}

// SeriesPalette is the Okabe–Ito palette, distinguishable with the common
// colour-vision deficiencies; series without a colour take these in turn.
var SeriesPalette = []color.NRGBA{
	{R: 0x00, G: 0x72, B: 0xb2, A: 0xff}, // blue
	{R: 0xd5, G: 0x5e, B: 0x00, A: 0xff}, // vermilion
	{R: 0x00, G: 0x9e, B: 0x73, A: 0xff}, // bluish green
	{R: 0xcc, G: 0x79, B: 0xa7, A: 0xff}, // reddish purple
	{R: 0xe6, G: 0x9f, B: 0x00, A: 0xff}, // orange
	{R: 0x56, G: 0xb4, B: 0xe9, A: 0xff}, // sky blue
}

// TrendChart is a small line chart of outcome measures over time: dates
// along the bottom, each series scaled to its own Min–Max, and a legend with
// each series' latest value and range.
type TrendChart struct {
	widget.BaseWidget

	mu     sync.Mutex
	series []TrendSeries
}

// NewTrendChart returns an empty chart.
func NewTrendChart() *TrendChart {
	c := &TrendChart{}
	c.ExtendBaseWidget(c)
	return c
}

// SetSeries replaces the series shown.
func (c *TrendChart) SetSeries(series ...TrendSeries) {
	c.mu.Lock()
	c.series = make([]TrendSeries, len(series))
	for i, s := range series {
		s.Points = append([]TrendPoint(nil), s.Points...)
		for a := 1; a < len(s.Points); a++ {
			for b := a; b > 0 && s.Points[b].At.Before(s.Points[b-1].At); b-- {
				s.Points[b], s.Points[b-1] = s.Points[b-1], s.Points[b]
			}
		}
		if s.Colour == nil {
			s.Colour = SeriesPalette[i%len(SeriesPalette)]
		}
		c.series[i] = s
	}
	c.mu.Unlock()
	c.Refresh()
}

// CreateRenderer draws the chart.
func (c *TrendChart) CreateRenderer() fyne.WidgetRenderer {
	r := &figureRenderer{widget: c, draw: c.draw}
	r.minSize = func() fyne.Size { return fyne.NewSize(280, 110) }
	return r
}

// formatValue writes a value with at most one decimal.
func formatValue(v float64) string {
	if v == math.Trunc(v) {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// legendItem is one series' entry in the legend.
type legendItem struct {
	name, value, rng string
	colour           color.Color
	x, y             float32 // left edge and centre line
}

// legend lays the entries out from the top left, wrapping to new rows.
func legend(series []TrendSeries, width float32) (items []legendItem, height float32) {
	cs := captionSize()
	lh := fyne.MeasureText("Ag", cs, fyne.TextStyle{}).Height
	x, y := float32(4), lh/2+1
	rows := 1
	for _, s := range series {
		it := legendItem{name: s.Name, colour: s.Colour, rng: formatValue(s.Min) + "–" + formatValue(s.Max)}
		if n := len(s.Points); n > 0 {
			it.value = formatValue(s.Points[n-1].Value)
		}
		w := legendWidth(it, cs)
		if x > 4 && x+w > width-4 {
			rows++
			x, y = 4, y+lh+2
		}
		it.x, it.y = x, y
		items = append(items, it)
		x += w + 16
	}
	return items, float32(rows)*(lh+2) + 2
}

func legendWidth(it legendItem, cs float32) float32 {
	w := 22 + fyne.MeasureText(it.name, cs, fyne.TextStyle{}).Width
	if it.value != "" {
		w += 5 + fyne.MeasureText(it.value, cs, fyne.TextStyle{Bold: true}).Width
	}
	return w + 5 + fyne.MeasureText(it.rng, cs, fyne.TextStyle{}).Width
}

// trendGeometry is where the plot goes in a widget of a size.
type trendGeometry struct {
	legend                 []legendItem
	plotX0, plotX1         float32
	plotTop, plotBottom    float32
	axisY                  float32
	scale                  figure.TimeScale
	first, last            time.Time
	hasPoints              bool
	dotRadius, lineWidth   float32
	legendBottom, textLine float32
}

func trendLayout(size fyne.Size, series []TrendSeries) trendGeometry {
	cs := captionSize()
	lh := fyne.MeasureText("Ag", cs, fyne.TextStyle{}).Height
	g := trendGeometry{dotRadius: 3.5, lineWidth: 2, textLine: lh}
	var lhH float32
	g.legend, lhH = legend(series, size.Width)
	g.legendBottom = lhH
	g.plotX0, g.plotX1 = 10, size.Width-10
	g.plotTop = lhH + 8
	g.axisY = size.Height - lh/2 - 1
	g.plotBottom = size.Height - lh - 7
	var times []time.Time
	for _, s := range series {
		for _, p := range s.Points {
			times = append(times, p.At)
			if !g.hasPoints || p.At.Before(g.first) {
				g.first = p.At
			}
			if !g.hasPoints || p.At.After(g.last) {
				g.last = p.At
			}
			g.hasPoints = true
		}
	}
	inset := g.dotRadius + 4
	g.scale = figure.NewTimeScale(times, g.plotX0+inset, g.plotX1-inset)
	return g
}

func (c *TrendChart) draw(size fyne.Size) []fyne.CanvasObject {
	c.mu.Lock()
	series := append([]TrendSeries(nil), c.series...)
	c.mu.Unlock()

	d := &drawing{}
	cs := captionSize()
	g := trendLayout(size, series)
	if !g.hasPoints {
		d.text(NoSessionsYet, size.Width/2, size.Height/2, textSize(), softInkColour, false, anchorCentre)
		return d.objects
	}

	// Legend: a swatch of the line, the name, the latest value, the range.
	for _, it := range g.legend {
		d.line(it.x, it.y, it.x+16, it.y, it.colour, g.lineWidth)
		d.circle(it.x+8, it.y, g.dotRadius, paperColour, it.colour, 1.8)
		x := it.x + 22
		x += d.text(it.name, x, it.y, cs, inkColour, false, anchorLeft).Width
		if it.value != "" {
			x += 5 + d.text(it.value, x+5, it.y, cs, inkColour, true, anchorLeft).Width
		}
		d.text(it.rng, x+5, it.y, cs, faintTextColour, false, anchorLeft)
	}

	// Grid: bottom (each series' Min), middle and top (Max).
	for i, f := range []float32{0, 0.5, 1} {
		y := g.plotBottom + (g.plotTop-g.plotBottom)*f
		col := faintColour
		if i != 0 {
			col = withAlpha(faintColour, 0x80)
		}
		d.line(g.plotX0, y, g.plotX1, y, col, 1)
	}
	drawTimeAxis(d, g.scale, g.axisY, g.plotX0, g.plotX1, g.first, g.last)

	// Where each series' points fall; the band words are placed clear of
	// the lines, the dots and the values written over them.
	pts := make([][]figure.Point, len(series))
	for k, s := range series {
		pts[k] = make([]figure.Point, len(s.Points))
		for i, p := range s.Points {
			pts[k][i] = figure.Point{X: g.scale.X(p.At), Y: figure.ValueY(p.Value, s.Min, s.Max, g.plotBottom, g.plotTop)}
		}
	}
	placer := figure.LabelPlacer{Bounds: figure.Box{X0: g.plotX0, Y0: g.legendBottom, X1: g.plotX1, Y1: g.plotBottom}, Lines: pts, Dot: g.dotRadius + 1}
	for _, s := range series {
		for _, th := range s.Thresholds {
			if th.Value >= s.Min && th.Value <= s.Max {
				y := figure.ValueY(th.Value, s.Min, s.Max, g.plotBottom, g.plotTop)
				placer.Guides = append(placer.Guides, []figure.Point{{X: g.plotX0, Y: y}, {X: g.plotX1, Y: y}})
			}
		}
	}
	valueSize := cs * 0.9
	for k, s := range series {
		for i, p := range pts[k] {
			if !s.labelled(i) {
				continue
			}
			sz := fyne.MeasureText(formatValue(s.Points[i].Value), valueSize, fyne.TextStyle{Bold: true})
			cy := p.Y - g.dotRadius - 7
			placer.Take(figure.Box{X0: p.X - sz.Width/2 - 4, Y0: cy - sz.Height/2, X1: p.X + sz.Width/2 + 4, Y1: cy + sz.Height/2})
		}
	}
	for _, s := range series {
		for _, th := range s.Thresholds {
			if th.Value < s.Min || th.Value > s.Max {
				continue
			}
			y := figure.ValueY(th.Value, s.Min, s.Max, g.plotBottom, g.plotTop)
			for x := g.plotX0; x < g.plotX1; x += 8 { // dashed
				d.line(x, y, min(x+4, g.plotX1), y, withAlpha(toNRGBA(s.Colour), 0x90), 1)
			}
			if th.Label == "" {
				continue
			}
			sz := fyne.MeasureText(th.Label, valueSize, fyne.TextStyle{})
			if b, ok := placer.OnLine(y, g.plotX0+2, g.plotX1-2, sz.Width, sz.Height, 1, th.Below); ok {
				d.text(th.Label, b.X0, (b.Y0+b.Y1)/2, valueSize, faintTextColour, false, anchorLeft)
				continue
			}
			// Then on two lines.
			if a, c, ok := splitInTwo(th.Label); ok {
				sa, sc := fyne.MeasureText(a, valueSize, fyne.TextStyle{}), fyne.MeasureText(c, valueSize, fyne.TextStyle{})
				if b, ok := placer.OnLine(y, g.plotX0+2, g.plotX1-2, max(sa.Width, sc.Width), sa.Height+sc.Height, 1, th.Below); ok {
					d.text(a, b.X0, b.Y0+sa.Height/2, valueSize, faintTextColour, false, anchorLeft)
					d.text(c, b.X0, b.Y0+sa.Height+sc.Height/2, valueSize, faintTextColour, false, anchorLeft)
					continue
				}
			}
			// No clear spot: the words still show, at the right end, on
			// their side of the line.
			cy := y - 1 - sz.Height/2
			if th.Below {
				cy = y + 1 + sz.Height/2
			}
			d.text(th.Label, g.plotX1-2, cy, valueSize, faintTextColour, false, anchorRight)
		}
	}
	for k, s := range series {
		for i, p := range pts[k] {
			if i > 0 {
				d.line(pts[k][i-1].X, pts[k][i-1].Y, p.X, p.Y, s.Colour, g.lineWidth)
			}
		}
		for i, p := range pts[k] {
			d.circle(p.X, p.Y, g.dotRadius, paperColour, s.Colour, 1.8)
			if s.labelled(i) {
				d.text(formatValue(s.Points[i].Value), p.X, p.Y-g.dotRadius-7, valueSize, inkColour, true, anchorCentre)
			}
		}
	}
	return d.objects
}

// labelled tells whether point i has its value written beside it.
func (s TrendSeries) labelled(i int) bool {
	return s.Labels || (s.EndLabels && (i == 0 || i == len(s.Points)-1))
}

// splitInTwo breaks words at the space nearest their middle.
func splitInTwo(s string) (a, b string, ok bool) {
	best := -1
	for i, r := range s {
		if r == ' ' && (best < 0 || abs(i-len(s)/2) < abs(best-len(s)/2)) {
			best = i
		}
	}
	if best < 0 {
		return s, "", false
	}
	return s[:best], s[best+1:], true
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func withAlpha(c color.NRGBA, a uint8) color.NRGBA {
	c.A = a
	return c
}
