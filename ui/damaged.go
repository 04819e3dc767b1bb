package ui

import (
	"errors"
	"fmt"
	"path/filepath"
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

// damagedScreen is shown instead of the unlock screen when the record file
// is damaged: it says so plainly and offers the verified backups.
type damagedScreen struct {
	app        fyne.App
	win        fyne.Window
	path       string
	cause      error
	open       func(string) (*store.DB, error)
	background func(work func() (any, error), done func(any, error))
	onOpened   func(*store.DB) fyne.Window // the restored file is open (locked); the window it shows in

	title     *widget.Label
	explain   *widget.Label
	folder    *widget.Label
	advice    *widget.Label
	list      *widget.List
	backups   []store.BackupInfo
	selected  int
	latestBtn *widget.Button
	chosenBtn *widget.Button
	message   *widget.Label
	busy      bool
	content   fyne.CanvasObject
}

func newDamagedScreen(a fyne.App, win fyne.Window, path string, cause error,
	open func(string) (*store.DB, error), background func(func() (any, error), func(any, error))) *damagedScreen {
	d := &damagedScreen{app: a, win: win, path: path, cause: cause, open: open, background: background, selected: -1}
	d.title = widget.NewLabelWithStyle("The record file is damaged", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.title.SizeName = theme.SizeNameSubHeadingText
	d.title.Importance = widget.DangerImportance
	what := "PelvicNotes cannot read the record file safely: part of it has been cut off or overwritten (for example by a disk fault, or the laptop losing power while the file was being copied)."
	if errors.Is(cause, store.ErrNotRecordFile) {
		what = "PelvicNotes cannot read the record file: it is damaged, or it is not a PelvicNotes record file."
	}
	d.explain = widget.NewLabel(what + " Nothing has been changed in it.\n\n" + path)
	d.explain.Wrapping = fyne.TextWrapWord
	d.folder = widget.NewLabel("")
	d.folder.Wrapping = fyne.TextWrapWord
	d.advice = widget.NewLabel("")
	d.advice.Wrapping = fyne.TextWrapWord
	d.list = widget.NewList(func() int { return len(d.backups) },
		func() fyne.CanvasObject { return widget.NewLabel("Mon 30 Nov 2026 at 23:59 · 999.9 MB") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(backupRowText(d.backups, i, time.Now()))
		})
	d.list.OnSelected = func(i widget.ListItemID) { d.selected = i; d.chosenBtn.Enable() }
	d.list.OnUnselected = func(widget.ListItemID) { d.selected = -1; d.chosenBtn.Disable() }
	d.latestBtn = widget.NewButtonWithIcon("Restore the latest backup", theme.HistoryIcon(), func() {
		if len(d.backups) > 0 {
			d.restore(d.backups[0])
		}
	})
	d.latestBtn.Importance = widget.HighImportance
	d.chosenBtn = widget.NewButton("Restore the chosen backup", func() {
		if d.selected >= 0 && d.selected < len(d.backups) {
			d.restore(d.backups[d.selected])
		}
	})
	d.chosenBtn.Disable()
	other := widget.NewButtonWithIcon("Look in another folder…", theme.FolderOpenIcon(), d.onChooseFolder)
	quit := widget.NewButton("Close PelvicNotes", func() { d.win.Close() })
	d.message = widget.NewLabel("")
	d.message.Wrapping = fyne.TextWrapWord
	d.message.Importance = widget.DangerImportance
	d.message.Hide()

	top := container.NewVBox(d.title, d.explain, widget.NewSeparator(), d.folder, d.advice)
	bottom := container.NewVBox(d.message,
		container.NewHBox(d.latestBtn, d.chosenBtn, layout.NewSpacer(), other, quit))
	d.content = container.NewPadded(container.NewBorder(top, bottom, nil, nil, d.list))
	d.load()
	return d
}

// load lists the backups in the backup folder for this record file.
func (d *damagedScreen) load() {
	dir := BackupFolder(d.app.Preferences(), d.path)
	d.folder.SetText("Looking for backups in " + dir + " …")
	slots := rememberedSlots(d.app.Preferences(), d.path) // only this record file's backups, when known
	d.background(func() (any, error) { return backupsOf(dir, slots) }, func(v any, err error) {
		d.backups, _ = v.([]store.BackupInfo)
		d.selected = -1
		d.list.UnselectAll()
		d.list.Refresh()
		d.chosenBtn.Disable()
		keep := "The damaged file is kept aside, never deleted, so that it can be looked at later."
		switch {
		case len(d.backups) > 0:
			d.folder.SetText(fmt.Sprintf("%s in %s, newest first:", plural(len(d.backups), "verified backup", "verified backups"), dir))
			d.advice.SetText(fmt.Sprintf("Restoring puts the record back as it was when the backup was made: anything saved after %s is not in it. %s Then unlock as usual.",
				whenText(d.backups[0].Time, time.Now()), keep))
			d.latestBtn.Enable()
			d.latestBtn.Show()
			d.chosenBtn.Show()
		default:
			why := "There is no verified backup in " + dir + "."
			if err != nil {
				why = capitalise(oneLineMsg(err.Error())) + "."
			}
			d.folder.SetText(why)
			d.advice.SetText("What to do now:\n" +
				"• Keep the damaged file: do not delete, move or copy over it.\n" +
				"• If backups are kept on an external drive, connect it and choose \"Look in another folder…\".\n" +
				"• Otherwise contact your IT support. They can check the file with\n    pelvicnotes verify --db " + d.path + "\n" +
				"  and restore a backup from elsewhere with\n    pelvicnotes restore --from BACKUP --db " + d.path)
			d.latestBtn.Disable()
			d.latestBtn.Hide()
			d.chosenBtn.Hide()
		}
	})
}

func (d *damagedScreen) onChooseFolder() {
	fd := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil || u == nil {
			return
		}
		setBackupFolder(d.app.Preferences(), d.path, filepath.Clean(u.Path()))
		d.load()
	}, d.win)
	if l, err := storage.ListerForURI(storage.NewFileURI(filepath.Dir(d.path))); err == nil {
		fd.SetLocation(l)
	}
	fd.Show()
	fd.Resize(fyne.NewSize(900, 620)) // a file dialog is built by Show: resize it after
}

