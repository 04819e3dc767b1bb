package reports

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jung-kurt/gofpdf"

	"github.com/pelvicnotes/pelvicnotes/assets"
	"github.com/pelvicnotes/pelvicnotes/store"
)

// HomeSheet writes the patient's printed home-exercise sheet for one
// programme version, in the programme's language, on the clinic's paper:
// the clinic's name and phone, the patient's first name only and the date
// the programme was issued (no surname, identifier or diagnosis: sheets get
// left on fridges); each exercise with its illustration or the clinic's
// photo, title, purpose, numbered steps, dose in words, precautions and the
// physiotherapist's note, kept on one page; a week planner with a tick box
// for each time an exercise is planned; the safety lines every sheet
// carries; the flare-up plan; the dilator safety text when dilators are
// prescribed; how to contact the clinic; "page X of Y".
//
// photos holds the pictures of the clinic's own exercises by reference
// (store.DB.ProgrammePhotos). now dates a programme not yet issued (a
// preview); an issued one is dated by its issue, so that a reprint is the
// same file. Nothing is written to w if the sheet cannot be made.
func HomeSheet(w io.Writer, cs store.ClinicSettings, p store.Patient, prog store.Programme, photos map[string][]byte, now time.Time) error {
	words, err := wordsFor(prog.Language)
	if err != nil {
		return fmt.Errorf("home sheet: %w", err)
	}
	if len(prog.Items) == 0 {
		return errors.New("home sheet: the programme has no exercises")
	}
	when := prog.Issued
	if when.IsZero() {
		when = now
	}
	if when.IsZero() {
		return errors.New("home sheet: the date is missing")
	}
	name := prog.FirstName
	if name == "" {
		name = store.FirstNameOf(p.Name)
	}
	s := &homeSheet{words: words, clinic: cs.Clinic, prog: prog, name: name, photos: photos, date: store.DateOf(when)}
	// Like render, but the page count comes from a dry run on the same
	// document (the layout is the sheet's own), so the fonts are loaded once.
	var pdf *gofpdf.Fpdf
	err = catch(func() {
		pdf = newDocStyles(cs.PaperSize, when, []string{"", "B", "I"}) // the sheet has no bold italic
		if !pdf.Ok() {
			return
		}
		s.pdf, s.dry = pdf, true
		s.draw()
		s.pages, s.dry = s.page, false
		s.draw()
	})
	if err == nil && pdf != nil && !pdf.Ok() {
		err = fmt.Errorf("making the PDF: %w", pdf.Error())
	}
	if err == nil {
		err = output(pdf, w)
	}
	if err != nil {
		return fmt.Errorf("home sheet: %w", err)
	}
	return nil
}

// Type sizes (points) and the line heights (mm) that go with them. Body
// text is 12 pt: the sheet is read at arm's length, often without glasses.
const (
	sizeBody     = 12
	lineBody     = 5.8
	sizeTitle    = 24
	sizeExercise = 16
	lineExercise = 7.5
	sizeSection  = 17
	sizeSmall    = 11
	lineSmall    = 5.2

	pictureW    = 42.0 // an exercise's illustration or photo, mm
	pictureMaxH = 60.0
	gutter      = 7.0
	hang        = 7.0 // indent of a numbered step or a bullet
)

var debugSheet = false

var colourShade = [3]int{0xee, 0xf1, 0xf4}

type homeSheet struct {
	pdf    *gofpdf.Fpdf
	pages  int
	words  *sheetWords
	clinic store.Clinic
	prog   store.Programme
	name   string
	photos map[string][]byte
	date   store.Date

	left, right, top, bottom float64
	y                        float64
	page                     int  // pages begun
	measuring                bool // measuring a block: nothing drawn, no page breaks
	dry                      bool // a dry run of the whole sheet to count its pages: nothing drawn
}

// drawing reports whether ink goes on paper.
func (s *homeSheet) drawing() bool { return !s.measuring && !s.dry }

