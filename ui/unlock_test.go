package ui

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/store"
)

// shellOn opens the window on a record file in whatever state it is.
func shellOn(t *testing.T, db *store.DB) *Shell {
	t.Helper()
	s := NewShell(test.NewTempApp(t), db)
	s.background = runNow
	s.win.Resize(fyne.NewSize(1366, 768))
	s.win.Show()
	t.Cleanup(s.win.Close)
	return s
}

// screenText joins every label and entry text on the window, dialogs included.
func screenText(c fyne.Canvas) string {
	var b strings.Builder
	roots := []fyne.CanvasObject{c.Content()}
	roots = append(roots, c.Overlays().List()...)
	for _, r := range roots {
		for _, o := range test.LaidOutObjects(r) {
			switch w := o.(type) {
			case *widget.Label:
				if w.Visible() {
					b.WriteString(w.Text + "\n")
				}
			}
		}
	}
	return b.String()
}

func TestFirstRunSetupShowsRecoveryKeyOnce(t *testing.T) {
	db := openTestFile(t, filepath.Join(t.TempDir(), "new.db"))
	s := shellOn(t, db)
	setup := newSetupScreen(s) // the same screen the shell shows
	s.win.SetContent(setup.content)

	test.Type(setup.clinicName, "Klinika Żółć")
	test.Type(setup.name, "Łucja Nowak")
	test.Type(setup.registration, "PH123456")
	test.Type(setup.passphrase, "physio")
	if setup.strength.Value >= 3 {
		t.Fatalf("'physio' rated %v", setup.strength.Value)
	}
	test.Type(setup.confirm, "physio")
	test.Tap(setup.submit)
	if !db.NeedsSetup() {
		t.Fatal("a weak passphrase was accepted")
	}
	if msg := setup.fields.messages[store.FieldPassphrase]; !msg.Visible() || msg.Text == "" {
		t.Fatal("no message under the passphrase")
	}

	setup.passphrase.SetText("walnut harbour cobalt meadow")
	setup.confirm.SetText("walnut harbour cobalt meadow!")
	test.Tap(setup.submit)
	if got := setup.fields.messages[fieldConfirm].Text; got != "The two passphrases are not the same." {
		t.Fatalf("confirm message %q", got)
	}
	setup.confirm.SetText("walnut harbour cobalt meadow")
	test.Tap(setup.submit)
	if db.NeedsSetup() || db.Locked() {
		t.Fatalf("setup did not complete: %v", screenText(s.win.Canvas()))
	}
	text := screenText(s.win.Canvas())
	if !strings.Contains(text, "Your recovery key") || !strings.Contains(text, "It will not be shown again") {
		t.Fatalf("recovery screen not shown: %s", text)
	}
	if got := db.Settings().Clinic.Name; got != "Klinika Żółć" {
		t.Fatalf("clinic %q", got)
	}
}

func TestRecoverySheetIsWrittenAndAudited(t *testing.T) {
	db := openSetUp(t, filepath.Join(t.TempDir(), "r.db"))
	s := shellOn(t, db)
	r := newRecoveryScreen(s, "1CR5-AYMZ-RKMG-WCTR-FPHC-FV0H-6SDR-19EA-XWA3-JQM3-N36Z-45SW-C630-DZDZ")
	var pdf bytes.Buffer
	if err := r.writeSheet(&pdf); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf.Bytes(), []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	entries, _ := db.Audit()
	last := entries[len(entries)-1]
	if last.Action != store.AuditPrint || last.Kind != "recovery-key" {
		t.Fatalf("last audit entry %+v", last)
	}
	if r.cont.Disabled() == false {
		t.Fatal("Continue is enabled before the key is said to be stored")
	}
	r.stored.SetChecked(true)
	if r.cont.Disabled() {
		t.Fatal("Continue stays disabled")
	}
}

func TestUnlockScreen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	db := openSetUp(t, path)
	if _, err := db.SavePatient(store.Patient{Name: "Σοφία Γεωργίου", DateOfBirth: store.Date{Year: 1984, Month: 6, Day: 2}}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db = openTestFile(t, path)
	s := shellOn(t, db)
	u := newUnlockScreen(s)
	s.win.SetContent(u.content)
	if u.who.Selected != "Siân Howells" {
		t.Fatalf("preselected %q", u.who.Selected)
	}
	test.Type(u.passphrase, "wrong passphrase entirely")
	u.passphrase.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if !db.Locked() || !u.message.Visible() || !strings.Contains(u.message.Text, "passphrase") {
		t.Fatalf("wrong passphrase: locked %v, message %q", db.Locked(), u.message.Text)
	}
	if u.passphrase.Text != "" {
		t.Fatal("the wrong passphrase stays in the box")
	}
	test.Type(u.passphrase, testPassphrase)
	test.Tap(u.unlock)
	if db.Locked() || s.patients == nil {
		t.Fatal("the right passphrase did not unlock")
	}
	if got := listNames(s.patients); len(got) != 1 || got[0] != "Σοφία Γεωργίου" {
		t.Fatalf("after unlock the list shows %v", got)
	}
	if s.lastPractitioner() == "" {
		t.Fatal("the practitioner is not remembered for next time")
	}
}

