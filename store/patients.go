package store

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/text/unicode/norm"
)

// SavePatient validates p and writes it. A patient with no ID is new and gets
// one; an existing patient keeps its ID and creation time. On any error
// nothing in the file changes. It returns the patient as stored.
func (db *DB) SavePatient(p Patient) (Patient, error) {
	saved, err := db.SavePatients([]Patient{p})
	if err != nil {
		return Patient{}, err
	}
	return saved[0], nil
}

// SavePatients validates and writes several patients in one transaction:
// all of them are saved or, on the first refusal, none.
func (db *DB) SavePatients(ps []Patient) ([]Patient, error) {
	today := db.Today()
	out := make([]Patient, len(ps))
	for i, p := range ps {
		out[i] = p.Normalise()
		if err := out[i].Validate(today); err != nil {
			return nil, err
		}
	}
	now := db.now().UTC().Truncate(time.Millisecond)

	db.mu.Lock()
	defer db.mu.Unlock()
	if db.key == nil {
		return nil, ErrLocked
	}
	batch := map[string]string{} // folded identifier → name, within this batch
	for _, p := range out {
		if p.Identifier == "" {
			continue
		}
		if other, ok := db.index.byIdentifier(p.Identifier, p.ID); ok {
			return nil, duplicateIdentifier(other)
		}
		key := foldIdentifier(p.Identifier)
		if _, dup := batch[key]; dup {
			return nil, duplicateIdentifier(p.Summary())
		}
		batch[key] = p.Name
	}
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		for i := range out {
			p := &out[i]
			action := AuditUpdate
			if p.ID == "" {
				p.ID = newID()
				p.Created = now
				action = AuditCreate
			} else {
				var prev Patient
				if err := db.get(tx, bucketPatients, []byte(p.ID), &prev); err != nil {
					return err
				}
				p.Created = prev.Created
			}
			p.Updated = now
			if err := db.checkReferrers(tx, *p); err != nil {
				return err
			}
			if err := db.put(tx, bucketPatients, []byte(p.ID), *p); err != nil {
				return err
			}
			if err := db.audit(tx, AuditEntry{Action: action, Kind: "patient", RecordID: p.ID, PatientID: p.ID}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, p := range out {
		db.index.put(p)
	}
	return out, nil
}

func duplicateIdentifier(other PatientSummary) error {
	return &ValidationError{Fields: []FieldError{{
		Field:   FieldIdentifier,
		Message: fmt.Sprintf("%s (born %s) already has this identifier", other.Name, other.DateOfBirth.Display()),
	}}}
}

func foldIdentifier(s string) string { return strings.ReplaceAll(Fold(s), " ", "") }

// Patient reads one patient from the file.
func (db *DB) Patient(id string) (Patient, error) {
	var p Patient
	err := db.view(func(tx *bolt.Tx) error { return db.get(tx, bucketPatients, []byte(id), &p) })
	return p, err
}

// PatientSummary is what the patient list shows and searches: enough to
// tell patients apart, without the clinical record.
type PatientSummary struct {
	ID          string
	Name        string
	DateOfBirth Date
	Sex         Sex
	Identifier  string
}

// Summary is the patient's entry in lists.
func (p Patient) Summary() PatientSummary {
	return PatientSummary{ID: p.ID, Name: p.Name, DateOfBirth: p.DateOfBirth, Sex: p.Sex, Identifier: p.Identifier}
}

// Patients lists every patient, sorted by name.
func (db *DB) Patients() []PatientSummary { return db.SearchPatients("") }

// SearchPatients returns the patients matching every word of query, sorted by
// name. A word matches part of the name (ignoring case and accents, so
// "zolc" finds Żółć), the date of birth in any common form (1988,
// 14/03/1988, 1988-03-14, 14 Mar 1988) or the identifier (spaces ignored).
// It is empty while the file is locked.
func (db *DB) SearchPatients(query string) []PatientSummary {
	db.mu.RLock()
	defer db.mu.RUnlock()
	return db.index.search(query)
}

// PatientCount is the number of patients on file (0 while locked).
func (db *DB) PatientCount() int {
	db.mu.RLock()
	defer db.mu.RUnlock()
	return len(db.index.sorted)
}

// loadIndexLocked reads every patient into the in-memory search index; the
// caller holds db.mu. Search needs plaintext, so the index lives in memory
// only, never in the file, and is dropped when the file locks.
func (db *DB) loadIndexLocked() error {
	idx := newPatientIndex()
	var all []Patient
	err := db.bolt.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketPatients).ForEach(func(k, v []byte) error {
			var p Patient
			if err := db.decode(bucketPatients, k, v, &p); err != nil {
				return err
			}
			all = append(all, p)
			return nil
		})
	})
	if err != nil {
		return err
	}
	idx.load(all)
	db.index = idx
	return nil
}

