package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// Records other than patients and sessions that belong to one patient are
// linked to them in bucketByPatient: patient ID (8 bytes) | kind (1 byte) |
// record ID (8 bytes). Deleting a patient follows these links.
const (
	linkProgramme byte = 'p'
	linkMeasure   byte = 'm'
	linkLetter    byte = 'l'
	linkDraft     byte = 'd'
)

var linkBuckets = map[byte][]byte{
	linkProgramme: bucketProgrammes,
	linkMeasure:   bucketMeasures,
	linkLetter:    bucketLetters,
	linkDraft:     bucketDrafts,
}

func linkKey(patientID string, kind byte, recordID string) []byte {
	k := append(idBytes(patientID), kind)
	return append(k, idBytes(recordID)...)
}

func (db *DB) link(tx *bolt.Tx, patientID string, kind byte, recordID string) error {
	return tx.Bucket(bucketByPatient).Put(linkKey(patientID, kind, recordID), nil)
}

// linked decodes every record of one kind linked to a patient.
func linked[T any](db *DB, patientID string, kind byte) ([]T, error) {
	var out []T
	err := db.view(func(tx *bolt.Tx) error {
		prefix := append(idBytes(patientID), kind)
		b := tx.Bucket(linkBuckets[kind])
		c := tx.Bucket(bucketByPatient).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			id := []byte(hex.EncodeToString(k[9:]))
			raw := b.Get(id)
			if raw == nil {
				continue
			}
			var v T
			if err := db.decode(linkBuckets[kind], id, raw, &v); err != nil {
				return err
			}
			out = append(out, v)
		}
		return nil
	})
	return out, err
}

func (db *DB) requirePatient(tx *bolt.Tx, id string) error {
	var p Patient
	if err := db.get(tx, bucketPatients, []byte(id), &p); err != nil {
		if errors.Is(err, ErrNotFound) {
			return errors.New("that patient is not on file")
		}
		return err
	}
	return nil
}

// --- Referrers ---

// SaveReferrer validates and stores a referrer in the directory.
func (db *DB) SaveReferrer(r Referrer) (Referrer, error) {
	if err := r.Validate(); err != nil {
		return Referrer{}, err
	}
	// Two entries alike in name, role and practice could not be told apart
	// when choosing who a letter goes to.
	all, err := db.Referrers()
	if err != nil {
		return Referrer{}, err
	}
	same := func(a, b string) bool { return Fold(strings.TrimSpace(a)) == Fold(strings.TrimSpace(b)) }
	for _, o := range all {
		if o.ID != r.ID && same(o.Name, r.Name) && same(o.Role, r.Role) && same(o.Practice, r.Practice) {
			return Referrer{}, &ValidationError{Fields: []FieldError{{Field: FieldName,
				Message: "the directory already has " + o.Name + " with this role and practice: edit that entry instead of adding another"}}}
		}
	}
	now := db.now().UTC()
	err = db.update(func(tx *bolt.Tx) error {
		action := AuditUpdate
		if r.ID == "" {
			r.ID, r.Created, action = newID(), now, AuditCreate
		} else {
			var prev Referrer
			if err := db.get(tx, bucketReferrers, []byte(r.ID), &prev); err != nil {
				return err
			}
			r.Created = prev.Created
		}
		r.Updated = now
		if err := db.put(tx, bucketReferrers, []byte(r.ID), r); err != nil {
			return err
		}
		return db.audit(tx, AuditEntry{Action: action, Kind: "referrer", RecordID: r.ID})
	})
	return r, err
}

// Referrers lists the directory by name.
func (db *DB) Referrers() ([]Referrer, error) {
	var out []Referrer
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketReferrers).ForEach(func(k, v []byte) error {
			var r Referrer
			if err := db.decode(bucketReferrers, k, v, &r); err != nil {
				return err
			}
			out = append(out, r)
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool { return Fold(out[i].Name) < Fold(out[j].Name) })
	return out, err
}

// Referrer reads one referrer.
func (db *DB) Referrer(id string) (Referrer, error) {
	var r Referrer
	err := db.view(func(tx *bolt.Tx) error { return db.get(tx, bucketReferrers, []byte(id), &r) })
	return r, err
}

