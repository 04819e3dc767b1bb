package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/text/unicode/norm"
)

// The record file is encrypted with one random data key. The key is kept
// only wrapped, in key slots in the meta bucket: one per practitioner
// (Argon2id of their passphrase) and one for the recovery key shown once at
// setup. Unlocking unwraps the data key into memory; locking forgets it.

var (
	keySlots         = []byte("slots")
	keyFailedUnlocks = []byte("failed-unlocks")

	// ErrLocked means the record file must be unlocked first.
	ErrLocked = errors.New("the record file is locked: unlock it with your passphrase first")
	// ErrSetUp means Setup was called on a file that already has practitioners.
	ErrSetUp = errors.New("this record file is already set up")
	// ErrNotSetUp means the file has no practitioner yet and needs Setup.
	ErrNotSetUp = errors.New("this record file has not been set up yet: open it in PelvicNotes to set up the clinic first")
	// ErrNoSuchSlot means the practitioner chosen to unlock is not on this file.
	ErrNoSuchSlot = errors.New("that practitioner cannot unlock this record file")
	// ErrLastSlot refuses removing the only practitioner who can unlock.
	ErrLastSlot = errors.New("this is the only practitioner who can unlock the record file; add another practitioner first")
)

// RecoveryPractitionerID is who the audit names when the file was unlocked
// with the recovery key rather than a practitioner's passphrase.
const RecoveryPractitionerID = "recovery-key"

// SlotInfo is what the unlock screen may show before the file is unlocked.
type SlotInfo struct {
	ID             string
	PractitionerID string
	Label          string
}

// failedUnlock is kept in plaintext until the next successful unlock turns
// it into an audit entry. It names only a slot and a time.
type failedUnlock struct {
	Slot string    `json:"slot"`
	At   time.Time `json:"at"`
}

// SetupInfo is what the first-run screen collects.
type SetupInfo struct {
	Clinic       Clinic
	Practitioner Practitioner
	Passphrase   string
}

// NeedsSetup reports whether the file has no practitioner yet.
func (db *DB) NeedsSetup() bool {
	db.mu.RLock()
	defer db.mu.RUnlock()
	return len(db.slots) == 0
}

// Locked reports whether the data key is absent.
func (db *DB) Locked() bool {
	db.mu.RLock()
	defer db.mu.RUnlock()
	return db.key == nil
}

// Practitioners lists who can unlock the file, for the unlock screen.
func (db *DB) Practitioners() []SlotInfo {
	db.mu.RLock()
	defer db.mu.RUnlock()
	var out []SlotInfo
	for _, s := range db.slots {
		if s.Kind == SlotPractitioner {
			out = append(out, SlotInfo{ID: s.ID, PractitionerID: s.PractitionerID, Label: s.Label})
		}
	}
	return out
}

// CurrentPractitioner is who unlocked the file.
func (db *DB) CurrentPractitioner() Practitioner {
	db.mu.RLock()
	defer db.mu.RUnlock()
	return db.who
}

// loadSlots reads the key slots from the meta bucket.
func loadSlots(tx *bolt.Tx) ([]KeySlot, error) {
	raw := tx.Bucket(bucketMeta).Get(keySlots)
	if raw == nil {
		return nil, nil
	}
	var slots []KeySlot
	if err := json.Unmarshal(raw, &slots); err != nil {
		return nil, fmt.Errorf("%w: its key slots cannot be read", ErrNotRecordFile)
	}
	return slots, nil
}

func putSlots(tx *bolt.Tx, slots []KeySlot) error {
	raw, err := json.Marshal(slots)
	if err != nil {
		return err
	}
	return tx.Bucket(bucketMeta).Put(keySlots, raw)
}

