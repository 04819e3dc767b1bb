package ui

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/pelvicnotes/pelvicnotes/store"
)

func TestNewSessionFromTheMenuAndLockKeepsIt(t *testing.T) {
	s, db, _ := newTestShell(t, store.Patient{Name: "Łucja Żółć", DateOfBirth: store.Date{Year: 1988, Month: 3, Day: 14}})
	s.newSession()
	if s.editor != nil {
		t.Fatal("a session opened with no patient chosen")
	}
	if s.win.Canvas().Overlays().Top() == nil {
		t.Fatal("no message asking to choose a patient")
	}
	s.newSession() // pressed again behind the message: nothing happens
	if s.editor != nil {
		t.Fatal("Ctrl+N acted behind a dialog")
	}
	s.win.Canvas().Overlays().Remove(s.win.Canvas().Overlays().Top())
	s.patients.list.Select(0)
	s.newSession() // Ctrl+N
	if s.editor == nil || s.win.Content() != s.editor.content() {
		t.Fatal("Ctrl+N did not open the session editor")
	}
	s.editor.plan.SetText("Review in two weeks; continue breathing and down-training daily.")

	s.Lock()
	if s.editor != nil || !db.Locked() {
		t.Fatal("the editor survived the lock")
	}
	if err := db.UnlockAny(testPassphrase); err != nil {
		t.Fatal(err)
	}
	s.showMain()
	if s.editor == nil || s.editor.plan.Text != "Review in two weeks; continue breathing and down-training daily." {
		t.Fatal("the session being charted did not come back after unlocking")
	}
	// Ctrl+S signs it; back on the chart the timeline shows it.
	s.saveOrSign()
	if s.editor != nil && s.editor.current().Status != store.StatusSigned {
		// signing may ask about warnings; none apply to this patient
		t.Fatalf("Ctrl+S did not sign: %+v", s.editor.current().Status)
	}
	s.closeEditor()
	if len(s.patients.chart.timeline) != 1 || s.patients.chart.timeline[0].Status != store.StatusSigned {
		t.Fatalf("timeline after signing: %+v", s.patients.chart.timeline)
	}
}

func TestSavingDetailsThenChartKeepsBoth(t *testing.T) {
	s, db, _ := newTestShell(t, store.Patient{Name: "Ama Eze", DateOfBirth: store.Date{Year: 1991, Month: 3, Day: 4}})
	p := s.patients
	p.list.Select(0)
	p.form.phone.SetText("07700 900999")
	p.form.Save()
	p.chart.flags.epilepsy.SetChecked(true)
	p.chart.onSave()
	got := fullPatient(t, db, "ama")
	if got.Phone != "07700 900999" || !got.Flags.Epilepsy {
		t.Fatalf("after details then chart: phone %q epilepsy %v", got.Phone, got.Flags.Epilepsy)
	}
	// Opening a session and coming back keeps unsaved chart edits.
	p.chart.flags.menopause.SetChecked(true)
	s.newSession()
	s.closeEditor()
	if !p.chart.flags.menopause.Checked || !p.chart.Dirty() {
		t.Fatal("unsaved chart edits were lost by opening a session")
	}
	// A lock keeps them too.
	s.Lock()
	if err := db.UnlockAny(testPassphrase); err != nil {
		t.Fatal(err)
	}
	s.showMain()
	if !s.patients.chart.flags.menopause.Checked {
		t.Fatal("unsaved chart edits were lost by a lock")
	}
}

func TestANoteKeptForLaterWaitsOnTheChart(t *testing.T) {
	s, db, _ := newTestShell(t, store.Patient{Name: "Łucja Żółć", DateOfBirth: store.Date{Year: 1988, Month: 3, Day: 14}})
	s.patients.list.Select(0)
	s.newSession()
	s.editor.plan.SetText("Continue down-training.")
	s.editor.Close()
	test.Tap(findButton(t, s.win.Canvas(), "Keep as draft and close"))
	if s.editor != nil {
		t.Fatal("the editor did not close")
	}
	s.Lock()
	if err := db.UnlockAny(testPassphrase); err != nil {
		t.Fatal(err)
	}
	s.showMain()
	if s.editor != nil {
		t.Fatal("a note kept for later reopened by itself at unlock")
	}
	s.patients.list.Select(0)
	if len(s.patients.chart.drafts.Objects) != 1 {
		t.Fatalf("the chart does not offer the kept note: %d", len(s.patients.chart.drafts.Objects))
	}
}

