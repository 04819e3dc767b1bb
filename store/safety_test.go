package store

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// safetySession is a session seen at 09:30 on fixedNow's day with full
// consent and nothing charted yet.
func safetySession(techniques ...string) Session {
	s := Session{
		PatientID: "p1", PractitionerID: "pr1", Kind: SessionFollowUp,
		TreatedAt: fixedNow.Add(-time.Hour),
		Consent:   Consent{Recorded: true, Form: ConsentVerbal, Scope: ConsentScopes},
	}
	for _, id := range techniques {
		s.Treatment = append(s.Treatment, TreatmentItem{TechniqueID: id})
	}
	return s
}

func ruleIDs(ws []Warning) string {
	ids := make([]string, len(ws))
	for i, w := range ws {
		ids[i] = w.RuleID
	}
	return strings.Join(ids, " ")
}

// daysAgo is the date n days before the session's day.
func daysAgo(n int) Date { return today.AddDate(0, 0, -n) }

func TestSessionSafetyRules(t *testing.T) {
	cases := []struct {
		name    string
		flags   Flags
		session Session
		want    string // rule IDs in order; "" = silent
		says    string // part of the first warning's text
	}{
		// Pregnancy.
		{"pregnant, e-stim", Flags{Pregnant: true}, safetySession("electrical-stimulation"), "pregnancy/electrical-stimulation", "Electrical stimulation is not recommended in pregnancy"},
		{"pregnant, biofeedback", Flags{Pregnant: true}, safetySession("biofeedback"), "pregnancy/biofeedback", "Biofeedback"},
		{"pregnant, ultrasound", Flags{Pregnant: true}, safetySession("ultrasound"), "pregnancy/ultrasound", "Ultrasound"},
		{"pregnant, cold laser", Flags{Pregnant: true}, safetySession("cold-laser"), "pregnancy/cold-laser", "Cold laser"},
		{"pregnant, manual therapy and breathing", Flags{Pregnant: true}, safetySession("manual-internal", "breathing"), "", ""},
		{"not pregnant, e-stim", Flags{}, safetySession("electrical-stimulation", "ultrasound", "cold-laser", "biofeedback"), "", ""},

		// Active implant.
		{"implant, e-stim", Flags{ActiveImplant: true, ImplantNote: "pacemaker"}, safetySession("electrical-stimulation"), "implant/electrical-stimulation", "active implant (pacemaker)"},
		{"implant, ultrasound", Flags{ActiveImplant: true}, safetySession("ultrasound", "manual-internal"), "", ""},

		// Infection and bleeding.
		{"infection, internal manual therapy", Flags{ActiveInfection: true}, safetySession("manual-internal"), "infection/manual-internal", "active infection"},
		{"infection, e-stim", Flags{ActiveInfection: true}, safetySession("electrical-stimulation"), "infection/electrical-stimulation", "Electrical stimulation should wait"},
		{"infection, dilator", Flags{ActiveInfection: true}, withDilator(safetySession()), "infection/dilator", "Dilator should wait"},
		{"infection, internal examination", Flags{ActiveInfection: true}, withOxford(safetySession()), "infection/internal-examination", "Internal examination should wait"},
		{"infection, external work", Flags{ActiveInfection: true}, safetySession("manual-external", "breathing", "ultrasound"), "", ""},
		{"bleeding, trigger-point release", Flags{Bleeding: true}, safetySession("trigger-point-internal"), "bleeding/trigger-point-internal", "bleeding"},
		{"bleeding, education", Flags{Bleeding: true}, safetySession("education"), "", ""},

		// Surgery: 6 weeks, 12 after a prolapse repair; internal work in clinic.
		{"surgery 41 days ago", Flags{RecentSurgery: true, SurgeryDate: daysAgo(41)}, safetySession("manual-internal"), "surgery/manual-internal", "6 weeks after surgery"},
		{"surgery 42 days ago", Flags{RecentSurgery: true, SurgeryDate: daysAgo(42)}, safetySession("manual-internal"), "", ""},
		{"surgery today", Flags{RecentSurgery: true, SurgeryDate: today}, safetySession("manual-internal"), "surgery/manual-internal", "(on 21 Nov 2026)"},
		{"surgery, date unknown", Flags{RecentSurgery: true}, safetySession("manual-internal"), "surgery/manual-internal", "date is not recorded"},
		{"prolapse repair 83 days ago", Flags{RecentSurgery: true, ProlapseRepair: true, SurgeryDate: daysAgo(83)}, safetySession("manual-internal"), "surgery/manual-internal", "12 weeks after a prolapse repair"},
		{"prolapse repair 84 days ago", Flags{RecentSurgery: true, ProlapseRepair: true, SurgeryDate: daysAgo(84)}, safetySession("manual-internal"), "", ""},
		{"surgery 10 days ago, e-stim in clinic", Flags{RecentSurgery: true, SurgeryDate: daysAgo(10)}, safetySession("electrical-stimulation"), "", ""},
		{"surgery 10 days ago, no surgery flag", Flags{}, safetySession("manual-internal"), "", ""},
		{"surgery after the session was held", Flags{RecentSurgery: true, SurgeryDate: today},
			func() Session {
				s := safetySession("manual-internal")
				s.TreatedAt = fixedNow.AddDate(0, 0, -3)
				return s
			}(), "", ""},
		{"counted from the treatment day, not today", Flags{RecentSurgery: true, SurgeryDate: daysAgo(50)},
			func() Session {
				s := safetySession("manual-internal")
				s.TreatedAt = fixedNow.AddDate(0, 0, -10)
				return s
			}(), "surgery/manual-internal", "6 weeks"},
		{"no treatment time yet: counted from today", Flags{RecentSurgery: true, SurgeryDate: daysAgo(41)},
			func() Session { s := safetySession("manual-internal"); s.TreatedAt = time.Time{}; return s }(), "surgery/manual-internal", "6 weeks"},

		// Radiotherapy: 12 weeks for internal work, 6 months for e-stim.
		{"radiotherapy 83 days ago, internal", Flags{PelvicRadiotherapy: true, RadiotherapyDate: daysAgo(83)}, safetySession("manual-internal"), "radiotherapy/manual-internal", "12 weeks after pelvic radiotherapy (ended"},
		{"radiotherapy 84 days ago, internal", Flags{PelvicRadiotherapy: true, RadiotherapyDate: daysAgo(84)}, safetySession("manual-internal"), "", ""},
		{"radiotherapy 5 months ago, e-stim", Flags{PelvicRadiotherapy: true, RadiotherapyDate: today.AddDate(0, -5, 0)}, safetySession("electrical-stimulation"), "radiotherapy-stim/electrical-stimulation", "on irradiated tissue should wait until 6 months"},
		{"radiotherapy 6 months ago, e-stim", Flags{PelvicRadiotherapy: true, RadiotherapyDate: today.AddDate(0, -6, 0)}, safetySession("electrical-stimulation", "manual-internal"), "", ""},
		{"radiotherapy 100 days ago, both", Flags{PelvicRadiotherapy: true, RadiotherapyDate: daysAgo(100)}, safetySession("electrical-stimulation", "manual-internal"), "radiotherapy-stim/electrical-stimulation", "6 months"},
		{"radiotherapy, date unknown", Flags{PelvicRadiotherapy: true}, safetySession("manual-internal", "electrical-stimulation"), "radiotherapy/manual-internal radiotherapy-stim/electrical-stimulation", "not recorded"},

		// Malignancy.
		{"malignancy, ultrasound", Flags{Malignancy: true, MalignancyNote: "vulval"}, safetySession("ultrasound"), "malignancy/ultrasound", "over a known malignancy (vulval)"},
		{"malignancy, laser and e-stim", Flags{Malignancy: true}, safetySession("cold-laser", "electrical-stimulation"), "malignancy/cold-laser malignancy/electrical-stimulation", "Cold laser must not be used"},
		{"malignancy, manual therapy", Flags{Malignancy: true}, safetySession("manual-internal", "biofeedback"), "", ""},

		// Epilepsy.
		{"epilepsy, laser", Flags{Epilepsy: true}, safetySession("cold-laser"), "epilepsy/cold-laser", "pulsed"},
		{"epilepsy, e-stim", Flags{Epilepsy: true}, safetySession("electrical-stimulation"), "epilepsy/electrical-stimulation", "relative contraindication in epilepsy"},
		{"epilepsy, ultrasound", Flags{Epilepsy: true}, safetySession("ultrasound", "biofeedback"), "", ""},

		// Consent.
		{"no consent, internal manual therapy", Flags{}, noConsent(safetySession("manual-internal")), "consent/manual-internal", "needs consent recorded for this session"},
		{"no consent, trigger points charted", Flags{}, noConsent(withTriggerPoint(safetySession())), "consent/internal-examination", "Internal examination needs consent"},
		{"no consent, swab test charted", Flags{}, noConsent(withSwab(safetySession())), "consent/internal-examination", "consent"},
		{"no consent, PERFECT charted", Flags{}, noConsent(withPERFECT(safetySession())), "consent/internal-examination", "consent"},
		{"no consent, external work only", Flags{}, noConsent(withBodyChart(safetySession("manual-external", "breathing", "education"))), "", ""},
		{"consent withdrawn, dilator", Flags{}, withdrawn(withDilator(safetySession())), "consent/dilator", "consent was withdrawn in this session"},
		{"consent external only, internal work", Flags{}, scoped(safetySession("manual-internal"), ScopeExternal), "consent/manual-internal", "does not cover vaginal or rectal work"},
		{"consent rectal, internal work", Flags{}, scoped(safetySession("trigger-point-internal"), ScopeRectal), "", ""},
		{"consent vaginal, dilator used", Flags{}, scoped(withDilator(safetySession()), ScopeVaginal), "consent/dilator", "does not cover dilator work"},
		{"consent vaginal, e-stim", Flags{}, scoped(safetySession("electrical-stimulation"), ScopeVaginal), "consent/electrical-stimulation", "electrical stimulation work"},
		{"full consent", Flags{}, withPERFECT(withDilator(safetySession("manual-internal", "electrical-stimulation"))), "", ""},

		// Overactive pelvic floor.
		{"overactive, strengthening", Flags{}, withTone(safetySession("strengthening"), ToneOveractive), "overactive-tone/strengthening", "down-train it first"},
		{"normal tone, strengthening", Flags{}, withTone(safetySession("strengthening"), ToneNormal), "", ""},
		{"overactive, down-training", Flags{}, withTone(safetySession("down-training", "relaxation"), ToneOveractive), "", ""},

		// Postpartum, 6 weeks by default.
		{"birth 41 days ago, internal", Flags{Postpartum: true, BirthDate: daysAgo(41)}, safetySession("manual-internal"), "postpartum/manual-internal", "6 weeks after the birth"},
		{"birth 42 days ago, internal", Flags{Postpartum: true, BirthDate: daysAgo(42)}, safetySession("manual-internal"), "", ""},
		{"birth date unknown, internal", Flags{Postpartum: true}, safetySession("manual-internal"), "postpartum/manual-internal", "not recorded"},
		{"birth 10 days ago, external", Flags{Postpartum: true, BirthDate: daysAgo(10)}, safetySession("manual-external", "breathing"), "", ""},

		// Several at once, in the order of the rules; one warning per technique.
		{"pregnant with an implant, e-stim twice", Flags{Pregnant: true, ActiveImplant: true}, safetySession("electrical-stimulation", "electrical-stimulation"),
			"pregnancy/electrical-stimulation implant/electrical-stimulation", "pregnancy"},
		{"dilator charted twice", Flags{ActiveInfection: true}, withDilator(safetySession("dilator")), "infection/dilator", "Dilator"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := validPatient()
			p.Flags = c.flags
			ws := SessionWarnings(p, c.session, today)
			expectWarnings(t, ws, c.want, c.says)
		})
	}
}

