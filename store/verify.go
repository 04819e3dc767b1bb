package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// ErrDamaged reports a record file whose structure is broken (a truncated
// file, overwritten pages). Nothing in it should be trusted until it is
// replaced by a backup.
var ErrDamaged = errors.New("the record file is damaged and cannot be read safely; restore the latest verified backup")

// ErrNotWritten reports a change the disk refused. The transaction was rolled
// back, so the file is as it was before the change.
var ErrNotWritten = errors.New("the record could not be written: the disk may be full; nothing was changed")

// Report is what Verify found.
type Report struct {
	Path     string
	Problems []string       // in plain words; empty when all is well
	Checked  map[string]int // records checked, by kind
}

// maxProblems bounds a report on a badly damaged file.
const maxProblems = 50

// OK reports whether nothing is wrong.
func (r Report) OK() bool { return len(r.Problems) == 0 }

func (r *Report) problem(format string, args ...any) {
	if len(r.Problems) == maxProblems {
		r.Problems = append(r.Problems, "… and more problems not listed")
	}
	if len(r.Problems) > maxProblems {
		return
	}
	r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
}

// Total is the number of records checked.
func (r Report) Total() int {
	n := 0
	for _, c := range r.Checked {
		n += c
	}
	return n
}

// Summary is one line: all well, or how many problems and the first.
func (r Report) Summary() string {
	if r.OK() {
		return fmt.Sprintf("the record file is sound: %d records checked", r.Total())
	}
	n := len(r.Problems)
	if n > maxProblems {
		n = maxProblems // the last line is "and more"
	}
	return fmt.Sprintf("the record file has %d problem(s); the first: %s", n, r.Problems[0])
}

// String is the whole report, a line each.
func (r Report) String() string {
	var b strings.Builder
	kinds := make([]string, 0, len(r.Checked))
	for k := range r.Checked {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		fmt.Fprintf(&b, "%s: %d checked\n", k, r.Checked[k])
	}
	for _, p := range r.Problems {
		fmt.Fprintf(&b, "problem: %s\n", p)
	}
	b.WriteString(r.Summary() + "\n")
	return b.String()
}

// guard turns a panic or memory fault inside bbolt (which reads the file
// through a memory map and trusts its structure) into ErrDamaged.
func guard(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("%w (%v)", ErrDamaged, r)
	}
}

// checkSize refuses a file shorter than its own record of its size: a
// truncated file, whose missing pages bbolt would fault on.
func checkSize(b *bolt.DB, path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	return b.View(func(tx *bolt.Tx) error {
		if fi.Size() < tx.Size() {
			return fmt.Errorf("%w (the file is %d bytes but should be at least %d: it has been cut short)", ErrDamaged, fi.Size(), tx.Size())
		}
		return nil
	})
}

// checkStructure runs bbolt's consistency check in tx, adding what it finds to rep.
func checkStructure(tx *bolt.Tx, rep *Report) {
	for err := range tx.Check() {
		rep.problem("the file's structure is inconsistent: %v", err)
	}
}