// --- Programmes ---

// IssueProgramme stores a new version of a patient's home programme. Issued
// versions are never changed; each issue is the next version number. A
// safety warning the programme raises (with the patient's flags and latest
// examination) must be among prog.Warnings, acknowledged, or the programme
// is refused with an *UnacknowledgedError listing what is open.
func (db *DB) IssueProgramme(prog Programme) (Programme, error) {
	prog.ID = ""
	prog = prog.Normalise()
	err := db.update(func(tx *bolt.Tx) error {
		var pt Patient
		if err := db.get(tx, bucketPatients, []byte(prog.PatientID), &pt); err != nil {
			if errors.Is(err, ErrNotFound) {
				return errors.New("that patient is not on file")
			}
			return err
		}
		sessions, err := db.patientSessionsTx(tx, prog.PatientID)
		if err != nil {
			return err
		}
		ws := db.settings.Safety.ProgrammeWarnings(pt, prog, DateOf(db.now()), LatestExamination(sessions))
		if open := Unacknowledged(ws, prog.Warnings); len(open) > 0 {
			return &UnacknowledgedError{Warnings: open}
		}
		prev, err := db.programmesTx(tx, prog.PatientID)
		if err != nil {
			return err
		}
		prog.Version = len(prev) + 1
		prog.Issued = db.now().UTC()
		prog.IssuedBy = db.who.ID
		if err := prog.Validate(prog.Issued); err != nil {
			return err
		}
		prog.ID = newID()
		if err := db.put(tx, bucketProgrammes, []byte(prog.ID), prog); err != nil {
			return err
		}
		if err := db.link(tx, prog.PatientID, linkProgramme, prog.ID); err != nil {
			return err
		}
		return db.audit(tx, AuditEntry{Action: AuditCreate, Kind: "programme", RecordID: prog.ID, PatientID: prog.PatientID, Detail: fmt.Sprintf("version %d", prog.Version)})
	})
	return prog, err
}

func (db *DB) programmesTx(tx *bolt.Tx, patientID string) ([]Programme, error) {
	var out []Programme
	prefix := append(idBytes(patientID), linkProgramme)
	c := tx.Bucket(bucketByPatient).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		var p Programme
		if err := db.get(tx, bucketProgrammes, []byte(hex.EncodeToString(k[9:])), &p); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

// LatestExamination is the examination of the patient's most recent
// session (by treatment time, amendments in force) that records the
// pelvic-floor tone: it decides the overactive rule for a home programme.
func LatestExamination(sessions []Session) Examination {
	var latest Session
	for _, s := range EffectiveSessions(sessions) {
		if s.Examination.Tone != ToneNotRecorded && !s.TreatedAt.Before(latest.TreatedAt) {
			latest = s
		}
	}
	return latest.Examination
}

// ProgrammeSafety returns the warnings a programme raises for its patient
// now, with the clinic's thresholds and the latest examination: what
// IssueProgramme asks to be acknowledged.
func (db *DB) ProgrammeSafety(prog Programme) ([]Warning, error) {
	var ws []Warning
	err := db.view(func(tx *bolt.Tx) error {
		var pt Patient
		if err := db.get(tx, bucketPatients, []byte(prog.PatientID), &pt); err != nil {
			return err
		}
		sessions, err := db.patientSessionsTx(tx, prog.PatientID)
		if err != nil {
			return err
		}
		ws = db.settings.Safety.ProgrammeWarnings(pt, prog, DateOf(db.now()), LatestExamination(sessions))
		return nil
	})
	return ws, err
}

// Programmes lists a patient's programme versions, oldest first.
func (db *DB) Programmes(patientID string) ([]Programme, error) {
	var out []Programme
	err := db.view(func(tx *bolt.Tx) error {
		var err error
		out, err = db.programmesTx(tx, patientID)
		return err
	})
	return out, err
}

// --- Outcome measures ---

// SaveMeasure stores one completed outcome measure.
func (db *DB) SaveMeasure(m MeasureResponse) (MeasureResponse, error) {
	if err := m.Validate(db.Today()); err != nil {
		return MeasureResponse{}, err
	}
	err := db.update(func(tx *bolt.Tx) error {
		if err := db.requirePatient(tx, m.PatientID); err != nil {
			return err
		}
		action := AuditUpdate
		if m.ID == "" {
			m.ID, action = newID(), AuditCreate
		} else {
			var prev MeasureResponse
			if err := db.get(tx, bucketMeasures, []byte(m.ID), &prev); err != nil {
				return err
			}
			if prev.PatientID != m.PatientID {
				return errors.New("an outcome measure cannot be moved to another patient")
			}
		}
		m.Recorded = db.now().UTC()
		m.RecordedBy = db.who.ID
		// An alert the answers raise is part of the record, shown to whoever saved it.
		m.Alerts = nil
		for _, w := range MeasureWarnings(m) {
			m.Alerts = append(m.Alerts, AcknowledgedWarning{RuleID: w.RuleID, Text: w.Text, By: db.who.ID, At: m.Recorded})
		}
		if err := db.put(tx, bucketMeasures, []byte(m.ID), m); err != nil {
			return err
		}
		if err := db.link(tx, m.PatientID, linkMeasure, m.ID); err != nil {
			return err
		}
		for _, a := range m.Alerts {
			if err := db.audit(tx, AuditEntry{Action: AuditAlert, Kind: "measure", RecordID: m.ID, PatientID: m.PatientID, Detail: a.Text}); err != nil {
				return err
			}
		}
		return db.audit(tx, AuditEntry{Action: action, Kind: "measure", RecordID: m.ID, PatientID: m.PatientID, Detail: m.Instrument})
	})
	return m, err
}

// Measures lists a patient's outcome measures by date taken.
func (db *DB) Measures(patientID string) ([]MeasureResponse, error) {
	out, err := linked[MeasureResponse](db, patientID, linkMeasure)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Taken.Before(out[j].Taken) })
	return out, err
}

