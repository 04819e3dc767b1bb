package store

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"log"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// signedSessionFor saves and signs a session for patientID, acknowledging
// whatever warnings it raises.
func signedSessionFor(t testing.TB, db *DB, patientID string) Session {
	t.Helper()
	s := validSession()
	s.ID, s.PatientID, s.PractitionerID, s.Warnings = "", patientID, "", nil
	s.TreatedAt = db.Now().Add(-time.Hour)
	out, err := db.SaveAndSignSession(s, nil)
	var u *UnacknowledgedError
	if errors.As(err, &u) {
		var acks []AcknowledgedWarning
		for _, w := range u.Warnings {
			acks = append(acks, AcknowledgedWarning{RuleID: w.RuleID})
		}
		out, err = db.SaveAndSignSession(s, acks)
	}
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestBackupVerifyListRestore(t *testing.T) {
	db, path := openTemp(t)
	p, err := db.SavePatient(validPatient())
	if err != nil {
		t.Fatal(err)
	}
	s := signedSessionFor(t, db, p.ID)
	if _, err := db.AmendSession(s.ID, s, "corrected the plan", []AcknowledgedWarning{}); err != nil {
		var u *UnacknowledgedError
		if !errors.As(err, &u) {
			t.Fatal(err)
		}
		if _, err := db.AmendSession(s.ID, s, "corrected the plan", ackAll(t, err)); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := db.Verify()
	if err != nil || !rep.OK() {
		t.Fatalf("verify: %v\n%s", err, rep)
	}
	if rep.Checked["sessions"] != 2 || rep.Checked["patients"] != 1 {
		t.Errorf("checked %v", rep.Checked)
	}
	dir := filepath.Join(t.TempDir(), "backups")
	info, err := db.Backup(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !info.Verified || info.Size == 0 || filepath.Base(info.Path) != "pelvicnotes-20261121-103000.db" {
		t.Fatalf("backup %+v", info)
	}
	info2, err := db.Backup(dir) // same second: a distinct name
	if err != nil || info2.Path == info.Path {
		t.Fatalf("second backup %+v, %v", info2, err)
	}
	list, err := ListBackups(dir)
	if err != nil || len(list) != 2 || list[0].Path != info2.Path {
		t.Fatalf("list %+v, %v", list, err)
	}
	audit, _ := db.Audit()
	if last := audit[len(audit)-1]; last.Action != AuditBackup || last.Detail != filepath.Base(info2.Path) {
		t.Errorf("last audit entry %+v", last)
	}
	db.mu.RLock()
	key := append([]byte(nil), db.key...)
	db.mu.RUnlock()
	if rep, err := VerifyFile(info.Path, key); err != nil || !rep.OK() {
		t.Fatalf("verify backup: %v %s", err, rep)
	}
	wrong := make([]byte, 32)
	if rep, err := VerifyFile(info.Path, wrong); err != nil || rep.OK() {
		t.Fatalf("a wrong key verified: %v", err)
	}

	// Restore refuses while the file is open, then works once it is closed.
	if _, err := Restore(info.Path, path); !errors.Is(err, ErrAlreadyOpen) {
		t.Fatalf("restore over an open file: %v", err)
	}
	if _, err := db.SavePatient(Patient{Name: "Later Person", DateOfBirth: Date{1970, 1, 2}, Sex: SexFemale}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	aside, err := Restore(info.Path, path)
	if err != nil || !strings.HasPrefix(aside, path+".replaced-") {
		t.Fatalf("restore: %q %v", aside, err)
	}
	if _, err := os.Stat(aside); err != nil {
		t.Fatal("the replaced file was not kept")
	}
	db2 := reopen(t, path)
	if err := db2.UnlockAny(testPassphrase); err != nil {
		t.Fatal(err)
	}
	if db2.PatientCount() != 1 {
		t.Errorf("restored file has %d patients, want 1", db2.PatientCount())
	}
	// Not a record file: refused, nothing changed.
	junk := filepath.Join(t.TempDir(), "junk.db")
	os.WriteFile(junk, bytes.Repeat([]byte("x"), 8192), 0o600)
	if _, err := Restore(junk, filepath.Join(t.TempDir(), "r.db")); !errors.Is(err, ErrNotRecordFile) {
		t.Errorf("restore from junk: %v", err)
	}
}

func TestRotateBackups(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	// Every 6 hours for 400 days.
	for i := 0; i < 400*4; i++ {
		at := now.Add(-time.Duration(i) * 6 * time.Hour)
		os.WriteFile(filepath.Join(dir, backupName(at, 1)), []byte("x"), 0o600)
	}
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o600)
	removed, err := RotateBackups(dir, now)
	if err != nil {
		t.Fatal(err)
	}
	list, _ := ListBackups(dir)
	if len(removed)+len(list) != 1600 {
		t.Fatalf("removed %d kept %d", len(removed), len(list))
	}
	// 10 last (within 3 days), then one a day for the rest of 14 days, then one a month.
	days := map[string]bool{}
	months := map[string]bool{}
	for i, b := range list {
		if i < 10 && b.Time != now.Add(-time.Duration(i)*6*time.Hour) {
			t.Errorf("backup %d is %v", i, b.Time)
		}
		days[b.Time.Format("20060102")] = true
		months[b.Time.Format("200601")] = true
	}
	if len(list) > 10+14+13 || len(days) < 14 || len(months) < 12 {
		t.Errorf("kept %d backups over %d days and %d months", len(list), len(days), len(months))
	}
	if _, err := os.Stat(filepath.Join(dir, "notes.txt")); err != nil {
		t.Error("rotation removed a file that is not a backup")
	}
	if again, _ := RotateBackups(dir, now); len(again) != 0 {
		t.Errorf("second rotation removed %d", len(again))
	}
}

// Fault 4: backups taken while another goroutine saves sessions verify.
func TestBackupUnderLoad(t *testing.T) {
	db, _ := openTemp(t)
	p, err := db.SavePatient(validPatient())
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	saves := 0
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			signedSessionFor(t, db, p.ID)
			saves++
		}
	}()
	dir := t.TempDir()
	for i := 0; i < 5; i++ {
		info, err := db.Backup(dir)
		if err != nil || !info.Verified {
			close(stop)
			wg.Wait()
			t.Fatalf("backup %d: %v", i, err)
		}
	}
	close(stop)
	wg.Wait()
	list, _ := ListBackups(dir)
	if len(list) != 5 {
		t.Fatalf("%d backups", len(list))
	}
	t.Logf("5 backups verified during %d saves", saves)
}

// Fault 5: an unusable backup folder gives a clear error; the app keeps working.
func TestBackupFolderUnusable(t *testing.T) {
	db, _ := openTemp(t)
	file := filepath.Join(t.TempDir(), "a-file")
	os.WriteFile(file, []byte("x"), 0o600)
	_, err := db.Backup(filepath.Join(file, "backups"))
	if err == nil || !strings.Contains(err.Error(), "backup folder") {
		t.Fatalf("backup under a file: %v", err)
	}
	if os.Geteuid() != 0 {
		locked := filepath.Join(t.TempDir(), "locked")
		os.Mkdir(locked, 0o000)
		defer os.Chmod(locked, 0o700)
		if _, err := db.Backup(locked); err == nil || !strings.Contains(err.Error(), "could not be written") {
			t.Errorf("backup into an unreadable folder: %v", err)
		}
	}
	if _, err := db.SavePatient(validPatient()); err != nil {
		t.Fatalf("the app stopped working: %v", err)
	}
}

// fileOfSignedSessions sets up a record file at path holding n patients,
// each with a signed session.
func fileOfSignedSessions(t *testing.T, path string, n int) *DB {
	t.Helper()
	db, _ := setUp(t, path)
	for range n {
		p := validPatient()
		p.Identifier = ""
		p, err := db.SavePatient(p)
		if err != nil {
			t.Fatal(err)
		}
		signedSessionFor(t, db, p.ID)
	}
	return db
}

// Fault 3: truncated and overwritten files are reported, never a panic.
func TestCorruptFilesAreDetected(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "good.db")
	db := fileOfSignedSessions(t, path, 30)
	db.Close()
	good, _ := os.ReadFile(path)

	check := func(name string, data []byte) {
		t.Helper()
		f := filepath.Join(dir, name)
		os.WriteFile(f, data, 0o600)
		db, err := Open(f, Options{Now: func() time.Time { return fixedNow }, KDF: TestKDF})
		if err != nil {
			if !errors.Is(err, ErrDamaged) && !errors.Is(err, ErrNotRecordFile) {
				t.Errorf("%s: open: unclear error %v", name, err)
			}
			t.Logf("%s: %v", name, err)
			return
		}
		defer db.Close()
		if err := db.UnlockAny(testPassphrase); err != nil {
			if !errors.Is(err, ErrDamaged) && !errors.Is(err, ErrTampered) {
				t.Errorf("%s: unlock: unclear error %v", name, err)
			}
			t.Logf("%s: unlock: %v", name, err)
			return
		}
		rep, err := db.Verify()
		if err == nil && rep.OK() {
			t.Errorf("%s: damage not detected", name)
		}
		t.Logf("%s: %v %s", name, err, rep.Summary())
	}
	check("truncated.db", good[:len(good)/2])
	const page = 4096
	over := append([]byte(nil), good...)
	for _, pg := range []int{2, 3, len(good)/page - 2} {
		rand.Read(over[pg*page : (pg+1)*page])
	}
	check("overwritten.db", over)
}

