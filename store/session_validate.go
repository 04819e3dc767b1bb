package store

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

const (
	maxTreatmentItems = 30
	maxTriggerPoints  = 48 // 12 positions × 2 layers × 2 sides
	maxBodySites      = 50
	maxWarnings       = 50
	maxMeasures       = 50
	minAmendReason    = 5
)

// familyWords are roles that make someone family: family members are not
// chaperones (DOMAIN §3).
var familyWords = []string{
	"family", "relative", "partner", "husband", "wife", "spouse", "boyfriend", "girlfriend", "fiance", "fiancé", "fiancée",
	"mother", "mum", "mom", "father", "dad", "parent", "sister", "brother", "daughter", "son",
	"aunt", "uncle", "grandmother", "grandfather", "grandparent", "cousin", "niece", "nephew",
}

func init() {
	addFieldLabels(map[string]string{
		"patient_id":                          "Patient",
		"practitioner_id":                     "Practitioner",
		"kind":                                "Type",
		"treated_at":                          "Seen at",
		"status":                              "Status",
		"signed_by":                           "Signed by",
		"amends_id":                           "Amends",
		"amend_reason":                        "Reason for amendment",
		"consent.scope":                       "Consent covers",
		"consent.scope[]":                     "Consent scope %d",
		"consent.form":                        "Consent given",
		"consent.chaperone":                   "Chaperone",
		"consent.chaperone_name":              "Chaperone's name",
		"consent.chaperone_role":              "Chaperone's role",
		"consent.withdrawn":                   "Consent withdrawn",
		"consent.withdrawn_at":                "Consent withdrawn at",
		"consent.withdrawn_note":              "Withdrawal note",
		"subjective.pain_now":                 "Pain now",
		"subjective.pain_penetration":         "Pain on penetration",
		"subjective.location":                 "Where it hurts",
		"subjective.provoked":                 "Provoked or unprovoked",
		"subjective.marinoff":                 "Marinoff grade",
		"subjective.text":                     "Subjective",
		"examination.tone":                    "Tone",
		"examination.tone_note":               "Tone note",
		"examination.oxford_left":             "Oxford grade, left",
		"examination.oxford_right":            "Oxford grade, right",
		"examination.perfect.power":           "PERFECT: power",
		"examination.perfect.endurance":       "PERFECT: endurance",
		"examination.perfect.repetitions":     "PERFECT: repetitions",
		"examination.perfect.fast":            "PERFECT: fast contractions",
		"examination.trigger_points":          "Trigger points",
		"examination.trigger_points[].hour":   "Trigger point %d: clock position",
		"examination.trigger_points[].layer":  "Trigger point %d: layer",
		"examination.trigger_points[].side":   "Trigger point %d: side",
		"examination.trigger_points[].muscle": "Trigger point %d: muscle",
		"examination.trigger_points[].nrs":    "Trigger point %d: pain score",
		"examination.trigger_points[].note":   "Trigger point %d: note",
		"examination.swab[].hour":             "Swab site %d: clock position",
		"examination.swab[].nrs":              "Swab site %d: pain score",
		"examination.body_chart":              "Body chart",
		"examination.body_chart[].site":       "Body-chart site %d",
		"examination.body_chart[].side":       "Body-chart site %d: side",
		"examination.body_chart[].nrs":        "Body-chart site %d: pain score",
		"examination.text":                    "Examination",
		"treatment":                           "Treatment",
		"treatment[].technique_id":            "Treatment %d: technique",
		"treatment[].minutes":                 "Treatment %d: minutes",
		"treatment[].pain":                    "Treatment %d: pain score",
		"treatment[].params":                  "Treatment %d: settings",
		"treatment[].note":                    "Treatment %d: note",
		"dilator.size_label":                  "Dilator size",
		"dilator.minutes":                     "Dilator minutes",
		"dilator.pain":                        "Dilator pain score",
		"dilator.note":                        "Dilator note",
		"assessment":                          "Assessment",
		"plan":                                "Plan",
		"warnings":                            "Acknowledged warnings",
		"warnings[].rule_id":                  "Acknowledged warning %d",
		"warnings[].text":                     "Acknowledged warning %d: text",
		"warnings[].by":                       "Acknowledged warning %d: by",
		"warnings[].at":                       "Acknowledged warning %d: when",
		"measures":                            "Measures",
		"measures[]":                          "Measure %d",
	})
}

