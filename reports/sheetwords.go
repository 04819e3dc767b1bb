package reports

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/pelvicnotes/pelvicnotes/assets"
	"github.com/pelvicnotes/pelvicnotes/store"
)

// sheetWords is the fixed wording of the home-exercise sheet in one
// language: assets/lang/<code>/sheet.json. Placeholders are written {name}.
type sheetWords struct {
	Language        string    `json:"language"`
	Name            string    `json:"name"`
	Title           string    `json:"title"`
	For             string    `json:"for"`
	Date            string    `json:"date"`
	Months          []string  `json:"months"`
	Phone           string    `json:"phone"`
	Intro           string    `json:"intro"`
	Exercise        string    `json:"exercise"`
	Purpose         string    `json:"purpose"`
	Steps           string    `json:"steps"`
	Dose            string    `json:"dose"`
	Precautions     string    `json:"precautions"`
	Note            string    `json:"note"`
	PlannerTitle    string    `json:"planner_title"`
	PlannerIntro    string    `json:"planner_intro"`
	PlannerExercise string    `json:"planner_exercise"`
	Days            []string  `json:"days"`
	FlareTitle      string    `json:"flare_title"`
	FlareDefault    string    `json:"flare_default"`
	StopPain        string    `json:"stop_pain"`
	NotReplace      string    `json:"not_replace"`
	DilatorTitle    string    `json:"dilator_title"`
	DilatorSafety   []string  `json:"dilator_safety"`
	ContactTitle    string    `json:"contact_title"`
	ContactIntro    string    `json:"contact_intro"`
	Page            string    `json:"page"`
	Continued       string    `json:"continued"` // {title}: an exercise carried on over the page
	OverPage        string    `json:"over_page"` // at the foot of a page an exercise goes on from
	DoseWords       doseWords `json:"dose_words"`
}

// doseWords phrase a dose. Each counted phrase maps a number ("1", "2") or
// "other" to its wording with {n} for the number, so a language can say
// "once", "twice" or use its own plurals.
type doseWords struct {
	Breaths     counted `json:"breaths"`
	Repetitions counted `json:"repetitions"`
	Sets        counted `json:"sets"` // {what}: the repetitions
	SetsAlone   counted `json:"sets_alone"`
	Hold        counted `json:"hold"`
	HoldEach    counted `json:"hold_each"`
	Minutes     counted `json:"minutes"`
	PerDay      counted `json:"per_day"`
	PerWeek     counted `json:"per_week"`
	DaysAWeek   counted `json:"days_a_week"`
	Separator   string  `json:"separator"`
}

type counted map[string]string

func (c counted) say(n int, what string) string {
	s, ok := c[strconv.Itoa(n)]
	if !ok {
		s = c["other"]
	}
	return fill(s, "n", strconv.Itoa(n), "what", what)
}

// fill replaces {key} placeholders: fill(s, "n", "3", "what", "…").
func fill(s string, kv ...string) string {
	for i := 0; i+1 < len(kv); i += 2 {
		s = strings.ReplaceAll(s, "{"+kv[i]+"}", kv[i+1])
	}
	return s
}

var (
	wordsMu    sync.Mutex
	wordsCache = map[string]*sheetWords{}
)

// wordsFor loads and checks a language's sheet wording once.
func wordsFor(lang string) (*sheetWords, error) {
	wordsMu.Lock()
	defer wordsMu.Unlock()
	if w, ok := wordsCache[lang]; ok {
		return w, nil
	}
	raw, err := assets.LanguageFile(lang, "sheet.json")
	if err != nil {
		return nil, fmt.Errorf("the sheet cannot be printed in %q: %w", lang, err)
	}
	var w sheetWords
	if err := json.Unmarshal(raw, &w); err != nil {
		return nil, fmt.Errorf("the %s sheet wording cannot be read: %w", lang, err)
	}
	if err := w.check(); err != nil {
		return nil, fmt.Errorf("the %s sheet wording is incomplete: %w", lang, err)
	}
	wordsCache[lang] = &w
	return &w, nil
}

