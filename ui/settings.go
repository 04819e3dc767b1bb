package ui

import (
	"fmt"
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
	problem := widget.NewLabel("")
	problem.Importance = widget.DangerImportance
	problem.Wrapping = fyne.TextWrapWord
	problem.Hide()
	var d *dialog.CustomDialog
	ok := widget.NewButton(confirm, func() {
		err := save()
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
	ok.Importance = widget.HighImportance
	cancel := widget.NewButton("Cancel", func() { d.Hide() })
	body := container.NewVBox()
	if intro != "" {
		l := widget.NewLabel(intro)
		l.Wrapping = fyne.TextWrapWord
		body.Add(l)
	}
	body.Add(g.build())
	body.Add(problem)
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
	s.formDialog("Change my passphrase", "Change passphrase", g,
		fmt.Sprintf("For %s. Your colleagues' passphrases and the recovery key are not affected.", who.Name),
		func() error {
			if pass.Text != again.Text {
				return &store.ValidationError{Fields: []store.FieldError{{Field: fieldConfirm, Message: "the two passphrases are not the same"}}}
			}
			err := s.db.ChangePassphrase(old.Text, pass.Text)
			if err != nil && strings.Contains(err.Error(), "not right") {
				return &store.ValidationError{Fields: []store.FieldError{{Field: "old", Message: "that is not your current passphrase"}}}
			}
			return err
		})
}

// showAddPractitioner lets a colleague unlock the file with their own passphrase.
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
	s.formDialog("Add a practitioner", "Add practitioner", g,
		"Your colleague chooses their own passphrase now, at this computer.", func() error {
			if pass.Text != again.Text {
				return &store.ValidationError{Fields: []store.FieldError{{Field: fieldConfirm, Message: "the two passphrases are not the same"}}}
			}
			_, err := s.db.AddPractitioner(store.Practitioner{Name: name.Text, Profession: profession.Text, RegistrationNumber: registration.Text}, pass.Text)
			return err
		})
}

func entryWith(text string) *widget.Entry {
	e := widget.NewEntry()
	e.SetText(text)
	return e
}