// Normalise trims the session's free text the way the store keeps it,
// copying every list so the caller's session is left as it was.
func (s Session) Normalise() Session {
	s.AmendReason = normText(s.AmendReason)
	c := &s.Consent
	c.ChaperoneName = normLine(c.ChaperoneName)
	c.ChaperoneRole = normLine(c.ChaperoneRole)
	c.WithdrawnNote = normText(c.WithdrawnNote)
	s.Subjective.Text = normText(s.Subjective.Text)
	e := &s.Examination
	e.ToneNote = normText(e.ToneNote)
	e.Text = normText(e.Text)
	e.TriggerPoints = slices.Clone(e.TriggerPoints)
	for i := range e.TriggerPoints {
		e.TriggerPoints[i].Muscle = normLine(e.TriggerPoints[i].Muscle)
		e.TriggerPoints[i].Note = normText(e.TriggerPoints[i].Note)
	}
	e.BodyChart = slices.Clone(e.BodyChart)
	for i := range e.BodyChart {
		e.BodyChart[i].Site = normLine(e.BodyChart[i].Site)
	}
	s.Treatment = slices.Clone(s.Treatment)
	for i := range s.Treatment {
		t := &s.Treatment[i]
		t.Note = normText(t.Note)
		if t.Params != nil {
			params := make(map[string]string, len(t.Params))
			for k, val := range t.Params {
				params[k] = strings.TrimSpace(val)
			}
			t.Params = params
		}
	}
	if s.Dilator != nil {
		d := *s.Dilator
		d.SizeLabel = normLine(d.SizeLabel)
		d.Note = normText(d.Note)
		s.Dilator = &d
	}
	s.Assessment = normText(s.Assessment)
	s.Plan = normText(s.Plan)
	return s
}

// Validate checks a normalised session against the record's rules and the
// clinic's settings (dilator set, swab sites, muscles, body chart). now is
// the clinic's clock. It returns nil or a *ValidationError naming every
// field at fault.
func (s Session) Validate(now time.Time, cs ClinicSettings) error {
	var v ValidationError
	checkRef(&v, "patient_id", "choose the patient this entry is for", s.PatientID)
	checkRef(&v, "practitioner_id", "choose the practitioner who saw the patient", s.PractitionerID)
	if !oneOf(s.Kind, SessionKinds...) {
		v.add("kind", "choose initial assessment, follow-up, review or discharge")
	}
	treatedOK := checkWhen(&v, "treated_at", "enter when the patient was seen", s.TreatedAt, now)

	switch s.Status {
	case "", StatusDraft:
	case StatusSigned:
		if s.SignedBy == "" || s.SignedAt.IsZero() {
			v.add("signed_by", "a signed entry names who signed it and when")
		}
	default:
		v.add("status", "an entry is a draft or signed")
	}

	if s.AmendsID != "" {
		checkRef(&v, "amends_id", "", s.AmendsID)
		if s.AmendsID == s.ID {
			v.add("amends_id", "an entry cannot amend itself")
		}
		if utf8.RuneCountInString(strings.TrimSpace(s.AmendReason)) < minAmendReason {
			v.add("amend_reason", "say why the entry is amended, in at least 5 characters")
		} else {
			checkText(&v, "amend_reason", "reason", s.AmendReason, maxNote, true)
		}
	} else if s.AmendReason != "" {
		v.add("amend_reason", "a reason is given only when amending a signed entry")
	}

	s.Consent.check(&v, "consent", s.TreatedAt, treatedOK, now)
	s.Subjective.check(&v, "subjective")
	s.Examination.check(&v, "examination", cs)

	if len(s.Treatment) > maxTreatmentItems {
		v.add("treatment", fmt.Sprintf("chart %d treatment items at most", maxTreatmentItems))
	}
	for i, t := range s.Treatment {
		t.check(&v, nth("treatment", i))
	}
	if d := s.Dilator; d != nil {
		switch _, ok := cs.Dilator(d.SizeLabel); {
		case d.SizeLabel == "":
			v.add("dilator.size_label", "choose the dilator size used")
		case !ok:
			v.add("dilator.size_label", "choose a size from the clinic's dilator set (Settings)")
		}
		checkMinutes(&v, "dilator.minutes", d.Minutes)
		checkInt(&v, "dilator.pain", d.Pain, 0, 10, msgNRS)
		checkText(&v, "dilator.note", "note", d.Note, maxShortNote, true)
	}
	checkText(&v, "assessment", "assessment", s.Assessment, maxLongText, true)
	checkText(&v, "plan", "plan", s.Plan, maxLongText, true)
	checkAcknowledged(&v, s.Warnings, now)

	if len(s.Measures) > maxMeasures {
		v.add("measures", fmt.Sprintf("link %d measures at most", maxMeasures))
	}
	for i, id := range s.Measures {
		checkRef(&v, nth("measures", i), "this measure link is empty", id)
		if id != "" && slices.Contains(s.Measures[:i], id) {
			v.add(nth("measures", i), "this measure is already linked")
		}
	}
	return v.err()
}

