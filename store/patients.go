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
			return nil, duplicateIdentifier(p)
		}
		batch[key] = p.Name
	}
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketPatients)
		for i := range out {
			p := &out[i]
			if p.ID == "" {
				p.ID = newID()
				p.Created = now
			} else {
				old := b.Get([]byte(p.ID))
				if old == nil {
					return ErrNotFound
				}
				var prev Patient
				if err := decode(bucketPatients, []byte(p.ID), old, &prev); err != nil {
					return err
				}
				p.Created = prev.Created
			}
			p.Updated = now
			data, err := encode(bucketPatients, []byte(p.ID), *p)
			if err != nil {
				return err
			}
			if err := b.Put([]byte(p.ID), data); err != nil {
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

func duplicateIdentifier(other Patient) error {
	return &ValidationError{Fields: []FieldError{{
		Field:   FieldIdentifier,
		Message: fmt.Sprintf("%s (born %s) already has this identifier", other.Name, other.DateOfBirth.Display()),
	}}}
}

func foldIdentifier(s string) string { return strings.ReplaceAll(Fold(s), " ", "") }

// Patient reads one patient from the file.
func (db *DB) Patient(id string) (Patient, error) {
	var p Patient
	err := db.bolt.View(func(tx *bolt.Tx) error {
		data := tx.Bucket(bucketPatients).Get([]byte(id))
		if data == nil {
			return ErrNotFound
		}
		return decode(bucketPatients, []byte(id), data, &p)
	})
	return p, err
}

// Patients lists every patient, sorted by name.
func (db *DB) Patients() []Patient { return db.SearchPatients("") }

// SearchPatients returns the patients matching every word of query, sorted by
// name. A word matches part of the name (ignoring case and accents, so
// "zolc" finds Żółć), the date of birth in any common form (1988,
// 14/03/1988, 1988-03-14, 14 Mar 1988) or the identifier (spaces ignored).
func (db *DB) SearchPatients(query string) []Patient {
	db.mu.RLock()
	defer db.mu.RUnlock()
	return db.index.search(query)
}

// PatientCount is the number of patients on file.
func (db *DB) PatientCount() int {
	db.mu.RLock()
	defer db.mu.RUnlock()
	return len(db.index.entries)
}

// loadIndex reads every patient into the in-memory search index. Search
// needs plaintext, so the index lives in memory only, never in the file.
func (db *DB) loadIndex() error {
	idx := &patientIndex{entries: map[string]*indexEntry{}}
	err := db.bolt.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketPatients).ForEach(func(k, v []byte) error {
			var p Patient
			if err := decode(bucketPatients, k, v, &p); err != nil {
				return err
			}
			idx.put(p)
			return nil
		})
	})
	if err != nil {
		return err
	}
	db.mu.Lock()
	db.index = idx
	db.mu.Unlock()
	return nil
}

type indexEntry struct {
	patient Patient
	name    string // folded name
	dob     string // the date of birth in every searchable form
	ident   string // folded identifier without spaces
	sortKey string
}

type patientIndex struct {
	entries map[string]*indexEntry
}

func (x *patientIndex) put(p Patient) {
	d := p.DateOfBirth
	x.entries[p.ID] = &indexEntry{
		patient: p,
		name:    Fold(p.Name),
		dob:     strings.Join([]string{d.String(), d.Numeric(), strings.ToLower(d.Display()), strings.ReplaceAll(d.Numeric(), "/", "-"), strings.ReplaceAll(d.Numeric(), "/", ".")}, " | "),
		ident:   foldIdentifier(p.Identifier),
		sortKey: Fold(p.Name) + "\x00" + p.ID,
	}
}

func (x *patientIndex) byIdentifier(ident, exceptID string) (Patient, bool) {
	want := foldIdentifier(ident)
	for id, e := range x.entries {
		if id != exceptID && e.ident == want {
			return e.patient, true
		}
	}
	return Patient{}, false
}

func (x *patientIndex) search(query string) []Patient {
	words := strings.Fields(Fold(query))
	// A typed date like "14 mar 1988" is also tried as one term.
	whole := strings.Join(words, " ")
	var hits []*indexEntry
	for _, e := range x.entries {
		if len(words) > 1 && strings.Contains(e.dob, whole) {
			hits = append(hits, e)
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
			hits = append(hits, e)
		}
	}
	sort.Slice(hits, func(i, j int) bool { return hits[i].sortKey < hits[j].sortKey })
	out := make([]Patient, len(hits))
	for i, e := range hits {
		out[i] = e.patient
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
