package reports

import (
	"bytes"
	"errors"
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the reference page images in testdata from the current output (review them before committing)")

func sampleSheet() RecoverySheet {
	return RecoverySheet{
		ClinicName:    "Klinika Żółć — Fizjoterapia",
		ClinicAddress: "Οδός Ερμού 25\n105 63 Αθήνα, Ελλάδα",
		Key:           "7K3Q-9XTR-M4PW-2HCN-V8JD-R6FB-Q0YA-5TGE",
		Created:       clock,
		CreatedBy:     "Nguyễn Thị Minh",
		Paper:         "A4",
	}
}

func sheet(t *testing.T, in RecoverySheet) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := RecoveryKeySheet(&buf, in); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRecoveryKeySheetIsDeterministic(t *testing.T) {
	in := sampleSheet()
	a, b := sheet(t, in), sheet(t, in)
	if !bytes.Equal(a, b) {
		t.Fatal("two sheets from the same input and clock differ")
	}
	if !bytes.Contains(a, []byte("/CreationDate (D:20260314093000)")) ||
		!bytes.Contains(a, []byte("/ModDate (D:20260314093000)")) {
		t.Error("the PDF dates are not the time the key was created")
	}
	in.Created = in.Created.Add(time.Minute)
	if bytes.Equal(a, sheet(t, in)) {
		t.Error("a different creation time made the same bytes")
	}
	if n := pageCount(a); n != 1 {
		t.Errorf("%d pages, want 1", n)
	}
	// Four subset fonts, not four whole 450 KB files.
	if len(a) > 150_000 {
		t.Errorf("sheet is %d bytes: are the fonts still subset?", len(a))
	}
}

func TestRecoveryKeySheetText(t *testing.T) {
	in := sampleSheet()
	txt := pdfText(t, sheet(t, in))
	flatTxt := flat(txt)
	for _, want := range []string{
		"Klinika Żółć — Fizjoterapia",
		"Οδός Ερμού 25", "105 63 Αθήνα, Ελλάδα",
		"PelvicNotes recovery key",
		"This key opens the clinic’s PelvicNotes record file if every practitioner’s passphrase has been forgotten.",
		"Keep this sheet somewhere locked and separate from the laptop, for example in the clinic safe.",
		"Anyone who has both this key and the laptop, or a backup of the record file, can read every patient’s records.",
		"PelvicNotes showed this key once, when it was created, and cannot show it again.",
		"Created Saturday 14 March 2026 at 09:30",
		"Created by Nguyễn Thị Minh",
		"Stored where", "Checked by", "Date",
		"Page 1 of 1",
	} {
		if !strings.Contains(flatTxt, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	// Each character of the key sits in a slot of its own, so pdftotext
	// spaces them as it likes: look for the groups, in order, with the
	// white space taken out.
	bare := spaces.ReplaceAllString(txt, "")
	at := 0
	for _, g := range strings.Split(in.Key, "-") {
		i := strings.Index(bare[at:], g)
		if i < 0 {
			t.Fatalf("key group %q missing or out of order in %q", g, bare)
		}
		at += i + len(g)
	}
}

func TestRecoveryKeySheetRefuses(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(*RecoverySheet)
		want error  // or nil
		says string // what the message must say
	}{
		{"no key", func(s *RecoverySheet) { s.Key = "" }, ErrNoRecoveryKey, "key is missing"},
		{"blank key", func(s *RecoverySheet) { s.Key = "  \n" }, ErrNoRecoveryKey, "key is missing"},
		{"only dashes", func(s *RecoverySheet) { s.Key = "----" }, ErrNoRecoveryKey, "key is missing"},
		{"not letters and digits", func(s *RecoverySheet) { s.Key = "7K3Q-9XT€" }, ErrBadRecoveryKey, "letters and digits"},
		{"punctuation", func(s *RecoverySheet) { s.Key = "7K3Q_9XTR" }, ErrBadRecoveryKey, "letters and digits"},
		{"too long", func(s *RecoverySheet) { s.Key = strings.Repeat("ABCD-", 17) }, ErrBadRecoveryKey, "letters and digits"},
		{"no time", func(s *RecoverySheet) { s.Created = time.Time{} }, nil, "time the key was created is missing"},
		{"unknown paper", func(s *RecoverySheet) { s.Paper = "A5" }, nil, `paper size "A5" is not one PelvicNotes prints on`},
	} {
		in := sampleSheet()
		c.edit(&in)
		var buf bytes.Buffer
		err := RecoveryKeySheet(&buf, in)
		if err == nil || c.want != nil && !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s: err = %v, want %v saying %q", c.name, err, c.want, c.says)
		}
		if buf.Len() > 0 {
			t.Errorf("%s: %d bytes written despite the error", c.name, buf.Len())
		}
	}
}

func TestKeyGroups(t *testing.T) {
	for _, c := range []struct {
		key  string
		want []string
	}{
		{"7K3Q-9XTR-M4PW", []string{"7K3Q", "9XTR", "M4PW"}},
		{" 7K3Q 9XTR\tM4PW ", []string{"7K3Q", "9XTR", "M4PW"}},
		{"7K3Q--9XTR-", []string{"7K3Q", "9XTR"}},
		{"7k3q9xtrm4", []string{"7k3q", "9xtr", "m4"}}, // shown as given, never re-cased
		{"ABCDEF", []string{"ABCDEF"}},
		{"ABCDE-FGHIJ-K", []string{"ABCDE", "FGHIJ", "K"}},
	} {
		got, err := keyGroups(c.key)
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("keyGroups(%q) = %q, %v; want %q", c.key, got, err, c.want)
		}
	}
}

