package reports

import (
	"time"

	"github.com/jung-kurt/gofpdf"

	"github.com/pelvicnotes/pelvicnotes/reports/figure"
	"github.com/pelvicnotes/pelvicnotes/store"
)

// Measure panel sizes in mm.
const (
	panelGap    = 6.0
	panelPlot   = 24.0 // the plot's height
	panelTop    = 9.5  // title and direction above the plot
	panelBottom = 5.0  // the date labels below it
	panelLabel  = 5.5  // band label size, points
	panelNote   = 2.9  // line height of the words under a panel
)

// drawMeasureTrends draws each repeated outcome measure's totals over time
// as a small panel, three to a row, after the outcome table: the same
// scores, ranges and band lines as the Measures tab. A row is never split
// over a page, and the heading stays with the first row.
func drawMeasureTrends(pdf *gofpdf.Fpdf, series []LetterSeries, width float64) {
	if len(series) == 0 {
		return
	}
	const perRow = 3
	w := (width - panelGap*(perRow-1)) / perRow
	for row := 0; row*perRow < len(series); row++ {
		var panels []measurePanel
		h := 0.0
		for _, s := range series[row*perRow : min(len(series), (row+1)*perRow)] {
			p := layoutMeasurePanel(pdf, s, w)
			panels = append(panels, p)
			h = max(h, p.height)
		}
		if row == 0 {
			ensureRoom(pdf, 9+h)
			pdf.Ln(1)
			pdf.SetFont(fontFamily, "B", 9.5)
			pdf.SetX(marginSide)
			pdf.MultiCell(width, 5, "Totals over time", "", "L", false)
			pdf.Ln(1)
		} else {
			ensureRoom(pdf, h)
		}
		y := pdf.GetY()
		for i, p := range panels {
			p.draw(pdf, marginSide+float64(i)*(w+panelGap), y)
		}
		pdf.SetXY(marginSide, y+h+3)
	}
	pdf.SetFont(fontFamily, "", letterBody)
	setColour(pdf.SetTextColor, colourText)
	pdf.SetLineWidth(0.2)
}

// placedText is a label and where its baseline starts.
type placedText struct {
	text string
	x, y float64
}

// measurePanel is one measure's panel, laid out relative to its top left
// corner: the plot, the points, the value and band labels placed where
// they touch neither the line nor each other, and the band words that
// found no room inside the plot, written under it.
type measurePanel struct {
	s              LetterSeries
	w, height      float64
	x0, x1         float64 // the plot's left and right edges
	top, bottom    float64
	px, py         []float64 // the points
	values         []placedText
	bands          []placedText // band words over their line
	bandValues     []placedText // a band's value at the axis, words below
	notes          []string     // band words under the panel
	noteLines      [][]string
	firstDate      string
	latestDate     string
	showLatestDate bool
}

func (p *measurePanel) yOf(v float64) float64 {
	return float64(figure.ValueY(v, p.s.Min, p.s.Max, float32(p.bottom), float32(p.top)))
}

// layoutMeasurePanel places everything in a panel w mm wide. Band labels
// try the top right, top left and middle of their line, then the same
// below it; a label that fits nowhere clear of the line, the points and
// the other labels is written under the panel instead, and its line is
// marked with its value at the axis.
func layoutMeasurePanel(pdf *gofpdf.Fpdf, s LetterSeries, w float64) measurePanel {
	p := measurePanel{s: s, w: w, x0: 7, x1: w - 1.5, top: panelTop}
	p.bottom = p.top + panelPlot

	stamps := make([]time.Time, len(s.Points))
	for i, pt := range s.Points {
		stamps[i] = pt.At
	}
	ts := figure.NewTimeScale(stamps, float32(p.x0+2), float32(p.x1-2))
	for _, pt := range s.Points {
		p.px = append(p.px, float64(ts.X(pt.At)))
		p.py = append(p.py, p.yOf(pt.Value))
	}

	// What a label must not touch: the points, the line between them, the
	// dashed band lines, the values and the other labels. Nothing goes
	// below the plot, where the dates are.
	line := make([]figure.Point, len(p.px))
	for i := range p.px {
		line[i] = figure.Point{X: float32(p.px[i]), Y: float32(p.py[i])}
	}
	placer := figure.LabelPlacer{
		Bounds: figure.Box{X0: float32(p.x0), Y0: float32(p.top - 2.5), X1: float32(p.x1 + 0.5), Y1: float32(p.bottom)},
		Lines:  [][]figure.Point{line}, Dot: 1,
	}
	var bands []store.Threshold
	for _, t := range s.Thresholds {
		if t.At < s.Min || t.At > s.Max {
			continue // off the scale: nothing to draw
		}
		bands = append(bands, t)
		yy := float32(p.yOf(t.At))
		placer.Guides = append(placer.Guides, []figure.Point{{X: float32(p.x0), Y: yy}, {X: float32(p.x1), Y: yy}})
	}
	p.s.Thresholds = bands

	// The first and the latest value beside their point: above, below,
	// right or left, wherever is clear.
	pdf.SetFont(fontFamily, "B", 6.5)
	if n := len(s.Points); n > 0 {
		idx := []int{0}
		if n > 1 {
			idx = append(idx, n-1)
		}
		for _, i := range idx {
			lab := scoreWords(s.Points[i].Value)
			lw := float32(pdf.GetStringWidth(lab)) + 0.4
			b, ok := placer.Near(float32(p.px[i]), float32(p.py[i]), 0.8, lw, 2.4)
			if !ok { // nothing was clear: above, kept in the plot
				dx := max(0, placer.Bounds.X0-b.X0) - max(0, b.X1-placer.Bounds.X1)
				dy := max(0, placer.Bounds.Y0-b.Y0) - max(0, b.Y1-placer.Bounds.Y1)
				b = figure.Box{X0: b.X0 + dx, Y0: b.Y0 + dy, X1: b.X1 + dx, Y1: b.Y1 + dy}
				placer.Take(b)
			}
			p.values = append(p.values, placedText{lab, float64(b.X0) + 0.2, float64(b.Y1) - 0.4})
		}
	}

	// Band labels, on the side of their line whose scores they describe.
	pdf.SetFont(fontFamily, "", panelLabel)
	for _, t := range bands {
		yy := p.yOf(t.At)
		lw := pdf.GetStringWidth(t.Label)
		b, ok := placer.OnLine(float32(yy), float32(p.x0+0.7), float32(p.x1), float32(lw+0.6), 2.2, 0.3, t.Below)
		if ok {
			base := float64(b.Y1) - 0.6
			if t.Below {
				base = float64(b.Y1) - 0.4
			}
			p.bands = append(p.bands, placedText{t.Label, float64(b.X0) + 0.3, base})
			continue
		}
		p.bandValues = append(p.bandValues, placedText{scoreWords(t.At), 0, yy})
		p.notes = append(p.notes, "Dashed line: "+t.Label)
	}

	p.height = p.bottom + panelBottom
	pdf.SetFont(fontFamily, "", 6.5)
	for _, n := range p.notes {
		lines := pdf.SplitText(n, w)
		p.noteLines = append(p.noteLines, lines)
		p.height += float64(len(lines)) * panelNote
	}
	if n := len(s.Points); n > 0 {
		p.firstDate = figure.DateLabel(s.Points[0].At)
		p.latestDate = figure.DateLabel(s.Points[n-1].At)
		p.showLatestDate = n > 1 && p.latestDate != p.firstDate
	}
	return p
}

