package store

import (
	"fmt"
	"slices"
	"strings"
)

// Warning is a safety warning shown where the practitioner charts or
// prescribes (DOMAIN §5). It never blocks charting; signing with an open
// warning asks for an acknowledgement, kept as an AcknowledgedWarning.
type Warning struct {
	RuleID string // stable: the rule and the technique or exercise, e.g. "pregnancy/electrical-stimulation"
	Text   string // one sentence naming the technique and the condition
}

// Rule names, the first part of Warning.RuleID.
const (
	RulePregnancy        = "pregnancy"
	RuleImplant          = "implant"
	RuleInfection        = "infection"
	RuleBleeding         = "bleeding"
	RuleSurgery          = "surgery"
	RuleRadiotherapy     = "radiotherapy"
	RuleRadiotherapyStim = "radiotherapy-stim"
	RuleMalignancy       = "malignancy"
	RuleEpilepsy         = "epilepsy"
	RuleConsent          = "consent"
	RuleOveractive       = "overactive-tone"
	RuleProlapse         = "prolapse"
	RulePostpartum       = "postpartum"
	RulePHQ9Item9        = "phq9-item9"
)

// Windows of the dated rules (DOMAIN §5).
const (
	surgeryWeeks         = 6
	prolapseRepairWeeks  = 12
	radiotherapyWeeks    = 12
	radiotherapyStimMons = 6
)

// internalExamination stands for the internal findings of a session
// (Oxford grades, PERFECT, trigger points, swab test) when rules are checked.
var internalExamination = use{
	id: "internal-examination", name: "Internal examination",
	tags: []string{TagInternal}, consent: internalScopes,
}

// use is a technique given or an exercise prescribed, as the rules see it.
type use struct {
	id, name string
	tags     []string
	consent  []ConsentScope
}

func (u use) has(tags []string) bool {
	return slices.ContainsFunc(u.tags, func(t string) bool { return slices.Contains(tags, t) })
}

// situation is what the rules know: the patient's flags, the day that
// counts, and the setting's thresholds.
type situation struct {
	flags    Flags
	day      Date
	safety   SafetySettings
	tone     Tone
	inClinic bool
}

// rule warns against uses carrying any of its tags while its condition holds.
type rule struct {
	id        string
	session   []string // tags warned against in a session
	programme []string // tags warned against in a home programme
	// text returns the warning for u, or "" when the condition does not hold.
	text func(s situation, u use) string
}

