package reports

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	_ "image/jpeg" // logos may be JPEG
	"image/png"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"

	"github.com/pelvicnotes/pelvicnotes/reports/figure"
	"github.com/pelvicnotes/pelvicnotes/store"
)

// Window envelope placement of the recipient's address, in mm from the top
// left of the paper. A4: the DL window (20 mm from the left, 45 mm from the
// top, 90 × 45 mm). US Letter: the #10 window (7/8" from the left, 2" from
// the top, 4.5" × 1.125" in the usual envelope; the block is kept within it).
// The block starts inset below the window's top edge, so a letter that sits
// a little high in the envelope still shows the return line whole.
type window struct{ x, y, w, h, inset float64 }

var (
	windowA4     = window{20, 45, 90, 45, 4}
	windowLetter = window{22, 50.8, 100, 28.5, 1.5}
)

// Letter type sizes.
const (
	letterBody    = 10.0
	letterLine    = 5.0 // body line height
	letterHeading = 10.5
)

// LetterPDF writes a composed (and perhaps edited) letter as PDF: letterhead,
// the recipient's address placed for a window envelope, date, "Private and
// confidential", the patient line, the body sections, the outcome table, the
// clock map and trend figures, the signature block and the copies. Every
// page has "Page n of N"; pages after the first also name the patient. The
// PDF's dates are the letter's date, so the same letter gives the same bytes.
func LetterPDF(w io.Writer, l ComposedLetter) error {
	if l.Date.IsZero() {
		return errors.New("letter: the letter has no date")
	}
	if strings.TrimSpace(l.To.Name) == "" {
		return errors.New("letter: choose who the letter is to")
	}
	if strings.TrimSpace(l.Patient.Name) == "" {
		return errors.New("letter: the letter names no patient")
	}
	var logo *logoImage
	if len(l.Clinic.Logo) > 0 {
		var err error
		if logo, err = readLogo(l.Clinic.Logo); err != nil {
			return err
		}
	}
	// One pass: the page count is filled in at the end through an alias.
	// (render's two passes would parse the fonts twice; the alias works
	// here because the last page's footer draws the count's digits itself,
	// so they are in the font subset.)
	var pdf *gofpdf.Fpdf
	err := catch(func() {
		pdf = newDocStyles(l.Paper, l.Date, letterStyles)
		if !pdf.Ok() {
			return
		}
		drawLetter(pdf, l, logo)
		pdf.RegisterAlias(pageCountAlias, strconv.Itoa(pdf.PageNo()))
	})
	if err == nil && pdf != nil && !pdf.Ok() {
		err = fmt.Errorf("making the PDF: %w", pdf.Error())
	}
	if err == nil {
		err = output(pdf, w)
	}
	if err != nil {
		return fmt.Errorf("letter: %w", err)
	}
	return nil
}

// letterStyles are the font styles a letter uses: regular, bold, italic.
var letterStyles = []string{"", "B", "I"}

// pageCountAlias stands for the number of pages until the letter is done.
const pageCountAlias = "{nb}"

// WriteLetter composes the default letter from the records and writes it.
func WriteLetter(w io.Writer, rec LetterRecords) error {
	return LetterPDF(w, ComposeLetter(rec))
}

type logoImage struct {
	format string
	w, h   int
	data   []byte // what the PDF embeds
}

// readLogo checks the clinic's logo by decoding the whole picture, and
// gives it in a form the PDF library reads: a PNG of any bit depth or
// interlacing (16-bit and interlaced PNGs are common from graphics
// programs, and the library refuses them) is redrawn as an 8-bit PNG, the
// same bytes each time. A JPEG is embedded as it is.
func readLogo(b []byte) (*logoImage, error) {
	bad := errors.New("letter: the clinic's logo is not a PNG or JPEG picture that can be read; choose another in clinic settings")
	img, format, err := image.Decode(bytes.NewReader(b))
	if err != nil || (format != "png" && format != "jpeg") {
		return nil, bad
	}
	r := img.Bounds()
	logo := &logoImage{format: format, w: r.Dx(), h: r.Dy(), data: b}
	if format == "png" {
		flat := image.NewNRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
		draw.Draw(flat, flat.Bounds(), img, r.Min, draw.Src)
		var buf bytes.Buffer
		if err := png.Encode(&buf, flat); err != nil {
			return nil, bad
		}
		logo.data = buf.Bytes()
	}
	return logo, nil
}