// TestRecoveryKeySheetFits: the longest key with a long letterhead still
// makes one page, on either paper, the key shrinking to fit.
func TestRecoveryKeySheetFits(t *testing.T) {
	for _, paper := range []string{"A4", "Letter"} {
		in := sampleSheet()
		in.Paper = paper
		in.ClinicName = "Centrum Fizjoterapii Uroginekologicznej i Rehabilitacji Dna Miednicy „Żółć i Wspólnicy” sp. z o.o."
		in.ClinicAddress = "ul. Świętokrzyska 118 lok. 4\nII piętro, wejście od podwórza\n00-950 Warszawa\nPolska"
		in.Key = strings.Repeat("ABCD-2345-WXYZ-0OQ8-", 4)
		b := sheet(t, in)
		if n := pageCount(b); n != 1 {
			t.Errorf("%s: %d pages, want 1", paper, n)
		}
		box := map[string]string{"A4": "/MediaBox [0 0 595.28 841.89]", "Letter": "/MediaBox [0 0 612.00 792.00]"}[paper]
		if !bytes.Contains(b, []byte(box)) {
			t.Errorf("%s: no %s", paper, box)
		}
	}
}

// TestRecoveryKeySheetBlanks: no clinic name and no practitioner leave lines
// to write on; text that gofpdf cannot take as it is (an emoji, decomposed
// accents) is made printable rather than failing.
func TestRecoveryKeySheetBlanks(t *testing.T) {
	in := sampleSheet()
	in.ClinicName, in.CreatedBy = "", "  "
	in.ClinicAddress = "Oak House 🌳\nLe\u0302 Thi\u0323 Hoa Street"
	in.Paper = ""
	txt := flat(pdfText(t, sheet(t, in)))
	for _, want := range []string{"Clinic", "Oak House \uFFFD", "Lê Thị Hoa Street", "Created by Stored where"} {
		if !strings.Contains(txt, want) {
			t.Errorf("text lacks %q: %s", want, txt)
		}
	}
}

// TestRecoveryKeySheetLooksAsReviewed compares page 1, rendered at 80 dpi,
// with testdata/recovery.png, which was looked at and approved (rendered by
// pdftoppm 22.12, poppler-utils of Debian 12). After a
// deliberate change to the layout, run with -update, look at the new image
// and commit it.
func TestRecoveryKeySheetLooksAsReviewed(t *testing.T) {
	got := pageImage(t, sheet(t, sampleSheet()))
	ref := filepath.Join("testdata", "recovery.png")
	if *update {
		var buf bytes.Buffer
		if err := png.Encode(&buf, got); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(ref, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s: look at it before committing", ref)
		return
	}
	f, err := os.Open(ref)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if err := sameImage(got, want); err != nil {
		out := filepath.Join(os.TempDir(), "pelvicnotes-recovery-got.png")
		if f, ferr := os.Create(out); ferr == nil {
			png.Encode(f, got)
			f.Close()
		}
		t.Errorf("page differs from %s: %v; this run's page is %s", ref, err, out)
	}
}