func (c Consent) check(v *ValidationError, prefix string, treated time.Time, treatedOK bool, now time.Time) {
	f := func(name string) string { return at(prefix, name) }
	switch {
	case c.Recorded && len(c.Scope) == 0:
		v.add(f("scope"), "choose what the consent covers: "+orList(ConsentScopeLabels()))
	case !c.Recorded && len(c.Scope) > 0:
		v.add(f("scope"), "tick consent recorded before choosing what it covers")
	}
	for i, sc := range c.Scope {
		switch {
		case !oneOf(sc, ConsentScopes...):
			v.add(f(nth("scope", i)), "choose "+orList(ConsentScopeLabels()))
		case slices.Contains(c.Scope[:i], sc):
			v.add(f(nth("scope", i)), "this is already listed")
		}
	}
	switch {
	case c.Form != "" && !oneOf(c.Form, ConsentVerbal, ConsentWritten):
		v.add(f("form"), "choose verbal or written")
	case c.Recorded && c.Form == "":
		v.add(f("form"), "say whether consent was verbal or written")
	case !c.Recorded && c.Form != "":
		v.add(f("form"), "tick consent recorded, or clear how it was given")
	}

	switch c.Chaperone {
	case "":
		if c.ChaperoneOffered {
			v.add(f("chaperone"), "record whether the patient accepted or declined the chaperone")
		}
	case ChaperoneAccepted, ChaperoneDeclined:
		if !c.ChaperoneOffered {
			v.add(f("chaperone"), "tick that a chaperone was offered before recording the answer")
		}
	default:
		v.add(f("chaperone"), "choose accepted or declined")
	}
	if c.Chaperone == ChaperoneAccepted {
		checkPersonName(v, f("chaperone_name"), "enter the chaperone's name", c.ChaperoneName)
		if checkText(v, f("chaperone_role"), "role", c.ChaperoneRole, maxLabel, false) && isFamily(c.ChaperoneRole) {
			v.add(f("chaperone_role"), "family members are not chaperones; offer a member of the clinic's staff")
		}
	} else if c.Chaperone == "" || c.Chaperone == ChaperoneDeclined {
		if c.ChaperoneName != "" {
			v.add(f("chaperone_name"), "a chaperone's name is recorded only when the patient accepted one")
		}
		if c.ChaperoneRole != "" {
			v.add(f("chaperone_role"), "a chaperone's role is recorded only when the patient accepted one")
		}
	}

	if !c.Withdrawn {
		if !c.WithdrawnAt.IsZero() {
			v.add(f("withdrawn_at"), "tick consent withdrawn, or clear the time")
		}
		if c.WithdrawnNote != "" {
			v.add(f("withdrawn_note"), "tick consent withdrawn, or clear the note")
		}
		return
	}
	if !c.Recorded {
		v.add(f("withdrawn"), "consent can be withdrawn only once it was recorded")
	}
	switch {
	case c.WithdrawnAt.IsZero():
		v.add(f("withdrawn_at"), "enter when consent was withdrawn")
	case !treatedOK:
	case c.WithdrawnAt.Before(treated):
		v.add(f("withdrawn_at"), "consent is withdrawn during the session, not before the patient was seen")
	case DateOf(c.WithdrawnAt.In(treated.Location())) != DateOf(treated):
		v.add(f("withdrawn_at"), "record a withdrawal on the day of the session; a later one belongs in a new entry")
	case c.WithdrawnAt.After(now.Add(clockSkew)):
		v.add(f("withdrawn_at"), "this time is still in the future")
	}
	checkText(v, f("withdrawn_note"), "note", c.WithdrawnNote, maxNote, true)
}