// Setup makes a new record file ready: the clinic's letterhead and
// settings, the first practitioner and their passphrase, and a recovery
// key, which is returned once for the practitioner to keep on paper. The
// file is unlocked afterwards. An older unencrypted file is encrypted here.
func (db *DB) Setup(in SetupInfo) (recoveryKey string, err error) {
	if db.readOnly {
		return "", errors.New("the record file is open read-only")
	}
	if !db.NeedsSetup() {
		return "", ErrSetUp
	}
	var v ValidationError
	in.Clinic, in.Practitioner = in.Clinic.Normalise(), in.Practitioner.Normalise()
	v.merge("clinic.", in.Clinic.Validate())
	v.merge("practitioner.", in.Practitioner.Validate())
	if s := PassphraseStrength(in.Passphrase); !s.Acceptable {
		v.add(FieldPassphrase, strings.TrimSuffix(lowerFirst(s.Hint), "."))
	}
	if err := v.err(); err != nil {
		return "", err
	}

	now := db.now().UTC()
	dataKey := NewDataKey()
	p := in.Practitioner
	p.ID = newID()
	p.Created = now
	slot, err := NewKeySlot(SlotPractitioner, p.ID, p.Name, secret(in.Passphrase), dataKey, db.kdf, now)
	if err != nil {
		return "", err
	}
	display, recSecret := NewRecoveryKey()
	recovery, err := NewKeySlot(SlotRecovery, "", "", recSecret, dataKey, db.kdf, now)
	if err != nil {
		return "", err
	}

	from, err := db.schema()
	if err != nil {
		return "", err
	}
	backup := ""
	if from < SchemaVersion {
		if backup, err = db.backupBeforeMigration(from); err != nil {
			return "", err
		}
	}

	db.mu.Lock()
	defer db.mu.Unlock()
	if len(db.slots) != 0 { // a second Setup raced this one
		db.finishMigration(backup, from)
		return "", ErrSetUp
	}
	settings := DefaultClinicSettings()
	settings.Clinic = in.Clinic
	db.key = dataKey
	db.who = p
	err = db.bolt.Update(func(tx *bolt.Tx) error {
		if err := db.runMigrations(tx, from); err != nil {
			return err
		}
		if from < 2 {
			// Plaintext from the first release lingers in freed pages until
			// the file is compacted; the flag makes Open finish the job if
			// PelvicNotes stops before it is done.
			if err := tx.Bucket(bucketMeta).Put(keyNeedsCompact, []byte{1}); err != nil {
				return err
			}
		}
		if err := putSlots(tx, []KeySlot{slot, recovery}); err != nil {
			return err
		}
		if err := db.put(tx, bucketPractitioners, []byte(p.ID), p); err != nil {
			return err
		}
		if err := db.put(tx, bucketSettings, keyClinicSettings, settings); err != nil {
			return err
		}
		return db.audit(tx, AuditEntry{Action: AuditSetup, Kind: "clinic", Detail: "record file set up"})
	})
	if err != nil {
		db.key, db.who = nil, Practitioner{}
		db.finishMigration(backup, from) // the file is as it was; a plaintext copy must not stay
		return "", err
	}
	// From here the file is set up: the recovery key must reach the
	// practitioner whatever else happens.
	db.slots = []KeySlot{slot, recovery}
	db.settings = settings
	db.finishMigration(backup, from)
	if from < 2 {
		db.compactIfFlagged() // retried at the next Open if it fails now
	}
	if err := db.loadIndexLocked(); err != nil {
		db.key, db.who = nil, Practitioner{} // locked: unlocking will rebuild it
	}
	return display, nil
}

// Unlock opens the file with a practitioner's passphrase. A wrong
// passphrase changes no record; it is noted and reaches the audit trail at
// the next successful unlock.
func (db *DB) Unlock(slotID, passphrase string) error {
	slot, ok := db.slot(slotID)
	if !ok {
		return ErrNoSuchSlot
	}
	key, err := slot.Unwrap(secret(passphrase))
	if err != nil {
		if errors.Is(err, ErrWrongPassphrase) {
			db.noteFailedUnlock(slot.ID)
		}
		return err
	}
	return db.unlockWith(key, slot)
}

// UnlockAny tries the passphrase against every practitioner, for the
// command line, where nobody chooses a name first.
func (db *DB) UnlockAny(passphrase string) error {
	slots := db.Practitioners()
	if len(slots) == 0 {
		return ErrNotSetUp
	}
	if passphrase == "" {
		return errors.New("this record file is encrypted: give the passphrase with --passphrase-file FILE or PELVICNOTES_PASSPHRASE")
	}
	for _, s := range slots {
		slot, _ := db.slot(s.ID)
		if key, err := slot.Unwrap(secret(passphrase)); err == nil {
			return db.unlockWith(key, slot)
		}
	}
	db.noteFailedUnlock("any")
	return errors.New("that passphrase does not unlock this record file for any practitioner")
}

