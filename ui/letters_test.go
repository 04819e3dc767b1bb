package ui

import (
	"bytes"
	"image"
	pngenc "image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/reports"
	"github.com/pelvicnotes/pelvicnotes/store"
)

// dialogEntries lists the entries of the dialog on top, in layout order.
// The fyne test driver runs a timer's fyne.Do on the timer's own goroutine,
// alongside the test's: the timed draft save stays off in these tests (a
// lock still writes the draft, which the flow test checks).
func init() { letterDraftDelay = 0 }

func dialogEntries(t *testing.T, c fyne.Canvas) []*widget.Entry {
	t.Helper()
	top := c.Overlays().Top()
	if top == nil {
		t.Fatal("no dialog is showing")
	}
	var out []*widget.Entry
	for _, o := range test.LaidOutObjects(top) {
		switch e := o.(type) {
		case *widget.Entry:
			out = append(out, e)
		case *widget.SelectEntry:
			out = append(out, &e.Entry)
		}
	}
	return out
}

func dialogHasText(c fyne.Canvas, want string) bool {
	top := c.Overlays().Top()
	if top == nil {
		return false
	}
	for _, o := range test.LaidOutObjects(top) {
		if l, ok := o.(*widget.Label); ok && l.Visible() && strings.Contains(l.Text, want) {
			return true
		}
	}
	return false
}

