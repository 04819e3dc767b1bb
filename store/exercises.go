package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/pelvicnotes/pelvicnotes/assets"
)

// Exercise is one exercise a programme can hold: one of the embedded
// library (texts in every sheet language, an illustration of our own) or
// one the clinic wrote (its own text, and optionally a photo or drawing).
type Exercise struct {
	ID             string   `json:"id"`
	Illustration   string   `json:"illustration,omitempty"` // library: illustration ID in assets
	Tags           []string `json:"tags,omitempty"`
	Dose           Dose     `json:"dose"`
	DoseFromSource bool     `json:"dose_from_source,omitempty"` // the default dose comes from a source (DOMAIN §6)
	// Clinic is set for the clinic's own exercises, kept encrypted in the record file.
	Clinic bool `json:"clinic,omitempty"`
	// Text is the patient-facing text: for a library exercise in the
	// language Library was asked for (English where a language lacks it),
	// for a clinic exercise as the clinic wrote it.
	Text     ExerciseText `json:"text"`
	Language string       `json:"language,omitempty"` // the language of Text; "" for a clinic exercise
	// Photo is the SHA-256 of a clinic exercise's PNG or JPEG picture, kept
	// in the record file (DB.Photo); "" for none.
	Photo   string    `json:"photo,omitempty"`
	Created time.Time `json:"created,omitzero"`
	Updated time.Time `json:"updated,omitzero"`
}

// ExerciseText is what the patient reads about an exercise.
type ExerciseText struct {
	Title       string   `json:"title"`
	Purpose     string   `json:"purpose,omitempty"`
	Steps       []string `json:"steps,omitempty"`
	Precautions []string `json:"precautions,omitempty"`
}

// ExerciseTags are the tags a clinic exercise can carry: the safety tags the
// rules key on first, then the kinds of exercise the library uses.
var ExerciseTags = []string{
	TagStrengthening, TagInternal, TagElectrical, TagBiofeedback, TagProlapseCaution, TagDilator,
	"breathing", "down-training", "relaxation", "stretch", "awareness", "desensitisation", "massage", "device",
}

// TagDilator marks dilator practice: the sheet then carries the dilator
// safety text (DOMAIN §4).
const TagDilator = "dilator"

// Limits of a clinic exercise's picture.
const (
	MaxPhotoBytes  = 2 << 20
	MaxPhotoPixels = 4000
)

// Item is the exercise as a programme item: a snapshot of its text,
// picture and tags with the default dose, so later edits to the exercise
// never change what a patient was given.
func (e Exercise) Item() ProgrammeItem {
	return ProgrammeItem{
		ExerciseID: e.ID, Title: e.Text.Title, Purpose: e.Text.Purpose,
		Steps: slices.Clone(e.Text.Steps), Precautions: slices.Clone(e.Text.Precautions),
		Illustration: e.Illustration, Photo: e.Photo, Tags: slices.Clone(e.Tags), Dose: e.Dose,
	}
}

// --- The embedded library ---

type libraryFile struct {
	Exercises []struct {
		ID             string   `json:"id"`
		Illustration   string   `json:"illustration"`
		Tags           []string `json:"tags"`
		Dose           Dose     `json:"dose"`
		DoseFromSource bool     `json:"dose_from_source"`
	} `json:"exercises"`
}

type languageFile struct {
	Language  string                  `json:"language"`
	Name      string                  `json:"name"`
	Exercises map[string]ExerciseText `json:"exercises"`
}

type library struct {
	exercises []Exercise                         // in library order, Text empty
	texts     map[string]map[string]ExerciseText // language → exercise ID → text
	names     map[string]string                  // language → its name in itself
	english   map[string]string                  // language → its name in English
	langs     []string                           // "en" first
	err       error
}

var (
	libOnce sync.Once
	lib     library
)

// embedded loads and checks the embedded library once.
func embedded() *library {
	libOnce.Do(func() { lib = loadLibrary() })
	return &lib
}

