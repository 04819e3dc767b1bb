package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/store"
)

const msgSignedNote = "This note is signed, so it cannot be changed. To correct it, use Amend…: " +
	"the original stays exactly as signed, and your correction is added beside it with your name, the time and your reason."

// minAmendReason matches the record's rule for the reason of an amendment.
const minAmendReason = 5

// say shows a notice under the header.
func (e *sessionEditor) say(text string) {
	e.notice.SetText(text)
	e.notice.Show()
	e.relayout()
}

// refuseEdit explains why a signed note cannot be saved or signed again.
func (e *sessionEditor) refuseEdit() {
	e.say(msgSignedNote)
	dialog.ShowInformation("Signed notes cannot be changed", msgSignedNote, e.sh.win)
}

// refuse shows what stops the note being saved, and puts the cursor there.
func (e *sessionEditor) refuse(msgs map[string]string) {
	e.showErrors = true
	e.showMessages(msgs)
	if e.stale {
		e.relayout()
	}
	e.focusFirstProblem(msgs)
}

// storeError shows an error of the record file where it belongs.
func (e *sessionEditor) storeError(err error) {
	switch msgs := store.FieldMessages(err); {
	case msgs != nil:
		e.refuse(msgs)
	case errors.Is(err, store.ErrSigned):
		e.refuseEdit()
	default:
		dialog.ShowError(fmt.Errorf("the note could not be written: %w", err), e.sh.win)
	}
}

// Save keeps the note as an unsigned draft in the record, when the record
// accepts it; the kept draft is then no longer needed.
func (e *sessionEditor) Save() {
	switch {
	case e.readOnly:
		e.refuseEdit()
		return
	case e.busy:
		return
	case e.amendOf != nil:
		e.say("An amendment is saved when you sign it. Until then it is kept as a draft as you type.")
		return
	}
	s, local := e.collect()
	if msgs := e.check(s, local); len(msgs) > 0 {
		e.refuse(msgs)
		return
	}
	saved, err := e.db.SaveSession(s.Normalise())
	if err != nil {
		e.storeError(err)
		return
	}
	e.base = saved
	e.deleteDraft()
	e.restored = false
	e.showErrors = false
	e.showMessages(nil)
	e.clean = e.fingerprint()
	e.refreshHeader() // lays out again what the messages left
}

// Sign saves and signs the note (or the amendment) in one step. Open
// safety warnings are acknowledged first; a signed note is then read only.
// The main menu's Ctrl+S calls it.
func (e *sessionEditor) Sign() {
	if e.readOnly {
		e.refuseEdit()
		return
	}
	if e.busy {
		return
	}
	s, local := e.collect()
	if msgs := e.check(s, local); len(msgs) > 0 {
		e.refuse(msgs)
		return
	}
	e.sign(s.Normalise(), nil)
}

// sign writes the signature off the UI goroutine with the acknowledgements given.
func (e *sessionEditor) sign(s store.Session, acks []store.AcknowledgedWarning) {
	e.busy = true
	e.refreshHeader()
	before := e.fingerprint()
	amendOf, reason := e.amendOf, e.reason
	db := e.db
	e.sh.background(func() (any, error) {
		if amendOf != nil {
			return db.AmendSession(amendOf.ID, s, reason, acks)
		}
		return db.SaveAndSignSession(s, acks)
	}, func(v any, err error) {
		e.busy = false
		var open *store.UnacknowledgedError
		switch {
		case errors.As(err, &open):
			e.refreshHeader()
			e.askAcknowledgements(s, open.Warnings, acks)
		case err != nil:
			e.refreshHeader()
			e.storeError(err)
		default:
			e.onSigned(v.(store.Session), e.fingerprint() != before)
		}
	})
}

