package store

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Programme is one issued version of a patient's home programme. Each item
// is a snapshot of the library exercise as it was given, so later edits to
// the library never change what a patient was handed.
type Programme struct {
	ID        string    `json:"id"`
	PatientID string    `json:"patient_id"`
	Version   int       `json:"version"` // 1, 2, ... per patient
	Issued    time.Time `json:"issued,omitzero"`
	IssuedBy  string    `json:"issued_by,omitempty"` // practitioner ID
	Language  string    `json:"language"`            // one of SheetLanguages
	// FirstName is how the sheet addresses the patient: the first name
	// only (sheets get left on fridges), as the physiotherapist confirmed it.
	FirstName   string                `json:"first_name,omitempty"`
	Items       []ProgrammeItem       `json:"items"`
	FlareUpPlan string                `json:"flare_up_plan,omitempty"`
	Warnings    []AcknowledgedWarning `json:"warnings,omitempty"`
}

// ProgrammeItem is one exercise as given: the library's text, illustration
// and tags copied in, plus the dose and a note for this patient.
type ProgrammeItem struct {
	ExerciseID   string   `json:"exercise_id"`
	Title        string   `json:"title"`
	Purpose      string   `json:"purpose,omitempty"`
	Steps        []string `json:"steps,omitempty"`
	Precautions  []string `json:"precautions,omitempty"`
	Illustration string   `json:"illustration,omitempty"` // illustration ID in assets
	Photo        string   `json:"photo,omitempty"`        // a clinic exercise's picture: PhotoID, kept in the record file
	Tags         []string `json:"tags,omitempty"`
	Dose         Dose     `json:"dose"`
	Note         string   `json:"note,omitempty"`
}

// Dose is how much and how often. Zero means "not part of this dose". When
// both TimesPerDay and TimesPerWeek are set it reads "N times a day, M days a
// week".
type Dose struct {
	Breaths      int `json:"breaths,omitempty"`
	Repetitions  int `json:"repetitions,omitempty"`
	HoldSeconds  int `json:"hold_seconds,omitempty"`
	Sets         int `json:"sets,omitempty"`
	Minutes      int `json:"minutes,omitempty"`
	TimesPerDay  int `json:"times_per_day,omitempty"`
	TimesPerWeek int `json:"times_per_week,omitempty"`
}

// Languages a patient sheet is printed in.
const (
	LanguageEnglish = "en"
	LanguageSpanish = "es"
)

// Languages lists the sheet languages a form offers, English first: every
// language with a folder under assets/lang (see SheetLanguages).
var Languages = SheetLanguages()

const (
	maxProgrammeItems = 30
	maxSteps          = 20
	maxStepLen        = 1000
	maxFlareUpPlan    = 5000
)

// A tag or an illustration ID: lower-case words joined by hyphens.
var slugShape = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func init() {
	addFieldLabels(map[string]string{
		"version":                     "Version",
		"issued":                      "Issued",
		"issued_by":                   "Issued by",
		"language":                    "Language",
		"items":                       "Items",
		"items[].exercise_id":         "Exercise %d",
		"items[].title":               "Exercise %d: title",
		"items[].purpose":             "Exercise %d: what it is for",
		"items[].photo":               "Exercise %d: photo",
		"first_name":                  "Name on the sheet",
		"items[].steps":               "Exercise %d: steps",
		"items[].steps[]":             "Exercise %d: step %d",
		"items[].precautions":         "Exercise %d: precautions",
		"items[].precautions[]":       "Exercise %d: precaution %d",
		"items[].illustration":        "Exercise %d: illustration",
		"items[].tags[]":              "Exercise %d: tag %d",
		"items[].dose":                "Exercise %d: dose",
		"items[].dose.breaths":        "Exercise %d: breaths",
		"items[].dose.repetitions":    "Exercise %d: repetitions",
		"items[].dose.hold_seconds":   "Exercise %d: hold (seconds)",
		"items[].dose.sets":           "Exercise %d: sets",
		"items[].dose.minutes":        "Exercise %d: minutes",
		"items[].dose.times_per_day":  "Exercise %d: times a day",
		"items[].dose.times_per_week": "Exercise %d: times a week",
		"items[].note":                "Exercise %d: note",
		"flare_up_plan":               "Flare-up plan",
	})
}

// Normalise trims the programme's text, copying every list so the caller's
// programme is left as it was.
func (p Programme) Normalise() Programme {
	p.FlareUpPlan = normText(p.FlareUpPlan)
	p.FirstName = normLine(p.FirstName)
	p.Items = slices.Clone(p.Items)
	for i := range p.Items {
		it := &p.Items[i]
		it.Title = normLine(it.Title)
		it.Purpose = normText(it.Purpose)
		it.Note = normText(it.Note)
		it.Steps = mapStrings(it.Steps, normText)
		it.Precautions = mapStrings(it.Precautions, normText)
		it.Tags = mapStrings(it.Tags, strings.TrimSpace)
	}
	return p
}

