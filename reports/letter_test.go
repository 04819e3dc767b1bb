package reports

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pelvicnotes/pelvicnotes/store"
)

var letterClock = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

func letterSettings() store.ClinicSettings {
	cs := store.DefaultClinicSettings()
	cs.Clinic = store.Clinic{Name: "Harbour Pelvic Health", Address: "2 Harbour View\nBristol BS1 4QQ",
		Phone: "0117 496 0001", Email: "reception@example.com", Website: "www.example.com"}
	return cs
}

func letterReferrer() store.Referrer {
	return store.Referrer{ID: "r1", Name: "Dr Ngozi Adeyemi", Role: "Consultant gynaecologist", Practice: "St Anne’s Hospital",
		Address: "Women’s Health Unit\n14 Lime Street\nBristol BS2 8HW"}
}

// demoLetterHistory is a demo patient with a course of treatment: repeated
// measures, trigger points and dilator work.
func demoLetterHistory(t testing.TB) store.History {
	t.Helper()
	cs := letterSettings()
	for _, h := range store.DemoHistories(40, 7, letterClock, cs) {
		nrs, tps, dil := 0, false, false
		for _, m := range h.Measures {
			if m.Instrument == store.InstrumentNRS {
				nrs++
			}
		}
		for _, s := range h.Sessions {
			tps = tps || len(s.Examination.TriggerPoints) > 0
			dil = dil || s.Dilator != nil
		}
		if nrs >= 2 && tps && dil && len(h.Sessions) >= 5 {
			return h
		}
	}
	t.Fatal("no demo patient with measures, trigger points and dilator work")
	return store.History{}
}

func recordsOf(h store.History, kind string) LetterRecords {
	return LetterRecords{
		Kind: kind, Date: letterClock, Settings: letterSettings(),
		Signer:  store.Practitioner{Name: "Alex Morgan", Profession: "Physiotherapist", RegistrationNumber: "PH000000"},
		Patient: h.Patient, To: letterReferrer(),
		CC:       []store.Referrer{{ID: "r2", Name: "Dr Sam Ellis", Role: "GP", Practice: "Harbour Surgery", Address: "1 Quay Street\nBristol BS1 1AA"}},
		Sessions: h.Sessions, Measures: h.Measures,
	}
}

func letterBytes(t testing.TB, l ComposedLetter) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := LetterPDF(&buf, l); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestProgressLetterContent(t *testing.T) {
	h := demoLetterHistory(t)
	rec := recordsOf(h, store.LetterProgress)
	l := ComposeLetter(rec)
	pdf := letterBytes(t, l)
	txt := flat(pdfText(t, pdf))

	want := []string{"PRIVATE AND CONFIDENTIAL", "Progress report", "Dr Ngozi Adeyemi", "14 Lime Street", "Bristol BS2 8HW",
		h.Patient.Name, h.Patient.DateOfBirth.Display(), "Alex Morgan", "Registration number PH000000", "Dr Sam Ellis",
		"Harbour Pelvic Health", "0117 496 0001", "20 November 2026"}
	// Findings: the latest examination's PERFECT profile, trigger-point muscles.
	var last *store.Session
	for i := range h.Sessions {
		if s := &h.Sessions[i]; s.Status == store.StatusSigned && len(s.Examination.TriggerPoints) > 0 {
			last = s
		}
	}
	if last == nil {
		t.Fatal("no signed examination with trigger points")
	}
	for _, tp := range last.Examination.TriggerPoints {
		if tp.Muscle != "" {
			want = append(want, tp.Muscle)
		}
	}
	// Outcome table: first and latest score of each repeated instrument,
	// computed here from the record.
	type sc struct {
		taken store.Date
		total float64
	}
	by := map[string][]sc{}
	for _, m := range h.Measures {
		r, err := store.Score(m)
		if err == nil && r.Scored {
			by[m.Instrument] = append(by[m.Instrument], sc{m.Taken, r.Total})
		}
	}
	rows := 0
	for _, in := range store.Instruments() {
		list := by[in.ID]
		if len(list) < 2 {
			continue
		}
		first, latest := list[0], list[0]
		for _, s := range list {
			if s.taken.Before(first.taken) {
				first = s
			}
			if !s.taken.Before(latest.taken) {
				latest = s
			}
		}
		// Scores print to two decimal places at most.
		f := strconv.FormatFloat(math.Round(first.total*100)/100, 'f', -1, 64)
		g := strconv.FormatFloat(math.Round(latest.total*100)/100, 'f', -1, 64)
		want = append(want, in.Name, f+" ("+first.taken.Display()+")", g+" ("+latest.taken.Display()+")")
		if in.ID == store.InstrumentNRS {
			important, words := store.ClinicallyImportantChange(first.total, latest.total)
			meaning := words[:strings.Index(words, ":")]
			if important != strings.HasPrefix(meaning, "clinically important") {
				t.Fatalf("meaning %q disagrees with the store", meaning)
			}
			want = append(want, meaning)
		}
		rows++
	}
	if rows == 0 || len(l.Outcomes) != rows {
		t.Fatalf("%d outcome rows, want %d (>0)", len(l.Outcomes), rows)
	}
	// The plan.
	want = append(want, "Plan and recommendations", "Recommendation to the gynaecologist")
	for _, w := range want {
		if !strings.Contains(txt, flat(w)) {
			t.Errorf("the letter does not say %q", w)
		}
	}
	if n := pageCount(pdf); n > 4 {
		t.Errorf("%d pages", n)
	}
	if testing.Verbose() {
		os.WriteFile(filepath.Join(os.TempDir(), "letter-progress.pdf"), pdf, 0o600)
	}
}

