package store

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func clinicalPatient() Patient {
	p := validPatient()
	p.Referral = Referral{
		ReferrerID: "r1",
		Date:       Date{2026, time.October, 2},
		Reason:     "Superficial dyspareunia for two years.\nTampons painful.",
		Diagnoses: []Diagnosis{
			{Text: "Dyspareunia", System: SystemSNOMED, Code: "71315007"},
			{Text: "Vaginismus", System: SystemICD10, Code: "N94.2"},
			{Text: "Sexual pain-penetration disorder", System: SystemICD11, Code: "HA20"},
			{Text: "Provoked vestibulodynia"},
		},
	}
	p.Flags = Flags{
		Pregnant: true, DueDate: Date{2027, time.April, 2},
		ActiveImplant: true, ImplantNote: "pacemaker",
		RecentSurgery: true, SurgeryDate: Date{2026, time.September, 1}, ProlapseRepair: true,
		PelvicRadiotherapy: true, RadiotherapyDate: Date{2025, time.March, 1},
		Malignancy: true, MalignancyNote: "cervical, treated 2025",
		Menopause: true,
	}
	p.Goals = []Goal{
		{ID: "g1", Text: "Use a tampon without pain", Status: GoalActive, Set: Date{2026, time.October, 9}},
		{ID: "g2", Text: "Have a smear test", Status: GoalPartlyAchieved, Set: Date{2026, time.October, 9}, Reviewed: today},
	}
	p.CopiesTo = []string{"r2", "r3"}
	return p
}

func TestClinicalPatientIsValid(t *testing.T) {
	valid(t, "clinical patient", clinicalPatient().Validate(today))
	p := clinicalPatient()
	p.Flags = Flags{Postpartum: true, BirthDate: today, Bleeding: true, SuspectedProlapse: true, Epilepsy: true, ActiveInfection: true}
	valid(t, "birth today", p.Validate(today))
	p.Flags = Flags{Pregnant: true, DueDate: today.AddDate(0, 10, 0)}
	valid(t, "due in exactly 10 months", p.Validate(today))
	p.Flags = Flags{Pregnant: true, DueDate: today}
	valid(t, "due today", p.Validate(today))
	p.Flags = Flags{Postpartum: true, BirthDate: today.AddDate(-2, 0, 0)}
	valid(t, "birth exactly 2 years ago", p.Validate(today))
	p.Flags = Flags{Pregnant: true, RecentSurgery: true, PelvicRadiotherapy: true, Postpartum: true}
	valid(t, "flags without dates", p.Validate(today))
}

