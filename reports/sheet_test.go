package reports

import (
	"bytes"
	"encoding/base64"
	"flag"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pelvicnotes/pelvicnotes/store"
)

var samples = flag.String("samples", "", "write sample home sheets (en.pdf, es.pdf) to this folder to look at")

var sheetClinic = store.ClinicSettings{
	Clinic: store.Clinic{Name: "Riverside Pelvic Health", Phone: "020 7946 0321", Email: "hello@riverside.example",
		Website: "www.riverside.example", Address: "12 Mill Lane\nLondon SE1 7AB"},
	PaperSize: store.PaperA4,
}

var sheetPatient = store.Patient{
	ID: "0123456789abcdef", Name: "Amelia Fitzgerald-Hughes", Identifier: "999 123 4567",
	Referral: store.Referral{Reason: "Provoked vestibulodynia", Diagnoses: []store.Diagnosis{{Text: "Vaginismus"}}},
}

// sheetProgramme builds a programme from the library in lang: the first n
// exercises (round again if the library holds fewer), with the dilator
// exercise among them when there is one.
func sheetProgramme(t testing.TB, lang string, n int) store.Programme {
	t.Helper()
	lib := store.LibraryExercises(lang)
	if len(lib) == 0 {
		t.Fatal("the exercise library is empty")
	}
	prog := store.Programme{ID: "fedcba9876543210", PatientID: sheetPatient.ID, Version: 2, Issued: clock, Language: lang,
		FlareUpPlan: "Go back to the breathing twice a day.\nCall us if it has not settled in a week."}
	for i := range n {
		it := lib[i%len(lib)].Item()
		if i == 1 {
			it.Note = "Use the rolled towel under your knees, as we practised."
		}
		prog.Items = append(prog.Items, it)
	}
	for _, e := range lib {
		if e.ID == "dilator-practice" && n < len(lib) {
			prog.Items = append(prog.Items, e.Item())
		}
	}
	return prog
}

func homeSheetPDF(t testing.TB, cs store.ClinicSettings, p store.Patient, prog store.Programme) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := HomeSheet(&buf, cs, p, prog, nil, clock); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestHomeSheetHasTheExercisesDosesAndPlannerButNoSurnameOrDiagnosis(t *testing.T) {
	prog := sheetProgramme(t, store.LanguageEnglish, 6)
	prog.Items[0].Dose = store.Dose{Breaths: 10, TimesPerDay: 2}
	pdf := homeSheetPDF(t, sheetClinic, sheetPatient, prog)
	txt := flat(pdfText(t, pdf))
	for _, it := range prog.Items {
		if !strings.Contains(txt, flat(it.Title)) {
			t.Errorf("the sheet lacks the exercise %q", it.Title)
		}
		if d := DoseInWords("en", it.Dose); !strings.Contains(txt, d) {
			t.Errorf("the sheet lacks the dose %q", d)
		}
	}
	for _, want := range []string{"10 slow breaths, twice a day", "Your week", "Mon Tue Wed Thu Fri Sat Sun",
		"For Amelia", "14 March 2026", "Riverside Pelvic Health", "020 7946 0321",
		"Stop any exercise that causes or increases pain", "This sheet does not replace your appointments",
		"Call us if it has not settled in a week.", "Use the rolled towel under your knees", "Page 1 of "} {
		if !strings.Contains(txt, want) {
			t.Errorf("the sheet lacks %q", want)
		}
	}
	for _, never := range []string{"Fitzgerald", "Hughes", "vestibulodynia", "Vaginismus", "999 123 4567"} {
		if strings.Contains(strings.ToLower(txt), strings.ToLower(never)) {
			t.Errorf("the sheet shows %q: a patient sheet carries the first name only and no diagnosis", never)
		}
	}
	if strings.Contains(txt, "dilators safely") != hasTag(prog, store.TagDilator) {
		t.Errorf("dilator safety text shown = %v, dilator prescribed = %v", strings.Contains(txt, "dilators safely"), hasTag(prog, store.TagDilator))
	}
}

func hasTag(p store.Programme, tag string) bool {
	for _, it := range p.Items {
		for _, t := range it.Tags {
			if t == tag {
				return true
			}
		}
	}
	return false
}

