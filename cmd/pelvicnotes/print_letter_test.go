package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pelvicnotes/pelvicnotes/store"
)

// runIn runs the command in-process with the test passphrase.
func runIn(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	t.Setenv("PELVICNOTES_PASSPHRASE", testPassphrase)
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func unlocked(t *testing.T, path string) *store.DB {
	t.Helper()
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.UnlockAny(testPassphrase); err != nil {
		db.Close()
		t.Fatal(err)
	}
	return db
}

func TestPrintLetter(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "clinic.db")
	if code, _, stderr := runIn(t, "demo", "--db", path, "--patients", "20", "--seed", "3"); code != 0 {
		t.Fatalf("demo: %s", stderr)
	}
	// The demo issued letters, each kept with its fingerprint.
	db := unlocked(t, path)
	ps := db.Patients()
	var demoLetters int
	for _, p := range ps {
		ls, err := db.Letters(p.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range ls {
			if l.SHA256 != store.LetterHash(l.PDF) || !bytes.HasPrefix(l.PDF, []byte("%PDF-")) {
				t.Errorf("demo letter %s is not kept whole", l.ID)
			}
		}
		demoLetters += len(ls)
	}
	if demoLetters == 0 {
		t.Error("the demo issued no letters")
	}
	patient, err := db.Patient(ps[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	gp, err := db.Referrer(patient.Referral.ReferrerID)
	if err != nil {
		t.Fatalf("the demo patient has no referrer: %v", err)
	}
	before, _ := db.Letters(patient.ID)
	// A patient nobody referred.
	orphan, err := db.SavePatient(store.Patient{Name: "Mirela Ionescu", DateOfBirth: store.Date{Year: 1990, Month: time.May, Day: 2}})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	out := filepath.Join(dir, "letter.pdf")
	code, stdout, stderr := runIn(t, "print", "letter", "--db", path, "--patient", patient.ID, "--out", out)
	if code != 0 {
		t.Fatalf("print letter: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "progress letter to "+gp.Name) {
		t.Errorf("stdout %q", stdout)
	}
	file, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}

	db = unlocked(t, path)
	after, err := db.Letters(patient.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before)+1 {
		t.Fatalf("%d letters after printing one, had %d", len(after), len(before))
	}
	issued := after[len(after)-1]
	if !bytes.Equal(issued.PDF, file) || issued.Kind != store.LetterProgress || issued.To != gp.Name {
		t.Error("the file is not the letter kept in the record")
	}
	for i := range before {
		if !bytes.Equal(before[i].PDF, after[i].PDF) || before[i].SHA256 != after[i].SHA256 {
			t.Errorf("letter %d changed when a later one was issued", i)
		}
	}
	audit, err := db.PatientAudit(patient.ID)
	if err != nil {
		t.Fatal(err)
	}
	var created, printed bool
	for _, e := range audit {
		created = created || (e.Kind == "letter" && e.Action == store.AuditCreate && e.RecordID == issued.ID)
		printed = printed || (e.Kind == "letter" && e.Action == store.AuditPrint && e.RecordID == issued.ID)
	}
	if !created || !printed {
		t.Errorf("the audit lacks the letter's issue (%v) or its copy to a file (%v)", created, printed)
	}
	db.Close()

	// No referrer: a clear refusal, exit 1, nothing written.
	out2 := filepath.Join(dir, "orphan.pdf")
	code, _, stderr = runIn(t, "print", "letter", "--db", path, "--patient", orphan.ID, "--kind", "initial", "--out", out2)
	if code != 1 || !strings.Contains(stderr, "has no referrer") {
		t.Errorf("no referrer: exit %d, %q", code, stderr)
	}
	if _, err := os.Stat(out2); err == nil {
		t.Error("a file was written for a patient without a referrer")
	}
	// Usage errors exit 2; an existing file is not overwritten.
	for _, args := range [][]string{
		{"print", "letter", "--db", path, "--out", out2},
		{"print", "letter", "--db", path, "--patient", patient.ID},
		{"print", "letter", "--db", path, "--patient", patient.ID, "--kind", "final", "--out", out2},
	} {
		if code, _, _ := runIn(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code, _, stderr := runIn(t, "print", "letter", "--db", path, "--patient", patient.ID, "--out", out); code != 1 || !strings.Contains(stderr, "already exists") {
		t.Errorf("existing file: exit %d, %q", code, stderr)
	}
}
