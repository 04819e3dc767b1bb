package store

import (
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// History is one patient's whole record as the demo generator (or a future
// import from another system) produces it. Sessions carry their own
// signing times: an imported history keeps when things happened.
type History struct {
	Patient    Patient
	Sessions   []Session // in treatment order; Status signed keeps SignedAt/SignedBy as given
	Measures   []MeasureResponse
	Programmes []Programme
	Letters    []Letter
}

// ImportHistories validates and writes whole patient histories in one
// transaction (all or nothing), with one audit entry per patient. Callers
// importing thousands of patients pass them in batches of a few hundred. Every record
// passes the same validation as one saved from a screen, except that times
// are checked against the time they were recorded rather than now.
func (db *DB) ImportHistories(hs []History) ([]Patient, error) {
	out := make([]Patient, 0, len(hs))
	today := db.Today()
	now := db.now().UTC()
	for i := range hs {
		h := &hs[i]
		h.Patient = h.Patient.Normalise()
		if err := h.Patient.Validate(today); err != nil {
			return nil, fmt.Errorf("patient %d: %w", i+1, err)
		}
	}
	err := db.update(func(tx *bolt.Tx) error {
		seen := map[string]PatientSummary{}
		for i := range hs {
			h := &hs[i]
			p := &h.Patient
			if p.Identifier != "" {
				if other, ok := db.index.byIdentifier(p.Identifier, ""); ok {
					return duplicateIdentifier(other)
				}
				if other, ok := seen[foldIdentifier(p.Identifier)]; ok {
					return duplicateIdentifier(other)
				}
				seen[foldIdentifier(p.Identifier)] = p.Summary()
			}
			p.ID = newID()
			if p.Created.IsZero() {
				p.Created = now
			}
			p.Updated = now
			if err := db.put(tx, bucketPatients, []byte(p.ID), *p); err != nil {
				return err
			}
			for j := range h.Sessions {
				s := &h.Sessions[j]
				s.ID = newID()
				s.PatientID = p.ID
				if s.PractitionerID == "" {
					s.PractitionerID = db.who.ID
				}
				if s.WrittenAt.IsZero() {
					s.WrittenAt = s.TreatedAt
				}
				at := s.WrittenAt
				if s.Status == StatusSigned {
					if s.SignedAt.After(at) {
						at = s.SignedAt
					}
					if s.SignedBy == "" {
						s.SignedBy = s.PractitionerID
					}
					s.Late = SignedLate(s.TreatedAt.In(time.Local), s.SignedAt)
				}
				if err := s.Validate(at, db.settings); err != nil {
					return fmt.Errorf("%s, session %d: %w", p.Name, j+1, err)
				}
				if s.Status == StatusSigned {
					// A signed note comes in only with its warnings acknowledged, as in the app.
					if open := Unacknowledged(db.settings.Safety.SessionWarnings(*p, *s, DateOf(s.TreatedAt)), s.Warnings); len(open) > 0 {
						return fmt.Errorf("%s, session %d: %w", p.Name, j+1, &UnacknowledgedError{Warnings: open})
					}
				}
				if err := db.put(tx, bucketSessions, []byte(s.ID), *s); err != nil {
					return err
				}
				if err := tx.Bucket(bucketSessionIndex).Put(sessionIndexKey(*s), nil); err != nil {
					return err
				}
			}
			for j := range h.Measures {
				m := &h.Measures[j]
				m.ID, m.PatientID = newID(), p.ID
				if err := m.Validate(today); err != nil {
					return fmt.Errorf("%s, measure %d: %w", p.Name, j+1, err)
				}
				if err := db.put(tx, bucketMeasures, []byte(m.ID), *m); err != nil {
					return err
				}
				if err := db.link(tx, p.ID, linkMeasure, m.ID); err != nil {
					return err
				}
			}
			for j := range h.Programmes {
				g := &h.Programmes[j]
				g.ID, g.PatientID, g.Version = newID(), p.ID, j+1
				if err := g.Validate(g.Issued); err != nil {
					return fmt.Errorf("%s, programme %d: %w", p.Name, j+1, err)
				}
				if err := db.put(tx, bucketProgrammes, []byte(g.ID), *g); err != nil {
					return err
				}
				if err := db.link(tx, p.ID, linkProgramme, g.ID); err != nil {
					return err
				}
			}
			for j := range h.Letters {
				l := &h.Letters[j]
				l.ID, l.PatientID = newID(), p.ID
				if err := l.Validate(); err != nil {
					return fmt.Errorf("%s, letter %d: %w", p.Name, j+1, err)
				}
				if err := db.put(tx, bucketLetters, []byte(l.ID), *l); err != nil {
					return err
				}
				if err := db.link(tx, p.ID, linkLetter, l.ID); err != nil {
					return err
				}
			}
			if err := db.audit(tx, AuditEntry{Action: AuditCreate, Kind: "patient", RecordID: p.ID, PatientID: p.ID,
				Detail: fmt.Sprintf("imported with %d sessions, %d measures, %d programmes, %d letters", len(h.Sessions), len(h.Measures), len(h.Programmes), len(h.Letters))}); err != nil {
				return err
			}
		}
		return nil
	}, func() {
		for _, h := range hs {
			db.index.put(h.Patient)
		}
	})
	if err != nil {
		return nil, err
	}
	for _, h := range hs {
		out = append(out, h.Patient)
	}
	return out, nil
}
