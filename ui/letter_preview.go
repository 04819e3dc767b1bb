package ui

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/reports"
	"github.com/pelvicnotes/pelvicnotes/ui/widgets"
)

// letterPreview shows a composed letter as it will print, from the same
// composed model the PDF is made from, with the figures drawn by the
// screen's own clock map and trend chart (the PDF draws them from the same
// geometry). Where the pages break is decided when the PDF is made; no PDF
// is written for the preview.
type letterPreview struct {
	body    *fyne.Container
	content fyne.CanvasObject
}

var paperWhite = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}

func newLetterPreview() *letterPreview {
	p := &letterPreview{body: container.NewVBox()}
	paper := canvas.NewRectangle(paperWhite)
	paper.StrokeColor = color.NRGBA{R: 0xb9, G: 0xc6, B: 0xc5, A: 0xff}
	paper.StrokeWidth = 1
	caption := widget.NewLabel("Preview: the letter's content as it will print. Page breaks, page numbers and the window-envelope position are set when the letter is issued.")
	caption.Wrapping = fyne.TextWrapWord
	p.content = container.NewBorder(caption, nil, nil, nil,
		container.NewVScroll(container.NewPadded(container.NewStack(paper, container.NewPadded(container.NewPadded(p.body))))))
	return p
}

// paperText is lines of text on the paper; the size is the letter's point
// size, mapped onto the theme's text sizes.
func paperText(s string, bold bool, size float32, muted bool) fyne.CanvasObject {
	style := widget.RichTextStyle{ColorName: theme.ColorNameForeground, TextStyle: fyne.TextStyle{Bold: bold}, SizeName: theme.SizeNameText}
	switch {
	case size >= 16:
		style.SizeName = theme.SizeNameSubHeadingText
	case size <= 11:
		style.SizeName = theme.SizeNameCaptionText
	}
	if muted {
		style.ColorName = theme.ColorNamePlaceHolder
	}
	var segs []widget.RichTextSegment
	for _, line := range strings.Split(s, "\n") {
		segs = append(segs, &widget.TextSegment{Text: line, Style: style})
	}
	rt := widget.NewRichText(segs...)
	rt.Wrapping = fyne.TextWrapWord
	return rt
}

func (p *letterPreview) show(l reports.ComposedLetter) {
	p.body.RemoveAll()
	if len(l.Sections) == 0 {
		p.body.Add(paperPara("Choose who the letter is to.", false))
		p.body.Refresh()
		return
	}
	add := func(o fyne.CanvasObject) { p.body.Add(o) }
	// Letterhead.
	add(paperText(l.Clinic.Name, true, 18, false))
	var contact []string
	if a := strings.ReplaceAll(strings.TrimSpace(l.Clinic.Address), "\n", ", "); a != "" {
		contact = append(contact, a)
	}
	var reach []string
	for _, s := range []string{l.Clinic.Phone, l.Clinic.Email, l.Clinic.Website} {
		if s = strings.TrimSpace(s); s != "" {
			reach = append(reach, s)
		}
	}
	if len(reach) > 0 {
		contact = append(contact, strings.Join(reach, " · "))
	}
	if len(contact) > 0 {
		add(paperText(strings.Join(contact, "\n"), false, 11, true))
	}
	add(paperRule())
	// Recipient and date.
	var to []string
	to = append(to, l.To.Name)
	var rp []string
	for _, s := range []string{l.To.Role, l.To.Practice} {
		if s = strings.TrimSpace(s); s != "" {
			rp = append(rp, s)
		}
	}
	if len(rp) > 0 {
		to = append(to, strings.Join(rp, ", "))
	}
	if a := strings.TrimSpace(l.To.Address); a != "" {
		to = append(to, strings.Split(a, "\n")...)
	}
	address := container.NewVBox(paperText("PRIVATE AND CONFIDENTIAL", true, 11, false), paperText(strings.Join(to, "\n"), false, 13, false))
	date := widget.NewLabel(l.Date.Format("2 January 2006")) // one line, never wrapped
	add(container.NewBorder(nil, nil, address, container.NewVBox(date)))
	add(layout.NewSpacer())
	patient := "Re: " + l.Patient.Name + ", date of birth " + l.Patient.DateOfBirth.Display()
	if id := strings.TrimSpace(l.Patient.Identifier); id != "" {
		patient += ", " + id
	}
	add(paperPara(patient, true))
	add(paperText(reports.KindTitle(l.Kind), false, 12, true))

	// The figures go where the PDF puts them: after the findings when the
	// clock map is alone, else before the closing words.
	figuresAfter := reports.SectionClosing
	if l.HasClockMap() && len(l.Trend) == 0 {
		figuresAfter = reports.SectionFindings
	}
	figuresDone := false
	for _, s := range l.Sections {
		if s.Key == reports.SectionClosing && !figuresDone {
			p.addFigures(l)
			figuresDone = true
		}
		text := strings.TrimSpace(s.Text)
		table := s.Key == reports.SectionOutcomes && len(l.Outcomes) > 0
		if text == "" && !table {
			continue
		}
		if s.Heading != "" {
			add(paperPara(s.Heading, true))
		}
		for _, para := range strings.Split(text, "\n\n") {
			if para = strings.TrimSpace(para); para != "" {
				add(paperPara(para, false))
			}
		}
		if table {
			// One grid per row, so that each row is as tall as its own text.
			var head []fyne.CanvasObject
			for _, h := range []string{"Measure", "First", "Latest", "Change", "What it means"} {
				head = append(head, paperPara(h, true))
			}
			add(container.NewGridWithColumns(5, head...))
			for _, r := range l.Outcomes {
				var cells []fyne.CanvasObject
				for _, c := range []string{r.Instrument, r.First, r.Latest, r.Change, r.Meaning} {
					cells = append(cells, paperPara(c, strings.HasPrefix(c, "clinically important")))
				}
				add(paperRule())
				add(container.NewGridWithColumns(5, cells...))
			}
			add(paperText(l.OutcomeNote, false, 10, true))
			p.addMeasureTrends(l)
		}
		if s.Key == figuresAfter && !figuresDone && s.Key != reports.SectionClosing {
			p.addFigures(l)
			figuresDone = true
		}
	}
	// Signature.
	add(layout.NewSpacer())
	sig := []string{l.Signer.Name}
	if l.Signer.Profession != "" {
		sig = append(sig, l.Signer.Profession)
	}
	if l.Signer.RegistrationNumber != "" {
		sig = append(sig, "Registration number "+l.Signer.RegistrationNumber)
	}
	sig = append(sig, l.Clinic.Name)
	add(paperText(sig[0], true, 13, false))
	add(paperText(strings.Join(sig[1:], "\n"), false, 13, false))
	for i, c := range l.CC {
		lead := "cc  "
		if i > 0 {
			lead = "      "
		}
		parts := []string{c.Name}
		for _, s := range []string{c.Role, c.Practice} {
			if s = strings.TrimSpace(s); s != "" {
				parts = append(parts, s)
			}
		}
		add(paperText(lead+strings.Join(parts, ", "), false, 11, false))
	}
	p.body.Refresh()
}

