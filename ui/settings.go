package ui

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/store"
)

// formDialog shows a fieldGrid in a dialog whose Save keeps it open until
// the record accepts what was typed.
func (s *Shell) formDialog(title, confirm string, g *fieldGrid, intro string, save func() error) {
	formDialogOn(s.win, title, confirm, g, intro, save)
}

func formDialogOn(win fyne.Window, title, confirm string, g *fieldGrid, intro string, save func() error) {
	formDialogBusyOn(win, title, confirm, "", g, intro, func(done func(error)) { done(save()) })
}

// formDialogBusyOn is formDialogOn for a save that takes a while (deriving
// a key from a passphrase): save starts the work off the UI goroutine and
// hands its result to done on it. Meanwhile the dialog says busy, with
// progress, and neither button can be pressed. An empty busy is a save
// that calls done at once.
func formDialogBusyOn(win fyne.Window, title, confirm, busy string, g *fieldGrid, intro string, save func(done func(error))) {
	problem := widget.NewLabel("")
	problem.Importance = widget.DangerImportance
	problem.Wrapping = fyne.TextWrapWord
	problem.Hide()
	var d *dialog.CustomDialog
	var ok, cancel *widget.Button
	working := widget.NewLabel(busy)
	bar := widget.NewProgressBarInfinite()
	bar.Stop()
	working.Hide()
	bar.Hide()
	setBusy := func(on bool) {
		if busy == "" {
			return
		}
		if on {
			ok.Disable()
			cancel.Disable()
			problem.Hide()
			working.Show()
			bar.Show()
			bar.Start()
			return
		}
		bar.Stop()
		bar.Hide()
		working.Hide()
		ok.Enable()
		cancel.Enable()
	}
	inFlight := false
	ok = widget.NewButton(confirm, func() {
		if inFlight {
			return
		}
		inFlight = true
		setBusy(true)
		save(func(err error) {
			inFlight = false
			setBusy(false)
			if err == nil {
				d.Hide()
				return
			}
			extra := g.show(store.FieldMessages(err))
			if store.FieldMessages(err) == nil {
				extra = append(extra, capitalise(err.Error())+".")
			}
			problem.SetText(strings.Join(extra, "\n"))
			problem.Hidden = len(extra) == 0
			problem.Refresh()
		})
	})
	ok.Importance = widget.HighImportance
	cancel = widget.NewButton("Cancel", func() { d.Hide() })
	body := container.NewVBox()
	if intro != "" {
		l := widget.NewLabel(intro)
		l.Wrapping = fyne.TextWrapWord
		body.Add(l)
	}
	body.Add(g.build())
	body.Add(problem)
	body.Add(working)
	body.Add(bar)
	d = dialog.NewCustomWithoutButtons(title, container.NewVScroll(body), win)
	d.SetButtons([]fyne.CanvasObject{cancel, ok})
	d.Resize(fyne.NewSize(680, 560))
	d.Show()
}

// showClinicSettings edits the letterhead and the auto-lock time.
func (s *Shell) showClinicSettings() {
	cs := s.db.Settings()
	name := entryWith(cs.Clinic.Name)
	address := widget.NewMultiLineEntry()
	address.SetText(cs.Clinic.Address)
	address.SetMinRowsVisible(3)
	phone, email, website := entryWith(cs.Clinic.Phone), entryWith(cs.Clinic.Email), entryWith(cs.Clinic.Website)
	minutes := widget.NewSelect([]string{"1", "2", "3", "5", "10", "15", "20", "30", "45", "60"}, nil)
	minutes.SetSelected(strconv.Itoa(cs.AutoLockMinutes))

	g := newFieldGrid()
	g.heading("Letterhead")
	g.add("Clinic name", "clinic."+store.FieldName, name)
	g.add("Address", "clinic."+store.FieldAddress, address)
	g.add("Phone", "clinic."+store.FieldPhone, phone)
	g.add("Email", "clinic."+store.FieldEmail, email)
	g.add("Website", "clinic."+store.FieldWebsite, website)
	logo := newLogoPicker(s.win, cs.Clinic.Logo)
	g.add("Logo", "clinic."+store.FieldLogo, logo.content)
	paper := widget.NewRadioGroup([]string{paperLabelA4, paperLabelLetter}, nil)
	paper.Horizontal = true
	paper.Required = true
	paper.SetSelected(paperLabel(cs.PaperSize))
	g.add("Paper for letters", "paper_size", paper)
	g.heading("Security")
	g.add("Lock after idle minutes", "auto_lock_minutes", minutes)
	crisis := widget.NewMultiLineEntry()
	crisis.SetText(cs.CrisisText)
	crisis.Wrapping = fyne.TextWrapWord
	crisis.SetMinRowsVisible(5)
	g.heading("PHQ-9 item 9 alert")
	g.add("Crisis resources", "crisis_text", crisis)

	s.formDialog("Clinic settings", "Save settings", g, "", func() error {
		next := cs
		next.Clinic.Name, next.Clinic.Address, next.Clinic.Phone = name.Text, address.Text, phone.Text
		next.Clinic.Email, next.Clinic.Website = email.Text, website.Text
		next.Clinic.Logo = logo.data
		next.PaperSize = paperFromLabel(paper.Selected)
		next.AutoLockMinutes, _ = strconv.Atoi(minutes.Selected)
		next.CrisisText = crisis.Text
		return s.db.SaveSettings(next)
	})
}