// restore puts the backup in place (the damaged file kept aside) and opens it.
func (d *damagedScreen) restore(b store.BackupInfo) {
	if d.busy {
		return
	}
	d.busy = true
	d.latestBtn.Disable()
	d.chosenBtn.Disable()
	d.message.Importance = widget.MediumImportance
	d.message.SetText("Restoring the backup made " + whenText(b.Time, time.Now()) + "…")
	d.message.Show()
	start := time.Now()
	d.background(func() (any, error) {
		aside, err := store.Restore(b.Path, d.path)
		if err != nil {
			return restoreResult{aside: aside}, err
		}
		db, oerr := d.open(d.path)
		return restoreResult{aside, db, oerr}, nil
	}, func(v any, err error) {
		d.busy = false
		r := v.(restoreResult)
		if err == nil {
			err = r.err
		}
		if err != nil {
			d.message.Importance = widget.DangerImportance
			d.message.SetText("The backup could not be restored: " + oneLineMsg(err.Error()) + ". Choose another backup, or contact your IT support.")
			d.message.Refresh()
			d.latestBtn.Enable()
			if d.selected >= 0 {
				d.chosenBtn.Enable()
			}
			return
		}
		logf("restored the backup %s over a damaged record file in %v; the damaged file is kept as %s",
			filepath.Base(b.Path), time.Since(start).Round(time.Millisecond), r.aside)
		notePendingRestore(d.app.Preferences(), d.path, b, r.aside, time.Now())
		win := d.onOpened(r.db)
		dialog.ShowInformation("Backup restored", fmt.Sprintf(
			"The record is now as it was %s.\n\nThe damaged file is kept as\n%s\n\nUnlock to carry on.", whenText(b.Time, time.Now()), r.aside), win)
	})
}

// ShowDamaged is the start of the app when the record file at path is
// damaged: it offers the verified backups, and once one is restored opens
// the record's main window at the unlock screen. started gets the shell.
func ShowDamaged(a fyne.App, path string, cause error, started func(*Shell)) {
	a.Settings().SetTheme(NewTheme())
	w := a.NewWindow("PelvicNotes: the record file is damaged")
	bg := func(work func() (any, error), done func(any, error)) {
		go func() {
			v, err := work()
			fyne.Do(func() { done(v, err) })
		}()
	}
	open := func(p string) (*store.DB, error) { return store.Open(p, store.Options{}) }
	ds := newDamagedScreen(a, w, path, cause, open, bg)
	ds.onOpened = func(db *store.DB) fyne.Window {
		s := NewShell(a, db)
		s.StartAutomaticBackups()
		s.Window().Show()
		if started != nil {
			started(s)
		}
		w.Close()
		return s.Window()
	}
	w.SetContent(ds.content)
	w.Resize(fyne.NewSize(860, 620))
	w.Show()
}
