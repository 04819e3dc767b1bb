package store

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

// validSession is a full follow-up, seen an hour before fixedNow.
func validSession() Session {
	return Session{
		ID: "s1", PatientID: "p1", PractitionerID: "pr1", Kind: SessionFollowUp,
		TreatedAt: fixedNow.Add(-time.Hour),
		Consent: Consent{
			Recorded: true, Scope: []ConsentScope{ScopeExternal, ScopeVaginal, ScopeDilator, ScopeElectrical}, Form: ConsentVerbal,
			ChaperoneOffered: true, Chaperone: ChaperoneAccepted, ChaperoneName: "Priya Shah", ChaperoneRole: "Healthcare assistant",
		},
		Subjective: Subjective{
			PainNow: ptr(2), PainPenetration: ptr(6), Location: LocationEntry, Provoked: Provoked, Marinoff: ptr(2),
			Text: "Tampon insertion still painful,\n\tless than last week.",
		},
		Examination: Examination{
			Tone: ToneOveractive, ToneNote: "Slow to relax after contraction.",
			OxfordLeft: ptr(3), OxfordRight: ptr(2), PERFECT: &Perfect{Power: 3, Endurance: 6, Repetitions: 4, Fast: 3},
			TriggerPoints: []TriggerPoint{
				{Hour: 2, Layer: LayerSuperficial, Side: SideLeft, Muscle: "bulbospongiosus", NRS: 6, Referral: true},
				{Hour: 4, Layer: LayerDeep, Side: SideLeft, Muscle: "Iliococcygeus", NRS: 4, Note: "refers to the vestibule"},
				{Hour: 4, Layer: LayerDeep, Side: SideRight, NRS: 3},
			},
			Swab:      []SwabSite{{Hour: 2, NRS: 3}, {Hour: 6, NRS: 7}},
			BodyChart: []BodySite{{Site: "adductors", Side: SideBoth, NRS: 4}, {Site: "Pubic symphysis", NRS: 2}},
			Text:      "Guarding on entry.",
		},
		Treatment: []TreatmentItem{
			{TechniqueID: "manual-internal", Minutes: 15, Pain: ptr(3)},
			{TechniqueID: TechniqueElectricalStimulation, Minutes: 20, Params: map[string]string{"frequency_hz": "10", "pulse_width_us": "250", "intensity_ma": "12,5"}},
			{TechniqueID: "education"},
		},
		Dilator:    &DilatorUse{SizeLabel: "example 2 (18 mm)", Minutes: 10, Pain: 2},
		Assessment: "Improving; entry pain lower.",
		Plan:       "Continue down-training; dilator size 2 daily.",
		Warnings:   []AcknowledgedWarning{{RuleID: "consent/dilator", Text: "Dilator needs consent.", By: "pr1", At: fixedNow.Add(-time.Minute)}},
		Measures:   []string{"m1", "m2"},
	}
}

