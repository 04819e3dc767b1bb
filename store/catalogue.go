package store

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/pelvicnotes/pelvicnotes/assets"
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

// Techniques returns the treatment catalogue embedded in assets
// (techniques.json: seed 001 and DOMAIN §1), in the order a form offers it.
func Techniques() []Technique {
	out := make([]Technique, len(embeddedTechniques))
	copy(out, embeddedTechniques)
	return out
}

var embeddedTechniques = mustLoadTechniques(assets.Techniques)

// mustLoadTechniques reads the catalogue; a broken catalogue is a build
// defect, caught by the tests, never something a clinic can cause.
func mustLoadTechniques(raw []byte) []Technique {
	var ts []Technique
	if err := json.Unmarshal(raw, &ts); err != nil {
		panic("store: the technique catalogue cannot be read: " + err.Error())
	}
	seen := map[string]bool{}
	for _, t := range ts {
		if t.ID == "" || t.Name == "" || seen[t.ID] {
			panic("store: the technique catalogue has an empty or repeated entry: " + t.ID)
		}
		seen[t.ID] = true
		for _, tag := range t.Tags {
			if !slices.Contains(SafetyTags, tag) {
				panic("store: technique " + t.ID + " has an unknown safety tag " + tag)
			}
		}
	}
	return ts
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
