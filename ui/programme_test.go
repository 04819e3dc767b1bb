package ui

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/store"
)

// openProgramme selects the only patient and shows the Home programme tab.
func openProgramme(t *testing.T, s *Shell) *programmeView {
	t.Helper()
	s.patients.list.Select(0)
	s.patients.tabs.SelectIndex(tabProgramme)
	return s.patients.programme
}

// addBySearch types a search into the builder and presses Enter.
func addBySearch(t *testing.T, b *programmeBuilder, query string) {
	t.Helper()
	n := len(b.rows)
	test.Type(b.search, query)
	b.search.OnSubmitted(b.search.Text)
	if len(b.rows) != n+1 {
		t.Fatalf("searching %q and pressing Enter did not add an exercise (%d found)", query, len(b.found))
	}
	if b.search.Text != "" {
		t.Error("the search was not cleared for the next exercise")
	}
}

func rowTitles(b *programmeBuilder) []string {
	var out []string
	for _, r := range b.rows {
		out = append(out, r.item.ExerciseID)
	}
	return out
}

func TestBuildIssueAndChangeAProgramme(t *testing.T) {
	s, db, _ := newTestShell(t, store.Patient{Name: "Grace Walker", DateOfBirth: store.Date{Year: 1990, Month: 6, Day: 1}})
	v := openProgramme(t, s)
	if v.printB.Disabled() == false || !strings.Contains(v.status.Text, "No home programme") {
		t.Fatal("a patient without a programme should say so, with nothing to print")
	}
	v.StartBuilding()
	b := v.builder
	if b == nil || s.win.Canvas().Focused() != b.search {
		t.Fatal("the builder did not open with the cursor in the search")
	}
	if b.firstName.Text != "Grace" || b.language.Selected != "English" || !strings.HasPrefix(b.flare.Text, "A flare-up does not mean") {
		t.Fatalf("builder defaults: name %q language %q flare %q", b.firstName.Text, b.language.Selected, b.flare.Text)
	}
	// Search ignores accents and case; Enter adds the first match.
	addBySearch(t, b, "BELLY")
	addBySearch(t, b, "child")
	addBySearch(t, b, "piriformis")
	if got := rowTitles(b); strings.Join(got, " ") != "diaphragmatic-breathing childs-pose piriformis-stretch" {
		t.Fatalf("rows %v", got)
	}
	if w := b.rows[0].words.Text; w != "On the sheet: 10 slow breaths, twice a day" {
		t.Errorf("dose in words %q", w)
	}
	// The dose in words follows the fields as they are typed.
	b.rows[0].dose[5].SetText("")
	test.Type(b.rows[0].dose[5], "3")
	if w := b.rows[0].words.Text; w != "On the sheet: 10 slow breaths, 3 times a day" {
		t.Errorf("dose in words after typing %q", w)
	}
	// Reorder with the buttons (which the keyboard reaches with Tab): piriformis up.
	test.Tap(b.rows[2].up)
	if got := rowTitles(b); got[1] != "piriformis-stretch" {
		t.Fatalf("after moving up: %v", got)
	}
	if s.win.Canvas().Focused() != b.rows[1].up {
		t.Error("the keyboard did not stay on the row that moved")
	}
	test.Type(b.rows[1].note, "Left side first.")

	test.Tap(b.issueB)
	if b.v.builder != nil {
		t.Fatal("issuing did not close the builder")
	}
	progs, _ := db.Programmes(v.patient.ID)
	if len(progs) != 1 || progs[0].Version != 1 || len(progs[0].Items) != 3 || progs[0].Items[1].Note != "Left side first." ||
		progs[0].Items[0].Dose != (store.Dose{Breaths: 10, TimesPerDay: 3}) || progs[0].FirstName != "Grace" {
		t.Fatalf("version 1: %+v", progs)
	}
	if !strings.Contains(v.notice.Text, "Version 1 issued") || !strings.Contains(v.status.Text, "Siân Howells") {
		t.Errorf("after issuing: notice %q status %q", v.notice.Text, v.status.Text)
	}

	// Version 2: drop the breathing, change a dose, add the squat.
	v.StartBuilding()
	b = v.builder
	if len(b.rows) != 3 {
		t.Fatalf("the builder did not start from version 1: %v", rowTitles(b))
	}
	test.Tap(findButtonIn(t, b.rows[0], "Remove"))
	b.rows[0].dose[1].SetText("5") // piriformis: 5 repetitions
	addBySearch(t, b, "squat")
	test.Tap(b.issueB)
	progs, _ = db.Programmes(v.patient.ID)
	if len(progs) != 2 || progs[1].Version != 2 {
		t.Fatalf("versions after the second issue: %d", len(progs))
	}
	changes := screenTextOf(v.changes)
	for _, want := range []string{"What changed since version 1", "Removed Belly breathing", "Buttock (piriformis) stretch: dose changed from 3 repetitions",
		"to 5 repetitions", "Added Supported deep squat"} {
		if !strings.Contains(changes, want) {
			t.Errorf("what changed lacks %q:\n%s", want, changes)
		}
	}
	// The earlier version stays readable as issued.
	v.choose.SetSelected(v.choose.Options[0])
	if v.shown != 0 || !strings.Contains(screenTextOf(v.items), "Belly breathing") || !strings.Contains(v.status.Text, "earlier version") {
		t.Errorf("version 1 on view: %q", v.status.Text)
	}

	// Print sheet… asks where to save it.
	test.Tap(v.printB)
	if s.win.Canvas().Overlays().Top() == nil {
		t.Fatal("Print sheet… did not ask where to save the sheet")
	}
	closeDialogs(s.win.Canvas())
	// Printing writes the sheet and records it in the audit trail.
	out := filepath.Join(t.TempDir(), "sheet.pdf")
	w, err := storage.Writer(storage.NewFileURI(out))
	if err != nil {
		t.Fatal(err)
	}
	var printed error = os.ErrInvalid
	v.writeSheet(progs[1], w, func(err error) { printed = err })
	if printed != nil {
		t.Fatal(printed)
	}
	if pdf, _ := os.ReadFile(out); !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatal("no sheet written")
	}
	audit, _ := db.PatientAudit(v.patient.ID)
	if last := audit[len(audit)-1]; last.Action != store.AuditPrint || last.RecordID != progs[1].ID {
		t.Errorf("last audit entry %+v, want the print", last)
	}
}