func TestValidSessionPasses(t *testing.T) {
	cs := DefaultClinicSettings()
	valid(t, "session", validSession().Validate(fixedNow, cs))
	valid(t, "empty follow-up", Session{PatientID: "p1", PractitionerID: "pr1", Kind: SessionReview, TreatedAt: fixedNow}.Validate(fixedNow, cs))

	edges := map[string]func(*Session){
		"seen 4 minutes ahead of the clock": func(s *Session) { s.TreatedAt = fixedNow.Add(4 * time.Minute) },
		"seen on 1 January 1990":            func(s *Session) { s.TreatedAt = time.Date(1990, 1, 1, 9, 0, 0, 0, time.UTC) },
		"chaperone declined, no name": func(s *Session) {
			s.Consent.Chaperone, s.Consent.ChaperoneName, s.Consent.ChaperoneRole = ChaperoneDeclined, "", ""
		},
		"no chaperone offered": func(s *Session) {
			s.Consent.ChaperoneOffered, s.Consent.Chaperone, s.Consent.ChaperoneName, s.Consent.ChaperoneRole = false, "", "", ""
		},
		"chaperone with no role": func(s *Session) { s.Consent.ChaperoneRole = "" },
		"chaperone a nurse":      func(s *Session) { s.Consent.ChaperoneRole = "Practice nurse" },
		"consent withdrawn later that day": func(s *Session) {
			s.Consent.Withdrawn, s.Consent.WithdrawnAt, s.Consent.WithdrawnNote = true, s.TreatedAt.Add(20*time.Minute), "Asked to stop."
		},
		"no consent and nothing internal": func(s *Session) { s.Consent = Consent{} },
		"amendment with a reason":         func(s *Session) { s.AmendsID, s.AmendReason = "s0", "Wrong side charted" },
		"signed":                          func(s *Session) { s.Status, s.SignedAt, s.SignedBy = StatusSigned, fixedNow, "pr1" },
		"draft":                           func(s *Session) { s.Status = StatusDraft },
		"pain and grades at their limits": func(s *Session) {
			s.Subjective.PainNow, s.Subjective.Marinoff, s.Examination.OxfordLeft = ptr(10), ptr(0), ptr(5)
		},
		"PERFECT at its limits": func(s *Session) { s.Examination.PERFECT = &Perfect{Power: 5, Endurance: 10, Repetitions: 10, Fast: 10} },
		"midline point": func(s *Session) {
			s.Examination.TriggerPoints[2].Side, s.Examination.TriggerPoints[2].Hour = SideMidline, 6
		},
		"same hour other layer": func(s *Session) {
			s.Examination.TriggerPoints[2].Side, s.Examination.TriggerPoints[2].Layer = SideLeft, LayerSuperficial
		},
		"e-stim without intensity": func(s *Session) { delete(s.Treatment[1].Params, "intensity_ma") },
		"treatment of 120 minutes": func(s *Session) { s.Treatment[0].Minutes = 120 },
		"no dilator":               func(s *Session) { s.Dilator = nil },
		"tone unable to assess":    func(s *Session) { s.Examination.Tone = ToneUnable },
		"long notes at the limit":  func(s *Session) { s.Plan = strings.Repeat("p", 20000) },
		"body site both sides and each side": func(s *Session) {
			s.Examination.BodyChart = append(s.Examination.BodyChart, BodySite{Site: "Adductors", Side: SideLeft})
		},
	}
	for name, edit := range edges {
		s := validSession()
		edit(&s)
		valid(t, name, s.Validate(fixedNow, cs))
	}
}

