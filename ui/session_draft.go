package ui

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/store"
)

// sessionDraft is what a draft of a session note keeps: the note as the
// form holds it, the text of every number, time and conditional field
// exactly as typed (a half-typed "9:3", a score that is not a number yet, a
// chaperone's name typed before "accepted" was chosen), and how each
// trigger point's muscle and side were chosen.
type sessionDraft struct {
	Session store.Session     `json:"session"`
	Typed   map[string]string `json:"typed"` // nil when loading a saved note: its fields as saved
	Points  []pointFlags      `json:"points,omitempty"`
	// Parked is set when the physiotherapist chose to finish the note
	// later: it waits on the chart instead of reopening at every unlock.
	Parked bool `json:"parked,omitempty"`
}

// typedEntries are the entries whose text a draft keeps as typed, by a
// key that stays the same across a restart.
func (e *sessionEditor) typedEntries() map[string]*widget.Entry {
	m := map[string]*widget.Entry{
		"date": e.date, "time": e.clock,
		"consent.chaperone_name": e.chapName, "consent.chaperone_role": e.chapRole,
		"consent.withdrawn_at": e.withdrawnAt, "consent.withdrawn_note": e.withdrawnNote,
		"subjective.pain_now": e.painNow, "subjective.pain_penetration": e.painPen,
		"dilator.minutes": e.dilMinutes, "dilator.pain": e.dilPain,
	}
	for i, en := range e.perfect {
		m[fmt.Sprintf("perfect[%d]", i)] = en
	}
	for i, r := range e.points {
		m[fmt.Sprintf("points[%d].nrs", i)] = r.nrs
	}
	for h, en := range e.swab {
		m[fmt.Sprintf("swab@%d", h)] = en
	}
	for i, r := range e.bodyRows {
		m[fmt.Sprintf("body[%d].nrs", i)] = r.nrs
	}
	for i, r := range e.treatRows {
		m[fmt.Sprintf("treatment[%d].minutes", i)] = r.minutes
		m[fmt.Sprintf("treatment[%d].pain", i)] = r.pain
		for k, en := range r.params {
			m[fmt.Sprintf("treatment[%d].params.%s", i, k)] = en
		}
	}
	return m
}

// draft is the form as it stands.
func (e *sessionEditor) draft() sessionDraft {
	s, _ := e.collect()
	d := sessionDraft{Session: s, Typed: map[string]string{}}
	for k, en := range e.typedEntries() {
		if en.Text != "" {
			d.Typed[k] = en.Text
		}
	}
	for _, r := range e.points {
		d.Points = append(d.Points, pointFlags{FollowTable: r.followTable, SideAuto: r.sideAuto})
	}
	return d
}

// fingerprint tells one state of the form from another.
func (e *sessionEditor) fingerprint() string {
	b, _ := json.Marshal(e.draft())
	return string(b)
}

// Dirty reports whether the form holds anything not yet saved or signed.
func (e *sessionEditor) Dirty() bool {
	if e.readOnly {
		return false
	}
	return e.clean == "" || e.fingerprint() != e.clean
}

// loadBody shows a draft in the form. A draft restored from the record
// file stays unsaved (dirty) until it is saved, signed or discarded.
func (e *sessionEditor) loadBody(d sessionDraft, dirty bool) {
	e.readOnly = false
	e.signed, e.versions = nil, nil
	e.base = d.Session
	e.loading = true
	e.fillForm(d.Session)
	for i, r := range e.points {
		if i < len(d.Points) {
			r.followTable, r.sideAuto = d.Points[i].FollowTable, d.Points[i].SideAuto
		}
	}
	if d.Typed != nil {
		for k, en := range e.typedEntries() {
			en.SetText(d.Typed[k])
		}
	}
	e.loading = false
	e.showErrors = false
	e.showMessages(nil)
	e.formScroll.Show()
	e.viewScroll.Hide()
	e.clean = e.fingerprint()
	if dirty {
		e.clean = ""
	}
	e.restored = dirty
	e.stale = true
	e.refreshHeader()
	e.refreshLive()
}