// expectWarnings checks the rule IDs of ws, in order, that the first text
// says says, and that each text is one sentence.
func expectWarnings(t *testing.T, ws []Warning, want, says string) {
	t.Helper()
	if got := ruleIDs(ws); got != want {
		t.Fatalf("warnings %q, want %q (%v)", got, want, ws)
	}
	if want != "" && !strings.Contains(ws[0].Text, says) {
		t.Errorf("text %q does not say %q", ws[0].Text, says)
	}
	for _, w := range ws {
		if !strings.HasSuffix(w.Text, ".") || strings.Count(w.Text, ". ") > 0 || w.Text[0] < 'A' || w.Text[0] > 'Z' {
			t.Errorf("warning %q is not one sentence", w.Text)
		}
	}
}

func withDilator(s Session) Session {
	s.Dilator = &DilatorUse{SizeLabel: "Example 1 (13 mm)", Pain: 2}
	return s
}

func withOxford(s Session) Session { s.Examination.OxfordLeft = ptr(3); return s }

func withPERFECT(s Session) Session {
	s.Examination.PERFECT = &Perfect{Power: 3, Endurance: 5, Repetitions: 5, Fast: 5}
	return s
}

func withTriggerPoint(s Session) Session {
	s.Examination.TriggerPoints = []TriggerPoint{{Hour: 4, Layer: LayerDeep, Side: SideLeft, NRS: 5}}
	return s
}