// Chart edits left unsaved by a lock come back after a crash or a shutdown
// while locked, as typed, unsaved, and the kept draft goes once saved.
func TestChartEditsSurviveACrashWhileLocked(t *testing.T) {
	s, db, _ := newTestShell(t, store.Patient{Name: "Ama Eze", DateOfBirth: store.Date{Year: 1991, Month: 3, Day: 4}})
	p := s.patients
	p.list.Select(0)
	c := p.chart
	c.flags.epilepsy.SetChecked(true)
	c.flags.surgery.SetChecked(true)
	c.flags.surgeryDate.SetText("12/10/20") // half typed
	c.refReason.SetText("Pain with tampons since 2019")
	s.Lock()

	// The first window is gone with the crash; a new one opens on the file.
	s2 := shellOn(t, db)
	if err := db.UnlockAny(testPassphrase); err != nil {
		t.Fatal(err)
	}
	s2.showMain()
	c2 := s2.patients.chart
	if c2.patient.Name != "Ama Eze" || !c2.flags.epilepsy.Checked || !c2.flags.surgery.Checked ||
		c2.flags.surgeryDate.Text != "12/10/20" || c2.refReason.Text != "Pain with tampons since 2019" || !c2.Dirty() {
		t.Fatalf("after the crash the chart shows %q: epilepsy %v, surgery %v %q, reason %q, unsaved %v",
			c2.patient.Name, c2.flags.epilepsy.Checked, c2.flags.surgery.Checked, c2.flags.surgeryDate.Text, c2.refReason.Text, c2.Dirty())
	}
	if !strings.Contains(screenText(s2.win.Canvas()), "flags, referral and goals had unsaved changes") {
		t.Error("nothing says the chart's unsaved changes are back")
	}
	if stored := fullPatient(t, db, "ama"); stored.Flags.Epilepsy || stored.Referral.Reason != "" {
		t.Fatal("the draft went into the record without the physiotherapist saving it")
	}
	c2.flags.surgeryDate.SetText("12/10/2026")
	c2.onSave()
	if stored := fullPatient(t, db, "ama"); !stored.Flags.Epilepsy || stored.Flags.SurgeryDate != (store.Date{Year: 2026, Month: 10, Day: 12}) {
		t.Fatalf("saved chart: epilepsy %v, surgery %v", stored.Flags.Epilepsy, stored.Flags.SurgeryDate)
	}
	if drafts, _ := db.Drafts(); len(drafts) != 0 {
		t.Fatalf("%d drafts left after saving the chart", len(drafts))
	}
}

