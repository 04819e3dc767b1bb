package store

import (
	"strings"
	"testing"
)

func TestFieldLabelsOfNestedPaths(t *testing.T) {
	for field, want := range map[string]string{
		"name":                               "Name",
		"dob":                                "Date of birth",
		"examination.oxford_left":            "Oxford grade, left",
		"examination.trigger_points[2].nrs":  "Trigger point 3: pain score",
		"examination.swab[0].hour":           "Swab site 1: clock position",
		"treatment[1].params.frequency_hz":   "Treatment 2: frequency (Hz)",
		"items[3].steps[0]":                  "Exercise 4: step 1",
		"items[8]":                           "Item 9",
		"referral.diagnoses[0].code":         "Diagnosis 1: code",
		"goals[11].text":                     "Goal 12",
		"clinic.name":                        "Clinic name",
		"no.such[1].field":                   "no.such[1].field",
		"examination.trigger_points[x].nrs":  "examination.trigger_points[x].nrs",
		"examination.trigger_points[-1].nrs": "examination.trigger_points[-1].nrs",
		"examination.trigger_points[2":       "examination.trigger_points[2",
	} {
		if got := FieldLabel(field); got != want {
			t.Errorf("FieldLabel(%q) = %q, want %q", field, got, want)
		}
	}
	err := &ValidationError{Fields: []FieldError{{Field: "examination.trigger_points[2].nrs", Message: "pain is scored from 0 (none) to 10 (worst imaginable)"}}}
	if got := err.Error(); got != "Trigger point 3: pain score: pain is scored from 0 (none) to 10 (worst imaginable)" {
		t.Errorf("error text %q", got)
	}
}

func TestEveryLabelPatternHasOneNumberPerList(t *testing.T) {
	for pattern, label := range fieldLabels {
		if lists, verbs := strings.Count(pattern, "[]"), strings.Count(label, "%d"); lists != verbs {
			t.Errorf("label %q of %q has %d numbers for %d lists", label, pattern, verbs, lists)
		}
		if strings.Count(label, "%")-strings.Count(label, "%d") != 0 {
			t.Errorf("label %q of %q has a stray %%", label, pattern)
		}
	}
}
