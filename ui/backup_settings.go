package ui

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/store"
)

// backupSettings is the Backups and restore dialog: where backups go, how
// often, the verified backups with their dates, and restoring one.
type backupSettings struct {
	s *Shell
	d *dialog.CustomDialog

	folder     *widget.Label
	interval   *widget.Select
	status     *widget.Label
	list       *widget.List
	backups    []store.BackupInfo
	selected   int // index into backups, -1 for none
	nowBtn     *widget.Button
	restoreBtn *widget.Button
	useDefault *widget.Button
}

func intervalLabel(h int) string {
	if h == 1 {
		return "1 hour"
	}
	return strconv.Itoa(h) + " hours"
}

// showBackupSettings shows the backup folder, interval, backups and restore.
func (s *Shell) showBackupSettings() {
	if s.db.Locked() || s.restoring || s.dialogOpen() {
		return
	}
	b := &backupSettings{s: s, selected: -1}
	b.folder = widget.NewLabel("")
	b.folder.Wrapping = fyne.TextWrapBreak
	b.folder.TextStyle = fyne.TextStyle{Monospace: true}
	change := widget.NewButtonWithIcon("Choose another folder…", theme.FolderOpenIcon(), b.onChooseFolder)
	b.useDefault = widget.NewButton("Use the usual folder", func() { b.setFolder(DefaultBackupFolder(s.db.Path())) })

	labels := make([]string, len(backupIntervals))
	for i, h := range backupIntervals {
		labels[i] = intervalLabel(h)
	}
	b.interval = widget.NewSelect(labels, nil)
	b.interval.SetSelected(intervalLabel(backupHours(s.app.Preferences())))
	b.interval.OnChanged = b.onInterval

	about := widget.NewLabel("PelvicNotes also backs up when it closes. Each backup is checked after it is written: " +
		"only backups that open, pass the consistency check and decrypt are kept and listed. " +
		"It keeps the last 10, one a day for 14 days and one a month for 12 months. " +
		"Backups are encrypted like the record file: they open only with a practitioner's passphrase or the recovery key.")
	about.Wrapping = fyne.TextWrapWord

	b.status = widget.NewLabel("")
	b.status.Wrapping = fyne.TextWrapWord
	b.list = widget.NewList(func() int { return len(b.backups) },
		func() fyne.CanvasObject { return widget.NewLabel("Mon 30 Nov 2026 at 23:59 · 999.9 MB") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(backupRowText(b.backups, i, s.db.Now()))
		})
	b.list.OnSelected = func(i widget.ListItemID) { b.selected = i; b.restoreBtn.Enable() }
	b.list.OnUnselected = func(widget.ListItemID) { b.selected = -1; b.restoreBtn.Disable() }

	b.nowBtn = widget.NewButtonWithIcon("Back up now", theme.UploadIcon(), b.onBackupNow)
	b.restoreBtn = widget.NewButtonWithIcon("Restore the selected backup…", theme.HistoryIcon(), b.onRestore)
	b.restoreBtn.Disable()

	heading := func(t string) *widget.Label {
		return widget.NewLabelWithStyle(t, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	top := container.NewVBox(
		heading("Backup folder"), b.folder, container.NewHBox(change, b.useDefault),
		container.NewHBox(widget.NewLabel("Back up every"), b.interval, widget.NewLabel("while PelvicNotes is open")),
		about, widget.NewSeparator(),
		heading("Verified backups, newest first"), b.status)
	bottom := container.NewHBox(b.nowBtn, layout.NewSpacer(), b.restoreBtn)
	body := container.NewBorder(top, bottom, nil, nil, b.list)
	b.d = dialog.NewCustom("Backups and restore", "Close", body, s.win)
	b.d.Resize(fyne.NewSize(760, 680))
	s.backups.settings = b
	b.load()
	b.d.Show()
}

// load shows the folder and reads its backups (off the UI goroutine).
func (b *backupSettings) load() {
	s := b.s
	dir := b.showFolder()
	b.status.Importance = widget.MediumImportance
	b.status.SetText("Looking at the folder…")
	slots := slotIDs(s.db)
	s.background(func() (any, error) { return backupsOf(dir, slots) }, func(v any, err error) {
		b.backups, _ = v.([]store.BackupInfo)
		b.selected = -1
		b.list.UnselectAll()
		b.restoreBtn.Disable()
		b.list.Refresh()
		switch {
		case err != nil:
			b.status.Importance = widget.DangerImportance
			b.status.SetText(capitalise(oneLineMsg(err.Error())) + ".")
		case len(b.backups) == 0:
			b.status.Importance = widget.DangerImportance
			b.status.SetText("There is no verified backup in this folder yet.")
		default:
			b.status.Importance = widget.MediumImportance
			b.status.SetText(fmt.Sprintf("%s. Choose one to restore it.", plural(len(b.backups), "verified backup", "verified backups")))
		}
		b.status.Refresh()
		if s.backups.running {
			b.nowBtn.Disable()
		} else {
			b.nowBtn.Enable()
		}
	})
}

// showFolder shows where backups go, and returns it.
func (b *backupSettings) showFolder() string {
	s := b.s
	dir := s.backups.folder()
	where := dir
	if dir == DefaultBackupFolder(s.db.Path()) {
		where += "\n(the usual folder, beside the record file)"
		b.useDefault.Disable()
	} else {
		b.useDefault.Enable()
	}
	b.folder.SetText(where)
	return dir
}

func (b *backupSettings) onInterval(label string) {
	for _, h := range backupIntervals {
		if intervalLabel(h) == label {
			b.s.app.Preferences().SetInt(prefBackupHours, h)
		}
	}
}

func (b *backupSettings) onChooseFolder() {
	s := b.s
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil {
			dialog.ShowError(err, s.win)
			return
		}
		if u == nil {
			return // cancelled
		}
		b.setFolder(filepath.Clean(u.Path()))
	}, s.win)
	// Start where backups go now, or the nearest folder that exists.
	for dir := s.backups.folder(); dir != filepath.Dir(dir); dir = filepath.Dir(dir) {
		if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
			d.SetLocation(l)
			break
		}
	}
	d.Show()
	d.Resize(fyne.NewSize(900, 620)) // a file dialog is built by Show: resize it after
}

