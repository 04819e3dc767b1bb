package store

import "fmt"

// DefaultClinicSettings are the settings a new record file starts with, taken
// from DOMAIN.md. The letterhead is left empty for the clinic to fill in.
func DefaultClinicSettings() ClinicSettings {
	return ClinicSettings{
		Dilators:           ExampleDilators(),
		DilatorProgression: DilatorProgression{Sessions: 3, MaxPain: 3},
		SwabSites:          []int{2, 4, 6, 8, 10},
		Muscles:            DefaultMuscles(),
		BodyChartSites:     DefaultBodyChartSites(),
		Retention:          RetentionEngland(),
		AutoLockMinutes:    5,
		CrisisText:         DefaultCrisisText,
		PaperSize:          PaperA4,
		Safety:             SafetySettings{PostpartumInternalWeeks: 6},
		MarinoffGrades:     DefaultMarinoffGrades(),
	}
}

// ExampleDilators is a generic set of six sizes from 13 to 38 mm across.
// No brand's size table was confirmed (DOMAIN §4), so every label says it is
// an example: the clinic replaces it with the set it owns.
func ExampleDilators() []DilatorSize {
	out := make([]DilatorSize, 6)
	for i := range out {
		mm := 13 + 5*i
		out[i] = DilatorSize{Label: fmt.Sprintf("Example %d (%d mm)", i+1, mm), DiameterMM: float64(mm)}
	}
	return out
}

// DefaultMuscles is the trigger-point pick-list of the consensus internal
// examination (Meister et al., AJOG 2018), DOMAIN §3. Clock positions use the
// pubic symphysis at 12 and the anus at 6.
func DefaultMuscles() []MuscleDefault {
	return []MuscleDefault{
		{Name: "Bulbospongiosus", Layer: LayerSuperficial, Hours: []int{2, 10}},
		{Name: "Ischiocavernosus", Layer: LayerSuperficial, Hours: []int{1, 11}},
		{Name: "Superficial transverse perineal", Layer: LayerSuperficial, Hours: []int{3, 9}},
		{Name: "Pubococcygeus", Layer: LayerDeep, Hours: []int{1, 5, 7, 11}, Note: "1 and 5 on one side, 7 and 11 on the other"},
		{Name: "Iliococcygeus", Layer: LayerDeep, Hours: []int{4, 8}},
		{Name: "Coccygeus", Layer: LayerDeep, Hours: []int{5, 7}},
		{Name: "Obturator internus", Layer: LayerDeep, Hours: []int{2, 10}, Note: "side wall"},
		{Name: "Piriformis", Layer: LayerDeep, Hours: []int{1, 11}, Note: "above the ischial spine"},
	}
}

// DefaultBodyChartSites is the external body chart of DOMAIN §3 (the list is
// unconfirmed, so the clinic may edit it).
func DefaultBodyChartSites() []string {
	return []string{
		"Adductors", "Piriformis", "Iliopsoas", "Abdominals", "Gluteals",
		"Quadratus lumborum", "Sacroiliac joints", "Pubic symphysis",
	}
}

// DefaultMarinoffGrades is the wording of Marinoff grades 0 to 3 (DOMAIN §2;
// the wording is unconfirmed, so the clinic may edit it).
func DefaultMarinoffGrades() []string {
	return []string{
		"No pain",
		"Discomfort that does not prevent intercourse",
		"Pain that sometimes or frequently prevents intercourse",
		"Pain that always prevents intercourse",
	}
}

// DefaultCrisisText is shown with the PHQ-9 item 9 alert until the clinic
// writes its own.
const DefaultCrisisText = `Assess suicide risk before the patient leaves.
Contact the patient's GP urgently, the same day.
NHS 111, option 2: urgent mental health help, any time.
Samaritans: 116 123, free, any time.
In an emergency, or if life is at risk now: 999.`