func (s *homeSheet) draw() {
	pdf := s.pdf
	w := s.words
	s.page = 0
	pdf.SetTitle(line(w.Title), true)
	pdf.SetAutoPageBreak(false, marginBottom)
	pdf.SetLineCapStyle("round")
	pdf.SetLineJoinStyle("round")
	pageW, pageH := pdf.GetPageSize()
	s.left, s.right, s.top, s.bottom = marginSide, pageW-marginSide, marginTop, pageH-marginBottom
	if !s.dry {
		s.footer()
	}
	s.newPage()
	s.header()
	for i, it := range s.prog.Items {
		s.exercise(i, it)
	}
	s.planner()
	// The space after a section is not part of it: a section that fits to
	// the foot of the page stays there.
	s.keepTogether(s.flareUp)
	s.y += 8
	if slices.ContainsFunc(s.prog.Items, func(it store.ProgrammeItem) bool { return slices.Contains(it.Tags, store.TagDilator) }) {
		s.keepTogether(s.dilatorSafety)
		s.y += 8
	}
	s.keepTogether(s.contact)
}

func (s *homeSheet) newPage() {
	if !s.dry {
		s.pdf.AddPage()
	}
	s.page++
	s.y = s.top
}

// keepTogether draws block on the current page if it fits, else on a new
// page; a block taller than a page starts on a new page and breaks by line.
func (s *homeSheet) keepTogether(block func()) {
	h := s.measure(block)
	if debugSheet {
		fmt.Println("keep", s.page, s.y, h, s.bottom, s.dry)
	}
	if s.y+h > s.bottom && s.y > s.top {
		s.newPage()
	}
	block()
}

// measure runs block without drawing and returns the height it takes.
func (s *homeSheet) measure(block func()) float64 {
	y, was := s.y, s.measuring
	s.measuring = true
	block()
	h := s.y - y
	s.y, s.measuring = y, was
	return h
}

// room makes sure h more millimetres fit on the page, starting a new page if not.
func (s *homeSheet) room(h float64) {
	if !s.measuring && s.y+h > s.bottom && s.y > s.top {
		s.newPage()
	}
}

func (s *homeSheet) font(style string, size float64) { s.pdf.SetFont(fontFamily, style, size) }

// para writes text wrapped to width w at x, in the current font, a line of
// height lh at a time, and moves down.
func (s *homeSheet) para(x, w, lh float64, txt string) {
	for _, l := range s.pdf.SplitText(txt, w) {
		s.room(lh)
		if s.drawing() {
			s.pdf.SetXY(x, s.y)
			s.pdf.CellFormat(w, lh, l, "", 0, "L", false, 0, "")
		}
		s.y += lh
	}
}

// paras writes each paragraph of a multi-line text.
func (s *homeSheet) paras(x, w, lh float64, txt string) {
	for _, p := range strings.Split(text(txt), "\n") {
		if p = line(p); p != "" {
			s.para(x, w, lh, p)
		}
	}
}

// marked writes a list item: the mark (a number or a bullet) in the margin,
// the text wrapped beside it.
func (s *homeSheet) marked(x, w float64, mark, txt string) {
	s.room(lineBody)
	if s.drawing() {
		s.pdf.SetXY(x, s.y)
		s.pdf.CellFormat(hang, lineBody, mark, "", 0, "L", false, 0, "")
	}
	s.paras(x+hang, w-hang, lineBody, txt)
}

func (s *homeSheet) rule(y float64) {
	if s.drawing() {
		setColour(s.pdf.SetDrawColor, colourRule)
		s.pdf.SetLineWidth(0.3)
		s.pdf.Line(s.left, y, s.right, y)
	}
}

// footer: clinic and phone at the left, "Page n of N" in the sheet's language at the right.
func (s *homeSheet) footer() {
	pdf := s.pdf
	note := line(s.clinic.Name)
	if ph := line(s.clinic.Phone); ph != "" {
		note = strings.TrimPrefix(note+" · "+ph, " · ")
	}
	drawFooter(pdf, footer{
		size: 10,
		note: func(int) string { return note },
		label: func(page int) string {
			return fill(s.words.Page, "n", strconv.Itoa(page), "total", strconv.Itoa(s.pages))
		},
	})
}