func TestPregnantPatientHomeEStimWarnsAndMustBeAcknowledged(t *testing.T) {
	s, db, _ := newTestShell(t, store.Patient{Name: "Ama Eze", DateOfBirth: store.Date{Year: 1991, Month: 3, Day: 4},
		Flags: store.Flags{Pregnant: true}})
	v := openProgramme(t, s)
	v.StartBuilding()
	b := v.builder
	addBySearch(t, b, "belly")
	addBySearch(t, b, "electrical stimulation")
	if len(b.rows[0].warn.Objects) != 0 || len(b.rows[1].warn.Objects) != 1 {
		t.Fatalf("warnings beside the items: %d, %d; want only beside the e-stim", len(b.rows[0].warn.Objects), len(b.rows[1].warn.Objects))
	}
	if !b.warnSum.Visible() || !strings.Contains(screenTextOf(b.rows[1].warn), "not recommended in pregnancy") {
		t.Fatal("the pregnancy warning is not shown")
	}
	test.Tap(b.issueB)
	ack := findButton(t, s.win.Canvas(), "Acknowledge and issue")
	if !ack.Disabled() {
		t.Fatal("the warning can be passed without ticking it")
	}
	if progs, _ := db.Programmes(v.patient.ID); len(progs) != 0 {
		t.Fatal("issued before the warning was acknowledged")
	}
	test.Tap(findButton(t, s.win.Canvas(), "Cancel"))
	if progs, _ := db.Programmes(v.patient.ID); len(progs) != 0 || v.builder == nil {
		t.Fatal("cancelling the acknowledgement issued or closed the programme")
	}
	test.Tap(b.issueB)
	checks := dialogChecks(s.win.Canvas())
	if len(checks) != 1 {
		t.Fatalf("%d checks, want 1", len(checks))
	}
	test.Tap(checks[0])
	test.Tap(findButton(t, s.win.Canvas(), "Acknowledge and issue"))
	progs, _ := db.Programmes(v.patient.ID)
	if len(progs) != 1 || len(progs[0].Warnings) != 1 || progs[0].Warnings[0].By != db.CurrentPractitioner().ID ||
		!strings.HasPrefix(progs[0].Warnings[0].RuleID, store.RulePregnancy) {
		t.Fatalf("issued: %+v", progs)
	}
	if !strings.Contains(screenTextOf(v.items), "Acknowledged by Siân Howells") {
		t.Error("the issued version does not show the acknowledgement")
	}
}