func TestLockKeepsUnsavedWorkAsDraft(t *testing.T) {
	s, db, _ := newTestShell(t, store.Patient{Name: "Ольга Иванова", DateOfBirth: store.Date{Year: 1985, Month: 2, Day: 3}})
	p := s.patients
	p.list.Select(0)
	p.form.phone.SetText("07700 900777")
	p.form.dob.SetText("03/02/198") // half typed: not a date yet

	s.Lock()
	if !db.Locked() || s.patients != nil {
		t.Fatal("Lock did not lock")
	}
	text := screenText(s.win.Canvas())
	if strings.Contains(text, "Ольга") || strings.Contains(text, "07700") {
		t.Fatalf("patient data visible while locked: %s", text)
	}
	if err := db.UnlockAny(testPassphrase); err != nil {
		t.Fatal(err)
	}
	s.showMain()
	f := s.patients.form
	if f.base.Name != "Ольга Иванова" || f.phone.Text != "07700 900777" || f.dob.Text != "03/02/198" || !f.Dirty() {
		t.Fatalf("after unlock the form shows %q phone %q dob %q dirty %v", f.base.Name, f.phone.Text, f.dob.Text, f.Dirty())
	}
	if stored := fullPatient(t, db, "ольга"); stored.Phone != "" {
		t.Fatal("the draft was saved into the record without the practitioner saving it")
	}
	if drafts, _ := db.Drafts(); len(drafts) != 0 {
		t.Fatalf("the restored draft was not cleared: %d", len(drafts))
	}
}

func TestAuditTrailTab(t *testing.T) {
	s, db, _ := newTestShell(t, store.Patient{Name: "Nguyễn Thị Minh", DateOfBirth: store.Date{Year: 1993, Month: 7, Day: 9}})
	p := s.patients
	p.list.Select(0)
	p.form.email.SetText("minh@example.com")
	test.Tap(p.form.save)
	if err := db.Record(store.AuditPrint, "programme", "", p.selected, "home programme sheet"); err != nil {
		t.Fatal(err)
	}
	p.tabs.SelectIndex(tabAudit)
	if len(p.audit.rows) != 3 {
		t.Fatalf("audit rows %v", p.audit.rows)
	}
	if !strings.Contains(p.audit.rows[0], "Siân Howells") || !strings.Contains(p.audit.rows[0], "programme: home programme sheet") {
		t.Fatalf("newest row %q", p.audit.rows[0])
	}
	if !strings.Contains(p.audit.rows[2], "patient") {
		t.Fatalf("oldest row %q", p.audit.rows[2])
	}
}

// The tests drive the idle check themselves (s.idleCheck), never a ticker.
func init() { idleCheckEvery = 24 * time.Hour }

func TestIdleLocksAfterTheClinicsMinutes(t *testing.T) {
	s, db, _ := newTestShell(t, store.Patient{Name: "Ama Mensah", DateOfBirth: store.Date{Year: 1981, Month: 4, Day: 16}})
	s.stopIdleWatch() // the test drives the check itself
	s.idleCheck()
	if db.Locked() {
		t.Fatal("locked straight away")
	}
	// Four idle minutes: still open (the default is five).
	s.mu.Lock()
	s.lastActivity = s.lastActivity.Add(-4 * time.Minute)
	s.mu.Unlock()
	s.idleCheck()
	if db.Locked() {
		t.Fatal("locked after four idle minutes")
	}
	// Typing counts as activity and restarts the clock.
	test.Type(s.patients.search, "ama")
	s.mu.Lock()
	s.lastActivity = s.lastActivity.Add(-4 * time.Minute)
	s.mu.Unlock()
	s.idleCheck()
	if db.Locked() {
		t.Fatal("typing did not count as activity")
	}
	s.mu.Lock()
	s.lastActivity = time.Now().Add(-5 * time.Minute)
	s.mu.Unlock()
	s.idleCheck()
	if !db.Locked() || s.patients != nil {
		t.Fatal("five idle minutes did not lock")
	}
}

func TestLockClosesDialogsThatNamePatients(t *testing.T) {
	s, db, _ := newTestShell(t,
		store.Patient{Name: "Zofia Kowalczyk", DateOfBirth: store.Date{Year: 1990, Month: 1, Day: 2}},
		store.Patient{Name: "Ama Eze", DateOfBirth: store.Date{Year: 1991, Month: 3, Day: 4}})
	p := s.patients
	p.list.Select(1)
	p.form.phone.SetText("07700 900321")
	p.list.Select(0) // asks about the unsaved changes to Zofia
	if s.win.Canvas().Overlays().Top() == nil {
		t.Fatal("no unsaved-changes dialog")
	}
	s.Lock()
	if s.win.Canvas().Overlays().Top() != nil {
		t.Fatal("a dialog stayed over the unlock screen")
	}
	if strings.Contains(screenText(s.win.Canvas()), "Zofia") {
		t.Fatal("a patient's name shows while locked")
	}
	if !db.Locked() {
		t.Fatal("not locked")
	}
}
