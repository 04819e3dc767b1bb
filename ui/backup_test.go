package ui

import (
	"context"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/store"
)

// testClock is a clinic clock the test moves.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// backupFixture is an unlocked shell on a real temp file whose clock and
// backup timer the test drives.
type backupFixture struct {
	s      *Shell
	a      fyne.App
	path   string
	clock  *testClock
	ticks  chan time.Time
	ticked chan struct{}
	later  []scheduled // what the shell asked to run after a delay
}

// scheduled is a function the shell asked to run on the UI goroutine
// after a delay: the test runs it by hand (a timer's fyne.Do runs on the
// timer's goroutine under the test driver, racing the test's).
type scheduled struct {
	after   time.Duration
	f       func()
	stopped *bool
}

// runLater runs, on the test goroutine, what the shell scheduled for
// after d and has not stopped since.
func (f *backupFixture) runLater(t *testing.T, d time.Duration) {
	t.Helper()
	ran := false
	for _, x := range slices.Clone(f.later) {
		if x.after == d && !*x.stopped {
			*x.stopped = true
			x.f()
			ran = true
		}
	}
	if !ran {
		t.Fatalf("nothing is scheduled for %v from now", d)
	}
}

func newBackupFixture(t *testing.T, patients ...store.Patient) *backupFixture {
	t.Helper()
	f := &backupFixture{a: test.NewTempApp(t), path: filepath.Join(t.TempDir(), "records.db"),
		clock: &testClock{t: testNow}, ticks: make(chan time.Time), ticked: make(chan struct{})}
	opt := store.Options{Now: f.clock.Now, KDF: store.TestKDF}
	db, err := store.Open(f.path, opt)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Setup(store.SetupInfo{
		Clinic:       store.Clinic{Name: "Harbour Pelvic Health", Address: "2 Harbour View\nBristol BS1 4QQ"},
		Practitioner: store.Practitioner{Name: "Siân Howells", Profession: "Physiotherapist", RegistrationNumber: "PH123456"},
		Passphrase:   testPassphrase,
	}); err != nil {
		t.Fatal(err)
	}
	if len(patients) > 0 {
		if _, err := db.SavePatients(patients); err != nil {
			t.Fatal(err)
		}
	}
	s := NewShell(f.a, db)
	f.s = s
	t.Cleanup(func() { s.DB().Close() })
	s.background = runNow
	s.open = func(p string) (*store.DB, error) { return store.Open(p, opt) }
	s.backups.ticks = func() (<-chan time.Time, func()) { return f.ticks, func() {} }
	s.backups.onTick = func() { f.ticked <- struct{}{} }
	s.backups.after = func(d time.Duration, fn func()) func() {
		stopped := new(bool)
		f.later = append(f.later, scheduled{d, fn, stopped})
		return func() { *stopped = true }
	}
	s.StartAutomaticBackups()
	s.win.Resize(fyne.NewSize(1366, 768))
	s.win.Show()
	t.Cleanup(func() {
		if windowOpen(f.a, s.win) {
			s.win.Close()
		}
	})
	return f
}

// tick sends one timer tick and waits until it has been handled.
func (f *backupFixture) tick(t *testing.T) {
	t.Helper()
	select {
	case f.ticks <- time.Time{}:
	case <-time.After(10 * time.Second):
		t.Fatal("the backup timer is not running")
	}
	select {
	case <-f.ticked:
	case <-time.After(30 * time.Second):
		t.Fatal("the tick was not handled")
	}
}

func (f *backupFixture) backups(t *testing.T) []store.BackupInfo {
	t.Helper()
	list, err := store.ListBackups(DefaultBackupFolder(f.path))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	return list
}

func windowOpen(a fyne.App, w fyne.Window) bool {
	for _, x := range a.Driver().AllWindows() {
		if x == w {
			return true
		}
	}
	return false
}

// openCopy opens a copy of a record file (a backup or a file kept aside)
// and unlocks it, as a practitioner would after restoring it.
func openCopy(t *testing.T, path string) *store.DB {
	t.Helper()
	cp := filepath.Join(t.TempDir(), "copy.db")
	src, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.Create(cp)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	dst.Close()
	db := openTestFile(t, cp)
	if err := db.UnlockAny(testPassphrase); err != nil {
		t.Fatal(err)
	}
	return db
}

func hasAudit(t *testing.T, db *store.DB, action store.AuditAction, detail string) bool {
	t.Helper()
	entries, err := db.Audit()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Action == action && strings.Contains(e.Detail, detail) {
			return true
		}
	}
	return false
}

func TestClosingTheWindowMakesAVerifiedBackup(t *testing.T) {
	f := newBackupFixture(t, store.Patient{Name: "Ngozi Okafor", DateOfBirth: store.Date{Year: 1986, Month: 5, Day: 9}})
	if len(f.backups(t)) != 0 {
		t.Fatal("a backup before any was due")
	}
	f.s.onCloseRequested()
	if windowOpen(f.a, f.s.win) {
		t.Fatal("the window stayed open")
	}
	list := f.backups(t)
	if len(list) != 1 || !list[0].Verified || list[0].Size == 0 {
		t.Fatalf("backups after closing: %+v", list)
	}
	if !hasAudit(t, f.s.DB(), store.AuditBackup, filepath.Base(list[0].Path)) {
		t.Error("the backup is not in the audit trail")
	}
	// The backup is a whole, readable record.
	b := openCopy(t, list[0].Path)
	if rep, err := b.Verify(); err != nil || !rep.OK() {
		t.Fatalf("the backup does not verify: %v %s", err, rep)
	}
	if len(b.SearchPatients("Okafor")) != 1 {
		t.Fatal("the patient is not in the backup")
	}
}

