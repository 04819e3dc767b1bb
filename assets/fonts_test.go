package assets

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"testing"
)

// Names and words the documents must be able to print, one per script or
// language group the clinic is likely to meet.
var coverage = map[string]string{
	"Polish":     "Łucja Żółć, Grzegorz Brzęczyszczykiewicz, ĄĆĘŁŃÓŚŹŻąćęłńóśźż",
	"Vietnamese": "Nguyễn Thị Minh, Trần Văn Đức, Phạm Thị Hương, Lê Quốc Vượng",
	"Turkish":    "Ayşe Yılmaz, İbrahim Çağlar, Gülşen Öztürk",
	"Nordic":     "Åsa Ødegård, Þórunn Guðmundsdóttir, Sæunn Ærø",
	"Greek":      "Σοφία Παπαδοπούλου, Ιωάννης Κωνσταντίνου, ΐΰϊϋς",
	"Cyrillic":   "Ольга Иванова, Юлія Ґалаґан, Ђорђе Јовановић, Ёжиков",
	"Marks":      "— – ‘ ’ “ ” … • · € £ № × ° ±",
}

func TestFontStyles(t *testing.T) {
	for _, style := range append(FontStyles(), "IB") {
		b := Font(style)
		if len(b) < 100_000 {
			t.Fatalf("Font(%q): %d bytes, want a whole TrueType file", style, len(b))
		}
		if !bytes.HasPrefix(b, []byte{0, 1, 0, 0}) {
			t.Errorf("Font(%q) is not TrueType outlines (gofpdf needs glyf, not CFF)", style)
		}
	}
	if Font("X") != nil || Font("b") != nil {
		t.Error("Font of an unknown style should be nil")
	}
	if !bytes.Contains(FontLicence, []byte("SIL OPEN FONT LICENSE Version 1.1")) {
		t.Error("FontLicence is not the OFL")
	}
}

// TestFontCoverage looks every rune of the sample names up in each style's
// Unicode cmap, so swapping the font for one without, say, Vietnamese fails
// here rather than on a patient's letter.
func TestFontCoverage(t *testing.T) {
	for _, style := range FontStyles() {
		cmap, err := unicodeCmap(Font(style))
		if err != nil {
			t.Fatalf("style %q: %v", style, err)
		}
		// The lookup itself: Latin A is there, a Han character is not.
		if cmap('A') == 0 || cmap('中') != 0 {
			t.Fatalf("style %q: cmap lookup gives A→%d, 中→%d", style, cmap('A'), cmap('中'))
		}
		for script, text := range coverage {
			var missing []rune
			for _, r := range text {
				if r != ' ' && r != ',' && cmap(r) == 0 {
					missing = append(missing, r)
				}
			}
			if len(missing) > 0 {
				t.Errorf("style %q, %s: no glyph for %q", style, script, string(missing))
			}
		}
	}
}

// unicodeCmap returns a rune → glyph lookup over the font's (3,1) or (0,x)
// format 4 cmap subtable, the one gofpdf itself uses.
func unicodeCmap(font []byte) (func(rune) int, error) {
	u16 := func(off int) int { return int(binary.BigEndian.Uint16(font[off:])) }
	u32 := func(off int) int { return int(binary.BigEndian.Uint32(font[off:])) }
	cmap := -1
	for i, n := 0, u16(4); i < n; i++ {
		rec := 12 + 16*i
		if string(font[rec:rec+4]) == "cmap" {
			cmap = u32(rec + 8)
		}
	}
	if cmap < 0 {
		return nil, fmt.Errorf("no cmap table")
	}
	sub := -1
	for i, n := 0, u16(cmap+2); i < n; i++ {
		rec := cmap + 4 + 8*i
		platform, encoding := u16(rec), u16(rec+2)
		off := cmap + u32(rec+4)
		if (platform == 3 && encoding == 1 || platform == 0) && u16(off) == 4 {
			sub = off
			break
		}
	}
	if sub < 0 {
		return nil, fmt.Errorf("no Unicode format 4 cmap")
	}
	segs := u16(sub+6) / 2
	ends, starts, deltas, offsets := sub+14, sub+16+2*segs, sub+16+4*segs, sub+16+6*segs
	return func(r rune) int {
		c := int(r)
		if c > 0xFFFF {
			return 0
		}
		for i := 0; i < segs; i++ {
			if c > u16(ends+2*i) {
				continue
			}
			start := u16(starts + 2*i)
			if c < start {
				return 0
			}
			delta, ro := u16(deltas+2*i), u16(offsets+2*i)
			if ro == 0 {
				return (c + delta) & 0xFFFF
			}
			g := u16(offsets + 2*i + ro + 2*(c-start))
			if g == 0 {
				return 0
			}
			return (g + delta) & 0xFFFF
		}
		return 0
	}, nil
}
