package store

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A damaged file that fails to open must not stay locked by the process
// that tried: the app then restores a backup over it in the same process.
func TestDamagedFileCanBeRestoredOverInTheSameProcess(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "good.db")
	db := fileOfSignedSessions(t, path, 60)
	backup, err := db.Backup(filepath.Join(dir, "backups"))
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	good, _ := os.ReadFile(path)
	const page = 4096
	over := append([]byte(nil), good...)
	for _, pg := range []int{2, 3, len(good)/page - 2} {
		rand.Read(over[pg*page : (pg+1)*page])
	}
	zeroedTail := append([]byte(nil), good...)
	clear(zeroedTail[len(good)/2:])
	// The free-page list, which bbolt reads while opening for writing:
	// cut the file just before it, or zero it. Its page number is in each
	// of the two meta pages (page header 16 bytes; magic, version, page
	// size, flags 4 each; root bucket 16; then the free-list page).
	var freelists []int
	for m := 0; m < 2; m++ {
		freelists = append(freelists, int(binary.LittleEndian.Uint64(good[m*page+48:])))
	}
	noFreelist := append([]byte(nil), good...)
	for _, pg := range freelists {
		clear(noFreelist[pg*page : (pg+1)*page])
	}
	cutAtFreelist := good[:max(freelists[0], freelists[1])*page]
	for name, data := range map[string][]byte{
		"truncated.db":    good[:len(good)/2],
		"overwritten.db":  over,
		"zeroed-tail.db":  zeroedTail,
		"no-freelist.db":  noFreelist,
		"cut-freelist.db": cutAtFreelist,
	} {
		f := filepath.Join(dir, name)
		os.WriteFile(f, data, 0o600)
		opt := Options{Now: func() time.Time { return fixedNow }, KDF: TestKDF, LockTimeout: 200 * time.Millisecond}
		db, err := Open(f, opt)
		if err == nil {
			if err := db.UnlockAny(testPassphrase); err == nil {
				db.Close()
				continue // the damage is in pages the open does not read: Verify finds it
			}
			db.Close()
		} else if errors.Is(err, ErrAlreadyOpen) {
			t.Fatalf("%s: open says the file is already open", name)
		}
		t.Logf("%s: %v", name, err)
		if again, err := Open(f, opt); errors.Is(err, ErrAlreadyOpen) {
			t.Errorf("%s: a failed open left the file locked", name)
		} else if err == nil {
			again.Close()
		}
		aside, err := Restore(backup.Path, f)
		if err != nil {
			t.Errorf("%s: restore after a failed open: %v", name, err)
			continue
		}
		db, err = Open(f, opt)
		if err != nil {
			t.Errorf("%s: the restored file does not open: %v", name, err)
			continue
		}
		if err := db.UnlockAny(testPassphrase); err != nil || db.PatientCount() != 60 {
			t.Errorf("%s: restored file: %v, %d patients", name, err, db.PatientCount())
		}
		db.Close()
		if fi, err := os.Stat(aside); err != nil || fi.Size() != int64(len(data)) {
			t.Errorf("%s: the damaged file was not kept aside as it was", name)
		}
	}
}
