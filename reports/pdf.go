package reports

// The PDF setup every document shares: paper, margins, the embedded fonts,
// fixed dates for byte-identical output, the footer, and turning gofpdf's
// sticky error (and its occasional panic) into an ordinary error.
//
// What gofpdf v1.16.2 does and does not do with UTF-8 fonts, found by
// rendering test pages and reading its source; pdf_test.go pins the
// workarounds:
//   - AddUTF8FontFromBytes subsets each font to the runes drawn (composite
//     glyphs such as Vietnamese ễ and ǻ keep their components), so the
//     recovery sheet is ~50 KB, not the ~1.8 MB of the four whole files.
//     The subsets lack the ABCDEF+ name tag, so pdffonts says "sub no".
//   - There is no shaping (no GSUB/GPOS, no kerning): precomposed letters
//     print well, but combining marks in decomposed text are not positioned
//     and collide. text() therefore normalises to NFC first.
//   - Only the Basic Multilingual Plane: a rune above U+FFFF (an emoji in an
//     address) makes Output panic. text() replaces such runes with U+FFFD.
//   - A rune the font lacks prints as an empty box; its text still extracts.
//   - AliasNbPages ("{nb}") is broken with UTF-8 fonts: the digits replaced
//     in at the end are not in the font subset and print as boxes. render()
//     counts pages in a first pass instead.
//   - The document dates carry no time zone (D:YYYYMMDDHHmmSS).

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	"github.com/jung-kurt/gofpdf"
	"golang.org/x/text/unicode/norm"

	"github.com/pelvicnotes/pelvicnotes/assets"
)

// fontFamily is the name the embedded fonts are registered under: use it
// with SetFont and the styles "", "B", "I", "BI".
const fontFamily = "NotoSans"

// Page geometry in millimetres (the unit of every document).
const (
	marginSide   = 20.0 // left and right
	marginTop    = 18.0
	marginBottom = 22.0 // body text stops here; the footer sits below
	footerRise   = 12.0 // footer baseline above the bottom edge of the paper
)

// Ink colours, as r, g, b.
var (
	colourText  = [3]int{0x1a, 0x1a, 0x1a}
	colourMuted = [3]int{0x55, 0x55, 0x55}
	colourRule  = [3]int{0x99, 0x99, 0x99}
)

// paperSizes maps the paper names PelvicNotes offers (case-insensitive) to
// gofpdf's. No name means A4.
var paperSizes = map[string]string{"": "A4", "a4": "A4", "letter": "Letter"}

// newDoc starts a portrait document on A4 or US Letter paper with the
// embedded fonts registered under fontFamily, the house margins and colours,
// and both PDF dates set to created, so that the same records and the same
// clock give byte-identical files. Problems are recorded in the document's
// error (see output); a zero created time is one, since it would make gofpdf
// stamp the current time.
func newDoc(paper string, created time.Time) *gofpdf.Fpdf {
	return newDocStyles(paper, created, assets.FontStyles())
}

// newDocStyles is newDoc registering only the given font styles: loading a
// font is most of the cost of a short document, so one that never uses
// bold italic need not load it.
func newDocStyles(paper string, created time.Time, styles []string) *gofpdf.Fpdf {
	size, ok := paperSizes[strings.ToLower(strings.TrimSpace(paper))]
	if !ok {
		size = "A4"
	}
	pdf := gofpdf.New("P", "mm", size, "")
	if !ok {
		pdf.SetErrorf("paper size %q is not one PelvicNotes prints on: use A4 or Letter", paper)
	}
	if created.IsZero() {
		pdf.SetErrorf("the document has no creation time")
	}
	for _, style := range styles {
		pdf.AddUTF8FontFromBytes(fontFamily, style, assets.Font(style))
	}
	pdf.SetCreationDate(created)
	pdf.SetModificationDate(created)
	pdf.SetCatalogSort(true)
	pdf.SetCreator("PelvicNotes", true)
	pdf.SetMargins(marginSide, marginTop, marginSide)
	pdf.SetAutoPageBreak(true, marginBottom)
	pdf.SetCellMargin(0)
	pdf.SetLineWidth(0.3)
	pdf.SetFont(fontFamily, "", 10.5)
	setColour(pdf.SetTextColor, colourText)
	setColour(pdf.SetDrawColor, colourRule)
	return pdf
}