func TestReferrerDirectoryLetterIssueAndReprint(t *testing.T) {
	s, db := demoShell(t, 2)
	cv := s.win.Canvas()

	// Add a referrer from the directory; a bad email is refused on its field.
	s.showReferrers()
	test.Tap(findButton(t, cv, "Add referrer…"))
	es := dialogEntries(t, cv)
	if len(es) < 6 {
		t.Fatalf("the referrer form has %d entries", len(es))
	}
	test.Type(es[0], "Dr Ngozi Adéyemi")
	es[1].SetText("Gynaecologist")
	test.Type(es[2], "St Anne’s Hospital")
	es[3].SetText("Women’s Health Unit\n14 Lime Street\nBristol BS2 8HW")
	test.Type(es[5], "not an email")
	test.Tap(findButton(t, cv, "Add referrer"))
	if !dialogHasText(cv, "Email") && !dialogHasText(cv, "email") {
		t.Error("a bad email was not refused on its field")
	}
	if rs, _ := db.Referrers(); len(rs) != 0 {
		t.Fatal("a refused referrer was saved")
	}
	es[5].SetText("gynae@example.org")
	test.Tap(findButton(t, cv, "Add referrer"))
	rs, _ := db.Referrers()
	if len(rs) != 1 || rs[0].Address != "Women’s Health Unit\n14 Lime Street\nBristol BS2 8HW" {
		t.Fatalf("referrers %+v", rs)
	}
	gyn := rs[0]
	// The directory finds them without the accent, by practice too.
	if !matchesReferrer(gyn, "adeyemi anne") || matchesReferrer(gyn, "psychologist") {
		t.Error("the directory search is not accent-insensitive by name, role and practice")
	}
	closeDialogs(cv)
	gp, err := db.SaveReferrer(store.Referrer{Name: "Dr Sam Ellis", Role: "GP", Practice: "Harbour Surgery", Address: "1 Quay Street\nBristol BS1 1AA"})
	if err != nil {
		t.Fatal(err)
	}

	// Pick the referrer and a copy on the chart.
	ps := s.patients
	ps.list.Select(0)
	c := ps.chart
	c.loadReferrers(c.patient.Referral.ReferrerID)
	c.referrer.SetSelected(referrerLabel(gyn))
	c.copies.add.SetSelected(referrerLabel(gp))
	test.Tap(c.save)
	p, err := db.Patient(c.patient.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p.Referral.ReferrerID != gyn.ID || len(p.CopiesTo) != 1 || p.CopiesTo[0] != gp.ID {
		t.Fatalf("referral %+v, copies %v", p.Referral, p.CopiesTo)
	}

	// Compose a progress letter: the referrer and the copy by default.
	v := ps.letters
	v.compose()
	lc := v.composer
	if lc == nil {
		t.Fatal("no composer")
	}
	lc.kind.SetSelected(reports.KindTitle(store.LetterProgress))
	if lc.to.Selected != referrerLabel(gyn) || len(lc.cc.Selected) != 1 || lc.cc.Selected[0] != referrerLabel(gp) {
		t.Fatalf("to %q, cc %v", lc.to.Selected, lc.cc.Selected)
	}
	// The chosen copy heads the short list of copies, visible without scrolling.
	if lc.cc.Options[0] != referrerLabel(gp) {
		t.Errorf("copies listed as %v: the chosen copy is not first", lc.cc.Options)
	}
	if lc.letter.Kind != store.LetterProgress || len(lc.letter.Sections) == 0 {
		t.Fatal("no progress letter composed")
	}
	plan := "Continue weekly down-training; Ελένη’s review in 4 weeks."
	lc.editors[reports.SectionPlan].SetText(plan)
	if lc.letter.Section(reports.SectionPlan).Text != plan || !lc.edited {
		t.Fatal("the edit did not reach the letter")
	}
	// Leaving asks first.
	test.Tap(findButton(t, cv, "Close"))
	if !dialogHasText(cv, "has not been issued") {
		t.Fatal("closing an edited letter did not ask")
	}
	test.Tap(findButton(t, cv, "Keep writing"))
	if lc.letter.Section(reports.SectionPlan).Text != plan {
		t.Fatal("keep writing lost the text")
	}
	savePNG(t, s.win, "letter-composer.png")

	// The edits are kept as an encrypted draft: a lock straight after the
	// edit (which removes the dialog) does not lose them, and New letter…
	// offers to continue.
	s.Lock()
	if err := db.UnlockAny(testPassphrase); err != nil {
		t.Fatal(err)
	}
	s.showMain()
	if d, _ := letterDraftFor(db, p.ID); d == nil {
		t.Fatal("the unfinished letter is not kept as a draft")
	}
	closeDialogs(cv)
	v.compose()
	if !dialogHasText(cv, "was not issued") {
		t.Fatal("New letter… did not offer the unfinished letter")
	}
	test.Tap(findButton(t, cv, "Continue it"))
	lc = v.composer
	if lc.letter.Section(reports.SectionPlan).Text != plan || lc.letter.Kind != store.LetterProgress || lc.to.Selected != referrerLabel(gyn) {
		t.Fatal("the unfinished letter did not come back as it was")
	}

	// Issue it (after the warning that it cannot be changed).
	before, _ := db.Letters(p.ID)
	test.Tap(findButton(t, cv, "Issue letter…"))
	if !dialogHasText(cv, "cannot be changed") {
		t.Fatal("issuing did not warn that the letter cannot be changed")
	}
	test.Tap(findButton(t, cv, "Issue letter"))
	after, _ := db.Letters(p.ID)
	if len(after) != len(before)+1 {
		t.Fatalf("%d letters, had %d", len(after), len(before))
	}
	issued := after[len(after)-1]
	if issued.Kind != store.LetterProgress || issued.To != gyn.Name || len(issued.CC) != 1 || issued.SHA256 != store.LetterHash(issued.PDF) {
		t.Fatalf("issued %+v", issued)
	}
	if d, _ := letterDraftFor(db, p.ID); d != nil {
		t.Error("an issued letter is still kept as a draft")
	}
	if len(v.letters) != len(after) {
		t.Errorf("the tab lists %d letters, the record has %d", len(v.letters), len(after))
	}
	if path, err := exec.LookPath("pdftotext"); err == nil {
		f := filepath.Join(t.TempDir(), "l.pdf")
		os.WriteFile(f, issued.PDF, 0o600)
		out, _ := exec.Command(path, "-enc", "UTF-8", f, "-").Output()
		if !strings.Contains(strings.Join(strings.Fields(string(out)), " "), plan) {
			t.Error("the issued PDF does not hold the edited plan")
		}
	}
	closeDialogs(cv)
	savePNG(t, s.win, "letters-tab.png")

	// Reprint: each copy is the kept bytes, and the audit records it.
	dir := t.TempDir()
	for _, name := range []string{"a.pdf", "b.pdf"} {
		w, err := storage.Writer(storage.NewFileURI(filepath.Join(dir, name)))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := v.writeCopy(issued, w); err != nil {
			t.Fatal(err)
		}
		got, _ := os.ReadFile(filepath.Join(dir, name))
		if !bytes.Equal(got, issued.PDF) {
			t.Fatal("a saved copy is not the issued letter")
		}
	}
	if s.app.Preferences().String(prefLetterFolder) != dir {
		t.Error("the folder is not remembered")
	}
	audit, _ := db.PatientAudit(p.ID)
	prints := 0
	for _, e := range audit {
		if e.Action == store.AuditPrint && e.RecordID == issued.ID {
			prints++
		}
	}
	if prints != 2 {
		t.Errorf("%d prints audited, want 2", prints)
	}

	// A later letter leaves the earlier one as it was.
	v.compose()
	v.composer.kind.SetSelected(reports.KindTitle(store.LetterDischarge))
	v.composer.issue()
	final, _ := db.Letters(p.ID)
	if len(final) != len(after)+1 {
		t.Fatalf("%d letters after a second one, had %d", len(final), len(after))
	}
	for _, l := range final {
		if l.ID == issued.ID && (!bytes.Equal(l.PDF, issued.PDF) || l.SHA256 != issued.SHA256 || l.Kind != store.LetterProgress) {
			t.Fatal("a later letter changed the earlier one")
		}
	}
}

func TestClinicSettingsLogoAndPaper(t *testing.T) {
	s, db := demoShell(t, 1)
	cv := s.win.Canvas()
	s.showClinicSettings()
	// The logo picker and paper choice are in the dialog.
	var paper *widget.RadioGroup
	for _, o := range test.LaidOutObjects(cv.Overlays().Top()) {
		if r, ok := o.(*widget.RadioGroup); ok {
			paper = r
		}
	}
	if paper == nil || paper.Selected != paperLabelA4 {
		t.Fatal("no paper choice, or not A4 by default")
	}
	paper.SetSelected(paperLabelLetter)
	test.Tap(findButton(t, cv, "Save settings"))
	if got := db.Settings().PaperSize; got != store.PaperLetter {
		t.Fatalf("paper %q", got)
	}

	// A picture is shown and kept; a file that is not one is refused on its field.
	l := newLogoPicker(s.win, nil)
	if !l.remove.Disabled() {
		t.Error("Remove logo is offered with no logo")
	}
	png := pngBytes(t)
	if err := l.accept(png); err != nil || l.remove.Disabled() || len(l.data) == 0 {
		t.Errorf("the chosen logo is not shown (%v)", err)
	}
	// A file cut short (its header still reads) is refused at once and
	// the logo stays as it was.
	if err := l.accept(png[:len(png)/2]); err == nil || !bytes.Equal(l.data, png) {
		t.Errorf("a damaged picture was taken as the logo (%v)", err)
	}
	cs := db.Settings()
	cs.Clinic.Logo = l.data
	if err := db.SaveSettings(cs); err != nil {
		t.Fatal(err)
	}
	cs.Clinic.Logo = []byte("not a picture")
	err := db.SaveSettings(cs)
	if msgs := store.FieldMessages(err); msgs["clinic.logo"] == "" {
		t.Errorf("a broken logo gave %v", err)
	}
	if !bytes.Equal(db.Settings().Clinic.Logo, png) {
		t.Error("a refused logo replaced the saved one")
	}
	l.set(nil)
	if !l.remove.Disabled() || l.data != nil {
		t.Error("Remove logo did not remove it")
	}
}

func pngBytes(t *testing.T) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 40, 20))
	for i := range img.Pix {
		img.Pix[i] = 0x80
	}
	var buf bytes.Buffer
	if err := pngenc.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// New letter… starts with the letter most likely wanted: not an initial