func withSwab(s Session) Session { s.Examination.Swab = []SwabSite{{Hour: 6, NRS: 7}}; return s }

func withBodyChart(s Session) Session {
	s.Examination.BodyChart = []BodySite{{Site: "Adductors", Side: SideLeft, NRS: 4}}
	s.Examination.Tone = ToneOveractive
	return s
}

func withTone(s Session, tone Tone) Session { s.Examination.Tone = tone; return s }

func noConsent(s Session) Session { s.Consent = Consent{}; return s }

func withdrawn(s Session) Session {
	s.Consent.Withdrawn, s.Consent.WithdrawnAt = true, s.TreatedAt.Add(10*time.Minute)
	return s
}

func scoped(s Session, scopes ...ConsentScope) Session { s.Consent.Scope = scopes; return s }

func TestRulesFollowTagsNotNames(t *testing.T) {
	// A clinic technique called "Happy baby stretch" with no tags draws no
	// warning; one with the prolapse-caution tag does, whatever its name.
	cat := techniqueIndex(append(Techniques(),
		Technique{ID: "harmless", Name: "Happy baby stretch"},
		Technique{ID: "pose-x", Name: "Pose X", Tags: []string{TagProlapseCaution}},
		Technique{ID: "new-probe", Name: "New probe", Tags: []string{TagInternal, TagElectrical}, Consent: internalScopes},
	))
	p := validPatient()
	p.Flags = Flags{SuspectedProlapse: true, Pregnant: true}
	got := defaultSafety.sessionWarnings(p, safetySession("harmless", "pose-x", "new-probe"), today, cat)
	if ids := ruleIDs(got); ids != "pregnancy/new-probe prolapse/pose-x" {
		t.Fatalf("warnings %q", ids)
	}
	if got[1].Text != "Pose X is not advised with a suspected prolapse." {
		t.Errorf("text %q", got[1].Text)
	}
	p.Flags.SuspectedProlapse = false
	if ids := ruleIDs(defaultSafety.sessionWarnings(p, safetySession("pose-x"), today, cat)); ids != "" {
		t.Errorf("without suspected prolapse: %q", ids)
	}
	// An unknown technique ID is skipped, not guessed at.
	if ids := ruleIDs(SessionWarnings(p, safetySession("cupping"), today)); ids != "" {
		t.Errorf("unknown technique warned: %q", ids)
	}
}