func TestSessionValidation(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(*Session)
		field string
		want  string
	}{
		// Who, what and when.
		{"no patient", func(s *Session) { s.PatientID = "" }, "patient_id", "choose the patient"},
		{"no practitioner", func(s *Session) { s.PractitionerID = "" }, "practitioner_id", "who saw the patient"},
		{"practitioner ID long", func(s *Session) { s.PractitionerID = strings.Repeat("x", 65) }, "practitioner_id", "not a record ID"},
		{"kind unknown", func(s *Session) { s.Kind = "phone call" }, "kind", "initial assessment, follow-up, review or discharge"},
		{"kind missing", func(s *Session) { s.Kind = "" }, "kind", "initial assessment"},
		{"not seen", func(s *Session) { s.TreatedAt = time.Time{} }, "treated_at", "enter when the patient was seen"},
		{"seen in the future", func(s *Session) { s.TreatedAt = fixedNow.Add(6 * time.Minute) }, "treated_at", "still in the future"},
		{"seen before 1990", func(s *Session) { s.TreatedAt = time.Date(1989, 12, 31, 23, 0, 0, 0, time.UTC) }, "treated_at", "before 1990"},
		{"status unknown", func(s *Session) { s.Status = "final" }, "status", "a draft or signed"},
		{"signed by nobody", func(s *Session) { s.Status, s.SignedAt = StatusSigned, fixedNow }, "signed_by", "who signed it"},
		{"amendment without reason", func(s *Session) { s.AmendsID = "s0" }, "amend_reason", "at least 5 characters"},
		{"amendment reason short", func(s *Session) { s.AmendsID, s.AmendReason = "s0", " typo " }, "amend_reason", "at least 5 characters"},
		{"amendment reason long", func(s *Session) { s.AmendsID, s.AmendReason = "s0", strings.Repeat("r", 2001) }, "amend_reason", "under 2,000"},
		{"amends itself", func(s *Session) { s.AmendsID, s.AmendReason = "s1", "Wrong side charted" }, "amends_id", "cannot amend itself"},
		{"reason without amendment", func(s *Session) { s.AmendReason = "Wrong side charted" }, "amend_reason", "only when amending"},

		// Consent and chaperone.
		{"consent without scope", func(s *Session) { s.Consent.Scope = nil }, "consent.scope", "choose what the consent covers"},
		{"scope without consent", func(s *Session) { s.Consent.Recorded, s.Consent.Form = false, "" }, "consent.scope", "tick consent recorded"},
		{"scope unknown", func(s *Session) { s.Consent.Scope[1] = "internal" }, "consent.scope[1]", "external, vaginal, rectal, dilator or electrical stimulation"},
		{"scope twice", func(s *Session) { s.Consent.Scope[2] = ScopeVaginal }, "consent.scope[2]", "already listed"},
		{"consent form missing", func(s *Session) { s.Consent.Form = "" }, "consent.form", "verbal or written"},
		{"consent form unknown", func(s *Session) { s.Consent.Form = "implied" }, "consent.form", "verbal or written"},
		{"form without consent", func(s *Session) { s.Consent.Recorded, s.Consent.Scope = false, nil }, "consent.form", "tick consent recorded"},
		{"chaperone offered, no answer", func(s *Session) { s.Consent.Chaperone, s.Consent.ChaperoneName, s.Consent.ChaperoneRole = "", "", "" }, "consent.chaperone", "accepted or declined"},
		{"chaperone answer unknown", func(s *Session) { s.Consent.Chaperone = "maybe" }, "consent.chaperone", "accepted or declined"},
		{"chaperone answered, never offered", func(s *Session) { s.Consent.ChaperoneOffered = false }, "consent.chaperone", "offered"},
		{"chaperone accepted, no name", func(s *Session) { s.Consent.ChaperoneName = "" }, "consent.chaperone_name", "enter the chaperone's name"},
		{"chaperone a family member", func(s *Session) { s.Consent.ChaperoneRole = "Family member" }, "consent.chaperone_role", "family members are not chaperones"},
		{"chaperone the patient's mother", func(s *Session) { s.Consent.ChaperoneRole = "patient's mother" }, "consent.chaperone_role", "family members are not chaperones"},
		{"chaperone the husband", func(s *Session) { s.Consent.ChaperoneRole = "Husband" }, "consent.chaperone_role", "family members are not chaperones"},
		{"chaperone role long", func(s *Session) { s.Consent.ChaperoneRole = strings.Repeat("n", 101) }, "consent.chaperone_role", "under 100"},
		{"declined chaperone has a name", func(s *Session) { s.Consent.Chaperone, s.Consent.ChaperoneRole = ChaperoneDeclined, "" }, "consent.chaperone_name", "only when the patient accepted"},
		{"declined chaperone has a role", func(s *Session) { s.Consent.Chaperone, s.Consent.ChaperoneName = ChaperoneDeclined, "" }, "consent.chaperone_role", "only when the patient accepted"},
		{"withdrawn without a time", func(s *Session) { s.Consent.Withdrawn = true }, "consent.withdrawn_at", "enter when consent was withdrawn"},
		{"withdrawn before seen", func(s *Session) { s.Consent.Withdrawn, s.Consent.WithdrawnAt = true, s.TreatedAt.Add(-time.Minute) }, "consent.withdrawn_at", "not before the patient was seen"},
		{"withdrawn next day", func(s *Session) {
			s.TreatedAt = fixedNow.Add(-24 * time.Hour)
			s.Consent.Withdrawn, s.Consent.WithdrawnAt = true, fixedNow.Add(-time.Hour)
		}, "consent.withdrawn_at", "on the day of the session"},
		{"withdrawn in the future", func(s *Session) {
			s.TreatedAt = fixedNow
			s.Consent.Withdrawn, s.Consent.WithdrawnAt = true, fixedNow.Add(time.Hour)
		}, "consent.withdrawn_at", "still in the future"},
		{"withdrawn, never recorded", func(s *Session) {
			s.Consent = Consent{Withdrawn: true, WithdrawnAt: s.TreatedAt.Add(time.Minute)}
		}, "consent.withdrawn", "only once it was recorded"},
		{"withdrawal time without withdrawal", func(s *Session) { s.Consent.WithdrawnAt = s.TreatedAt }, "consent.withdrawn_at", "tick consent withdrawn"},
		{"withdrawal note without withdrawal", func(s *Session) { s.Consent.WithdrawnNote = "Asked to stop" }, "consent.withdrawn_note", "tick consent withdrawn"},

		// Subjective.
		{"pain now 11", func(s *Session) { s.Subjective.PainNow = ptr(11) }, "subjective.pain_now", "0 (none) to 10 (worst imaginable)"},
		{"pain now -1", func(s *Session) { s.Subjective.PainNow = ptr(-1) }, "subjective.pain_now", "0 (none) to 10"},
		{"penetration pain 12", func(s *Session) { s.Subjective.PainPenetration = ptr(12) }, "subjective.pain_penetration", "0 (none) to 10"},
		{"location unknown", func(s *Session) { s.Subjective.Location = "outer" }, "subjective.location", "entry, deep or both"},
		{"provoked unknown", func(s *Session) { s.Subjective.Provoked = "sometimes" }, "subjective.provoked", "provoked, unprovoked or both"},
		{"Marinoff 4", func(s *Session) { s.Subjective.Marinoff = ptr(4) }, "subjective.marinoff", "0 (no pain) to 3"},
		{"subjective too long", func(s *Session) { s.Subjective.Text = strings.Repeat("s", 20001) }, "subjective.text", "under 20,000"},
		{"subjective control character", func(s *Session) { s.Subjective.Text = "pain\x0bworse" }, "subjective.text", "cannot be printed"},

		// Examination.
		{"tone unknown", func(s *Session) { s.Examination.Tone = "high" }, "examination.tone", "overactive, normal, underactive or unable to assess"},
		{"tone note long", func(s *Session) { s.Examination.ToneNote = strings.Repeat("t", 2001) }, "examination.tone_note", "under 2,000"},
		{"Oxford left 6", func(s *Session) { s.Examination.OxfordLeft = ptr(6) }, "examination.oxford_left", "0 (no contraction) to 5 (strong)"},
		{"Oxford right -1", func(s *Session) { s.Examination.OxfordRight = ptr(-1) }, "examination.oxford_right", "Modified Oxford Scale"},
		{"PERFECT power 6", func(s *Session) { s.Examination.PERFECT.Power = 6 }, "examination.perfect.power", "0 to 5"},
		{"PERFECT endurance 11", func(s *Session) { s.Examination.PERFECT.Endurance = 11 }, "examination.perfect.endurance", "seconds"},
		{"PERFECT repetitions 11", func(s *Session) { s.Examination.PERFECT.Repetitions = 11 }, "examination.perfect.repetitions", "0 to 10"},
		{"PERFECT fast -1", func(s *Session) { s.Examination.PERFECT.Fast = -1 }, "examination.perfect.fast", "0 to 10"},
		{"PERFECT fast 11", func(s *Session) { s.Examination.PERFECT.Fast = 11 }, "examination.perfect.fast", "0 to 10"},
		{"PERFECT power -1", func(s *Session) { s.Examination.PERFECT.Power = -1 }, "examination.perfect.power", "0 to 5"},
		{"PERFECT endurance -1", func(s *Session) { s.Examination.PERFECT.Endurance = -1 }, "examination.perfect.endurance", "0 to 10"},
		{"PERFECT repetitions -1", func(s *Session) { s.Examination.PERFECT.Repetitions = -1 }, "examination.perfect.repetitions", "0 to 10"},
		{"Marinoff -1", func(s *Session) { s.Subjective.Marinoff = ptr(-1) }, "subjective.marinoff", "0 (no pain) to 3"},
		{"trigger point at 0 o'clock", func(s *Session) { s.Examination.TriggerPoints[0].Hour = 0 }, "examination.trigger_points[0].hour", "1 to 12 o'clock"},
		{"trigger point at 13 o'clock", func(s *Session) { s.Examination.TriggerPoints[1].Hour = 13 }, "examination.trigger_points[1].hour", "1 to 12 o'clock"},
		{"trigger point layer", func(s *Session) { s.Examination.TriggerPoints[2].Layer = "" }, "examination.trigger_points[2].layer", "superficial or deep"},
		{"trigger point side", func(s *Session) { s.Examination.TriggerPoints[2].Side = "clinician's left" }, "examination.trigger_points[2].side", "the patient's left, right, or midline"},
		{"trigger point muscle not in list", func(s *Session) { s.Examination.TriggerPoints[0].Muscle = "Levator scapulae" }, "examination.trigger_points[0].muscle", "clinic's list"},
		{"trigger point pain 11", func(s *Session) { s.Examination.TriggerPoints[2].NRS = 11 }, "examination.trigger_points[2].nrs", "0 (none) to 10"},
		{"trigger point note long", func(s *Session) { s.Examination.TriggerPoints[1].Note = strings.Repeat("n", 501) }, "examination.trigger_points[1].note", "under 500"},
		{"trigger point twice", func(s *Session) { s.Examination.TriggerPoints[2].Side = SideLeft }, "examination.trigger_points[2].hour", "already charted"},
		{"too many trigger points", func(s *Session) {
			s.Examination.TriggerPoints = nil
			for _, layer := range Layers {
				for _, side := range []string{SideLeft, SideRight, SideMidline} {
					for h := 1; h <= 12; h++ {
						s.Examination.TriggerPoints = append(s.Examination.TriggerPoints, TriggerPoint{Hour: h, Layer: layer, Side: side, NRS: 1})
					}
				}
			}
			s.Examination.TriggerPoints = s.Examination.TriggerPoints[:maxTriggerPoints+1]
		}, "examination.trigger_points", "48 trigger points at most"},
		{"swab at a site the clinic does not use", func(s *Session) { s.Examination.Swab[0].Hour = 3 }, "examination.swab[0].hour", "2, 4, 6, 8 and 10 o'clock"},
		{"swab site twice", func(s *Session) { s.Examination.Swab[1].Hour = 2 }, "examination.swab[1].hour", "already charted"},
		{"swab pain 11", func(s *Session) { s.Examination.Swab[1].NRS = 11 }, "examination.swab[1].nrs", "0 (none) to 10"},
		{"body site not on the chart", func(s *Session) { s.Examination.BodyChart[0].Site = "Neck" }, "examination.body_chart[0].site", "clinic's body chart"},
		{"body site twice", func(s *Session) { s.Examination.BodyChart[1] = BodySite{Site: "ADDUCTORS", Side: SideBoth} }, "examination.body_chart[1].site", "already charted"},
		{"body site side", func(s *Session) { s.Examination.BodyChart[0].Side = "front" }, "examination.body_chart[0].side", "left, right, both or midline"},
		{"body site pain", func(s *Session) { s.Examination.BodyChart[1].NRS = -2 }, "examination.body_chart[1].nrs", "0 (none) to 10"},
		{"examination text control", func(s *Session) { s.Examination.Text = "ok\x00" }, "examination.text", "cannot be printed"},

		// Treatment.
		{"technique unknown", func(s *Session) { s.Treatment[2].TechniqueID = "cupping" }, "treatment[2].technique_id", "from the catalogue"},
		{"treatment 121 minutes", func(s *Session) { s.Treatment[0].Minutes = 121 }, "treatment[0].minutes", "1 to 120"},
		{"treatment negative minutes", func(s *Session) { s.Treatment[0].Minutes = -5 }, "treatment[0].minutes", "1 to 120"},
		{"treatment pain 11", func(s *Session) { s.Treatment[0].Pain = ptr(11) }, "treatment[0].pain", "0 (none) to 10"},
		{"treatment note long", func(s *Session) { s.Treatment[2].Note = strings.Repeat("n", 2001) }, "treatment[2].note", "under 2,000"},
		{"e-stim frequency 0", func(s *Session) { s.Treatment[1].Params["frequency_hz"] = "0" }, "treatment[1].params.frequency_hz", "frequency is 1 to 200 Hz"},
		{"e-stim frequency 201", func(s *Session) { s.Treatment[1].Params["frequency_hz"] = "201" }, "treatment[1].params.frequency_hz", "1 to 200 Hz"},
		{"e-stim frequency words", func(s *Session) { s.Treatment[1].Params["frequency_hz"] = "ten" }, "treatment[1].params.frequency_hz", "1 to 200 Hz"},
		{"e-stim pulse width 49", func(s *Session) { s.Treatment[1].Params["pulse_width_us"] = "49" }, "treatment[1].params.pulse_width_us", "pulse width is 50 to 1000 µs"},
		{"e-stim pulse width 1001", func(s *Session) { s.Treatment[1].Params["pulse_width_us"] = "1001" }, "treatment[1].params.pulse_width_us", "50 to 1000 µs"},
		{"e-stim intensity 101", func(s *Session) { s.Treatment[1].Params["intensity_ma"] = "101" }, "treatment[1].params.intensity_ma", "intensity is 0 to 100 mA"},
		{"e-stim intensity negative", func(s *Session) { s.Treatment[1].Params["intensity_ma"] = "-1" }, "treatment[1].params.intensity_ma", "0 to 100 mA"},
		{"e-stim without frequency", func(s *Session) { delete(s.Treatment[1].Params, "frequency_hz") }, "treatment[1].params.frequency_hz", "enter the frequency in Hz"},
		{"e-stim with an empty pulse width", func(s *Session) { s.Treatment[1].Params["pulse_width_us"] = "" }, "treatment[1].params.pulse_width_us", "enter the pulse width"},
		{"e-stim unknown setting", func(s *Session) { s.Treatment[1].Params["waveform"] = "square" }, "treatment[1].params", `no setting called "waveform"`},
		{"setting on a technique without settings", func(s *Session) { s.Treatment[0].Params = map[string]string{"frequency_hz": "10"} }, "treatment[0].params", "manual therapy (internal) has no setting"},
		{"too many treatment items", func(s *Session) {
			for len(s.Treatment) <= maxTreatmentItems {
				s.Treatment = append(s.Treatment, TreatmentItem{TechniqueID: "breathing"})
			}
		}, "treatment", "30 treatment items at most"},

		// Dilator.
		{"dilator size not in the set", func(s *Session) { s.Dilator.SizeLabel = "Size 7" }, "dilator.size_label", "clinic's dilator set"},
		{"dilator size missing", func(s *Session) { s.Dilator.SizeLabel = "" }, "dilator.size_label", "choose the dilator size"},
		{"dilator 121 minutes", func(s *Session) { s.Dilator.Minutes = 121 }, "dilator.minutes", "1 to 120"},
		{"dilator pain 11", func(s *Session) { s.Dilator.Pain = 11 }, "dilator.pain", "0 (none) to 10"},
		{"dilator note long", func(s *Session) { s.Dilator.Note = strings.Repeat("d", 501) }, "dilator.note", "under 500"},

		// Free text, warnings, measures.
		{"assessment long", func(s *Session) { s.Assessment = strings.Repeat("a", 20001) }, "assessment", "under 20,000"},
		{"plan control character", func(s *Session) { s.Plan = "next week\x1b[31m" }, "plan", "cannot be printed"},
		{"warning without rule", func(s *Session) { s.Warnings[0].RuleID = "" }, "warnings[0].rule_id", "names its rule"},
		{"warning without text", func(s *Session) { s.Warnings[0].Text = "" }, "warnings[0].text", "keeps the text"},
		{"warning without who", func(s *Session) { s.Warnings[0].By = "" }, "warnings[0].by", "who acknowledged"},
		{"warning without when", func(s *Session) { s.Warnings[0].At = time.Time{} }, "warnings[0].at", "when"},
		{"warning in the future", func(s *Session) { s.Warnings[0].At = fixedNow.Add(time.Hour) }, "warnings[0].at", "still in the future"},
		{"warning twice", func(s *Session) { s.Warnings = append(s.Warnings, s.Warnings[0]) }, "warnings[1].rule_id", "already acknowledged"},
		{"measure link empty", func(s *Session) { s.Measures[1] = "" }, "measures[1]", "empty"},
		{"measure linked twice", func(s *Session) { s.Measures[1] = "m1" }, "measures[1]", "already linked"},
	}
	cs := DefaultClinicSettings()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := validSession()
			c.edit(&s)
			onlyFault(t, s.Validate(fixedNow, cs), c.field, c.want)
		})
	}
}