// showChangePassphrase changes the passphrase of whoever unlocked the file.
// The key derivation (Argon2id, a second or more) runs off the UI goroutine.
func (s *Shell) showChangePassphrase() {
	old, pass, again := widget.NewPasswordEntry(), widget.NewPasswordEntry(), widget.NewPasswordEntry()
	hint := widget.NewLabel("")
	hint.Wrapping = fyne.TextWrapWord
	pass.OnChanged = func(p string) { hint.SetText(store.PassphraseStrength(p).Hint) }
	g := newFieldGrid()
	g.add("Current passphrase", "old", old)
	g.add("New passphrase", store.FieldPassphrase, pass, hint)
	g.add("Type it again", fieldConfirm, again)
	who := s.db.CurrentPractitioner()
	db := s.db
	formDialogBusyOn(s.win, "Change my passphrase", "Change passphrase", "Changing your passphrase…", g,
		fmt.Sprintf("For %s. Your colleagues' passphrases and the recovery key are not affected.", who.Name),
		func(done func(error)) {
			if pass.Text != again.Text {
				done(&store.ValidationError{Fields: []store.FieldError{{Field: fieldConfirm, Message: "the two passphrases are not the same"}}})
				return
			}
			oldText, newText := old.Text, pass.Text
			s.deriveInBackground(func() (any, error) {
				return nil, db.ChangePassphrase(oldText, newText)
			}, func(_ any, err error) {
				if s.db == db && db.Locked() {
					// Locked as soon as it finished: the dialog is gone, so
					// say how it went over the unlock screen.
					lockedOutcome(s.win, err, "Passphrase changed", "Unlock with your new passphrase.",
						"Passphrase not changed", "Your passphrase was not changed")
					return
				}
				if errors.Is(err, store.ErrWrongPassphrase) {
					err = &store.ValidationError{Fields: []store.FieldError{{Field: "old", Message: "that is not your current passphrase"}}}
				}
				done(err)
				if err == nil && s.db == db && !db.Locked() {
					dialog.ShowInformation("Passphrase changed", "Use your new passphrase from now on, here and when PelvicNotes locks.", s.win)
				}
			})
		})
}

// showAddPractitioner lets a colleague unlock the file with their own
// passphrase. Their key is derived off the UI goroutine.
func (s *Shell) showAddPractitioner() {
	name, registration := widget.NewEntry(), widget.NewEntry()
	profession := widget.NewSelectEntry([]string{"Physiotherapist", "Pelvic health physiotherapist", "Physical therapist"})
	profession.SetText("Physiotherapist")
	pass, again := widget.NewPasswordEntry(), widget.NewPasswordEntry()
	hint := widget.NewLabel("")
	hint.Wrapping = fyne.TextWrapWord
	pass.OnChanged = func(p string) { hint.SetText(store.PassphraseStrength(p).Hint) }
	g := newFieldGrid()
	g.add("Name", store.FieldName, name)
	g.add("Profession", store.FieldProfession, profession)
	g.add("Registration number", store.FieldRegistrationNumber, registration)
	g.add("Their passphrase", store.FieldPassphrase, pass, hint)
	g.add("Type it again", fieldConfirm, again)
	db := s.db
	formDialogBusyOn(s.win, "Add a practitioner", "Add practitioner", "Setting up their passphrase…", g,
		"Your colleague chooses their own passphrase now, at this computer.", func(done func(error)) {
			if pass.Text != again.Text {
				done(&store.ValidationError{Fields: []store.FieldError{{Field: fieldConfirm, Message: "the two passphrases are not the same"}}})
				return
			}
			p := store.Practitioner{Name: name.Text, Profession: profession.Text, RegistrationNumber: registration.Text}
			secret := pass.Text
			s.deriveInBackground(func() (any, error) {
				return db.AddPractitioner(p, secret)
			}, func(v any, err error) {
				if s.db == db && db.Locked() {
					lockedOutcome(s.win, err, "Practitioner added", p.Name+" can now unlock PelvicNotes with their own passphrase.",
						"Practitioner not added", p.Name+" was not added")
					return
				}
				done(err)
				if added, ok := v.(store.Practitioner); err == nil && ok && s.db == db && !db.Locked() {
					dialog.ShowInformation("Practitioner added", fmt.Sprintf("%s can now unlock PelvicNotes with their own passphrase.", added.Name), s.win)
				}
			})
		})
}

// lockedOutcome says how a passphrase change ended when PelvicNotes locked
// as it finished (a lock asked for meanwhile waits for it): over the
// unlock screen, so in words that name no patient.
func lockedOutcome(win fyne.Window, err error, doneTitle, doneText, failTitle, failLead string) {
	if err == nil {
		dialog.ShowInformation(doneTitle, doneText, win)
		return
	}
	why := oneLineMsg(err.Error())
	if errors.Is(err, store.ErrWrongPassphrase) {
		why = "that is not your current passphrase"
	} else if m := store.FieldMessages(err); len(m) > 0 {
		var parts []string
		for _, v := range m {
			parts = append(parts, v)
		}
		sort.Strings(parts)
		why = strings.Join(parts, "; ")
	}
	dialog.ShowInformation(failTitle, failLead+": "+why+".", win)
}

func entryWith(text string) *widget.Entry {
	e := widget.NewEntry()
	e.SetText(text)
	return e
}