func loadLibrary() library {
	l := library{texts: map[string]map[string]ExerciseText{}, names: map[string]string{}, english: map[string]string{}}
	var f libraryFile
	if err := json.Unmarshal(assets.ExerciseLibrary, &f); err != nil {
		l.err = fmt.Errorf("the exercise library cannot be read: %w", err)
		return l
	}
	for _, e := range f.Exercises {
		l.exercises = append(l.exercises, Exercise{ID: e.ID, Illustration: e.Illustration, Tags: e.Tags, Dose: e.Dose, DoseFromSource: e.DoseFromSource})
	}
	for _, code := range assets.Languages() {
		raw, err := assets.LanguageFile(code, "exercises.json")
		if err != nil {
			l.err = err
			return l
		}
		var lf languageFile
		if err := json.Unmarshal(raw, &lf); err != nil {
			l.err = fmt.Errorf("the %s exercise texts cannot be read: %w", code, err)
			return l
		}
		sheet, err := assets.LanguageFile(code, "sheet.json")
		if err != nil {
			continue // a language needs the sheet's wording too before it is offered
		}
		var sw struct {
			English string `json:"name_en"`
		}
		json.Unmarshal(sheet, &sw)
		l.english[code] = sw.English
		l.texts[code] = lf.Exercises
		l.names[code] = lf.Name
		l.langs = append(l.langs, code)
	}
	l.err = l.check()
	return l
}

// check is what the library must satisfy for every exercise to make a
// valid programme item in every language.
func (l library) check() error {
	var problems []string
	seen := map[string]bool{}
	if len(l.exercises) == 0 {
		problems = append(problems, "it holds no exercises")
	}
	if _, ok := l.texts[LanguageEnglish]; !ok {
		problems = append(problems, "it has no English texts")
	}
	for _, e := range l.exercises {
		if seen[e.ID] || !slugShape.MatchString(e.ID) {
			problems = append(problems, fmt.Sprintf("exercise ID %q is repeated or not lower-case words joined by hyphens", e.ID))
		}
		seen[e.ID] = true
		if _, err := assets.Illustration(e.Illustration); err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", e.ID, err))
		}
		for _, lang := range l.langs {
			t, ok := l.texts[lang][e.ID]
			if !ok {
				if lang == LanguageEnglish {
					problems = append(problems, fmt.Sprintf("%s has no English text", e.ID))
				}
				continue
			}
			it := Exercise{ID: e.ID, Illustration: e.Illustration, Tags: e.Tags, Dose: e.Dose, Text: t}.Item()
			var v ValidationError
			it.check(&v, "")
			if t.Purpose == "" || len(t.Steps) == 0 {
				v.add("", "it needs a purpose and at least one step")
			}
			if err := v.err(); err != nil {
				problems = append(problems, fmt.Sprintf("%s (%s): %v", e.ID, lang, err))
			}
		}
	}
	if len(problems) > 0 {
		return errors.New("the exercise library is not valid: " + strings.Join(problems, "; "))
	}
	return nil
}

// LibraryError reports a problem with the embedded exercise library; nil
// when it loaded and checked out (tests assert that).
func LibraryError() error { return embedded().err }

// SheetLanguages lists the languages a sheet can be printed in: those with
// both the exercise texts and the sheet's wording, English first. Adding a
// language is adding its folder under assets/lang.
func SheetLanguages() []string { return slices.Clone(embedded().langs) }

// LanguageName is a sheet language's name in that language ("Español"),
// or the code when it is not one of SheetLanguages.
func LanguageName(code string) string {
	if n := embedded().names[code]; n != "" {
		return n
	}
	return code
}

// LanguageLabel names a sheet language for the physiotherapist, in English
// with its own name beside it when that differs: "Spanish (Español)".
func LanguageLabel(code string) string {
	en := embedded().english[code]
	if en == "" {
		en = code
	}
	if own := LanguageName(code); own != code && own != en {
		return en + " (" + own + ")"
	}
	return en
}

// LibraryExercises lists the embedded exercises with their text in lang
// (English where lang lacks one), in library order.
func LibraryExercises(lang string) []Exercise {
	l := embedded()
	out := make([]Exercise, 0, len(l.exercises))
	for _, e := range l.exercises {
		e.Tags = slices.Clone(e.Tags)
		e.Text, e.Language = l.text(e.ID, lang)
		out = append(out, e)
	}
	return out
}

func (l *library) text(id, lang string) (ExerciseText, string) {
	if t, ok := l.texts[lang][id]; ok {
		return t, lang
	}
	return l.texts[LanguageEnglish][id], LanguageEnglish
}

// LibraryExercise finds one embedded exercise by ID, with its text in lang.
func LibraryExercise(id, lang string) (Exercise, bool) {
	for _, e := range LibraryExercises(lang) {
		if e.ID == id {
			return e, true
		}
	}
	return Exercise{}, false
}