func (s *homeSheet) header() {
	pdf, w := s.pdf, s.words
	width := s.right - s.left
	if name := line(s.clinic.Name); name != "" && s.drawing() {
		s.font("B", 14)
		pdf.SetXY(s.left, s.y)
		pdf.CellFormat(width*0.6, 7, name, "", 0, "L", false, 0, "")
	}
	if ph := line(s.clinic.Phone); ph != "" && s.drawing() {
		s.font("", sizeBody)
		pdf.SetXY(s.left+width*0.6, s.y)
		pdf.CellFormat(width*0.4, 7, fill(w.Phone, "phone", ph), "", 0, "R", false, 0, "")
	}
	s.y += 10
	s.rule(s.y)
	s.y += 7
	s.font("B", sizeTitle)
	s.para(s.left, width, 11, line(w.Title))
	s.y += 1
	s.font("", 15)
	who := fill(w.For, "name", line(s.name)) + "  ·  " + SheetDate(s.prog.Language, s.date)
	s.para(s.left, width, 8, who)
	s.y += 4
	s.font("", sizeBody)
	s.para(s.left, width, lineBody, w.Intro)
	s.y += 3
	s.notice([]string{w.StopPain, w.NotReplace})
	s.y += 8
}

// notice is a shaded box of bold lines, for what every patient must read.
func (s *homeSheet) notice(lines []string) {
	const pad = 4.0
	width := s.right - s.left
	h := s.measure(func() {
		s.font("B", sizeBody)
		for i, l := range lines {
			if i > 0 {
				s.y += 1.5
			}
			s.para(s.left+pad+2, width-2*pad-2, lineBody, l)
		}
	}) + 2*pad
	if s.drawing() {
		setColour(s.pdf.SetFillColor, colourShade)
		s.pdf.Rect(s.left, s.y, width, h, "F")
		s.pdf.SetFillColor(0x33, 0x66, 0x99)
		s.pdf.Rect(s.left, s.y, 1.6, h, "F")
	}
	s.y += pad
	s.font("B", sizeBody)
	for i, l := range lines {
		if i > 0 {
			s.y += 1.5
		}
		s.para(s.left+pad+2, width-2*pad-2, lineBody, l)
	}
	s.y += pad
}

// leadParts is how many parts of an exercise (the first holds the "How to
// do it" heading and step 1) stay with its title, picture and dose.
const leadParts = 2

// exercise draws one item: picture at the left, words at the right, then
// the steps, the precautions and the note across the page. It is kept
// whole on a page when it fits there. When it does not, rather than leave
// the rest of the page empty it starts here and goes on over the page, but
// only if its head (title, picture, dose and the first two steps) stays
// together here and at least one step goes over; it breaks only between
// steps or before the precautions or the note, the page says it continues
// over the page, and the next page begins with its title again,
// "(continued)".
func (s *homeSheet) exercise(i int, it store.ProgrammeItem) {
	parts := s.exerciseParts(it)
	head := func() { s.exerciseHead(i, it) }
	over := lineBody + 2 // room kept for "continued over the page"
	if s.y > s.top {
		whole := s.measure(func() {
			head()
			for _, p := range parts {
				p()
			}
		})
		// Split only with the head and the first steps here and at least
		// one step over the page: steps that end at the foot of a page
		// look finished, and the precautions over it would go unread.
		if s.y+whole > s.bottom {
			k := s.partsThatFit(parts, s.y+s.measure(head), s.bottom-over)
			if k < min(leadParts, len(parts)) || k >= len(it.Steps) {
				s.newPage()
			}
		}
	}
	head()
	for rest := parts; len(rest) > 0; {
		all := s.measure(func() {
			for _, p := range rest {
				p()
			}
		})
		if s.y+all <= s.bottom {
			for _, p := range rest {
				p()
			}
			break
		}
		k := max(s.partsThatFit(rest, s.y, s.bottom-over), 1) // a part taller than a page breaks by line
		for _, p := range rest[:k] {
			p()
		}
		rest = rest[k:]
		if len(rest) > 0 {
			s.overPage()
			s.newPage()
			s.continued(i, it)
		}
	}
	s.y += 6
}

// partsThatFit is how many of parts, from the first, fit between y and limit.
func (s *homeSheet) partsThatFit(parts []func(), y, limit float64) int {
	for k, p := range parts {
		if y += s.measure(p); y > limit {
			return k
		}
	}
	return len(parts)
}

// overPage says, at the foot of the page, that the exercise goes on over it.
func (s *homeSheet) overPage() {
	s.y += 2
	s.font("I", sizeBody) // body size: a patient has to notice it
	if s.drawing() {
		s.pdf.SetXY(s.left, s.y)
		s.pdf.CellFormat(s.right-s.left, lineBody, line(s.words.OverPage), "", 0, "R", false, 0, "")
	}
	s.y += lineBody
}