func TestLetterEditsAndKinds(t *testing.T) {
	h := demoLetterHistory(t)
	for _, kind := range store.LetterKinds {
		l := ComposeLetter(recordsOf(h, kind))
		l.Section(SectionPlan).Text = "Ελένη will see Д-р Ольга Смирнова; Ωmega plan edited."
		txt := flat(pdfText(t, letterBytes(t, l)))
		if !strings.Contains(txt, "Ελένη will see Д-р Ольга Смирнова; Ωmega plan edited.") {
			t.Errorf("%s: the edited plan is not printed", kind)
		}
		if !strings.Contains(txt, KindTitle(kind)) {
			t.Errorf("%s: no title", kind)
		}
		if kind == store.LetterInitial && len(l.Outcomes) != 0 {
			t.Errorf("an initial letter has an outcome table")
		}
		if testing.Verbose() {
			os.WriteFile(filepath.Join(os.TempDir(), "letter-"+kind+".pdf"), letterBytes(t, ComposeLetter(recordsOf(h, kind))), 0o600)
		}
	}
}

func TestLetterIsDeterministic(t *testing.T) {
	rec := recordsOf(demoLetterHistory(t), store.LetterProgress)
	a, b := letterBytes(t, ComposeLetter(rec)), letterBytes(t, ComposeLetter(rec))
	if !bytes.Equal(a, b) {
		t.Fatal("the same records and clock gave different letters")
	}
	rec.Date = rec.Date.Add(time.Minute)
	if bytes.Equal(a, letterBytes(t, ComposeLetter(rec))) {
		t.Error("a later clock gave the same bytes")
	}
}

// longHistory is a patient seen 300 times with every measure repeated.
func longHistory(t testing.TB) store.History {
	h := demoLetterHistory(t)
	base := h.Sessions[len(h.Sessions)-1]
	start := letterClock.AddDate(-3, 0, 0)
	var sessions []store.Session
	for i := 0; i < 300; i++ {
		s := h.Sessions[i%len(h.Sessions)]
		if i == 299 {
			s = base
		}
		s.ID = "s" + strconv.Itoa(i)
		s.AmendsID = ""
		s.TreatedAt = start.Add(time.Duration(i) * 84 * time.Hour)
		sessions = append(sessions, s)
	}
	h.Sessions = sessions
	var ms []store.MeasureResponse
	for i := 0; i < 40; i++ {
		for _, m := range h.Measures {
			m.Taken = store.DateOf(start.AddDate(0, 0, i*25))
			ms = append(ms, m)
		}
	}
	h.Measures = ms
	return h
}

func TestLongHistoryLetterStaysShort(t *testing.T) {
	h := longHistory(t)
	for _, kind := range store.LetterKinds {
		pdf := letterBytes(t, ComposeLetter(recordsOf(h, kind)))
		if n := pageCount(pdf); n > 4 {
			t.Errorf("%s letter for 300 sessions runs to %d pages", kind, n)
		}
	}
}