// --- Letters ---

// IssueLetter keeps an issued letter's PDF and its SHA-256, so a reprint is
// the same file. Issued letters are never changed.
func (db *DB) IssueLetter(l Letter) (Letter, error) {
	if len(l.PDF) == 0 {
		return Letter{}, errors.New("the letter has no PDF to keep")
	}
	sum := sha256.Sum256(l.PDF)
	l.SHA256 = hex.EncodeToString(sum[:])
	l.ID = newID()
	l.Issued = db.now().UTC()
	l.IssuedBy = db.CurrentPractitioner().ID
	if err := l.Validate(); err != nil {
		return Letter{}, err
	}
	err := db.update(func(tx *bolt.Tx) error {
		if err := db.requirePatient(tx, l.PatientID); err != nil {
			return err
		}
		if err := db.put(tx, bucketLetters, []byte(l.ID), l); err != nil {
			return err
		}
		if err := db.link(tx, l.PatientID, linkLetter, l.ID); err != nil {
			return err
		}
		return db.audit(tx, AuditEntry{Action: AuditCreate, Kind: "letter", RecordID: l.ID, PatientID: l.PatientID, Detail: l.Kind})
	})
	return l, err
}

// Letters lists a patient's issued letters, oldest first.
func (db *DB) Letters(patientID string) ([]Letter, error) {
	out, err := linked[Letter](db, patientID, linkLetter)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Issued.Before(out[j].Issued) })
	return out, err
}

// --- Drafts ---

// SaveDraft keeps unsaved work (for instance when the app locks itself);
// one draft per kind and record, replaced on each save.
func (db *DB) SaveDraft(d Draft) (Draft, error) {
	d.Saved = db.now().UTC()
	d.By = db.who.ID
	if err := d.Validate(); err != nil {
		return Draft{}, err
	}
	err := db.update(func(tx *bolt.Tx) error {
		if d.ID == "" {
			d.ID = newID()
		} else {
			var prev Draft
			if err := db.get(tx, bucketDrafts, []byte(d.ID), &prev); err != nil {
				return err
			}
			if prev.PatientID != d.PatientID {
				return errors.New("a draft cannot be moved to another patient")
			}
		}
		if err := db.put(tx, bucketDrafts, []byte(d.ID), d); err != nil {
			return err
		}
		if d.PatientID != "" {
			return db.link(tx, d.PatientID, linkDraft, d.ID)
		}
		return nil
	})
	return d, err
}

