package reports

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jung-kurt/gofpdf"
)

// clock is the fixed time every test document is made at.
var clock = time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)

func TestText(t *testing.T) {
	for _, c := range []struct{ in, text, line string }{
		{"Łucja Żółć", "Łucja Żółć", "Łucja Żółć"},
		// Decomposed Vietnamese (as pasted from macOS) is composed, because
		// gofpdf cannot place combining marks.
		{"Nguye\u0302\u0303n Thi\u0323 Minh", "Nguyễn Thị Minh", "Nguyễn Thị Minh"},
		// Runes beyond U+FFFF make gofpdf panic.
		{"Oak House 🌳", "Oak House \uFFFD", "Oak House \uFFFD"},
		{"a\tb\r\nc\rd\u2028e\x00f\u007f", "a b\nc\nd\nef", "a b c d ef"},
		{"  two\n\n lines  ", "  two\n\n lines  ", "two lines"},
	} {
		if got := text(c.in); got != c.text {
			t.Errorf("text(%q) = %q, want %q", c.in, got, c.text)
		}
		if got := line(c.in); got != c.line {
			t.Errorf("line(%q) = %q, want %q", c.in, got, c.line)
		}
	}
	if got, want := lines(" Οδός  Ερμού 25 \r\n\n\t105 63 Αθήνα\n "), "Οδός Ερμού 25\n105 63 Αθήνα"; got != want {
		t.Errorf("lines = %q, want %q", got, want)
	}
}

// TestRenderNumbersPages checks the two-pass page count that replaces
// gofpdf's AliasNbPages, whose digits go missing from UTF-8 font subsets.
func TestRenderNumbersPages(t *testing.T) {
	var buf bytes.Buffer
	draws := 0
	err := render(&buf, "A4", clock, func(pdf *gofpdf.Fpdf, pages int) {
		draws++
		setFooter(pdf, "Footer Ωμέγα", pages)
		for i := 0; i < 3; i++ {
			pdf.AddPage()
			pdf.SetFont(fontFamily, "", 12)
			pdf.Write(6, fmt.Sprintf("Page body %c", 'A'+i))
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if draws != 2 {
		t.Errorf("a three-page document was drawn %d times, want 2", draws)
	}
	txt := pdfText(t, buf.Bytes())
	for _, want := range []string{"Footer Ωμέγα", "Page 1 of 3", "Page 2 of 3", "Page 3 of 3", "Page body C"} {
		if !strings.Contains(txt, want) {
			t.Errorf("text lacks %q:\n%s", want, txt)
		}
	}
}

func TestOutputErrors(t *testing.T) {
	draw := func(s string) func(*gofpdf.Fpdf, int) {
		return func(pdf *gofpdf.Fpdf, _ int) {
			pdf.AddPage()
			pdf.SetFont(fontFamily, "", 12)
			pdf.Text(20, 20, s)
		}
	}
	for _, c := range []struct {
		name    string
		paper   string
		created time.Time
		text    string
		want    string
	}{
		{"unknown paper", "A5", clock, "x", `paper size "A5"`},
		{"no clock", "A4", time.Time{}, "x", "no creation time"},
		// Straight to gofpdf, without text(): it panics; we return an error.
		{"rune beyond U+FFFF", "A4", clock, "🌳", "internal error"},
	} {
		var buf bytes.Buffer
		err := render(&buf, c.paper, c.created, draw(c.text))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want one saying %q", c.name, err, c.want)
		}
		if buf.Len() > 0 {
			t.Errorf("%s: %d bytes written despite the error", c.name, buf.Len())
		}
	}
	var buf bytes.Buffer
	if err := render(&buf, " letter ", clock, draw("x")); err != nil {
		t.Errorf("paper %q: %v", " letter ", err)
	}
}

// ---- helpers shared by the document tests ----

// pdfText is the text of a PDF as pdftotext reads it; the test is skipped
// where poppler-utils is not installed.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	path := writeTemp(t, pdf)
	out, err := tool(t, "pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// pageImage renders page 1 of a PDF at 80 dpi with pdftoppm.
func pageImage(t *testing.T, pdf []byte) image.Image {
	t.Helper()
	path := writeTemp(t, pdf)
	out := filepath.Join(t.TempDir(), "page")
	if msg, err := tool(t, "pdftoppm", "-png", "-r", "80", "-singlefile", path, out).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, msg)
	}
	f, err := os.Open(out + ".png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func tool(t *testing.T, name string, args ...string) *exec.Cmd {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s is not installed (apt-get install poppler-utils)", name)
	}
	return exec.Command(name, args...)
}

func writeTemp(t *testing.T, b []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

var spaces = regexp.MustCompile(`\s+`)

// flat is s with every run of white space made one space, so wrapped
// paragraphs can be matched whole.
func flat(s string) string { return spaces.ReplaceAllString(s, " ") }

// pageCount counts the page objects of a gofpdf document.
func pageCount(pdf []byte) int { return bytes.Count(pdf, []byte("/Type /Page\n")) }

// sameImage compares a page image with a reviewed reference, allowing for
// anti-aliasing differences between poppler versions: it fails if more than
// 0.01 % of the pixels (about 60 at 80 dpi) differ by more than 64 in any channel.
func sameImage(got, want image.Image) error {
	if got.Bounds() != want.Bounds() {
		return fmt.Errorf("size %v, reference %v", got.Bounds().Size(), want.Bounds().Size())
	}
	b := got.Bounds()
	diff := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r1, g1, b1, _ := got.At(x, y).RGBA()
			r2, g2, b2, _ := want.At(x, y).RGBA()
			if far(r1, r2) || far(g1, g2) || far(b1, b2) {
				diff++
			}
		}
	}
	if limit := b.Dx() * b.Dy() / 10000; diff > limit {
		return fmt.Errorf("%d pixels differ (limit %d)", diff, limit)
	}
	return nil
}

func far(a, b uint32) bool { return a>>8 > b>>8+64 || b>>8 > a>>8+64 }
