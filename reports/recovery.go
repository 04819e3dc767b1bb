package reports

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"
)

// RecoverySheet is what the printed recovery key sheet shows. It holds no
// patient data, and the sheet never will.
type RecoverySheet struct {
	ClinicName    string
	ClinicAddress string // may run over several lines
	// Key is the recovery key as shown on screen, in groups separated by
	// dashes or spaces, e.g. "7K3Q-9XTR-…": letters and digits only.
	Key       string
	Created   time.Time // when the key was made, in the clinic's time zone
	CreatedBy string    // the practitioner who made it
	Paper     string    // "A4" (also when empty) or "Letter"
}

// Errors of RecoveryKeySheet that a caller may want to tell apart.
var (
	ErrNoRecoveryKey  = errors.New("recovery key sheet: the key is missing")
	ErrBadRecoveryKey = errors.New("recovery key sheet: the key may hold only letters and digits, in groups separated by dashes or spaces, 64 characters at most")
)

// maxKeyChars bounds the key so that it always fits on one page in type
// large enough to copy by hand.
const maxKeyChars = 64

// RecoveryKeySheet writes the one-page sheet on which the clinic keeps its
// recovery key: clinic name and address, what the key is for and how to keep
// it, the key in large boxed groups that are easy to copy by hand, when and
// by whom it was made, and lines to fill in by hand for where it is stored
// and who checked it. A missing clinic name or practitioner leaves a line to
// write on instead. Nothing is written to w if the sheet cannot be made.
//
// The PDF holds the key in plain text and is as secret as the key itself:
// send it to the printer or to a file the user chose, never to a temporary
// file, a log or the database.
func RecoveryKeySheet(w io.Writer, in RecoverySheet) error {
	groups, err := keyGroups(in.Key)
	if err != nil {
		return err
	}
	if in.Created.IsZero() {
		return errors.New("recovery key sheet: the time the key was created is missing")
	}
	err = render(w, in.Paper, in.Created, func(pdf *gofpdf.Fpdf, pages int) {
		drawRecoverySheet(pdf, pages, in, groups)
	})
	if err != nil {
		return fmt.Errorf("recovery key sheet: %w", err)
	}
	return nil
}

// keyGroups splits a key into the groups it is shown in: as written, or in
// fours if it was written without separators.
func keyGroups(key string) ([]string, error) {
	groups := strings.FieldsFunc(key, func(r rune) bool {
		return r == '-' || r == ' ' || r == '\t' || r == '\n' || r == '\r'
	})
	if len(groups) == 0 {
		return nil, ErrNoRecoveryKey
	}
	n := 0
	for _, g := range groups {
		for _, r := range g {
			if !('A' <= r && r <= 'Z' || 'a' <= r && r <= 'z' || '0' <= r && r <= '9') {
				return nil, ErrBadRecoveryKey
			}
		}
		n += len(g)
	}
	if n > maxKeyChars {
		return nil, ErrBadRecoveryKey
	}
	if len(groups) == 1 && n > 6 {
		g := groups[0]
		groups = nil
		for len(g) > 4 {
			groups = append(groups, g[:4])
			g = g[4:]
		}
		groups = append(groups, g)
	}
	return groups, nil
}

// The words of the sheet, in British English.
const (
	recoveryTitle  = "PelvicNotes recovery key"
	recoveryFooter = "PelvicNotes recovery key · confidential · keep apart from the laptop"
)

var recoveryParagraphs = [][2]string{
	{"What it is for. ",
		"This key opens the clinic’s PelvicNotes record file if every practitioner’s passphrase " +
			"has been forgotten. If the key and all the passphrases are lost, nobody can open the records."},
	{"Where to keep it. ",
		"Keep this sheet somewhere locked and separate from the laptop, for example in the clinic " +
			"safe. Anyone who has both this key and the laptop, or a backup of the record file, can " +
			"read every patient’s records."},
	{"It is shown only once. ",
		"PelvicNotes showed this key once, when it was created, and cannot show it again. Do not " +
			"photograph it, email it or save it on a computer."},
}