// checkRecordFileNoKey checks, without the data key, that path is a sound
// PelvicNotes record file this build can read.
func checkRecordFileNoKey(path string) (err error) {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() || fi.Size() == 0 {
		return ErrNotRecordFile
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer guard(&err)
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
	if errors.Is(err, bolt.ErrTimeout) {
		return ErrAlreadyOpen
	}
	if err != nil {
		return fmt.Errorf("%w (%v)", ErrNotRecordFile, err)
	}
	defer b.Close()
	if err := checkSize(b, path); err != nil {
		return err
	}
	return b.View(func(tx *bolt.Tx) error {
		var rep Report
		checkStructure(tx, &rep)
		if !rep.OK() {
			return fmt.Errorf("%w (%s)", ErrDamaged, rep.Problems[0])
		}
		meta := tx.Bucket(bucketMeta)
		if meta == nil || string(meta.Get(keyFormat)) != formatMark {
			return ErrNotRecordFile
		}
		v := meta.Get(keySchema)
		if len(v) != 8 {
			return ErrNotRecordFile
		}
		if binary.BigEndian.Uint64(v) > SchemaVersion {
			return ErrNewerFile
		}
		return nil
	})
}

// VerifyFile checks the record file at path (a backup, or a record file
// nobody has open) with the data key: bbolt's consistency check, every
// record decrypts, decodes and validates, and signed amendments point at
// signed sessions of the same patient. A backup has the data key of the
// file it was made from.
func VerifyFile(path string, key []byte) (Report, error) {
	return verifyFile(path, key, time.Now)
}

func verifyFile(path string, key []byte, now func() time.Time) (rep Report, err error) {
	rep.Path = path
	if len(key) == 0 {
		return rep, ErrLocked
	}
	if fi, err := os.Stat(path); err != nil {
		return rep, fmt.Errorf("cannot open the record file: %w", err)
	} else if fi.Size() == 0 {
		return rep, ErrNotRecordFile
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer guard(&err)
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
	if errors.Is(err, bolt.ErrTimeout) {
		return rep, ErrAlreadyOpen
	}
	if err != nil {
		return rep, fmt.Errorf("%w (%v)", ErrNotRecordFile, err)
	}
	defer b.Close()
	if err := checkSize(b, path); err != nil {
		return rep, err
	}
	db := &DB{bolt: b, path: path, now: now, readOnly: true, key: append([]byte(nil), key...)}
	defer clear(db.key)
	err = b.View(func(tx *bolt.Tx) error { return db.verifyTx(tx, &rep) })
	return rep, err
}

// Verify checks the open record file as VerifyFile does, while the app keeps
// working (in one read transaction).
func (db *DB) Verify() (rep Report, err error) {
	rep.Path = db.path
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer guard(&err)
	// A copy of the key, so saves are not held up while a large file is checked.
	db.mu.RLock()
	key := append([]byte(nil), db.key...)
	db.mu.RUnlock()
	if len(key) == 0 {
		return rep, ErrLocked
	}
	defer clear(key)
	v := &DB{bolt: db.bolt, path: db.path, now: db.now, readOnly: true, key: key}
	err = db.bolt.View(func(tx *bolt.Tx) error { return v.verifyTx(tx, &rep) })
	return rep, err
}

// verifyTx does the checking; it returns an error only when the file cannot
// be checked at all (not ours, or locked); problems go in rep.
func (db *DB) verifyTx(tx *bolt.Tx, rep *Report) error {
	rep.Checked = map[string]int{}
	checkStructure(tx, rep)
	meta := tx.Bucket(bucketMeta)
	if meta == nil || string(meta.Get(keyFormat)) != formatMark {
		return ErrNotRecordFile
	}
	if v := meta.Get(keySchema); len(v) != 8 {
		return ErrNotRecordFile
	} else if binary.BigEndian.Uint64(v) > SchemaVersion {
		return ErrNewerFile
	} else if binary.BigEndian.Uint64(v) < SchemaVersion {
		rep.problem("the file is at an older version (%d) and is updated when it is next unlocked", binary.BigEndian.Uint64(v))
		return nil
	}
	for _, name := range allBuckets {
		if tx.Bucket(name) == nil && !slices.ContainsFunc(addedBuckets, func(b []byte) bool { return bytes.Equal(b, name) }) {
			rep.problem("the file has no %s section", name)
		}
	}
	now := db.now()
	today := DateOf(now)
	cs := DefaultClinicSettings()
	if b := tx.Bucket(bucketSettings); b != nil {
		if raw := b.Get(keyClinicSettings); raw != nil {
			rep.Checked["settings"]++
			if err := db.decode(bucketSettings, keyClinicSettings, raw, &cs); err != nil {
				rep.problem("the clinic settings cannot be read: %v", err)
				cs = DefaultClinicSettings()
			} else if err := cs.Validate(); err != nil {
				rep.problem("the clinic settings are not valid: %v", err)
			}
		}
	}
	each := func(bucket []byte, kind string, check func(k, raw []byte) error) {
		b := tx.Bucket(bucket)
		if b == nil {
			return
		}
		b.ForEach(func(k, raw []byte) error {
			rep.Checked[kind]++
			if err := check(k, raw); err != nil {
				rep.problem("%s record %x: %v", kind, k, err)
			}
			return nil
		})
	}
	decodeValid := func(bucket, k, raw []byte, v any, validate func() error) error {
		if err := db.decode(bucket, k, raw, v); err != nil {
			return fmt.Errorf("cannot be read: %w", err)
		}
		if err := validate(); err != nil {
			return fmt.Errorf("is not valid: %w", err)
		}
		return nil
	}
	each(bucketPatients, "patients", func(k, raw []byte) error {
		var p Patient
		return decodeValid(bucketPatients, k, raw, &p, func() error { return p.Validate(today) })
	})
	type sess struct {
		patient, amends string
		status          SessionStatus
	}
	sessions := map[string]sess{}
	each(bucketSessions, "sessions", func(k, raw []byte) error {
		var s Session
		return decodeValid(bucketSessions, k, raw, &s, func() error {
			sessions[string(k)] = sess{s.PatientID, s.AmendsID, s.Status}
			// Validated against the clock when it was last written.
			at := s.WrittenAt
			if s.SignedAt.After(at) {
				at = s.SignedAt
			}
			if s.Status != StatusSigned || at.IsZero() {
				at = now
			}
			return s.Validate(at, cs)
		})
	})
	for id, s := range sessions {
		if s.amends == "" || s.status != StatusSigned {
			continue
		}
		orig, ok := sessions[s.amends]
		switch {
		case !ok:
			rep.problem("signed amendment %s amends session %s, which is not in the file", id, s.amends)
		case orig.status != StatusSigned:
			rep.problem("signed amendment %s amends session %s, which is not signed", id, s.amends)
		case orig.patient != s.patient:
			rep.problem("signed amendment %s amends session %s of another patient", id, s.amends)
		}
	}
	each(bucketMeasures, "measures", func(k, raw []byte) error {
		var m MeasureResponse
		return decodeValid(bucketMeasures, k, raw, &m, func() error { return m.Validate(today) })
	})
	photos := map[string]string{} // picture → the record that shows it
	each(bucketProgrammes, "programmes", func(k, raw []byte) error {
		var p Programme
		return decodeValid(bucketProgrammes, k, raw, &p, func() error {
			for _, it := range p.Items {
				if it.Photo != "" {
					photos[it.Photo] = "programme " + string(k)
				}
			}
			return p.Validate(now)
		})
	})
	each(bucketClinicExercises, "clinic exercises", func(k, raw []byte) error {
		var e Exercise
		return decodeValid(bucketClinicExercises, k, raw, &e, func() error {
			if e.Photo != "" {
				photos[e.Photo] = "clinic exercise " + string(k)
			}
			return e.Validate()
		})
	})
	each(bucketBlobs, "pictures and files", func(k, raw []byte) error {
		id, isPhoto := strings.CutPrefix(string(k), "photo-")
		var b blob
		return decodeValid(bucketBlobs, k, raw, &b, func() error {
			if isPhoto && PhotoID(b.Data) != id {
				return errors.New("the picture does not match its fingerprint")
			}
			return nil
		})
	})
	for id, who := range photos {
		if b := tx.Bucket(bucketBlobs); b == nil || b.Get(photoKey(id)) == nil {
			rep.problem("%s shows a picture that is not in the file", who)
		}
	}
	each(bucketLetters, "letters", func(k, raw []byte) error {
		var l Letter
		return decodeValid(bucketLetters, k, raw, &l, func() error { return l.Validate() })
	})
	each(bucketReferrers, "referrers", func(k, raw []byte) error {
		var r Referrer
		return decodeValid(bucketReferrers, k, raw, &r, func() error { return r.Validate() })
	})
	each(bucketPractitioners, "practitioners", func(k, raw []byte) error {
		var p Practitioner
		return decodeValid(bucketPractitioners, k, raw, &p, func() error { return p.Validate() })
	})
	each(bucketDrafts, "drafts", func(k, raw []byte) error {
		var d Draft
		return decodeValid(bucketDrafts, k, raw, &d, func() error { return d.Validate() })
	})
	each(bucketAudit, "audit entries", func(k, raw []byte) error {
		var e AuditEntry
		return decodeValid(bucketAudit, k, raw, &e, func() error { return nil })
	})
	return nil
}
