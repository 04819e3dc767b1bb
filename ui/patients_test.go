package ui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/store"
)

var testNow = time.Date(2026, time.November, 21, 9, 0, 0, 0, time.UTC)

// newTestShell opens a fresh record file and the main window on it, at laptop size.
func newTestShell(t *testing.T, patients ...store.Patient) (*Shell, *store.DB, string) {
	t.Helper()
	a := test.NewTempApp(t)
	path := filepath.Join(t.TempDir(), "records.db")
	db := openSetUp(t, path)
	if len(patients) > 0 {
		if _, err := db.SavePatients(patients); err != nil {
			t.Fatal(err)
		}
	}
	s := NewShell(a, db)
	s.background = runNow
	s.win.Resize(fyne.NewSize(1366, 768))
	s.win.Show()
	t.Cleanup(s.win.Close)
	return s, db, path
}

const testPassphrase = "correct horse battery staple"

// openTestFile opens a record file with cheap key derivation and a fixed clock.
func openTestFile(t *testing.T, path string) *store.DB {
	t.Helper()
	db, err := store.Open(path, store.Options{Now: func() time.Time { return testNow }, KDF: store.TestKDF})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// openSetUp makes a new record file, set up and unlocked.
func openSetUp(t *testing.T, path string) *store.DB {
	t.Helper()
	db := openTestFile(t, path)
	_, err := db.Setup(store.SetupInfo{
		Clinic:       store.Clinic{Name: "Harbour Pelvic Health", Address: "2 Harbour View\nBristol BS1 4QQ"},
		Practitioner: store.Practitioner{Name: "Siân Howells", Profession: "Physiotherapist", RegistrationNumber: "PH123456"},
		Passphrase:   testPassphrase,
	})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// fullPatient reads the one patient a search finds.
func fullPatient(t *testing.T, db *store.DB, query string) store.Patient {
	t.Helper()
	hits := db.SearchPatients(query)
	if len(hits) != 1 {
		t.Fatalf("search %q found %d patients", query, len(hits))
	}
	p, err := db.Patient(hits[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// runNow runs background work at once, so tests see its result directly.
func runNow(work func() (any, error), done func(any, error)) { done(work()) }

// listNames is what the patient list shows, row by row.
func listNames(s *patientsScreen) []string {
	var names []string
	for i := 0; i < s.listLength(); i++ {
		row := s.newRow()
		s.updateRow(i, row)
		names = append(names, row.(*fyne.Container).Objects[0].(*widget.Label).Text)
	}
	return names
}

// findButton finds a visible button by its text anywhere on the canvas, dialogs included.
func findButton(t *testing.T, c fyne.Canvas, text string) *widget.Button {
	t.Helper()
	roots := []fyne.CanvasObject{c.Content()}
	for _, o := range c.Overlays().List() {
		roots = append(roots, o)
	}
	for i := len(roots) - 1; i >= 0; i-- {
		for _, o := range test.LaidOutObjects(roots[i]) {
			if b, ok := o.(*widget.Button); ok && b.Text == text && b.Visible() {
				return b
			}
		}
	}
	t.Fatalf("no button %q on screen", text)
	return nil
}

func TestAddFindEditPatient(t *testing.T) {
	s, db, _ := newTestShell(t, store.Patient{Name: "Amelia Smith", DateOfBirth: store.Date{Year: 1990, Month: 5, Day: 1}})
	p := s.patients
	f := p.form
	if got := p.count.Text; got != "1 patient" {
		t.Fatalf("count %q", got)
	}

	// Add a patient by keyboard.
	test.Tap(p.newBtn)
	if s.win.Canvas().Focused() != f.name {
		t.Fatal("New patient did not put the cursor in Name")
	}
	test.Type(f.name, "Łucja Żółć")
	test.Type(f.dob, "14/03/1988")
	if !f.dobHint.Visible() || f.dobHint.Text != "14 Mar 1988, 38 years old" {
		t.Fatalf("date of birth read-back %q", f.dobHint.Text)
	}
	f.sex.SetSelected("Female")
	test.Type(f.phone, "07700 900123")
	test.Type(f.email, "lucja@example.com")
	test.Type(f.identifier, "943 476 5919")
	test.Tap(f.save)

	if got := strings.Join(listNames(p), "|"); got != "Amelia Smith|Łucja Żółć" {
		t.Fatalf("list after adding: %s", got)
	}
	if f.title.Text != "Łucja Żółć" || f.IsNew() {
		t.Fatalf("form after save shows %q (new %v)", f.title.Text, f.IsNew())
	}
	if p.count.Text != "2 patients" {
		t.Fatalf("count %q", p.count.Text)
	}

	// Find her by typing part of the name, without the accents.
	test.Type(p.search, "zol")
	if got := strings.Join(listNames(p), "|"); got != "Łucja Żółć" {
		t.Fatalf("search 'zol' shows %s", got)
	}
	if p.count.Text != "1 of 2 patients" {
		t.Fatalf("count while searching %q", p.count.Text)
	}

	// Open the first match, edit her name and phone, save.
	p.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if f.base.Name != "Łucja Żółć" {
		t.Fatalf("Enter in search opened %q", f.base.Name)
	}
	f.name.SetText("Łucja Żółć-Nowak")
	f.phone.SetText("0117 496 0000")
	if !f.Dirty() || f.save.Disabled() {
		t.Fatal("edited form is not marked as changed")
	}
	test.Tap(f.save)

	if got := strings.Join(listNames(p), "|"); got != "Łucja Żółć-Nowak" {
		t.Fatalf("list after edit: %s", got)
	}
	if !f.save.Disabled() {
		t.Fatal("Save still enabled with nothing changed")
	}
	hits := db.SearchPatients("nowak")
	var stored []store.Patient
	for _, h := range hits {
		p, _ := db.Patient(h.ID)
		stored = append(stored, p)
	}
	if len(stored) != 1 || stored[0].Phone != "0117 496 0000" || stored[0].DateOfBirth != (store.Date{Year: 1988, Month: 3, Day: 14}) {
		t.Fatalf("stored after edit: %+v", stored)
	}
	if db.PatientCount() != 2 {
		t.Fatalf("edit created a new patient: %d on file", db.PatientCount())
	}
}

func TestValidationMessagesAndNothingSaved(t *testing.T) {
	s, db, _ := newTestShell(t)
	f := s.patients.form
	test.Tap(s.patients.newBtn)
	test.Type(f.dob, "31/04/1990")
	test.Type(f.email, "lucja.example.com")
	test.Type(f.phone, "call me")
	test.Tap(f.save)

	want := map[string]string{
		store.FieldName:        "Enter the patient's name.",
		store.FieldDateOfBirth: "That day does not exist in the calendar.",
		store.FieldEmail:       "An email address looks like name@example.com.",
		store.FieldPhone:       "A phone number holds digits, spaces, + ( ) and - only.",
		store.FieldIdentifier:  "",
	}
	for field, msg := range want {
		l := f.messages[field]
		if l.Text != msg || l.Visible() != (msg != "") {
			t.Errorf("%s message %q (visible %v), want %q", field, l.Text, l.Visible(), msg)
		}
	}
	if s.win.Canvas().Focused() != f.name {
		t.Error("the cursor did not go to the first field at fault")
	}
	if db.PatientCount() != 0 {
		t.Fatal("an invalid patient was saved")
	}
	test.AssertRendersToMarkup(t, "patient_form_refused.xml", s.win.Canvas())

	// Messages clear as each field is put right.
	test.Type(f.name, "Σοφία Γεωργίου")
	if f.messages[store.FieldName].Visible() {
		t.Error("name message stayed after typing a name")
	}
	f.dob.SetText("01/01/2027")
	if got := f.messages[store.FieldDateOfBirth].Text; got != "The date of birth must be in the past." {
		t.Errorf("future date message %q", got)
	}
	f.dob.SetText("31/12/1899")
	if got := f.messages[store.FieldDateOfBirth].Text; got != "A date of birth before 1900 cannot be right." {
		t.Errorf("1899 message %q", got)
	}
	f.dob.SetText("30/04/1990")
	f.email.SetText("sofia@example.com")
	f.phone.SetText("+30 210 555 0100")
	test.Tap(f.save)
	if db.PatientCount() != 1 {
		t.Fatalf("corrected patient not saved: %v", f.messages)
	}
}

func TestUnsavedChangesAreNotLostWhenSwitchingPatient(t *testing.T) {
	s, db, _ := newTestShell(t,
		store.Patient{Name: "Ольга Иванова", DateOfBirth: store.Date{Year: 1985, Month: 2, Day: 3}},
		store.Patient{Name: "Nguyễn Thị Minh", DateOfBirth: store.Date{Year: 1993, Month: 7, Day: 9}},
	)
	p := s.patients
	p.list.Select(0) // Nguyễn Thị Minh
	p.form.phone.SetText("07700 900456")

	p.list.Select(1) // try to open Ольга with the change unsaved
	test.Tap(findButton(t, s.win.Canvas(), "Keep editing"))
	if p.form.base.Name != "Nguyễn Thị Minh" || p.form.phone.Text != "07700 900456" {
		t.Fatalf("Keep editing lost the change: form shows %q phone %q", p.form.base.Name, p.form.phone.Text)
	}

	p.list.Select(1)
	test.Tap(findButton(t, s.win.Canvas(), "Save"))
	if p.form.base.Name != "Ольга Иванова" {
		t.Fatalf("after Save the form shows %q", p.form.base.Name)
	}
	if got := fullPatient(t, db, "minh"); got.Phone != "07700 900456" {
		t.Fatalf("Save in the dialog did not save: %+v", got)
	}

	p.form.email.SetText("olga@example.com")
	test.Tap(p.newBtn)
	test.Tap(findButton(t, s.win.Canvas(), "Discard changes"))
	if !p.form.IsNew() || p.form.email.Text != "" {
		t.Fatal("Discard did not open a new patient form")
	}
	if got := fullPatient(t, db, "ольга"); got.Email != "" {
		t.Fatalf("discarded change was saved: %+v", got)
	}
}

func TestSearchByDateOfBirthAndIdentifier(t *testing.T) {
	s, _, _ := newTestShell(t, store.DemoPatients(30, 5, store.DateOf(testNow))...)
	p := s.patients
	target := p.shown[17]
	test.Type(p.search, target.DateOfBirth.Numeric())
	found := false
	for _, n := range listNames(p) {
		found = found || n == target.Name
	}
	if !found {
		t.Fatalf("searching %s did not find %s", target.DateOfBirth.Numeric(), target.Name)
	}
	p.search.SetText(strings.ReplaceAll(target.Identifier, " ", ""))
	if got := listNames(p); len(got) != 1 || got[0] != target.Name {
		t.Fatalf("identifier search gave %v", got)
	}
	p.search.SetText("no such person")
	if len(p.shown) != 0 || !strings.Contains(p.count.Text, "No patient matches") {
		t.Fatalf("empty search result shows %d rows, %q", len(p.shown), p.count.Text)
	}
}

func TestPatientsSurviveRestart(t *testing.T) {
	s, db, path := newTestShell(t)
	f := s.patients.form
	test.Tap(s.patients.newBtn)
	test.Type(f.name, "Ольга Смирнова")
	test.Type(f.dob, "5 Oct 1979")
	f.address.SetText("4 Linden Grove\nYork YO31 7ZZ")
	test.Tap(f.save)
	db.Close()

	db2 := openTestFile(t, path)
	if err := db2.UnlockAny(testPassphrase); err != nil {
		t.Fatal(err)
	}
	s2 := NewShell(test.NewTempApp(t), db2)
	t.Cleanup(s2.win.Close) // stops its timers
	if got := listNames(s2.patients); len(got) != 1 || got[0] != "Ольга Смирнова" {
		t.Fatalf("after restart the list shows %v", got)
	}
	s2.patients.list.Select(0)
	if s2.patients.form.address.Text != "4 Linden Grove\nYork YO31 7ZZ" || s2.patients.form.dob.Text != "05/10/1979" {
		t.Fatalf("after restart the form shows %q %q", s2.patients.form.address.Text, s2.patients.form.dob.Text)
	}
}