// askAcknowledgements lists the open warnings, each with a check that must
// be ticked, and an optional note added to the assessment; then signs.
func (e *sessionEditor) askAcknowledgements(s store.Session, ws []store.Warning, given []store.AcknowledgedWarning) {
	intro := widget.NewLabel("Before signing, acknowledge each safety warning. The acknowledgements become part of the signed note, with your name and the time.")
	intro.Wrapping = fyne.TextWrapWord
	body := container.NewVBox(intro)
	var signBtn *widget.Button
	addWarningChecks(body, ws, func() *widget.Button { return signBtn })
	note := newNoteEntry("Optional: why you went ahead. It is added to the assessment.", 2)
	body.Add(boldLabel("Note (optional)"))
	body.Add(note)

	var d *dialog.CustomDialog
	cancel := widget.NewButton("Cancel", func() { d.Hide() })
	signBtn = widget.NewButton("Acknowledge and sign", func() {
		d.Hide()
		acks := append(append([]store.AcknowledgedWarning(nil), given...), acknowledged(e.db, ws)...)
		if n := strings.TrimSpace(note.Text); n != "" {
			line := "Safety warnings considered: " + n
			e.assessment.SetText(joinParagraphs(e.assessment.Text, line))
			s.Assessment = joinParagraphs(s.Assessment, line)
		}
		e.sign(s, acks)
	})
	signBtn.Importance = widget.HighImportance
	signBtn.Disable()
	d = dialog.NewCustomWithoutButtons("Acknowledge safety warnings", container.NewVScroll(body), e.sh.win)
	d.SetButtons([]fyne.CanvasObject{cancel, signBtn})
	d.Resize(fyne.NewSize(660, min(340+float32(len(ws))*80, 620)))
	d.Show()
}

// addWarningChecks adds each warning to body with a check to tick, as
// signing a note and issuing a programme ask; confirm (read when a check
// changes) is enabled only once every warning is ticked.
func addWarningChecks(body *fyne.Container, ws []store.Warning, confirm func() *widget.Button) {
	checks := make([]*widget.Check, len(ws))
	update := func(bool) {
		all := true
		for _, c := range checks {
			all = all && c.Checked
		}
		if all {
			confirm().Enable()
		} else {
			confirm().Disable()
		}
	}
	for i, w := range ws {
		checks[i] = widget.NewCheck("I have considered this", update)
		body.Add(warningLine(w.Text))
		body.Add(checks[i])
	}
}

// acknowledged records the warnings as acknowledged now by whoever unlocked.
func acknowledged(db *store.DB, ws []store.Warning) []store.AcknowledgedWarning {
	who, now := db.CurrentPractitioner().ID, db.Now()
	out := make([]store.AcknowledgedWarning, 0, len(ws))
	for _, w := range ws {
		out = append(out, store.AcknowledgedWarning{RuleID: w.RuleID, Text: w.Text, By: who, At: now})
	}
	return out
}

func joinParagraphs(a, b string) string {
	if strings.TrimSpace(a) == "" {
		return b
	}
	return strings.TrimRight(a, "\n ") + "\n\n" + b
}

// onSigned shows the signed note read only.
func (e *sessionEditor) onSigned(saved store.Session, typedSince bool) {
	if typedSince {
		// Typing that arrived while the signature was written stays as a
		// draft, and Amend… starts from it.
		d := e.draft()
		e.keepDraft()
		e.pendingDraft = &d
	} else {
		e.deleteDraft()
	}
	e.amendOf, e.reason = nil, ""
	e.restored = false
	e.showSigned(saved)
	if typedSince {
		e.say("Changes typed while the note was being signed are not in it. They are kept: use Amend… to add them.")
	}
}

