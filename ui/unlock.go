package ui

import (
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/store"
)

// unlockScreen is shown at every start and after the app locks: choose who
// you are, type your passphrase. The recovery key is a second way in.
type unlockScreen struct {
	shell *Shell

	who        *widget.RadioGroup
	slots      []store.SlotInfo
	passphrase *widget.Entry
	unlock     *widget.Button
	message    *widget.Label

	recoveryBox *fyne.Container
	recovery    *widget.Entry
	useRecovery *widget.Button
	recoverBtn  *widget.Button

	busyNow bool
	content fyne.CanvasObject
}

func newUnlockScreen(sh *Shell) *unlockScreen {
	u := &unlockScreen{shell: sh, slots: sh.db.Practitioners()}
	labels := make([]string, len(u.slots))
	for i, s := range u.slots {
		labels[i] = s.Label
	}
	u.who = widget.NewRadioGroup(labels, func(string) { u.message.Hide() })
	u.who.Required = true
	if last := sh.lastPractitioner(); last != "" {
		for _, s := range u.slots {
			if s.ID == last {
				u.who.Selected = s.Label
			}
		}
	}
	if u.who.Selected == "" && len(labels) > 0 {
		u.who.Selected = labels[0]
	}
	u.passphrase = widget.NewPasswordEntry()
	u.passphrase.SetPlaceHolder("Passphrase")
	u.passphrase.OnSubmitted = func(string) { u.onUnlock() }
	u.unlock = widget.NewButton("Unlock", u.onUnlock)
	u.unlock.Importance = widget.HighImportance
	u.message = widget.NewLabel("")
	u.message.Importance = widget.DangerImportance
	u.message.Wrapping = fyne.TextWrapWord
	u.message.Hide()

	u.recovery = widget.NewEntry()
	u.recovery.SetPlaceHolder("XXXX-XXXX-XXXX-… from the printed sheet")
	u.recovery.OnSubmitted = func(string) { u.onRecover() }
	u.recoverBtn = widget.NewButton("Unlock with the recovery key", u.onRecover)
	u.recoveryBox = container.NewVBox(
		widget.NewLabel("Type the recovery key from the printed sheet. Spaces, hyphens and capitals do not matter."),
		u.recovery, container.NewHBox(u.recoverBtn))
	u.recoveryBox.Hide()
	u.useRecovery = widget.NewButton("Forgotten your passphrase?", func() {
		u.recoveryBox.Show()
		sh.win.Canvas().Focus(u.recovery)
	})
	u.useRecovery.Importance = widget.LowImportance

	title := widget.NewLabelWithStyle("PelvicNotes is locked", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = "subHeadingText"
	file := widget.NewLabel("Record file: " + sh.db.Path())
	file.Wrapping = fyne.TextWrapWord
	file.TextStyle = fyne.TextStyle{Italic: true}
	box := container.NewVBox(title, file,
		widget.NewLabelWithStyle("Who are you?", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), u.who,
		u.passphrase, u.message, container.NewHBox(u.unlock, u.useRecovery), u.recoveryBox)
	u.content = container.NewCenter(container.NewGridWrap(fyne.NewSize(560, 520), container.NewPadded(box)))
	return u
}

func (u *unlockScreen) selectedSlot() (store.SlotInfo, bool) {
	for _, s := range u.slots {
		if s.Label == u.who.Selected {
			return s, true
		}
	}
	return store.SlotInfo{}, false
}

func (u *unlockScreen) onUnlock() {
	if u.busyNow {
		return // Enter pressed again while the key is derived
	}
	slot, ok := u.selectedSlot()
	if !ok {
		u.say("Choose who you are first.")
		return
	}
	if u.passphrase.Text == "" {
		u.say("Type your passphrase.")
		return
	}
	pass := u.passphrase.Text
	u.busy(true)
	u.shell.background(func() (any, error) {
		return nil, u.shell.db.Unlock(slot.ID, pass)
	}, func(_ any, err error) {
		u.busy(false)
		if !u.current() {
			return
		}
		if errors.Is(err, store.ErrDamaged) {
			u.shell.showDamaged(err) // found while reading the records: offer the backups
			return
		}
		if err != nil {
			u.passphrase.SetText("")
			u.say(capitalise(err.Error()) + ".")
			u.shell.win.Canvas().Focus(u.passphrase)
			return
		}
		u.shell.rememberPractitioner(slot.ID)
		u.shell.showMain()
	})
}

func (u *unlockScreen) onRecover() {
	if u.busyNow {
		return
	}
	key := u.recovery.Text
	u.busy(true)
	u.shell.background(func() (any, error) {
		return nil, u.shell.db.UnlockWithRecovery(key)
	}, func(_ any, err error) {
		u.busy(false)
		if !u.current() {
			return
		}
		if errors.Is(err, store.ErrDamaged) {
			u.shell.showDamaged(err)
			return
		}
		if err != nil {
			u.say(capitalise(err.Error()) + ".")
			return
		}
		u.shell.showMain()
		u.shell.askNewPassphrase()
	})
}

// current reports whether this unlock screen is still the one showing.
func (u *unlockScreen) current() bool { return u.shell.win.Content() == u.content }

func (u *unlockScreen) busy(on bool) {
	u.busyNow = on
	if on {
		u.unlock.Disable()
		u.recoverBtn.Disable()
		u.unlock.SetText("Unlocking…")
		u.message.Hide()
		return
	}
	u.unlock.Enable()
	u.recoverBtn.Enable()
	u.unlock.SetText("Unlock")
}

func (u *unlockScreen) say(msg string) {
	u.message.SetText(msg)
	u.message.Show()
}

// askNewPassphrase follows a recovery-key unlock: whose passphrase was
// forgotten, and what is the new one.
func (s *Shell) askNewPassphrase() {
	slots := s.db.Practitioners()
	labels := make([]string, len(slots))
	for i, sl := range slots {
		labels[i] = sl.Label
	}
	who := widget.NewSelect(labels, nil)
	if len(labels) > 0 {
		who.SetSelectedIndex(0)
	}
	pass := widget.NewPasswordEntry()
	again := widget.NewPasswordEntry()
	hint := widget.NewLabel("")
	hint.Wrapping = fyne.TextWrapWord
	pass.OnChanged = func(p string) { hint.SetText(store.PassphraseStrength(p).Hint) }
	items := []*widget.FormItem{
		widget.NewFormItem("Practitioner", who),
		widget.NewFormItem("New passphrase", pass),
		widget.NewFormItem("Type it again", again),
		widget.NewFormItem("", hint),
	}
	var d *dialog.FormDialog
	d = dialog.NewForm("Set a new passphrase", "Set passphrase", "Later", items, func(ok bool) {
		if !ok {
			return
		}
		if pass.Text != again.Text {
			dialog.ShowInformation("Passphrase not set", "The two passphrases are not the same. Use Settings to try again.", s.win)
			return
		}
		id := ""
		for _, sl := range slots {
			if sl.Label == who.Selected {
				id = sl.PractitionerID
			}
		}
		// The key derivation takes a second or more: off the UI goroutine.
		l := widget.NewLabel("Setting the new passphrase…")
		busy := dialog.NewCustomWithoutButtons("Set a new passphrase", container.NewVBox(l, widget.NewProgressBarInfinite()), s.win)
		busy.Resize(fyne.NewSize(420, 140))
		busy.Show()
		db, name, secret := s.db, who.Selected, pass.Text
		s.deriveInBackground(func() (any, error) {
			return nil, db.SetPassphrase(id, secret)
		}, func(_ any, err error) {
			busy.Hide()
			if s.db != db {
				return
			}
			if db.Locked() {
				lockedOutcome(s.win, err, "Passphrase set", name+" can now unlock PelvicNotes with the new passphrase.",
					"Passphrase not set", "The new passphrase for "+name+" was not set")
				return
			}
			if err != nil {
				dialog.ShowError(errors.New(store.FieldMessages(err)[store.FieldPassphrase]+errText(err)), s.win)
				return
			}
			dialog.ShowInformation("Passphrase set", fmt.Sprintf("%s can now unlock PelvicNotes with the new passphrase.", name), s.win)
		})
	}, s.win)
	d.Resize(fyne.NewSize(560, 320))
	d.Show()
}

// errText is err's text when it is not a field-level refusal.
func errText(err error) string {
	if store.FieldMessages(err) != nil {
		return ""
	}
	return err.Error()
}