// setFolder makes dir the backup folder if backups can be written there,
// and makes the first backup in it.
func (b *backupSettings) setFolder(dir string) {
	s := b.s
	dir = filepath.Clean(dir)
	if err := checkWritable(dir); err != nil {
		dialog.ShowError(fmt.Errorf("Backups cannot go into %s: %s. The backup folder is unchanged.", dir, oneLineMsg(err.Error())), s.win)
		return
	}
	if dir == s.backups.folder() {
		return
	}
	setBackupFolder(s.app.Preferences(), s.db.Path(), dir)
	b.showFolder()
	b.onBackupNow() // the new folder gets a backup straight away, then its list
}

// checkWritable tries writing a file into dir (making it if need be), and removes it.
func checkWritable(dir string) error {
	if err := folderReachable(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".pelvicnotes-write-test-*")
	if err != nil {
		return err
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

func (b *backupSettings) onBackupNow() {
	s := b.s
	b.nowBtn.Disable()
	b.status.Importance = widget.MediumImportance
	b.status.SetText("Making a verified backup…")
	s.backups.start(func(_ store.BackupInfo, err error) {
		b.load()
		if err != nil {
			showBackupFailed(err, s.win)
		}
	})
}

func (b *backupSettings) onRestore() {
	if b.selected < 0 || b.selected >= len(b.backups) {
		return
	}
	bk := b.backups[b.selected]
	s := b.s
	when := whenText(bk.Time, s.db.Now())
	text := fmt.Sprintf("The record will be put back as it was when this backup was made, %s. "+
		"Anything saved after that (patients, sessions, letters, settings) will not be in it.", when)
	work, unsaved, open := s.workInProgress(bk.Time)
	if len(unsaved) > 0 {
		text += "\n\nFirst you will be asked to save or discard the unsaved changes to " + andList(unsaved) + "."
	}
	if len(work) > 0 {
		lead := "This was"
		if len(work) > 1 {
			lead = "These were"
		}
		text += "\n\n" + lead + " kept after this backup and will not be in the restored record: " + andList(work) + "."
		if open {
			text += " What is open now is closed and kept as a draft first."
		}
	}
	text += fmt.Sprintf("\n\nThe record file in use now is not deleted: it is kept aside, beside it, as\n%s.replaced-(date and time)", filepath.Base(s.db.Path()))
	if len(work)+len(unsaved) > 0 {
		text += ", with everything saved or kept as a draft in it."
	}
	text += "\n\nPelvicNotes then locks and opens the restored record: unlock it with your passphrase to carry on."
	msg := widget.NewLabel(text)
	msg.Wrapping = fyne.TextWrapWord
	c := dialog.NewCustomConfirm("Restore the backup made "+when+"?", "Restore this backup", "Cancel", msg, func(ok bool) {
		if !ok {
			return
		}
		b.d.Hide()
		if err := backupStillThere(bk); err != nil {
			dialog.ShowInformation("Nothing was restored", err.Error(), s.win)
			return
		}
		setAsideAndRestore := func() {
			if !s.setWorkAside() {
				dialog.ShowInformation("Nothing was restored",
					"The work in progress could not be kept as a draft in the record file, so the backup was not restored. "+
						"Save or close what is open, then try again.", s.win)
				return
			}
			s.restoreFrom(bk)
		}
		if s.patients == nil {
			setAsideAndRestore()
			return
		}
		// Unsaved patient details and chart changes are asked about first,
		// as on leaving them: Cancel there leaves everything open as it was.
		s.patients.leaveForm(setAsideAndRestore, nil)
	}, s.win)
	c.Resize(fyne.NewSize(640, 420))
	c.Show()
}

// workInProgress names, in the clinic's words, the work a restore of a
// backup made at made would leave out of the restored record: what is
// open with changes (a session note, a home programme being built, patient
// details or chart changes not saved) and drafts kept since the backup. open
// says whether any of it is open now.
func (s *Shell) workInProgress(made time.Time) (work, unsaved []string, open bool) {
	drafts, _ := s.db.Drafts()
	saved := map[string]time.Time{}
	for _, d := range drafts {
		saved[d.ID] = d.Saved
	}
	// newer: a draft kept since the backup (not in it).
	newer := func(draftID string) bool { t, ok := saved[draftID]; return ok && t.After(made) }
	seen := map[string]bool{} // drafts of the open work, named as open
	add := func(w string) {
		if !slices.Contains(work, w) {
			work = append(work, w)
		}
	}
	if e := s.editor; e != nil && !e.readOnly && (e.Dirty() || newer(e.draftID)) {
		add("the session note you are writing for " + s.patientLabel(e.patient.ID, e.patient.Name))
		seen[e.draftID], open = true, true
	}
	if ps := s.patients; ps != nil {
		if b := ps.programme.builder; b != nil && (b.Dirty() || newer(b.draftID)) {
			add("the home programme you are building for " + s.patientLabel(b.patient.ID, b.patient.Name))
			seen[b.draftID], open = true, true
		}
		// Unsaved changes on screen are asked about (save or discard) before
		// the restore, as on leaving them.
		if ps.chart.Dirty() {
			unsaved = append(unsaved, s.patientLabel(ps.chart.patient.ID, ps.chart.patient.Name)+"'s flags, referral and goals")
			for _, d := range chartDrafts(s.db, ps.chart.patient.ID) {
				seen[d.ID] = true // the same changes, on screen
			}
		}
		if ps.form.Dirty() && (!ps.form.IsNew() || ps.formHasContent()) {
			if ps.form.IsNew() {
				unsaved = append(unsaved, "the new patient you are adding, "+ps.form.DisplayName())
			} else {
				unsaved = append(unsaved, s.patientLabel(ps.form.base.ID, ps.form.DisplayName())+"'s details")
			}
		}
	}
	for _, d := range drafts {
		if seen[d.ID] || !d.Saved.After(made) {
			continue // open and named above, or in the backup too
		}
		name := ""
		if d.PatientID != "" {
			if p, err := s.db.Patient(d.PatientID); err == nil {
				name = s.patientLabel(p.ID, p.Name)
			}
		}
		switch {
		case d.Kind == store.DraftSession && name != "":
			add("an unfinished session note for " + name)
		case d.Kind == store.DraftProgramme && name != "":
			add("a home programme being built for " + name)
		case d.Kind == store.DraftLetter && name != "":
			add("an unfinished letter for " + name)
		case d.Kind == store.DraftChart && name != "":
			add("unsaved changes to " + name + "'s flags, referral and goals")
		case d.Kind == draftKindPatient && name != "":
			add("unsaved changes to " + name + "'s details")
		case d.Kind == draftKindPatient:
			add("a new patient's details, not yet saved")
		}
	}
	return work, unsaved, open
}

// patientLabel names a patient in a message: the name, and the date of
// birth when another patient in the record has the same name.
func (s *Shell) patientLabel(id, name string) string {
	for _, o := range s.db.SearchPatients(name) {
		if o.ID != id && store.Fold(o.Name) == store.Fold(name) {
			if p, err := s.db.Patient(id); err == nil && !p.DateOfBirth.IsZero() {
				return name + " (born " + p.DateOfBirth.Display() + ")"
			}
			break
		}
	}
	return name
}

// setWorkAside closes the session editor and the programme builder before
// a restore, keeping their work as drafts in the record file in use (which
// is then kept aside), and writes a letter's latest edits. It reports
// false, leaving everything open, if a draft cannot be written.
func (s *Shell) setWorkAside() bool {
	if e := s.editor; e != nil && !e.readOnly {
		e.parking = true // waits on its patient's chart, as "keep as draft" does
		if !e.keepDraft() {
			e.parking = false // still open: a later lock reopens it as usual
			return false
		}
	}
	if ps := s.patients; ps != nil {
		if !ps.programme.keepDraft() {
			return false
		}
		ps.letters.keepDraft()
	}
	if s.editor != nil {
		s.editor.finish() // back to the patients screen
		s.editor = nil
		s.setAside = true
	}
	if ps := s.patients; ps != nil && ps.programme.builder != nil {
		ps.programme.closeBuilder()
		s.setAside = true
	}
	return true
}

// backupStillThere checks that a listed backup can still be read, and says
// why not in plain words.
func backupStillThere(bk store.BackupInfo) error {
	_, err := os.Stat(bk.Path)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, fs.ErrNotExist):
		return errors.New("That backup is no longer in the backup folder: older backups are removed as new ones are made. Choose another backup in Settings, Backups and restore.")
	default:
		return errors.New("That backup cannot be read now (is the backup drive connected?). Check the drive, then try again.")
	}
}

