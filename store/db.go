// Package store keeps the clinical record: record types, validation, safety
// rules and the encrypted bbolt record file. Of PelvicNotes it imports only
// assets, for embedded data such as the technique catalogue.
package store

import (
	"bytes"
	"compress/flate"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// SchemaVersion is the layout of the record file this build writes.
// 1: patients only, unencrypted (the first release).
// 2: every value encrypted; the whole clinical record.
const SchemaVersion = 2

// Bucket names. They describe kinds of record, never people.
var (
	bucketMeta          = []byte("meta")
	bucketSettings      = []byte("settings")
	bucketPatients      = []byte("patients")
	bucketSessions      = []byte("sessions")
	bucketSessionIndex  = []byte("sessions-by-patient")
	bucketProgrammes    = []byte("programmes")
	bucketMeasures      = []byte("measures")
	bucketLetters       = []byte("letters")
	bucketReferrers     = []byte("referrers")
	bucketPractitioners = []byte("practitioners")
	bucketDrafts        = []byte("drafts")
	bucketAudit         = []byte("audit")
	bucketAuditIndex    = []byte("audit-by-patient")
	bucketBlobs         = []byte("blobs")
	bucketByPatient     = []byte("records-by-patient")
	// The clinic's own home exercises (issue 6), added after schema 2 first
	// shipped: an existing file gains it when next opened for writing.
	bucketClinicExercises = []byte("clinic-exercises")

	allBuckets = [][]byte{bucketMeta, bucketSettings, bucketPatients, bucketSessions, bucketSessionIndex,
		bucketProgrammes, bucketMeasures, bucketLetters, bucketReferrers, bucketPractitioners,
		bucketDrafts, bucketAudit, bucketAuditIndex, bucketBlobs, bucketByPatient, bucketClinicExercises}

	// addedBuckets are buckets a file of the current schema may lack because
	// it was written before they existed; prepare adds them, and Verify does
	// not count their absence as a problem.
	addedBuckets = [][]byte{bucketClinicExercises}

	keySchema         = []byte("schema")
	keyFormat         = []byte("format")
	keyClinicSettings = []byte("clinic")
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
	// ReadOnly opens the file for reading only.
	ReadOnly bool
	// KDF is the Argon2id cost of new key slots. Defaults to StrongKDF;
	// tests use TestKDF.
	KDF KDFParams
	// NoSync skips fsync: only for building large benchmark files.
	NoSync bool
}

// DB is an open record file. It is safe for use from several goroutines.
type DB struct {
	bolt     *bolt.DB
	path     string
	now      func() time.Time
	kdf      KDFParams
	readOnly bool

	mu       sync.RWMutex
	slots    []KeySlot
	key      []byte       // the data key; nil while locked
	who      Practitioner // who unlocked
	settings ClinicSettings
	index    *patientIndex
}

// DefaultFileName is the record file's name inside the app's storage folder.
const DefaultFileName = "pelvicnotes.db"

// Open opens the record file at path, creating it (and its folder) if it
// does not exist. The file starts locked. If another PelvicNotes holds the
// file it returns ErrAlreadyOpen without having written anything.
func Open(path string, opt Options) (db *DB, err error) {
	// bbolt trusts the file's structure; a damaged file can make it panic
	// or fault while opening. Say the file is damaged instead.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			if db != nil && db.bolt != nil {
				db.bolt.Close()
			}
			db, err = nil, fmt.Errorf("%w (%v)", ErrDamaged, r)
		}
	}()
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.LockTimeout == 0 {
		opt.LockTimeout = time.Second
	}
	if opt.KDF == (KDFParams{}) {
		opt.KDF = StrongKDF
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
	if !opt.ReadOnly {
		if err := probeDamage(path, opt.LockTimeout); err != nil {
			return nil, err
		}
	}
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: opt.LockTimeout, ReadOnly: opt.ReadOnly, NoSync: opt.NoSync})
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
	if err := checkSize(b, path); err != nil {
		b.Close()
		return nil, err
	}
	db = &DB{bolt: b, path: path, now: opt.Now, kdf: opt.KDF, readOnly: opt.ReadOnly, index: newPatientIndex()}
	if err := db.prepare(); err != nil {
		b.Close()
		return nil, err
	}
	if err := db.compactIfFlagged(); err != nil {
		db.bolt.Close()
		return nil, fmt.Errorf("the record file needs tidying after an update that was interrupted, and that failed: %w", err)
	}
	return db, nil
}