func TestSessionUsesTheClinicsSettings(t *testing.T) {
	cs := DefaultClinicSettings()
	cs.SwabSites = []int{1, 3, 5, 7, 9, 11}
	cs.Dilators = []DilatorSize{{Label: "Amielle 1", DiameterMM: 10}}
	cs.Muscles = []MuscleDefault{{Name: "Levator ani", Layer: LayerDeep}}
	cs.BodyChartSites = []string{"Coccyx"}
	s := validSession()
	fields := map[string]bool{}
	for _, f := range faultsOf(t, s.Validate(fixedNow, cs)) {
		fields[f.Field] = true
	}
	for _, f := range []string{"examination.swab[0].hour", "examination.swab[1].hour", "dilator.size_label",
		"examination.trigger_points[0].muscle", "examination.trigger_points[1].muscle",
		"examination.body_chart[0].site", "examination.body_chart[1].site"} {
		if !fields[f] {
			t.Errorf("%s accepted against the clinic's own lists (faults %v)", f, fields)
		}
	}
	s.Examination.Swab = []SwabSite{{Hour: 3, NRS: 5}}
	s.Dilator.SizeLabel = "AMIELLE 1"
	s.Examination.TriggerPoints = []TriggerPoint{{Hour: 4, Layer: LayerDeep, Side: SideRight, Muscle: "levator ANI", NRS: 5}}
	s.Examination.BodyChart = []BodySite{{Site: "coccyx", Side: SideMidline, NRS: 3}}
	valid(t, "session on the clinic's lists", s.Validate(fixedNow, cs))
}