func drawRecoverySheet(pdf *gofpdf.Fpdf, pages int, in RecoverySheet, groups []string) {
	pdf.SetTitle(recoveryTitle, true)
	setFooter(pdf, recoveryFooter, pages)
	pdf.AddPage()
	pageW, _ := pdf.GetPageSize()
	left, right := marginSide, pageW-marginSide
	width := right - left

	// Letterhead: clinic name and address, then a rule.
	if name := line(in.ClinicName); name != "" {
		pdf.SetFont(fontFamily, "B", 15)
		pdf.MultiCell(width, 7, name, "", "L", false)
	} else {
		y := pdf.GetY() + 6
		pdf.SetFont(fontFamily, "", 11)
		setColour(pdf.SetTextColor, colourMuted)
		pdf.Text(left, y, "Clinic")
		setColour(pdf.SetTextColor, colourText)
		writeOn(pdf, left+pdf.GetStringWidth("Clinic")+3, right, y)
		pdf.SetY(y + 3)
	}
	if addr := lines(in.ClinicAddress); addr != "" {
		pdf.SetFont(fontFamily, "", 10)
		setColour(pdf.SetTextColor, colourMuted)
		pdf.MultiCell(width, 5, addr, "", "L", false)
		setColour(pdf.SetTextColor, colourText)
	}
	pdf.Ln(4)
	rule(pdf, left, right, pdf.GetY())

	// Title and what the key is.
	pdf.Ln(9)
	pdf.SetFont(fontFamily, "B", 22)
	pdf.CellFormat(width, 10, recoveryTitle, "", 1, "L", false, 0, "")
	pdf.Ln(5)
	for _, p := range recoveryParagraphs {
		pdf.SetFont(fontFamily, "B", 11)
		pdf.Write(5.6, p[0])
		pdf.SetFont(fontFamily, "", 11)
		pdf.Write(5.6, p[1])
		pdf.Ln(5.6 + 3)
	}

	// The key, as large as fits above the details; if even the smallest size
	// does not fit (a long letterhead and a long key), key and details go
	// over the page.
	pdf.Ln(3)
	_, pageH := pdf.GetPageSize()
	room := pageH - marginBottom - detailsHeight - pdf.GetY()
	k := layoutKey(groups, width, keySizes[0])
	for _, size := range keySizes[1:] {
		if k.height <= room {
			break
		}
		k = layoutKey(groups, width, size)
	}
	if k.height > room {
		pdf.AddPage()
		k = layoutKey(groups, width, keySizes[0])
	}
	k.draw(pdf, left, pdf.GetY())
	if pdf.GetY()+detailsHeight > pageH-marginBottom {
		pdf.AddPage()
	}
	drawRecoveryDetails(pdf, in, left, right)
}

// detailsHeight is the height drawRecoveryDetails takes.
const detailsHeight = 9 + 5 + 9 + 16 + 16 + 4

// drawRecoveryDetails writes when and by whom the key was made, then rules
// lines to fill in by hand: where the sheet is stored and who checked it.
func drawRecoveryDetails(pdf *gofpdf.Fpdf, in RecoverySheet, left, right float64) {
	const labelW = 30.0
	y := pdf.GetY() + 9 + 5
	mid := left + (right-left)*0.66
	detail := func(x float64, label, value string, end float64) {
		pdf.SetFont(fontFamily, "", 11)
		setColour(pdf.SetTextColor, colourMuted)
		pdf.Text(x, y, label)
		setColour(pdf.SetTextColor, colourText)
		if x == left {
			x += labelW
		} else {
			x += pdf.GetStringWidth(label) + 3
		}
		if value == "" {
			writeOn(pdf, x, end, y)
			return
		}
		for size := 11.0; size > 7 && pdf.GetStringWidth(value) > end-x; size-- {
			pdf.SetFont(fontFamily, "", size-1)
		}
		pdf.Text(x, y, value)
	}
	detail(left, "Created", britishDateTime(in.Created), right)
	y += 9
	detail(left, "Created by", line(in.CreatedBy), right)
	y += 16
	detail(left, "Stored where", "", right)
	y += 16
	detail(left, "Checked by", "", mid-8)
	detail(mid, "Date", "", right)
	pdf.SetY(y + 4)
}

// keySizes are the type sizes, in points, the key may be printed in,
// largest first.
var keySizes = []float64{21, 19, 17, 15, 13}

// keyLayout places the key's groups in a panel: each group in a box, each
// character centred in a slot of its own so the key reads like typewriter
// text, a small group number under each box, the rows balanced and centred.
// All lengths are in mm and scale with the type size.
type keyLayout struct {
	groups      []string
	size        float64 // type size, pt
	slot, pad   float64 // character width; box padding left and right
	boxH, gap   float64 // box height; space between boxes
	rowH, inset float64 // one row: box, number and space; panel padding
	width       float64 // panel width
	rows        int
	zero        bool    // the key has a digit zero, which gets a note
	height      float64 // panel height
}

func layoutKey(groups []string, width, size float64) keyLayout {
	s := size / 21
	k := keyLayout{
		groups: groups, size: size, width: width,
		slot: 7.5 * s, pad: 2 * s, boxH: 13 * s, gap: 5 * s, rowH: 22 * s, inset: 7,
	}
	widest := 0.0
	for _, g := range groups {
		widest = max(widest, k.boxW(g))
		k.zero = k.zero || strings.Contains(g, "0")
	}
	// As few rows as fit; draw spreads the groups evenly over them.
	perRow := max(1, int((width-2*k.inset+k.gap)/(widest+k.gap)))
	k.rows = (len(groups) + perRow - 1) / perRow
	k.height = 11 + float64(k.rows)*k.rowH + 1
	if k.zero {
		k.height += 5
	}
	return k
}

