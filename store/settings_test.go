package store

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestDefaultClinicSettingsAreValid(t *testing.T) {
	cs := DefaultClinicSettings()
	valid(t, "default settings", cs.Validate())

	// The letterhead is empty until the clinic fills it in; the clinic
	// check alone insists on a name.
	if cs.Clinic.Name != "" {
		t.Errorf("default clinic name %q: the letterhead must come from the clinic", cs.Clinic.Name)
	}
	onlyFault(t, cs.Clinic.Validate(), FieldName, "enter the clinic's name")

	// They survive the trip through the file.
	b, err := json.Marshal(cs)
	if err != nil {
		t.Fatal(err)
	}
	var back ClinicSettings
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, cs) {
		t.Fatalf("round trip changed the settings:\n%+v\n%+v", back, cs)
	}
}

func TestDefaultsComeFromDomain(t *testing.T) {
	cs := DefaultClinicSettings()
	if !slices.Equal(cs.SwabSites, []int{2, 4, 6, 8, 10}) {
		t.Errorf("swab sites %v", cs.SwabSites)
	}
	if cs.DilatorProgression != (DilatorProgression{Sessions: 3, MaxPain: 3}) {
		t.Errorf("dilator progression %+v", cs.DilatorProgression)
	}
	if cs.AutoLockMinutes != 5 || cs.PaperSize != PaperA4 || cs.Safety.PostpartumInternalWeeks != 6 {
		t.Errorf("auto-lock %d, paper %q, postpartum weeks %d", cs.AutoLockMinutes, cs.PaperSize, cs.Safety.PostpartumInternalWeeks)
	}
	if cs.Retention != RetentionEngland() {
		t.Errorf("retention %+v", cs.Retention)
	}
	if len(cs.Dilators) != 6 || cs.Dilators[0].DiameterMM != 13 || cs.Dilators[5].DiameterMM != 38 {
		t.Errorf("dilators %+v", cs.Dilators)
	}
	for _, d := range cs.Dilators {
		if !strings.Contains(d.Label, "Example") {
			t.Errorf("dilator %q is not labelled as an example", d.Label)
		}
	}
	want := map[string]struct {
		layer string
		hours []int
	}{
		"Bulbospongiosus":                 {LayerSuperficial, []int{2, 10}},
		"Ischiocavernosus":                {LayerSuperficial, []int{1, 11}},
		"Superficial transverse perineal": {LayerSuperficial, []int{3, 9}},
		"Pubococcygeus":                   {LayerDeep, []int{1, 5, 7, 11}},
		"Iliococcygeus":                   {LayerDeep, []int{4, 8}},
		"Coccygeus":                       {LayerDeep, []int{5, 7}},
		"Obturator internus":              {LayerDeep, []int{2, 10}},
		"Piriformis":                      {LayerDeep, []int{1, 11}},
	}
	if len(cs.Muscles) != len(want) {
		t.Errorf("%d muscles", len(cs.Muscles))
	}
	for _, m := range cs.Muscles {
		w, ok := want[m.Name]
		if !ok || m.Layer != w.layer || !slices.Equal(m.Hours, w.hours) {
			t.Errorf("muscle %+v, want %+v", m, w)
		}
	}
	if len(cs.BodyChartSites) != 8 || cs.BodyChartSites[7] != "Pubic symphysis" {
		t.Errorf("body chart %v", cs.BodyChartSites)
	}
	if len(cs.MarinoffGrades) != 4 {
		t.Errorf("Marinoff grades %v", cs.MarinoffGrades)
	}
	for _, s := range []string{"GP", "111, option 2", "116 123", "999"} {
		if !strings.Contains(cs.CrisisText, s) {
			t.Errorf("crisis text lacks %q", s)
		}
	}
	// Each default is a fresh copy: editing one clinic's list leaves the next alone.
	cs.Muscles[0].Hours[0] = 12
	cs.SwabSites[0] = 1
	if again := DefaultClinicSettings(); again.Muscles[0].Hours[0] != 2 || again.SwabSites[0] != 2 {
		t.Error("defaults share lists between calls")
	}
}