// ConsentScopeLabels lists the scopes in words, for messages and forms.
func ConsentScopeLabels() []string {
	out := make([]string, len(ConsentScopes))
	for i, s := range ConsentScopes {
		out[i] = strings.ToLower(s.Label())
	}
	return out
}

func isFamily(role string) bool {
	words := strings.FieldsFunc(strings.ToLower(role), func(r rune) bool {
		return r == ' ' || r == '-' || r == '/' || r == ',' || r == '\'' || r == '’' || r == '(' || r == ')'
	})
	for _, w := range words {
		if slices.Contains(familyWords, w) {
			return true
		}
	}
	return false
}

func (s Subjective) check(v *ValidationError, prefix string) {
	checkNRS(v, at(prefix, "pain_now"), s.PainNow)
	checkNRS(v, at(prefix, "pain_penetration"), s.PainPenetration)
	if !oneOf(s.Location, "", LocationEntry, LocationDeep, LocationBoth) {
		v.add(at(prefix, "location"), "choose entry, deep or both")
	}
	if !oneOf(s.Provoked, "", Provoked, Unprovoked, ProvokedBoth) {
		v.add(at(prefix, "provoked"), "choose provoked, unprovoked or both")
	}
	if s.Marinoff != nil {
		checkInt(v, at(prefix, "marinoff"), *s.Marinoff, 0, 3,
			"the Marinoff grade runs from 0 (no pain) to 3 (pain always prevents intercourse)")
	}
	checkText(v, at(prefix, "text"), "subjective notes", s.Text, maxLongText, true)
}

func (e Examination) check(v *ValidationError, prefix string, cs ClinicSettings) {
	f := func(name string) string { return at(prefix, name) }
	if !oneOf(e.Tone, Tones...) {
		v.add(f("tone"), "choose overactive, normal, underactive or unable to assess")
	}
	checkText(v, f("tone_note"), "tone note", e.ToneNote, maxNote, true)
	if e.OxfordLeft != nil {
		checkInt(v, f("oxford_left"), *e.OxfordLeft, 0, 5, msgOxford)
	}
	if e.OxfordRight != nil {
		checkInt(v, f("oxford_right"), *e.OxfordRight, 0, 5, msgOxford)
	}
	if p := e.PERFECT; p != nil {
		checkInt(v, f("perfect.power"), p.Power, 0, 5, "power is graded on the Modified Oxford Scale, 0 to 5")
		checkInt(v, f("perfect.endurance"), p.Endurance, 0, 10, "endurance is the seconds a contraction is held, 0 to 10")
		checkInt(v, f("perfect.repetitions"), p.Repetitions, 0, 10, "repetitions are counted from 0 to 10")
		checkInt(v, f("perfect.fast"), p.Fast, 0, 10, "fast contractions are counted from 0 to 10")
	}

	if len(e.TriggerPoints) > maxTriggerPoints {
		v.add(f("trigger_points"), fmt.Sprintf("chart %d trigger points at most", maxTriggerPoints))
	}
	for i, tp := range e.TriggerPoints {
		p := f(nth("trigger_points", i))
		checkInt(v, at(p, "hour"), tp.Hour, 1, 12, msgHour)
		if !oneOf(tp.Layer, Layers...) {
			v.add(at(p, "layer"), "choose superficial or deep")
		}
		if !oneOf(tp.Side, SideLeft, SideRight, SideMidline) {
			v.add(at(p, "side"), "choose the patient's left, right, or midline")
		}
		if _, ok := cs.Muscle(tp.Muscle); tp.Muscle != "" && !ok {
			v.add(at(p, "muscle"), "choose a muscle from the clinic's list (Settings), or leave it empty")
		}
		checkInt(v, at(p, "nrs"), tp.NRS, 0, 10, msgNRS)
		checkText(v, at(p, "note"), "note", tp.Note, maxShortNote, true)
		if slices.ContainsFunc(e.TriggerPoints[:i], func(o TriggerPoint) bool {
			return o.Hour == tp.Hour && o.Layer == tp.Layer && o.Side == tp.Side
		}) {
			v.add(at(p, "hour"), "this point is already charted at the same clock position, layer and side")
		}
	}

	for i, sw := range e.Swab {
		p := f(nth("swab", i))
		switch {
		case !slices.Contains(cs.SwabSites, sw.Hour):
			v.add(at(p, "hour"), "the clinic's swab test uses "+hours(cs.SwabSites))
		case slices.ContainsFunc(e.Swab[:i], func(o SwabSite) bool { return o.Hour == sw.Hour }):
			v.add(at(p, "hour"), "this site is already charted")
		}
		checkInt(v, at(p, "nrs"), sw.NRS, 0, 10, msgNRS)
	}

	if len(e.BodyChart) > maxBodySites {
		v.add(f("body_chart"), fmt.Sprintf("chart %d body-chart sites at most", maxBodySites))
	}
	for i, b := range e.BodyChart {
		p := f(nth("body_chart", i))
		switch {
		case !slices.ContainsFunc(cs.BodyChartSites, func(s string) bool { return strings.EqualFold(s, b.Site) }):
			v.add(at(p, "site"), "choose a site from the clinic's body chart (Settings)")
		case slices.ContainsFunc(e.BodyChart[:i], func(o BodySite) bool {
			return strings.EqualFold(o.Site, b.Site) && o.Side == b.Side
		}):
			v.add(at(p, "site"), "this site is already charted on that side")
		}
		if !oneOf(b.Side, "", SideLeft, SideRight, SideBoth, SideMidline) {
			v.add(at(p, "side"), "choose left, right, both or midline")
		}
		checkInt(v, at(p, "nrs"), b.NRS, 0, 10, msgNRS)
	}
	checkText(v, f("text"), "examination notes", e.Text, maxLongText, true)
}