func TestSeveralSessionFaultsAreAllNamed(t *testing.T) {
	s := validSession()
	s.Subjective.PainNow = ptr(15)
	s.Examination.OxfordLeft = ptr(9)
	s.Examination.TriggerPoints[1].NRS = 12
	s.Consent.ChaperoneRole = "sister"
	err := s.Validate(fixedNow, DefaultClinicSettings())
	msgs := FieldMessages(err)
	for _, f := range []string{"subjective.pain_now", "examination.oxford_left", "examination.trigger_points[1].nrs", "consent.chaperone_role"} {
		if msgs[f] == "" {
			t.Errorf("no message for %s in %v", f, msgs)
		}
	}
	if !strings.Contains(err.Error(), "Trigger point 2: pain score: pain is scored from 0 (none) to 10 (worst imaginable)") {
		t.Errorf("error text %q", err)
	}
}

func TestSessionNormaliseAndJSON(t *testing.T) {
	s := validSession()
	s.Plan = "  Review in 2 weeks\r\n"
	s.Dilator.SizeLabel = "  Example 2 (18 mm) "
	s.Treatment[1].Params["frequency_hz"] = " 10 "
	s.Examination.TriggerPoints[0].Muscle = "  bulbospongiosus "
	n := s.Normalise()
	if n.Plan != "Review in 2 weeks" || n.Dilator.SizeLabel != "Example 2 (18 mm)" ||
		n.Treatment[1].Params["frequency_hz"] != "10" || n.Examination.TriggerPoints[0].Muscle != "bulbospongiosus" {
		t.Fatalf("normalised %+v", n)
	}
	if s.Dilator.SizeLabel != "  Example 2 (18 mm) " || s.Treatment[1].Params["frequency_hz"] != " 10 " ||
		s.Examination.TriggerPoints[0].Muscle != "  bulbospongiosus " {
		t.Fatal("Normalise changed the caller's session")
	}
	b, err := json.Marshal(n)
	if err != nil {
		t.Fatal(err)
	}
	var back Session
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, n) {
		t.Fatalf("round trip changed the session:\n%+v\n%+v", back, n)
	}
	for _, key := range []string{`"treated_at"`, `"oxford_left":3`, `"trigger_points"`, `"technique_id":"electrical-stimulation"`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("JSON lacks %s", key)
		}
	}
	for _, key := range []string{`"written_at"`, `"signed_at"`, `"amends_id"`} {
		if strings.Contains(string(b), key) {
			t.Errorf("JSON of a draft holds %s", key)
		}
	}
}

