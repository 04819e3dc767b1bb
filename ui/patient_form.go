package ui

import (
	"fmt"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/store"
)

// patientForm edits one patient's demographic record. It holds the patient
// as loaded (base) so it can tell whether anything has changed, and shows a
// message under each field that the store refused.
type patientForm struct {
	db *store.DB

	title    *widget.Label
	subtitle *widget.Label

	name       *widget.Entry
	dob        *widget.Entry
	dobHint    *widget.Label
	sex        *widget.RadioGroup
	phone      *widget.Entry
	email      *widget.Entry
	address    *widget.Entry
	identifier *widget.Entry

	fields   *fieldGrid
	messages map[string]*widget.Label // the fields' messages, by field

	save   *widget.Button
	revert *widget.Button

	grid    *fyne.Container
	scroll  *container.Scroll
	content fyne.CanvasObject

	base       store.Patient // as last loaded or saved; ID "" for a new patient
	loading    bool          // suppresses change handling while fields are filled
	showErrors bool          // after a refused save, fields re-check as they are typed

	// onSaved is told of every successful save.
	onSaved func(store.Patient)
}

func newPatientForm(db *store.DB) *patientForm {
	f := &patientForm{db: db}

	f.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	f.title.SizeName = theme.SizeNameSubHeadingText
	f.subtitle = widget.NewLabel("")

	f.name = widget.NewEntry()
	f.name.SetPlaceHolder("Full name, as the patient writes it")
	f.dob = widget.NewEntry()
	f.dob.SetPlaceHolder("dd/mm/yyyy")
	f.dobHint = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	labels := make([]string, len(store.Sexes))
	for i, s := range store.Sexes {
		labels[i] = s.Label()
	}
	f.sex = widget.NewRadioGroup(labels, nil)
	f.sex.Horizontal = true
	f.phone = widget.NewEntry()
	f.phone.SetPlaceHolder("e.g. 07700 900123")
	f.email = widget.NewEntry()
	f.email.SetPlaceHolder("name@example.com")
	f.address = widget.NewMultiLineEntry()
	f.address.SetMinRowsVisible(3)
	f.address.Wrapping = fyne.TextWrapWord
	f.identifier = widget.NewEntry()
	f.identifier.SetPlaceHolder("e.g. NHS number 943 476 5919")

	for _, e := range []*widget.Entry{f.name, f.dob, f.phone, f.email, f.address, f.identifier} {
		e.OnChanged = f.onFieldChanged
	}
	for _, e := range []*widget.Entry{f.name, f.dob, f.phone, f.email, f.identifier} {
		e.OnSubmitted = func(string) { f.Save() }
	}
	f.sex.OnChanged = f.onFieldChanged

	f.save = widget.NewButton("Save patient", f.Save)
	f.save.Importance = widget.HighImportance
	f.revert = widget.NewButton("Undo changes", f.Revert)

	g := newFieldGrid()
	g.add("Name", store.FieldName, f.name)
	g.add("Date of birth", store.FieldDateOfBirth, f.dob, f.dobHint)
	g.add("Sex", store.FieldSex, f.sex)
	g.add("Phone", store.FieldPhone, f.phone)
	g.add("Email", store.FieldEmail, f.email)
	g.add("Address", store.FieldAddress, f.address)
	g.add("Identifier", store.FieldIdentifier, f.identifier)
	f.fields, f.messages = g, g.messages
	f.grid = g.build()
	f.scroll = container.NewVScroll(f.grid)

	header := container.NewVBox(f.title, f.subtitle)
	buttons := container.NewHBox(layout.NewSpacer(), f.revert, f.save)
	f.content = container.NewBorder(header, buttons, nil, nil, f.scroll)
	f.LoadNew()
	return f
}

// LoadNew empties the form for a new patient.
func (f *patientForm) LoadNew() { f.load(store.Patient{}) }

// Load shows an existing patient for editing.
func (f *patientForm) Load(p store.Patient) { f.load(p) }

// LoadEdited shows base with unsaved edits on top, as a draft kept them.
func (f *patientForm) LoadEdited(base, edited store.Patient, dobText string) {
	f.load(base)
	f.loading = true
	f.name.SetText(edited.Name)
	f.dob.SetText(dobText)
	f.sex.SetSelected(edited.Sex.Label())
	if edited.Sex == store.SexNotRecorded && base.ID == "" {
		f.sex.SetSelected("")
	}
	f.phone.SetText(edited.Phone)
	f.email.SetText(edited.Email)
	f.address.SetText(edited.Address)
	f.identifier.SetText(edited.Identifier)
	f.loading = false
	f.refreshState()
}

func (f *patientForm) load(p store.Patient) {
	f.loading = true
	f.base = p
	f.name.SetText(p.Name)
	f.dob.SetText(p.DateOfBirth.Numeric())
	if p.ID == "" {
		f.sex.SetSelected("") // never guess a patient's sex
	} else {
		f.sex.SetSelected(p.Sex.Label())
	}
	f.phone.SetText(p.Phone)
	f.email.SetText(p.Email)
	f.address.SetText(p.Address)
	f.identifier.SetText(p.Identifier)
	f.loading = false
	f.showErrors = false
	f.setMessages(nil)
	f.refreshState()
}