func TestSheetLanguageFollowsThePatient(t *testing.T) {
	s, db, _ := newTestShell(t, store.Patient{Name: "Lucía Muñoz", DateOfBirth: store.Date{Year: 1980, Month: 1, Day: 2}})
	v := openProgramme(t, s)
	v.StartBuilding()
	b := v.builder
	addBySearch(t, b, "belly")
	b.language.SetSelected(store.LanguageLabel(store.LanguageSpanish))
	if b.rows[0].item.Title != "Respiración abdominal" || !strings.Contains(b.rows[0].words.Text, "dos veces al día") ||
		!strings.HasPrefix(b.flare.Text, "Un empeoramiento") {
		t.Fatalf("after choosing Spanish: %q %q %q", b.rows[0].item.Title, b.rows[0].words.Text, b.flare.Text)
	}
	// The search now finds the Spanish titles, accents or not.
	addBySearch(t, b, "nino")
	test.Tap(b.issueB)
	progs, _ := db.Programmes(v.patient.ID)
	if len(progs) != 1 || progs[0].Language != store.LanguageSpanish || progs[0].Items[1].Title != "Postura del niño" {
		t.Fatalf("issued %+v", progs)
	}
	// The next version starts in the patient's language.
	v.StartBuilding()
	if v.builder.language.Selected != "Spanish (Español)" || v.builder.rows[0].item.Title != "Respiración abdominal" {
		t.Errorf("the next version starts in %q", v.builder.language.Selected)
	}
}

func TestAProgrammeBeingBuiltSurvivesALock(t *testing.T) {
	s, db, _ := newTestShell(t, store.Patient{Name: "Siobhán O'Brien", DateOfBirth: store.Date{Year: 1979, Month: 8, Day: 9}})
	v := openProgramme(t, s)
	v.StartBuilding()
	addBySearch(t, v.builder, "body scan")
	test.Type(v.builder.rows[0].note, "Before bed.")
	s.Lock()
	if err := db.UnlockAny(testPassphrase); err != nil {
		t.Fatal(err)
	}
	s.showMain()
	v = s.patients.programme
	if v.builder == nil || len(v.builder.rows) != 1 || v.builder.rows[0].note.Text != "Before bed." {
		t.Fatal("the programme being built did not come back after unlocking")
	}
	if s.patients.tabs.SelectedIndex() != tabProgramme || !v.builder.notice.Visible() {
		t.Error("the kept programme is not shown on its tab with a note saying so")
	}
	test.Tap(v.builder.issueB)
	if drafts, _ := db.Drafts(); len(drafts) != 0 {
		t.Errorf("%d drafts left after issuing", len(drafts))
	}
}

func TestClinicExerciseIsOfferedInTheBuilder(t *testing.T) {
	s, db, _ := newTestShell(t, store.Patient{Name: "Grace Walker", DateOfBirth: store.Date{Year: 1990, Month: 6, Day: 1}})
	if _, err := db.SaveClinicExercise(store.Exercise{Text: store.ExerciseText{Title: "Wall sit with a ball", Steps: []string{"Sit against the wall."}},
		Tags: []string{store.TagStrengthening}, Dose: store.Dose{Repetitions: 5, TimesPerDay: 1}}, nil); err != nil {
		t.Fatal(err)
	}
	s.showClinicExercises()
	if !strings.Contains(screenText(s.win.Canvas()), "Wall sit with a ball") {
		t.Error("the clinic exercises dialog does not list the exercise")
	}
	closeDialogs(s.win.Canvas())
	v := openProgramme(t, s)
	v.StartBuilding()
	addBySearch(t, v.builder, "wall")
	if v.builder.rows[0].item.Title != "Wall sit with a ball" {
		t.Fatalf("added %q", v.builder.rows[0].item.Title)
	}
}

func findButtonIn(t *testing.T, r *itemRow, text string) *widget.Button {
	t.Helper()
	for _, o := range test.LaidOutObjects(r.box) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	t.Fatalf("no button %q in the row", text)
	return nil
}

// screenTextOf is the text of every label under o.
func screenTextOf(o fyne.CanvasObject) string {
	var b strings.Builder
	for _, x := range test.LaidOutObjects(o) {
		if l, ok := x.(*widget.Label); ok {
			b.WriteString(l.Text + "\n")
		}
	}
	return b.String()
}

