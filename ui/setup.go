package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/reports"
	"github.com/pelvicnotes/pelvicnotes/store"
)

// setupScreen is the first-run form: the clinic's letterhead, the first
// practitioner and their passphrase. It leads to the recovery key, shown once.
type setupScreen struct {
	shell *Shell

	clinicName, clinicAddress, clinicPhone, clinicEmail *widget.Entry
	name, registration                                  *widget.Entry
	profession                                          *widget.SelectEntry
	passphrase, confirm                                 *widget.Entry
	strength                                            *widget.ProgressBar
	hint                                                *widget.Label
	fields                                              *fieldGrid
	problem                                             *widget.Label
	submit                                              *widget.Button
	busy                                                bool
	content                                             fyne.CanvasObject
}

const (
	fieldConfirm = "confirm"
)

func newSetupScreen(sh *Shell) *setupScreen {
	s := &setupScreen{shell: sh}
	s.clinicName = widget.NewEntry()
	s.clinicName.SetPlaceHolder("As it should appear on letters")
	s.clinicAddress = widget.NewMultiLineEntry()
	s.clinicAddress.SetMinRowsVisible(3)
	s.clinicPhone = widget.NewEntry()
	s.clinicEmail = widget.NewEntry()
	s.name = widget.NewEntry()
	s.name.SetPlaceHolder("Your name, as you sign your notes")
	s.profession = widget.NewSelectEntry([]string{"Physiotherapist", "Pelvic health physiotherapist", "Physical therapist"})
	s.profession.SetText("Physiotherapist")
	s.registration = widget.NewEntry()
	s.registration.SetPlaceHolder("e.g. PH123456")
	s.passphrase = widget.NewPasswordEntry()
	s.passphrase.SetPlaceHolder("Several words you will remember")
	s.passphrase.OnChanged = func(string) { s.updateStrength() }
	s.confirm = widget.NewPasswordEntry()
	s.strength = widget.NewProgressBar()
	s.strength.Max = 4
	s.strength.TextFormatter = func() string { return strengthWords[int(s.strength.Value)] }
	s.hint = widget.NewLabel("")
	s.hint.Wrapping = fyne.TextWrapWord
	s.problem = widget.NewLabel("")
	s.problem.Importance = widget.DangerImportance
	s.problem.Wrapping = fyne.TextWrapWord
	s.problem.Hide()

	g := newFieldGrid()
	g.heading("Your clinic")
	g.add("Clinic name", "clinic."+store.FieldName, s.clinicName)
	g.add("Address", "clinic."+store.FieldAddress, s.clinicAddress)
	g.add("Phone", "clinic."+store.FieldPhone, s.clinicPhone)
	g.add("Email", "clinic."+store.FieldEmail, s.clinicEmail)
	g.heading("You")
	g.add("Your name", "practitioner."+store.FieldName, s.name)
	g.add("Profession", "practitioner."+store.FieldProfession, s.profession)
	g.add("Registration number", "practitioner."+store.FieldRegistrationNumber, s.registration)
	g.heading("Your passphrase")
	g.add("Passphrase", store.FieldPassphrase, s.passphrase, s.strength, s.hint)
	g.add("Type it again", fieldConfirm, s.confirm)
	s.fields = g

	s.submit = widget.NewButton("Set up PelvicNotes", s.onSubmit)
	s.submit.Importance = widget.HighImportance
	s.confirm.OnSubmitted = func(string) { s.onSubmit() }

	intro := widget.NewLabel("PelvicNotes keeps your clinic's records in one encrypted file on this computer. " +
		"Nobody can read it without a practitioner's passphrase or the recovery key you will be given next.")
	intro.Wrapping = fyne.TextWrapWord
	title := widget.NewLabelWithStyle("Welcome to PelvicNotes", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = "subHeadingText"
	form := container.NewVBox(title, intro, g.build(), s.problem, container.NewHBox(s.submit))
	s.content = container.NewCenter(container.NewGridWrap(fyne.NewSize(760, 720), container.NewVScroll(container.NewPadded(form))))
	s.updateStrength()
	return s
}

var strengthWords = []string{"Very weak", "Weak", "Fair", "Strong", "Very strong"}

func (s *setupScreen) avoid() []string {
	return []string{s.name.Text, s.clinicName.Text}
}

func (s *setupScreen) updateStrength() {
	st := store.PassphraseStrengthAvoiding(s.passphrase.Text, s.avoid()...)
	s.strength.SetValue(float64(st.Score))
	if s.passphrase.Text == "" {
		s.hint.SetText("Use four or more ordinary words, or at least 16 characters.")
	} else {
		s.hint.SetText(st.Hint)
	}
}

func (s *setupScreen) onSubmit() {
	if s.busy {
		return // Enter pressed again while the first setup runs
	}
	msgs := map[string]string{}
	if s.passphrase.Text != s.confirm.Text {
		msgs[fieldConfirm] = "the two passphrases are not the same"
	}
	if st := store.PassphraseStrengthAvoiding(s.passphrase.Text, s.avoid()...); !st.Acceptable {
		msgs[store.FieldPassphrase] = strings.TrimSuffix(st.Hint, ".")
	}
	in := store.SetupInfo{
		Clinic: store.Clinic{Name: s.clinicName.Text, Address: s.clinicAddress.Text,
			Phone: s.clinicPhone.Text, Email: s.clinicEmail.Text},
		Practitioner: store.Practitioner{Name: s.name.Text, Profession: s.profession.Text,
			RegistrationNumber: s.registration.Text},
		Passphrase: s.passphrase.Text,
	}
	if len(msgs) > 0 {
		// Show the passphrase problems together with anything else the record refuses.
		_, err := s.shell.db.Setup(store.SetupInfo{Clinic: in.Clinic, Practitioner: in.Practitioner})
		for f, m := range store.FieldMessages(err) {
			if f != store.FieldPassphrase {
				msgs[f] = m
			}
		}
		s.showProblems(msgs, nil)
		return
	}
	s.busy = true
	s.submit.Disable()
	s.submit.SetText("Setting up…")
	s.shell.background(func() (any, error) {
		return s.shell.db.Setup(in)
	}, func(v any, err error) {
		s.busy = false
		s.submit.Enable()
		s.submit.SetText("Set up PelvicNotes")
		if err != nil {
			s.showProblems(store.FieldMessages(err), err)
			return
		}
		s.shell.showRecoveryKey(v.(string))
	})
}

func (s *setupScreen) showProblems(msgs map[string]string, err error) {
	extra := s.fields.show(msgs)
	if msgs == nil && err != nil {
		extra = append(extra, err.Error())
	}
	if len(extra) > 0 {
		s.problem.SetText(strings.Join(extra, "\n"))
		s.problem.Show()
	} else {
		s.problem.Hide()
	}
}

// recoveryScreen shows the recovery key once, with a printable copy.
type recoveryScreen struct {
	shell    *Shell
	key      string
	saved    *widget.Label
	stored   *widget.Check
	cont     *widget.Button
	savePDF  *widget.Button
	content  fyne.CanvasObject
	keyLabel *widget.Label
}

func newRecoveryScreen(sh *Shell, key string) *recoveryScreen {
	r := &recoveryScreen{shell: sh, key: key}
	title := widget.NewLabelWithStyle("Your recovery key", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = "subHeadingText"
	explain := widget.NewLabel("If every passphrase is forgotten, this key is the only way to open the clinic's records. " +
		"Save it as a printable sheet now and keep the paper somewhere locked, apart from this laptop. " +
		"It will not be shown again.")
	explain.Wrapping = fyne.TextWrapWord
	r.keyLabel = widget.NewLabelWithStyle(formatKeyForScreen(key), fyne.TextAlignCenter, fyne.TextStyle{Monospace: true, Bold: true})
	r.keyLabel.SizeName = "subHeadingText"
	r.savePDF = widget.NewButton("Save as a printable sheet (PDF)…", r.onSavePDF)
	r.savePDF.Importance = widget.HighImportance
	r.saved = widget.NewLabel("")
	r.saved.Wrapping = fyne.TextWrapWord
	r.saved.Hide()
	r.cont = widget.NewButton("Continue to PelvicNotes", func() { sh.showMain() })
	r.cont.Disable()
	r.stored = widget.NewCheck("I have printed or written down the recovery key and will store it safely", func(on bool) {
		if on {
			r.cont.Enable()
		} else {
			r.cont.Disable()
		}
	})
	box := container.NewVBox(title, explain, widget.NewCard("", "", r.keyLabel), container.NewHBox(r.savePDF), r.saved, r.stored, container.NewHBox(r.cont))
	r.content = container.NewCenter(container.NewGridWrap(fyne.NewSize(760, 520), container.NewPadded(box)))
	return r
}

// formatKeyForScreen breaks the key into lines of four groups.
func formatKeyForScreen(key string) string {
	groups := strings.Split(key, "-")
	var lines []string
	for i := 0; i < len(groups); i += 4 {
		end := min(i+4, len(groups))
		lines = append(lines, strings.Join(groups[i:end], "  "))
	}
	return strings.Join(lines, "\n")
}

func (r *recoveryScreen) onSavePDF() {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		defer w.Close()
		if err := r.writeSheet(w); err != nil {
			dialog.ShowError(fmt.Errorf("the sheet could not be saved: %w", err), r.shell.win)
			return
		}
		r.saved.SetText("Saved to " + w.URI().Path() + ". Print it, then delete the file.")
		r.saved.Show()
	}, r.shell.win)
	d.SetFileName("PelvicNotes recovery key.pdf")
	d.SetFilter(storage.NewExtensionFileFilter([]string{".pdf"}))
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}

// writeSheet writes the printable recovery-key sheet and notes it in the audit trail.
func (r *recoveryScreen) writeSheet(w interface{ Write([]byte) (int, error) }) error {
	db := r.shell.db
	cs := db.Settings()
	err := reports.RecoveryKeySheet(w, reports.RecoverySheet{
		ClinicName: cs.Clinic.Name, ClinicAddress: cs.Clinic.Address, Key: r.key,
		Created: db.Now(), CreatedBy: db.CurrentPractitioner().Name, Paper: cs.PaperSize,
	})
	if err != nil {
		return err
	}
	return db.Record(store.AuditPrint, "recovery-key", "", "", "recovery key sheet saved as PDF")
}