// A draft brought back over a record changed since says so, and still says
// so after a second lock; Undo changes puts the saved chart back and
// forgets the draft.
func TestChartDraftOverAChangedRecord(t *testing.T) {
	clock := testNow
	path := filepath.Join(t.TempDir(), "records.db")
	db, err := store.Open(path, store.Options{Now: func() time.Time { clock = clock.Add(time.Minute); return clock }, KDF: store.TestKDF})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Setup(store.SetupInfo{Clinic: store.Clinic{Name: "Harbour Pelvic Health"},
		Practitioner: store.Practitioner{Name: "Siân Howells", Profession: "Physiotherapist"}, Passphrase: testPassphrase}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SavePatient(store.Patient{Name: "Ama Eze", DateOfBirth: store.Date{Year: 1991, Month: 3, Day: 4}}); err != nil {
		t.Fatal(err)
	}
	s := shellOn(t, db)
	s.showMain()
	s.patients.list.Select(0)
	s.patients.chart.flags.epilepsy.SetChecked(true)
	s.Lock()

	// Meanwhile the record changes.
	if err := db.UnlockAny(testPassphrase); err != nil {
		t.Fatal(err)
	}
	p := fullPatient(t, db, "ama")
	p.Phone = "07700 900123"
	if _, err := db.SavePatient(p); err != nil {
		t.Fatal(err)
	}
	for round := 1; round <= 2; round++ { // a crash, then a lock and a crash again
		s2 := shellOn(t, db)
		s2.showMain()
		c := s2.patients.chart
		if !c.flags.epilepsy.Checked || !c.Dirty() {
			t.Fatalf("round %d: the chart's edits did not come back", round)
		}
		if !strings.Contains(screenText(s2.win.Canvas()), "has been changed since") {
			t.Errorf("round %d: nothing says the saved record changed after the edits began", round)
		}
		if round == 1 {
			s2.Lock()
			if err := db.UnlockAny(testPassphrase); err != nil {
				t.Fatal(err)
			}
			continue
		}
		c.Undo()
		if c.flags.epilepsy.Checked || c.Dirty() {
			t.Error("Undo changes left the edits")
		}
		if drafts, _ := db.Drafts(); len(drafts) != 0 {
			t.Errorf("%d drafts left after Undo changes", len(drafts))
		}
	}
}

// A colleague who unlocks after a lock does not get the screen, and the
// unsaved typing, of whoever locked; the typing waits as their draft.
func TestAColleagueDoesNotGetTheKeptScreen(t *testing.T) {
	s, db, _ := newTestShell(t, store.Patient{Name: "Ama Eze", DateOfBirth: store.Date{Year: 1991, Month: 3, Day: 4}})
	colleague, err := db.AddPractitioner(store.Practitioner{Name: "Ngozi Okafor", Profession: "Physiotherapist"}, "ngozi's own long passphrase")
	if err != nil {
		t.Fatal(err)
	}
	me := db.CurrentPractitioner()
	s.patients.list.Select(0)
	s.patients.chart.flags.epilepsy.SetChecked(true)
	s.Lock()
	var slot string
	for _, k := range db.Practitioners() {
		if k.PractitionerID == colleague.ID {
			slot = k.ID
		}
	}
	if err := db.Unlock(slot, "ngozi's own long passphrase"); err != nil {
		t.Fatal(err)
	}
	s.showMain()
	if c := s.patients.chart; c.Dirty() || c.flags.epilepsy.Checked {
		t.Fatal("the colleague was shown the unsaved chart of whoever locked")
	}
	s.Lock()
	for _, k := range db.Practitioners() {
		if k.PractitionerID == me.ID {
			slot = k.ID
		}
	}
	if err := db.Unlock(slot, testPassphrase); err != nil {
		t.Fatal(err)
	}
	s.showMain()
	if c := s.patients.chart; !c.Dirty() || !c.flags.epilepsy.Checked {
		t.Fatal("the unsaved chart did not come back to whoever typed it")
	}
}

// An unlock that finds the screen kept in memory drops only that chart's
// draft: another patient's kept chart draft waits for its chart.
func TestKeptScreenLeavesOtherChartDrafts(t *testing.T) {
	s, db, _ := newTestShell(t,
		store.Patient{Name: "Ama Eze", DateOfBirth: store.Date{Year: 1991, Month: 3, Day: 4}},
		store.Patient{Name: "Bea Castillo", DateOfBirth: store.Date{Year: 1992, Month: 4, Day: 12}})
	p := s.patients
	var bea store.Patient
	for i, q := range p.shown {
		if q.Name == "Ama Eze" {
			p.list.Select(i)
		} else {
			bea, _ = db.Patient(q.ID)
		}
	}
	p.chart.flags.epilepsy.SetChecked(true)
	s.Lock() // Ama's chart: kept in memory and as a draft
	if err := db.UnlockAny(testPassphrase); err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(chartDraft{Patient: bea, Dates: map[string]string{}})
	if _, err := db.SaveDraft(store.Draft{Kind: store.DraftChart, RecordID: bea.ID, PatientID: bea.ID, Body: body}); err != nil {
		t.Fatal(err)
	}
	s.showMain()
	left := map[string]bool{}
	drafts, _ := db.Drafts()
	for _, d := range drafts {
		left[d.PatientID] = true
	}
	if !left[bea.ID] || left[s.patients.chart.patient.ID] {
		t.Fatalf("after the unlock, chart drafts are kept for %v: want Bea's only", left)
	}
}
