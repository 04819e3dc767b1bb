package store

import (
	"fmt"
	"slices"
	"time"
)

// Session is one entry in the clinical notes: an assessment, a follow-up, a
// review or a discharge. It is a draft until signed; a signed session never
// changes again, and a correction is a new Session whose AmendsID names the
// original.
type Session struct {
	ID             string        `json:"id"`
	PatientID      string        `json:"patient_id"`
	PractitionerID string        `json:"practitioner_id"`
	Kind           SessionKind   `json:"kind"`
	TreatedAt      time.Time     `json:"treated_at"`             // when the patient was seen
	WrittenAt      time.Time     `json:"written_at,omitzero"`    // set by the store on first save
	Status         SessionStatus `json:"status,omitempty"`       // set by the store
	SignedAt       time.Time     `json:"signed_at,omitzero"`     // set by the store
	SignedBy       string        `json:"signed_by,omitempty"`    // practitioner ID, set by the store
	Late           bool          `json:"late,omitempty"`         // set by the store: see SignedLate
	AmendsID       string        `json:"amends_id,omitempty"`    // the signed session this one corrects
	AmendReason    string        `json:"amend_reason,omitempty"` // why, at least 5 characters

	Consent     Consent         `json:"consent"`
	Subjective  Subjective      `json:"subjective"`
	Examination Examination     `json:"examination"`
	Treatment   []TreatmentItem `json:"treatment,omitempty"`
	Dilator     *DilatorUse     `json:"dilator,omitempty"`
	Assessment  string          `json:"assessment,omitempty"`
	Plan        string          `json:"plan,omitempty"`

	Warnings []AcknowledgedWarning `json:"warnings,omitempty"`
	Measures []string              `json:"measures,omitempty"` // IDs of MeasureResponses taken in this session
}

// SessionKind is the type of entry.
type SessionKind string

const (
	SessionInitial   SessionKind = "initial"
	SessionFollowUp  SessionKind = "follow-up"
	SessionReview    SessionKind = "review"
	SessionDischarge SessionKind = "discharge"
)

// SessionKinds lists the kinds a form offers, in order.
var SessionKinds = []SessionKind{SessionInitial, SessionFollowUp, SessionReview, SessionDischarge}

// Label is the word shown on screen and in letters.
func (k SessionKind) Label() string {
	switch k {
	case SessionInitial:
		return "Initial assessment"
	case SessionFollowUp:
		return "Follow-up"
	case SessionReview:
		return "Review"
	case SessionDischarge:
		return "Discharge"
	}
	return string(k)
}

// SessionStatus is where an entry is in its life: draft, then signed.
type SessionStatus string

const (
	StatusDraft  SessionStatus = "draft"
	StatusSigned SessionStatus = "signed"
)

// Label is the word shown on screen.
func (s SessionStatus) Label() string {
	switch s {
	case StatusDraft, "":
		return "Draft"
	case StatusSigned:
		return "Signed"
	}
	return string(s)
}

// SignedLate reports whether an entry signed at signed is late for a
// treatment at treated: signed on a later calendar day, counted in the
// treatment's own time zone.
func SignedLate(treated, signed time.Time) bool {
	return DateOf(treated).Before(DateOf(signed.In(treated.Location())))
}

// Consent is what the patient agreed to in this session, and the chaperone.
type Consent struct {
	Recorded         bool           `json:"recorded,omitempty"`
	Scope            []ConsentScope `json:"scope,omitempty"`
	Form             string         `json:"form,omitempty"` // ConsentVerbal or ConsentWritten
	ChaperoneOffered bool           `json:"chaperone_offered,omitempty"`
	Chaperone        string         `json:"chaperone,omitempty"` // ChaperoneAccepted, ChaperoneDeclined or ""
	ChaperoneName    string         `json:"chaperone_name,omitempty"`
	ChaperoneRole    string         `json:"chaperone_role,omitempty"`
	Withdrawn        bool           `json:"withdrawn,omitempty"`
	WithdrawnAt      time.Time      `json:"withdrawn_at,omitzero"`
	WithdrawnNote    string         `json:"withdrawn_note,omitempty"`
}