func TestSessionHelpers(t *testing.T) {
	if got := (Perfect{Power: 3, Endurance: 6, Repetitions: 4, Fast: 3}).Profile(); got != "P3 E6 R4 F3" {
		t.Errorf("profile %q", got)
	}
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skip("no time zone data")
	}
	// Seen at 00:30 on 1 June in London, which is still 31 May in UTC.
	treated := time.Date(2026, 6, 1, 0, 30, 0, 0, london)
	if SignedLate(treated, time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)) {
		t.Error("signed later the same London day is not late, whatever the day in UTC")
	}
	if !SignedLate(treated, time.Date(2026, 6, 1, 23, 30, 0, 0, time.UTC)) {
		t.Error("signed at 00:30 on 2 June London time is late")
	}
	if SignedLate(treated, treated.Add(20*time.Minute)) {
		t.Error("signed 20 minutes later is not late")
	}
	for _, k := range SessionKinds {
		if k.Label() == string(k) {
			t.Errorf("kind %q has no label", k)
		}
	}
	if SessionInitial.Label() != "Initial assessment" || ToneOveractive.Label() != "Overactive (hypertonic)" {
		t.Error("labels")
	}
}

func TestRectalView(t *testing.T) {
	consent := func(sc ...ConsentScope) Session { return Session{Consent: Consent{Scope: sc}} }
	woman, man := Patient{Sex: SexFemale}, Patient{Sex: SexMale}
	for _, c := range []struct {
		p    Patient
		s    Session
		want bool
	}{
		{woman, consent(ScopeExternal, ScopeVaginal), false},
		{woman, consent(ScopeRectal), true},
		{woman, consent(ScopeVaginal, ScopeRectal), false},
		{woman, consent(), false},
		{Patient{}, consent(ScopeRectal, ScopeDilator), true},
		{man, consent(), true},
		{man, consent(ScopeExternal), true},
		{man, consent(ScopeVaginal), false},
		{man, consent(ScopeVaginal, ScopeRectal), true},
	} {
		if got := RectalView(c.p, c.s); got != c.want {
			t.Errorf("%s, consent %v: rectal face %v, want %v", c.p.Sex, c.s.Consent.Scope, got, c.want)
		}
	}
}