// Amend asks why the signed note is being corrected, then opens an
// editable copy of the version in force.
func (e *sessionEditor) Amend() {
	if !e.readOnly || e.signed == nil {
		return
	}
	why := widget.NewLabel("A signed note is never changed. Your amendment is added beside it and signed with your name " +
		"and the time, and the original stays readable. The reason tells anyone reading the record later what was " +
		"corrected and why, so it needs at least 5 characters.")
	why.Wrapping = fyne.TextWrapWord
	reason := newNoteEntry("e.g. Pain at 3 o'clock was recorded as 7; the patient scored it 4", 3)
	hint := hintLabel("")
	var d *dialog.CustomDialog
	start := widget.NewButton("Start amendment", func() {
		d.Hide()
		e.startAmend(strings.TrimSpace(reason.Text))
	})
	start.Importance = widget.HighImportance
	check := func(text string) {
		n := utf8.RuneCountInString(strings.TrimSpace(text))
		if n >= minAmendReason {
			start.Enable()
			hint.SetText("")
		} else {
			start.Disable()
			hint.SetText(fmt.Sprintf("%d more characters needed.", minAmendReason-n))
		}
	}
	reason.OnChanged = check
	check("")
	cancel := widget.NewButton("Cancel", func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons("Amend a signed note", container.NewVBox(why, boldLabel("Reason for the amendment"), reason, hint), e.sh.win)
	d.SetButtons([]fyne.CanvasObject{cancel, start})
	d.Resize(fyne.NewSize(600, 340))
	d.Show()
	e.sh.win.Canvas().Focus(reason)
}

// startAmend opens an editable copy of the version in force (or of changes
// kept since it was signed) as an amendment with reason.
func (e *sessionEditor) startAmend(reason string) {
	if e.signed == nil || utf8.RuneCountInString(reason) < minAmendReason {
		return
	}
	root := *e.signed
	body := sessionDraft{Session: e.current()}
	dirty := false
	if e.pendingDraft != nil {
		body, dirty = *e.pendingDraft, true
		e.pendingDraft = nil
	}
	c := body.Session
	c.ID, c.Status, c.SignedAt, c.SignedBy, c.Late, c.Warnings = "", "", time.Time{}, "", false, nil
	c.WrittenAt = time.Time{}
	c.PatientID, c.Kind, c.TreatedAt = root.PatientID, root.Kind, root.TreatedAt
	c.AmendsID, c.AmendReason = root.ID, reason
	body.Session = c
	body.Typed = nil
	if dirty {
		body.Typed = e.pendingTyped(body)
	}
	e.amendOf, e.reason = &root, reason
	e.loadBody(body, dirty)
	e.say(amendingNotice(reason))
}

func amendingNotice(reason string) string {
	return "Amending the signed note. Reason: " + reason + "\nChange what needs correcting, then sign the amendment. " +
		"The type and time seen stay as in the original."
}

// pendingTyped keeps a pending draft's typed text, except the time seen,
// which an amendment takes from the original.
func (e *sessionEditor) pendingTyped(d sessionDraft) map[string]string {
	out := map[string]string{}
	for k, v := range d.Typed {
		if k != "date" && k != "time" {
			out[k] = v
		}
	}
	t := d.Session.TreatedAt.In(time.Local)
	out["date"], out["time"] = store.DateOf(t).Numeric(), t.Format("15:04")
	return out
}

// CancelAmendment drops the amendment being written and shows the signed note.
func (e *sessionEditor) CancelAmendment() {
	if e.amendOf == nil {
		return
	}
	drop := func() {
		root := *e.amendOf
		e.deleteDraft()
		e.amendOf, e.reason = nil, ""
		e.showSigned(root)
	}
	if !e.Dirty() {
		drop()
		return
	}
	dialog.ShowConfirm("Cancel the amendment?",
		"What you changed in this amendment will be discarded. The signed note stays as it is.",
		func(ok bool) {
			if ok {
				drop()
			}
		}, e.sh.win)
}

// Close leaves the editor; unsaved work is kept as a draft, discarded, or
// the practitioner keeps editing.
func (e *sessionEditor) Close() {
	if e.readOnly {
		// Changes kept for a note signed since stay kept until they are
		// amended in: closing must not lose them.
		if e.pendingDraft == nil {
			e.deleteDraft()
		}
		e.finish()
		return
	}
	if !e.Dirty() {
		e.deleteDraft()
		e.finish()
		return
	}
	msg := widget.NewLabel("This note has changes that are not saved or signed. Keep them as a draft to finish later " +
		"(PelvicNotes offers it again), or discard them.")
	msg.Wrapping = fyne.TextWrapWord
	var d *dialog.CustomDialog
	keep := widget.NewButton("Keep as draft and close", func() {
		d.Hide()
		e.parking = true
		if e.keepDraft() {
			e.finish()
			return
		}
		dialog.ShowInformation("The draft could not be kept",
			"The changes could not be written to the record file, so the note stays open. Save or sign it, or try again.", e.sh.win)
	})
	keep.Importance = widget.HighImportance
	discard := widget.NewButton("Discard changes", func() {
		d.Hide()
		e.deleteDraft()
		e.finish()
	})
	discard.Importance = widget.DangerImportance
	stay := widget.NewButton("Keep editing", func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons("Unsaved note", msg, e.sh.win)
	d.SetButtons([]fyne.CanvasObject{stay, discard, keep})
	d.Resize(fyne.NewSize(500, 200))
	d.Show()
}

// finish stops the autosave and tells the owner the editor is closed.
func (e *sessionEditor) finish() {
	e.closed = true
	if e.onClose != nil {
		e.onClose()
	}
}