// UnlockWithRecovery opens the file with the recovery key from setup, when
// every passphrase is lost. Set a new passphrase straight afterwards with
// SetPassphrase.
func (db *DB) UnlockWithRecovery(recoveryKey string) error {
	secret, err := ParseRecoveryKey(recoveryKey)
	if err != nil {
		return err
	}
	for _, s := range db.allSlots() {
		if s.Kind != SlotRecovery {
			continue
		}
		key, err := s.Unwrap(secret)
		if err != nil {
			db.noteFailedUnlock(s.ID)
			return errors.New("that recovery key does not open this record file")
		}
		return db.unlockWith(key, s)
	}
	return errors.New("this record file has no recovery key")
}

func (db *DB) unlockWith(key []byte, slot KeySlot) (err error) {
	// Unlocking reads every patient; a damaged file can make bbolt panic.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			db.mu.Lock()
			db.key, db.who = nil, Practitioner{}
			db.mu.Unlock()
			err = fmt.Errorf("%w (%v)", ErrDamaged, r)
		}
	}()
	from, err := db.schema()
	if err != nil {
		return err
	}
	backup := ""
	if from < SchemaVersion {
		if backup, err = db.backupBeforeMigration(from); err != nil {
			return err
		}
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	db.key = key
	who := Practitioner{ID: RecoveryPractitionerID, Name: "Recovery key"}
	err = db.bolt.Update(func(tx *bolt.Tx) error {
		if err := db.runMigrations(tx, from); err != nil {
			return err
		}
		if slot.Kind == SlotPractitioner {
			if err := db.get(tx, bucketPractitioners, []byte(slot.PractitionerID), &who); err != nil {
				return err
			}
		}
		db.who = who
		if err := db.loadSettings(tx); err != nil {
			return err
		}
		if err := db.flushFailedUnlocks(tx); err != nil {
			return err
		}
		detail := "unlocked with passphrase"
		if slot.Kind == SlotRecovery {
			detail = "unlocked with the recovery key"
		}
		return db.audit(tx, AuditEntry{Action: AuditUnlock, Detail: detail})
	})
	if err != nil {
		db.key, db.who = nil, Practitioner{}
		db.finishMigration(backup, from)
		return err
	}
	if err := db.loadIndexLocked(); err != nil {
		db.key, db.who = nil, Practitioner{}
		return err
	}
	db.finishMigration(backup, from)
	return nil
}

// Lock forgets the data key and the in-memory index. Records stay on disk.
func (db *DB) Lock() {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.key == nil {
		return
	}
	db.bolt.Update(func(tx *bolt.Tx) error {
		return db.audit(tx, AuditEntry{Action: AuditLock})
	})
	for i := range db.key {
		db.key[i] = 0
	}
	db.key = nil
	db.who = Practitioner{}
	db.index = newPatientIndex()
}

// Changing a passphrase or adding one derives keys with Argon2id, a second
// or more at the app's cost: that runs before the lock on the open file is
// taken, so that the window can keep reading the record meanwhile (and
// never waits on it); only the quick write of the new slots holds the lock.

// ChangePassphrase replaces the current practitioner's passphrase.
func (db *DB) ChangePassphrase(old, new string) error {
	who := db.CurrentPractitioner()
	if who.ID == "" || who.ID == RecoveryPractitionerID {
		return ErrLocked
	}
	if s := PassphraseStrength(new); !s.Acceptable {
		return &ValidationError{Fields: []FieldError{{Field: FieldPassphrase, Message: strings.TrimSuffix(lowerFirst(s.Hint), ".")}}}
	}
	cur, ok := db.practitionerSlot(who.ID)
	if !ok {
		return ErrNoSuchSlot
	}
	ns, err := cur.Rewrap(secret(old), secret(new), db.kdf, db.now().UTC())
	if err != nil {
		return err
	}
	return db.updateSlots(func(slots []KeySlot) ([]KeySlot, AuditEntry, error) {
		for i, s := range slots {
			if s.ID == cur.ID {
				if !bytes.Equal(s.Wrapped, cur.Wrapped) {
					return nil, AuditEntry{}, errSlotChanged
				}
				slots[i] = ns
				return slots, AuditEntry{Action: AuditPassphraseChange, Kind: "practitioner", RecordID: who.ID}, nil
			}
		}
		return nil, AuditEntry{}, ErrNoSuchSlot
	})
}