// exerciseHead is the rule above an exercise (not at the top of a page),
// its title, and its picture with what it is for and the dose beside it.
func (s *homeSheet) exerciseHead(i int, it store.ProgrammeItem) {
	if s.y > s.top {
		s.rule(s.y)
		s.y += 5
	}
	width := s.right - s.left
	s.font("B", sizeExercise)
	s.para(s.left, width, lineExercise, fmt.Sprintf("%d.  %s", i+1, line(it.Title)))
	s.y += 2
	pictureBottom := s.y + s.picture(it, s.left, s.y)
	x := s.left + pictureW + gutter
	if it.Purpose != "" {
		s.font("I", sizeBody)
		s.paras(x, s.right-x, lineBody, it.Purpose)
		s.y += 2.5
	}
	s.doseBox(x, s.right-x, s.words.Dose, DoseInWords(s.prog.Language, it.Dose))
	s.y = max(s.y, pictureBottom) + 3
}

// continued heads a page that carries on an exercise from the page before.
func (s *homeSheet) continued(i int, it store.ProgrammeItem) {
	s.font("B", sizeExercise)
	s.para(s.left, s.right-s.left, lineExercise, fill(s.words.Continued, "title", fmt.Sprintf("%d.  %s", i+1, line(it.Title))))
	s.y += 3
}

// exerciseParts are the pieces of an exercise below its head, in order,
// each kept on one page: the steps heading with the first step, each
// further step, the precautions with their heading, and the note with its
// heading. (A precaution read alone over the page, away from the others,
// is too easily missed.)
func (s *homeSheet) exerciseParts(it store.ProgrammeItem) []func() {
	w := s.words
	width := s.right - s.left
	var parts []func()
	for j, st := range it.Steps {
		parts = append(parts, func() {
			if j == 0 {
				s.font("B", sizeBody)
				s.para(s.left, width, lineBody, w.Steps)
			}
			s.font("", sizeBody)
			s.marked(s.left, width, strconv.Itoa(j+1)+".", st)
		})
	}
	if len(it.Precautions) > 0 {
		parts = append(parts, func() {
			s.y += 2.5
			s.font("B", sizeBody)
			s.para(s.left, width, lineBody, w.Precautions)
			s.font("", sizeBody)
			for _, p := range it.Precautions {
				s.marked(s.left, width, "•", p)
			}
		})
	}
	if it.Note != "" {
		parts = append(parts, func() {
			s.y += 2.5
			s.font("B", sizeBody)
			s.para(s.left, width, lineBody, w.Note)
			s.font("I", sizeBody)
			s.paras(s.left, width, lineBody, it.Note)
		})
	}
	return parts
}

// doseBox is the dose, bold in a shaded box, with its label above.
func (s *homeSheet) doseBox(x, width float64, label, dose string) {
	const pad = 2.5
	s.font("", sizeSmall)
	s.room(lineSmall + lineBody + 2*pad)
	setColour(s.pdf.SetTextColor, colourMuted)
	s.para(x, width, lineSmall, label)
	setColour(s.pdf.SetTextColor, colourText)
	s.font("B", 13)
	h := s.measure(func() { s.para(x+pad, width-2*pad, lineBody, dose) }) + 2*pad
	if s.drawing() {
		setColour(s.pdf.SetFillColor, colourShade)
		s.pdf.Rect(x, s.y, width, h, "F")
	}
	s.y += pad
	s.para(x+pad, width-2*pad, lineBody, dose)
	s.y += pad
}

