package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

const testPassphrase = "correct horse battery staple"

func testSetupInfo() SetupInfo {
	return SetupInfo{
		Clinic:       Clinic{Name: "Harbour Pelvic Health", Address: "2 Harbour View\nBristol BS1 4QQ", Phone: "0117 496 0001"},
		Practitioner: Practitioner{Name: "Siân Howells", Profession: "Physiotherapist", RegistrationNumber: "PH123456"},
		Passphrase:   testPassphrase,
	}
}

// setUp opens a new file at path and sets it up; it returns the recovery key.
func setUp(t *testing.T, path string) (*DB, string) {
	t.Helper()
	db, err := Open(path, Options{Now: func() time.Time { return fixedNow }, KDF: TestKDF})
	if err != nil {
		t.Fatal(err)
	}
	rk, err := db.Setup(testSetupInfo())
	if err != nil {
		t.Fatalf("setup: %v", err)
	}
	return db, rk
}

func reopen(t *testing.T, path string) *DB {
	t.Helper()
	db, err := Open(path, Options{Now: func() time.Time { return fixedNow }, KDF: TestKDF})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestSetupUnlockAndLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	db, rk := setUp(t, path)
	if rk == "" || db.Locked() || db.NeedsSetup() {
		t.Fatalf("after setup: key %q locked %v needs setup %v", rk, db.Locked(), db.NeedsSetup())
	}
	if db.CurrentPractitioner().Name != "Siân Howells" || db.Settings().Clinic.Name != "Harbour Pelvic Health" {
		t.Fatalf("after setup: %+v %+v", db.CurrentPractitioner(), db.Settings().Clinic)
	}
	p, err := db.SavePatient(validPatient())
	if err != nil {
		t.Fatal(err)
	}
	db.Lock()
	if !db.Locked() || db.PatientCount() != 0 || len(db.SearchPatients("")) != 0 {
		t.Fatal("locking left patients readable in memory")
	}
	if _, err := db.Patient(p.ID); !errors.Is(err, ErrLocked) {
		t.Fatalf("reading while locked gave %v", err)
	}
	if _, err := db.SavePatient(validPatient()); !errors.Is(err, ErrLocked) {
		t.Fatalf("saving while locked gave %v", err)
	}
	db.Close()

	db = reopen(t, path)
	if !db.Locked() || db.NeedsSetup() {
		t.Fatal("a reopened file should be locked and set up")
	}
	slots := db.Practitioners()
	if len(slots) != 1 || slots[0].Label != "Siân Howells" {
		t.Fatalf("unlock screen would show %+v", slots)
	}
	if err := db.Unlock(slots[0].ID, testPassphrase); err != nil {
		t.Fatal(err)
	}
	if got, err := db.Patient(p.ID); err != nil || got.Name != p.Name {
		t.Fatalf("after unlock: %+v %v", got, err)
	}
	if hits := db.SearchPatients("zolc"); len(hits) != 1 {
		t.Fatalf("index not rebuilt at unlock: %v", hits)
	}
}

func TestSetupRefusesWeakPassphraseAndBadDetails(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "r.db"), Options{Now: func() time.Time { return fixedNow }, KDF: TestKDF})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	in := testSetupInfo()
	in.Passphrase = "physio1"
	in.Practitioner.Name = ""
	_, err = db.Setup(in)
	msgs := FieldMessages(err)
	if msgs[FieldPassphrase] == "" || len(msgs) < 2 {
		t.Fatalf("weak passphrase and missing name gave %v", err)
	}
	if !db.NeedsSetup() || !db.Locked() {
		t.Fatal("a refused setup changed the file")
	}
	if _, err := db.Setup(testSetupInfo()); err != nil {
		t.Fatalf("setup after correcting: %v", err)
	}
	if _, err := db.Setup(testSetupInfo()); !errors.Is(err, ErrSetUp) {
		t.Fatalf("second setup gave %v", err)
	}
}

func TestWrongPassphraseChangesNothingAndIsAudited(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	db, _ := setUp(t, path)
	if _, err := db.SavePatient(validPatient()); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db = reopen(t, path)
	slot := db.Practitioners()[0]
	err := db.Unlock(slot.ID, "correct horse battery stapler")
	if !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase gave %v", err)
	}
	if !strings.Contains(err.Error(), "passphrase") || !db.Locked() {
		t.Fatalf("message %q, locked %v", err, db.Locked())
	}
	if err := db.Unlock(slot.ID, testPassphrase); err != nil {
		t.Fatal(err)
	}
	if db.PatientCount() != 1 {
		t.Fatal("patients changed after a wrong passphrase")
	}
	entries, err := db.Audit()
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		actions = append(actions, string(e.Action))
	}
	got := strings.Join(actions, ",")
	if !strings.Contains(got, string(AuditUnlockFailed)+","+string(AuditUnlock)) {
		t.Fatalf("audit trail %s lacks the failed unlock before the unlock", got)
	}
}

