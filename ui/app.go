// Package ui holds PelvicNotes' Fyne screens. It never imports fyne's app
// driver, so every screen is tested with fyne's test driver.
package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/store"
)

// Shell is the main window: the menu with its shortcuts and the screens.
type Shell struct {
	app      fyne.App
	win      fyne.Window
	db       *store.DB
	patients *patientsScreen
}

// NewShell builds the main window on an open record file.
func NewShell(a fyne.App, db *store.DB) *Shell {
	s := &Shell{app: a, db: db}
	a.Settings().SetTheme(NewTheme())
	s.win = a.NewWindow("PelvicNotes")
	s.patients = newPatientsScreen(db, s.win)
	s.win.SetContent(s.patients.content)
	s.win.SetMainMenu(s.mainMenu())
	s.win.SetCloseIntercept(s.onCloseRequested)
	s.win.Resize(fyne.NewSize(1280, 720))
	s.win.SetMaster()
	return s
}

// Window is the main window.
func (s *Shell) Window() fyne.Window { return s.win }

// Menu shortcuts work even while an entry has the keyboard, which a
// canvas shortcut would not.
func (s *Shell) mainMenu() *fyne.MainMenu {
	ctrl := fyne.KeyModifierShortcutDefault
	newPatient := fyne.NewMenuItem("New patient", s.patients.NewPatient)
	newPatient.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: ctrl | fyne.KeyModifierShift}
	find := fyne.NewMenuItem("Find patient", s.patients.FocusSearch)
	find.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: ctrl}
	save := fyne.NewMenuItem("Save", s.patients.form.Save)
	save.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: ctrl}
	about := fyne.NewMenuItem("About PelvicNotes", s.showAbout)
	return fyne.NewMainMenu(
		fyne.NewMenu("File", newPatient, find, fyne.NewMenuItemSeparator(), save),
		fyne.NewMenu("Help", about),
	)
}

func (s *Shell) showAbout() {
	meta := s.app.Metadata()
	text := fmt.Sprintf("PelvicNotes %s\nClinical notes for pelvic-floor physiotherapy.\n\nRecord file:\n%s",
		meta.Version, s.db.Path())
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom("About PelvicNotes", "Close", container.NewPadded(l), s.win)
	d.Resize(fyne.NewSize(520, 260))
	d.Show()
}

// onCloseRequested keeps unsaved work from being lost when the window closes.
func (s *Shell) onCloseRequested() {
	s.patients.leaveForm(func() { s.win.Close() }, nil)
}

// ShowAlreadyOpen tells the user that another PelvicNotes holds the file,
// then quits when they acknowledge it.
func ShowAlreadyOpen(a fyne.App, path string) {
	ShowFatal(a, "PelvicNotes is already open",
		fmt.Sprintf("PelvicNotes is already open on this record file:\n%s\n\nSwitch to the window that is open, or close it and try again. Nothing has been changed.", path))
}

// ShowFatal shows one message in its own small window and quits when it is
// dismissed. Used when the app cannot start.
func ShowFatal(a fyne.App, title, message string) {
	a.Settings().SetTheme(NewTheme())
	w := a.NewWindow("PelvicNotes")
	w.SetMaster()
	l := widget.NewLabel(message)
	l.Wrapping = fyne.TextWrapWord
	w.Resize(fyne.NewSize(600, 300))
	w.SetContent(container.NewStack())
	d := dialog.NewCustom(title, "Close", l, w)
	d.SetOnClosed(func() { a.Quit() })
	d.Resize(fyne.NewSize(540, 220))
	w.Show()
	d.Show()
}