func (w *sheetWords) check() error {
	var missing []string
	for name, s := range map[string]string{
		"title": w.Title, "for": w.For, "date": w.Date, "phone": w.Phone, "intro": w.Intro, "exercise": w.Exercise,
		"purpose": w.Purpose, "steps": w.Steps, "dose": w.Dose, "precautions": w.Precautions, "note": w.Note,
		"planner_title": w.PlannerTitle, "planner_intro": w.PlannerIntro, "planner_exercise": w.PlannerExercise,
		"flare_title": w.FlareTitle, "flare_default": w.FlareDefault, "stop_pain": w.StopPain,
		"not_replace": w.NotReplace, "dilator_title": w.DilatorTitle, "contact_title": w.ContactTitle,
		"contact_intro": w.ContactIntro, "page": w.Page, "continued": w.Continued, "over_page": w.OverPage,
	} {
		if strings.TrimSpace(s) == "" {
			missing = append(missing, name)
		}
	}
	if len(w.Months) != 12 {
		missing = append(missing, "months (12)")
	}
	if len(w.Days) != 7 {
		missing = append(missing, "days (7)")
	}
	if len(w.DilatorSafety) == 0 {
		missing = append(missing, "dilator_safety")
	}
	d := w.DoseWords
	for name, c := range map[string]counted{
		"breaths": d.Breaths, "repetitions": d.Repetitions, "sets": d.Sets, "sets_alone": d.SetsAlone,
		"hold": d.Hold, "hold_each": d.HoldEach, "minutes": d.Minutes, "per_day": d.PerDay,
		"per_week": d.PerWeek, "days_a_week": d.DaysAWeek,
	} {
		if c["other"] == "" {
			missing = append(missing, "dose_words."+name+".other")
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("missing %s", strings.Join(missing, ", "))
	}
	return nil
}

// DoseInWords says a dose as the patient's sheet does, in the sheet's
// language: "10 slow breaths, twice a day". An unknown language gets English.
func DoseInWords(lang string, d store.Dose) string {
	w, err := wordsFor(lang)
	if err != nil {
		if w, err = wordsFor(store.LanguageEnglish); err != nil {
			return ""
		}
	}
	return w.dose(d)
}

func (w *sheetWords) dose(d store.Dose) string {
	dw := w.DoseWords
	var parts []string
	if d.Breaths > 0 {
		parts = append(parts, dw.Breaths.say(d.Breaths, ""))
	}
	switch {
	case d.Sets > 0 && d.Repetitions > 0:
		parts = append(parts, dw.Sets.say(d.Sets, dw.Repetitions.say(d.Repetitions, "")))
	case d.Sets > 0:
		parts = append(parts, dw.SetsAlone.say(d.Sets, ""))
	case d.Repetitions > 0:
		parts = append(parts, dw.Repetitions.say(d.Repetitions, ""))
	}
	if d.HoldSeconds > 0 {
		if d.Repetitions > 1 || d.Sets > 1 {
			parts = append(parts, dw.HoldEach.say(d.HoldSeconds, ""))
		} else {
			parts = append(parts, dw.Hold.say(d.HoldSeconds, ""))
		}
	}
	if d.Minutes > 0 {
		parts = append(parts, dw.Minutes.say(d.Minutes, ""))
	}
	switch {
	case d.TimesPerDay > 0:
		parts = append(parts, dw.PerDay.say(d.TimesPerDay, ""))
		if d.TimesPerWeek > 0 && d.TimesPerWeek < 7 {
			parts = append(parts, dw.DaysAWeek.say(d.TimesPerWeek, ""))
		}
	case d.TimesPerWeek > 0:
		parts = append(parts, dw.PerWeek.say(d.TimesPerWeek, ""))
	}
	return capitalise(strings.Join(parts, dw.Separator))
}

// frequency is the "how often" part of a dose alone, for the planner.
func (w *sheetWords) frequency(d store.Dose) string {
	return w.dose(store.Dose{TimesPerDay: d.TimesPerDay, TimesPerWeek: d.TimesPerWeek})
}

func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// DefaultFlareUpPlan is the flare-up plan a new programme starts with, in
// the sheet's language; the physiotherapist edits it for the patient.
func DefaultFlareUpPlan(lang string) string {
	if w, err := wordsFor(lang); err == nil {
		return w.FlareDefault
	}
	return ""
}

// SheetDate writes a date as the sheet does in lang: "21 November 2026",
// "21 de noviembre de 2026".
func SheetDate(lang string, d store.Date) string {
	w, err := wordsFor(lang)
	if err != nil || d.Month < 1 || d.Month > 12 {
		return d.Display()
	}
	return fill(w.Date, "day", strconv.Itoa(d.Day), "month", w.Months[d.Month-1], "year", strconv.Itoa(d.Year))
}
