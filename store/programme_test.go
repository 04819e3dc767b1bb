package store

import (
	"strings"
	"testing"
	"time"
)

func validProgramme() Programme {
	return Programme{
		ID: "prog1", PatientID: "p1", Version: 2, Issued: fixedNow.Add(-time.Minute), IssuedBy: "pr1", Language: LanguageEnglish,
		Items: []ProgrammeItem{
			{
				ExerciseID: "diaphragmatic-breathing", Title: "360° breathing",
				Steps:        []string{"Lie on your back, knees bent.", "Breathe in: let the pelvic floor lengthen."},
				Precautions:  []string{"Never bear down."},
				Illustration: "breathing-360", Tags: []string{"breathing", "down-training"},
				Dose: Dose{Breaths: 10, TimesPerDay: 2},
			},
			{
				ExerciseID: "happy-baby", Title: "Happy baby", Tags: []string{TagProlapseCaution, "stretch"},
				Dose: Dose{HoldSeconds: 60, Sets: 2, TimesPerWeek: 5},
				Note: "Only if comfortable.",
			},
		},
		FlareUpPlan: "Heat, breathing, rest from dilator work for two days.",
		Warnings:    []AcknowledgedWarning{{RuleID: "prolapse/happy-baby", Text: "Happy baby is not advised with a suspected prolapse.", By: "pr1", At: fixedNow.Add(-time.Minute)}},
	}
}

func TestValidProgrammePasses(t *testing.T) {
	valid(t, "programme", validProgramme().Validate(fixedNow))
	p := validProgramme()
	p.Issued, p.IssuedBy, p.Warnings, p.FlareUpPlan, p.Language = time.Time{}, "", nil, "", LanguageSpanish
	p.Items[0].Dose = Dose{Repetitions: 10, HoldSeconds: 5, Sets: 3, TimesPerDay: 2, TimesPerWeek: 7}
	valid(t, "unissued draft in Spanish", p.Validate(fixedNow))
}

func TestProgrammeValidation(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(*Programme)
		field string
		want  string
	}{
		{"no patient", func(p *Programme) { p.PatientID = "" }, "patient_id", "choose the patient"},
		{"version 0", func(p *Programme) { p.Version = 0 }, "version", "numbered from 1"},
		{"issued in the future", func(p *Programme) { p.Issued = fixedNow.Add(time.Hour) }, "issued", "still in the future"},
		{"issued by a bad ID", func(p *Programme) { p.IssuedBy = "Dr Who" }, "issued_by", "not a record ID"},
		{"language unknown", func(p *Programme) { p.Language = "fr" }, "language", "English or Spanish"},
		{"no items", func(p *Programme) { p.Items = nil }, "items", "at least one exercise"},
		{"too many items", func(p *Programme) {
			for len(p.Items) <= maxProgrammeItems {
				p.Items = append(p.Items, p.Items[0])
			}
		}, "items", "30 exercises at most"},
		{"no exercise ID", func(p *Programme) { p.Items[1].ExerciseID = "" }, "items[1].exercise_id", "from the library"},
		{"no title", func(p *Programme) { p.Items[0].Title = "" }, "items[0].title", "give the exercise a title"},
		{"empty step", func(p *Programme) { p.Items[0].Steps[1] = " " }, "items[0].steps[1]", "write the line or remove it"},
		{"step too long", func(p *Programme) { p.Items[0].Steps[0] = strings.Repeat("s", 1001) }, "items[0].steps[0]", "under 1,000"},
		{"too many steps", func(p *Programme) {
			for len(p.Items[0].Steps) <= maxSteps {
				p.Items[0].Steps = append(p.Items[0].Steps, "Again.")
			}
		}, "items[0].steps", "20 lines at most"},
		{"precaution control", func(p *Programme) { p.Items[0].Precautions[0] = "Stop\x07" }, "items[0].precautions[0]", "cannot be printed"},
		{"illustration ID", func(p *Programme) { p.Items[0].Illustration = "Breathing 360.svg" }, "items[0].illustration", "child-pose"},
		{"tag shape", func(p *Programme) { p.Items[1].Tags[1] = "Prolapse Caution" }, "items[1].tags[1]", "prolapse-caution"},
		{"no frequency", func(p *Programme) { p.Items[0].Dose.TimesPerDay = 0 }, "items[0].dose", "how often"},
		{"breaths negative", func(p *Programme) { p.Items[0].Dose.Breaths = -1 }, "items[0].dose.breaths", "up to 100"},
		{"repetitions 101", func(p *Programme) { p.Items[0].Dose.Repetitions = 101 }, "items[0].dose.repetitions", "up to 100"},
		{"hold 601 s", func(p *Programme) { p.Items[1].Dose.HoldSeconds = 601 }, "items[1].dose.hold_seconds", "600 seconds"},
		{"sets 21", func(p *Programme) { p.Items[1].Dose.Sets = 21 }, "items[1].dose.sets", "up to 20"},
		{"minutes 121", func(p *Programme) { p.Items[1].Dose.Minutes = 121 }, "items[1].dose.minutes", "up to 120"},
		{"13 times a day", func(p *Programme) { p.Items[0].Dose.TimesPerDay = 13 }, "items[0].dose.times_per_day", "up to 12"},
		{"22 times a week", func(p *Programme) { p.Items[1].Dose.TimesPerWeek = 22 }, "items[1].dose.times_per_week", "up to 21"},
		{"8 days a week", func(p *Programme) { p.Items[0].Dose.TimesPerWeek = 8 }, "items[0].dose.times_per_week", "at most 7"},
		{"note long", func(p *Programme) { p.Items[1].Note = strings.Repeat("n", 2001) }, "items[1].note", "under 2,000"},
		{"flare-up plan long", func(p *Programme) { p.FlareUpPlan = strings.Repeat("f", 5001) }, "flare_up_plan", "under 5,000"},
		{"warning without who", func(p *Programme) { p.Warnings[0].By = "" }, "warnings[0].by", "who acknowledged"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := validProgramme()
			c.edit(&p)
			onlyFault(t, p.Validate(fixedNow), c.field, c.want)
		})
	}
}

func TestProgrammeNormaliseCopies(t *testing.T) {
	p := validProgramme()
	p.Items[0].Steps[0] = "  Lie down.\r\n"
	p.Items[1].Title = " Happy   baby "
	n := p.Normalise()
	if n.Items[0].Steps[0] != "Lie down." || n.Items[1].Title != "Happy baby" {
		t.Fatalf("normalised %+v", n.Items)
	}
	if p.Items[0].Steps[0] != "  Lie down.\r\n" || p.Items[1].Title != " Happy   baby " {
		t.Fatal("Normalise changed the caller's programme")
	}
}
