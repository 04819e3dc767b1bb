// Package ui holds PelvicNotes' Fyne screens. It never imports fyne's app
// driver, so every screen is tested with fyne's test driver.
package ui

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/store"
)

// Shell is the main window: setup, unlock and the working screens, the
// menu with its shortcuts, and the idle lock.
type Shell struct {
	app      fyne.App
	win      fyne.Window
	db       *store.DB
	patients *patientsScreen // nil while locked
	editor   *sessionEditor  // the session being charted, if any
	kept     *patientsScreen // unsaved work that could not be written as a draft
	keptBy   string          // the practitioner whose screen is kept
	// keptWritten says the kept screen's work is also in drafts in the
	// file; stashed is one that is not, set aside while a colleague works.
	keptWritten bool
	stashed     map[string]*patientsScreen // by practitioner ID
	setAside    bool                       // a restore closed open editors, keeping their work as drafts

	deriving    int  // passphrase key derivations running
	lockPending bool // a lock asked for while one ran

	// background runs work off the UI goroutine and hands the result to
	// done on it. Tests replace it with a synchronous version.
	background func(work func() (any, error), done func(any, error))

	// open reopens the record file after a restore; tests give their clock.
	open      func(path string) (*store.DB, error)
	backups   *backupKeeper
	restoring bool // a restore has the record file closed
	closing   bool // the window closes once the last backup is made

	mu           sync.Mutex
	lastActivity time.Time
	fingerprint  string
	stopIdle     chan struct{}
}

// NewShell builds the main window on an open record file: the first-run
// setup for a new file, else the unlock screen (or the patients, if the
// file is already unlocked).
func NewShell(a fyne.App, db *store.DB) *Shell {
	s := &Shell{app: a, db: db}
	s.background = s.runInBackground
	s.open = func(path string) (*store.DB, error) { return store.Open(path, store.Options{}) }
	s.backups = newBackupKeeper(s)
	rememberSlots(a.Preferences(), db.Path(), slotIDs(db)) // for the damaged-file screen, should it ever be needed
	a.Settings().SetTheme(NewTheme())
	s.win = a.NewWindow("PelvicNotes")
	s.win.SetCloseIntercept(s.onCloseRequested)
	s.win.SetOnClosed(s.backups.stopTimer)
	s.win.Resize(fyne.NewSize(1280, 720))
	s.win.SetMaster()
	switch {
	case db.NeedsSetup():
		s.showSetup()
	case db.Locked():
		s.showUnlock()
	default:
		s.showMain()
	}
	return s
}

// Window is the main window.
func (s *Shell) Window() fyne.Window { return s.win }

// DB is the open record file (a restore replaces it).
func (s *Shell) DB() *store.DB { return s.db }

func (s *Shell) runInBackground(work func() (any, error), done func(any, error)) {
	go func() {
		v, err := work()
		fyne.Do(func() { done(v, err) })
	}()
}

func (s *Shell) showSetup() {
	s.win.SetMainMenu(s.lockedMenu())
	s.win.SetContent(newSetupScreen(s).content)
}

func (s *Shell) showRecoveryKey(key string) {
	s.win.SetContent(newRecoveryScreen(s, key).content)
}

func (s *Shell) showUnlock() {
	s.patients = nil
	s.win.SetMainMenu(s.lockedMenu())
	u := newUnlockScreen(s)
	s.win.SetContent(u.content)
	s.win.Canvas().Focus(u.passphrase)
}

// showMain opens the working screens once the file is unlocked, and puts
// back any work a lock set aside.
func (s *Shell) showMain() {
	me := s.db.CurrentPractitioner().ID
	if s.kept != nil && s.keptBy != me {
		// A colleague unlocked: the screen kept in memory holds someone
		// else's unsaved typing. It is not shown to them, nor saved in
		// their name; its drafts wait in the file for whoever typed it,
		// or, if they could not be written, the screen itself waits.
		if !s.keptWritten {
			if s.stashed == nil {
				s.stashed = map[string]*patientsScreen{}
			}
			s.stashed[s.keptBy] = s.kept
		}
		s.kept = nil
	}
	fromStash := false
	if s.kept == nil && s.stashed[me] != nil {
		s.kept, fromStash = s.stashed[me], true
		delete(s.stashed, me)
	}
	kept := s.kept != nil
	if kept {
		s.patients, s.kept = s.kept, nil
		s.patients.refreshList()
	} else {
		s.patients = newPatientsScreen(s)
	}
	s.win.SetContent(s.patients.content)
	s.win.SetMainMenu(s.mainMenu())
	s.touch()
	s.startIdleWatch()
	s.recordPendingRestore()
	s.backups.startTimer() // if automatic backups are on: looks at the backup folder at once, then every minute
	s.restoreDrafts(kept)
	if fromStash {
		s.warnIfChangedMeanwhile()
	}
}