var safetyRules = []rule{
	{
		id: RulePregnancy, session: []string{TagElectrical, TagBiofeedback, TagUltrasound, TagLaser},
		programme: []string{TagElectrical, TagBiofeedback, TagUltrasound, TagLaser},
		text: func(s situation, u use) string {
			if !s.flags.Pregnant {
				return ""
			}
			return u.name + " is not recommended in pregnancy."
		},
	},
	{
		id: RuleImplant, session: []string{TagElectrical}, programme: []string{TagElectrical},
		text: func(s situation, u use) string {
			if !s.flags.ActiveImplant {
				return ""
			}
			return u.name + " must not be used with a pacemaker or other active implant" + noted(s.flags.ImplantNote) + "."
		},
	},
	{
		id: RuleInfection, session: []string{TagInternal, TagElectrical}, programme: []string{TagInternal, TagElectrical},
		text: func(s situation, u use) string {
			if !s.flags.ActiveInfection {
				return ""
			}
			return u.name + " should wait while the patient has an active infection."
		},
	},
	{
		id: RuleBleeding, session: []string{TagInternal, TagElectrical}, programme: []string{TagInternal, TagElectrical},
		text: func(s situation, u use) string {
			if !s.flags.Bleeding {
				return ""
			}
			return u.name + " should wait while the patient is bleeding."
		},
	},
	{
		// In clinic the rule is about internal work; at home e-stim too.
		id: RuleSurgery, session: []string{TagInternal}, programme: []string{TagInternal, TagElectrical},
		text: func(s situation, u use) string {
			f := s.flags
			if !f.RecentSurgery {
				return ""
			}
			weeks, what := surgeryWeeks, "surgery"
			if f.ProlapseRepair {
				weeks, what = prolapseRepairWeeks, "a prolapse repair"
			}
			return within(u.name, f.SurgeryDate, s.day, 0, weeks, what, "on")
		},
	},
	{
		id: RuleRadiotherapy, session: []string{TagInternal}, programme: []string{TagInternal},
		text: func(s situation, u use) string {
			if !s.flags.PelvicRadiotherapy {
				return ""
			}
			return within(u.name, s.flags.RadiotherapyDate, s.day, 0, radiotherapyWeeks, "pelvic radiotherapy", "ended")
		},
	},
	{
		id: RuleRadiotherapyStim, session: []string{TagElectrical}, programme: []string{TagElectrical},
		text: func(s situation, u use) string {
			if !s.flags.PelvicRadiotherapy {
				return ""
			}
			return within(u.name+" on irradiated tissue", s.flags.RadiotherapyDate, s.day, radiotherapyStimMons, 0,
				"pelvic radiotherapy", "ended")
		},
	},
	{
		id: RuleMalignancy, session: []string{TagElectrical, TagUltrasound, TagLaser},
		programme: []string{TagElectrical, TagUltrasound, TagLaser},
		text: func(s situation, u use) string {
			if !s.flags.Malignancy {
				return ""
			}
			return u.name + " must not be used over a known malignancy" + noted(s.flags.MalignancyNote) + "."
		},
	},
	{
		id: RuleEpilepsy, session: []string{TagLaser, TagElectrical}, programme: []string{TagLaser, TagElectrical},
		text: func(s situation, u use) string {
			if !s.flags.Epilepsy {
				return ""
			}
			if u.has([]string{TagLaser}) {
				return u.name + " is not advised in epilepsy if the laser is pulsed."
			}
			return u.name + " is a relative contraindication in epilepsy: use it with caution."
		},
	},
	{
		id: RuleOveractive, session: []string{TagStrengthening}, programme: []string{TagStrengthening},
		text: func(s situation, u use) string {
			if s.tone != ToneOveractive {
				return ""
			}
			return u.name + " is not advised while the pelvic floor is overactive: down-train it first."
		},
	},
	{
		id: RuleProlapse, session: []string{TagProlapseCaution}, programme: []string{TagProlapseCaution},
		text: func(s situation, u use) string {
			if !s.flags.SuspectedProlapse {
				return ""
			}
			return u.name + " is not advised with a suspected prolapse."
		},
	},
	{
		id: RulePostpartum, session: []string{TagInternal}, programme: []string{TagInternal},
		text: func(s situation, u use) string {
			if !s.flags.Postpartum || s.safety.PostpartumInternalWeeks == 0 {
				return ""
			}
			return within(u.name, s.flags.BirthDate, s.day, 0, s.safety.PostpartumInternalWeeks, "the birth", "on")
		},
	},
}

// within words a dated rule: "X should wait until 6 weeks after surgery (on
// 3 Oct 2026)." It returns "" when day is outside the window, and warns when
// the date was not recorded, since the window cannot be ruled out.
func within(what string, since, day Date, months, weeks int, event, verb string) string {
	period := fmt.Sprintf("%d weeks", weeks)
	if months > 0 {
		period = fmt.Sprintf("%d months", months)
	}
	if since.IsZero() {
		return fmt.Sprintf("%s should wait until %s after %s; the date is not recorded, so check that it has passed.", what, period, event)
	}
	end := since.AddDate(0, months, 7*weeks)
	if day.Before(since) || !day.Before(end) {
		return ""
	}
	return fmt.Sprintf("%s should wait until %s after %s (%s %s).", what, period, event, verb, since.Display())
}

func noted(note string) string {
	if note == "" {
		return ""
	}
	return " (" + note + ")"
}

// defaultSafety are the unconfirmed thresholds as DOMAIN.md gives them.
var defaultSafety = SafetySettings{PostpartumInternalWeeks: 6}

// SessionWarnings returns the warnings for a session with the default
// thresholds. Dated rules count from the day of treatment, or from today
// when the session has no treatment time yet.
func SessionWarnings(p Patient, s Session, today Date) []Warning {
	return defaultSafety.SessionWarnings(p, s, today)
}

// SessionWarnings returns the warnings for a session with the clinic's thresholds.
func (ss SafetySettings) SessionWarnings(p Patient, s Session, today Date) []Warning {
	return ss.sessionWarnings(p, s, today, defaultCatalogue)
}

func (ss SafetySettings) sessionWarnings(p Patient, s Session, today Date, cat catalogue) []Warning {
	sit := situation{flags: p.Flags, day: today, safety: ss, tone: s.Examination.Tone, inClinic: true}
	if !s.TreatedAt.IsZero() {
		sit.day = DateOf(s.TreatedAt)
	}
	uses := sessionUses(s, cat)
	out := sit.check(uses)
	return append(out, consentWarnings(s.Consent, uses)...)
}