func TestClosingStillClosesWhenTheBackupFails(t *testing.T) {
	f := newBackupFixture(t)
	// A backup folder "under" a regular file can never be made, even by root.
	file := filepath.Join(t.TempDir(), "not-a-folder")
	os.WriteFile(file, []byte("x"), 0o600)
	setBackupFolder(f.a.Preferences(), f.path, filepath.Join(file, "backups"))
	f.s.onCloseRequested()
	if windowOpen(f.a, f.s.win) {
		t.Fatal("a failed backup kept the window open")
	}
}

func TestClosingWhileLockedClosesWithoutABackup(t *testing.T) {
	f := newBackupFixture(t)
	f.s.Lock()
	f.s.onCloseRequested()
	if windowOpen(f.a, f.s.win) {
		t.Fatal("the locked window stayed open")
	}
	if len(f.backups(t)) != 0 {
		t.Fatal("a backup was made without the data key")
	}
}

func TestTimedBackupsFollowTheInterval(t *testing.T) {
	f := newBackupFixture(t, store.Patient{Name: "Ines Duarte", DateOfBirth: store.Date{Year: 1979, Month: 2, Day: 1}})
	f.tick(t) // none yet: one is due at once
	if n := len(f.backups(t)); n != 1 {
		t.Fatalf("after the first tick: %d backups", n)
	}
	f.clock.Add(3*time.Hour + 59*time.Minute)
	f.tick(t)
	if n := len(f.backups(t)); n != 1 {
		t.Fatalf("a backup before 4 hours had passed: %d", n)
	}
	f.clock.Add(time.Minute)
	f.tick(t)
	if n := len(f.backups(t)); n != 2 {
		t.Fatalf("after 4 hours: %d backups", n)
	}
	// Locked: the data key is gone, so none is made; the first tick after
	// unlocking makes the overdue one.
	f.s.Lock()
	f.clock.Add(5 * time.Hour)
	f.tick(t)
	if n := len(f.backups(t)); n != 2 {
		t.Fatalf("a backup while locked: %d", n)
	}
	if err := f.s.DB().UnlockAny(testPassphrase); err != nil {
		t.Fatal(err)
	}
	f.s.showMain()
	f.tick(t)
	if n := len(f.backups(t)); n != 3 {
		t.Fatalf("after unlocking: %d backups", n)
	}
	// A shorter interval from settings.
	f.a.Preferences().SetInt(prefBackupHours, 1)
	f.clock.Add(time.Hour)
	f.tick(t)
	if n := len(f.backups(t)); n != 4 {
		t.Fatalf("with a 1-hour interval: %d backups", n)
	}
	// Stopped when the window closes: a tick that still arrives (the
	// timer's goroutine may take one before it sees the stop) makes no
	// backup, though one would be due.
	f.s.win.Close()
	f.clock.Add(2 * time.Hour)
	select {
	case f.ticks <- time.Time{}:
	case <-time.After(100 * time.Millisecond):
	}
	time.Sleep(100 * time.Millisecond)
	if n := len(f.backups(t)); n != 4 {
		t.Fatalf("a backup after the window closed: %d backups", n)
	}
}

func TestBackupStatusLine(t *testing.T) {
	f := newBackupFixture(t)
	k := f.s.backups
	status := func() (string, bool) {
		k.refresh(nil)
		return k.text.Text, k.text.Importance == widget.DangerImportance
	}
	if text, warn := status(); text != "No verified backup has been made yet." || !warn {
		t.Fatalf("no backup: %q warn %v", text, warn)
	}
	if k.bar.Hidden || !strings.Contains(screenText(f.s.win.Canvas()), "No verified backup") {
		t.Fatal("the status line is not on the patients screen")
	}
	f.s.backupNow()
	closeDialogs(f.s.win.Canvas())
	made := f.backups(t)[0].Time
	f.clock.Add(2 * time.Hour)
	want := "Last verified backup: " + whenText(made, f.clock.Now()) + "."
	if text, warn := status(); text != want || warn || !strings.HasPrefix(text, "Last verified backup: today at ") {
		t.Fatalf("fresh: %q warn %v, want %q", text, warn, want)
	}
	f.clock.Add(22*time.Hour + time.Minute) // 24 h 1 min after the backup
	if text, warn := status(); !strings.HasPrefix(text, "No verified backup in the last 24 hours: the last was made ") || !warn {
		t.Fatalf("stale: %q warn %v", text, warn)
	}
	// A folder that cannot be reached: a path under a regular file (root
	// ignores permissions, not this), then a drive that is not there.
	file := filepath.Join(t.TempDir(), "plain-file")
	os.WriteFile(file, []byte("x"), 0o600)
	setBackupFolder(f.a.Preferences(), f.path, filepath.Join(file, "backups"))
	if text, warn := status(); !strings.Contains(text, "cannot be reached") || !warn {
		t.Fatalf("unreachable: %q warn %v", text, warn)
	}
	setBackupFolder(f.a.Preferences(), f.path, filepath.Join(t.TempDir(), "unplugged-drive", "PelvicNotes backups"))
	if text, warn := status(); !strings.Contains(text, "is the drive connected?") || !warn {
		t.Fatalf("removed drive: %q warn %v", text, warn)
	}
	// Back up now into the missing drive: a clear message, and work goes on.
	f.s.backupNow()
	if !strings.Contains(screenText(f.s.win.Canvas()), "Check that the backup drive is connected") {
		t.Fatalf("no message for a failed backup: %s", screenText(f.s.win.Canvas()))
	}
	closeDialogs(f.s.win.Canvas())
	if _, err := f.s.DB().SavePatient(store.Patient{Name: "Kept Working", DateOfBirth: store.Date{Year: 1990, Month: 1, Day: 1}}); err != nil {
		t.Fatalf("saving with the backup folder gone: %v", err)
	}
	// Back to the usual folder: the status is good again after a backup.
	setBackupFolder(f.a.Preferences(), f.path, DefaultBackupFolder(f.path))
	f.s.backupNow()
	closeDialogs(f.s.win.Canvas())
	if text, warn := status(); !strings.HasPrefix(text, "Last verified backup: today at ") || warn {
		t.Fatalf("after a new backup: %q warn %v", text, warn)
	}
}