func (k keyLayout) boxW(g string) float64 { return float64(len(g))*k.slot + 2*k.pad }

// draw draws the panel with its top left corner at (left, top) and leaves
// the position under it.
func (k keyLayout) draw(pdf *gofpdf.Fpdf, left, top float64) {
	pdf.SetFillColor(0xf1, 0xf1, 0xef)
	setColour(pdf.SetDrawColor, colourRule)
	pdf.SetLineWidth(0.3)
	pdf.RoundedRect(left, top, k.width, k.height, 2.5, "1234", "FD")

	pdf.SetFont(fontFamily, "B", 9)
	setColour(pdf.SetTextColor, colourMuted)
	pdf.Text(left+k.inset, top+7.5, "RECOVERY KEY")
	setColour(pdf.SetTextColor, colourText)

	y := top + 11
	first := 0 // index of the first group in the row
	for r := 0; r < k.rows; r++ {
		// Rows differ by one group at most, the longer ones first.
		n := len(k.groups) / k.rows
		if r < len(k.groups)%k.rows {
			n++
		}
		row := k.groups[first : first+n]
		rowW := -k.gap
		for _, g := range row {
			rowW += k.boxW(g) + k.gap
		}
		x := left + (k.width-rowW)/2
		for i, g := range row {
			k.drawGroup(pdf, x, y, g, first+i+1)
			x += k.boxW(g) + k.gap
		}
		first += n
		y += k.rowH
	}
	if k.zero {
		pdf.SetFont(fontFamily, "I", 9)
		setColour(pdf.SetTextColor, colourMuted)
		note := "The digit zero has a stroke through it, to tell it from the letter O."
		pdf.Text(left+(k.width-pdf.GetStringWidth(note))/2, y+1, note)
		setColour(pdf.SetTextColor, colourText)
	}
	setColour(pdf.SetDrawColor, colourRule)
	pdf.SetLineWidth(0.3)
	pdf.SetY(top + k.height)
}

// drawGroup draws group number n, g, in its box at (x, y).
func (k keyLayout) drawGroup(pdf *gofpdf.Fpdf, x, y float64, g string, n int) {
	s := k.size / 21
	bw := k.boxW(g)
	pdf.SetFillColor(0xff, 0xff, 0xff)
	pdf.SetDrawColor(0x44, 0x44, 0x44)
	pdf.SetLineWidth(0.4)
	pdf.RoundedRect(x, y, bw, k.boxH, 1.2, "1234", "FD")
	pdf.SetFont(fontFamily, "", k.size)
	// Capitals and digits of Noto Sans stand 0.714 em tall: centre them.
	base := y + k.boxH/2 + 0.714*k.size*25.4/72/2
	for j, c := range g {
		ch := string(c)
		cx := x + k.pad + float64(j)*k.slot + k.slot/2
		pdf.Text(cx-pdf.GetStringWidth(ch)/2, base, ch)
		if c == '0' {
			// A stroke inside the zero, so it is never read as the letter O
			// (nor as Ø, whose stroke crosses the outline).
			pdf.SetLineWidth(0.45 * s)
			pdf.SetDrawColor(0x1a, 0x1a, 0x1a)
			pdf.Line(cx+1.1*s, base-4.3*s, cx-1.1*s, base-1.0*s)
		}
	}
	pdf.SetFont(fontFamily, "", 7.5)
	setColour(pdf.SetTextColor, colourMuted)
	num := fmt.Sprint(n)
	pdf.Text(x+bw/2-pdf.GetStringWidth(num)/2, y+k.boxH+4*s, num)
	setColour(pdf.SetTextColor, colourText)
}

// writeOn rules a line to write on by hand, from x1 to x2, just under
// the baseline y.
func writeOn(pdf *gofpdf.Fpdf, x1, x2, y float64) {
	setColour(pdf.SetDrawColor, colourRule)
	pdf.SetLineWidth(0.3)
	pdf.Line(x1, y+1, x2, y+1)
}

func rule(pdf *gofpdf.Fpdf, left, right, y float64) {
	setColour(pdf.SetDrawColor, colourRule)
	pdf.SetLineWidth(0.3)
	pdf.Line(left, y, right, y)
}

// britishDateTime writes t as "Saturday 14 March 2026 at 09:30".
func britishDateTime(t time.Time) string {
	return t.Format("Monday 2 January 2006 at 15:04")
}
