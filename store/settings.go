package store

import (
	"fmt"
	"slices"
	"strings"
)

// ClinicSettings are the clinic-wide settings kept in the record file, shared
// by every practitioner who unlocks it. DefaultClinicSettings gives the
// starting values; everything DOMAIN.md marks unconfirmed is here so the
// clinic can change it.
type ClinicSettings struct {
	Clinic             Clinic             `json:"clinic"`
	Dilators           []DilatorSize      `json:"dilators"`
	DilatorProgression DilatorProgression `json:"dilator_progression"`
	SwabSites          []int              `json:"swab_sites"` // clock positions of the cotton-swab test
	Muscles            []MuscleDefault    `json:"muscles"`    // the trigger-point pick-list
	BodyChartSites     []string           `json:"body_chart_sites"`
	Retention          RetentionRule      `json:"retention"`
	AutoLockMinutes    int                `json:"auto_lock_minutes"`
	CrisisText         string             `json:"crisis_text"` // shown with the PHQ-9 item 9 alert
	PaperSize          string             `json:"paper_size"`  // PaperA4 or PaperLetter
	Safety             SafetySettings     `json:"safety"`
	MarinoffGrades     []string           `json:"marinoff_grades"` // wording of grades 0–3
}

// DilatorSize is one dilator of the clinic's set, smallest first.
type DilatorSize struct {
	Label      string  `json:"label"`
	DiameterMM float64 `json:"diameter_mm"`
	LengthMM   float64 `json:"length_mm,omitempty"` // 0 = not recorded
	Material   string  `json:"material,omitempty"`
}

// DilatorProgression is when the app suggests moving up a size: after
// Sessions consecutive sessions at pain of MaxPain or less. A suggestion, never
// automatic.
type DilatorProgression struct {
	Sessions int `json:"sessions"`
	MaxPain  int `json:"max_pain"`
}

// MuscleDefault is one muscle of the trigger-point pick-list, with the clock
// positions at which the pick-list offers it first. The clinician always
// chooses the muscle; the app never infers it.
type MuscleDefault struct {
	Name  string `json:"name"`
	Layer string `json:"layer"` // LayerSuperficial or LayerDeep
	Hours []int  `json:"hours,omitempty"`
	Note  string `json:"note,omitempty"` // e.g. "side wall"
}

// SafetySettings hold the thresholds of safety rules DOMAIN.md marks unconfirmed.
type SafetySettings struct {
	// PostpartumInternalWeeks: internal work in the first this-many weeks
	// after a birth draws a warning. 0 turns the warning off.
	PostpartumInternalWeeks int `json:"postpartum_internal_weeks"`
}

// Paper sizes for printed documents.
const (
	PaperA4     = "A4"
	PaperLetter = "Letter"
)

// Layers of the pelvic floor for the trigger-point map.
const (
	LayerSuperficial = "superficial"
	LayerDeep        = "deep"
)

// Layers lists the layers in examination order: superficial first.
var Layers = []string{LayerSuperficial, LayerDeep}

func init() {
	addFieldLabels(map[string]string{
		"clinic":                           "Clinic",
		"clinic.name":                      "Clinic name",
		"clinic.address":                   "Clinic address",
		"clinic.phone":                     "Clinic phone",
		"clinic.email":                     "Clinic email",
		"clinic.website":                   "Clinic website",
		"clinic.logo":                      "Clinic logo",
		"dilators":                         "Dilator set",
		"dilators[].label":                 "Dilator %d: label",
		"dilators[].diameter_mm":           "Dilator %d: diameter",
		"dilators[].length_mm":             "Dilator %d: length",
		"dilators[].material":              "Dilator %d: material",
		"dilator_progression.sessions":     "Dilator progression: sessions",
		"dilator_progression.max_pain":     "Dilator progression: highest pain",
		"swab_sites":                       "Swab test sites",
		"swab_sites[]":                     "Swab test site %d",
		"muscles[].name":                   "Muscle %d: name",
		"muscles[].layer":                  "Muscle %d: layer",
		"muscles[].hours":                  "Muscle %d: clock positions",
		"muscles[].note":                   "Muscle %d: note",
		"body_chart_sites[]":               "Body-chart site %d",
		"retention.jurisdiction":           "Retention: jurisdiction",
		"retention.adult_age":              "Retention: adult from age",
		"retention.adult_years":            "Retention: years after last treatment",
		"retention.minor_until_age":        "Retention: minors kept to birthday",
		"retention.seventeen_until_age":    "Retention: 17 at end of care, kept to birthday",
		"auto_lock_minutes":                "Lock after idle minutes",
		"crisis_text":                      "Crisis resources",
		"paper_size":                       "Paper size",
		"safety.postpartum_internal_weeks": "Weeks after birth without internal work",
		"marinoff_grades":                  "Marinoff grades",
		"marinoff_grades[]":                "Marinoff grade %d wording",
	})
}