func TestClinicalPatientValidation(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(*Patient)
		field string
		want  string
	}{
		{"referrer ID with spaces", func(p *Patient) { p.Referral.ReferrerID = "not an id" }, "referral.referrer_id", "not a record ID"},
		{"referral in the future", func(p *Patient) { p.Referral.Date = today.AddDate(0, 0, 1) }, "referral.date", "still in the future"},
		{"referral before 1990", func(p *Patient) { p.Referral.Date = Date{1989, time.December, 31} }, "referral.date", "before 1990"},
		{"referral 31 June", func(p *Patient) { p.Referral.Date = Date{2026, time.June, 31} }, "referral.date", "does not exist"},
		{"referral reason long", func(p *Patient) { p.Referral.Reason = strings.Repeat("r", 2001) }, "referral.reason", "under 2,000"},
		{"too many diagnoses", func(p *Patient) {
			for len(p.Referral.Diagnoses) <= maxDiagnoses {
				p.Referral.Diagnoses = append(p.Referral.Diagnoses, Diagnosis{Text: "Vulvodynia"})
			}
		}, "referral.diagnoses", "20 diagnoses at most"},
		{"diagnosis code without words", func(p *Patient) { p.Referral.Diagnoses[0].Text = "" }, "referral.diagnoses[0].text", "in words"},
		{"unknown coding system", func(p *Patient) { p.Referral.Diagnoses[1].System = "Read v2" }, "referral.diagnoses[1].system", "SNOMED CT, ICD-10, ICD-11"},
		{"code without system", func(p *Patient) { p.Referral.Diagnoses[3].Code = "N94.1" }, "referral.diagnoses[3].system", "choose the coding system"},
		{"system without code", func(p *Patient) { p.Referral.Diagnoses[2].Code = "" }, "referral.diagnoses[2].code", "enter the ICD-11 code"},
		{"SNOMED check digit wrong", func(p *Patient) { p.Referral.Diagnoses[0].Code = "71315008" }, "referral.diagnoses[0].code", "check digit"},
		{"SNOMED too short", func(p *Patient) { p.Referral.Diagnoses[0].Code = "12345" }, "referral.diagnoses[0].code", "6 to 18 digits"},
		{"SNOMED letters", func(p *Patient) { p.Referral.Diagnoses[0].Code = "N94.1" }, "referral.diagnoses[0].code", "SNOMED CT code"},
		{"ICD-10 given an ICD-11 code", func(p *Patient) { p.Referral.Diagnoses[1].Code = "HA20" }, "referral.diagnoses[1].code", "N94.1"},
		{"ICD-11 given an ICD-10 code", func(p *Patient) { p.Referral.Diagnoses[2].Code = "N94.1" }, "referral.diagnoses[2].code", "HA20 or GA34.0"},
		{"due date without pregnancy", func(p *Patient) { p.Flags.Pregnant = false }, "flags.due_date", "only while the patient is pregnant"},
		{"due date passed", func(p *Patient) { p.Flags.DueDate = today.AddDate(0, 0, -1) }, "flags.due_date", "has passed"},
		{"due date too far", func(p *Patient) { p.Flags.DueDate = today.AddDate(0, 10, 1) }, "flags.due_date", "10 months"},
		{"due date 30 February", func(p *Patient) { p.Flags.DueDate = Date{2027, time.February, 30} }, "flags.due_date", "does not exist"},
		{"birth date without postpartum", func(p *Patient) { p.Flags.BirthDate = Date{2026, time.August, 1} }, "flags.birth_date", "tick postpartum"},
		{"birth in the future", func(p *Patient) { p.Flags.Postpartum, p.Flags.BirthDate = true, today.AddDate(0, 0, 1) }, "flags.birth_date", "still in the future"},
		{"birth over 2 years ago", func(p *Patient) { p.Flags.Postpartum, p.Flags.BirthDate = true, today.AddDate(-2, 0, -1) }, "flags.birth_date", "up to 2 years"},
		{"implant note without implant", func(p *Patient) { p.Flags.ActiveImplant = false }, "flags.implant_note", "tick active implant"},
		{"implant note long", func(p *Patient) { p.Flags.ImplantNote = strings.Repeat("i", 201) }, "flags.implant_note", "under 200"},
		{"malignancy note without malignancy", func(p *Patient) { p.Flags.Malignancy = false }, "flags.malignancy_note", "tick malignancy"},
		{"surgery date without surgery", func(p *Patient) { p.Flags.RecentSurgery, p.Flags.ProlapseRepair = false, false }, "flags.surgery_date", "tick recent surgery"},
		{"surgery in the future", func(p *Patient) { p.Flags.SurgeryDate = today.AddDate(0, 0, 3) }, "flags.surgery_date", "still in the future"},
		{"prolapse repair without surgery", func(p *Patient) { p.Flags.RecentSurgery, p.Flags.SurgeryDate = false, Date{} }, "flags.prolapse_repair", "tick recent surgery too"},
		{"radiotherapy date without radiotherapy", func(p *Patient) { p.Flags.PelvicRadiotherapy = false }, "flags.radiotherapy_date", "tick it or clear"},
		{"radiotherapy in the future", func(p *Patient) { p.Flags.RadiotherapyDate = today.AddDate(0, 1, 0) }, "flags.radiotherapy_date", "still in the future"},
		{"goal without words", func(p *Patient) { p.Goals[1].Text = "  " }, "goals[1].text", "patient's own words"},
		{"goal too long", func(p *Patient) { p.Goals[0].Text = strings.Repeat("g", 501) }, "goals[0].text", "under 500"},
		{"goal status unknown", func(p *Patient) { p.Goals[0].Status = "partly achieved" }, "goals[0].status", "partly achieved, achieved or dropped"},
		{"goal without date set", func(p *Patient) { p.Goals[0].Set = Date{} }, "goals[0].set", "date the goal was set"},
		{"goal set in the future", func(p *Patient) { p.Goals[0].Set = today.AddDate(0, 0, 1) }, "goals[0].set", "still in the future"},
		{"goal reviewed before set", func(p *Patient) { p.Goals[1].Reviewed = Date{2026, time.October, 8} }, "goals[1].reviewed", "on or after the day it was set"},
		{"goal reviewed in the future", func(p *Patient) { p.Goals[1].Reviewed = today.AddDate(0, 0, 1) }, "goals[1].reviewed", "still in the future"},
		{"goal IDs repeated", func(p *Patient) { p.Goals[1].ID = "g1" }, "goals[1].id", "share one ID"},
		{"too many goals", func(p *Patient) {
			for len(p.Goals) <= maxGoals {
				p.Goals = append(p.Goals, Goal{Text: "Ride a bike", Status: GoalActive, Set: today})
			}
		}, "goals", "20 goals at most"},
		{"copy to nobody", func(p *Patient) { p.CopiesTo[1] = "" }, "copies_to[1]", "choose who receives the copy"},
		{"copy twice", func(p *Patient) { p.CopiesTo[1] = "r2" }, "copies_to[1]", "already receives a copy"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := clinicalPatient()
			c.edit(&p)
			onlyFault(t, p.Normalise().Validate(today), c.field, c.want)
		})
	}
}

