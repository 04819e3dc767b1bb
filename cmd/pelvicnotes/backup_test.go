package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBackupVerifyRestore(t *testing.T) {
	db := demoFile(t)
	before := listPatients(t, db)

	args := []string{"verify", "--db", db}
	r := pn(t, nil, args...)
	r.want(t, 0, args...)
	if !strings.Contains(r.stdout, "the record file is sound") || !strings.Contains(r.stdout, "patients: 25 checked") {
		t.Fatalf("verify printed %q", r.stdout)
	}

	args = []string{"backup", "--db", db}
	r = pn(t, nil, args...)
	r.want(t, 0, args...)
	out := lines(r.stdout)
	if len(out) != 1 || !strings.Contains(out[0], "verified") {
		t.Fatalf("backup printed %q", r.stdout)
	}
	backup := strings.Fields(out[0])[0]
	if filepath.Dir(backup) != filepath.Join(filepath.Dir(db), "backups") || !strings.HasPrefix(filepath.Base(backup), "pelvicnotes-") {
		t.Fatalf("backup at %s", backup)
	}
	other := t.TempDir()
	args = []string{"backup", "--db", db, "--to", other}
	pn(t, nil, args...).want(t, 0, args...)

	// Change the file, then restore the backup: the change is gone and the
	// replaced file is kept.
	pn(t, nil, "demo", "--db", filepath.Join(t.TempDir(), "x.db"), "--patients", "1").want(t, 0)
	os.Remove(db)
	pn(t, nil, "demo", "--db", db, "--patients", "3", "--seed", "9").want(t, 0)
	args = []string{"restore", "--from", backup, "--db", db}
	r = pn(t, nil, args...)
	r.want(t, 0, args...)
	if !strings.Contains(r.stdout, "kept as "+db+".replaced-") {
		t.Fatalf("restore printed %q", r.stdout)
	}
	aside := strings.TrimSpace(r.stdout[strings.Index(r.stdout, "kept as ")+len("kept as "):])
	if _, err := os.Stat(aside); err != nil {
		t.Fatalf("replaced file not kept: %v", err)
	}
	if after := listPatients(t, db); len(after) != len(before) || after[0] != before[0] {
		t.Fatalf("restored file lists %d patients, want %d", len(after), len(before))
	}
	if n := len(listPatients(t, aside)); n != 3 {
		t.Errorf("kept file has %d patients, want 3", n)
	}

	// Wrong passphrase: refused before anything is replaced.
	args = []string{"restore", "--from", backup, "--db", db}
	pn(t, []string{"PELVICNOTES_PASSPHRASE="}, args...).want(t, 1, args...)
	pn(t, []string{"PELVICNOTES_PASSPHRASE=not the right one at all"}, args...).want(t, 1, args...)
	if reps, _ := filepath.Glob(db + ".replaced-*"); len(reps) != 1 {
		t.Errorf("a refused restore replaced the file: %v", reps)
	}

	// A damaged file: verify fails with one line.
	data, _ := os.ReadFile(db)
	for i := 3 * 4096; i < 6*4096 && i < len(data); i++ {
		data[i] ^= 0x5a
	}
	damaged := filepath.Join(t.TempDir(), "damaged.db")
	os.WriteFile(damaged, data, 0o600)
	args = []string{"verify", "--db", damaged}
	r = pn(t, nil, args...)
	if r.code != 1 || strings.Count(r.stderr, "\n") != 1 {
		t.Fatalf("verify of a damaged file: exit %d, stderr %q", r.code, r.stderr)
	}
	t.Logf("damaged: %s", r.stderr)
}

func TestBackupUsage(t *testing.T) {
	for _, args := range [][]string{{"backup"}, {"verify"}, {"restore", "--db", "x.db"}} {
		pn(t, nil, args...).want(t, 2, args...)
	}
}