// --- autosave ---

// scheduleAutosave keeps the form as a draft within autosaveDelay of the
// first change since the last one kept; later changes ride along.
func (e *sessionEditor) scheduleAutosave() {
	if e.autosavePending || e.closed {
		return
	}
	e.autosavePending = true
	e.schedule(autosaveDelay, e.autosaveFired)
}

func (e *sessionEditor) autosaveFired() {
	e.autosavePending = false
	if e.closed || e.db.Locked() {
		return
	}
	e.keepDraft()
}

// keepDraft writes the form as an encrypted draft now, or removes the
// draft when nothing is left unsaved. It reports whether nothing typed
// would be lost if the editor went away.
func (e *sessionEditor) keepDraft() bool {
	if e.readOnly || e.busy {
		return true
	}
	if !e.Dirty() {
		e.deleteDraft()
		return true
	}
	dr := e.draft()
	dr.Parked = e.parking
	body, err := json.Marshal(dr)
	if err != nil {
		return false
	}
	d := store.Draft{ID: e.draftID, Kind: store.DraftSession, RecordID: e.base.ID, PatientID: e.patient.ID, Body: body}
	if e.amendOf != nil {
		d.RecordID = e.amendOf.ID
	}
	saved, err := e.db.SaveDraft(d)
	if errors.Is(err, store.ErrNotFound) { // removed meanwhile: start a new one
		d.ID = ""
		saved, err = e.db.SaveDraft(d)
	}
	if err != nil {
		e.status.SetText("Could not keep a draft: " + err.Error())
		return false
	}
	e.draftID = saved.ID
	e.draftKeptAt = saved.Saved
	e.refreshStatus()
	return true
}

// deleteDraft removes the kept draft once its work is saved, signed or discarded.
func (e *sessionEditor) deleteDraft() {
	if e.draftID == "" {
		return
	}
	if err := e.db.DeleteDraft(e.draftID); err == nil || errors.Is(err, store.ErrNotFound) {
		e.draftID = ""
		e.draftKeptAt = time.Time{}
	}
}

// restoreSessionDraft reopens the editor exactly as a kept draft left it:
// every field as typed, the trigger points on the map, an amendment with its
// reason. A draft of a note that has been signed since opens the signed
// note; Amend… then starts from the kept changes.
func restoreSessionDraft(sh *Shell, patient store.Patient, d store.Draft, onClose func()) (*sessionEditor, error) {
	if d.Kind != store.DraftSession {
		return nil, fmt.Errorf("this draft is not a session note")
	}
	var body sessionDraft
	if err := json.Unmarshal(d.Body, &body); err != nil {
		return nil, fmt.Errorf("the kept session note could not be read back: %w", err)
	}
	s := body.Session
	if d.PatientID != patient.ID || (s.PatientID != "" && s.PatientID != patient.ID) {
		return nil, fmt.Errorf("the kept session note belongs to another patient")
	}
	e := newSessionEditorShell(sh, patient, onClose)
	e.draftID = d.ID
	e.draftKeptAt = d.Saved
	switch {
	case s.AmendsID != "":
		orig, err := sh.db.Session(s.AmendsID)
		if err != nil {
			return nil, fmt.Errorf("the note this amendment corrects could not be opened: %w", err)
		}
		e.amendOf, e.reason = &orig, s.AmendReason
	case s.ID != "":
		cur, err := sh.db.Session(s.ID)
		if err == nil && cur.Status == store.StatusSigned {
			e.pendingDraft = &body
			e.showSigned(cur)
			e.say("Changes to this note were kept as a draft, but the note has been signed since. " +
				"To add them, use Amend…: the amendment starts from the kept changes.")
			return e, nil
		}
		if err == nil {
			body.Session.WrittenAt = cur.WrittenAt
		}
	}
	e.loadBody(body, true)
	if e.amendOf != nil {
		e.say(amendingNotice(e.reason))
	}
	e.refreshStatus()
	return e, nil
}