// errSlotChanged: the passphrase changed while a new one was being set.
var errSlotChanged = errors.New("the passphrase was changed meanwhile: nothing was changed now, try again")

// practitionerSlot is the key slot of a practitioner.
func (db *DB) practitionerSlot(practitionerID string) (KeySlot, bool) {
	for _, s := range db.allSlots() {
		if s.Kind == SlotPractitioner && s.PractitionerID == practitionerID {
			return s, true
		}
	}
	return KeySlot{}, false
}

// dataKey is a copy of the data key (clear it after use), or ErrLocked.
func (db *DB) dataKey() ([]byte, error) {
	db.mu.RLock()
	defer db.mu.RUnlock()
	if db.key == nil {
		return nil, ErrLocked
	}
	return append([]byte(nil), db.key...), nil
}

// SetPassphrase gives a practitioner a new passphrase without the old one.
// It needs the file unlocked: after a recovery-key unlock, or by a
// colleague when someone has forgotten theirs.
func (db *DB) SetPassphrase(practitionerID, passphrase string) error {
	if s := PassphraseStrength(passphrase); !s.Acceptable {
		return &ValidationError{Fields: []FieldError{{Field: FieldPassphrase, Message: strings.TrimSuffix(lowerFirst(s.Hint), ".")}}}
	}
	key, err := db.dataKey()
	if err != nil {
		return err
	}
	defer clear(key)
	cur, ok := db.practitionerSlot(practitionerID)
	if !ok {
		return ErrNoSuchSlot
	}
	ns, err := NewKeySlot(SlotPractitioner, practitionerID, cur.Label, secret(passphrase), key, db.kdf, db.now().UTC())
	if err != nil {
		return err
	}
	return db.updateSlots(func(slots []KeySlot) ([]KeySlot, AuditEntry, error) {
		for i, s := range slots {
			if s.ID == cur.ID {
				if s.Label != cur.Label {
					ns.Label = s.Label
				}
				slots[i] = ns
				return slots, AuditEntry{Action: AuditPassphraseChange, Kind: "practitioner", RecordID: practitionerID, Detail: "passphrase reset"}, nil
			}
		}
		return nil, AuditEntry{}, ErrNoSuchSlot
	})
}

// AddPractitioner adds a colleague who can unlock the file with their own passphrase.
func (db *DB) AddPractitioner(p Practitioner, passphrase string) (Practitioner, error) {
	var v ValidationError
	p = p.Normalise()
	v.merge("", p.Validate())
	if s := PassphraseStrength(passphrase); !s.Acceptable {
		v.add(FieldPassphrase, strings.TrimSuffix(lowerFirst(s.Hint), "."))
	}
	if err := v.err(); err != nil {
		return Practitioner{}, err
	}
	sameName := func(slots []KeySlot) error {
		for _, s := range slots {
			if s.Kind == SlotPractitioner && Fold(s.Label) == Fold(p.Name) {
				return &ValidationError{Fields: []FieldError{{Field: FieldName,
					Message: "a practitioner of that name can already unlock this file; add a middle initial or credential to tell you apart"}}}
			}
		}
		return nil
	}
	if err := sameName(db.allSlots()); err != nil { // before the slow key derivation
		return Practitioner{}, err
	}
	key, err := db.dataKey()
	if err != nil {
		return Practitioner{}, err
	}
	defer clear(key)
	p.ID = newID()
	p.Created = db.now().UTC()
	ns, err := NewKeySlot(SlotPractitioner, p.ID, p.Name, secret(passphrase), key, db.kdf, p.Created)
	if err != nil {
		return Practitioner{}, err
	}
	err = db.updateSlots(func(slots []KeySlot) ([]KeySlot, AuditEntry, error) {
		if err := sameName(slots); err != nil {
			return nil, AuditEntry{}, err
		}
		return append(slots, ns), AuditEntry{Action: AuditSlotAdd, Kind: "practitioner", RecordID: p.ID}, nil
	}, func(tx *bolt.Tx) error {
		return db.put(tx, bucketPractitioners, []byte(p.ID), p)
	})
	return p, err
}