// warnIfChangedMeanwhile says so when the patient of a screen set aside
// while a colleague worked has been saved since: saving the screen's
// unsaved changes would put back what it shows.
func (s *Shell) warnIfChangedMeanwhile() {
	ps := s.patients
	for _, base := range []store.Patient{ps.chart.patient, ps.form.base} {
		if base.ID == "" {
			continue
		}
		if now, err := s.db.Patient(base.ID); err == nil && now.Updated.After(base.Updated) {
			dialog.ShowInformation("Record changed meanwhile", fmt.Sprintf(
				"%s's record was changed while PelvicNotes was unlocked by someone else. Check your unsaved changes before saving: saving puts back what the screen shows.", now.Name), s.win)
			return
		}
	}
}

func (s *Shell) lockedMenu() *fyne.MainMenu {
	about := fyne.NewMenuItem("About PelvicNotes", s.showAbout)
	return fyne.NewMainMenu(fyne.NewMenu("File"), fyne.NewMenu("Help", about))
}

// Menu shortcuts work even while an entry has the keyboard, which a
// canvas shortcut would not.
func (s *Shell) mainMenu() *fyne.MainMenu {
	ctrl := fyne.KeyModifierShortcutDefault
	item := func(label string, key fyne.KeyName, mod fyne.KeyModifier, f func()) *fyne.MenuItem {
		m := fyne.NewMenuItem(label, func() { s.touch(); f() })
		if key != "" {
			m.Shortcut = &desktop.CustomShortcut{KeyName: key, Modifier: mod}
		}
		return m
	}
	p := s.patients
	file := fyne.NewMenu("File",
		item("New session", fyne.KeyN, ctrl, s.newSession),
		item("New patient", fyne.KeyN, ctrl|fyne.KeyModifierShift, func() { s.closeEditorThen(p.NewPatient) }),
		item("Find patient", fyne.KeyF, ctrl, func() { s.closeEditorThen(p.FocusSearch) }),
		fyne.NewMenuItemSeparator(),
		item("Save, or sign the session", fyne.KeyS, ctrl, s.saveOrSign),
		fyne.NewMenuItemSeparator(),
		item("Referrer directory…", "", 0, s.showReferrers),
		fyne.NewMenuItemSeparator(),
		item("Back up now", "", 0, s.backupNow),
		fyne.NewMenuItemSeparator(),
		item("Lock", fyne.KeyL, ctrl, s.Lock),
	)
	settings := fyne.NewMenu("Settings",
		item("Clinic and auto-lock…", "", 0, s.showClinicSettings),
		item("Charting: dilators, swab sites, body chart, muscles…", "", 0, s.showChartingSettings),
		item("Clinic exercises…", "", 0, s.showClinicExercises),
		item("Backups and restore…", "", 0, s.showBackupSettings),
		item("Change my passphrase…", "", 0, s.showChangePassphrase),
		item("Add a practitioner…", "", 0, s.showAddPractitioner),
	)
	help := fyne.NewMenu("Help", item("About PelvicNotes", "", 0, s.showAbout))
	return fyne.NewMainMenu(file, settings, help)
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

// onCloseRequested keeps unsaved work from being lost when the window
// closes, then makes a last backup.
func (s *Shell) onCloseRequested() {
	if s.closing || s.restoring {
		return
	}
	if s.editor != nil {
		s.editor.keepDraft() // a session being charted is never lost on closing
	}
	if s.patients == nil {
		s.closeAfterBackup()
		return
	}
	s.patients.programme.keepDraft() // so is a home programme being built
	s.patients.letters.keepDraft()   // and a letter being written
	s.patients.leaveForm(s.closeAfterBackup, nil)
}

// Lock sets unsaved work aside as a draft, forgets the key and shows the
// unlock screen.
func (s *Shell) Lock() {
	if s.closing {
		// Closing: the note with "Close without waiting" must stay, and
		// drafts are already written.
		return
	}
	if s.deriving > 0 {
		// A passphrase is being set: the lock waits for it, so its result
		// is neither thrown away nor saved under a colleague's unlock.
		s.lockPending = true
		return
	}
	s.kept = nil
	s.keptBy = s.db.CurrentPractitioner().ID
	if s.editor != nil {
		s.editor.keepDraft()
		s.editor = nil
	}
	s.keptWritten = true
	if ps := s.patients; ps != nil {
		// Drafts in the record file are for a crash or a shutdown while
		// locked: the details form, the chart, a home programme being
		// built and a letter's last edits, before the key goes.
		written := s.saveDraft()
		written = ps.chart.keepDraft() && written
		written = ps.programme.keepDraft() && written
		ps.letters.keepDraft()
		// The screen, with its typing, is also kept in memory until the
		// unlock: the chart's edits come back exactly as they were, and a
		// draft that could not be written (a full disk, say) is not lost.
		if !written || ps.chart.Dirty() {
			s.kept, s.keptWritten = ps, written
		}
	}
	s.stopIdleWatch()
	// Dialogs may name a patient: none stays over the unlock screen.
	ov := s.win.Canvas().Overlays()
	for o := ov.Top(); o != nil; o = ov.Top() {
		ov.Remove(o)
	}
	s.db.Lock()
	s.showUnlock()
}

// deriveInBackground runs a passphrase's key derivation (Argon2id, a second
// or more) off the UI goroutine. A lock asked for meanwhile, by the idle
// timer or Ctrl+L, happens once it is done.
func (s *Shell) deriveInBackground(work func() (any, error), done func(any, error)) {
	s.deriving++
	s.background(work, func(v any, err error) {
		s.deriving--
		if s.deriving == 0 && s.lockPending {
			// Lock first: done then says how it went over the unlock screen
			// (a passphrase's outcome names no patient).
			s.lockPending = false
			s.Lock()
		}
		done(v, err)
	})
}

const draftKindPatient = "patient"

// saveDraft keeps the patient form's unsaved changes, encrypted in the
// record file, so that a lock never loses typing. It reports whether
// nothing is left unsaved.
func (s *Shell) saveDraft() bool {
	f := s.patients.form
	if !f.Dirty() || (f.IsNew() && !s.patients.formHasContent()) {
		return true
	}
	p, _ := f.Patient()
	typed := draftPatient{Patient: p, DateOfBirthText: f.dob.Text, BaseUpdated: f.base.Updated}
	body, err := json.Marshal(typed)
	if err != nil {
		return false
	}
	_, err = s.db.SaveDraft(store.Draft{Kind: draftKindPatient, RecordID: f.base.ID, PatientID: f.base.ID, Body: body})
	return err == nil
}

// draftPatient is a patient form as typed, including a date of birth that
// may not be a date yet.
type draftPatient struct {
	Patient         store.Patient `json:"patient"`
	DateOfBirthText string        `json:"dob_text"`
	BaseUpdated     time.Time     `json:"base_updated"` // the saved record the edits started from
}

// restoreDrafts puts set-aside work back after an unlock: a session being
// charted reopens in the editor, a patient's details in the form.
func (s *Shell) restoreDrafts(keptInMemory bool) {
	drafts, err := s.db.Drafts()
	if err != nil {
		return
	}
	// A note set aside by a lock or a crash reopens; one kept on purpose
	// to finish later waits on its patient's chart.
	var newest *store.Draft
	for i, d := range drafts {
		var sd sessionDraft
		if d.Kind != store.DraftSession || json.Unmarshal(d.Body, &sd) != nil || sd.Parked {
			continue
		}
		if newest == nil || d.Saved.After(newest.Saved) {
			newest = &drafts[i]
		}
	}
	if newest != nil && !keptInMemory {
		if p, err := s.db.Patient(newest.PatientID); err == nil {
			s.selectPatient(p)
			if e, err := restoreSessionDraft(s, p, *newest, s.closeEditor); err == nil {
				s.showEditor(e)
			}
		}
	}
	if newest == nil {
		// A home programme being built when the app locked reopens on its patient's tab.
		for _, d := range drafts {
			if d.Kind != store.DraftProgramme || keptInMemory {
				continue
			}
			if p, err := s.db.Patient(d.PatientID); err == nil {
				s.selectPatient(p)
				s.patients.tabs.SelectIndex(tabProgramme)
				break
			}
		}
	}
	var notes []string
	defer func() {
		if len(notes) > 0 {
			dialog.ShowInformation("Unsaved changes kept", strings.Join(notes, "\n\n"), s.win)
		}
	}()
	// A chart's flags, referral and goals left unsaved by a lock: the
	// screen kept in memory has them; after a crash or a shutdown the draft
	// brings them back.
	for _, d := range drafts {
		if d.Kind != store.DraftChart {
			continue
		}
		var cd chartDraft
		p, err := s.db.Patient(d.PatientID)
		if errors.Is(err, store.ErrNotFound) || json.Unmarshal(d.Body, &cd) != nil {
			s.db.DeleteDraft(d.ID) // its patient is gone, or it cannot be read
			continue
		}
		if err != nil {
			continue // the record could not be read now: the draft waits
		}
		if keptInMemory {
			// The screen still holds this chart's edits; the next lock
			// writes them again, and a draft left in the file would go into
			// every backup. Another patient's draft stays for its chart.
			if c := s.patients.chart; c.Dirty() && c.patient.ID == d.PatientID {
				s.db.DeleteDraft(d.ID)
			}
			continue
		}
		if s.editor != nil && s.editor.patient.ID != p.ID {
			notes = append(notes, fmt.Sprintf("%s's flags, referral and goals also had unsaved changes when PelvicNotes locked. They are kept, and come back in the chart at the next unlock with no note open.", p.Name))
			continue
		}
		if s.editor == nil {
			s.selectPatient(p)
			s.patients.tabs.SelectIndex(tabChart)
		}
		// The draft stays until the chart is saved or its edits undone, so a
		// second crash loses nothing either.
		s.patients.chart.loadTyped(p, cd)
		msg := fmt.Sprintf("PelvicNotes locked while %s's flags, referral and goals had unsaved changes. They are back in the chart: save them or undo them.", p.Name)
		if p.Updated.After(cd.BaseUpdated) {
			msg += " The saved record has been changed since: check them before saving."
		}
		notes = append(notes, msg)
		break // one chart on screen
	}
	for _, d := range drafts {
		if d.Kind != draftKindPatient {
			continue
		}
		var dp draftPatient
		if json.Unmarshal(d.Body, &dp) != nil {
			continue
		}
		base := store.Patient{}
		if d.RecordID != "" {
			if p, err := s.db.Patient(d.RecordID); err == nil {
				base = p
			}
		}
		s.patients.selected = base.ID
		if !s.patients.chart.Dirty() || s.patients.chart.patient.ID != base.ID {
			s.patients.showTabsFor(base) // not over the same patient's restored chart
		}
		s.patients.form.LoadEdited(base, dp.Patient, dp.DateOfBirthText)
		s.patients.refreshList()
		s.db.DeleteDraft(d.ID)
		msg := fmt.Sprintf("PelvicNotes locked while %s had unsaved changes. They are back in the form: save them or undo them.", s.patients.form.DisplayName())
		if base.ID != "" && base.Updated.After(dp.BaseUpdated) {
			msg += "\n\nThe saved record has been changed since, by you or a colleague. Check every field before saving: saving puts back what the form shows."
		}
		notes = append(notes, msg)
		return // one form, one draft
	}
}

// --- charting sessions ---

// selectPatient shows a patient in the list, form and chart.
func (s *Shell) selectPatient(p store.Patient) {
	ps := s.patients
	ps.selected = p.ID
	ps.form.Load(p)
	ps.showTabsFor(p)
	ps.refreshList()
}

// newSession opens a new session note for the patient in the chart.
func (s *Shell) newSession() {
	if s.patients == nil || s.editor != nil || s.dialogOpen() {
		return
	}
	p, err := s.db.Patient(s.patients.selected)
	if err != nil {
		dialog.ShowInformation("Choose a patient", "Choose a patient in the list (or save the new one) before starting a session.", s.win)
		return
	}
	s.showEditor(newSessionEditor(s, p, store.Session{}, s.closeEditor))
}

// openSession opens a note from the chart's timeline.
func (s *Shell) openSession(sess store.Session) {
	if s.patients == nil || s.editor != nil {
		return
	}
	p, err := s.db.Patient(sess.PatientID)
	if err != nil {
		dialog.ShowError(err, s.win)
		return
	}
	if sess.AmendsID != "" { // an amendment opens with its original
		if orig, err := s.db.Session(sess.AmendsID); err == nil {
			sess = orig
		}
	}
	s.showEditor(newSessionEditor(s, p, sess, s.closeEditor))
}

// resumeDraft reopens a session kept as a draft.
func (s *Shell) resumeDraft(d store.Draft) {
	p, err := s.db.Patient(d.PatientID)
	if err != nil || s.editor != nil {
		return
	}
	e, err := restoreSessionDraft(s, p, d, s.closeEditor)
	if err != nil {
		dialog.ShowError(err, s.win)
		return
	}
	s.showEditor(e)
}

// showEditor gives the whole window to the session editor: it needs the width.
func (s *Shell) showEditor(e *sessionEditor) {
	s.editor = e
	s.win.SetContent(e.content())
}

// closeEditor returns to the patients screen with the chart brought up to date.
func (s *Shell) closeEditor() {
	s.editor = nil
	if s.patients == nil {
		return
	}
	s.win.SetContent(s.patients.content)
	if p, err := s.db.Patient(s.patients.selected); err == nil {
		if s.patients.chart.Dirty() {
			s.patients.chart.loadSessions() // keep the unsaved flags, referral and goals
		} else {
			s.patients.chart.Load(p)
		}
		s.patients.measures.Load(p)
		s.patients.programme.Load(p)
		s.patients.letters.Load(p)
	}
}

// closeEditorThen leaves the editor (asking about unsaved changes) and runs next.
func (s *Shell) closeEditorThen(next func()) {
	if s.editor == nil {
		next()
		return
	}
	s.editor.Close()
	if s.editor == nil {
		next()
	}
}

// dialogOpen reports whether a dialog is up: menu shortcuts reach the
// window before any dialog, and must not act behind it.
func (s *Shell) dialogOpen() bool { return s.win.Canvas().Overlays().Top() != nil }

// saveOrSign is Ctrl+S: sign the session being charted, else save the form.
func (s *Shell) saveOrSign() {
	if s.dialogOpen() {
		return
	}
	if s.editor != nil {
		s.editor.Sign()
		return
	}
	s.patients.form.Save()
}

// --- idle lock ---

func (s *Shell) touch() {
	s.mu.Lock()
	s.lastActivity = time.Now()
	s.mu.Unlock()
}

// activityFingerprint changes whenever the practitioner does something:
// moves focus, types, selects a patient, saves.
func (s *Shell) activityFingerprint() string {
	fp := fmt.Sprintf("%p", s.win.Canvas().Focused())
	if e, ok := s.win.Canvas().Focused().(*widget.Entry); ok {
		fp += fmt.Sprintf("|%d|%d:%d", len(e.Text), e.CursorRow, e.CursorColumn)
	}
	if p := s.patients; p != nil {
		fp += "|" + p.selected + "|" + p.search.Text + "|" + p.form.base.Updated.String()
	}
	return fp
}

// idleCheck locks the app when nothing has changed for the clinic's
// auto-lock minutes. It runs on the UI goroutine.
func (s *Shell) idleCheck() {
	if s.patients == nil || s.db.Locked() {
		return
	}
	fp := s.activityFingerprint()
	s.mu.Lock()
	if fp != s.fingerprint {
		s.fingerprint = fp
		s.lastActivity = time.Now()
	}
	idle := time.Since(s.lastActivity)
	s.mu.Unlock()
	limit := time.Duration(s.db.Settings().AutoLockMinutes) * time.Minute
	if limit > 0 && idle >= limit {
		s.Lock()
	}
}

// idleCheckEvery is how often the idle lock looks at activity. Tests drive
// the check themselves: fyne's test driver runs fyne.Do on the ticker's own
// goroutine, which would touch widgets while the test does.
var idleCheckEvery = 5 * time.Second

func (s *Shell) startIdleWatch() {
	s.stopIdleWatch()
	stop := make(chan struct{})
	s.mu.Lock()
	s.stopIdle = stop
	s.mu.Unlock()
	go func() {
		t := time.NewTicker(idleCheckEvery)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				fyne.Do(s.idleCheck)
			}
		}
	}()
}

func (s *Shell) stopIdleWatch() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopIdle != nil {
		close(s.stopIdle)
		s.stopIdle = nil
	}
}

// --- per-machine preferences ---

const prefLastSlot = "unlock.last-slot"

// lastPractitioner is the key slot last used on this machine (a random ID,
// not a name), so the unlock screen preselects it.
func (s *Shell) lastPractitioner() string { return s.app.Preferences().String(prefLastSlot) }

func (s *Shell) rememberPractitioner(slotID string) {
	s.app.Preferences().SetString(prefLastSlot, slotID)
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