// Relanguage gives a programme's library items their text in lang, keeping
// each item's dose and note; the clinic's own exercises keep their text.
func Relanguage(items []ProgrammeItem, lang string) []ProgrammeItem {
	out := slices.Clone(items)
	for i, it := range out {
		if e, ok := LibraryExercise(it.ExerciseID, lang); ok && it.Photo == "" {
			n := e.Item()
			n.Dose, n.Note = it.Dose, it.Note
			out[i] = n
		}
	}
	return out
}

// SearchExercises returns the exercises whose title, tags or ID hold every
// word of query, ignoring case and accents ("pelvico" finds "pélvico").
// An empty query returns them all.
func SearchExercises(list []Exercise, query string) []Exercise {
	words := strings.Fields(Fold(query))
	var out []Exercise
	for _, e := range list {
		hay := Fold(e.Text.Title + " " + strings.Join(e.Tags, " ") + " " + e.ID)
		hay += " " + strings.ReplaceAll(hay, "-", " ")
		if !slices.ContainsFunc(words, func(w string) bool { return !strings.Contains(hay, w) }) {
			out = append(out, e)
		}
	}
	return out
}

// --- The clinic's own exercises ---

func init() {
	addFieldLabels(map[string]string{
		"text.title":          "Title",
		"text.purpose":        "What it is for",
		"text.steps":          "Steps",
		"text.steps[]":        "Step %d",
		"text.precautions":    "Precautions",
		"text.precautions[]":  "Precaution %d",
		"tags[]":              "Tag %d",
		"dose":                "Dose",
		"dose.breaths":        "Breaths",
		"dose.repetitions":    "Repetitions",
		"dose.hold_seconds":   "Hold (seconds)",
		"dose.sets":           "Sets",
		"dose.minutes":        "Minutes",
		"dose.times_per_day":  "Times a day",
		"dose.times_per_week": "Times a week",
		"photo":               "Photo",
	})
}

// Normalise trims a clinic exercise's text, copying its lists.
func (e Exercise) Normalise() Exercise {
	e.Text.Title = normLine(e.Text.Title)
	e.Text.Purpose = normText(e.Text.Purpose)
	e.Text.Steps = slices.DeleteFunc(mapStrings(e.Text.Steps, normText), func(s string) bool { return s == "" })
	e.Text.Precautions = slices.DeleteFunc(mapStrings(e.Text.Precautions, normText), func(s string) bool { return s == "" })
	e.Tags = mapStrings(e.Tags, strings.TrimSpace)
	return e
}

// Validate checks a normalised clinic exercise.
func (e Exercise) Validate() error {
	var v ValidationError
	checkRequiredText(&v, "text.title", "give the exercise a title", "title", e.Text.Title, maxLineLen, false)
	checkText(&v, "text.purpose", "purpose", e.Text.Purpose, maxStepLen, true)
	if len(e.Text.Steps) == 0 {
		v.add("text.steps", "write at least one step, one a line")
	}
	for _, list := range []struct {
		name  string
		lines []string
	}{{"text.steps", e.Text.Steps}, {"text.precautions", e.Text.Precautions}} {
		if len(list.lines) > maxSteps {
			v.add(list.name, fmt.Sprintf("keep to %d lines at most", maxSteps))
		}
		for j, line := range list.lines {
			checkRequiredText(&v, nth(list.name, j), "write the line or remove it", "line", line, maxStepLen, true)
		}
	}
	for j, tag := range e.Tags {
		if !slices.Contains(ExerciseTags, tag) || slices.Contains(e.Tags[:j], tag) {
			v.add(nth("tags", j), "choose tags from the list, each once")
		}
	}
	e.Dose.check(&v, "dose")
	if e.Photo != "" && (len(e.Photo) != 64 || strings.Trim(e.Photo, "0123456789abcdef") != "") {
		v.add("photo", "the photo reference is damaged")
	}
	return v.err()
}