// No personal data in logs: the store writes nothing to the log.
func TestNoPersonalDataInLog(t *testing.T) {
	var buf bytes.Buffer
	log.SetOutput(&buf)
	defer log.SetOutput(os.Stderr)
	db, _ := openTemp(t)
	p := validPatient()
	p.Name = "Zyxwvut Qqqq"
	p, err := db.SavePatient(p)
	if err != nil {
		t.Fatal(err)
	}
	signedSessionFor(t, db, p.ID)
	if _, err := db.Backup(t.TempDir()); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Verify(); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "Zyxwvut") || strings.Contains(buf.String(), "Qqqq") {
		t.Errorf("the log holds the patient's name: %q", buf.String())
	}
}

// A backup stopped while the backup drive does not answer ends its read of
// the record file at once, so that the file closes; nothing of it is
// listed, and the half-written copy goes once the drive answers.
func TestBackupStoppedWhileTheDriveHangsLetsTheFileClose(t *testing.T) {
	db, _ := openTemp(t)
	if _, err := db.SavePatient(validPatient()); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	copying, release := make(chan struct{}), make(chan struct{})
	var once, releaseOnce sync.Once
	unhang := func() { releaseOnce.Do(func() { close(release) }) }
	t.Cleanup(unhang) // before the file is closed, should the test fail
	result := make(chan error, 1)
	go func() {
		_, err := db.BackupContext(ctx, dir, func(written, total int64) {
			if total <= 0 || written > total {
				t.Errorf("progress %d of %d", written, total)
			}
			once.Do(func() { close(copying) })
			<-release // the drive hangs on a write
		})
		result <- err
	}()
	<-copying
	cancel()
	select {
	case err := <-result:
		if !errors.Is(err, ErrBackupAbandoned) {
			t.Fatalf("a stopped backup returned %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the stopped backup did not return while the drive hung")
	}
	closed := make(chan error, 1)
	go func() { closed <- db.Close() }()
	select {
	case err := <-closed:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		unhang()
		t.Fatal("the record file could not be closed: the backup still holds its read transaction")
	}
	if list, _ := ListBackups(dir); len(list) != 0 {
		t.Fatalf("a stopped backup is listed: %+v", list)
	}
	unhang() // the drive answers at last
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		left, _ := filepath.Glob(filepath.Join(dir, "*"))
		if len(left) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the stopped backup left %v", left)
		}
	}
}