func TestClinicSettingsValidation(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(*ClinicSettings)
		field string
		want  string
	}{
		{"clinic email", func(c *ClinicSettings) { c.Clinic.Email = "nope" }, "clinic.email", "name@example.com"},
		{"clinic name without letters", func(c *ClinicSettings) { c.Clinic.Name = "42" }, "clinic.name", "at least one letter"},
		{"no dilators", func(c *ClinicSettings) { c.Dilators = nil }, "dilators", "at least one dilator"},
		{"too many dilators", func(c *ClinicSettings) {
			for i := 0; i < 15; i++ {
				c.Dilators = append(c.Dilators, DilatorSize{Label: "Extra " + string(rune('A'+i)), DiameterMM: 39 + float64(i)})
			}
		}, "dilators", "at most 20"},
		{"dilator label empty", func(c *ClinicSettings) { c.Dilators[2].Label = " " }, "dilators[2].label", "give this size a label"},
		{"dilator label repeated", func(c *ClinicSettings) { c.Dilators[3].Label = "example 1 (13 MM)" }, "dilators[3].label", "used twice"},
		{"dilator label long", func(c *ClinicSettings) { c.Dilators[0].Label = strings.Repeat("x", 41) }, "dilators[0].label", "under 40"},
		{"dilator too narrow", func(c *ClinicSettings) { c.Dilators[0].DiameterMM = 4 }, "dilators[0].diameter_mm", "between 5 and 60"},
		{"dilator too wide", func(c *ClinicSettings) { c.Dilators[5].DiameterMM = 61 }, "dilators[5].diameter_mm", "between 5 and 60"},
		{"dilators out of order", func(c *ClinicSettings) { c.Dilators[2].DiameterMM = 18 }, "dilators[2].diameter_mm", "smallest to largest"},
		{"dilator length", func(c *ClinicSettings) { c.Dilators[1].LengthMM = 10 }, "dilators[1].length_mm", "between 20 and 300"},
		{"dilator material", func(c *ClinicSettings) { c.Dilators[1].Material = "silicone\x00" }, "dilators[1].material", "cannot be printed"},
		{"progression sessions", func(c *ClinicSettings) { c.DilatorProgression.Sessions = 0 }, "dilator_progression.sessions", "between 1 and 20"},
		{"progression pain", func(c *ClinicSettings) { c.DilatorProgression.MaxPain = 11 }, "dilator_progression.max_pain", "0 (none) to 10"},
		{"no swab sites", func(c *ClinicSettings) { c.SwabSites = nil }, "swab_sites", "at least one"},
		{"swab site 13", func(c *ClinicSettings) { c.SwabSites[4] = 13 }, "swab_sites[4]", "1 to 12"},
		{"swab site 0", func(c *ClinicSettings) { c.SwabSites[0] = 0 }, "swab_sites[0]", "1 to 12"},
		{"swab site twice", func(c *ClinicSettings) { c.SwabSites[1] = 2 }, "swab_sites[1]", "listed twice"},
		{"muscle unnamed", func(c *ClinicSettings) { c.Muscles[1].Name = "" }, "muscles[1].name", "enter the muscle's name"},
		{"muscle twice", func(c *ClinicSettings) { c.Muscles[2].Name = "PIRIFORMIS" }, "muscles[7].name", "already in the list"},
		{"muscle layer", func(c *ClinicSettings) { c.Muscles[0].Layer = "middle" }, "muscles[0].layer", "superficial or deep"},
		{"muscle hour", func(c *ClinicSettings) { c.Muscles[0].Hours = []int{2, 14} }, "muscles[0].hours", "1 to 12"},
		{"muscle hour twice", func(c *ClinicSettings) { c.Muscles[0].Hours = []int{2, 2} }, "muscles[0].hours", "2 o'clock is listed twice"},
		{"body site empty", func(c *ClinicSettings) { c.BodyChartSites[3] = "" }, "body_chart_sites[3]", "enter the site's name"},
		{"body site twice", func(c *ClinicSettings) { c.BodyChartSites[3] = "gluteals" }, "body_chart_sites[4]", "already in the list"},
		{"retention years", func(c *ClinicSettings) { c.Retention.AdultYears = 0 }, "retention.adult_years", "between 1 and 100"},
		{"retention adult age", func(c *ClinicSettings) { c.Retention.AdultAge = 25 }, "retention.adult_age", "between 16 and 21"},
		{"retention minors", func(c *ClinicSettings) { c.Retention.MinorUntilAge = 17 }, "retention.minor_until_age", "18th"},
		{"retention seventeen", func(c *ClinicSettings) { c.Retention.SeventeenUntilAge = 24 }, "retention.seventeen_until_age", "no earlier"},
		{"auto-lock 0", func(c *ClinicSettings) { c.AutoLockMinutes = 0 }, "auto_lock_minutes", "between 1 and 60"},
		{"auto-lock 61", func(c *ClinicSettings) { c.AutoLockMinutes = 61 }, "auto_lock_minutes", "between 1 and 60"},
		{"crisis text empty", func(c *ClinicSettings) { c.CrisisText = "" }, "crisis_text", "PHQ-9 item 9"},
		{"crisis text long", func(c *ClinicSettings) { c.CrisisText = strings.Repeat("x", 2001) }, "crisis_text", "under 2,000"},
		{"paper size", func(c *ClinicSettings) { c.PaperSize = "A5" }, "paper_size", "A4 or Letter"},
		{"postpartum weeks", func(c *ClinicSettings) { c.Safety.PostpartumInternalWeeks = 53 }, "safety.postpartum_internal_weeks", "52 weeks"},
		{"Marinoff grades", func(c *ClinicSettings) { c.MarinoffGrades = c.MarinoffGrades[:3] }, "marinoff_grades", "four grades"},
		{"Marinoff wording", func(c *ClinicSettings) { c.MarinoffGrades[2] = "" }, "marinoff_grades[2]", "describe this grade"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cs := DefaultClinicSettings()
			c.edit(&cs)
			onlyFault(t, cs.Validate(), c.field, c.want)
		})
	}
}