func TestHomeSheetDilatorSafetyOnlyWithDilators(t *testing.T) {
	prog := sheetProgramme(t, store.LanguageEnglish, 1)
	prog.Items[0].Tags = []string{"relaxation"}
	prog.Items = prog.Items[:1]
	txt := flat(pdfText(t, homeSheetPDF(t, sheetClinic, sheetPatient, prog)))
	if strings.Contains(txt, "Never force") {
		t.Error("dilator safety text on a sheet without dilator practice")
	}
	prog.Items[0].Tags = append(prog.Items[0].Tags, store.TagDilator)
	txt = flat(pdfText(t, homeSheetPDF(t, sheetClinic, sheetPatient, prog)))
	for _, want := range []string{"water-based lubricant", "Never force", "spotting can be normal", "heavy bleeding or sharp pain", "air-dry"} {
		if !strings.Contains(txt, want) {
			t.Errorf("dilator safety text lacks %q", want)
		}
	}
}

func TestHomeSheetInSpanish(t *testing.T) {
	prog := sheetProgramme(t, store.LanguageSpanish, 4)
	prog.FlareUpPlan = ""
	prog.Items[0].Dose = store.Dose{Breaths: 10, TimesPerDay: 2}
	txt := flat(pdfText(t, homeSheetPDF(t, sheetClinic, sheetPatient, prog)))
	for _, want := range []string{"Su programa de ejercicios en casa", "Para Amelia", "14 de marzo de 2026",
		"10 respiraciones lentas, dos veces al día", "Su semana", "Lun Mar Mié Jue Vie Sáb Dom",
		"Esta hoja no sustituye a sus citas", "Página 1 de", "Si sus síntomas empeoran",
		flat(DefaultFlareUpPlan("es"))[:60]} {
		if !strings.Contains(txt, want) {
			t.Errorf("the Spanish sheet lacks %q", want)
		}
	}
	for _, it := range prog.Items {
		if !strings.Contains(txt, flat(it.Title)) {
			t.Errorf("the Spanish sheet lacks the exercise %q", it.Title)
		}
	}
	for _, english := range []string{"Your week", "Page 1", "twice a day", "How to do it"} {
		if strings.Contains(txt, english) {
			t.Errorf("the Spanish sheet has English %q", english)
		}
	}
}

func TestHomeSheetPrintsGreekAndCyrillicNames(t *testing.T) {
	for _, name := range []string{"Σοφία Παπαδοπούλου", "Анастасия Иванова", "Łucja Żółć"} {
		p := sheetPatient
		p.Name = name
		txt := pdfText(t, homeSheetPDF(t, sheetClinic, p, sheetProgramme(t, "en", 1)))
		first := strings.Fields(name)[0]
		if !strings.Contains(txt, "For "+first) {
			t.Errorf("the sheet does not show %q", first)
		}
		if strings.Contains(txt, strings.Fields(name)[1]) {
			t.Errorf("the sheet shows the surname of %q", name)
		}
	}
}

func TestHomeSheetIsDeterministicAndFollowsThePaper(t *testing.T) {
	prog := sheetProgramme(t, "en", 3)
	a, b := homeSheetPDF(t, sheetClinic, sheetPatient, prog), homeSheetPDF(t, sheetClinic, sheetPatient, prog)
	if !bytes.Equal(a, b) {
		t.Fatal("two sheets of the same programme differ")
	}
	if !bytes.HasPrefix(a, []byte("%PDF-1.")) || !bytes.HasSuffix(a, []byte("%%EOF\n")) {
		t.Fatalf("not a well-formed PDF: starts %q", a[:20])
	}
	if !bytes.Contains(a, []byte("/CreationDate (D:20260314093000)")) {
		t.Error("an issued programme's sheet is not dated by its issue")
	}
	if !bytes.Contains(a, []byte("/MediaBox [0 0 595.28 841.89]")) {
		t.Error("the sheet is not on A4")
	}
	cs := sheetClinic
	cs.PaperSize = store.PaperLetter
	if l := homeSheetPDF(t, cs, sheetPatient, prog); !bytes.Contains(l, []byte("/MediaBox [0 0 612.00 792.00]")) {
		t.Error("the sheet is not on US Letter when the clinic prints on it")
	}
	prog.Items[0].Dose.Breaths++
	if bytes.Equal(a, homeSheetPDF(t, sheetClinic, sheetPatient, prog)) {
		t.Error("a different dose made the same bytes")
	}
}

func TestHomeSheetPrintsAClinicPhoto(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 60, 40))
	for x := range 60 {
		for y := range 40 {
			img.Set(x, y, color.RGBA{0xc0, 0x30, 0x30, 0xff})
		}
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	id := store.PhotoID(buf.Bytes())
	prog := sheetProgramme(t, "en", 1)
	prog.Items = []store.ProgrammeItem{{ExerciseID: "0123456789abcdef", Title: "Wall sit with ball", Steps: []string{"Sit against the wall."},
		Photo: id, Dose: store.Dose{Repetitions: 5, TimesPerDay: 1}}}
	var out bytes.Buffer
	if err := HomeSheet(&out, sheetClinic, sheetPatient, prog, map[string][]byte{id: buf.Bytes()}, clock); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out.Bytes(), []byte("/Subtype /Image")) {
		t.Error("the clinic's photo is not in the sheet")
	}
	if !strings.Contains(pdfText(t, out.Bytes()), "Wall sit with ball") {
		t.Error("the clinic exercise's title is missing")
	}
}

