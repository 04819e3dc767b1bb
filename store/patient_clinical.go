package store

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// The clinical half of the patient record: the referral, the flags that
// drive safety rules, and the patient's goals.

// Referral is why and by whom the patient was sent.
type Referral struct {
	ReferrerID string      `json:"referrer_id,omitempty"`
	Date       Date        `json:"date,omitzero"`
	Reason     string      `json:"reason,omitempty"`
	Diagnoses  []Diagnosis `json:"diagnoses,omitempty"`
}

// Diagnosis is a diagnosis in words, with an optional code.
type Diagnosis struct {
	Text   string `json:"text"`
	System string `json:"system,omitempty"` // SystemSNOMED, SystemICD10, SystemICD11 or ""
	Code   string `json:"code,omitempty"`
}

// Flags are the facts about a patient that safety rules check a session or a
// programme against. A date belongs with its flag and only with it.
type Flags struct {
	Pregnant           bool   `json:"pregnant,omitempty"`
	DueDate            Date   `json:"due_date,omitzero"`
	Postpartum         bool   `json:"postpartum,omitempty"`
	BirthDate          Date   `json:"birth_date,omitzero"` // the baby's birth
	ActiveImplant      bool   `json:"active_implant,omitempty"`
	ImplantNote        string `json:"implant_note,omitempty"` // e.g. "pacemaker"
	ActiveInfection    bool   `json:"active_infection,omitempty"`
	Bleeding           bool   `json:"bleeding,omitempty"`
	Malignancy         bool   `json:"malignancy,omitempty"`
	MalignancyNote     string `json:"malignancy_note,omitempty"`
	SuspectedProlapse  bool   `json:"suspected_prolapse,omitempty"`
	Epilepsy           bool   `json:"epilepsy,omitempty"`
	RecentSurgery      bool   `json:"recent_surgery,omitempty"`
	SurgeryDate        Date   `json:"surgery_date,omitzero"`
	ProlapseRepair     bool   `json:"prolapse_repair,omitempty"` // the recent surgery was a prolapse repair
	PelvicRadiotherapy bool   `json:"pelvic_radiotherapy,omitempty"`
	RadiotherapyDate   Date   `json:"radiotherapy_date,omitzero"` // end of the course
	Menopause          bool   `json:"menopause,omitempty"`
}

// GoalStatus is where a goal stands.
type GoalStatus string

const (
	GoalActive         GoalStatus = "active"
	GoalAchieved       GoalStatus = "achieved"
	GoalPartlyAchieved GoalStatus = "partly-achieved"
	GoalDropped        GoalStatus = "dropped"
)

// GoalStatuses lists the values a form offers, in order.
var GoalStatuses = []GoalStatus{GoalActive, GoalPartlyAchieved, GoalAchieved, GoalDropped}

// Label is the word shown on screen.
func (g GoalStatus) Label() string {
	switch g {
	case GoalActive:
		return "Active"
	case GoalAchieved:
		return "Achieved"
	case GoalPartlyAchieved:
		return "Partly achieved"
	case GoalDropped:
		return "Dropped"
	}
	return string(g)
}

// Goal is something the patient wants to be able to do, in their own words.
type Goal struct {
	ID       string     `json:"id,omitempty"`
	Text     string     `json:"text"`
	Status   GoalStatus `json:"status"`
	Set      Date       `json:"set"`
	Reviewed Date       `json:"reviewed,omitzero"`
}

const (
	maxDiagnoses = 20
	maxGoals     = 20
	maxCopies    = 20
)

func init() {
	addFieldLabels(map[string]string{
		"referral.referrer_id":        "Referred by",
		"referral.date":               "Referral date",
		"referral.reason":             "Reason for referral",
		"referral.diagnoses":          "Diagnoses",
		"referral.diagnoses[].text":   "Diagnosis %d",
		"referral.diagnoses[].system": "Diagnosis %d: coding system",
		"referral.diagnoses[].code":   "Diagnosis %d: code",
		"flags.due_date":              "Due date",
		"flags.birth_date":            "Date of birth of the baby",
		"flags.implant_note":          "Implant",
		"flags.malignancy_note":       "Malignancy",
		"flags.surgery_date":          "Date of surgery",
		"flags.prolapse_repair":       "Prolapse repair",
		"flags.radiotherapy_date":     "Date radiotherapy ended",
		"goals":                       "Goals",
		"goals[].id":                  "Goal %d",
		"goals[].text":                "Goal %d",
		"goals[].status":              "Goal %d: status",
		"goals[].set":                 "Goal %d: date set",
		"goals[].reviewed":            "Goal %d: date reviewed",
		"copies_to":                   "Copies to",
		"copies_to[]":                 "Copy %d to",
	})
}