func TestLetterOnLetterPaperWithLogo(t *testing.T) {
	rec := recordsOf(demoLetterHistory(t), store.LetterDischarge)
	rec.Settings.PaperSize = store.PaperLetter
	rec.Settings.Clinic.Logo = testLogo(t)
	pdf := letterBytes(t, ComposeLetter(rec))
	if !bytes.Contains(pdf, []byte("/MediaBox [0 0 612.00 792.00]")) {
		t.Error("not on US Letter paper")
	}
	if !bytes.Contains(pdf, []byte("/Subtype /Image")) {
		t.Error("the logo is not in the letter")
	}
	rec.Settings.Clinic.Logo = []byte("not a picture")
	if err := LetterPDF(new(bytes.Buffer), ComposeLetter(rec)); err == nil {
		t.Error("a broken logo was accepted")
	}
	if testing.Verbose() {
		rec.Settings.Clinic.Logo = testLogo(t)
		os.WriteFile(filepath.Join(os.TempDir(), "letter-usletter.pdf"), letterBytes(t, ComposeLetter(rec)), 0o600)
	}
}

func BenchmarkProgressLetter(b *testing.B) {
	rec := recordsOf(demoLetterHistory(b), store.LetterProgress)
	l := ComposeLetter(rec)
	if !l.HasClockMap() || len(l.Trend) == 0 {
		b.Fatal("the letter has not both figures")
	}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := LetterPDF(&buf, ComposeLetter(rec)); err != nil {
			b.Fatal(err)
		}
	}
}