// CheckPhoto says whether b can be a clinic exercise's picture: PNG or
// JPEG, under MaxPhotoBytes, at most MaxPhotoPixels each way.
func CheckPhoto(b []byte) error {
	if len(b) > MaxPhotoBytes {
		return fmt.Errorf("the picture is %.1f MB; choose one under 2 MB (a photo saved at a smaller size is plenty for a printed sheet)", float64(len(b))/(1<<20))
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil || (format != "png" && format != "jpeg") {
		return errors.New("the picture must be a PNG or JPEG file")
	}
	if cfg.Width > MaxPhotoPixels || cfg.Height > MaxPhotoPixels {
		return fmt.Errorf("the picture is %d×%d pixels; choose one at most %d pixels wide and high", cfg.Width, cfg.Height, MaxPhotoPixels)
	}
	// The header can be sound and the rest broken (a copy cut short): such
	// a picture would only fail later, when a patient's sheet is printed.
	if _, _, err := image.Decode(bytes.NewReader(b)); err != nil {
		return errors.New("the picture file is damaged or incomplete; save it again, or choose another")
	}
	return nil
}

// PhotoID is the reference a picture is kept under: its SHA-256.
func PhotoID(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// photoKey is a picture's key in the blobs bucket. Pictures are kept by
// content and never changed or removed, so a programme that printed one
// prints the same one for ever.
func photoKey(id string) []byte { return []byte("photo-" + id) }

type blob struct {
	Data []byte `json:"data"`
}

// SaveClinicExercise validates and stores one of the clinic's own
// exercises, encrypted. photo, when not nil, replaces the picture (an empty
// non-nil slice removes it); nil keeps the one it had.
func (db *DB) SaveClinicExercise(e Exercise, photo []byte) (Exercise, error) {
	e = e.Normalise()
	e.Clinic, e.Illustration, e.Language, e.DoseFromSource = true, "", "", false
	if photo != nil {
		e.Photo = ""
		if len(photo) > 0 {
			if err := CheckPhoto(photo); err != nil {
				return Exercise{}, &ValidationError{Fields: []FieldError{{Field: "photo", Message: err.Error()}}}
			}
			e.Photo = PhotoID(photo)
		}
	}
	if err := e.Validate(); err != nil {
		return Exercise{}, err
	}
	now := db.now().UTC()
	err := db.update(func(tx *bolt.Tx) error {
		action := AuditUpdate
		if e.ID == "" {
			e.ID, e.Created, action = newID(), now, AuditCreate
		} else {
			var prev Exercise
			if err := db.get(tx, bucketClinicExercises, []byte(e.ID), &prev); err != nil {
				return err
			}
			e.Created = prev.Created
			if photo == nil {
				e.Photo = prev.Photo
			}
		}
		e.Updated = now
		if len(photo) > 0 && tx.Bucket(bucketBlobs).Get(photoKey(e.Photo)) == nil {
			if err := db.put(tx, bucketBlobs, photoKey(e.Photo), blob{Data: photo}); err != nil {
				return err
			}
		}
		if err := db.put(tx, bucketClinicExercises, []byte(e.ID), e); err != nil {
			return err
		}
		return db.audit(tx, AuditEntry{Action: action, Kind: "exercise", RecordID: e.ID})
	})
	if err != nil {
		return Exercise{}, err
	}
	return e, nil
}

// ClinicExercises lists the clinic's own exercises by title.
func (db *DB) ClinicExercises() ([]Exercise, error) {
	var out []Exercise
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketClinicExercises)
		if b == nil {
			return nil // a read-only file from before the bucket existed
		}
		return b.ForEach(func(k, v []byte) error {
			var e Exercise
			if err := db.decode(bucketClinicExercises, k, v, &e); err != nil {
				return err
			}
			out = append(out, e)
			return nil
		})
	})
	sort.SliceStable(out, func(i, j int) bool { return Fold(out[i].Text.Title) < Fold(out[j].Text.Title) })
	return out, err
}

// Library lists what a programme can be built from: the embedded exercises
// with their text in lang, then the clinic's own.
func (db *DB) Library(lang string) ([]Exercise, error) {
	own, err := db.ClinicExercises()
	return append(LibraryExercises(lang), own...), err
}

// Photo returns a clinic exercise's picture by its reference.
func (db *DB) Photo(id string) ([]byte, error) {
	var b blob
	err := db.view(func(tx *bolt.Tx) error { return db.get(tx, bucketBlobs, photoKey(id), &b) })
	return b.Data, err
}

// ProgrammePhotos returns the pictures a programme's items show, by reference.
func (db *DB) ProgrammePhotos(p Programme) (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, it := range p.Items {
		if it.Photo == "" || out[it.Photo] != nil {
			continue
		}
		b, err := db.Photo(it.Photo)
		if err != nil {
			return nil, fmt.Errorf("the picture of %q could not be read: %w", it.Title, err)
		}
		out[it.Photo] = b
	}
	return out, nil
}