// interlacedPNG is a 12×8 red picture saved interlaced (by ImageMagick), a
// kind gofpdf cannot embed as it is.
const interlacedPNG = "iVBORw0KGgoAAAANSUhEUgAAAAwAAAAICAIAAAE1gbkwAAAABGdBTUEAALGPC/xhBQAAACBjSFJNAAB6JgAAgIQAAPoAAACA6AAAdTAAAOpgAAA6mAAAF3CculE8AAAABmJLR0QA/wD/AP+gvaeTAAAAB3RJTUUH6gsVDRUNKsANAgAAADBJREFUGNNjPGBgwMDAwHDAwIARymRgQLCYGGAAIQYHTAwYgDhVxAlhMYsofbRUBAD2rQf3LuyPmQAAACV0RVh0ZGF0ZTpjcmVhdGUAMjAyNi0xMS0yMVQxMzoyMToxMyswMDowMNyVw34AAAAldEVYdGRhdGU6bW9kaWZ5ADIwMjYtMTEtMjFUMTM6MjE6MTMrMDA6MDCtyHvCAAAAAElFTkSuQmCC"

// A clinic's picture saved as 16-bit (ImageMagick's default for a drawing)
// or interlaced once stopped the whole sheet printing.
func TestHomeSheetPrintsSixteenBitAndInterlacedPhotos(t *testing.T) {
	gray := image.NewGray16(image.Rect(0, 0, 40, 30))
	for x := range 40 {
		gray.SetGray16(x, 15, color.Gray16{Y: 0x1234})
	}
	deep := image.NewRGBA64(image.Rect(0, 0, 40, 30))
	for x := range 40 {
		deep.SetRGBA64(x, 10, color.RGBA64{R: 0xffff, A: 0x8000})
	}
	interlaced, err := base64.StdEncoding.DecodeString(interlacedPNG)
	if err != nil {
		t.Fatal(err)
	}
	pics := map[string][]byte{"interlaced": interlaced}
	for name, img := range map[string]image.Image{"16-bit grey": gray, "16-bit colour with alpha": deep} {
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			t.Fatal(err)
		}
		pics[name] = buf.Bytes()
	}
	for name, b := range pics {
		id := store.PhotoID(b)
		prog := sheetProgramme(t, "en", 1)
		prog.Items = []store.ProgrammeItem{{ExerciseID: "0123456789abcdef", Title: "Wall sit with ball", Steps: []string{"Sit against the wall."},
			Photo: id, Dose: store.Dose{Repetitions: 5, TimesPerDay: 1}}}
		var out bytes.Buffer
		if err := HomeSheet(&out, sheetClinic, sheetPatient, prog, map[string][]byte{id: b}, clock); err != nil {
			t.Errorf("%s picture: %v", name, err)
			continue
		}
		if !bytes.Contains(out.Bytes(), []byte("/Subtype /Image")) {
			t.Errorf("%s picture: not in the sheet", name)
		}
	}
}

func TestDoseInWords(t *testing.T) {
	for _, c := range []struct {
		lang string
		d    store.Dose
		want string
	}{
		{"en", store.Dose{Breaths: 10, TimesPerDay: 2}, "10 slow breaths, twice a day"},
		{"en", store.Dose{Breaths: 1, TimesPerDay: 1}, "1 slow breath, once a day"},
		{"en", store.Dose{Repetitions: 8, HoldSeconds: 5, Sets: 3, TimesPerDay: 1}, "3 sets of 8 repetitions, hold each for 5 seconds, once a day"},
		{"en", store.Dose{HoldSeconds: 30, TimesPerDay: 3, TimesPerWeek: 5}, "Hold for 30 seconds, 3 times a day, on 5 days a week"},
		{"en", store.Dose{Minutes: 10, TimesPerWeek: 4}, "10 minutes, 4 times a week"},
		{"en", store.Dose{Minutes: 1, TimesPerDay: 2, TimesPerWeek: 7}, "1 minute, twice a day"},
		{"es", store.Dose{Breaths: 10, TimesPerDay: 2}, "10 respiraciones lentas, dos veces al día"},
		{"es", store.Dose{Repetitions: 3, HoldSeconds: 30, TimesPerDay: 1}, "3 repeticiones, mantenga cada una 30 segundos, una vez al día"},
		{"es", store.Dose{Minutes: 10, TimesPerWeek: 1}, "10 minutos, una vez a la semana"},
		{"xx", store.Dose{Breaths: 2, TimesPerDay: 5}, "2 slow breaths, 5 times a day"},
	} {
		if got := DoseInWords(c.lang, c.d); got != c.want {
			t.Errorf("%s %+v: %q, want %q", c.lang, c.d, got, c.want)
		}
	}
}