// picture draws the item's photo or illustration with its top-left at
// x, y and returns its height (0 when it has none).
func (s *homeSheet) picture(it store.ProgrammeItem, x, y float64) float64 {
	pdf := s.pdf
	if it.Photo != "" {
		b := s.photos[it.Photo]
		cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
		if err != nil || cfg.Width == 0 {
			return 0
		}
		w, h := pictureW, pictureW*float64(cfg.Height)/float64(cfg.Width)
		if h > pictureMaxH {
			w, h = w*pictureMaxH/h, pictureMaxH
		}
		if s.drawing() {
			name := "photo-" + it.Photo
			typ := map[string]string{"png": "PNG", "jpeg": "JPG"}[format]
			if info := pdf.GetImageInfo(name); info == nil {
				if typ == "PNG" {
					// gofpdf reads only some PNGs (not 16-bit, not interlaced):
					// give it every one as plain 8-bit.
					if b, err = plainPNG(b); err != nil {
						return 0
					}
				}
				pdf.RegisterImageOptionsReader(name, gofpdf.ImageOptions{ImageType: typ}, bytes.NewReader(b))
			}
			pdf.ImageOptions(name, x, y, w, h, false, gofpdf.ImageOptions{ImageType: typ}, 0, "")
			setColour(pdf.SetDrawColor, colourRule)
			pdf.SetLineWidth(0.2)
			pdf.Rect(x, y, w, h, "D")
		}
		return h
	}
	svg := illustration(it.Illustration)
	if svg == nil || svg.Wd == 0 {
		return 0
	}
	scale := pictureW / svg.Wd
	if s.drawing() {
		pdf.SetLineWidth(0.45)
		pdf.SetDrawColor(0x1b, 0x1b, 0x1b)
		pdf.SetXY(x, y)
		pdf.SVGBasicWrite(svg, scale)
	}
	return svg.Ht * scale
}