func TestPostpartumWeeksAreTheClinics(t *testing.T) {
	p := validPatient()
	p.Flags = Flags{Postpartum: true, BirthDate: daysAgo(60)}
	s := safetySession("manual-internal")
	if ids := ruleIDs(SessionWarnings(p, s, today)); ids != "" {
		t.Fatalf("60 days with the default 6 weeks: %q", ids)
	}
	if ids := ruleIDs(SafetySettings{PostpartumInternalWeeks: 12}.SessionWarnings(p, s, today)); ids != "postpartum/manual-internal" {
		t.Fatalf("60 days with 12 weeks: %q", ids)
	}
	p.Flags.BirthDate = daysAgo(1)
	if ids := ruleIDs(SafetySettings{}.SessionWarnings(p, s, today)); ids != "" {
		t.Fatalf("rule turned off: %q", ids)
	}
}

func homeProgramme(items ...ProgrammeItem) Programme {
	return Programme{PatientID: "p1", Version: 1, Language: LanguageEnglish, Items: items}
}

var (
	happyBaby    = ProgrammeItem{ExerciseID: "happy-baby", Title: "Happy baby", Tags: []string{TagProlapseCaution, "stretch"}}
	homeEStim    = ProgrammeItem{ExerciseID: "home-estim", Title: "Home e-stim", Tags: []string{TagElectrical}}
	homeBio      = ProgrammeItem{ExerciseID: "portable-biofeedback", Title: "Portable biofeedback", Tags: []string{TagBiofeedback}}
	dilatorWork  = ProgrammeItem{ExerciseID: "dilator-practice", Title: "Dilator practice", Tags: []string{TagInternal}}
	kegels       = ProgrammeItem{ExerciseID: "pf-strengthening", Title: "Pelvic-floor strengthening", Tags: []string{TagStrengthening}}
	breathing360 = ProgrammeItem{ExerciseID: "breathing-360", Title: "360° breathing", Tags: []string{"breathing"}}
)