// sessionUses lists what a session did that rules look at, in chart order.
func sessionUses(s Session, cat catalogue) []use {
	var uses []use
	e := s.Examination
	if e.OxfordLeft != nil || e.OxfordRight != nil || e.PERFECT != nil || len(e.TriggerPoints) > 0 || len(e.Swab) > 0 {
		uses = append(uses, internalExamination)
	}
	for _, t := range s.Treatment {
		if tech, ok := cat[t.TechniqueID]; ok {
			uses = append(uses, use{id: tech.ID, name: tech.Name, tags: tech.Tags, consent: tech.Consent})
		}
	}
	if s.Dilator != nil {
		if tech, ok := cat[TechniqueDilator]; ok {
			uses = append(uses, use{id: tech.ID, name: tech.Name, tags: tech.Tags, consent: tech.Consent})
		}
	}
	return uses
}

// consentWarnings: any internal examination or technique needs consent
// recorded in this session, not withdrawn, and covering it.
func consentWarnings(c Consent, uses []use) []Warning {
	var out []Warning
	for _, u := range uses {
		if len(u.consent) == 0 || c.Covers(u.consent...) {
			continue
		}
		var text string
		switch {
		case !c.Recorded:
			text = u.name + " needs consent recorded for this session, and none is."
		case c.Withdrawn:
			text = u.name + " is charted, but consent was withdrawn in this session."
		default:
			scopes := make([]string, len(u.consent))
			for i, sc := range u.consent {
				scopes[i] = strings.ToLower(sc.Label())
			}
			text = u.name + " is charted, but the consent recorded does not cover " + orList(scopes) + " work."
		}
		out = appendWarning(out, Warning{RuleID: RuleConsent + "/" + u.id, Text: text})
	}
	return out
}

// ProgrammeWarnings returns the warnings for a home programme with the
// default thresholds. latest, if given, is the patient's most recent
// examination: its tone decides the overactive pelvic-floor rule.
func ProgrammeWarnings(p Patient, prog Programme, today Date, latest ...Examination) []Warning {
	return defaultSafety.ProgrammeWarnings(p, prog, today, latest...)
}

// ProgrammeWarnings returns the warnings for a home programme with the
// clinic's thresholds. Dated rules count from today.
func (ss SafetySettings) ProgrammeWarnings(p Patient, prog Programme, today Date, latest ...Examination) []Warning {
	sit := situation{flags: p.Flags, day: today, safety: ss}
	if len(latest) > 0 {
		sit.tone = latest[0].Tone
	}
	uses := make([]use, 0, len(prog.Items))
	for _, it := range prog.Items {
		// Warnings are for the physiotherapist: a library exercise is named
		// in English whatever the language of the patient's sheet.
		name := it.Title
		if e, ok := LibraryExercise(it.ExerciseID, LanguageEnglish); ok {
			name = e.Text.Title
		}
		uses = append(uses, use{id: it.ExerciseID, name: name, tags: it.Tags})
	}
	return sit.check(uses)
}

func (sit situation) check(uses []use) []Warning {
	var out []Warning
	for _, r := range safetyRules {
		tags := r.programme
		if sit.inClinic {
			tags = r.session
		}
		for _, u := range uses {
			if !u.has(tags) {
				continue
			}
			if text := r.text(sit, u); text != "" {
				out = appendWarning(out, Warning{RuleID: r.id + "/" + u.id, Text: text})
			}
		}
	}
	return out
}

// appendWarning adds w unless a warning with its rule ID is already there
// (the same technique charted twice warns once).
func appendWarning(ws []Warning, w Warning) []Warning {
	if slices.ContainsFunc(ws, func(o Warning) bool { return o.RuleID == w.RuleID }) {
		return ws
	}
	return append(ws, w)
}

// MeasureWarnings returns the alert for a measure that needs action now:
// PHQ-9 item 9 above 0 needs a suicide-risk assessment whatever the total.
// The clinic's crisis resources (ClinicSettings.CrisisText) go with it.
func MeasureWarnings(m MeasureResponse) []Warning {
	if m.Instrument == InstrumentPHQ9 && len(m.Items) == 9 && m.Items[8] != nil && *m.Items[8] > 0 {
		return []Warning{{
			RuleID: RulePHQ9Item9,
			Text:   "PHQ-9 item 9 is answered above 0: assess suicide risk now and give crisis resources, whatever the total.",
		}}
	}
	return nil
}

// Unacknowledged returns the warnings not yet among acknowledged, matched by rule ID.
func Unacknowledged(ws []Warning, acknowledged []AcknowledgedWarning) []Warning {
	var out []Warning
	for _, w := range ws {
		if !slices.ContainsFunc(acknowledged, func(a AcknowledgedWarning) bool { return a.RuleID == w.RuleID }) {
			out = append(out, w)
		}
	}
	return out
}