func TestEveryLanguageHasTheWholeSheetWording(t *testing.T) {
	for _, lang := range store.SheetLanguages() {
		if _, err := wordsFor(lang); err != nil {
			t.Error(err)
		}
		if DefaultFlareUpPlan(lang) == "" {
			t.Errorf("%s: no default flare-up plan", lang)
		}
	}
	if len(store.SheetLanguages()) < 2 {
		t.Errorf("sheet languages %v, want English and Spanish at least", store.SheetLanguages())
	}
}

// TestWriteSampleSheets writes sheets to look at: go test ./reports -run
// Sample -samples /tmp/x, then pdftoppm -r 70 -png each.
func TestWriteSampleSheets(t *testing.T) {
	if *samples == "" {
		t.Skip("no -samples folder")
	}
	n := len(store.LibraryExercises("en"))
	p := sheetPatient
	for _, lang := range store.SheetLanguages() {
		prog := sheetProgramme(t, lang, n)
		if lang != "en" {
			p.Name = "María José García Pérez"
			prog.FirstName = "María José"
			prog.FlareUpPlan = ""
		}
		if err := os.WriteFile(filepath.Join(*samples, lang+".pdf"), homeSheetPDF(t, sheetClinic, p, prog), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func BenchmarkHomeSheet8(b *testing.B) {
	prog := sheetProgramme(b, "en", 8)
	prog.Items = prog.Items[:8]
	for _, it := range prog.Items {
		if illustration(it.Illustration) == nil {
			b.Fatalf("%s has no illustration", it.ExerciseID)
		}
	}
	b.ResetTimer()
	for range b.N {
		var buf bytes.Buffer
		if err := HomeSheet(&buf, sheetClinic, sheetPatient, prog, nil, clock); err != nil {
			b.Fatal(err)
		}
	}
}

// An exercise that does not fit in the rest of a page starts there only
// with its title, picture, dose and first two steps together, and only if
// a step goes over the page: the page says so at its foot, and the next
// page begins with the title again, "(continued)", then the next step.
func TestHomeSheetCarriesALongExerciseOverThePage(t *testing.T) {
	for _, lang := range store.SheetLanguages() {
		words, err := wordsFor(lang)
		if err != nil {
			t.Fatal(err)
		}
		prog := sheetProgramme(t, lang, len(store.LibraryExercises(lang)))
		// First, an exercise too long for the rest of the first page.
		long := prog.Items[0]
		long.Steps = nil
		for range 16 {
			long.Steps = append(long.Steps, "Breathe in slowly through your nose and let your belly, sides and back widen; then breathe out through your mouth.")
		}
		prog.Items = append([]store.ProgrammeItem{long}, prog.Items...)
		pages := strings.Split(pdfText(t, homeSheetPDF(t, sheetClinic, sheetPatient, prog)), "\f")
		suffix := strings.TrimPrefix(fill(words.Continued, "title", ""), " ")
		splits := 0
		for n, page := range pages {
			lines := strings.Split(strings.TrimSpace(page), "\n")
			if !strings.HasSuffix(lines[0], suffix) {
				continue
			}
			splits++
			title := strings.TrimSpace(strings.TrimSuffix(lines[0], suffix))
			if len(lines) < 2 || !regexp.MustCompile(`^\d+\. `).MatchString(lines[1]) {
				t.Errorf("%s page %d: %q goes on with %q, not a step", lang, n+1, lines[0], lines[1])
			}
			before := pages[n-1]
			at := strings.LastIndex(before, title)
			if at < 0 || !strings.Contains(before, words.OverPage) {
				t.Errorf("%s page %d: the page before lacks %q or the word that it goes on", lang, n+1, title)
				continue
			}
			head := before[at:]
			for _, want := range []string{words.Dose, words.Steps, "1. ", "2. "} {
				if !strings.Contains(head, want) {
					t.Errorf("%s page %d: %q starts without %q", lang, n, title, want)
				}
			}
		}
		if splits == 0 {
			t.Errorf("%s: the whole library went on %d pages with no exercise over a page; the test shows nothing", lang, len(pages))
		}
	}
}