func TestProgrammeSafetyRules(t *testing.T) {
	cases := []struct {
		name   string
		flags  Flags
		prog   Programme
		latest []Examination
		want   string
		says   string
	}{
		{"suspected prolapse, happy baby", Flags{SuspectedProlapse: true}, homeProgramme(breathing360, happyBaby), nil, "prolapse/happy-baby", "Happy baby is not advised with a suspected prolapse."},
		{"no prolapse, happy baby", Flags{}, homeProgramme(happyBaby), nil, "", ""},
		{"pregnant, home units", Flags{Pregnant: true}, homeProgramme(homeEStim, homeBio, breathing360), nil, "pregnancy/home-estim pregnancy/portable-biofeedback", "Home e-stim is not recommended in pregnancy."},
		{"implant, home e-stim", Flags{ActiveImplant: true}, homeProgramme(homeEStim, homeBio), nil, "implant/home-estim", "active implant"},
		{"infection, dilator practice", Flags{ActiveInfection: true}, homeProgramme(dilatorWork), nil, "infection/dilator-practice", "active infection"},
		{"bleeding, home e-stim", Flags{Bleeding: true}, homeProgramme(homeEStim), nil, "bleeding/home-estim", "bleeding"},
		{"surgery 3 weeks ago, home e-stim and dilator", Flags{RecentSurgery: true, SurgeryDate: daysAgo(21)}, homeProgramme(homeEStim, dilatorWork), nil,
			"surgery/home-estim surgery/dilator-practice", "Home e-stim should wait until 6 weeks after surgery"},
		{"surgery 7 weeks ago", Flags{RecentSurgery: true, SurgeryDate: daysAgo(49)}, homeProgramme(homeEStim, dilatorWork), nil, "", ""},
		{"radiotherapy 4 months ago", Flags{PelvicRadiotherapy: true, RadiotherapyDate: today.AddDate(0, -4, 0)}, homeProgramme(homeEStim, dilatorWork), nil,
			"radiotherapy-stim/home-estim", "6 months"},
		{"malignancy, home e-stim", Flags{Malignancy: true}, homeProgramme(homeEStim, breathing360), nil, "malignancy/home-estim", "malignancy"},
		{"epilepsy, home e-stim", Flags{Epilepsy: true}, homeProgramme(homeEStim), nil, "epilepsy/home-estim", "epilepsy"},
		{"postpartum 2 weeks, dilator practice", Flags{Postpartum: true, BirthDate: daysAgo(14)}, homeProgramme(dilatorWork), nil, "postpartum/dilator-practice", "after the birth"},
		{"overactive at the last examination, strengthening", Flags{}, homeProgramme(kegels), []Examination{{Tone: ToneOveractive}}, "overactive-tone/pf-strengthening", "down-train it first"},
		{"normal at the last examination, strengthening", Flags{}, homeProgramme(kegels), []Examination{{Tone: ToneNormal}}, "", ""},
		{"no examination yet, strengthening", Flags{}, homeProgramme(kegels), nil, "", ""},
		{"home programmes need no consent", Flags{}, homeProgramme(dilatorWork, homeEStim), nil, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := validPatient()
			p.Flags = c.flags
			ws := ProgrammeWarnings(p, c.prog, today, c.latest...)
			expectWarnings(t, ws, c.want, c.says)
		})
	}
}