func TestWhenText(t *testing.T) {
	now := time.Date(2026, 11, 21, 15, 0, 0, 0, time.Local)
	for _, c := range []struct {
		t    time.Time
		want string
	}{
		{time.Date(2026, 11, 21, 10, 42, 0, 0, time.Local), "today at 10:42"},
		{time.Date(2026, 11, 20, 23, 59, 0, 0, time.Local), "yesterday at 23:59"},
		{time.Date(2026, 11, 3, 9, 5, 0, 0, time.Local), "Tue 3 Nov 2026 at 09:05"},
	} {
		if got := whenText(c.t, now); got != c.want {
			t.Errorf("whenText(%v) = %q, want %q", c.t, got, c.want)
		}
	}
	if sizeText(840_100) != "841 KB" || sizeText(12_400_000) != "12.4 MB" {
		t.Errorf("sizes %q %q", sizeText(840_100), sizeText(12_400_000))
	}
}

func TestRestoreFromSettingsBringsBackTheRecordAsItWas(t *testing.T) {
	f := newBackupFixture(t, store.Patient{Name: "Alma Brennan", DateOfBirth: store.Date{Year: 1975, Month: 8, Day: 30}})
	s := f.s
	s.backupNow()
	closeDialogs(s.win.Canvas())
	f.clock.Add(10 * time.Minute)
	if _, err := s.DB().SavePatient(store.Patient{Name: "Bea Castillo", DateOfBirth: store.Date{Year: 1992, Month: 4, Day: 12}}); err != nil {
		t.Fatal(err)
	}

	s.showBackupSettings()
	b := s.backups.settings
	if b == nil || len(b.backups) != 1 {
		t.Fatalf("settings list the backups: %+v", b)
	}
	text := screenText(s.win.Canvas())
	for _, want := range []string{DefaultBackupFolder(f.path), "Today at 09:00", "1 verified backup"} {
		if !strings.Contains(text, want) {
			t.Errorf("settings do not show %q:\n%s", want, text)
		}
	}
	if !b.restoreBtn.Disabled() {
		t.Fatal("restore is offered before a backup is chosen")
	}
	b.list.Select(0)
	test.Tap(b.restoreBtn)
	confirm := screenText(s.win.Canvas())
	for _, want := range []string{"kept aside", "not deleted", "locks"} {
		if !strings.Contains(confirm, want) {
			t.Errorf("the confirmation does not say %q:\n%s", want, confirm)
		}
	}
	test.Tap(findButton(t, s.win.Canvas(), "Restore this backup"))

	if s.patients != nil || !s.DB().Locked() {
		t.Fatal("after the restore the app is not at the unlock screen")
	}
	if !strings.Contains(screenText(s.win.Canvas()), "The file it replaced is kept") {
		t.Fatalf("no message after the restore:\n%s", screenText(s.win.Canvas()))
	}
	aside, _ := filepath.Glob(f.path + ".replaced-*")
	if len(aside) != 1 {
		t.Fatalf("replaced file kept as %v", aside)
	}
	closeDialogs(s.win.Canvas())
	if err := s.DB().UnlockAny(testPassphrase); err != nil {
		t.Fatal(err)
	}
	s.showMain()
	db := s.DB()
	if len(db.SearchPatients("Brennan")) != 1 || len(db.SearchPatients("Castillo")) != 0 {
		t.Fatalf("after restoring: %v", listNames(s.patients))
	}
	if !hasAudit(t, db, store.AuditRestore, "restored from the backup pelvicnotes-") {
		t.Error("the restore is not in the restored file's audit trail")
	}
	// The file that was replaced holds the later patient and says it was replaced.
	old := openCopy(t, aside[0])
	if len(old.SearchPatients("Castillo")) != 1 {
		t.Error("the replaced file lost what was saved after the backup")
	}
	if !hasAudit(t, old, store.AuditRestore, "restore of the backup") {
		t.Error("the replaced file does not say it was replaced")
	}
	// The restored file keeps being backed up.
	s.backupNow()
	if n := len(f.backups(t)); n != 2 {
		t.Fatalf("backups after the restore: %d", n)
	}
}

// damagedCopy makes a record file with one patient and a backup of it,
// then cuts the file short as a failing disk might.
func damagedCopy(t *testing.T, withBackup bool) (path string, cause error) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "records.db")
	db := openSetUp(t, path)
	if _, err := db.SavePatient(store.Patient{Name: "Dana Whitlock", DateOfBirth: store.Date{Year: 1968, Month: 12, Day: 2}}); err != nil {
		t.Fatal(err)
	}
	if withBackup {
		if _, err := db.Backup(DefaultBackupFolder(path)); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	fi, _ := os.Stat(path)
	if err := os.Truncate(path, fi.Size()/2); err != nil {
		t.Fatal(err)
	}
	_, err := store.Open(path, store.Options{KDF: store.TestKDF})
	if !errors.Is(err, store.ErrDamaged) {
		t.Fatalf("opening the damaged file: %v", err)
	}
	return path, err
}