// Validate checks the settings. The clinic's letterhead may still be empty
// while the clinic is set up, but what is filled in must be right.
func (cs ClinicSettings) Validate() error {
	var v ValidationError
	cs.Clinic.check(&v, "clinic", false)

	switch n := len(cs.Dilators); {
	case n == 0:
		v.add("dilators", "enter at least one dilator size of the clinic's set")
	case n > 20:
		v.add("dilators", "a dilator set has at most 20 sizes")
	}
	seen := map[string]bool{}
	for i, d := range cs.Dilators {
		f := nth("dilators", i)
		if checkRequiredText(&v, at(f, "label"), "give this size a label, for example Size 1", "label", d.Label, 40, false) {
			if seenFolded(seen, d.Label) {
				v.add(at(f, "label"), "each dilator size needs its own label; this one is used twice")
			}
		}
		switch {
		case d.DiameterMM < 5 || d.DiameterMM > 60:
			v.add(at(f, "diameter_mm"), "a dilator is between 5 and 60 mm across")
		case i > 0 && d.DiameterMM <= cs.Dilators[i-1].DiameterMM:
			v.add(at(f, "diameter_mm"), "list the sizes from smallest to largest: each is wider than the one before")
		}
		if d.LengthMM != 0 && (d.LengthMM < 20 || d.LengthMM > 300) {
			v.add(at(f, "length_mm"), "a dilator is between 20 and 300 mm long; leave it empty if not known")
		}
		checkText(&v, at(f, "material"), "material", d.Material, 60, false)
	}

	checkInt(&v, "dilator_progression.sessions", cs.DilatorProgression.Sessions, 1, 20,
		"suggest the next size after between 1 and 20 sessions")
	checkInt(&v, "dilator_progression.max_pain", cs.DilatorProgression.MaxPain, 0, 10, msgNRS)

	if len(cs.SwabSites) == 0 {
		v.add("swab_sites", "choose at least one clock position for the swab test")
	}
	checkHours(&v, "swab_sites", cs.SwabSites)

	muscles := map[string]bool{}
	for i, m := range cs.Muscles {
		f := nth("muscles", i)
		if checkRequiredText(&v, at(f, "name"), "enter the muscle's name", "muscle name", m.Name, maxLabel, false) {
			if seenFolded(muscles, m.Name) {
				v.add(at(f, "name"), "this muscle is already in the list")
			}
		}
		if !oneOf(m.Layer, Layers...) {
			v.add(at(f, "layer"), "choose superficial or deep")
		}
		for j, h := range m.Hours {
			if h < 1 || h > 12 {
				v.add(at(f, "hours"), msgHour)
				break
			}
			if slices.Contains(m.Hours[:j], h) {
				v.add(at(f, "hours"), fmt.Sprintf("%d o'clock is listed twice", h))
				break
			}
		}
		checkText(&v, at(f, "note"), "note", m.Note, maxLabel, false)
	}

	sites := map[string]bool{}
	for i, s := range cs.BodyChartSites {
		f := nth("body_chart_sites", i)
		if checkRequiredText(&v, f, "enter the site's name or remove it", "site name", s, maxLabel, false) {
			if seenFolded(sites, s) {
				v.add(f, "this site is already in the list")
			}
		}
	}

	cs.Retention.check(&v, "retention")
	checkInt(&v, "auto_lock_minutes", cs.AutoLockMinutes, 1, 60, "lock after between 1 and 60 idle minutes")
	checkRequiredText(&v, "crisis_text", "enter the crisis resources shown when PHQ-9 item 9 is above 0",
		"crisis text", cs.CrisisText, maxNote, true)
	if !oneOf(cs.PaperSize, PaperA4, PaperLetter) {
		v.add("paper_size", "choose A4 or Letter")
	}
	checkInt(&v, "safety.postpartum_internal_weeks", cs.Safety.PostpartumInternalWeeks, 0, 52,
		"between 0 (no warning) and 52 weeks")
	if len(cs.MarinoffGrades) != 4 {
		v.add("marinoff_grades", "the Marinoff scale has four grades, 0 to 3")
	}
	for i, g := range cs.MarinoffGrades {
		checkRequiredText(&v, nth("marinoff_grades", i), "describe this grade", "wording", g, maxLineLen, false)
	}
	return v.err()
}

// seenFolded reports whether name, ignoring case and surrounding space, is
// already in seen, and adds it.
func seenFolded(seen map[string]bool, name string) bool {
	key := strings.ToLower(strings.TrimSpace(name))
	if seen[key] {
		return true
	}
	seen[key] = true
	return false
}

// checkHours checks a list of clock positions: each 1–12, none twice.
func checkHours(v *ValidationError, list string, hs []int) {
	seen := map[int]bool{}
	for i, h := range hs {
		switch {
		case h < 1 || h > 12:
			v.add(nth(list, i), msgHour)
		case seen[h]:
			v.add(nth(list, i), fmt.Sprintf("%d o'clock is listed twice", h))
		}
		seen[h] = true
	}
}

// Dilator returns the clinic's dilator with the given label (compared
// without regard to case), and whether there is one.
func (cs ClinicSettings) Dilator(label string) (DilatorSize, bool) {
	label = strings.TrimSpace(label)
	for _, d := range cs.Dilators {
		if strings.EqualFold(d.Label, label) {
			return d, true
		}
	}
	return DilatorSize{}, false
}

// Muscle returns the pick-list muscle with the given name, compared without
// regard to case.
func (cs ClinicSettings) Muscle(name string) (MuscleDefault, bool) {
	name = strings.TrimSpace(name)
	for _, m := range cs.Muscles {
		if strings.EqualFold(m.Name, name) {
			return m, true
		}
	}
	return MuscleDefault{}, false
}

// MusclesAt returns the pick-list muscles suggested first for a point at
// hour in layer, in list order. The clinician still chooses.
func (cs ClinicSettings) MusclesAt(hour int, layer string) []MuscleDefault {
	var out []MuscleDefault
	for _, m := range cs.Muscles {
		if m.Layer != layer {
			continue
		}
		for _, h := range m.Hours {
			if h == hour {
				out = append(out, m)
				break
			}
		}
	}
	return out
}