// RemovePractitioner stops a practitioner unlocking the file. Their
// practitioner record stays: the notes they signed still name them.
func (db *DB) RemovePractitioner(practitionerID string) error {
	return db.updateSlots(func(slots []KeySlot) ([]KeySlot, AuditEntry, error) {
		var keep []KeySlot
		practitioners := 0
		for _, s := range slots {
			if s.Kind == SlotPractitioner {
				practitioners++
			}
			if !(s.Kind == SlotPractitioner && s.PractitionerID == practitionerID) {
				keep = append(keep, s)
			}
		}
		if len(keep) == len(slots) {
			return nil, AuditEntry{}, ErrNoSuchSlot
		}
		if practitioners == 1 {
			return nil, AuditEntry{}, ErrLastSlot
		}
		return keep, AuditEntry{Action: AuditSlotRemove, Kind: "practitioner", RecordID: practitionerID}, nil
	})
}

// updateSlots changes the key slots, and optionally more, in one transaction with its audit entry.
func (db *DB) updateSlots(change func([]KeySlot) ([]KeySlot, AuditEntry, error), also ...func(*bolt.Tx) error) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.key == nil {
		return ErrLocked
	}
	slots := append([]KeySlot(nil), db.slots...)
	slots, entry, err := change(slots)
	if err != nil {
		return err
	}
	err = db.bolt.Update(func(tx *bolt.Tx) error {
		if err := putSlots(tx, slots); err != nil {
			return err
		}
		for _, f := range also {
			if err := f(tx); err != nil {
				return err
			}
		}
		return db.audit(tx, entry)
	})
	if err != nil {
		return err
	}
	db.slots = slots
	return nil
}

func (db *DB) slot(id string) (KeySlot, bool) {
	for _, s := range db.allSlots() {
		if s.ID == id {
			return s, true
		}
	}
	return KeySlot{}, false
}

func (db *DB) allSlots() []KeySlot {
	db.mu.RLock()
	defer db.mu.RUnlock()
	return append([]KeySlot(nil), db.slots...)
}

// noteFailedUnlock remembers a failed attempt (slot and time only) for the audit trail.
func (db *DB) noteFailedUnlock(slotID string) {
	if db.readOnly {
		return
	}
	db.bolt.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		var list []failedUnlock
		if raw := meta.Get(keyFailedUnlocks); raw != nil {
			json.Unmarshal(raw, &list)
		}
		if len(list) >= 1000 {
			list = list[len(list)-999:]
		}
		list = append(list, failedUnlock{Slot: slotID, At: db.now().UTC()})
		raw, _ := json.Marshal(list)
		return meta.Put(keyFailedUnlocks, raw)
	})
}

// flushFailedUnlocks moves noted failures into the encrypted audit trail.
func (db *DB) flushFailedUnlocks(tx *bolt.Tx) error {
	meta := tx.Bucket(bucketMeta)
	raw := meta.Get(keyFailedUnlocks)
	if raw == nil {
		return nil
	}
	var list []failedUnlock
	json.Unmarshal(raw, &list)
	for _, f := range list {
		by := ""
		for _, s := range db.slots {
			if s.ID == f.Slot {
				by = s.PractitionerID
				if s.Kind == SlotRecovery {
					by = RecoveryPractitionerID
				}
			}
		}
		if err := db.auditAt(tx, f.At, by, AuditEntry{Action: AuditUnlockFailed, Detail: "wrong passphrase"}); err != nil {
			return err
		}
	}
	return meta.Delete(keyFailedUnlocks)
}

// FieldPassphrase names the passphrase in validation errors.
const FieldPassphrase = "passphrase"

// merge adds another record's validation errors, their fields prefixed.
func (v *ValidationError) merge(prefix string, err error) {
	if err == nil {
		return
	}
	var o *ValidationError
	if errors.As(err, &o) {
		for _, f := range o.Fields {
			v.Fields = append(v.Fields, FieldError{Field: prefix + f.Field, Message: f.Message})
		}
		return
	}
	v.add(prefix+"record", err.Error())
}

// secret turns a passphrase into key material. Unicode normalisation makes
// "Siân" typed on any keyboard the same bytes.
func secret(passphrase string) []byte { return []byte(norm.NFC.String(passphrase)) }

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	if len(r) > 1 && r[1] >= 'A' && r[1] <= 'Z' {
		return s // an acronym
	}
	return strings.ToLower(string(r[0])) + string(r[1:])
}