// normaliseClinical trims the clinical fields, copying every list so the
// caller's patient is left as it was.
func (p Patient) normaliseClinical() Patient {
	r := &p.Referral
	r.ReferrerID = strings.TrimSpace(r.ReferrerID)
	r.Reason = normText(r.Reason)
	r.Diagnoses = slices.Clone(r.Diagnoses)
	for i := range r.Diagnoses {
		d := &r.Diagnoses[i]
		d.Text = normLine(d.Text)
		d.System = strings.TrimSpace(d.System)
		d.Code = NormaliseCode(d.System, d.Code)
	}
	p.Flags.ImplantNote = normLine(p.Flags.ImplantNote)
	p.Flags.MalignancyNote = normLine(p.Flags.MalignancyNote)
	p.Goals = slices.Clone(p.Goals)
	for i := range p.Goals {
		p.Goals[i].Text = normText(p.Goals[i].Text)
	}
	p.CopiesTo = slices.Clone(p.CopiesTo)
	for i := range p.CopiesTo {
		p.CopiesTo[i] = strings.TrimSpace(p.CopiesTo[i])
	}
	return p
}

// checkClinical adds the faults of the referral, flags, goals and copies.
func (p Patient) checkClinical(v *ValidationError, today Date) {
	p.Referral.check(v, "referral", today)
	p.Flags.check(v, "flags", today)

	if len(p.Goals) > maxGoals {
		v.add("goals", fmt.Sprintf("keep to %d goals at most; drop or merge old ones", maxGoals))
	}
	for i, g := range p.Goals {
		f := nth("goals", i)
		if g.ID != "" && slices.ContainsFunc(p.Goals[:i], func(o Goal) bool { return o.ID == g.ID }) {
			v.add(at(f, "id"), "two goals share one ID")
		}
		checkRequiredText(v, at(f, "text"), "write the goal in the patient's own words", "goal", g.Text, maxShortNote, true)
		if !oneOf(g.Status, GoalStatuses...) {
			v.add(at(f, "status"), "choose active, partly achieved, achieved or dropped")
		}
		if g.Set.IsZero() {
			v.add(at(f, "set"), "enter the date the goal was set")
		} else {
			checkPastDate(v, at(f, "set"), g.Set, today, earliestCare, "a date before 1990 cannot be right")
		}
		if !g.Reviewed.IsZero() {
			checkPastDate(v, at(f, "reviewed"), g.Reviewed, today, g.Set, "a goal is reviewed on or after the day it was set")
		}
	}

	if len(p.CopiesTo) > maxCopies {
		v.add("copies_to", fmt.Sprintf("send copies to %d people at most", maxCopies))
	}
	for i, id := range p.CopiesTo {
		f := nth("copies_to", i)
		checkRef(v, f, "choose who receives the copy, or remove the line", id)
		switch {
		case id != "" && slices.Contains(p.CopiesTo[:i], id):
			v.add(f, "this person already receives a copy")
		case id != "" && id == p.Referral.ReferrerID:
			v.add(f, "the referrer receives the letter itself; choose someone else for a copy")
		}
	}
}

func (r Referral) check(v *ValidationError, prefix string, today Date) {
	checkRef(v, at(prefix, "referrer_id"), "", r.ReferrerID)
	checkPastDate(v, at(prefix, "date"), r.Date, today, earliestCare, "a referral before 1990 cannot be right")
	checkText(v, at(prefix, "reason"), "reason", r.Reason, maxNote, true)
	if len(r.Diagnoses) > maxDiagnoses {
		v.add(at(prefix, "diagnoses"), fmt.Sprintf("list %d diagnoses at most", maxDiagnoses))
	}
	for i, d := range r.Diagnoses {
		f := at(prefix, nth("diagnoses", i))
		checkRequiredText(v, at(f, "text"), "write the diagnosis in words; a code alone is not read by everyone",
			"diagnosis", d.Text, maxLineLen, false)
		switch {
		case !oneOf(d.System, CodeSystems...):
			v.add(at(f, "system"), "choose SNOMED CT, ICD-10, ICD-11 or no code")
		case d.System == SystemNone && d.Code != "":
			v.add(at(f, "system"), "choose the coding system this code comes from")
		case d.System != SystemNone && d.Code == "":
			v.add(at(f, "code"), "enter the "+d.System+" code, or choose no code")
		case d.System != SystemNone:
			if msg := codeProblem(d.System, d.Code); msg != "" {
				v.add(at(f, "code"), msg)
			}
		}
	}
}

