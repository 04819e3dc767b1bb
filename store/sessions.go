package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

var (
	// ErrSigned refuses any change to a signed session: correct it with an amendment.
	ErrSigned = errors.New("this session note is signed and cannot be changed; add an amendment instead")
	// ErrNotSigned refuses amending a draft: edit the draft itself.
	ErrNotSigned = errors.New("only a signed session note can be amended; this one is still a draft")
)

// UnacknowledgedError stops a signature until every safety warning open on
// the session has been acknowledged. Charting is never blocked by a warning.
type UnacknowledgedError struct{ Warnings []Warning }

func (e *UnacknowledgedError) Error() string {
	texts := make([]string, len(e.Warnings))
	for i, w := range e.Warnings {
		texts[i] = w.Text
	}
	return "acknowledge these warnings before signing: " + strings.Join(texts, " ")
}

// sessionIndexKey orders a patient's sessions by treatment time:
// patient ID (8 bytes) | treated-at (8 bytes, big-endian Unix nanoseconds) | session ID (8 bytes).
func sessionIndexKey(s Session) []byte {
	k := make([]byte, 0, 24)
	k = append(k, idBytes(s.PatientID)...)
	k = binary.BigEndian.AppendUint64(k, uint64(s.TreatedAt.UnixNano()))
	return append(k, idBytes(s.ID)...)
}

// SaveSession validates and saves a draft session note. A new note gets its
// ID and written-at time; a signed note is never changed (ErrSigned).
func (db *DB) SaveSession(s Session) (Session, error) {
	var saved Session
	err := db.update(func(tx *bolt.Tx) error {
		var err error
		saved, err = db.saveSessionTx(tx, s, false)
		return err
	})
	return saved, err
}

// SaveAndSignSession saves a note and signs it in one transaction (one fsync).
func (db *DB) SaveAndSignSession(s Session, acks []AcknowledgedWarning) (Session, error) {
	var signed Session
	err := db.update(func(tx *bolt.Tx) error {
		saved, err := db.saveSessionTx(tx, s, false)
		if err != nil {
			return err
		}
		signed, err = db.signSessionTx(tx, saved, acks)
		return err
	})
	return signed, err
}

// SignSession signs a draft. Every safety warning that applies must be
// acknowledged (acks, matched by rule ID); the acknowledgements become part
// of the signed record. From then on the note is immutable.
func (db *DB) SignSession(id string, acks []AcknowledgedWarning) (Session, error) {
	var signed Session
	err := db.update(func(tx *bolt.Tx) error {
		var s Session
		if err := db.get(tx, bucketSessions, []byte(id), &s); err != nil {
			return err
		}
		var err error
		signed, err = db.signSessionTx(tx, s, acks)
		return err
	})
	return signed, err
}

// AmendSession adds a correction to a signed note. The amendment is a new,
// signed record linked to the original, with its author, time and reason;
// the original stays exactly as it was signed.
func (db *DB) AmendSession(originalID string, amended Session, reason string, acks []AcknowledgedWarning) (Session, error) {
	var out Session
	err := db.update(func(tx *bolt.Tx) error {
		var orig Session
		if err := db.get(tx, bucketSessions, []byte(originalID), &orig); err != nil {
			return err
		}
		if orig.Status != StatusSigned {
			return ErrNotSigned
		}
		amended.ID = ""
		amended.PatientID = orig.PatientID
		amended.TreatedAt = orig.TreatedAt
		amended.Kind = orig.Kind
		amended.AmendsID = orig.ID
		amended.AmendReason = strings.TrimSpace(reason)
		amended.Status = ""
		saved, err := db.saveSessionTx(tx, amended, true)
		if err != nil {
			return err
		}
		out, err = db.signSessionTx(tx, saved, acks)
		return err
	})
	return out, err
}

// saveSessionTx writes a draft; only AmendSession (amend true) may create
// one that amends another note.
func (db *DB) saveSessionTx(tx *bolt.Tx, s Session, amend bool) (Session, error) {
	now := db.now().UTC()
	if !amend {
		s.AmendsID, s.AmendReason = "", ""
	}
	if s.PractitionerID == "" {
		s.PractitionerID = db.who.ID
	}
	var patient Patient
	if err := db.get(tx, bucketPatients, []byte(s.PatientID), &patient); err != nil {
		if errors.Is(err, ErrNotFound) {
			return Session{}, fmt.Errorf("the session belongs to a patient who is not on file")
		}
		return Session{}, err
	}
	if s.ID != "" {
		var prev Session
		if err := db.get(tx, bucketSessions, []byte(s.ID), &prev); err != nil {
			return Session{}, err
		}
		if prev.Status == StatusSigned {
			return Session{}, ErrSigned
		}
		if prev.PatientID != s.PatientID {
			return Session{}, errors.New("a session cannot be moved to another patient")
		}
		// What the store set stays as it was.
		s.WrittenAt, s.AmendsID, s.AmendReason = prev.WrittenAt, prev.AmendsID, prev.AmendReason
		if err := tx.Bucket(bucketSessionIndex).Delete(sessionIndexKey(prev)); err != nil {
			return Session{}, err
		}
	} else {
		s.WrittenAt = now
	}
	s.Status, s.SignedAt, s.SignedBy, s.Late = StatusDraft, time.Time{}, "", false
	if err := s.Validate(now, db.settings); err != nil {
		return Session{}, err
	}
	action := AuditUpdate
	if s.ID == "" {
		s.ID = newID()
		action = AuditCreate
	}
	if err := db.put(tx, bucketSessions, []byte(s.ID), s); err != nil {
		return Session{}, err
	}
	if err := tx.Bucket(bucketSessionIndex).Put(sessionIndexKey(s), nil); err != nil {
		return Session{}, err
	}
	if s.AmendsID != "" {
		return s, nil // the amendment's own entry follows when it is signed
	}
	return s, db.audit(tx, AuditEntry{Action: action, Kind: "session", RecordID: s.ID, PatientID: s.PatientID})
}