func drawLetter(pdf *gofpdf.Fpdf, l ComposedLetter, logo *logoImage) {
	pageW, pageH := pdf.GetPageSize()
	right := pageW - marginSide
	win := windowA4
	if strings.EqualFold(strings.TrimSpace(l.Paper), store.PaperLetter) {
		win = windowLetter
	}
	patientNote := line(l.Patient.Name) + ", born " + l.Patient.DateOfBirth.Display()
	drawFooter(pdf, footer{
		size: 8.5,
		note: func(page int) string {
			if page > 1 {
				return patientNote + " · " + KindTitle(l.Kind) + " of " + l.Date.Format("2 January 2006")
			}
			return "Private and confidential"
		},
		label:      func(page int) string { return fmt.Sprintf("Page %d of %s", page, pageCountAlias) },
		labelWidth: "Page 00 of 00", // the count is filled in after drawing
	})
	pdf.SetHeaderFunc(func() {
		if pdf.PageNo() > 1 {
			pdf.SetY(marginTop)
		}
	})
	pdf.AddPage()

	// Letterhead: the clinic at the top left, the logo at the top right.
	top := 12.0
	textRight := right
	if logo != nil {
		maxW, maxH := 45.0, 22.0
		lw, lh := maxW, maxW*float64(logo.h)/float64(max(logo.w, 1))
		if lh > maxH {
			lh, lw = maxH, maxH*float64(logo.w)/float64(max(logo.h, 1))
		}
		opt := gofpdf.ImageOptions{ImageType: map[string]string{"png": "PNG", "jpeg": "JPG"}[logo.format]}
		pdf.RegisterImageOptionsReader("logo", opt, bytes.NewReader(logo.data))
		pdf.ImageOptions("logo", right-lw, top, lw, lh, false, opt, 0, "")
		textRight = right - lw - 6
	}
	pdf.SetXY(marginSide, top)
	pdf.SetFont(fontFamily, "B", 15)
	pdf.MultiCell(textRight-marginSide, 6.5, line(l.Clinic.Name), "", "L", false)
	pdf.SetFont(fontFamily, "", 8.5)
	setColour(pdf.SetTextColor, colourMuted)
	var contact []string
	if a := strings.ReplaceAll(lines(l.Clinic.Address), "\n", ", "); a != "" {
		contact = append(contact, a)
	}
	var reach []string
	for _, s := range []string{l.Clinic.Phone, l.Clinic.Email, l.Clinic.Website} {
		if s = line(s); s != "" {
			reach = append(reach, s)
		}
	}
	if len(reach) > 0 {
		contact = append(contact, strings.Join(reach, " · "))
	}
	for _, c := range contact {
		pdf.SetX(marginSide)
		pdf.MultiCell(textRight-marginSide, 3.9, c, "", "L", false)
	}
	setColour(pdf.SetTextColor, colourText)
	ruleY := math.Max(pdf.GetY()+2, top+14)
	if logo != nil {
		ruleY = math.Max(ruleY, top+24)
	}
	ruleY = math.Min(ruleY, win.y-4)
	setColour(pdf.SetDrawColor, colourRule)
	pdf.SetLineWidth(0.3)
	pdf.Line(marginSide, ruleY, right, ruleY)

	// The window: a return line, "Private and confidential", the recipient.
	pdf.SetXY(win.x, win.y+win.inset)
	pdf.SetFont(fontFamily, "", 6.5)
	setColour(pdf.SetTextColor, colourMuted)
	ret := line(l.Clinic.Name)
	if a := strings.ReplaceAll(lines(l.Clinic.Address), "\n", ", "); a != "" {
		ret += ", " + a
	}
	pdf.CellFormat(win.w, 3.2, fitWidth(pdf, ret, win.w), "", 2, "L", false, 0, "")
	setColour(pdf.SetTextColor, colourText)
	pdf.SetFont(fontFamily, "B", 9)
	pdf.SetX(win.x)
	pdf.CellFormat(win.w, 4.6, "PRIVATE AND CONFIDENTIAL", "", 2, "L", false, 0, "")
	pdf.SetFont(fontFamily, "", 10)
	addr := recipientLines(l.To)
	lh := 4.5
	room := int((win.y + win.h - pdf.GetY()) / lh)
	if rp := roleAndPractice(l.To); len(rp) == 2 && len(addr) < room && pdf.GetStringWidth(addr[1]) > win.w {
		// Role and practice on a line of their own each rather than cut
		// short, while the window has a line to spare.
		addr = slices.Concat(addr[:1], rp, addr[2:])
	}
	if len(addr) > room {
		// Join the tail so the whole address stays inside the window.
		tail := strings.Join(addr[room-1:], ", ")
		addr = append(addr[:room-1], tail)
	}
	for _, a := range addr {
		pdf.SetX(win.x)
		pdf.CellFormat(win.w, lh, fitWidth(pdf, a, win.w), "", 2, "L", false, 0, "")
	}

	// Date and references on the right, beside the window.
	pdf.SetFont(fontFamily, "", 10)
	dx := win.x + win.w + 12
	pdf.SetXY(dx, win.y+win.inset+3.2)
	pdf.CellFormat(right-dx, 5, l.Date.Format("2 January 2006"), "", 2, "R", false, 0, "")
	if id := line(l.Patient.Identifier); id != "" {
		pdf.SetFont(fontFamily, "", 8.5)
		setColour(pdf.SetTextColor, colourMuted)
		pdf.SetX(dx)
		pdf.CellFormat(right-dx, 4.5, "Patient identifier "+id, "", 2, "R", false, 0, "")
		setColour(pdf.SetTextColor, colourText)
	}

	// Patient line and title.
	pdf.SetXY(marginSide, win.y+win.h+6)
	bodyW := right - marginSide
	pdf.SetFont(fontFamily, "B", 11)
	pl := "Re: " + line(l.Patient.Name) + ", date of birth " + l.Patient.DateOfBirth.Display()
	if id := line(l.Patient.Identifier); id != "" {
		pl += ", " + id
	}
	pdf.MultiCell(bodyW, 5.5, pl, "", "L", false)
	pdf.SetFont(fontFamily, "", 10)
	setColour(pdf.SetTextColor, colourMuted)
	pdf.MultiCell(bodyW, 5, KindTitle(l.Kind), "", "L", false)
	setColour(pdf.SetTextColor, colourText)
	pdf.Ln(3)

	// Body.
	figuresDone, figuresLast := false, false

	for _, s := range l.Sections {
		body := strings.TrimSpace(text(s.Text))
		table := s.Key == SectionOutcomes && len(l.Outcomes) > 0
		if s.Key == SectionClosing {
			// The closing words, the signature and the copies stay together.
			pdf.SetFont(fontFamily, "", letterBody)
			need := 2 + 12 + 4*letterLine + 5 + float64(len(l.CC))*4.5 + 3
			for _, para := range paragraphs(body) {
				need += float64(len(pdf.SplitText(para, bodyW)))*letterLine + 1.5
			}
			if !figuresDone {
				// The figures go before the closing words, unless only the
				// closing and signature fit here: then they follow the
				// signature, rather than leave the signature alone on a
				// page of its own.
				room := pageH - marginBottom - pdf.GetY()
				if hasFigures(l) && need <= room && figHeight+need > room {
					figuresLast = true
				} else {
					drawLetterFigures(pdf, l)
				}
				figuresDone = true
			}
			ensureRoom(pdf, need)
		}
		if body == "" && !table {
			continue
		}
		if s.Heading != "" {
			// Keep the heading with the first lines that follow it.
			need := 7.0 + 3*letterLine
			if table {
				// The heading, its introduction, the table's header row
				// and first row go together.
				pdf.SetFont(fontFamily, "", letterBody)
				need = 7 + tableStart
				for _, para := range paragraphs(body) {
					need += float64(len(pdf.SplitText(para, bodyW)))*letterLine + 1.5
				}
			}
			ensureRoom(pdf, need)
			pdf.SetFont(fontFamily, "B", letterHeading)
			pdf.SetX(marginSide)
			pdf.MultiCell(bodyW, 6, line(s.Heading), "", "L", false)
		}
		pdf.SetFont(fontFamily, "", letterBody)
		for _, para := range paragraphs(body) {
			pdf.SetX(marginSide)
			pdf.MultiCell(bodyW, letterLine, para, "", "L", false)
			pdf.Ln(1.5)
		}
		if table {
			drawOutcomeTable(pdf, l, bodyW)
			drawMeasureTrends(pdf, l.MeasureTrends, bodyW)
		}
		pdf.Ln(2)
		if s.Key == SectionFindings && !figuresDone && l.HasClockMap() && len(l.Trend) == 0 {
			drawLetterFigures(pdf, l)
			figuresDone = true
		}
	}
	if !figuresDone {
		drawLetterFigures(pdf, l)
	}

	// Signature block, kept together.
	ensureRoom(pdf, 30)
	pdf.Ln(12)
	pdf.SetX(marginSide)
	pdf.SetFont(fontFamily, "B", letterBody)
	pdf.MultiCell(bodyW, letterLine, line(l.Signer.Name), "", "L", false)
	pdf.SetFont(fontFamily, "", letterBody)
	if p := line(l.Signer.Profession); p != "" {
		pdf.SetX(marginSide)
		pdf.MultiCell(bodyW, letterLine, p, "", "L", false)
	}
	if r := line(l.Signer.RegistrationNumber); r != "" {
		pdf.SetX(marginSide)
		pdf.MultiCell(bodyW, letterLine, "Registration number "+r, "", "L", false)
	}
	pdf.SetX(marginSide)
	pdf.MultiCell(bodyW, letterLine, line(l.Clinic.Name), "", "L", false)

	if len(l.CC) > 0 {
		pdf.Ln(5)
		ensureRoom(pdf, float64(len(l.CC))*4.5)
		pdf.SetFont(fontFamily, "", 9)
		for i, c := range l.CC {
			lead := "cc"
			if i > 0 {
				lead = ""
			}
			pdf.SetX(marginSide)
			pdf.CellFormat(10, 4.5, lead, "", 0, "L", false, 0, "")
			pdf.MultiCell(bodyW-10, 4.5, ccLine(c), "", "L", false)
		}
	}
	if figuresLast {
		pdf.Ln(6)
		drawLetterFigures(pdf, l)
	}
}