func (f Flags) check(v *ValidationError, prefix string, today Date) {
	switch {
	case f.DueDate.IsZero():
	case !f.Pregnant:
		v.add(at(prefix, "due_date"), "a due date is recorded only while the patient is pregnant: tick pregnant or clear the date")
	case !f.DueDate.valid():
		v.add(at(prefix, "due_date"), "that day does not exist in the calendar")
	case f.DueDate.Before(today):
		v.add(at(prefix, "due_date"), "the due date has passed: if the baby has been born, untick pregnant and record postpartum with the birth date")
	case today.AddDate(0, 10, 0).Before(f.DueDate):
		v.add(at(prefix, "due_date"), "a due date is no more than 10 months ahead")
	}

	switch {
	case f.BirthDate.IsZero():
	case !f.Postpartum:
		v.add(at(prefix, "birth_date"), "a birth date is recorded only when the patient is postpartum: tick postpartum or clear the date")
	default:
		checkPastDate(v, at(prefix, "birth_date"), f.BirthDate, today, today.AddDate(-2, 0, 0),
			"postpartum is recorded for up to 2 years after the birth; untick postpartum if the baby is older")
	}

	flagNote(v, at(prefix, "implant_note"), f.ImplantNote, f.ActiveImplant, "active implant")
	flagNote(v, at(prefix, "malignancy_note"), f.MalignancyNote, f.Malignancy, "malignancy")

	switch {
	case f.SurgeryDate.IsZero():
	case !f.RecentSurgery:
		v.add(at(prefix, "surgery_date"), "a surgery date is recorded only with recent surgery: tick recent surgery or clear the date")
	default:
		checkPastDate(v, at(prefix, "surgery_date"), f.SurgeryDate, today, earliestCare, "a date before 1990 cannot be right")
	}
	if f.ProlapseRepair && !f.RecentSurgery {
		v.add(at(prefix, "prolapse_repair"), "a prolapse repair is recorded as the recent surgery: tick recent surgery too")
	}

	switch {
	case f.RadiotherapyDate.IsZero():
	case !f.PelvicRadiotherapy:
		v.add(at(prefix, "radiotherapy_date"), "a radiotherapy date is recorded only with pelvic radiotherapy: tick it or clear the date")
	default:
		checkPastDate(v, at(prefix, "radiotherapy_date"), f.RadiotherapyDate, today, earliestCare, "a date before 1990 cannot be right")
	}
}

// flagNote checks the note that goes with a flag.
func flagNote(v *ValidationError, field, note string, flag bool, name string) {
	switch {
	case note == "":
	case !flag:
		v.add(field, "a note is kept only with its flag: tick "+name+" or clear the note")
	default:
		checkText(v, field, "note", note, maxLineLen, false)
	}
}

// checkReferrers refuses a referral or a copy to someone who is not in the
// referrer directory (removed, or an ID from elsewhere).
func (db *DB) checkReferrers(tx *bolt.Tx, p Patient) error {
	var v ValidationError
	exists := func(id string) (bool, error) {
		var r Referrer
		err := db.get(tx, bucketReferrers, []byte(id), &r)
		if errors.Is(err, ErrNotFound) {
			return false, nil
		}
		return err == nil, err
	}
	if id := p.Referral.ReferrerID; id != "" {
		ok, err := exists(id)
		if err != nil {
			return err
		}
		if !ok {
			v.add("referral.referrer_id", "that referrer is not in the referrer directory; choose them again")
		}
	}
	for i, id := range p.CopiesTo {
		ok, err := exists(id)
		if err != nil {
			return err
		}
		if !ok {
			v.add(nth("copies_to", i), "that person is not in the referrer directory; choose them again")
		}
	}
	return v.err()
}