func TestClinicSettingsAcceptsEdges(t *testing.T) {
	cs := DefaultClinicSettings()
	cs.Clinic = Clinic{Name: "Harbourside"}
	cs.AutoLockMinutes = 60
	cs.SwabSites = []int{12, 1}
	cs.Dilators = []DilatorSize{{Label: "Small", DiameterMM: 5}, {Label: "Large", DiameterMM: 60, LengthMM: 300, Material: "silicone"}}
	cs.Muscles = nil
	cs.BodyChartSites = nil
	cs.Safety.PostpartumInternalWeeks = 0
	cs.Retention = RetentionAustraliaNSWVICACT()
	valid(t, "edge settings", cs.Validate())
}

func TestSettingsLookups(t *testing.T) {
	cs := DefaultClinicSettings()
	if d, ok := cs.Dilator(" example 3 (23 mm) "); !ok || d.DiameterMM != 23 {
		t.Errorf("dilator lookup gave %+v %v", d, ok)
	}
	if _, ok := cs.Dilator("Size 9"); ok {
		t.Error("found a dilator the clinic does not own")
	}
	if m, ok := cs.Muscle("obturator INTERNUS"); !ok || m.Note != "side wall" {
		t.Errorf("muscle lookup gave %+v %v", m, ok)
	}
	var names []string
	for _, m := range cs.MusclesAt(1, LayerDeep) {
		names = append(names, m.Name)
	}
	if strings.Join(names, ",") != "Pubococcygeus,Piriformis" {
		t.Errorf("deep muscles at 1 o'clock: %v", names)
	}
	if got := cs.MusclesAt(2, LayerSuperficial); len(got) != 1 || got[0].Name != "Bulbospongiosus" {
		t.Errorf("superficial at 2 o'clock: %+v", got)
	}
}