func mapStrings(xs []string, f func(string) string) []string {
	if xs == nil {
		return nil
	}
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

// Validate checks a normalised programme; now is the clinic's clock.
func (p Programme) Validate(now time.Time) error {
	var v ValidationError
	checkRef(&v, "patient_id", "choose the patient this programme is for", p.PatientID)
	if p.Version < 1 {
		v.add("version", "versions are numbered from 1")
	}
	checkWhen(&v, "issued", "", p.Issued, now)
	checkRef(&v, "issued_by", "", p.IssuedBy)
	if !oneOf(p.Language, Languages...) {
		names := make([]string, len(Languages))
		for i, l := range Languages {
			names[i], _, _ = strings.Cut(LanguageLabel(l), " (")
		}
		v.add("language", "choose the sheet's language: "+orList(names))
	}
	checkText(&v, "first_name", "name on the sheet", p.FirstName, maxLineLen, false)
	switch n := len(p.Items); {
	case n == 0:
		v.add("items", "add at least one exercise")
	case n > maxProgrammeItems:
		v.add("items", fmt.Sprintf("a programme holds %d exercises at most; fewer are more likely to be done", maxProgrammeItems))
	}
	for i, it := range p.Items {
		it.check(&v, nth("items", i))
	}
	checkText(&v, "flare_up_plan", "flare-up plan", p.FlareUpPlan, maxFlareUpPlan, true)
	checkAcknowledged(&v, p.Warnings, now)
	return v.err()
}

func (it ProgrammeItem) check(v *ValidationError, prefix string) {
	f := func(name string) string { return at(prefix, name) }
	checkRef(v, f("exercise_id"), "choose the exercise from the library", it.ExerciseID)
	checkRequiredText(v, f("title"), "give the exercise a title", "title", it.Title, maxLineLen, false)
	for _, list := range []struct {
		name  string
		lines []string
	}{{"steps", it.Steps}, {"precautions", it.Precautions}} {
		if len(list.lines) > maxSteps {
			v.add(f(list.name), fmt.Sprintf("keep to %d lines at most", maxSteps))
		}
		for j, line := range list.lines {
			checkRequiredText(v, f(nth(list.name, j)), "write the line or remove it", "line", line, maxStepLen, true)
		}
	}
	checkText(v, f("purpose"), "purpose", it.Purpose, maxStepLen, true)
	if it.Photo != "" && (len(it.Photo) != 64 || strings.Trim(it.Photo, "0123456789abcdef") != "") {
		v.add(f("photo"), "the photo reference is damaged")
	}
	if it.Illustration != "" && !slugShape.MatchString(it.Illustration) {
		v.add(f("illustration"), "an illustration ID is lower-case words joined by hyphens, such as child-pose")
	}
	for j, tag := range it.Tags {
		if !slugShape.MatchString(tag) || len(tag) > 40 {
			v.add(f(nth("tags", j)), "a tag is lower-case words joined by hyphens, such as prolapse-caution")
		}
	}
	it.Dose.check(v, f("dose"))
	checkText(v, f("note"), "note", it.Note, maxNote, true)
}

func (d Dose) check(v *ValidationError, prefix string) {
	for _, c := range []struct {
		name string
		n    int
		max  int
		msg  string
	}{
		{"breaths", d.Breaths, 100, "breaths are counted up to 100"},
		{"repetitions", d.Repetitions, 100, "repetitions are counted up to 100"},
		{"hold_seconds", d.HoldSeconds, 600, "a hold lasts up to 600 seconds (10 minutes)"},
		{"sets", d.Sets, 20, "up to 20 sets"},
		{"minutes", d.Minutes, 120, "up to 120 minutes"},
		{"times_per_day", d.TimesPerDay, 12, "up to 12 times a day"},
		{"times_per_week", d.TimesPerWeek, 21, "up to 21 times a week"},
	} {
		if c.n < 0 || c.n > c.max {
			v.add(at(prefix, c.name), c.msg+"; leave it empty if it does not apply")
		}
	}
	switch {
	case d.TimesPerDay == 0 && d.TimesPerWeek == 0:
		v.add(prefix, "say how often: times a day or times a week")
	case d.TimesPerDay > 0 && d.TimesPerWeek > 7:
		v.add(at(prefix, "times_per_week"), "with times a day set, times a week counts days, so at most 7")
	}
}

// honorifics are words before a first name that a sheet leaves out.
var honorifics = []string{"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sr", "sra", "srta", "d", "dña", "don", "doña", "herr", "frau", "mme", "mlle", "m"}

// FirstNameOf is the first name a sheet addresses the patient by, taken
// from the name as stored: the first word after any title, or the word
// after the comma of "Surname, First". The physiotherapist confirms it in
// the programme builder, since names such as "María José" or those written
// family name first need a person to decide.
func FirstNameOf(name string) string {
	if surname, given, ok := strings.Cut(name, ","); ok && strings.TrimSpace(given) != "" && strings.TrimSpace(surname) != "" {
		name = given
	}
	words := strings.Fields(name)
	for len(words) > 1 && slices.Contains(honorifics, strings.TrimSuffix(strings.ToLower(words[0]), ".")) {
		words = words[1:]
	}
	if len(words) == 0 {
		return ""
	}
	return words[0]
}