// render makes one document: draw lays it out on a document from newDoc and
// output writes it to w. pages is the page count for "Page n of N" (see
// setFooter); draw is first called with 1 and, if the document runs longer,
// called again on a fresh document with the real count. So draw must depend
// on nothing but its inputs.
func render(w io.Writer, paper string, created time.Time, draw func(pdf *gofpdf.Fpdf, pages int)) error {
	var pdf *gofpdf.Fpdf
	err := catch(func() {
		pdf = newDoc(paper, created)
		if !pdf.Ok() {
			return // drawing on a document in error can panic
		}
		draw(pdf, 1)
		if n := pdf.PageCount(); n > 1 && pdf.Ok() {
			pdf = newDoc(paper, created)
			draw(pdf, n)
		}
	})
	if pdf != nil && !pdf.Ok() {
		return fmt.Errorf("making the PDF: %w", pdf.Error())
	}
	if err != nil {
		return err
	}
	return output(pdf, w)
}

// output finishes pdf and writes it to w. Nothing is written unless the
// whole document was made without error.
func output(pdf *gofpdf.Fpdf, w io.Writer) error {
	var buf bytes.Buffer
	if err := catch(func() { pdf.Output(&buf) }); err != nil {
		return err
	}
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("making the PDF: %w", err)
	}
	_, err := buf.WriteTo(w)
	return err
}

// catch runs f and turns a panic inside gofpdf into an error, so a document
// that cannot be made never takes the app down with it.
func catch(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("making the PDF: internal error: %v", r)
		}
	}()
	f()
	return nil
}

// setFooter draws, on every page from now on, a hairline with note at the
// left and "Page n of N" at the right, in small muted type below the bottom
// margin.
func setFooter(pdf *gofpdf.Fpdf, note string, pages int) {
	note = line(note)
	drawFooter(pdf, footer{
		size:  8.5,
		note:  func(int) string { return note },
		label: func(page int) string { return fmt.Sprintf("Page %d of %d", page, pages) },
	})
}

// footer is what drawFooter puts below the bottom margin of each page.
type footer struct {
	size  float64               // type size, points
	note  func(page int) string // at the left
	label func(page int) string // at the right, such as "Page 2 of 3"
	// labelWidth, if set, places the label by this text's width instead of
	// its own (for a page count filled in by an alias after drawing).
	labelWidth string
}

// drawFooter draws f on every page from now on: a hairline, then the note
// and the label in muted type.
func drawFooter(pdf *gofpdf.Fpdf, f footer) {
	pdf.SetFooterFunc(func() {
		w, h := pdf.GetPageSize()
		y := h - footerRise
		setColour(pdf.SetDrawColor, colourRule)
		pdf.SetLineWidth(0.2)
		pdf.Line(marginSide, y-5, w-marginSide, y-5)
		pdf.SetFont(fontFamily, "", f.size)
		setColour(pdf.SetTextColor, colourMuted)
		pdf.Text(marginSide, y, f.note(pdf.PageNo()))
		label := f.label(pdf.PageNo())
		width := label
		if f.labelWidth != "" {
			width = f.labelWidth
		}
		pdf.Text(w-marginSide-pdf.GetStringWidth(width), y, label)
		setColour(pdf.SetTextColor, colourText)
	})
}

func setColour(set func(r, g, b int), c [3]int) { set(c[0], c[1], c[2]) }

// text makes s safe to hand to gofpdf: composed to NFC (gofpdf cannot place
// combining marks), characters beyond U+FFFF replaced by U+FFFD (gofpdf
// panics on them), every kind of line break made "\n", tabs made spaces and
// other control characters dropped. Every string that comes from a record
// goes through text, line or lines before it is drawn.
func text(s string) string {
	s = norm.NFC.String(s)
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n', r == '\r', r == '\u2028', r == '\u2029':
			return '\n'
		case r == '\t':
			return ' '
		case r > 0xFFFF:
			return unicode.ReplacementChar
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, strings.ReplaceAll(s, "\r\n", "\n"))
}

// lines is text for a block of short lines, such as an address: each line
// cleaned as by line, empty lines dropped.
func lines(s string) string {
	var out []string
	for _, l := range strings.Split(text(s), "\n") {
		if l = line(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// line is text for a single line: line breaks become spaces, runs of
// spaces one space, and the ends are trimmed.
func line(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(text(s), "\n", " ")), " ")
}