// ConsentScope is one kind of examination or treatment consented to.
type ConsentScope string

const (
	ScopeExternal   ConsentScope = "external"
	ScopeVaginal    ConsentScope = "vaginal"
	ScopeRectal     ConsentScope = "rectal"
	ScopeDilator    ConsentScope = "dilator"
	ScopeElectrical ConsentScope = "electrical-stimulation"
)

// ConsentScopes lists the scopes a form offers, in order.
var ConsentScopes = []ConsentScope{ScopeExternal, ScopeVaginal, ScopeRectal, ScopeDilator, ScopeElectrical}

// Label is the word shown on screen.
func (c ConsentScope) Label() string {
	switch c {
	case ScopeExternal:
		return "External"
	case ScopeVaginal:
		return "Vaginal"
	case ScopeRectal:
		return "Rectal"
	case ScopeDilator:
		return "Dilator"
	case ScopeElectrical:
		return "Electrical stimulation"
	}
	return string(c)
}

// Forms of consent, and answers to the offer of a chaperone.
const (
	ConsentVerbal     = "verbal"
	ConsentWritten    = "written"
	ChaperoneAccepted = "accepted"
	ChaperoneDeclined = "declined"
)

// Covers reports whether consent was recorded, not withdrawn, and includes
// one of the scopes.
func (c Consent) Covers(scopes ...ConsentScope) bool {
	if !c.Recorded || c.Withdrawn {
		return false
	}
	for _, s := range c.Scope {
		if oneOf(s, scopes...) {
			return true
		}
	}
	return false
}

// Subjective is what the patient reports.
type Subjective struct {
	PainNow         *int   `json:"pain_now,omitempty"`         // NRS 0–10; nil = not asked
	PainPenetration *int   `json:"pain_penetration,omitempty"` // NRS 0–10; nil = not asked
	Location        string `json:"location,omitempty"`         // LocationEntry, LocationDeep, LocationBoth or ""
	Provoked        string `json:"provoked,omitempty"`         // Provoked, Unprovoked, ProvokedBoth or ""
	Marinoff        *int   `json:"marinoff,omitempty"`         // 0–3
	Text            string `json:"text,omitempty"`
}

// Where penetration hurts, and whether the pain is provoked.
const (
	LocationEntry = "entry"
	LocationDeep  = "deep"
	LocationBoth  = "both"
	Provoked      = "provoked"
	Unprovoked    = "unprovoked"
	ProvokedBoth  = "both"
)

// Examination is what the practitioner found.
type Examination struct {
	Tone          Tone           `json:"tone,omitempty"`
	ToneNote      string         `json:"tone_note,omitempty"`
	OxfordLeft    *int           `json:"oxford_left,omitempty"` // Modified Oxford Scale 0–5
	OxfordRight   *int           `json:"oxford_right,omitempty"`
	PERFECT       *Perfect       `json:"perfect,omitempty"`
	TriggerPoints []TriggerPoint `json:"trigger_points,omitempty"`
	Swab          []SwabSite     `json:"swab,omitempty"`
	BodyChart     []BodySite     `json:"body_chart,omitempty"`
	Text          string         `json:"text,omitempty"`
}

// Tone of the pelvic floor. Manual tone scores are unreliable, so there is
// no number: only a category and a note.
type Tone string

const (
	ToneNotRecorded Tone = ""
	ToneOveractive  Tone = "overactive"
	ToneNormal      Tone = "normal"
	ToneUnderactive Tone = "underactive"
	ToneUnable      Tone = "unable"
)

// Tones lists the values a form offers, in order.
var Tones = []Tone{ToneOveractive, ToneNormal, ToneUnderactive, ToneUnable, ToneNotRecorded}