// testLogo is a small two-colour PNG.
func testLogo(t testing.TB) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 120, 60))
	for y := 0; y < 60; y++ {
		for x := 0; x < 120; x++ {
			c := color.NRGBA{0x1d, 0x6f, 0x6b, 0xff}
			if (x/20+y/20)%2 == 0 {
				c = color.NRGBA{0xf3, 0xd9, 0xd9, 0xff}
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The trend chart's pain line is the pain NRS measure: its points are the
// scores of the record, so its latest value is the outcome table's.
func TestLetterTrendPainIsTheNRSMeasure(t *testing.T) {
	h := demoLetterHistory(t)
	l := ComposeLetter(recordsOf(h, store.LetterProgress))
	if len(l.Trend) == 0 || l.Trend[0].Name != "Pain NRS (0–10)" {
		t.Fatalf("trend %+v: want the pain NRS first", l.Trend)
	}
	var want []float64
	for _, m := range h.Measures {
		if m.Instrument == store.InstrumentNRS {
			r, err := store.Score(m)
			if err == nil && r.Scored {
				want = append(want, r.Total)
			}
		}
	}
	pts := l.Trend[0].Points
	if len(pts) != len(want) {
		t.Fatalf("%d pain points, %d pain NRS scores in the record", len(pts), len(want))
	}
	var row *OutcomeRow
	for i := range l.Outcomes {
		if l.Outcomes[i].Instrument == "Pain NRS" {
			row = &l.Outcomes[i]
		}
	}
	if row == nil || pts[0].Value != row.FirstScore || pts[len(pts)-1].Value != row.LatestScore {
		t.Errorf("chart from %v to %v, table row %+v", pts[0].Value, pts[len(pts)-1].Value, row)
	}

	// Without NRS scores the chart falls back to the notes' pain with penetration.
	var none []store.MeasureResponse
	for _, m := range h.Measures {
		if m.Instrument != store.InstrumentNRS {
			none = append(none, m)
		}
	}
	rec := recordsOf(h, store.LetterProgress)
	rec.Measures = none
	if l := ComposeLetter(rec); len(l.Trend) == 0 || l.Trend[0].Name != "Pain with penetration (0–10)" {
		t.Errorf("without pain NRS scores: trend %+v", l.Trend)
	}
}

// A progress letter written after the discharge session does not promise
// more treatment.
func TestProgressLetterAfterDischargeSession(t *testing.T) {
	h := demoLetterHistory(t)
	rec := recordsOf(h, store.LetterProgress)
	last := 0
	for i, s := range rec.Sessions {
		if s.TreatedAt.After(rec.Sessions[last].TreatedAt) {
			last = i
		}
	}
	rec.Sessions = slices.Clone(rec.Sessions)
	rec.Sessions[last].Kind = store.SessionFollowUp
	l := ComposeLetter(rec)
	plan := l.Section(SectionPlan).Text
	if !strings.Contains(plan, "continues with treatment") {
		t.Errorf("during treatment the plan says %q", plan)
	}
	rec.Sessions[last].Kind = store.SessionDischarge
	l = ComposeLetter(rec)
	plan = l.Section(SectionPlan).Text
	if strings.Contains(plan, "continues with treatment") || strings.Contains(plan, "write again at discharge") ||
		!strings.Contains(plan, "Treatment ended at the discharge session on "+rec.Sessions[last].TreatedAt.Format("2 January 2006")) {
		t.Errorf("after the discharge session the plan says %q", plan)
	}
}

// Bands that are phrases of their own read properly after "was" and "now".
func TestOutcomeMeaningWords(t *testing.T) {
	for _, c := range []struct {
		id   string
		a, b store.Result
		want string
	}{
		{store.InstrumentFSFI, store.Result{Total: 14.2, HigherIsBetter: true, Band: "suggests sexual dysfunction"}, store.Result{Total: 28.8, HigherIsBetter: true, Band: "above the dysfunction cut-off"},
			"better (was in the range suggesting sexual dysfunction, now above the dysfunction cut-off)"},
		{store.InstrumentPCS, store.Result{Total: 28, Band: "not clinically relevant"}, store.Result{Total: 10, Band: "not clinically relevant"},
			"better (catastrophising below the clinically relevant level)"},
		{store.InstrumentPCS, store.Result{Total: 36, Band: "clinically relevant"}, store.Result{Total: 20, Band: "not clinically relevant"},
			"better (was clinically relevant catastrophising, now catastrophising below the clinically relevant level)"},
		{store.InstrumentPHQ9, store.Result{Total: 15, Band: "moderately severe"}, store.Result{Total: 7, Band: "mild"},
			"better (was moderately severe, now mild)"},
	} {
		if got := outcomeMeaning(c.id, c.a, c.b); got != c.want {
			t.Errorf("%s: %q, want %q", c.id, got, c.want)
		}
	}
}

// A long role and practice go on two lines of the window, not cut short.
func TestRecipientRoleAndPracticeNotCut(t *testing.T) {
	rec := recordsOf(demoLetterHistory(t), store.LetterProgress)
	rec.To.Practice = "St Anne’s Hospital (demonstration)"
	txt := pdfText(t, letterBytes(t, ComposeLetter(rec)))
	if strings.Contains(txt, "…") || !strings.Contains(txt, "St Anne’s Hospital (demonstration)") {
		t.Errorf("the recipient's practice is cut short:\n%s", txt[:min(len(txt), 600)])
	}
}

// The clock map shows the latest internal examination, also when it found
// no trigger points after earlier ones.
func TestClockMapIsTheLatestExamination(t *testing.T) {
	h := demoLetterHistory(t)
	rec := recordsOf(h, store.LetterDischarge)
	rec.Sessions = slices.Clone(rec.Sessions)
	last := 0
	for i, s := range rec.Sessions {
		if s.TreatedAt.After(rec.Sessions[last].TreatedAt) {
			last = i
		}
	}
	oxford := 4
	e := store.Examination{Tone: store.ToneNormal, OxfordLeft: &oxford, OxfordRight: &oxford, Text: "No trigger points found."}
	rec.Sessions[last].Examination = e
	l := ComposeLetter(rec)
	if len(l.Triggers) != 0 || !l.HasClockMap() || !l.TriggersDate.Equal(rec.Sessions[last].TreatedAt) {
		t.Fatalf("latest examination found none: triggers %v on %v", l.Triggers, l.TriggersDate)
	}
	txt := flat(pdfText(t, letterBytes(t, l)))
	if want := "No trigger points found on " + rec.Sessions[last].TreatedAt.Format("2 Jan 2006"); !strings.Contains(txt, want) {
		t.Errorf("the letter does not say %q", want)
	}
	// An external-only last session leaves the map at the last internal one.
	rec.Sessions[last].Examination = store.Examination{Text: "External assessment only today."}
	if l := ComposeLetter(rec); l.TriggersDate.Equal(rec.Sessions[last].TreatedAt) {
		t.Error("an external-only examination replaced the clock map")
	}
}

// The dilator sentence names each size once, without doubled brackets, and
// counts the sessions with a dilator.
func TestDilatorWords(t *testing.T) {
	cs := store.DefaultClinicSettings()
	cs.Dilators = []store.DilatorSize{{Label: "Example 1 (13 mm)", DiameterMM: 13}, {Label: "Example 2 (18 mm)", DiameterMM: 18}, {Label: "Blue", DiameterMM: 22}}
	day := func(d int, label string, pain int) store.Session {
		return store.Session{TreatedAt: time.Date(2025, 3, d, 10, 0, 0, 0, time.UTC), Dilator: &store.DilatorUse{SizeLabel: label, Pain: pain}}
	}
	got := dilatorWords([]store.Session{day(3, "Example 1 (13 mm)", 6), {TreatedAt: time.Date(2025, 3, 10, 10, 0, 0, 0, time.UTC)}, day(17, "Blue", 2)}, cs)
	want := "Dilator work started on 3 March 2025 with Example 1 (13 mm, size 1 of 3) at pain 6/10. Most recently, on 17 March 2025: Blue (size 3 of 3, 22 mm across) at pain 2/10. Dilators were used in 2 sessions."
	if !strings.HasPrefix(got, want) {
		t.Errorf("dilator words:\n%s\nwant\n%s", got, want)
	}
}

// Wherever the page breaks fall, the outcome heading and introduction stay
// on the page of the table's header row and first row, the table's note
// with its last row, and the signature is not left alone on a page.
func TestLetterPageBreaks(t *testing.T) {
	h := demoLetterHistory(t)
	for extra := 0; extra < 40; extra++ {
		l := ComposeLetter(recordsOf(h, store.LetterProgress))
		for i := 0; i < extra; i++ {
			l.Section(SectionPresentation).Text += "\n\nOne more line."
		}
		pages := strings.Split(pdfText(t, letterBytes(t, l)), "\f")
		for i, p := range pages {
			if !strings.Contains("\n"+p, "\nOutcome measures\n") {
				continue
			}
			if !strings.Contains(p, "What it means") || !strings.Contains(p, l.Outcomes[0].Instrument) {
				t.Errorf("%d extra lines: the outcome heading is on page %d without the table", extra, i+1)
			}
		}
		// The closing words and signature never stand alone on a page:
		// the figures follow them instead.
		for i, p := range pages {
			if !strings.Contains(p, "Yours sincerely") {
				continue
			}
			alone := true
			for _, other := range []string{"Figures", "Goals", "Plan and recommendations", "Outcome measures", "Treatment"} {
				if strings.Contains("\n"+p, "\n"+other+"\n") {
					alone = false
				}
			}
			if alone {
				t.Errorf("%d extra lines: the signature is alone on page %d", extra, i+1)
			}
		}
		// The note under the table is on the page of the table's last row.
		last := l.Outcomes[len(l.Outcomes)-1].Latest
		for i, p := range pages {
			if strings.Contains(flat(p), "Pain NRS: a change of 2 points") && !strings.Contains(p, last) {
				t.Errorf("%d extra lines: the table's note is on page %d without its last row", extra, i+1)
			}
		}
	}
}

// A discharge summary's recommendation is for if the pain returns, not a
// request to investigate now.
func TestDischargeRecommendation(t *testing.T) {
	rec := recordsOf(demoLetterHistory(t), store.LetterDischarge)
	l := ComposeLetter(rec)
	if plan := l.Section(SectionPlan).Text; !strings.Contains(plan, "Recommendation to the gynaecologist: should the pain return") {
		t.Errorf("discharge plan to a gynaecologist: %q", plan)
	}
	rec.Kind = store.LetterProgress
	l = ComposeLetter(rec)
	if plan := l.Section(SectionPlan).Text; !strings.Contains(plan, "Recommendation to the gynaecologist: please review") {
		t.Errorf("progress plan to a gynaecologist: %q", plan)
	}
}

// The Marinoff grade's words continue the sentence in lower case.
func TestMarinoffWordsContinueTheSentence(t *testing.T) {
	cs := store.DefaultClinicSettings()
	cs.MarinoffGrades = []string{"No pain", "Discomfort that does not prevent intercourse", "Pain that sometimes or frequently prevents intercourse.", "Pain that always prevents intercourse"}
	if got, want := marinoffWords(2, cs), "Marinoff grade 2 (pain that sometimes or frequently prevents intercourse)"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
}

// The return line and the recipient's address sit inside the DL window
// (20 mm from the left, 45 mm from the top, 90 × 45 mm), clear of its top
// edge, whatever the address's length.
func TestAddressInsideTheWindow(t *testing.T) {
	rec := recordsOf(demoLetterHistory(t), store.LetterProgress)
	rec.To.Practice = "St Anne’s Hospital (demonstration)"
	rec.To.Address = "Women’s Health Unit\nLevel 3, Gate 12\n14 Lime Street\nBristol BS2 8HW"
	path := writeTemp(t, letterBytes(t, ComposeLetter(rec)))
	out, err := tool(t, "pdftotext", "-bbox", "-f", "1", "-l", "1", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	word := regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)
	mm := func(s string) float64 { f, _ := strconv.ParseFloat(s, 64); return f * 25.4 / 72 }
	top, bottom, found := 1000.0, 0.0, map[string]bool{}
	for _, m := range word.FindAllStringSubmatch(string(out), -1) {
		x0, y0, x1, y1 := mm(m[1]), mm(m[2]), mm(m[3]), mm(m[4])
		if x0 >= 110 || y0 < 35 || y0 > 95 {
			continue // the letterhead, the date beside the window, the body
		}
		found[m[5]] = true
		if x0 < 19.9 || x1 > 110 {
			t.Errorf("%q runs outside the window sideways (%.1f–%.1f mm)", m[5], x0, x1)
		}
		top, bottom = min(top, y0), max(bottom, y1)
	}
	if top < 47 || bottom > 90 {
		t.Errorf("the address block runs from %.1f to %.1f mm; the window is 45–90 mm and the block should clear its top edge", top, bottom)
	}
	for _, w := range []string{"PRIVATE", "Adeyemi", "(demonstration)", "BS2"} {
		if !found[w] {
			t.Errorf("%q is not in the window", w)
		}
	}
}

// A 16-bit PNG logo (as graphics programs often save) prints; a picture
// whose data is cut short is refused with a message, not a PDF error.
func TestLetterLogoOfAnyPNGDepth(t *testing.T) {
	img := image.NewNRGBA64(image.Rect(0, 0, 90, 40))
	for y := 0; y < 40; y++ {
		for x := 0; x < 90; x++ {
			img.Set(x, y, color.NRGBA64{0x1d00, 0x6f00, uint16(x * 700), 0xffff})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	rec := recordsOf(demoLetterHistory(t), store.LetterProgress)
	rec.Settings.Clinic.Logo = buf.Bytes()
	var out bytes.Buffer
	if err := LetterPDF(&out, ComposeLetter(rec)); err != nil {
		t.Fatalf("a 16-bit PNG logo: %v", err)
	}
	if !bytes.Contains(out.Bytes(), []byte("/Subtype /Image")) {
		t.Error("the logo is not in the letter")
	}
	// The same letter gives the same bytes.
	if again := letterBytes(t, ComposeLetter(rec)); !bytes.Equal(again, out.Bytes()) {
		t.Error("a letter with a redrawn logo is not the same twice")
	}
	rec.Settings.Clinic.Logo = buf.Bytes()[:buf.Len()/2]
	err := LetterPDF(new(bytes.Buffer), ComposeLetter(rec))
	if err == nil || !strings.Contains(err.Error(), "clinic settings") {
		t.Errorf("a logo cut short: %v", err)
	}
}

// A letter about a man does not ask the GP for a gynaecological review, and
// the presentation reads as a sentence when no pain location is recorded.
func TestLetterForAMan(t *testing.T) {
	h := demoLetterHistory(t)
	rec := recordsOf(h, store.LetterProgress)
	rec.To = store.Referrer{ID: "gp", Name: "Dr Priya Raman", Role: "GP", Practice: "Cotham Medical Centre", Address: "40 Cotham Hill\nBristol BS6 6LA"}
	rec.Patient.Sex = store.SexMale
	rec.Sessions = slices.Clone(rec.Sessions)
	first := 0
	for i, s := range rec.Sessions {
		if s.TreatedAt.Before(rec.Sessions[first].TreatedAt) {
			first = i
		}
	}
	rec.Sessions[first].Subjective.Location = ""
	rec.Sessions[first].Subjective.Provoked = store.ProvokedBoth
	for i := range rec.Sessions { // his internal examinations are rectal
		sc := slices.Clone(rec.Sessions[i].Consent.Scope)
		for j := range sc {
			if sc[j] == store.ScopeVaginal {
				sc[j] = store.ScopeRectal
			}
		}
		rec.Sessions[i].Consent.Scope = sc
	}
	for _, kind := range []string{store.LetterProgress, store.LetterDischarge} {
		rec.Kind = kind
		l := ComposeLetter(rec)
		plan := l.Section(SectionPlan).Text
		if strings.Contains(plan, "gynaecolog") || !strings.Contains(plan, "urological review") {
			t.Errorf("%s letter about a man asks the GP: %q", kind, plan)
		}
		if p := l.Section(SectionPresentation).Text; !strings.HasPrefix(p, "Pain is both provoked and present at rest") {
			t.Errorf("%s presentation: %q", kind, p)
		}
		// His clock map is the rectal face: no anus at 6, no lithotomy.
		text := pdfText(t, letterBytes(t, l))
		if !l.TriggersRectal || !strings.Contains(text, "Posterior") || strings.Contains(text, "Anus") ||
			(len(l.Triggers) > 0 && !strings.Contains(l.ClockCaption(), "rectal examination")) {
			t.Errorf("%s letter about a man: rectal face %v, caption %q", kind, l.TriggersRectal, l.ClockCaption())
		}
	}
	rec.Patient.Sex = store.SexFemale
	rec.Kind = store.LetterProgress
	rec.Sessions = h.Sessions // examined vaginally
	l := ComposeLetter(rec)
	if plan := l.Section(SectionPlan).Text; !strings.Contains(plan, "gynaecological review") {
		t.Errorf("letter about a woman asks the GP: %q", plan)
	}
	if text := pdfText(t, letterBytes(t, l)); l.TriggersRectal || !strings.Contains(text, "Anus") || strings.Contains(text, "Posterior") {
		t.Errorf("letter about a woman examined vaginally: rectal face %v", l.TriggersRectal)
	}
}

// The plan speaks of a home programme only when one was issued, starts from
// the tone found, and thanks only the person who referred.
func TestLetterSaysOnlyWhatTheRecordHolds(t *testing.T) {
	rec := recordsOf(demoLetterHistory(t), store.LetterInitial)
	rec.Sessions = slices.Clone(rec.Sessions)
	for i := range rec.Sessions {
		rec.Sessions[i].Examination.Tone = store.ToneUnderactive
	}
	rec.HasProgramme = false
	l := ComposeLetter(rec)
	plan, open := l.Section(SectionPlan).Text, l.Section(SectionOpening).Text
	if strings.Contains(plan, "home programme") || strings.Contains(plan, "down-training") || !strings.Contains(plan, "strengthening") {
		t.Errorf("initial plan without a programme, underactive tone: %q", plan)
	}
	rec.HasProgramme = true
	if l := ComposeLetter(rec); !strings.Contains(l.Section(SectionPlan).Text, "home programme") {
		t.Errorf("initial plan with a programme: %q", l.Section(SectionPlan).Text)
	}
	wantThanks := rec.To.ID == rec.Patient.Referral.ReferrerID
	if strings.Contains(open, "Thank you for referring") != wantThanks {
		t.Errorf("opening %q (recipient is the referrer: %v)", open, wantThanks)
	}
	rec.To.ID = "someone-else"
	if l := ComposeLetter(rec); strings.Contains(l.Section(SectionOpening).Text, "Thank you for referring") {
		t.Errorf("a letter to someone who did not refer thanks them for referring: %q", l.Section(SectionOpening).Text)
	}
	rec.Kind = store.LetterDischarge
	rec.HasProgramme = false
	if l := ComposeLetter(rec); strings.Contains(l.Section(SectionPlan).Text, "home programme") {
		t.Errorf("discharge plan speaks of a programme never issued: %q", l.Section(SectionPlan).Text)
	}
}