// andList joins phrases as a sentence does: a, b and c.
func andList(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// restoreFrom puts the backup in place of the record file once no backup
// is being made: the file in use is kept aside, the restored one opened
// locked.
func (s *Shell) restoreFrom(bk store.BackupInfo) {
	s.restoring = true
	if s.backups.running {
		l := widget.NewLabel("A backup is being made. The restore starts as soon as it is finished.")
		l.Wrapping = fyne.TextWrapWord
		wait := dialog.NewCustomWithoutButtons("Restoring the backup", container.NewVBox(l, widget.NewProgressBarInfinite()), s.win)
		wait.Resize(fyne.NewSize(480, 180))
		wait.Show()
	}
	s.backups.whenIdle(func() { s.restoreNow(bk) })
}

type restoreResult struct {
	aside string
	db    *store.DB
	err   error // opening the file afterwards
}

func (s *Shell) restoreNow(bk store.BackupInfo) {
	if err := backupStillThere(bk); err != nil {
		// Rotation by the backup the restore waited for may have removed it.
		s.restoring = false
		for ov := s.win.Canvas().Overlays(); ov.Top() != nil; {
			ov.Remove(ov.Top())
		}
		msg := err.Error() + " The record is as it was."
		if s.setAside {
			msg += " What was open is kept as a draft: the session note on its patient's chart, the home programme in its builder."
		}
		s.setAside = false
		dialog.ShowInformation("Nothing was restored", msg, s.win)
		return
	}
	s.setAside = false
	s.backups.stopTimer()
	s.stopIdleWatch()
	s.editor, s.kept, s.stashed, s.patients = nil, nil, nil, nil
	ov := s.win.Canvas().Overlays()
	for o := ov.Top(); o != nil; o = ov.Top() {
		ov.Remove(o)
	}
	old := s.db
	path := old.Path()
	when := whenText(bk.Time, old.Now())
	if !old.Locked() {
		// Noted in the file being replaced, which is kept aside.
		if err := old.Record(store.AuditRestore, "backup", "", "", "restore of the backup "+filepath.Base(bk.Path)+" started: if it succeeded, this file was kept aside"); err != nil {
			logf("the restore could not be noted in the record file being replaced: %v", err)
		}
	}
	old.Close()
	s.win.SetMainMenu(s.lockedMenu())
	l := widget.NewLabel("Restoring the backup made " + when + "…")
	bar := widget.NewProgressBarInfinite()
	s.win.SetContent(container.NewCenter(container.NewGridWrap(fyne.NewSize(480, 90), container.NewVBox(l, bar))))
	start := time.Now()
	s.background(func() (any, error) {
		aside, err := store.Restore(bk.Path, path)
		db, oerr := s.open(path) // the restored file, or the unchanged one if the restore failed
		return restoreResult{aside, db, oerr}, err
	}, func(v any, err error) {
		r := v.(restoreResult)
		s.restoring = false
		if r.err != nil {
			s.restoreFailed(path, r, err)
			return
		}
		s.db = r.db
		if err != nil {
			s.showUnlock()
			dialog.ShowError(fmt.Errorf("Nothing was restored: %s. The record file is as it was.", oneLineMsg(err.Error())), s.win)
			return
		}
		logf("restored the backup %s in %v", filepath.Base(bk.Path), time.Since(start).Round(time.Millisecond))
		notePendingRestore(s.app.Preferences(), path, bk, r.aside, s.db.Now())
		s.showUnlock()
		dialog.ShowInformation("Backup restored", fmt.Sprintf(
			"The record is now as it was %s.\n\nThe file it replaced is kept, not deleted, as\n%s\n\nUnlock to carry on.", when, r.aside), s.win)
	})
}

// restoreFailed: the record file could not be opened after a restore.
func (s *Shell) restoreFailed(path string, r restoreResult, restoreErr error) {
	if errors.Is(r.err, store.ErrDamaged) || errors.Is(r.err, store.ErrNotRecordFile) {
		s.showDamaged(r.err)
		return
	}
	msg := fmt.Sprintf("The record file %s could not be opened: %s.", path, oneLineMsg(r.err.Error()))
	if restoreErr != nil {
		msg += "\n\nThe restore did not happen: " + oneLineMsg(restoreErr.Error()) + "."
	}
	if r.aside != "" {
		msg += "\n\nThe file that was in use is kept as " + r.aside + "."
	}
	msg += "\n\nClose PelvicNotes and start it again. If this message comes back, contact your IT support."
	l := widget.NewLabel(msg)
	l.Wrapping = fyne.TextWrapWord
	closeBtn := widget.NewButton("Close PelvicNotes", func() { s.win.Close() })
	s.win.SetContent(container.NewCenter(container.NewGridWrap(fyne.NewSize(620, 320),
		container.NewVBox(l, container.NewHBox(closeBtn)))))
}

// pendingRestore is noted in Preferences when a backup is restored, and
// goes into the restored file's audit trail at the next unlock (the
// restored file opens locked, and the audit trail is encrypted). It holds
// file names made of dates and times, nothing about a patient.
type pendingRestore struct {
	Backup    string    `json:"backup"`
	Made      time.Time `json:"made"`
	KeptAside string    `json:"kept_aside"`
	At        time.Time `json:"at"`
}

func notePendingRestore(p fyne.Preferences, dbPath string, bk store.BackupInfo, aside string, now time.Time) {
	raw, _ := json.Marshal(pendingRestore{Backup: filepath.Base(bk.Path), Made: bk.Time.UTC(), KeptAside: filepath.Base(aside), At: now.UTC()})
	p.SetString(prefKeyFor(prefPendingRestore, dbPath), string(raw))
}

// recordPendingRestore puts a restore into the audit trail once the
// restored file is unlocked.
func (s *Shell) recordPendingRestore() {
	p := s.app.Preferences()
	key := prefKeyFor(prefPendingRestore, s.db.Path())
	raw := p.String(key)
	if raw == "" {
		return
	}
	var n pendingRestore
	if json.Unmarshal([]byte(raw), &n) != nil {
		p.RemoveValue(key)
		return
	}
	detail := fmt.Sprintf("restored from the backup %s (made %s UTC) at %s UTC", n.Backup,
		n.Made.Format("2006-01-02 15:04"), n.At.Format("2006-01-02 15:04"))
	if n.KeptAside != "" {
		detail += "; the file it replaced is kept as " + n.KeptAside
	}
	if err := s.db.Record(store.AuditRestore, "backup", "", "", detail); err != nil {
		logf("the restore could not be noted in the audit trail yet: %v", err)
		return
	}
	p.RemoveValue(key)
}

// showDamaged closes the record file and offers its backups in the window.
func (s *Shell) showDamaged(cause error) {
	s.backups.stopTimer()
	s.stopIdleWatch()
	s.editor, s.kept, s.stashed, s.patients = nil, nil, nil, nil
	path := s.db.Path()
	s.db.Close()
	s.win.SetMainMenu(s.lockedMenu())
	ds := newDamagedScreen(s.app, s.win, path, cause, s.open, s.background)
	ds.onOpened = func(db *store.DB) fyne.Window {
		s.db = db
		s.showUnlock()
		return s.win
	}
	s.win.SetContent(ds.content)
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "pelvicnotes: "+format+"\n", args...)
}
