package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pelvicnotes/pelvicnotes/store"
)

// sheetFixture makes a record file with two patients, one of whom has two
// programme versions (the second in Spanish), and returns its path and the
// patients' IDs.
func sheetFixture(t *testing.T) (path, withProgramme, without string) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "r.db")
	db, err := store.Open(path, store.Options{KDF: store.TestKDF})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Setup(store.SetupInfo{
		Clinic:       store.Clinic{Name: "Harbour Pelvic Health", Phone: "0117 496 0001"},
		Practitioner: store.Practitioner{Name: "Alex Morgan", Profession: "Physiotherapist"},
		Passphrase:   testPassphrase,
	}); err != nil {
		t.Fatal(err)
	}
	a, err := db.SavePatient(store.Patient{Name: "Lucía Muñoz Ibáñez", DateOfBirth: store.Date{Year: 1990, Month: 5, Day: 2}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := db.SavePatient(store.Patient{Name: "Grace Walker", DateOfBirth: store.Date{Year: 1985, Month: 1, Day: 9}})
	if err != nil {
		t.Fatal(err)
	}
	breathing, _ := store.LibraryExercise("diaphragmatic-breathing", store.LanguageEnglish)
	prog := store.Programme{PatientID: a.ID, Language: store.LanguageEnglish, Items: []store.ProgrammeItem{breathing.Item()}}
	if _, err := db.IssueProgramme(prog); err != nil {
		t.Fatal(err)
	}
	prog.Language, prog.Items = store.LanguageSpanish, store.Relanguage(prog.Items, store.LanguageSpanish)
	if _, err := db.IssueProgramme(prog); err != nil {
		t.Fatal(err)
	}
	return path, a.ID, b.ID
}

func TestPrintSheetPrintsTheCurrentProgrammeAndAuditsIt(t *testing.T) {
	path, withProg, without := sheetFixture(t)
	out := filepath.Join(t.TempDir(), "sheet.pdf")
	t.Setenv("PELVICNOTES_PASSPHRASE", testPassphrase)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"print", "sheet", "--db", path, "--patient", withProg, "--out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "version 2") {
		t.Errorf("stdout %q does not name the version printed", stdout.String())
	}
	pdf, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("no PDF written: %v %q", err, pdf[:min(len(pdf), 40)])
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		txt, err := exec.Command("pdftotext", "-enc", "UTF-8", out, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		if s := string(txt); !strings.Contains(s, "Para Lucía") || !strings.Contains(s, "Su semana") || strings.Contains(s, "Muñoz") {
			t.Errorf("the sheet is not version 2 in Spanish for Lucía alone:\n%s", s)
		}
	}
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.UnlockAny(testPassphrase); err != nil {
		t.Fatal(err)
	}
	audit, _ := db.PatientAudit(withProg)
	if last := audit[len(audit)-1]; last.Action != store.AuditPrint || !strings.Contains(last.Detail, "version 2") {
		t.Errorf("last audit entry %+v, want the print of version 2", last)
	}
	db.Close()

	// A patient with no programme: one clear line, exit 1, no file.
	stdout.Reset()
	stderr.Reset()
	none := filepath.Join(t.TempDir(), "none.pdf")
	if code := run([]string{"print", "sheet", "--db", path, "--patient", without, "--out", none}, &stdout, &stderr); code != 1 {
		t.Fatalf("exit %d for a patient with no programme", code)
	}
	if !strings.Contains(stderr.String(), "no home programme yet") || strings.Count(stderr.String(), "\n") != 1 {
		t.Errorf("stderr %q", stderr.String())
	}
	if _, err := os.Stat(none); err == nil {
		t.Error("a file was written for a patient with no programme")
	}
	// Bad usage: exit 2.
	if code := run([]string{"print", "sheet", "--db", path, "--out", none}, &stdout, &stderr); code != 2 {
		t.Errorf("exit %d without --patient, want 2", code)
	}
	if code := run([]string{"print", "sheet", "--db", path, "--patient", "0000000000000000", "--out", none}, &stdout, &stderr); code != 1 {
		t.Errorf("exit %d for an unknown patient, want 1", code)
	}
}
