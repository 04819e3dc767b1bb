package store

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Technique is an entry of the treatment catalogue a session's treatment is
// charted from. Safety rules look only at its tags, never at its name.
type Technique struct {
	ID     string      `json:"id"`
	Name   string      `json:"name"`
	Tags   []string    `json:"tags,omitempty"`
	Params []ParamSpec `json:"params,omitempty"`
	// Consent lists the consent scopes that cover the technique; any one
	// will do. Empty means the technique needs no recorded scope.
	Consent []ConsentScope `json:"consent,omitempty"`
}

// ParamSpec is one setting charted with a technique, such as a frequency.
type ParamSpec struct {
	Key      string  `json:"key"`   // as stored in TreatmentItem.Params
	Label    string  `json:"label"` // as a form shows it, e.g. "Frequency"
	Unit     string  `json:"unit"`  // e.g. "Hz"
	Min      float64 `json:"min"`
	Max      float64 `json:"max"`
	Required bool    `json:"required,omitempty"`
}

// Safety tags on catalogue techniques and library exercises.
const (
	TagInternal        = "internal"
	TagElectrical      = "electrical"
	TagUltrasound      = "ultrasound"
	TagLaser           = "laser"
	TagBiofeedback     = "biofeedback"
	TagStrengthening   = "strengthening"
	TagProlapseCaution = "prolapse-caution"
)

// SafetyTags lists the tags safety rules act on.
var SafetyTags = []string{TagInternal, TagElectrical, TagUltrasound, TagLaser, TagBiofeedback, TagStrengthening, TagProlapseCaution}

// Technique IDs the store itself refers to.
const (
	TechniqueDilator               = "dilator"
	TechniqueElectricalStimulation = "electrical-stimulation"
)

var internalScopes = []ConsentScope{ScopeVaginal, ScopeRectal}

// Techniques returns the treatment catalogue (seed 001 and DOMAIN §1), in the
// order a form offers it.
func Techniques() []Technique {
	return []Technique{
		{ID: "manual-external", Name: "Manual therapy (external)"},
		{ID: "manual-internal", Name: "Manual therapy (internal)", Tags: []string{TagInternal}, Consent: internalScopes},
		{ID: "trigger-point-internal", Name: "Trigger-point release (internal)", Tags: []string{TagInternal}, Consent: internalScopes},
		{ID: "myofascial-release", Name: "Myofascial release"},
		{ID: "down-training", Name: "Down-training (pelvic drops)"},
		{ID: "breathing", Name: "Breathing"},
		{ID: "relaxation", Name: "Relaxation"},
		{ID: "graded-exposure", Name: "Graded exposure"},
		{ID: "strengthening", Name: "Pelvic-floor strengthening", Tags: []string{TagStrengthening}},
		{ID: "biofeedback", Name: "Biofeedback", Tags: []string{TagBiofeedback}},
		{ID: TechniqueDilator, Name: "Dilator", Tags: []string{TagInternal}, Consent: []ConsentScope{ScopeDilator}},
		{
			ID: TechniqueElectricalStimulation, Name: "Electrical stimulation", Tags: []string{TagElectrical},
			Consent: []ConsentScope{ScopeElectrical},
			Params: []ParamSpec{
				{Key: "frequency_hz", Label: "Frequency", Unit: "Hz", Min: 1, Max: 200, Required: true},
				{Key: "pulse_width_us", Label: "Pulse width", Unit: "µs", Min: 50, Max: 1000, Required: true},
				{Key: "intensity_ma", Label: "Intensity", Unit: "mA", Min: 0, Max: 100},
			},
		},
		{ID: "ultrasound", Name: "Ultrasound", Tags: []string{TagUltrasound}},
		{ID: "cold-laser", Name: "Cold laser", Tags: []string{TagLaser}},
		{ID: "education", Name: "Education"},
		{ID: "partner-involvement", Name: "Partner involvement"},
	}
}

// catalogue indexes techniques by ID.
type catalogue map[string]Technique

func techniqueIndex(ts []Technique) catalogue {
	c := make(catalogue, len(ts))
	for _, t := range ts {
		c[t.ID] = t
	}
	return c
}

var defaultCatalogue = techniqueIndex(Techniques())

// TechniqueByID returns the catalogue entry with the given ID.
func TechniqueByID(id string) (Technique, bool) {
	t, ok := defaultCatalogue[id]
	return t, ok
}

// HasTag reports whether the technique carries tag.
func (t Technique) HasTag(tag string) bool { return slices.Contains(t.Tags, tag) }

// param returns the setting with the given key.
func (t Technique) param(key string) (ParamSpec, bool) {
	for _, p := range t.Params {
		if p.Key == key {
			return p, true
		}
	}
	return ParamSpec{}, false
}

// Describe writes the allowed range, e.g. "frequency is 1 to 200 Hz".
func (p ParamSpec) Describe() string {
	return fmt.Sprintf("%s is %s to %s %s", strings.ToLower(p.Label), number(p.Min), number(p.Max), p.Unit)
}

// ParseParam reads a setting as typed: "35", "35.5" or "35,5".
func ParseParam(s string) (float64, error) {
	return strconv.ParseFloat(strings.Replace(strings.TrimSpace(s), ",", ".", 1), 64)
}

func number(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func init() {
	labels := map[string]string{}
	for _, t := range Techniques() {
		for _, p := range t.Params {
			key := "treatment[].params." + p.Key
			label := "Treatment %d: " + strings.ToLower(p.Label) + " (" + p.Unit + ")"
			if l, dup := labels[key]; dup && l != label {
				panic("store: setting " + p.Key + " means two things in the catalogue")
			}
			labels[key] = label
		}
	}
	addFieldLabels(labels)
}