func TestDamagedFileAtStartOffersTheBackup(t *testing.T) {
	path, cause := damagedCopy(t, true)
	a := test.NewTempApp(t)
	w := a.NewWindow("PelvicNotes")
	w.Resize(fyne.NewSize(900, 640))
	opt := store.Options{Now: func() time.Time { return testNow }, KDF: store.TestKDF}
	ds := newDamagedScreen(a, w, path, cause, func(p string) (*store.DB, error) { return store.Open(p, opt) }, runNow)
	var opened *store.DB
	ds.onOpened = func(db *store.DB) fyne.Window { opened = db; return w }
	w.SetContent(ds.content)
	w.Show()
	t.Cleanup(w.Close)
	text := screenText(w.Canvas())
	for _, want := range []string{"The record file is damaged", "1 verified backup", "kept aside, never deleted", path} {
		if !strings.Contains(text, want) {
			t.Errorf("the screen does not say %q:\n%s", want, text)
		}
	}
	if len(ds.backups) != 1 || ds.latestBtn.Disabled() {
		t.Fatal("the latest backup is not offered")
	}
	size, _ := os.Stat(path)
	test.Tap(ds.latestBtn)
	if opened == nil {
		t.Fatalf("the restored file did not open: %s", ds.message.Text)
	}
	t.Cleanup(func() { opened.Close() })
	if !opened.Locked() {
		t.Fatal("the restored file opened unlocked")
	}
	if err := opened.UnlockAny(testPassphrase); err != nil {
		t.Fatal(err)
	}
	if len(opened.SearchPatients("Whitlock")) != 1 {
		t.Fatal("the patient is not in the restored file")
	}
	aside, _ := filepath.Glob(path + ".replaced-*")
	if len(aside) != 1 {
		t.Fatalf("damaged file kept as %v", aside)
	}
	if fi, _ := os.Stat(aside[0]); fi == nil || fi.Size() != size.Size() {
		t.Fatal("the damaged file was not kept as it was")
	}
	// The restore reaches the audit trail once a shell unlocks the file.
	s := NewShell(a, opened)
	s.background = runNow
	t.Cleanup(s.win.Close)
	if !hasAudit(t, opened, store.AuditRestore, "restored from the backup") {
		t.Error("the restore over the damaged file is not in the audit trail")
	}
}

func TestDamagedFileWithoutBackupsSaysWhatToDo(t *testing.T) {
	path, cause := damagedCopy(t, false)
	a := test.NewTempApp(t)
	w := a.NewWindow("PelvicNotes")
	ds := newDamagedScreen(a, w, path, cause, nil, runNow)
	w.SetContent(ds.content)
	t.Cleanup(w.Close)
	text := screenText(w.Canvas())
	for _, want := range []string{"There is no verified backup", "Keep the damaged file", "IT support", "pelvicnotes verify --db " + path} {
		if !strings.Contains(text, want) {
			t.Errorf("the screen does not say %q:\n%s", want, text)
		}
	}
	if !ds.latestBtn.Disabled() {
		t.Error("a restore is offered with no backup")
	}
	test.Tap(findButton(t, w.Canvas(), "Look in another folder…"))
	if w.Canvas().Overlays().Top() == nil {
		t.Fatal("no folder dialog")
	}
}

func TestBackupsOfAnotherRecordFileAreNotOffered(t *testing.T) {
	f := newBackupFixture(t, store.Patient{Name: "Ona Lindqvist", DateOfBirth: store.Date{Year: 1983, Month: 7, Day: 19}})
	f.s.backupNow()
	closeDialogs(f.s.win.Canvas())
	// Another record file in the same folder backs up into the same "backups".
	other := openSetUp(t, filepath.Join(filepath.Dir(f.path), "other.db"))
	if _, err := other.Backup(DefaultBackupFolder(f.path)); err != nil {
		t.Fatal(err)
	}
	if all, _ := store.ListBackups(DefaultBackupFolder(f.path)); len(all) != 2 {
		t.Fatalf("the folder holds %d backups, want 2", len(all))
	}
	f.s.showBackupSettings()
	b := f.s.backups.settings
	if len(b.backups) != 1 || !strings.Contains(screenText(f.s.win.Canvas()), "1 verified backup.") {
		t.Fatalf("settings offer %d backups", len(b.backups))
	}
	b.list.Select(0)
	test.Tap(b.restoreBtn)
	test.Tap(findButton(t, f.s.win.Canvas(), "Restore this backup"))
	if err := f.s.DB().UnlockAny(testPassphrase); err != nil {
		t.Fatal(err)
	}
	if len(f.s.DB().SearchPatients("Lindqvist")) != 1 {
		t.Fatal("the restore put another record file's backup in place")
	}
}

func TestBackupRowsTellApartBackupsOfOneMinute(t *testing.T) {
	now := time.Date(2026, 11, 21, 15, 0, 0, 0, time.Local)
	list := []store.BackupInfo{
		{Time: time.Date(2026, 11, 21, 14, 30, 41, 0, time.Local), Size: 4_136_960},
		{Time: time.Date(2026, 11, 21, 14, 30, 5, 0, time.Local), Size: 4_136_960},
		{Time: time.Date(2026, 11, 21, 10, 2, 0, 0, time.Local), Size: 900_000},
	}
	want := []string{"Today at 14:30:41 · 4.1 MB · the latest", "Today at 14:30:05 · 4.1 MB", "Today at 10:02 · 900 KB"}
	for i := range list {
		if got := backupRowText(list, i, now); got != want[i] {
			t.Errorf("row %d: %q, want %q", i, got, want[i])
		}
	}
}