// assessment for a patient seen thirty times or already discharged.
func TestDefaultLetterKind(t *testing.T) {
	at := func(day int, kind store.SessionKind, status store.SessionStatus) store.Session {
		return store.Session{ID: string(rune('a' + day)), Kind: kind, Status: status, TreatedAt: time.Date(2026, 1, day, 10, 0, 0, 0, time.UTC)}
	}
	signed, draft := store.StatusSigned, store.StatusDraft
	first := at(1, store.SessionInitial, signed)
	for _, c := range []struct {
		name     string
		issued   int
		sessions []store.Session
		want     string
	}{
		{"nothing yet", 0, nil, store.LetterInitial},
		{"after the assessment", 0, []store.Session{first}, store.LetterInitial},
		{"a draft follow-up does not count", 0, []store.Session{first, at(8, store.SessionFollowUp, draft)}, store.LetterInitial},
		{"many sessions, no letter yet", 0, []store.Session{first, at(8, store.SessionFollowUp, signed), at(15, store.SessionReview, signed)}, store.LetterProgress},
		{"after an initial letter", 1, []store.Session{first}, store.LetterProgress},
		{"discharged", 0, []store.Session{at(15, store.SessionDischarge, signed), first, at(8, store.SessionFollowUp, signed)}, store.LetterDischarge},
		{"seen again after discharge", 2, []store.Session{first, at(8, store.SessionDischarge, signed), at(20, store.SessionReview, signed)}, store.LetterProgress},
	} {
		if got := defaultLetterKind(c.issued, c.sessions); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}

// Before issuing, the question names the recipient and every copy.
func TestIssueQuestionNamesTheCopies(t *testing.T) {
	l := reports.ComposedLetter{Kind: store.LetterDischarge, To: store.Referrer{Name: "Dr Ngozi Adeyemi"}}
	if got, want := issueQuestion(l), "Issue this discharge summary to Dr Ngozi Adeyemi? "; !strings.HasPrefix(got, want) {
		t.Errorf("%q", got)
	}
	l.CC = []store.Referrer{{Name: "Dr Sam Ellis"}}
	if got, want := issueQuestion(l), "Issue this discharge summary to Dr Ngozi Adeyemi, with a copy to Dr Sam Ellis? "; !strings.HasPrefix(got, want) {
		t.Errorf("%q", got)
	}
	l.CC = append(l.CC, store.Referrer{Name: "Dr Eleni Papadaki"}, store.Referrer{Name: "Dr Olga Smirnova"})
	if got, want := issueQuestion(l), "copies to Dr Sam Ellis, Dr Eleni Papadaki and Dr Olga Smirnova? "; !strings.Contains(got, want) {
		t.Errorf("%q", got)
	}
}

// A saved copy's offered name says what it is, never who it is about.
func TestLetterFileNameHasNoPatientName(t *testing.T) {
	l := store.Letter{ID: "a1b2c3d4e5f6", Kind: store.LetterProgress, Issued: time.Date(2026, 11, 21, 10, 0, 0, 0, time.Local)}
	if got, want := letterFileName(l), "progress-letter-2026-11-21-a1b2c3.pdf"; got != want {
		t.Errorf("file name %q, want %q", got, want)
	}
}

// The preview's measure panels, three to a row, fit a narrow preview: each
// chart alone asks for the Measures tab's width, which three times over
// pushed the paper, and the letter's text, past the dialog's edge.
func TestLetterPreviewPanelsFitANarrowPreview(t *testing.T) {
	test.NewTempApp(t)
	clock := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	cs := store.DefaultClinicSettings()
	var l reports.ComposedLetter
	for _, h := range store.DemoHistories(40, 7, clock, cs) {
		l = reports.ComposeLetter(reports.LetterRecords{Kind: store.LetterProgress, Date: clock, Settings: cs,
			Patient: h.Patient, To: store.Referrer{Name: "Dr A"}, Sessions: h.Sessions, Measures: h.Measures})
		if len(l.MeasureTrends) >= 3 {
			break
		}
	}
	if len(l.MeasureTrends) < 3 {
		t.Fatal("no demo patient with three repeated measures")
	}
	p := newLetterPreview()
	p.show(l)
	if w := p.body.MinSize().Width; w > 600 {
		t.Errorf("the preview asks for %v px across; its panels should fit 600", w)
	}
}