// Drafts lists the drafts kept by the practitioner who unlocked the file.
func (db *DB) Drafts() ([]Draft, error) {
	var out []Draft
	who := db.CurrentPractitioner().ID
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketDrafts).ForEach(func(k, v []byte) error {
			var d Draft
			if err := db.decode(bucketDrafts, k, v, &d); err != nil {
				return err
			}
			if d.By == who {
				out = append(out, d)
			}
			return nil
		})
	})
	return out, err
}

// DraftsOf lists the drafts of one kind kept for a patient by the
// practitioner who unlocked the file, newest first.
func (db *DB) DraftsOf(kind, patientID string) ([]Draft, error) {
	all, err := db.Drafts()
	var out []Draft
	for _, d := range all {
		if d.Kind == kind && d.PatientID == patientID {
			out = append(out, d)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Saved.After(out[j].Saved) })
	return out, err
}

// DeleteDraft removes a draft once its work is saved or discarded.
func (db *DB) DeleteDraft(id string) error {
	return db.update(func(tx *bolt.Tx) error {
		var d Draft
		if err := db.get(tx, bucketDrafts, []byte(id), &d); err != nil {
			return err
		}
		if d.PatientID != "" {
			tx.Bucket(bucketByPatient).Delete(linkKey(d.PatientID, linkDraft, d.ID))
		}
		return tx.Bucket(bucketDrafts).Delete([]byte(id))
	})
}

// --- Deleting a patient ---

// RetentionError refuses a deletion inside the retention period.
type RetentionError struct{ Until Date }

func (e *RetentionError) Error() string {
	return fmt.Sprintf("this record must be kept until %s under the clinic's retention rule, so it cannot be deleted yet", e.Until.Display())
}

// DeletePatient destroys a patient's whole record once the retention period
// has ended, and logs the destruction (by record ID only). Inside the
// period it is refused with the date from which it will be allowed.
func (db *DB) DeletePatient(id string) error {
	today := db.Today()
	return db.update(func(tx *bolt.Tx) error {
		var p Patient
		if err := db.get(tx, bucketPatients, []byte(id), &p); err != nil {
			return err
		}
		sessions, err := db.patientSessionsTx(tx, id)
		if err != nil {
			return err
		}
		// The period runs from the last treatment; a patient never seen runs from registration.
		last := DateOf(p.Created)
		if len(sessions) > 0 {
			last = Date{}
			for _, s := range sessions {
				if d := DateOf(s.TreatedAt); last.Before(d) {
					last = d
				}
			}
		}
		until := db.settings.Retention.EarliestDeletion(p.DateOfBirth, last)
		if today.Before(until) {
			return &RetentionError{Until: until}
		}
		for _, s := range sessions {
			tx.Bucket(bucketSessions).Delete([]byte(s.ID))
			tx.Bucket(bucketSessionIndex).Delete(sessionIndexKey(s))
		}
		prefix := idBytes(id)
		c := tx.Bucket(bucketByPatient).Cursor()
		var links [][]byte
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			links = append(links, append([]byte(nil), k...))
		}
		for _, k := range links {
			tx.Bucket(linkBuckets[k[8]]).Delete([]byte(hex.EncodeToString(k[9:])))
			tx.Bucket(bucketByPatient).Delete(k)
		}
		if err := tx.Bucket(bucketPatients).Delete([]byte(id)); err != nil {
			return err
		}
		// The audit keeps the destruction, naming the record by ID only.
		return db.audit(tx, AuditEntry{Action: AuditDelete, Kind: "patient", RecordID: id,
			Detail: fmt.Sprintf("record destroyed after the retention period (kept until %s; last treatment %s)", until.Display(), last.Display())})
	}, func() { db.index.remove(id) })
}