func TestDamageFoundAtUnlockOffersTheBackup(t *testing.T) {
	path := filepath.Join(t.TempDir(), "records.db")
	db := openSetUp(t, path)
	for i := 0; i < 40; i++ {
		if _, err := db.SavePatient(store.Patient{Name: "Farah Haddad", DateOfBirth: store.Date{Year: 1970 + i%30, Month: 1, Day: 2}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Backup(DefaultBackupFolder(path)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	// Pages overwritten with zeros: the file opens, the records do not read.
	// The meta pages and the free-page list they name are left alone, so
	// that the file opens.
	data, _ := os.ReadFile(path)
	const page = 4096
	keep := map[int]bool{}
	for m := 0; m < 2; m++ {
		keep[int(binary.LittleEndian.Uint64(data[m*page+48:]))] = true
	}
	orig := slices.Clone(data)
	for pg := 2; pg < len(data)/page; pg++ {
		if !keep[pg] {
			clear(data[pg*page : (pg+1)*page])
		}
	}
	// Put back any page opening the file reads (bbolt names it when it
	// trips over it), so the damage is found only when the records are read.
	named := regexp.MustCompile(`Page expected to be: (\d+)`)
	for tries := 0; ; tries++ {
		os.WriteFile(path, data, 0o600)
		probe, err := store.Open(path, store.Options{Now: func() time.Time { return testNow }, KDF: store.TestKDF})
		if err == nil {
			probe.Close()
			break
		}
		m := named.FindStringSubmatch(err.Error())
		if m == nil || tries > 100 {
			t.Fatalf("cannot make a file that opens but is damaged: %v", err)
		}
		pg, _ := strconv.Atoi(m[1])
		copy(data[pg*page:(pg+1)*page], orig[pg*page:(pg+1)*page])
	}
	db = openTestFile(t, path)
	s := shellOn(t, db)
	opt := store.Options{Now: func() time.Time { return testNow }, KDF: store.TestKDF}
	s.open = func(p string) (*store.DB, error) { return store.Open(p, opt) }
	u := newUnlockScreen(s)
	s.win.SetContent(u.content)
	test.Type(u.passphrase, testPassphrase)
	test.Tap(u.unlock)
	if !strings.Contains(screenText(s.win.Canvas()), "The record file is damaged") {
		t.Fatalf("the damage found at unlock is not offered a backup: %q", u.message.Text)
	}
	test.Tap(findButton(t, s.win.Canvas(), "Restore the latest backup"))
	if s.DB() == db || !s.DB().Locked() {
		t.Fatal("the restored file is not open at the unlock screen")
	}
	t.Cleanup(func() { s.DB().Close() })
	if err := s.DB().UnlockAny(testPassphrase); err != nil {
		t.Fatal(err)
	}
	if n := s.DB().PatientCount(); n != 40 {
		t.Fatalf("restored file has %d patients", n)
	}
}

func TestBackupSettingsFolderAndInterval(t *testing.T) {
	f := newBackupFixture(t)
	s := f.s
	s.showBackupSettings()
	b := s.backups.settings
	if !b.useDefault.Disabled() {
		t.Error("\"Use the usual folder\" is offered while it is in use")
	}
	// The folder dialog opens (and is dismissed).
	test.Tap(findButton(t, s.win.Canvas(), "Choose another folder…"))
	if n := len(s.win.Canvas().Overlays().List()); n != 2 {
		t.Fatalf("%d dialogs up after choosing another folder, want the settings and the folder dialog", n)
	}
	s.win.Canvas().Overlays().Remove(s.win.Canvas().Overlays().Top())
	// Another folder (an external drive, say): a backup goes there at once.
	drive := filepath.Join(t.TempDir(), "PelvicNotes backups")
	b.setFolder(drive)
	if got := BackupFolder(f.a.Preferences(), f.path); got != drive {
		t.Fatalf("backup folder %q, want %q", got, drive)
	}
	if list, _ := store.ListBackups(drive); len(list) != 1 || len(b.backups) != 1 {
		t.Fatalf("the new folder holds %d backups, the list shows %d", len(list), len(b.backups))
	}
	if b.useDefault.Disabled() {
		t.Error("the usual folder cannot be chosen again")
	}
	// A folder that cannot be written: refused, nothing changes.
	file := filepath.Join(t.TempDir(), "plain-file")
	os.WriteFile(file, []byte("x"), 0o600)
	b.setFolder(filepath.Join(file, "backups"))
	if got := BackupFolder(f.a.Preferences(), f.path); got != drive {
		t.Fatalf("an unusable folder was taken: %q", got)
	}
	if !strings.Contains(screenText(s.win.Canvas()), "The backup folder is unchanged") {
		t.Fatalf("no message for an unusable folder:\n%s", screenText(s.win.Canvas()))
	}
	b.interval.SetSelected("8 hours")
	if h := backupHours(f.a.Preferences()); h != 8 {
		t.Fatalf("interval %d hours", h)
	}
	test.Tap(b.useDefault)
	if got := BackupFolder(f.a.Preferences(), f.path); got != DefaultBackupFolder(f.path) {
		t.Fatalf("back to the usual folder: %q", got)
	}
}

// Only one backup at a time: a request while one is being made waits for
// it, and so does a restore.
func TestOneBackupAtATimeAndRestoreWaits(t *testing.T) {
	f := newBackupFixture(t, store.Patient{Name: "Gry Solberg", DateOfBirth: store.Date{Year: 1977, Month: 10, Day: 10}})
	s, k := f.s, f.s.backups
	s.backupNow()
	closeDialogs(s.win.Canvas())
	first := f.backups(t)
	k.running = true // as if a timed backup were under way
	var got []error
	k.start(func(_ store.BackupInfo, err error) { got = append(got, err) })
	s.backupNow()
	f.tick(t)
	if n := len(f.backups(t)); n != 1 || len(got) != 0 {
		t.Fatalf("a second backup started while one was running: %d backups, %d results", n, len(got))
	}
	s.restoreFrom(first[0])
	if !strings.Contains(screenText(s.win.Canvas()), "The restore starts as soon as it is finished") || s.patients == nil {
		t.Fatal("the restore did not wait for the backup")
	}
	// The running backup ends: everyone waiting hears, then the restore runs.
	k.running = false
	k.finish(first[0], nil)
	if len(got) != 1 || got[0] != nil {
		t.Fatalf("the waiting request got %v", got)
	}
	if s.patients != nil || !s.DB().Locked() {
		t.Fatal("the restore did not run after the backup")
	}
}

// Rotating one record file's backups never removes another's from a
// shared folder.
func TestRotationLeavesAnotherRecordFilesBackups(t *testing.T) {
	f := newBackupFixture(t, store.Patient{Name: "Ona Lindqvist", DateOfBirth: store.Date{Year: 1983, Month: 7, Day: 19}})
	dir := DefaultBackupFolder(f.path)
	other := openSetUp(t, filepath.Join(filepath.Dir(f.path), "other.db"))
	if _, err := other.Backup(dir); err != nil {
		t.Fatal(err)
	}
	for range 12 { // more than the last 10 kept, all of one day
		f.s.backupNow()
		closeDialogs(f.s.win.Canvas())
	}
	mine, _ := backupsOf(dir, slotIDs(f.s.DB()))
	theirs, _ := backupsOf(dir, slotIDs(other))
	if len(mine) != 10 || len(theirs) != 1 {
		t.Fatalf("after rotation: %d of this file's backups (want 10) and %d of the other's (want 1)", len(mine), len(theirs))
	}
}

// Closing while a timed backup is under way (it began before the latest
// work) waits for it, then makes a new backup, and only then closes.
func TestClosingDuringABackupMakesAFreshOne(t *testing.T) {
	f := newBackupFixture(t, store.Patient{Name: "Gry Solberg", DateOfBirth: store.Date{Year: 1977, Month: 10, Day: 10}})
	s, k := f.s, f.s.backups
	k.running = true // as if a timed backup were under way
	s.onCloseRequested()
	if !windowOpen(f.a, s.win) {
		t.Fatal("the window closed before any backup was made")
	}
	if n := len(f.backups(t)); n != 0 {
		t.Fatalf("%d backups while the running one is not done", n)
	}
	k.running = false
	k.finish(store.BackupInfo{}, nil) // the earlier backup ends
	if n := len(f.backups(t)); n != 1 {
		t.Fatalf("%d backups after closing, want a fresh one", n)
	}
	if windowOpen(f.a, s.win) {
		t.Fatal("the window stayed open after the closing backup")
	}
}

// The damaged-file screen offers only the damaged record file's own
// backups (its key slots were noted while it was readable), even when
// another record file's newer backup shares the folder.
func TestDamagedFileIsOfferedOnlyItsOwnBackups(t *testing.T) {
	a := test.NewTempApp(t)
	path := filepath.Join(t.TempDir(), "records.db")
	db := openSetUp(t, path)
	if _, err := db.SavePatient(store.Patient{Name: "Dana Whitlock", DateOfBirth: store.Date{Year: 1968, Month: 12, Day: 2}}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Backup(DefaultBackupFolder(path)); err != nil {
		t.Fatal(err)
	}
	rememberSlots(a.Preferences(), path, slotIDs(db))
	db.Close()
	other := openSetUp(t, filepath.Join(filepath.Dir(path), "other.db"))
	if _, err := other.Backup(DefaultBackupFolder(path)); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(path)
	if err := os.Truncate(path, fi.Size()/2); err != nil {
		t.Fatal(err)
	}
	w := a.NewWindow("PelvicNotes")
	t.Cleanup(w.Close)
	ds := newDamagedScreen(a, w, path, store.ErrDamaged, func(p string) (*store.DB, error) {
		return store.Open(p, store.Options{KDF: store.TestKDF})
	}, runNow)
	if len(ds.backups) != 1 {
		t.Fatalf("%d backups offered, want only the damaged file's own 1", len(ds.backups))
	}
	var opened *store.DB
	ds.onOpened = func(db *store.DB) fyne.Window { opened = db; return w }
	test.Tap(ds.latestBtn)
	if opened == nil {
		t.Fatalf("the restored file did not open: %s", ds.message.Text)
	}
	t.Cleanup(func() { opened.Close() })
	if err := opened.UnlockAny(testPassphrase); err != nil || len(opened.SearchPatients("Whitlock")) != 1 {
		t.Fatalf("the restore did not bring back the damaged file's own record (%v)", err)
	}
}

// A closing backup to a drive that has stopped answering does not keep the
// window open for ever: the note offers "Close without waiting", which
// stops the backup. The record file then closes cleanly although the
// drive still hangs, and nothing of the stopped backup is kept.
func TestClosingCanBeLeftWhenTheBackupDriveHangs(t *testing.T) {
	f := newBackupFixture(t, store.Patient{Name: "Ines Albuquerque", DateOfBirth: store.Date{Year: 1981, Month: 2, Day: 17}})
	s, k := f.s, f.s.backups
	dir := DefaultBackupFolder(f.path)
	// The backup runs on its own goroutine; its result comes back when the test takes it.
	results := make(chan func(), 8)
	s.background = func(work func() (any, error), done func(any, error)) {
		go func() {
			v, err := work()
			results <- func() { done(v, err) }
		}()
	}
	copying, release := make(chan struct{}), make(chan struct{})
	var once, releaseOnce sync.Once
	unhang := func() { releaseOnce.Do(func() { close(release) }) }
	t.Cleanup(unhang)
	k.backUp = func(ctx context.Context, db *store.DB, dir string, progress func(int64, int64)) (store.BackupInfo, error) {
		return db.BackupContext(ctx, dir, func(written, total int64) {
			progress(written, total)
			once.Do(func() { close(copying) })
			<-release // the drive stops answering after its first write
		})
	}

	s.onCloseRequested()
	select {
	case <-copying:
	case <-time.After(20 * time.Second):
		t.Fatal("the closing backup did not start")
	}
	f.runLater(t, closingNoteAfter)
	text := screenText(s.win.Canvas())
	for _, want := range []string{"Making a verified backup before PelvicNotes closes", "Copied "} {
		if !strings.Contains(text, want) {
			t.Errorf("the note does not say %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "this backup is stopped and not kept") {
		t.Error("leaving is offered before the backup has taken long")
	}
	// A lock now (idle, or Ctrl+L) would take the note and its way out.
	s.Lock()
	if s.DB().Locked() {
		t.Fatal("PelvicNotes locked while closing: the note and Close without waiting are gone")
	}
	f.runLater(t, closingLeaveAfter)
	if !strings.Contains(screenText(s.win.Canvas()), "this backup is stopped and not kept") {
		t.Errorf("the note does not say what leaving means:\n%s", screenText(s.win.Canvas()))
	}
	test.Tap(findButton(t, s.win.Canvas(), "Close without waiting"))
	findButton(t, s.win.Canvas(), "Stopping the backup…")
	select {
	case done := <-results:
		done() // the stopped backup returns at once, although its drive still hangs
	case <-time.After(20 * time.Second):
		t.Fatal("the stopped backup did not return")
	}
	if windowOpen(f.a, s.win) {
		t.Fatal("the window stayed open")
	}
	// The record file closes although the drive still hangs.
	closed := make(chan error, 1)
	go func() { closed <- s.DB().Close() }()
	select {
	case err := <-closed:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		unhang()
		t.Fatal("the record file could not be closed: the stopped backup still reads it")
	}
	if k.running {
		t.Fatal("another backup started after leaving")
	}
	if list := f.backups(t); len(list) != 0 {
		t.Fatalf("a stopped backup is listed: %+v", list)
	}
	// When the drive answers at last, the half-written copy goes.
	unhang()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		left, _ := filepath.Glob(filepath.Join(dir, "*.partial"))
		if len(left) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the stopped backup left %v", left)
		}
	}
}

// Restoring from Settings names the work in progress that the restored
// record will not have (open editors, drafts kept since the backup), in
// the clinician's words, and closes the open editors properly first,
// keeping their work as drafts in the file kept aside.
func TestRestoreNamesTheWorkInProgress(t *testing.T) {
	f := newBackupFixture(t,
		store.Patient{Name: "Jane Smith", DateOfBirth: store.Date{Year: 1984, Month: 1, Day: 23}},
		store.Patient{Name: "Tom Jones", DateOfBirth: store.Date{Year: 1950, Month: 6, Day: 7}},
		store.Patient{Name: "Ngozi Okafor", DateOfBirth: store.Date{Year: 1986, Month: 5, Day: 9}},
		store.Patient{Name: "Tom Jones", DateOfBirth: store.Date{Year: 1999, Month: 9, Day: 9}}) // another Tom Jones
	s := f.s
	db := s.DB()
	patient := func(name string) store.Patient {
		t.Helper()
		found := db.SearchPatients(name)
		if len(found) == 0 {
			t.Fatalf("no patient called %s", name)
		}
		slices.SortFunc(found, func(a, b store.PatientSummary) int { return a.DateOfBirth.Year - b.DateOfBirth.Year })
		p, err := db.Patient(found[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	jane, tom, ngozi := patient("Jane Smith"), patient("Tom Jones"), patient("Ngozi Okafor")
	letter := func(p store.Patient) {
		t.Helper()
		if _, err := db.SaveDraft(store.Draft{Kind: store.DraftLetter, PatientID: p.ID, Body: []byte(`{"kind":"progress","sections":{}}`)}); err != nil {
			t.Fatal(err)
		}
	}
	letter(ngozi) // before the backup: it comes back with it
	s.backupNow()
	closeDialogs(s.win.Canvas())
	f.clock.Add(10 * time.Minute)
	letter(tom)
	// A home programme being built and a session note being written for Jane.
	s.selectPatient(jane)
	s.patients.tabs.SelectIndex(tabProgramme)
	s.patients.programme.StartBuilding()
	addBySearch(t, s.patients.programme.builder, "body scan")
	s.patients.programme.keepDraft() // its timed draft save: still being built, no longer "unsaved"
	s.newSession()
	if s.editor == nil {
		t.Fatal("no session editor")
	}
	s.editor.schedule = func(time.Duration, func()) {}
	test.Type(s.editor.subjText, "Sleeping better since the last visit.")

	s.showBackupSettings()
	b := s.backups.settings
	b.list.Select(0)
	test.Tap(b.restoreBtn)
	confirm := screenText(s.win.Canvas())
	for _, want := range []string{
		"These were kept after this backup and will not be in the restored record: the session note you are writing for Jane Smith, the home programme you are building for Jane Smith and an unfinished letter for Tom Jones (born 7 Jun 1950).",
		"What is open now is closed and kept as a draft first.",
		"kept aside", "not deleted", "with everything saved or kept as a draft in it",
	} {
		if !strings.Contains(confirm, want) {
			t.Errorf("the confirmation does not say %q:\n%s", want, confirm)
		}
	}
	if strings.Contains(confirm, "Ngozi") {
		t.Errorf("a draft that is in the backup is named:\n%s", confirm)
	}
	test.Tap(findButton(t, s.win.Canvas(), "Restore this backup"))
	if s.editor != nil || s.patients != nil || !s.DB().Locked() {
		t.Fatal("the restore did not close the editors and lock")
	}
	// The work is kept, as drafts, in the file kept aside; the restored
	// record has only what the backup had.
	aside, _ := filepath.Glob(f.path + ".replaced-*")
	if len(aside) != 1 {
		t.Fatalf("kept aside: %v", aside)
	}
	kinds := func(db *store.DB) map[string]bool {
		t.Helper()
		drafts, err := db.Drafts()
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for _, d := range drafts {
			out[d.Kind+" "+d.PatientID] = true
		}
		return out
	}
	old := kinds(openCopy(t, aside[0]))
	for _, want := range []string{store.DraftSession + " " + jane.ID, store.DraftProgramme + " " + jane.ID, store.DraftLetter + " " + tom.ID} {
		if !old[want] {
			t.Errorf("the file kept aside has no draft %q: %v", want, old)
		}
	}
	closeDialogs(s.win.Canvas())
	if err := s.DB().UnlockAny(testPassphrase); err != nil {
		t.Fatal(err)
	}
	restored := kinds(s.DB())
	if len(restored) != 1 || !restored[store.DraftLetter+" "+ngozi.ID] {
		t.Errorf("drafts in the restored record: %v", restored)
	}
}

// Without work in progress the confirmation says nothing about it.
func TestRestoreWithoutWorkInProgressNamesNone(t *testing.T) {
	f := newBackupFixture(t, store.Patient{Name: "Alma Brennan", DateOfBirth: store.Date{Year: 1975, Month: 8, Day: 30}})
	s := f.s
	s.backupNow()
	closeDialogs(s.win.Canvas())
	if work, unsaved, open := s.workInProgress(f.backups(t)[0].Time); len(work)+len(unsaved) != 0 || open {
		t.Fatalf("work in progress: %v (open %v)", work, open)
	}
}

// A backup that cannot even be stopped (the drive hangs while the folder
// is made, say) is not waited for: the window closes a moment after
// "Close without waiting".
func TestClosingWithoutWaitingDoesNotWaitForAHungDrive(t *testing.T) {
	f := newBackupFixture(t)
	s, k := f.s, f.s.backups
	results := make(chan func(), 8)
	s.background = func(work func() (any, error), done func(any, error)) {
		go func() {
			v, err := work()
			results <- func() { done(v, err) }
		}()
	}
	started, release := make(chan struct{}), make(chan struct{})
	var releaseOnce sync.Once
	unhang := func() { releaseOnce.Do(func() { close(release) }) }
	t.Cleanup(unhang)
	k.backUp = func(context.Context, *store.DB, string, func(int64, int64)) (store.BackupInfo, error) {
		close(started)
		<-release // deaf to being stopped
		return store.BackupInfo{}, store.ErrBackupAbandoned
	}
	s.onCloseRequested()
	<-started
	f.runLater(t, closingNoteAfter)
	f.runLater(t, closingLeaveAfter)
	test.Tap(findButton(t, s.win.Canvas(), "Close without waiting"))
	if !windowOpen(f.a, s.win) {
		t.Fatal("closed before the backup had a moment to stop")
	}
	f.runLater(t, closingStopWait)
	if windowOpen(f.a, s.win) {
		t.Fatal("the window waits for a backup that does not stop")
	}
	unhang()
	deliver(t, results) // the backup ends at last: nothing more happens
	if windowOpen(f.a, s.win) || len(f.backups(t)) != 0 {
		t.Fatal("after the hung backup ended")
	}
}

// Unsaved chart changes are asked about first; Keep editing there restores
// nothing and closes nothing.
func TestRestoreAsksAboutUnsavedChangesFirst(t *testing.T) {
	f := newBackupFixture(t, store.Patient{Name: "Alma Brennan", DateOfBirth: store.Date{Year: 1975, Month: 8, Day: 30}})
	s := f.s
	s.backupNow()
	closeDialogs(s.win.Canvas())
	f.clock.Add(10 * time.Minute)
	s.patients.list.Select(0)
	s.patients.chart.flags.epilepsy.SetChecked(true)
	s.patients.tabs.SelectIndex(tabProgramme)
	s.patients.programme.StartBuilding()
	addBySearch(t, s.patients.programme.builder, "body scan")

	s.showBackupSettings()
	b := s.backups.settings
	b.list.Select(0)
	test.Tap(b.restoreBtn)
	confirm := screenText(s.win.Canvas())
	for _, want := range []string{
		"First you will be asked to save or discard the unsaved changes to Alma Brennan's flags, referral and goals.",
		"This was kept after this backup and will not be in the restored record: the home programme you are building for Alma Brennan.",
	} {
		if !strings.Contains(confirm, want) {
			t.Errorf("the confirmation does not say %q:\n%s", want, confirm)
		}
	}
	test.Tap(findButton(t, s.win.Canvas(), "Restore this backup"))
	test.Tap(findButton(t, s.win.Canvas(), "Keep editing"))
	if s.DB().Locked() || s.patients == nil || s.patients.programme.builder == nil || !s.patients.chart.Dirty() {
		t.Fatal("Keep editing at the unsaved-changes question still restored, or closed the programme being built")
	}
}

// A backup removed while the restore waited (rotation by the backup being
// made) is said so in plain words, and the record stays open as it was.
func TestRestoreOfABackupNoLongerThere(t *testing.T) {
	f := newBackupFixture(t, store.Patient{Name: "Alma Brennan", DateOfBirth: store.Date{Year: 1975, Month: 8, Day: 30}})
	s := f.s
	s.backupNow()
	closeDialogs(s.win.Canvas())
	bk := f.backups(t)[0]
	if err := os.Remove(bk.Path); err != nil {
		t.Fatal(err)
	}
	s.restoreFrom(bk)
	if s.DB().Locked() || s.patients == nil || s.restoring {
		t.Fatal("a restore of a backup no longer there closed the record")
	}
	if text := screenText(s.win.Canvas()); !strings.Contains(text, "is no longer in the backup folder") {
		t.Errorf("nothing says the backup is gone:\n%s", text)
	}
}

// A backup gone before the restore starts is found before anything open is
// closed: the session note being written stays open.
func TestRestoreOfAGoneBackupClosesNothing(t *testing.T) {
	f := newBackupFixture(t, store.Patient{Name: "Alma Brennan", DateOfBirth: store.Date{Year: 1975, Month: 8, Day: 30}})
	s := f.s
	s.backupNow()
	closeDialogs(s.win.Canvas())
	s.patients.list.Select(0)
	s.newSession()
	if s.editor == nil {
		t.Fatal("no session editor")
	}
	s.editor.schedule = func(time.Duration, func()) {}
	test.Type(s.editor.subjText, "Sleeping better.")
	s.showBackupSettings()
	b := s.backups.settings
	b.list.Select(0)
	if err := os.Remove(f.backups(t)[0].Path); err != nil {
		t.Fatal(err)
	}
	test.Tap(b.restoreBtn)
	test.Tap(findButton(t, s.win.Canvas(), "Restore this backup"))
	if s.editor == nil || s.DB().Locked() {
		t.Fatal("a restore of a backup no longer there closed the session note or the record")
	}
	if text := screenText(s.win.Canvas()); !strings.Contains(text, "is no longer in the backup folder") {
		t.Errorf("nothing says the backup is gone:\n%s", text)
	}
}