// TestProgrammeScreens captures the builder and an issued version to look
// at: PROGRAMME_SHOTS=/some/dir go test ./ui -run ProgrammeScreens.
func TestProgrammeScreens(t *testing.T) {
	dir := os.Getenv("PROGRAMME_SHOTS")
	if dir == "" {
		t.Skip("PROGRAMME_SHOTS not set")
	}
	s, _, _ := newTestShell(t, store.Patient{Name: "Ama Eze", DateOfBirth: store.Date{Year: 1991, Month: 3, Day: 4},
		Flags: store.Flags{Pregnant: true}})
	v := openProgramme(t, s)
	v.StartBuilding()
	for _, q := range []string{"belly", "pelvic drop", "child", "electrical stimulation"} {
		addBySearch(t, v.builder, q)
	}
	test.Type(v.builder.rows[1].note, "Try it at your desk too.")
	shot := func(name string) {
		out, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer out.Close()
		png.Encode(out, s.win.Canvas().Capture())
	}
	shot("builder.png")
	test.Tap(v.builder.issueB)
	shot("acknowledge.png")
	test.Tap(dialogChecks(s.win.Canvas())[0])
	test.Tap(findButton(t, s.win.Canvas(), "Acknowledge and issue"))
	v.StartBuilding()
	test.Tap(findButtonIn(t, v.builder.rows[3], "Remove"))
	v.builder.rows[0].dose[0].SetText("6")
	v.builder.Issue()
	shot("issued.png")
	s.showClinicExercises()
	shot("clinic-exercises.png")
	closeDialogs(s.win.Canvas())
	s.editClinicExercise(store.Exercise{}, func() {})
	shot("clinic-exercise-form.png")
}

// The fyne test driver runs a timer's fyne.Do on the timer's own
// goroutine, alongside the test's: autosave stays off except in the test of
// it, which runs the scheduled save by hand.
func init() { programmeDraftDelay = 0 }

// Work in the builder is kept as a draft a moment after each change, so a
// crash (no lock, no close) loses no more than that moment.
func TestAProgrammeBeingBuiltIsKeptWithoutALock(t *testing.T) {
	var pending []func()
	wasDelay, wasSchedule := programmeDraftDelay, programmeSchedule
	programmeDraftDelay = 2 * time.Second
	programmeSchedule = func(d time.Duration, f func()) {
		if d != 2*time.Second {
			t.Errorf("autosave after %v", d)
		}
		pending = append(pending, f)
	}
	t.Cleanup(func() { programmeDraftDelay, programmeSchedule = wasDelay, wasSchedule })
	s, db, _ := newTestShell(t, store.Patient{Name: "Grace Walker", DateOfBirth: store.Date{Year: 1990, Month: 6, Day: 1}})
	v := openProgramme(t, s)
	v.StartBuilding()
	addBySearch(t, v.builder, "body scan")
	test.Type(v.builder.rows[0].note, "Before bed.")
	if len(pending) == 0 {
		t.Fatal("no autosave was scheduled")
	}
	for _, f := range pending { // the timers fire: only the last change's writes
		f()
	}
	drafts, _ := db.Drafts()
	if len(drafts) != 1 || drafts[0].Kind != store.DraftProgramme || !strings.Contains(string(drafts[0].Body), "Before bed.") {
		t.Fatalf("the programme being built was not kept as one draft with the note: %d drafts", len(drafts))
	}
	// Kept, yet still not issued: Discard asks before dropping it.
	v.builder.Discard()
	if !dialogHasText(s.win.Canvas(), "Discard this programme?") {
		t.Fatal("Discard dropped the kept work without asking")
	}
}

// Pregnancy flagged on the chart while the builder is open: the warning
// appears beside home e-stim at once, and acknowledging it issues.
func TestFlagsSavedWhileBuildingRaiseTheirWarnings(t *testing.T) {
	s, db, _ := newTestShell(t, store.Patient{Name: "Ama Eze", DateOfBirth: store.Date{Year: 1991, Month: 3, Day: 4}})
	v := openProgramme(t, s)
	v.StartBuilding()
	b := v.builder
	addBySearch(t, b, "electrical stimulation")
	if len(b.rows[0].warn.Objects) != 0 {
		t.Fatal("a warning before any flag")
	}
	c := s.patients.chart
	c.flags.pregnant.SetChecked(true)
	test.Tap(c.save)
	if p, _ := db.Patient(v.patient.ID); !p.Flags.Pregnant {
		t.Fatal("the chart did not save the pregnancy flag")
	}
	if v.builder != b || len(b.rows[0].warn.Objects) != 1 {
		t.Fatal("the pregnancy flagged on the chart shows no warning in the open builder")
	}
	test.Tap(b.issueB)
	checks := dialogChecks(s.win.Canvas())
	if len(checks) != 1 {
		t.Fatalf("%d checks, want 1", len(checks))
	}
	test.Tap(checks[0])
	test.Tap(findButton(t, s.win.Canvas(), "Acknowledge and issue"))
	if progs, _ := db.Programmes(v.patient.ID); len(progs) != 1 {
		t.Fatal("the acknowledged programme was not issued")
	}
}