func TestMeasureWarnings(t *testing.T) {
	phq := func(item9 *int) MeasureResponse {
		items := answers(0, 0, 0, 0, 0, 0, 0, 0, 0)
		items[8] = item9
		return MeasureResponse{Instrument: InstrumentPHQ9, Items: items}
	}
	if ws := MeasureWarnings(phq(ptr(1))); len(ws) != 1 || ws[0].RuleID != RulePHQ9Item9 || !strings.Contains(ws[0].Text, "suicide risk") {
		t.Fatalf("item 9 at 1: %v", ws)
	}
	for name, m := range map[string]MeasureResponse{
		"item 9 at 0":        phq(ptr(0)),
		"item 9 unanswered":  phq(nil),
		"GAD-7 last item 3":  {Instrument: InstrumentGAD7, Items: repeat(7, 3)},
		"PHQ-9 wrong length": {Instrument: InstrumentPHQ9, Items: repeat(8, 3)},
	} {
		if ws := MeasureWarnings(m); ws != nil {
			t.Errorf("%s: %v", name, ws)
		}
	}
}

func TestUnacknowledged(t *testing.T) {
	ws := []Warning{{RuleID: "a", Text: "A."}, {RuleID: "b", Text: "B."}}
	got := Unacknowledged(ws, []AcknowledgedWarning{{RuleID: "b"}, {RuleID: "z"}})
	if ruleIDs(got) != "a" {
		t.Fatalf("unacknowledged %v", got)
	}
	if Unacknowledged(ws, []AcknowledgedWarning{{RuleID: "a"}, {RuleID: "b"}}) != nil {
		t.Fatal("all acknowledged, still open")
	}
}

func TestCatalogueTagsAreSafetyTags(t *testing.T) {
	ids := map[string]bool{}
	for _, tech := range Techniques() {
		if ids[tech.ID] || !slugShape.MatchString(tech.ID) || tech.Name == "" {
			t.Errorf("technique %+v: ID repeated or badly shaped, or no name", tech)
		}
		ids[tech.ID] = true
		for _, tag := range tech.Tags {
			if !slices.Contains(SafetyTags, tag) {
				t.Errorf("%s has tag %q that no rule reads", tech.ID, tag)
			}
		}
		if tech.HasTag(TagInternal) && len(tech.Consent) == 0 {
			t.Errorf("internal technique %s needs no consent scope", tech.ID)
		}
	}
	for _, id := range []string{"manual-external", "manual-internal", "trigger-point-internal", "myofascial-release",
		"down-training", "breathing", "relaxation", "graded-exposure", "strengthening", "biofeedback", TechniqueDilator,
		TechniqueElectricalStimulation, "ultrasound", "cold-laser", "education", "partner-involvement"} {
		if !ids[id] {
			t.Errorf("catalogue lacks %s", id)
		}
	}
	estim, _ := TechniqueByID(TechniqueElectricalStimulation)
	if len(estim.Params) != 3 || estim.Params[0].Describe() != "frequency is 1 to 200 Hz" {
		t.Errorf("e-stim settings %+v", estim.Params)
	}
	if x, err := ParseParam(" 12,5 "); err != nil || x != 12.5 {
		t.Errorf("ParseParam: %v %v", x, err)
	}
}