func (db *DB) signSessionTx(tx *bolt.Tx, s Session, acks []AcknowledgedWarning) (Session, error) {
	if s.Status == StatusSigned {
		return Session{}, ErrSigned
	}
	if s.AmendsID != "" {
		var orig Session
		if err := db.get(tx, bucketSessions, []byte(s.AmendsID), &orig); err != nil || orig.Status != StatusSigned || orig.PatientID != s.PatientID {
			return Session{}, errors.New("an amendment must correct a signed note of the same patient")
		}
	}
	var patient Patient
	if err := db.get(tx, bucketPatients, []byte(s.PatientID), &patient); err != nil {
		return Session{}, err
	}
	now := db.now().UTC()
	given := map[string]AcknowledgedWarning{}
	for _, a := range acks {
		given[a.RuleID] = a
	}
	var open []Warning
	s.Warnings = nil
	for _, w := range db.settings.Safety.SessionWarnings(patient, s, DateOf(db.now())) {
		a, ok := given[w.RuleID]
		if !ok {
			open = append(open, w)
			continue
		}
		_ = a
		s.Warnings = append(s.Warnings, AcknowledgedWarning{RuleID: w.RuleID, Text: w.Text, By: db.who.ID, At: now})
	}
	if len(open) > 0 {
		return Session{}, &UnacknowledgedError{Warnings: open}
	}
	s.Status = StatusSigned
	s.SignedAt = now
	s.SignedBy = db.who.ID
	s.Late = SignedLate(s.TreatedAt.In(time.Local), now)
	if err := db.put(tx, bucketSessions, []byte(s.ID), s); err != nil {
		return Session{}, err
	}
	action, detail := AuditSign, ""
	if s.AmendsID != "" {
		action, detail = AuditAmend, "amends session "+s.AmendsID
	}
	if s.Late {
		detail = strings.TrimSpace(detail + " (late entry)")
	}
	return s, db.audit(tx, AuditEntry{Action: action, Kind: "session", RecordID: s.ID, PatientID: s.PatientID, Detail: detail})
}

// Session reads one session note.
func (db *DB) Session(id string) (Session, error) {
	var s Session
	err := db.view(func(tx *bolt.Tx) error { return db.get(tx, bucketSessions, []byte(id), &s) })
	return s, err
}

// PatientSessions lists a patient's session notes in order of treatment,
// amendments after the notes they amend, by a range scan of the index.
func (db *DB) PatientSessions(patientID string) ([]Session, error) {
	var out []Session
	err := db.view(func(tx *bolt.Tx) error {
		var err error
		out, err = db.patientSessionsTx(tx, patientID)
		return err
	})
	return out, err
}

func (db *DB) patientSessionsTx(tx *bolt.Tx, patientID string) ([]Session, error) {
	var out []Session
	prefix := idBytes(patientID)
	c := tx.Bucket(bucketSessionIndex).Cursor()
	sessions := tx.Bucket(bucketSessions)
	for k, _ := c.Seek(prefix); k != nil && len(k) == 24 && string(k[:8]) == string(prefix); k, _ = c.Next() {
		id := []byte(fmt.Sprintf("%x", k[16:]))
		raw := sessions.Get(id)
		if raw == nil {
			continue
		}
		var s Session
		if err := db.decode(bucketSessions, id, raw, &s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return amendmentsAfterOriginals(out), nil
}

// amendmentsAfterOriginals puts each amendment straight after the note it
// amends, in the order they were signed.
func amendmentsAfterOriginals(in []Session) []Session {
	amends := map[string][]Session{}
	var out []Session
	for _, s := range in {
		if s.AmendsID != "" {
			amends[s.AmendsID] = append(amends[s.AmendsID], s)
		}
	}
	var add func(s Session)
	add = func(s Session) {
		out = append(out, s)
		list := amends[s.ID]
		sort.SliceStable(list, func(i, j int) bool { return list[i].SignedAt.Before(list[j].SignedAt) })
		for _, a := range list {
			add(a)
		}
	}
	for _, s := range in {
		if s.AmendsID == "" {
			add(s)
		}
	}
	return out
}