func hasFigures(l ComposedLetter) bool { return l.HasClockMap() || len(l.Trend) > 0 }

// recipientLines is the address block: name, role and practice, address.
func recipientLines(r store.Referrer) []string {
	out := []string{line(r.Name)}
	if rp := roleAndPractice(r); len(rp) > 0 {
		out = append(out, strings.Join(rp, ", "))
	}
	if a := lines(r.Address); a != "" {
		out = append(out, strings.Split(a, "\n")...)
	}
	return out
}

// roleAndPractice is the recipient's role and practice, whichever are given.
func roleAndPractice(r store.Referrer) []string {
	var rp []string
	for _, s := range []string{r.Role, r.Practice} {
		if s = line(s); s != "" {
			rp = append(rp, s)
		}
	}
	return rp
}

func ccLine(r store.Referrer) string {
	parts := []string{line(r.Name)}
	for _, s := range []string{r.Role, r.Practice, strings.ReplaceAll(lines(r.Address), "\n", ", ")} {
		if s = line(s); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

// fitWidth shortens s with an ellipsis until it fits w at the current font.
func fitWidth(pdf *gofpdf.Fpdf, s string, w float64) string {
	if pdf.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && pdf.GetStringWidth(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// paragraphs splits text at blank lines; single line breaks stay.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "\n\n") {
		if p = strings.Trim(p, "\n "); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// ensureRoom starts a new page unless h mm are left above the bottom margin.
func ensureRoom(pdf *gofpdf.Fpdf, h float64) {
	_, pageH := pdf.GetPageSize()
	if pdf.GetY()+h > pageH-marginBottom {
		pdf.AddPage()
	}
}

// drawOutcomeTable draws the outcome rows with a header row, repeated on a
// new page; a row is never split.
// tableStart is the room the outcome table needs on a page for its header
// row and a first row of up to two lines.
const tableStart = (4.2 + 2*1.5) + (2*4.2 + 2*1.5) + 3

func drawOutcomeTable(pdf *gofpdf.Fpdf, l ComposedLetter, width float64) {
	cols := []float64{0.14, 0.2, 0.2, 0.12, 0.34}
	heads := []string{"Measure", "First", "Latest", "Change", "What it means"}
	const pad, lh = 1.5, 4.2
	_, pageH := pdf.GetPageSize()
	colW := func(i int) float64 { return cols[i] * width }
	header := func() {
		pdf.SetFont(fontFamily, "B", 8.5)
		pdf.SetFillColor(0xec, 0xf3, 0xf2)
		x, y := marginSide, pdf.GetY()
		pdf.Rect(x, y, width, lh+2*pad, "F")
		for i, h := range heads {
			pdf.SetXY(x+pad, y+pad)
			pdf.CellFormat(colW(i)-2*pad, lh, h, "", 0, "L", false, 0, "")
			x += colW(i)
		}
		pdf.SetY(y + lh + 2*pad)
	}
	ensureRoom(pdf, tableStart)
	header()
	pdf.SetFont(fontFamily, "", 8.5)
	// The note under the table goes with its last row.
	noteH := 0.0
	if note := line(l.OutcomeNote); note != "" {
		pdf.SetFont(fontFamily, "I", 8)
		noteH = 1.5 + float64(len(pdf.SplitText(note, width)))*3.8
		pdf.SetFont(fontFamily, "", 8.5)
	}
	for ri, r := range l.Outcomes {
		cells := []string{r.Instrument, r.First, r.Latest, r.Change, r.Meaning}
		n := 1
		for i, c := range cells {
			n = max(n, len(pdf.SplitText(line(c), colW(i)-2*pad)))
		}
		h := float64(n)*lh + 2*pad
		need := h
		if ri == len(l.Outcomes)-1 {
			need += noteH
		}
		if pdf.GetY()+need > pageH-marginBottom {
			pdf.AddPage()
			header()
			pdf.SetFont(fontFamily, "", 8.5)
		}
		x, y := marginSide, pdf.GetY()
		for i, c := range cells {
			pdf.SetXY(x+pad, y+pad)
			if i == 4 && strings.HasPrefix(c, "clinically important") {
				pdf.SetFont(fontFamily, "B", 8.5)
			}
			pdf.MultiCell(colW(i)-2*pad, lh, line(c), "", "L", false)
			pdf.SetFont(fontFamily, "", 8.5)
			x += colW(i)
		}
		setColour(pdf.SetDrawColor, colourRule)
		pdf.SetLineWidth(0.15)
		pdf.Line(marginSide, y+h, marginSide+width, y+h)
		pdf.SetY(y + h)
	}
	if note := line(l.OutcomeNote); note != "" {
		pdf.Ln(1.5)
		pdf.SetFont(fontFamily, "I", 8)
		setColour(pdf.SetTextColor, colourMuted)
		pdf.SetX(marginSide)
		pdf.MultiCell(width, 3.8, note, "", "L", false)
		setColour(pdf.SetTextColor, colourText)
	}
	pdf.SetFont(fontFamily, "", letterBody)
}

// Figure sizes in mm.
const (
	figClock  = 62.0
	figHeight = 86.0 // the figure block: heading, figures and captions
)

// drawLetterFigures draws the clock map (latest trigger points) and the
// trend chart side by side, kept together on one page.
func drawLetterFigures(pdf *gofpdf.Fpdf, l ComposedLetter) {
	if !hasFigures(l) {
		return
	}
	pageW, _ := pdf.GetPageSize()
	ensureRoom(pdf, figHeight)
	pdf.SetFont(fontFamily, "B", letterHeading)
	pdf.SetX(marginSide)
	pdf.MultiCell(pageW-2*marginSide, 6, "Figures", "", "L", false)
	y := pdf.GetY() + 1
	x := marginSide
	end := y + figClock
	if l.HasClockMap() {
		drawClock(pdf, x, y, figClock, l.Triggers, l.TriggersRectal)
		pdf.SetFont(fontFamily, "", 7.5)
		setColour(pdf.SetTextColor, colourMuted)
		pdf.SetXY(x, y+figClock+1)
		pdf.MultiCell(figClock, 3.4, l.ClockCaption(), "", "C", false)
		setColour(pdf.SetTextColor, colourText)
		end = max(end, pdf.GetY())
		x += figClock + 8
	}
	if len(l.Trend) > 0 {
		drawTrend(pdf, x, y+2, pageW-marginSide-x, figClock-4, l.Trend)
	}
	pdf.SetXY(marginSide, end+5)
}

func rgb(c color.NRGBA) [3]int { return [3]int{int(c.R), int(c.G), int(c.B)} }

var (
	figInk         = [3]int{0x33, 0x40, 0x40}
	figSoftInk     = [3]int{0x5f, 0x6b, 0x6b}
	figFaint       = [3]int{0xb9, 0xc6, 0xc5}
	figTeal        = [3]int{0x1d, 0x6f, 0x6b}
	figSuperficial = [3]int{0xdd, 0xee, 0xec}
	figDeep        = [3]int{0xee, 0xf5, 0xf4}
	figMucosa      = [3]int{0xf3, 0xd9, 0xd9}
	figMucosaEdge  = [3]int{0xb0, 0x7a, 0x7e}
)

// drawClock draws the pelvic clock map with the figure package's geometry
// (the screen's ClockMap uses the same): pubic symphysis at 12, anus at 6,
// the patient's left at 3 o'clock; on the rectal face the anal canal is in
// the centre and 6 is posterior.
func drawClock(pdf *gofpdf.Fpdf, ox, oy, size float64, points []LetterTrigger, rectal bool) {
	// Leave room above and below for the landmark labels.
	inner := size - 8
	c := figure.Clock{Size: float32(inner)}
	ox += (size - inner) / 2
	oy += 4
	at := func(x, y float32) (float64, float64) { return ox + float64(x), oy + float64(y) }
	cx, cy := at(c.Centre())
	circle := func(r float32, fill, edge [3]int, lw float64) {
		setColour(pdf.SetFillColor, fill)
		setColour(pdf.SetDrawColor, edge)
		pdf.SetLineWidth(lw)
		pdf.Circle(cx, cy, float64(r), "FD")
	}
	circle(c.OuterRadius(), figDeep, figInk, 0.35)
	circle(c.SplitRadius(), figSuperficial, figFaint, 0.25)
	circle(c.InnerRadius(), [3]int{255, 255, 255}, figFaint, 0.25)
	for h := 1; h <= 12; h++ {
		a := figure.HourAngle(h)
		x1, y1 := at(c.Polar(c.InnerRadius(), a))
		x2, y2 := at(c.Polar(c.OuterRadius(), a))
		setColour(pdf.SetDrawColor, figFaint)
		pdf.SetLineWidth(0.2)
		pdf.Line(x1, y1, x2, y2)
		x3, y3 := at(c.Polar(c.OuterRadius()+1.2, a))
		setColour(pdf.SetDrawColor, figInk)
		pdf.SetLineWidth(0.3)
		pdf.Line(x2, y2, x3, y3)
	}
	rIn := float64(c.InnerRadius())
	setColour(pdf.SetFillColor, figMucosa)
	setColour(pdf.SetDrawColor, figMucosaEdge)
	if rectal {
		pdf.Circle(cx, cy, rIn*0.5, "FD")
		pdf.SetLineWidth(0.2)
		for h := 1; h <= 12; h += 2 { // the canal's folds
			a := figure.HourAngle(h)
			x1, y1 := at(c.Polar(float32(rIn*0.2), a))
			x2, y2 := at(c.Polar(float32(rIn*0.46), a))
			pdf.Line(x1, y1, x2, y2)
		}
	} else {
		pdf.Ellipse(cx, cy, rIn*0.36, rIn*0.72, 0, "FD")
	}
	setColour(pdf.SetTextColor, figInk)
	for h := 1; h <= 12; h++ {
		x, y := at(c.HourLabel(h))
		style := ""
		if h%3 == 0 {
			style = "B"
		}
		pdf.SetFont(fontFamily, style, 7)
		s := strconv.Itoa(h)
		pdf.Text(x-pdf.GetStringWidth(s)/2, y+1.2, s)
	}
	pdf.SetFont(fontFamily, "", 6.5)
	setColour(pdf.SetTextColor, figSoftInk)
	centred := func(s string, x, y float64) { pdf.Text(x-pdf.GetStringWidth(s)/2, y, s) }
	centred("Pubic symphysis", cx, oy-1.5)
	if rectal {
		centred("Posterior", cx, oy+inner+3.2)
	} else {
		centred("Anus", cx, oy+inner+3.2)
	}
	pdf.SetFont(fontFamily, "B", 6.5)
	setColour(pdf.SetTextColor, figTeal)
	pdf.Text(ox-(size-inner)/2, oy+2, "Patient’s right")
	s := "Patient’s left"
	pdf.Text(ox+inner+(size-inner)/2-pdf.GetStringWidth(s), oy+2, s)

	// Markers; points sharing a site fan out along the ring, as on screen.
	type key struct {
		hour  int
		layer string
	}
	count, rank := map[key]int{}, map[key]int{}
	for _, p := range points {
		count[key{p.Hour, p.Layer}]++
	}
	r := c.MarkerRadius()
	for _, p := range points {
		if c.RingRadius(p.Layer) == 0 || p.Hour < 1 || p.Hour > 12 {
			continue
		}
		k := key{p.Hour, p.Layer}
		n, j := count[k], rank[k]
		rank[k]++
		angle := figure.HourAngle(p.Hour)
		if n > 1 {
			step := 0.85 * 2 * float64(r/max(c.RingRadius(p.Layer), 1)) * 180 / math.Pi
			step = min(step, 26/float64(n-1))
			angle += (float64(j) - float64(n-1)/2) * step
		}
		x, y := at(c.Polar(c.RingRadius(p.Layer), angle))
		fill := figure.PainColour(p.NRS)
		setColour(pdf.SetFillColor, rgb(fill))
		setColour(pdf.SetDrawColor, figInk)
		pdf.SetLineWidth(0.25)
		pdf.Circle(x, y, float64(r), "FD")
		pdf.SetFont(fontFamily, "B", 6.5)
		setColour(pdf.SetTextColor, rgb(figure.TextColourOn(fill)))
		v := strconv.Itoa(p.NRS)
		pdf.Text(x-pdf.GetStringWidth(v)/2, y+0.9, v)
	}
	setColour(pdf.SetTextColor, colourText)
}

// drawTrend draws the series over one time axis, each scaled to its own
// range (pain on the left axis, the first series; dilator sizes on the
// right), with a legend below.
func drawTrend(pdf *gofpdf.Fpdf, x, y, w, h float64, series []LetterSeries) {
	const axisLeft, axisRight, axisBottom, legend = 9.0, 9.0, 8.0, 9.0
	x0, x1 := x+axisLeft, x+w-axisRight
	top, bottom := y, y+h-axisBottom-legend
	var all []LetterTrendPoint
	for _, s := range series {
		all = append(all, s.Points...)
	}
	stamps := make([]time.Time, len(all))
	for i, p := range all {
		stamps[i] = p.At
	}
	ts := figure.NewTimeScale(stamps, float32(x0), float32(x1))
	// Frame and grid.
	setColour(pdf.SetDrawColor, figFaint)
	pdf.SetLineWidth(0.2)
	pdf.SetFont(fontFamily, "", 6.5)
	setColour(pdf.SetTextColor, figSoftInk)
	if len(series) > 0 {
		s := series[0]
		for _, v := range []float64{s.Min, (s.Min + s.Max) / 2, s.Max} {
			yy := float64(figure.ValueY(v, s.Min, s.Max, float32(bottom), float32(top)))
			pdf.Line(x0, yy, x1, yy)
			lab := scoreWords(v)
			pdf.Text(x0-1.5-pdf.GetStringWidth(lab), yy+1, lab)
		}
	}
	if len(series) > 1 {
		s := series[1]
		for v := s.Min; v <= s.Max+1e-9; v++ {
			yy := float64(figure.ValueY(v, s.Min, s.Max, float32(bottom), float32(top)))
			setColour(pdf.SetTextColor, s.Colour)
			pdf.Text(x1+1.5, yy+1, scoreWords(v))
		}
		setColour(pdf.SetTextColor, figSoftInk)
	}
	setColour(pdf.SetDrawColor, figInk)
	pdf.SetLineWidth(0.3)
	pdf.Line(x0, bottom, x1, bottom)
	for _, t := range ts.Ticks(11) {
		pdf.Line(float64(t.X), bottom, float64(t.X), bottom+1)
		pdf.Text(float64(t.X)-pdf.GetStringWidth(t.Label)/2, bottom+4, t.Label)
	}
	// Series.
	for _, s := range series {
		setColour(pdf.SetDrawColor, s.Colour)
		setColour(pdf.SetFillColor, s.Colour)
		pdf.SetLineWidth(0.45)
		var px, py float64
		for i, p := range s.Points {
			xx := float64(ts.X(p.At))
			yy := float64(figure.ValueY(p.Value, s.Min, s.Max, float32(bottom), float32(top)))
			if i > 0 {
				pdf.Line(px, py, xx, yy)
			}
			px, py = xx, yy
		}
		rad := 0.8
		if len(s.Points) > 60 {
			rad = 0.45
		}
		for _, p := range s.Points {
			pdf.Circle(float64(ts.X(p.At)), float64(figure.ValueY(p.Value, s.Min, s.Max, float32(bottom), float32(top))), rad, "F")
		}
	}
	// Legend.
	ly := bottom + axisBottom + 2
	lx := x0
	pdf.SetFont(fontFamily, "", 7.5)
	for _, s := range series {
		setColour(pdf.SetFillColor, s.Colour)
		pdf.Rect(lx, ly-2.2, 4, 2.2, "F")
		label := s.Name
		if n := len(s.Points); n > 0 {
			label += ": latest " + scoreWords(s.Points[n-1].Value)
		}
		setColour(pdf.SetTextColor, colourText)
		pdf.Text(lx+5.5, ly, label)
		lx += 5.5 + pdf.GetStringWidth(label) + 6
	}
	setColour(pdf.SetTextColor, colourText)
}