// Label is the word shown on screen.
func (t Tone) Label() string {
	switch t {
	case ToneOveractive:
		return "Overactive (hypertonic)"
	case ToneNormal:
		return "Normal"
	case ToneUnderactive:
		return "Underactive (hypotonic)"
	case ToneUnable:
		return "Unable to assess"
	case ToneNotRecorded:
		return "Not recorded"
	}
	return string(t)
}

// Perfect is the PERFECT assessment (Laycock & Jerwood 2001). There is no total.
type Perfect struct {
	Power       int `json:"power"`       // Modified Oxford 0–5
	Endurance   int `json:"endurance"`   // seconds held, 0–10
	Repetitions int `json:"repetitions"` // 0–10
	Fast        int `json:"fast"`        // fast contractions, 0–10
}

// Profile writes the assessment as clinicians do: "P3 E6 R4 F3".
func (p Perfect) Profile() string {
	return fmt.Sprintf("P%d E%d R%d F%d", p.Power, p.Endurance, p.Repetitions, p.Fast)
}

// Sides, always the patient's own.
const (
	SideLeft    = "left"
	SideRight   = "right"
	SideMidline = "midline"
	SideBoth    = "both"
)

// TriggerPoint is one tender point of the internal map, with the pubic
// symphysis at 12 and the anus at 6.
type TriggerPoint struct {
	Hour     int    `json:"hour"`             // 1–12
	Layer    string `json:"layer"`            // LayerSuperficial or LayerDeep
	Side     string `json:"side"`             // the patient's: SideLeft, SideRight or SideMidline
	Muscle   string `json:"muscle,omitempty"` // from the clinic's muscle list
	NRS      int    `json:"nrs"`
	Referral bool   `json:"referral,omitempty"` // pain referred elsewhere
	Note     string `json:"note,omitempty"`
}

// SwabSite is one site of the cotton-swab test, with the urethral meatus at
// 12 and the posterior fourchette at 6.
type SwabSite struct {
	Hour int `json:"hour"`
	NRS  int `json:"nrs"`
}

// BodySite is a tender site of the external body chart.
type BodySite struct {
	Site string `json:"site"`           // from the clinic's body-chart list
	Side string `json:"side,omitempty"` // SideLeft, SideRight, SideBoth, SideMidline or ""
	NRS  int    `json:"nrs"`
}

// TreatmentItem is one technique given in the session.
type TreatmentItem struct {
	TechniqueID string            `json:"technique_id"`
	Minutes     int               `json:"minutes,omitempty"` // 0 = not recorded
	Pain        *int              `json:"pain,omitempty"`
	Params      map[string]string `json:"params,omitempty"` // settings by ParamSpec.Key, as typed
	Note        string            `json:"note,omitempty"`
}

// DilatorUse is the dilator work done in the session.
type DilatorUse struct {
	SizeLabel string `json:"size_label"` // one of the clinic's dilator set
	Minutes   int    `json:"minutes,omitempty"`
	Pain      int    `json:"pain"`
	Note      string `json:"note,omitempty"`
}

// AcknowledgedWarning is a safety warning the practitioner saw and accepted
// when signing; it stays part of the record.
type AcknowledgedWarning struct {
	RuleID string    `json:"rule_id"`
	Text   string    `json:"text"`
	By     string    `json:"by"` // practitioner ID
	At     time.Time `json:"at"`
}

// IsAmendment reports whether the session corrects an earlier signed one.
func (s Session) IsAmendment() bool { return s.AmendsID != "" }

// RectalView tells whether a session's internal examination is drawn on
// the rectal clock face. What consent covered decides: rectal and not
// vaginal is the rectal face, vaginal and not rectal the vaginal one; when
// it covered both or neither, a man's is rectal. The face keeps the one
// convention (pubic symphysis at 12, the patient's left at 3); only the
// centre and the landmark at 6 differ.
func RectalView(p Patient, s Session) bool {
	rectal, vaginal := slices.Contains(s.Consent.Scope, ScopeRectal), slices.Contains(s.Consent.Scope, ScopeVaginal)
	if rectal != vaginal {
		return rectal
	}
	return p.Sex == SexMale
}
