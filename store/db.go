// Package store keeps the clinical record: record types, validation and the
// bbolt database file. It imports nothing else of PelvicNotes.
package store

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// SchemaVersion is the layout of the record file this build writes.
const SchemaVersion = 1

// Bucket names. They describe kinds of record, never people.
var (
	bucketMeta     = []byte("meta")
	bucketPatients = []byte("patients")
	allBuckets     = [][]byte{bucketMeta, bucketPatients}

	keySchema = []byte("schema")
	keyFormat = []byte("format")
)

// formatMark identifies a PelvicNotes record file in its meta bucket.
const formatMark = "pelvicnotes-record-file"

// Options tune Open. The zero value is what the app uses.
type Options struct {
	// Now is the clinic's clock; tests fix it. Defaults to time.Now.
	Now func() time.Time
	// LockTimeout is how long to wait for another process to release the
	// file before reporting ErrAlreadyOpen. Defaults to one second.
	LockTimeout time.Duration
	// ReadOnly opens the file for reading only (several readers may share it).
	ReadOnly bool
}

// DB is an open record file. It is safe for use from several goroutines.
type DB struct {
	bolt *bolt.DB
	path string
	now  func() time.Time

	mu    sync.RWMutex
	index *patientIndex
}

// DefaultFileName is the record file's name inside the app's storage folder.
const DefaultFileName = "pelvicnotes.db"

// Open opens the record file at path, creating it (and its folder) if it
// does not exist. If another PelvicNotes holds the file it returns
// ErrAlreadyOpen without having written anything.
func Open(path string, opt Options) (*DB, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.LockTimeout == 0 {
		opt.LockTimeout = time.Second
	}
	if !opt.ReadOnly {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("cannot create the folder for the record file: %w", err)
		}
	} else if fi, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("cannot open the record file: %w", err)
	} else if fi.Size() == 0 {
		return nil, ErrNotRecordFile // bbolt would try to initialise it
	}
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: opt.LockTimeout, ReadOnly: opt.ReadOnly})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, ErrAlreadyOpen
	}
	if err != nil && !errors.Is(err, os.ErrPermission) && !errors.Is(err, os.ErrNotExist) {
		// bbolt refuses files that are not bbolt databases in several ways
		// (bad magic, too small, bad checksum); to the user they are one thing.
		return nil, fmt.Errorf("%w (%v)", ErrNotRecordFile, err)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot open the record file: %w", err)
	}
	db := &DB{bolt: b, path: path, now: opt.Now}
	if err := db.prepare(opt.ReadOnly); err != nil {
		b.Close()
		return nil, err
	}
	if err := db.loadIndex(); err != nil {
		b.Close()
		return nil, err
	}
	return db, nil
}

// prepare checks the file is ours and at a schema we understand, creating
// the buckets of a new file in one transaction.
func (db *DB) prepare(readOnly bool) error {
	check := func(tx *bolt.Tx) (fresh bool, err error) {
		meta := tx.Bucket(bucketMeta)
		if meta == nil {
			// A file with no meta bucket is ours only if it is empty.
			empty := true
			tx.ForEach(func([]byte, *bolt.Bucket) error { empty = false; return nil })
			if !empty {
				return false, ErrNotRecordFile
			}
			return true, nil
		}
		if string(meta.Get(keyFormat)) != formatMark {
			return false, ErrNotRecordFile
		}
		v := meta.Get(keySchema)
		if len(v) != 8 {
			return false, ErrNotRecordFile
		}
		if binary.BigEndian.Uint64(v) > SchemaVersion {
			return false, ErrNewerFile
		}
		return false, nil
	}
	if readOnly {
		return db.bolt.View(func(tx *bolt.Tx) error {
			fresh, err := check(tx)
			if fresh {
				return ErrNotRecordFile
			}
			return err
		})
	}
	return db.bolt.Update(func(tx *bolt.Tx) error {
		fresh, err := check(tx)
		if err != nil {
			return err
		}
		for _, name := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		if fresh {
			meta := tx.Bucket(bucketMeta)
			if err := meta.Put(keyFormat, []byte(formatMark)); err != nil {
				return err
			}
			return meta.Put(keySchema, binary.BigEndian.AppendUint64(nil, SchemaVersion))
		}
		return nil
	})
}

// Close releases the file.
func (db *DB) Close() error { return db.bolt.Close() }

// Path is the record file's location.
func (db *DB) Path() string { return db.path }

// Today is the clinic's current calendar date.
func (db *DB) Today() Date { return DateOf(db.now()) }

// newID returns a random record ID: 16 hex digits, nothing derived from the person.
func newID() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("store: no randomness: " + err.Error())
	}
	return hex.EncodeToString(b[:])
}

// encode and decode turn a record into the bytes stored under bucket/key.
// They are the single place where values cross the file boundary, so that
// encryption at rest wraps exactly here.
func encode(_, _ []byte, v any) ([]byte, error) { return json.Marshal(v) }

func decode(bucket, key, data []byte, v any) error {
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("record %s/%s cannot be read: %w", bucket, key, err)
	}
	return nil
}