func (t TreatmentItem) check(v *ValidationError, prefix string) {
	tech, known := TechniqueByID(t.TechniqueID)
	if !known {
		v.add(at(prefix, "technique_id"), "choose a technique from the catalogue")
	}
	checkMinutes(v, at(prefix, "minutes"), t.Minutes)
	checkNRS(v, at(prefix, "pain"), t.Pain)
	checkText(v, at(prefix, "note"), "note", t.Note, maxNote, true)
	if !known {
		return
	}
	keys := make([]string, 0, len(t.Params))
	for k := range t.Params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		spec, ok := tech.param(k)
		if !ok {
			v.add(at(prefix, "params"), fmt.Sprintf("%s has no setting called %q", strings.ToLower(tech.Name), k))
			continue
		}
		if t.Params[k] == "" {
			continue
		}
		if x, err := ParseParam(t.Params[k]); err != nil || x < spec.Min || x > spec.Max {
			v.add(at(prefix, "params."+k), spec.Describe())
		}
	}
	for _, spec := range tech.Params {
		if spec.Required && t.Params[spec.Key] == "" {
			v.add(at(prefix, "params."+spec.Key), fmt.Sprintf("enter the %s in %s", strings.ToLower(spec.Label), spec.Unit))
		}
	}
}

// checkAcknowledged checks the warnings acknowledged on a session or programme.
func checkAcknowledged(v *ValidationError, ws []AcknowledgedWarning, now time.Time) {
	if len(ws) > maxWarnings {
		v.add("warnings", fmt.Sprintf("%d acknowledged warnings at most", maxWarnings))
	}
	for i, w := range ws {
		p := nth("warnings", i)
		switch {
		case w.RuleID == "":
			v.add(at(p, "rule_id"), "an acknowledged warning names its rule")
		case slices.ContainsFunc(ws[:i], func(o AcknowledgedWarning) bool { return o.RuleID == w.RuleID }):
			v.add(at(p, "rule_id"), "this warning is already acknowledged")
		}
		checkRequiredText(v, at(p, "text"), "an acknowledged warning keeps the text that was shown", "warning", w.Text, maxNote, false)
		checkRef(v, at(p, "by"), "an acknowledged warning names who acknowledged it", w.By)
		checkWhen(v, at(p, "at"), "an acknowledged warning records when", w.At, now)
	}
}