// draw draws the panel with its top left corner at x, y.
func (p measurePanel) draw(pdf *gofpdf.Fpdf, x, y float64) {
	s := p.s
	pdf.SetFont(fontFamily, "B", 8)
	setColour(pdf.SetTextColor, colourText)
	pdf.Text(x, y+3, s.Name+" ("+scoreWords(s.Min)+"–"+scoreWords(s.Max)+")")
	pdf.SetFont(fontFamily, "", 6.5)
	setColour(pdf.SetTextColor, colourMuted)
	better := "lower is better"
	if s.HigherIsBetter {
		better = "higher is better"
	}
	pdf.Text(x, y+6.3, better)

	x0, x1, top, bottom := x+p.x0, x+p.x1, y+p.top, y+p.bottom
	// Frame: the range's ends, labelled on the left.
	setColour(pdf.SetDrawColor, figFaint)
	pdf.SetLineWidth(0.2)
	pdf.SetFont(fontFamily, "", 6)
	setColour(pdf.SetTextColor, figSoftInk)
	for _, v := range []float64{s.Min, s.Max} {
		yy := y + p.yOf(v)
		pdf.Line(x0, yy, x1, yy)
		lab := scoreWords(v)
		pdf.Text(x0-1.2-pdf.GetStringWidth(lab), yy+0.9, lab)
	}
	pdf.Line(x0, top, x0, bottom)
	for _, b := range p.bandValues {
		pdf.Text(x0-1.2-pdf.GetStringWidth(b.text), y+b.y+0.9, b.text)
	}

	// Band lines, dashed, and their words.
	pdf.SetDashPattern([]float64{1, 0.8}, 0)
	setColour(pdf.SetDrawColor, figSoftInk)
	for _, t := range s.Thresholds {
		yy := y + p.yOf(t.At)
		pdf.Line(x0, yy, x1, yy)
	}
	pdf.SetDashPattern([]float64{}, 0)
	pdf.SetFont(fontFamily, "", panelLabel)
	for _, b := range p.bands {
		pdf.Text(x+b.x, y+b.y, b.text)
	}

	// The totals.
	setColour(pdf.SetDrawColor, s.Colour)
	setColour(pdf.SetFillColor, s.Colour)
	pdf.SetLineWidth(0.45)
	for i := 1; i < len(p.px); i++ {
		pdf.Line(x+p.px[i-1], y+p.py[i-1], x+p.px[i], y+p.py[i])
	}
	rad := 0.75
	if len(p.px) > 30 {
		rad = 0.45
	}
	for i := range p.px {
		pdf.Circle(x+p.px[i], y+p.py[i], rad, "F")
	}
	pdf.SetFont(fontFamily, "B", 6.5)
	setColour(pdf.SetTextColor, s.Colour)
	for _, v := range p.values {
		pdf.Text(x+v.x, y+v.y, v.text)
	}

	// The first and latest dates.
	pdf.SetFont(fontFamily, "", 6)
	setColour(pdf.SetTextColor, figSoftInk)
	if p.firstDate != "" {
		pdf.Text(x0, bottom+3.2, p.firstDate)
	}
	if p.showLatestDate {
		pdf.Text(x1-pdf.GetStringWidth(p.latestDate), bottom+3.2, p.latestDate)
	}

	// Band words that found no room inside the plot.
	pdf.SetFont(fontFamily, "", 6.5)
	setColour(pdf.SetTextColor, colourMuted)
	ny := bottom + panelBottom + panelNote*0.75
	for _, lines := range p.noteLines {
		for _, l := range lines {
			pdf.Text(x, ny, l)
			ny += panelNote
		}
	}
	setColour(pdf.SetTextColor, colourText)
	pdf.SetLineWidth(0.2)
}