// Patient is what the form currently says, and any date-of-birth typing
// that is not a date yet.
func (f *patientForm) Patient() (store.Patient, error) {
	p := f.base
	p.Name = f.name.Text
	dob, err := store.ParseDate(f.dob.Text)
	p.DateOfBirth = dob
	p.Sex = store.SexFromLabel(f.sex.Selected)
	p.Phone = f.phone.Text
	p.Email = f.email.Text
	p.Address = f.address.Text
	p.Identifier = f.identifier.Text
	return p, err
}

// Dirty reports whether the form differs from the patient as loaded.
func (f *patientForm) Dirty() bool {
	p, err := f.Patient()
	if err != nil {
		return true
	}
	return !p.Normalise().Equal(f.base.Normalise())
}

// IsNew reports whether the form holds a patient not yet saved.
func (f *patientForm) IsNew() bool { return f.base.ID == "" }

// DisplayName names the patient in the form for messages.
func (f *patientForm) DisplayName() string {
	if n := f.name.Text; n != "" {
		return n
	}
	return "this new patient"
}

// Save validates and writes the patient. On a refusal each field at fault
// shows why, and nothing saved before changes.
func (f *patientForm) Save() {
	p, dobErr := f.Patient()
	msgs := f.check(p, dobErr)
	if len(msgs) == 0 {
		saved, err := f.db.SavePatient(p)
		if err == nil {
			f.load(saved)
			if f.onSaved != nil {
				f.onSaved(saved)
			}
			return
		}
		msgs = store.FieldMessages(err)
		if msgs == nil {
			msgs = map[string]string{store.FieldName: "could not be saved: " + err.Error()}
		}
	}
	f.showErrors = true
	f.setMessages(msgs)
	f.focusFirstError(msgs)
}

// Revert puts back the patient as last saved.
func (f *patientForm) Revert() { f.load(f.base) }

// check runs the store's rules on p, with the date-of-birth parse error in place of its own.
func (f *patientForm) check(p store.Patient, dobErr error) map[string]string {
	msgs := store.FieldMessages(p.Normalise().Validate(f.db.Today()))
	if dobErr != nil {
		if msgs == nil {
			msgs = map[string]string{}
		}
		msgs[store.FieldDateOfBirth] = dobErr.Error()
	}
	return msgs
}

func (f *patientForm) focusFirstError(msgs map[string]string) {
	c := fyne.CurrentApp().Driver().CanvasForObject(f.content)
	if c == nil {
		return
	}
	order := []struct {
		field string
		w     fyne.Focusable
	}{
		{store.FieldName, f.name}, {store.FieldDateOfBirth, f.dob}, {store.FieldPhone, f.phone},
		{store.FieldEmail, f.email}, {store.FieldAddress, f.address}, {store.FieldIdentifier, f.identifier},
	}
	for _, o := range order {
		if msgs[o.field] != "" {
			c.Focus(o.w)
			return
		}
	}
}

func (f *patientForm) onFieldChanged(string) {
	if f.loading {
		return
	}
	if f.showErrors {
		p, dobErr := f.Patient()
		f.setMessages(f.check(p, dobErr))
	}
	f.refreshState()
}

func (f *patientForm) setMessages(msgs map[string]string) {
	f.fields.show(msgs)
	f.relayout()
}

// relayout makes room for messages and hints that appeared or went.
func (f *patientForm) relayout() {
	f.grid.Refresh()
	f.scroll.Refresh()
}

// refreshState updates the title, the date-of-birth read-back and the buttons.
func (f *patientForm) refreshState() {
	today := f.db.Today()
	if f.IsNew() {
		f.title.SetText("New patient")
		f.subtitle.SetText("Name and date of birth are required. Press Enter or Ctrl+S to save.")
	} else {
		f.title.SetText(f.base.Name)
		f.subtitle.SetText(patientSummary(f.base, today))
	}
	dob, err := store.ParseDate(f.dob.Text)
	if err == nil && !dob.IsZero() && dob.Before(today) {
		f.dobHint.SetText(fmt.Sprintf("%s, %d years old", dob.Display(), dob.AgeOn(today)))
		f.dobHint.Show()
	} else {
		f.dobHint.Hide()
	}
	f.relayout()
	dirty := f.Dirty()
	if dirty || f.IsNew() {
		f.save.Enable()
	} else {
		f.save.Disable()
	}
	if dirty {
		f.revert.Enable()
	} else {
		f.revert.Disable()
	}
}

// patientSummary is the one-line identity shown under a patient's name.
func patientSummary(p store.Patient, today store.Date) string {
	s := fmt.Sprintf("Born %s (%d)", p.DateOfBirth.Display(), p.DateOfBirth.AgeOn(today))
	if p.Sex != store.SexNotRecorded {
		s += " · " + p.Sex.Label()
	}
	if p.Identifier != "" {
		s += " · " + p.Identifier
	}
	return s
}

func capitalise(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}