// probeDamage looks at an existing file read-only before bbolt opens it for
// writing. Opening for writing reads the free-page list, and a file cut
// short or overwritten there makes bbolt panic inside bolt.Open, after it
// has taken the file's exclusive lock and before it hands back anything to
// close: the lock would stay held until the process ends, and a restore
// over the damaged file in the same process would find it "already open".
// Read-only, the size check needs no free-page list; loading the list
// read-only, a panic can leave at most a shared lock, which a restore
// (which only reads the damaged file) does not mind.
func probeDamage(path string, timeout time.Duration) (err error) {
	if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
		return nil // a new file, or one Open reports on itself
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w (%v)", ErrDamaged, r)
		}
	}()
	for _, preload := range []bool{false, true} {
		b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: timeout, ReadOnly: true, PreLoadFreelist: preload})
		if errors.Is(err, bolt.ErrTimeout) {
			return ErrAlreadyOpen
		}
		if err != nil {
			return nil // not a bbolt file: Open says so
		}
		err = checkSize(b, path)
		b.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// prepare checks the file is ours and at a schema we understand, creating
// the buckets of a new file in one transaction, and reads the key slots.
func (db *DB) prepare() error {
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
		db.slots, err = loadSlots(tx)
		return false, err
	}
	if db.readOnly {
		return db.bolt.View(func(tx *bolt.Tx) error {
			fresh, err := check(tx)
			if fresh {
				return ErrNotRecordFile
			}
			return err
		})
	}
	// A file that is already complete is only read: opening it writes
	// nothing, so a damaged page beyond the ones read here is found at
	// unlock (and offered a backup) rather than touched by a write.
	complete := false
	if err := db.bolt.View(func(tx *bolt.Tx) error {
		fresh, err := check(tx)
		if err != nil || fresh {
			return err
		}
		complete = binary.BigEndian.Uint64(tx.Bucket(bucketMeta).Get(keySchema)) != SchemaVersion ||
			!slices.ContainsFunc(addedBuckets, func(name []byte) bool { return tx.Bucket(name) == nil })
		return nil
	}); err != nil || complete {
		return err
	}
	return db.bolt.Update(func(tx *bolt.Tx) error {
		fresh, err := check(tx)
		if err != nil {
			return err
		}
		if fresh {
			for _, name := range allBuckets {
				if _, err := tx.CreateBucketIfNotExists(name); err != nil {
					return err
				}
			}
			meta := tx.Bucket(bucketMeta)
			if err := meta.Put(keyFormat, []byte(formatMark)); err != nil {
				return err
			}
			return meta.Put(keySchema, binary.BigEndian.AppendUint64(nil, SchemaVersion))
		}
		if binary.BigEndian.Uint64(tx.Bucket(bucketMeta).Get(keySchema)) == SchemaVersion {
			for _, name := range addedBuckets {
				if _, err := tx.CreateBucketIfNotExists(name); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// schema reads the file's schema version.
func (db *DB) schema() (int, error) {
	v := 0
	err := db.bolt.View(func(tx *bolt.Tx) error {
		raw := tx.Bucket(bucketMeta).Get(keySchema)
		if len(raw) != 8 {
			return ErrNotRecordFile
		}
		v = int(binary.BigEndian.Uint64(raw))
		return nil
	})
	return v, err
}

// Close forgets the key and releases the file.
func (db *DB) Close() error {
	db.mu.Lock()
	for i := range db.key {
		db.key[i] = 0
	}
	db.key = nil
	db.mu.Unlock()
	return db.bolt.Close()
}

// Path is the record file's location.
func (db *DB) Path() string { return db.path }

// Today is the clinic's current calendar date.
func (db *DB) Today() Date { return DateOf(db.now()) }

// Now is the clinic's clock.
func (db *DB) Now() time.Time { return db.now() }

// newID returns a random record ID: 16 hex digits, nothing derived from the person.
func newID() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("store: no randomness: " + err.Error())
	}
	return hex.EncodeToString(b[:])
}

// idBytes turns a 16-hex-digit record ID into its 8 bytes for index keys.
func idBytes(id string) []byte {
	b, err := hex.DecodeString(id)
	if err != nil || len(b) != 8 {
		// Not one of ours (a test or a corrupt reference): hash-free fallback
		// keeps the key unique without putting text in it.
		b = make([]byte, 8)
		copy(b, id)
	}
	return b
}

// put seals v under bucket/key in tx. It is, with get, the only place where
// record values cross the file boundary.
func (db *DB) put(tx *bolt.Tx, bucket, key []byte, v any) error {
	if db.key == nil {
		return ErrLocked
	}
	plain, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if len(plain) > maxRecord {
		return errors.New("this record is too large to keep (over 64 MB)")
	}
	sealed, err := Seal(db.key, bucket, key, compress(plain))
	if err != nil {
		return err
	}
	return tx.Bucket(bucket).Put(key, sealed)
}

// get opens bucket/key into v; ErrNotFound when absent.
func (db *DB) get(tx *bolt.Tx, bucket, key []byte, v any) error {
	raw := tx.Bucket(bucket).Get(key)
	if raw == nil {
		return ErrNotFound
	}
	return db.decode(bucket, key, raw, v)
}

func (db *DB) decode(bucket, key, raw []byte, v any) error {
	if db.key == nil {
		return ErrLocked
	}
	plain, err := OpenSealed(db.key, bucket, key, raw)
	if err != nil {
		return err
	}
	if plain, err = decompress(plain); err != nil {
		return fmt.Errorf("%w: %v", ErrTampered, err)
	}
	if err := json.Unmarshal(plain, v); err != nil {
		return fmt.Errorf("%w: %v", ErrTampered, err)
	}
	return nil
}

// Record values are JSON, deflated when that makes them smaller (clinical
// text compresses about threefold), then sealed. A deflated value starts
// with the byte 'z'; JSON never does.
const deflated = 'z'

var flaters = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, flate.DefaultCompression)
	return w
}}