func TestRecoveryKeyUnlockAndPassphraseReset(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	db, rk := setUp(t, path)
	who := db.CurrentPractitioner()
	p, _ := db.SavePatient(validPatient())
	db.Close()

	db = reopen(t, path)
	if err := db.UnlockWithRecovery("AAAA-BBBB"); err == nil {
		t.Fatal("a malformed recovery key unlocked the file")
	}
	if err := db.UnlockWithRecovery(strings.ToLower(rk)); err != nil {
		t.Fatalf("recovery key typed in lower case: %v", err)
	}
	if got, _ := db.Patient(p.ID); got.Name != p.Name {
		t.Fatal("recovery unlock cannot read patients")
	}
	if err := db.SetPassphrase(who.ID, "a brand new passphrase for siân"); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db = reopen(t, path)
	slot := db.Practitioners()[0]
	if err := db.Unlock(slot.ID, testPassphrase); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("the old passphrase still works after a reset: %v", err)
	}
	if err := db.Unlock(slot.ID, "a brand new passphrase for siân"); err != nil {
		t.Fatal(err)
	}
}

func TestChangePassphraseAndPractitionerSlots(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	db, _ := setUp(t, path)
	if err := db.ChangePassphrase("not my passphrase at all", "another good long passphrase"); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("change with the wrong old passphrase gave %v", err)
	}
	if err := db.ChangePassphrase(testPassphrase, "short"); FieldMessages(err)[FieldPassphrase] == "" {
		t.Fatalf("weak new passphrase gave %v", err)
	}
	if err := db.ChangePassphrase(testPassphrase, "another good long passphrase"); err != nil {
		t.Fatal(err)
	}
	me := db.CurrentPractitioner()
	if err := db.RemovePractitioner(me.ID); !errors.Is(err, ErrLastSlot) {
		t.Fatalf("removing the only practitioner gave %v", err)
	}
	colleague, err := db.AddPractitioner(Practitioner{Name: "Ngozi Okafor", Profession: "Physiotherapist", RegistrationNumber: "PH654321"}, "ngozi's own long passphrase")
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	db = reopen(t, path)
	if len(db.Practitioners()) != 2 {
		t.Fatalf("practitioners %+v", db.Practitioners())
	}
	var slotID string
	for _, s := range db.Practitioners() {
		if s.PractitionerID == colleague.ID {
			slotID = s.ID
		}
	}
	if err := db.Unlock(slotID, "ngozi's own long passphrase"); err != nil {
		t.Fatal(err)
	}
	if db.CurrentPractitioner().Name != "Ngozi Okafor" {
		t.Fatalf("unlocked as %+v", db.CurrentPractitioner())
	}
	if err := db.RemovePractitioner(me.ID); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = reopen(t, path)
	if len(db.Practitioners()) != 1 {
		t.Fatal("removed practitioner can still unlock")
	}
}

func TestValueMovedToAnotherKeyFailsToOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	db, _ := setUp(t, path)
	a, _ := db.SavePatient(validPatient())
	bp := validPatient()
	bp.Name, bp.Identifier = "Ольга Иванова", ""
	b, _ := db.SavePatient(bp)
	// Copy A's sealed value onto B's key, as an attacker editing the file might.
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		bk := tx.Bucket(bucketPatients)
		return bk.Put([]byte(b.ID), append([]byte(nil), bk.Get([]byte(a.ID))...))
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Patient(b.ID); !errors.Is(err, ErrTampered) {
		t.Fatalf("a value moved to another record opened: %v", err)
	}
	if got, err := db.Patient(a.ID); err != nil || got.Name != a.Name {
		t.Fatalf("the original value no longer opens: %v", err)
	}
}

func TestMigrateFirstReleaseFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "old.db")
	old := []Patient{validPatient()}
	q := validPatient()
	q.Name, q.Identifier = "Nguyễn Thị Minh", "999 000 0018"
	old = append(old, q)
	if err := writeSchema1File(path, old, fixedNow); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(path)
	if !bytes.Contains(raw, []byte("Nguy\xe1\xbb\x85n")) {
		t.Fatal("fixture is not a plaintext first-release file")
	}

	db, err := Open(path, Options{Now: func() time.Time { return fixedNow }, KDF: TestKDF})
	if err != nil {
		t.Fatal(err)
	}
	if !db.NeedsSetup() {
		t.Fatal("a first-release file should need setting up")
	}
	if _, err := db.Setup(testSetupInfo()); err != nil {
		t.Fatal(err)
	}
	if got := db.SearchPatients("nguyen"); len(got) != 1 || got[0].Identifier != "999 000 0018" {
		t.Fatalf("after migration: %+v", got)
	}
	if v, _ := db.schema(); v != SchemaVersion {
		t.Fatalf("schema after migration %d", v)
	}
	entries, _ := db.Audit()
	migrated := false
	for _, e := range entries {
		migrated = migrated || e.Action == AuditMigrate
	}
	if !migrated {
		t.Fatal("the migration is not in the audit trail")
	}
	db.Close()

	// Nothing readable is left: not in the file, not in a backup beside it.
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, f := range files {
		raw, _ := os.ReadFile(f)
		for _, secret := range []string{"Nguy\xe1\xbb\x85n", "Łucja", "943 476 5919", "1988-03-14"} {
			if bytes.Contains(raw, []byte(secret)) {
				t.Errorf("%s still holds %q in plaintext", filepath.Base(f), secret)
			}
		}
	}
}

func TestFailedMigrationChangesNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "old.db")
	if err := writeSchema1File(path, []Patient{validPatient()}, fixedNow); err != nil {
		t.Fatal(err)
	}
	// Corrupt one patient so the migration must fail.
	b, _ := bolt.Open(path, 0o600, nil)
	b.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketPatients).Put([]byte("0000000000000001"), []byte("{not json"))
	})
	b.Close()
	before, _ := os.ReadFile(path)

	db, err := Open(path, Options{Now: func() time.Time { return fixedNow }, KDF: TestKDF})
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.Setup(testSetupInfo())
	if err == nil || !strings.Contains(err.Error(), "nothing was changed") {
		t.Fatalf("failed migration gave %v", err)
	}
	if !db.NeedsSetup() || !db.Locked() {
		t.Fatal("a failed migration left the file set up")
	}
	db.Close()
	after, _ := os.ReadFile(path)
	var n int
	var slots []byte
	db2, _ := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	db2.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(bucketPatients).Stats().KeyN
		slots = tx.Bucket(bucketMeta).Get(keySlots)
		return nil
	})
	db2.Close()
	if n != 2 || slots != nil || len(after) != len(before) {
		t.Fatalf("after a failed migration: %d patients, slots %q, size %d→%d", n, slots, len(before), len(after))
	}
	// The copy taken before migrating was unencrypted, so it must not stay behind.
	if backups, _ := filepath.Glob(filepath.Join(dir, "old.db.schema1-*.bak")); len(backups) != 0 {
		t.Fatalf("plaintext backups left: %v", backups)
	}
}

func TestInterruptedMigrationIsFinishedAtOpen(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "r.db")
	db, _ := setUp(t, path)
	// As if PelvicNotes stopped after encrypting a first-release file but
	// before compacting it and wiping its copy.
	db.bolt.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keyNeedsCompact, []byte{1}) })
	db.Close()
	leftover := path + ".schema1-20261121-103000.bak"
	os.WriteFile(leftover, []byte("Łucja Żółć 1988-03-14"), 0o600)

	db = reopen(t, path)
	if _, err := os.Stat(leftover); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("the plaintext copy from the interrupted migration is still there")
	}
	flag := true
	db.bolt.View(func(tx *bolt.Tx) error { flag = tx.Bucket(bucketMeta).Get(keyNeedsCompact) != nil; return nil })
	if flag {
		t.Fatal("the file was not compacted")
	}
	if err := db.UnlockAny(testPassphrase); err != nil {
		t.Fatalf("after compaction at open: %v", err)
	}
}

func TestPractitionerNamesAreDistinct(t *testing.T) {
	db, _ := setUp(t, filepath.Join(t.TempDir(), "r.db"))
	defer db.Close()
	_, err := db.AddPractitioner(Practitioner{Name: "SIÂN HOWELLS", Profession: "Physiotherapist"}, "another long passphrase here")
	if FieldMessages(err)[FieldName] == "" {
		t.Fatalf("a second practitioner with the same name gave %v", err)
	}
}