// A backup stopped before it starts copying writes nothing.
func TestBackupStoppedBeforeItStartsWritesNothing(t *testing.T) {
	db, _ := openTemp(t)
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := db.BackupContext(ctx, dir, nil); !errors.Is(err, ErrBackupAbandoned) {
		t.Fatalf("got %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 0 {
		t.Fatalf("left %v", left)
	}
}

// Half-written backups left by a PelvicNotes that stopped are removed by
// the next backup; one being written now (touched lately) and files that
// are not ours stay.
func TestBackupRemovesAbandonedPartialCopies(t *testing.T) {
	db, _ := openTemp(t)
	dir := t.TempDir()
	old := filepath.Join(dir, "pelvicnotes-20261101-170000.db.partial")
	old2 := filepath.Join(dir, "pelvicnotes-20261101-170000-2.db.partial")
	fresh := filepath.Join(dir, "pelvicnotes-20261121-090000.db.partial")
	notOurs := filepath.Join(dir, "holiday-photos.db.partial")
	for _, p := range []string{old, old2, fresh, notOurs} {
		if err := os.WriteFile(p, []byte("half a copy"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	long := time.Now().Add(-2 * time.Hour)
	for _, p := range []string{old, old2, notOurs} {
		if err := os.Chtimes(p, long, long); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Backup(dir); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{old, old2} {
		if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the abandoned %s is still there (%v)", filepath.Base(p), err)
		}
	}
	for _, p := range []string{fresh, notOurs} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s was removed: %v", filepath.Base(p), err)
		}
	}
	if list, _ := ListBackups(dir); len(list) != 1 {
		t.Fatalf("backups: %+v", list)
	}
}