type indexEntry struct {
	patient PatientSummary
	name    string // folded name
	dob     string // the date of birth in every searchable form
	ident   string // folded identifier without spaces
	sortKey string
}

// patientIndex keeps the entries sorted by name, so a search is one pass
// with no sorting, and identifiers in a map for the duplicate check.
type patientIndex struct {
	sorted  []*indexEntry
	byID    map[string]*indexEntry
	byIdent map[string]string // folded identifier → patient ID
}

func newPatientIndex() *patientIndex {
	return &patientIndex{byID: map[string]*indexEntry{}, byIdent: map[string]string{}}
}

func newIndexEntry(p Patient) *indexEntry {
	d := p.DateOfBirth
	return &indexEntry{
		patient: p.Summary(),
		name:    Fold(p.Name),
		dob:     strings.Join([]string{d.String(), d.Numeric(), strings.ToLower(d.Display()), strings.ReplaceAll(d.Numeric(), "/", "-"), strings.ReplaceAll(d.Numeric(), "/", ".")}, " | "),
		ident:   foldIdentifier(p.Identifier),
		sortKey: Fold(p.Name) + "\x00" + p.ID,
	}
}

// load fills an empty index in one sort.
func (x *patientIndex) load(all []Patient) {
	x.sorted = make([]*indexEntry, len(all))
	for i, p := range all {
		e := newIndexEntry(p)
		x.sorted[i] = e
		x.byID[p.ID] = e
		if e.ident != "" {
			x.byIdent[e.ident] = p.ID
		}
	}
	sort.Slice(x.sorted, func(i, j int) bool { return x.sorted[i].sortKey < x.sorted[j].sortKey })
}

func (x *patientIndex) put(p Patient) {
	x.remove(p.ID)
	e := newIndexEntry(p)
	i := sort.Search(len(x.sorted), func(i int) bool { return x.sorted[i].sortKey >= e.sortKey })
	x.sorted = append(x.sorted, nil)
	copy(x.sorted[i+1:], x.sorted[i:])
	x.sorted[i] = e
	x.byID[p.ID] = e
	if e.ident != "" {
		x.byIdent[e.ident] = p.ID
	}
}

func (x *patientIndex) remove(id string) {
	old, ok := x.byID[id]
	if !ok {
		return
	}
	delete(x.byID, id)
	if old.ident != "" && x.byIdent[old.ident] == id {
		delete(x.byIdent, old.ident)
	}
	i := sort.Search(len(x.sorted), func(i int) bool { return x.sorted[i].sortKey >= old.sortKey })
	if i < len(x.sorted) && x.sorted[i] == old {
		x.sorted = append(x.sorted[:i], x.sorted[i+1:]...)
	}
}

func (x *patientIndex) byIdentifier(ident, exceptID string) (PatientSummary, bool) {
	id, ok := x.byIdent[foldIdentifier(ident)]
	if !ok || id == exceptID {
		return PatientSummary{}, false
	}
	return x.byID[id].patient, true
}

func (x *patientIndex) search(query string) []PatientSummary {
	words := strings.Fields(Fold(query))
	// A typed date like "14 mar 1988" is also tried as one term.
	whole := strings.Join(words, " ")
	out := make([]PatientSummary, 0, 64)
	for _, e := range x.sorted {
		if len(words) > 1 && strings.Contains(e.dob, whole) {
			out = append(out, e.patient)
			continue
		}
		ok := true
		for _, w := range words {
			if !strings.Contains(e.name, w) && !strings.Contains(e.dob, w) && !(e.ident != "" && strings.Contains(e.ident, w)) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, e.patient)
		}
	}
	return out
}

// foldSpecial covers letters that do not decompose into a base letter and a
// mark, so that they still match their plain-Latin spelling.
var foldSpecial = strings.NewReplacer("ł", "l", "đ", "d", "ø", "o", "ß", "ss", "æ", "ae", "œ", "oe", "ı", "i", "þ", "th", "ð", "d")

// Fold lowers case and strips accents for matching: "Łucja Żółć" → "lucja zolc",
// "Nguyễn" → "nguyen", "Σοφία" → "σοφια". Other scripts keep their letters.
func Fold(s string) string {
	s = foldSpecial.Replace(strings.ToLower(s))
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}