// plainPNG re-encodes a PNG as 8 bits a channel, not interlaced, which is
// what gofpdf can embed: a 16-bit or interlaced picture that the clinic
// saved would otherwise stop every sheet that shows it from printing.
func plainPNG(b []byte) ([]byte, error) {
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	var flat image.Image
	switch m := img.(type) {
	case *image.Gray, *image.NRGBA, *image.RGBA, *image.Paletted:
		flat = m
	case *image.Gray16:
		g := image.NewGray(m.Bounds())
		draw.Draw(g, g.Bounds(), m, m.Bounds().Min, draw.Src)
		flat = g
	default:
		n := image.NewNRGBA(m.Bounds())
		draw.Draw(n, n.Bounds(), m, m.Bounds().Min, draw.Src)
		flat = n
	}
	var out bytes.Buffer
	if err := png.Encode(&out, flat); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

var illustrations sync.Map // ID → *gofpdf.SVGBasicType, nil when it cannot be read

// illustration parses an embedded illustration once.
func illustration(id string) *gofpdf.SVGBasicType {
	if id == "" {
		return nil
	}
	if v, ok := illustrations.Load(id); ok {
		return v.(*gofpdf.SVGBasicType)
	}
	var svg *gofpdf.SVGBasicType
	if b, err := assets.Illustration(id); err == nil {
		if sig, err := gofpdf.SVGBasicParse(b); err == nil {
			svg = &sig
		}
	}
	illustrations.Store(id, svg)
	return svg
}

// heading is a section title.
func (s *homeSheet) heading(title string) {
	s.font("B", sizeSection)
	s.para(s.left, s.right-s.left, 8.5, title)
	s.y += 1.5
}

// planner is the week table: a row per exercise, a column per day, a tick
// box for each time the exercise is planned that day.
func (s *homeSheet) planner() {
	const (
		labelW = 62.0
		box    = 3.8
		gap    = 1.4
		pad    = 2.2
		headH  = 8.0
	)
	w := s.words
	width := s.right - s.left
	dayW := (width - labelW) / 7
	// At least 2.5 mm clear of the rules each side, so boxes never touch them.
	perRow := max(1, int((dayW-5+gap)/(box+gap)))

	type row struct {
		title, freq string
		boxes       int
	}
	rows := make([]row, len(s.prog.Items))
	for i, it := range s.prog.Items {
		n := it.Dose.TimesPerDay
		if n == 0 {
			n = 1 // so many times a week: one box a day, ticked on the days it is done
		}
		rows[i] = row{fmt.Sprintf("%d.  %s", i+1, line(it.Title)), w.frequency(it.Dose), n}
	}
	rowHeight := func(r row) float64 {
		label := s.measure(func() {
			s.font("B", sizeBody)
			s.para(s.left, labelW-2*pad, lineBody, r.title)
			s.font("", sizeSmall)
			s.para(s.left, labelW-2*pad, lineSmall, r.freq)
		})
		lines := (r.boxes + perRow - 1) / perRow
		return max(label, float64(lines)*(box+gap)-gap) + 2*pad
	}
	tableHead := func() {
		pdf := s.pdf
		if s.drawing() {
			setColour(pdf.SetFillColor, colourShade)
			pdf.Rect(s.left, s.y, width, headH, "F")
			s.font("B", sizeBody)
			pdf.SetXY(s.left+pad, s.y)
			pdf.CellFormat(labelW-pad, headH, w.PlannerExercise, "", 0, "L", false, 0, "")
			for d, name := range w.Days {
				pdf.SetXY(s.left+labelW+float64(d)*dayW, s.y)
				pdf.CellFormat(dayW, headH, line(name), "", 0, "C", false, 0, "")
			}
		}
		s.y += headH
	}
	// The heading, the introduction, the table head and the first row stay together.
	intro := func() {
		s.y += 4
		s.heading(w.PlannerTitle)
		s.font("", sizeBody)
		s.para(s.left, width, lineBody, w.PlannerIntro)
		s.y += 3
	}
	whole := s.measure(intro) + headH
	for _, r := range rows {
		whole += rowHeight(r)
	}
	first := s.measure(intro) + headH + rowHeight(rows[0])
	if s.y+whole > s.bottom && (whole <= s.bottom-s.top || s.y+first > s.bottom) {
		s.newPage()
	}
	intro()
	tableHead()
	pdf := s.pdf
	for _, r := range rows {
		h := rowHeight(r)
		if s.y+h > s.bottom {
			s.newPage()
			tableHead()
		}
		top := s.y
		s.y += pad
		s.font("B", sizeBody)
		s.para(s.left+pad, labelW-2*pad, lineBody, r.title)
		setColour(pdf.SetTextColor, colourMuted)
		s.font("", sizeSmall)
		s.para(s.left+pad, labelW-2*pad, lineSmall, r.freq)
		setColour(pdf.SetTextColor, colourText)
		if s.drawing() {
			s.plannerRow(top, h, r.boxes, perRow, labelW, dayW, box, gap, pad)
		}
		s.y = top + h
	}
	s.y += 8
}

// plannerRow draws a row's tick boxes, r.boxes a day in lines of perRow, and its rules.
func (s *homeSheet) plannerRow(top, h float64, boxes, perRow int, labelW, dayW, box, gap, pad float64) {
	pdf := s.pdf
	setColour(pdf.SetDrawColor, colourText)
	pdf.SetLineWidth(0.3)
	for d := range 7 {
		cx := s.left + labelW + float64(d)*dayW
		inRow := min(boxes, perRow)
		x0 := cx + (dayW-(float64(inRow)*(box+gap)-gap))/2
		for b := range boxes {
			bx := x0 + float64(b%perRow)*(box+gap)
			by := top + pad + float64(b/perRow)*(box+gap)
			pdf.Rect(bx, by, box, box, "D")
		}
	}
	setColour(pdf.SetDrawColor, colourRule)
	pdf.SetLineWidth(0.2)
	pdf.Line(s.left, top+h, s.right, top+h)
	for d := range 8 {
		x := s.left + labelW + float64(d)*dayW
		pdf.Line(x, top, x, top+h)
	}
}

func (s *homeSheet) flareUp() {
	w := s.words
	s.heading(w.FlareTitle)
	plan := s.prog.FlareUpPlan
	if strings.TrimSpace(plan) == "" {
		plan = w.FlareDefault
	}
	s.font("", sizeBody)
	s.paras(s.left, s.right-s.left, lineBody, plan)
}

func (s *homeSheet) dilatorSafety() {
	w := s.words
	s.heading(w.DilatorTitle)
	s.font("", sizeBody)
	for _, l := range w.DilatorSafety {
		s.marked(s.left, s.right-s.left, "•", l)
	}
}

func (s *homeSheet) contact() {
	w := s.words
	c := s.clinic
	width := s.right - s.left
	s.heading(w.ContactTitle)
	s.font("", sizeBody)
	s.para(s.left, width, lineBody, w.ContactIntro)
	s.y += 1
	if n := line(c.Name); n != "" {
		s.font("B", sizeBody)
		s.para(s.left, width, lineBody, n)
	}
	s.font("", sizeBody)
	for _, l := range []string{fill(w.Phone, "phone", line(c.Phone)), line(c.Email), line(c.Website)} {
		if line(c.Phone) == "" && strings.Contains(w.Phone, "{phone}") && l == fill(w.Phone, "phone", "") {
			continue
		}
		if l != "" {
			s.para(s.left, width, lineBody, l)
		}
	}
	if a := lines(c.Address); a != "" {
		s.para(s.left, width, lineBody, strings.ReplaceAll(a, "\n", ", "))
	}
}
