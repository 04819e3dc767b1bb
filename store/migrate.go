package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// A migration brings the file from schema to-1 to schema to. Migrations run
// in order, all in one transaction, once the data key is known (at setup or
// unlock), after a copy of the file has been made.
type migration struct {
	to   int
	what string
	run  func(db *DB, tx *bolt.Tx) error
}

var migrations = []migration{
	{to: 2, what: "encrypt every record and add the clinical record's buckets", run: migrateEncrypt},
}

// migrateEncrypt turns a first-release file (patients in plaintext JSON)
// into an encrypted one.
func migrateEncrypt(db *DB, tx *bolt.Tx) error {
	for _, name := range allBuckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	b := tx.Bucket(bucketPatients)
	type kv struct{ k, v []byte }
	var all []kv
	if err := b.ForEach(func(k, v []byte) error {
		all = append(all, kv{append([]byte(nil), k...), append([]byte(nil), v...)})
		return nil
	}); err != nil {
		return err
	}
	for _, e := range all {
		var p Patient
		if err := json.Unmarshal(e.v, &p); err != nil {
			return fmt.Errorf("patient record %s cannot be read: %w", e.k, err)
		}
		if err := db.put(tx, bucketPatients, e.k, p); err != nil {
			return err
		}
	}
	return nil
}

// runMigrations applies every migration above from, inside tx.
func (db *DB) runMigrations(tx *bolt.Tx, from int) error {
	if from >= SchemaVersion {
		return nil
	}
	for _, m := range migrations {
		if m.to <= from {
			continue
		}
		if err := m.run(db, tx); err != nil {
			return fmt.Errorf("updating the record file to version %d (%s) failed, nothing was changed: %w", m.to, m.what, err)
		}
		if err := db.audit(tx, AuditEntry{Action: AuditMigrate, Detail: fmt.Sprintf("record file updated to version %d: %s", m.to, m.what)}); err != nil {
			return err
		}
	}
	return tx.Bucket(bucketMeta).Put(keySchema, binary.BigEndian.AppendUint64(nil, SchemaVersion))
}

// backupBeforeMigration copies the file beside itself before a migration.
// The copy's name says only the schema and the date.
func (db *DB) backupBeforeMigration(from int) (string, error) {
	name := fmt.Sprintf("%s.schema%d-%s.bak", filepath.Base(db.path), from, db.now().UTC().Format("20060102-150405"))
	path := filepath.Join(filepath.Dir(db.path), name)
	err := db.bolt.View(func(tx *bolt.Tx) error { return tx.CopyFile(path, 0o600) })
	if err != nil {
		os.Remove(path)
		return "", fmt.Errorf("could not copy the record file before updating it, so it was left as it was: %w", err)
	}
	return path, nil
}

// finishMigration deals with the copy once the migrated file is committed.
// A copy of an unencrypted first-release file would keep patients' details
// readable on disk, so it is overwritten and removed; copies of encrypted
// files are kept for the clinic's IT to delete.
func (db *DB) finishMigration(backup string, from int) {
	if backup == "" || from >= 2 {
		return
	}
	wipeFile(backup)
}

var keyNeedsCompact = []byte("needs-compact")

// compactIfFlagged compacts the file if a migration asked for it, and
// removes leftovers of an interrupted migration or compaction beside it.
// It needs no key: compaction copies sealed values as they are. The caller
// holds db.mu (or has the DB to itself, in Open).
func (db *DB) compactIfFlagged() error {
	for _, pattern := range []string{db.path + ".schema1-*.bak", db.path + ".wiping"} {
		leftovers, _ := filepath.Glob(pattern)
		for _, f := range leftovers {
			wipeFile(f)
		}
	}
	os.Remove(db.path + ".compacting")
	flagged := false
	db.bolt.View(func(tx *bolt.Tx) error {
		flagged = tx.Bucket(bucketMeta).Get(keyNeedsCompact) != nil
		return nil
	})
	if !flagged || db.readOnly {
		return nil
	}
	if err := db.compact(); err != nil {
		return err
	}
	return db.bolt.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Delete(keyNeedsCompact) })
}

// compact rewrites the record file with only its live records, then wipes
// the old file's bytes. After encrypting a first-release file this is what
// removes the plaintext that bbolt leaves in freed pages. The caller holds db.mu.
func (db *DB) compact() error {
	tmp := db.path + ".compacting"
	os.Remove(tmp)
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return err
	}
	if err := bolt.Compact(dst, db.bolt, 0); err != nil {
		dst.Close()
		os.Remove(tmp)
		return err
	}
	if err := dst.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	old := db.path + ".wiping"
	os.Remove(old)
	if err := os.Link(db.path, old); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, db.path); err != nil {
		os.Remove(old)
		os.Remove(tmp)
		return err
	}
	syncDir(filepath.Dir(db.path))
	db.bolt.Close()
	wipeFile(old)
	b, err := bolt.Open(db.path, 0o600, &bolt.Options{Timeout: time.Second, NoSync: db.bolt.NoSync})
	if err != nil {
		return fmt.Errorf("the record file was updated but could not be reopened: %w", err)
	}
	db.bolt = b
	return nil
}

// wipeFile overwrites a file with zeros and removes it.
func wipeFile(path string) {
	if f, err := os.OpenFile(path, os.O_WRONLY, 0); err == nil {
		if fi, err := f.Stat(); err == nil {
			zero := make([]byte, 64<<10)
			for left := fi.Size(); left > 0; left -= int64(len(zero)) {
				f.Write(zero[:min(left, int64(len(zero)))])
			}
			f.Sync()
		}
		f.Close()
	}
	os.Remove(path)
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// writeSchema1File writes a first-release file for migration tests: plain
// JSON patients under schema 1, as that release wrote them.
func writeSchema1File(path string, patients []Patient, now time.Time) error {
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		return err
	}
	defer b.Close()
	return b.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucket(bucketMeta)
		if err != nil {
			return err
		}
		meta.Put(keyFormat, []byte(formatMark))
		meta.Put(keySchema, binary.BigEndian.AppendUint64(nil, 1))
		pb, err := tx.CreateBucket(bucketPatients)
		if err != nil {
			return err
		}
		for _, p := range patients {
			p.ID = newID()
			p.Created, p.Updated = now, now
			raw, _ := json.Marshal(p)
			if err := pb.Put([]byte(p.ID), raw); err != nil {
				return err
			}
		}
		return nil
	})
}
