package store

import (
	"encoding/binary"
	"time"

	bolt "go.etcd.io/bbolt"
)

// audit appends an entry by the practitioner who unlocked the file, now.
// It runs inside the transaction of the change it records, so a change and
// its audit entry are saved together or not at all.
func (db *DB) audit(tx *bolt.Tx, e AuditEntry) error {
	return db.auditAt(tx, db.now().UTC(), db.who.ID, e)
}

func (db *DB) auditAt(tx *bolt.Tx, at time.Time, by string, e AuditEntry) error {
	b := tx.Bucket(bucketAudit)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	e.Seq, e.At, e.By = seq, at, by
	key := binary.BigEndian.AppendUint64(nil, seq)
	if err := db.put(tx, bucketAudit, key, e); err != nil {
		return err
	}
	if e.PatientID != "" {
		ik := append(idBytes(e.PatientID), key...)
		return tx.Bucket(bucketAuditIndex).Put(ik, nil)
	}
	return nil
}

// Record adds an audit entry for something done outside the store, such as
// printing a sheet or exporting a letter.
func (db *DB) Record(action AuditAction, kind, recordID, patientID, detail string) error {
	return db.update(func(tx *bolt.Tx) error {
		return db.audit(tx, AuditEntry{Action: action, Kind: kind, RecordID: recordID, PatientID: patientID, Detail: detail})
	})
}

// PatientAudit lists everything recorded about one patient, oldest first.
func (db *DB) PatientAudit(patientID string) ([]AuditEntry, error) {
	var out []AuditEntry
	err := db.view(func(tx *bolt.Tx) error {
		prefix := idBytes(patientID)
		c := tx.Bucket(bucketAuditIndex).Cursor()
		audit := tx.Bucket(bucketAudit)
		for k, _ := c.Seek(prefix); k != nil && len(k) == 16 && string(k[:8]) == string(prefix); k, _ = c.Next() {
			var e AuditEntry
			raw := audit.Get(k[8:])
			if raw == nil {
				continue
			}
			if err := db.decode(bucketAudit, k[8:], raw, &e); err != nil {
				return err
			}
			out = append(out, e)
		}
		return nil
	})
	return out, err
}

// Audit lists the whole audit trail, oldest first (for IT and tests).
func (db *DB) Audit() ([]AuditEntry, error) {
	var out []AuditEntry
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketAudit).ForEach(func(k, v []byte) error {
			var e AuditEntry
			if err := db.decode(bucketAudit, k, v, &e); err != nil {
				return err
			}
			out = append(out, e)
			return nil
		})
	})
	return out, err
}

// PractitionerName names a practitioner for audit views and signatures.
func (db *DB) PractitionerName(id string) string {
	if id == RecoveryPractitionerID {
		return "Recovery key"
	}
	var p Practitioner
	if err := db.view(func(tx *bolt.Tx) error { return db.get(tx, bucketPractitioners, []byte(id), &p) }); err != nil {
		return "Unknown practitioner"
	}
	return p.Name
}