func TestClinicalNormaliseLeavesTheCallerAlone(t *testing.T) {
	p := clinicalPatient()
	p.Goals[0].Text = "  Use a tampon  \r\n without pain "
	p.Referral.Diagnoses[1].Code = " n94.2 "
	p.Referral.Diagnoses[0].Code = "713 150 07"
	p.CopiesTo[0] = " r2 "
	n := p.Normalise()
	if n.Goals[0].Text != "Use a tampon  \n without pain" || n.Referral.Diagnoses[1].Code != "N94.2" ||
		n.Referral.Diagnoses[0].Code != "71315007" || n.CopiesTo[0] != "r2" {
		t.Fatalf("normalised %+v", n)
	}
	if p.Goals[0].Text != "  Use a tampon  \r\n without pain " || p.Referral.Diagnoses[1].Code != " n94.2 " || p.CopiesTo[0] != " r2 " {
		t.Fatal("Normalise changed the caller's lists")
	}
	valid(t, "normalised", n.Validate(today))
}

func TestPatientEqualAndJSON(t *testing.T) {
	p := clinicalPatient()
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var back Patient
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !back.Equal(p) {
		t.Fatalf("round trip:\n%+v\n%+v", back, p)
	}
	q := p
	q.Goals = append([]Goal(nil), p.Goals...)
	q.Goals[1].Status = GoalAchieved
	if q.Equal(p) {
		t.Fatal("a changed goal counts as equal")
	}
	q = p
	q.Flags.Epilepsy = true
	if q.Equal(p) {
		t.Fatal("a changed flag counts as equal")
	}
	// A patient with no clinical data writes none of it.
	b, _ = json.Marshal(validPatient())
	for _, key := range []string{"referral", "flags", "goals", "copies_to"} {
		if strings.Contains(string(b), `"`+key+`"`) {
			t.Errorf("an empty %s was written: %s", key, b)
		}
	}
	empty := validPatient()
	empty.Goals, empty.CopiesTo = []Goal{}, []string{}
	if !empty.Equal(validPatient()) {
		t.Error("an empty list and no list differ")
	}
}

func TestCodeShapes(t *testing.T) {
	good := map[string][]string{
		SystemSNOMED: {"71315007", "238968009", "30833006", "404684003", "900000000000207008"},
		SystemICD10:  {"N94.1", "N94.2", "N94", "N94.10", "C4A.0", "S72.001A"},
		SystemICD11:  {"HA20", "GA34.0", "1A00", "8A80.1", "GA34.02"},
	}
	bad := map[string][]string{
		SystemSNOMED: {"71315006", "071315007", "7131501", "12345", "1234567890123456789", "7131500X"},
		SystemICD10:  {"N9", "94.1", "N94.", "N94.12345", "N94-1", "HA20"},
		SystemICD11:  {"N94.1", "HI20", "HO20", "H20", "GA34.", "GA34.000", "ga34"},
	}
	for sys, codes := range good {
		for _, c := range codes {
			if msg := codeProblem(sys, c); msg != "" {
				t.Errorf("%s %s refused: %s", sys, c, msg)
			}
		}
	}
	for sys, codes := range bad {
		for _, c := range codes {
			if codeProblem(sys, c) == "" {
				t.Errorf("%s %q accepted", sys, c)
			}
		}
	}
	// Every single-digit typing slip in a SNOMED code is caught by Verhoeff.
	code := []byte("238968009")
	for i := range code {
		orig := code[i]
		for d := byte('0'); d <= '9'; d++ {
			if d == orig {
				continue
			}
			code[i] = d
			if code[0] != '0' && snomedShape(string(code)) {
				t.Errorf("slip %s accepted", code)
			}
		}
		code[i] = orig
	}
	if NormaliseCode(SystemICD11, " ga34.0 ") != "GA34.0" || NormaliseCode(SystemSNOMED, " 7131 5007 ") != "71315007" {
		t.Error("NormaliseCode")
	}
}