// addFigures draws the clock map and the trend chart with the screen's widgets.
func (p *letterPreview) addFigures(l reports.ComposedLetter) {
	var figs []fyne.CanvasObject
	if l.HasClockMap() {
		m := widgets.NewClockMap(nil)
		m.SetRectal(l.TriggersRectal)
		var pts []widgets.ClockPoint
		for _, t := range l.Triggers {
			// The marker shows the pain score, as in the printed letter.
			pts = append(pts, widgets.ClockPoint{Hour: t.Hour, Layer: t.Layer, NRS: t.NRS, Number: t.NRS})
		}
		m.SetPoints(pts)
		figs = append(figs, container.NewVBox(container.New(heightLayout{300}, m),
			paperText(l.ClockCaption(), false, 10, true)))
	}
	if len(l.Trend) > 0 {
		chart := widgets.NewTrendChart()
		var series []widgets.TrendSeries
		for _, s := range l.Trend {
			ts := widgets.TrendSeries{Name: s.Name, Min: s.Min, Max: s.Max,
				Colour: color.NRGBA{R: uint8(s.Colour[0]), G: uint8(s.Colour[1]), B: uint8(s.Colour[2]), A: 0xff}}
			for _, pt := range s.Points {
				ts.Points = append(ts.Points, widgets.TrendPoint{At: pt.At, Value: pt.Value})
			}
			series = append(series, ts)
		}
		chart.SetSeries(series...)
		figs = append(figs, container.New(heightLayout{220}, chart))
	}
	if len(figs) == 0 {
		return
	}
	p.body.Add(paperPara("Figures", true))
	p.body.Add(container.NewGridWithColumns(len(figs), figs...))
}

// addMeasureTrends draws the totals of the other repeated measures, one
// chart each, three to a row as on paper, with the Measures tab's widget
// and band lines.
func (p *letterPreview) addMeasureTrends(l reports.ComposedLetter) {
	if len(l.MeasureTrends) == 0 {
		return
	}
	p.body.Add(paperPara("Totals over time", true))
	var charts []fyne.CanvasObject
	for _, s := range l.MeasureTrends {
		ts := widgets.TrendSeries{Name: s.Name, Min: s.Min, Max: s.Max, EndLabels: true,
			Colour: color.NRGBA{R: uint8(s.Colour[0]), G: uint8(s.Colour[1]), B: uint8(s.Colour[2]), A: 0xff}}
		for _, t := range s.Thresholds {
			ts.Thresholds = append(ts.Thresholds, widgets.Threshold{Value: t.At, Label: t.Label, Below: t.Below})
		}
		for _, pt := range s.Points {
			ts.Points = append(ts.Points, widgets.TrendPoint{At: pt.At, Value: pt.Value})
		}
		chart := widgets.NewTrendChart()
		chart.SetSeries(ts)
		better := "Lower is better"
		if s.HigherIsBetter {
			better = "Higher is better"
		}
		charts = append(charts, container.NewVBox(
			container.New(sizeLayout{fyne.NewSize(150, 180)}, chart), paperText(better, false, 10, true)))
	}
	for len(charts)%3 != 0 {
		charts = append(charts, layout.NewSpacer())
	}
	p.body.Add(container.NewGridWithColumns(3, charts...))
}

// sizeLayout gives its objects all its room but asks for no more than
// min: three charts to a row fit the preview however narrow it is, where
// each chart alone asks for the Measures tab's width.
type sizeLayout struct{ min fyne.Size }

func (l sizeLayout) MinSize([]fyne.CanvasObject) fyne.Size { return l.min }

func (l sizeLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// paperPara is a wrapped paragraph on the paper.
func paperPara(s string, bold bool) fyne.CanvasObject {
	rt := widget.NewRichText(&widget.TextSegment{Text: s, Style: widget.RichTextStyle{
		ColorName: theme.ColorNameForeground, TextStyle: fyne.TextStyle{Bold: bold},
	}})
	rt.Wrapping = fyne.TextWrapWord
	return rt
}

func paperRule() fyne.CanvasObject {
	r := canvas.NewRectangle(color.NRGBA{R: 0x99, G: 0x99, B: 0x99, A: 0xff})
	r.SetMinSize(fyne.NewSize(10, 1))
	return r
}