func compress(plain []byte) []byte {
	if len(plain) < 256 {
		return plain
	}
	var buf bytes.Buffer
	buf.WriteByte(deflated)
	w := flaters.Get().(*flate.Writer)
	w.Reset(&buf)
	w.Write(plain)
	w.Close()
	flaters.Put(w)
	if buf.Len() >= len(plain) {
		return plain
	}
	return buf.Bytes()
}

var inflaters sync.Pool

// maxRecord bounds what a deflated value may expand to, so a damaged file
// cannot exhaust memory.
const maxRecord = 64 << 20

func decompress(b []byte) ([]byte, error) {
	if len(b) == 0 || b[0] != deflated {
		return b, nil
	}
	src := bytes.NewReader(b[1:])
	r, _ := inflaters.Get().(io.ReadCloser)
	if r == nil {
		r = flate.NewReader(src)
	} else {
		r.(flate.Resetter).Reset(src, nil)
	}
	defer inflaters.Put(r)
	out, err := io.ReadAll(io.LimitReader(r, maxRecord+1))
	if err != nil {
		return nil, err
	}
	if len(out) > maxRecord {
		return nil, errors.New("record too large")
	}
	return out, nil
}

// view and update run f with the read lock held and the file unlocked.
func (db *DB) view(f func(tx *bolt.Tx) error) error {
	db.mu.RLock()
	defer db.mu.RUnlock()
	if db.key == nil {
		return ErrLocked
	}
	return db.bolt.View(f)
}

// update runs f in a write transaction; onCommit runs after a successful
// commit, still under the lock (to keep in-memory state in step).
func (db *DB) update(f func(tx *bolt.Tx) error, onCommit ...func()) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.key == nil {
		return ErrLocked
	}
	if db.readOnly {
		return errors.New("the record file is open read-only")
	}
	ran := false
	if err := db.bolt.Update(func(tx *bolt.Tx) error {
		if err := f(tx); err != nil {
			return err
		}
		ran = true
		return nil
	}); err != nil {
		if ran {
			// The change was complete; the file refused it at commit
			// (disk full, write error). bbolt rolled it back.
			return fmt.Errorf("%w (%v)", ErrNotWritten, err)
		}
		return err
	}
	for _, g := range onCommit {
		g()
	}
	return nil
}

// Settings are the clinic-wide settings kept in the record file.
func (db *DB) Settings() ClinicSettings {
	db.mu.RLock()
	defer db.mu.RUnlock()
	return db.settings
}

// SaveSettings validates and stores the clinic-wide settings.
func (db *DB) SaveSettings(cs ClinicSettings) error {
	if err := cs.Validate(); err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		if err := db.put(tx, bucketSettings, keyClinicSettings, cs); err != nil {
			return err
		}
		return db.audit(tx, AuditEntry{Action: AuditUpdate, Kind: "settings"})
	}, func() { db.settings = cs })
}

func (db *DB) loadSettings(tx *bolt.Tx) error {
	cs := DefaultClinicSettings()
	err := db.get(tx, bucketSettings, keyClinicSettings, &cs)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	db.settings = cs
	return nil
}
