package ui

import (
	"encoding/json"
	"errors"
	"time"

	"github.com/pelvicnotes/pelvicnotes/reports"
	"github.com/pelvicnotes/pelvicnotes/store"
)

// letterDraftDelay is how long after the last edit a letter's draft is saved.
var letterDraftDelay = 1500 * time.Millisecond

// letterSchedule runs the scheduled save on the UI goroutine after a delay.
var letterSchedule = scheduleOnUI

// letterDraft is what a letter's draft keeps: the choices and the edited
// text. The outcome table and the figures are computed again from the
// record when the letter is taken up again.
type letterDraft struct {
	Kind     string            `json:"kind"`
	To       string            `json:"to"`
	CC       []string          `json:"cc,omitempty"`
	Sections map[string]string `json:"sections"`
}

// letterDraftFor finds the patient's unfinished letter in the record file.
func letterDraftFor(db *store.DB, patientID string) (*store.Draft, error) {
	drafts, err := db.DraftsOf(store.DraftLetter, patientID)
	if err != nil || len(drafts) == 0 {
		return nil, err
	}
	return &drafts[0], nil
}

// saveDraft writes the letter's draft now.
func (c *letterComposer) saveDraft() {
	c.unsaved = false
	if !c.edited || len(c.letter.Sections) == 0 {
		return
	}
	toID, cc := c.chosen()
	body := letterDraft{Kind: c.letter.Kind, To: toID, CC: cc, Sections: map[string]string{}}
	for _, s := range c.letter.Sections {
		body.Sections[s.Key] = s.Text
	}
	raw, err := json.Marshal(body)
	if err != nil {
		return
	}
	d, err := c.sh.db.SaveDraft(store.Draft{ID: c.draftID, Kind: store.DraftLetter, PatientID: c.patient.ID, Body: raw})
	c.unsaved = err != nil // tried again at the next edit, lock or close
	if err == nil {
		c.draftID = d.ID
	}
	// A save refused while the file is locked is taken again at the next edit.
}

// flushDraft writes at once a draft still waiting for its moment after
// the last edit (before a lock or closing the window); a letter issued or
// discarded has none waiting.
func (c *letterComposer) flushDraft() {
	if c.unsaved {
		c.saveDraft()
	}
}

// dropDraft forgets the letter's draft: it was issued or discarded.
func (c *letterComposer) dropDraft() {
	c.unsaved = false
	if c.draftID != "" {
		_ = c.sh.db.DeleteDraft(c.draftID)
		c.draftID = ""
	}
}

// restore takes up a draft: the letter is composed afresh from the record
// for the same kind and recipients, and the edited text put back.
func (c *letterComposer) restore(d store.Draft) error {
	var body letterDraft
	if err := json.Unmarshal(d.Body, &body); err != nil {
		return errors.New("the unfinished letter could not be read back")
	}
	c.draftID = d.ID
	c.kind.SetSelected(reports.KindTitle(body.Kind))
	c.selectRecipients(body.To, body.CC)
	if err := c.recompose(); errors.Is(err, reports.ErrNoReferrer) {
		return nil // the recipient has gone from the directory: choose again
	} else if err != nil {
		return err
	}
	for i := range c.letter.Sections {
		if text, ok := body.Sections[c.letter.Sections[i].Key]; ok {
			c.letter.Sections[i].Text = text
		}
	}
	c.edited = true
	c.buildEditors()
	return nil
}
