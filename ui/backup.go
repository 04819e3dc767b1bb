package ui

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/store"
)

// Automatic backups: when the window closes and every few hours while it is
// open, a verified copy of the record file goes into the backup folder.
//
// The backup folder and the interval belong to this computer (an external
// drive's path means nothing on another laptop) and must be known before the
// record file can be opened (to offer a backup when it is damaged), so they
// live in fyne's per-user Preferences, never in the record file. They hold
// a folder path and a number of hours: nothing about any patient.

const (
	prefBackupFolder   = "backup.folder."        // + a digest of the record file's path
	prefBackupHours    = "backup.interval-hours" // hours between timed backups
	prefPendingRestore = "backup.pending-restore."
)

// backupIntervals are the choices offered in settings, in hours.
var backupIntervals = []int{1, 2, 4, 8, 12, 24}

const defaultBackupHours = 4

// backupStaleAfter is how old the newest verified backup may be before the
// window warns.
const backupStaleAfter = 24 * time.Hour

// backupRetryAfter spaces out timed attempts after a failure (a removed
// drive), so that the folder is not hammered every minute.
const backupRetryAfter = 15 * time.Minute

// backupCheckEvery is how often the status is refreshed and a timed backup
// considered; backupFirstLook is the first time, soon after unlocking.
const (
	backupCheckEvery = time.Minute
	backupFirstLook  = 3 * time.Second
)

// defaultBackupTicks ticks soon after it starts, then every backupCheckEvery.
func defaultBackupTicks() (<-chan time.Time, func()) {
	ch, stop := make(chan time.Time), make(chan struct{})
	go func() {
		first := time.NewTimer(backupFirstLook)
		every := time.NewTicker(backupCheckEvery)
		defer first.Stop()
		defer every.Stop()
		for {
			var v time.Time
			select {
			case <-stop:
				return
			case v = <-first.C:
			case v = <-every.C:
			}
			select {
			case ch <- v:
			case <-stop:
				return
			}
		}
	}()
	return ch, func() { close(stop) }
}

// DefaultBackupFolder is where backups go unless the user chooses another
// folder: "backups" beside the record file, as for `pelvicnotes backup`.
func DefaultBackupFolder(dbPath string) string {
	return filepath.Join(filepath.Dir(dbPath), "backups")
}

// prefKeyFor keys a per-record-file preference by a digest of the file's
// absolute path, so that two record files on one laptop keep their backups apart.
func prefKeyFor(prefix, dbPath string) string {
	if abs, err := filepath.Abs(dbPath); err == nil {
		dbPath = abs
	}
	sum := sha256.Sum256([]byte(dbPath))
	return prefix + hex.EncodeToString(sum[:8])
}

// BackupFolder is the backup folder for the record file at dbPath on this computer.
func BackupFolder(p fyne.Preferences, dbPath string) string {
	if dir := p.String(prefKeyFor(prefBackupFolder, dbPath)); dir != "" {
		return dir
	}
	return DefaultBackupFolder(dbPath)
}

func setBackupFolder(p fyne.Preferences, dbPath, dir string) {
	if dir == DefaultBackupFolder(dbPath) {
		dir = ""
	}
	p.SetString(prefKeyFor(prefBackupFolder, dbPath), dir)
}

// backupHours is the interval between timed backups.
func backupHours(p fyne.Preferences) int {
	h := p.IntWithFallback(prefBackupHours, defaultBackupHours)
	for _, ok := range backupIntervals {
		if h == ok {
			return h
		}
	}
	return defaultBackupHours
}

// folderReachable says why backups cannot go into dir, if they cannot. A
// folder that does not exist yet is fine if the folder around it does
// (Backup makes it); if that is missing too, the drive is most likely gone,
// and making the folder would put the backups on the laptop's own disk
// where the drive was mounted.
func folderReachable(dir string) error {
	fi, err := os.Stat(dir)
	switch {
	case err == nil && fi.IsDir():
		return nil
	case err == nil:
		return fmt.Errorf("the backup folder %s is a file, not a folder", dir)
	case errors.Is(err, fs.ErrNotExist):
		if pi, perr := os.Stat(filepath.Dir(dir)); perr == nil && pi.IsDir() {
			return nil
		}
		return fmt.Errorf("the backup folder %s cannot be reached: is the drive connected?", dir)
	default:
		return fmt.Errorf("the backup folder %s cannot be reached: %w", dir, err)
	}
}

// listBackups lists the verified backups in dir, newest first. A folder
// not made yet holds none.
func listBackups(dir string) ([]store.BackupInfo, error) {
	if err := folderReachable(dir); err != nil {
		return nil, err
	}
	list, err := store.ListBackups(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return list, err
}

// slotIDs are the key slots of an open record file: a backup made from it
// shares at least one (a practitioner's slot keeps its ID when the
// passphrase changes), a backup of another record file none.
func slotIDs(db *store.DB) map[string]bool {
	ids := map[string]bool{}
	for _, s := range db.Practitioners() {
		ids[s.ID] = true
	}
	return ids
}

const prefBackupSlots = "backup.slots."

// rememberSlots notes the record file's key-slot IDs (random, no personal
// data) on this computer, so that if the file is ever too damaged to read
// them, only its own backups are offered.
func rememberSlots(p fyne.Preferences, dbPath string, slots map[string]bool) {
	ids := slices.Sorted(maps.Keys(slots))
	p.SetString(prefKeyFor(prefBackupSlots, dbPath), strings.Join(ids, ","))
}

// rememberedSlots are the slot IDs last noted for the record file at
// dbPath; empty if never noted.
func rememberedSlots(p fyne.Preferences, dbPath string) map[string]bool {
	ids := map[string]bool{}
	for _, id := range strings.Split(p.String(prefKeyFor(prefBackupSlots, dbPath)), ",") {
		if id != "" {
			ids[id] = true
		}
	}
	return ids
}

// backupsOf lists the verified backups in dir made from the record file
// whose slots are given, newest first: two record files kept in one folder
// share its "backups" folder, and one's backup must never be offered to
// restore over the other.
func backupsOf(dir string, slots map[string]bool) ([]store.BackupInfo, error) {
	list, err := listBackups(dir)
	if err != nil || len(slots) == 0 {
		return list, err
	}
	var out []store.BackupInfo
	for _, b := range list {
		db, err := store.Open(b.Path, store.Options{ReadOnly: true, LockTimeout: 200 * time.Millisecond})
		if err != nil {
			continue
		}
		for _, sl := range db.Practitioners() {
			if slots[sl.ID] {
				out = append(out, b)
				break
			}
		}
		db.Close()
	}
	return out, nil
}

// backupRowText is one backup in a list: when, and its size. Two made in
// the same minute are told apart by their seconds.
func backupRowText(list []store.BackupInfo, i int, now time.Time) string {
	b := list[i]
	when := whenText(b.Time, now)
	sameMinute := func(j int) bool {
		return j >= 0 && j < len(list) && list[j].Time.Truncate(time.Minute).Equal(b.Time.Truncate(time.Minute))
	}
	if sameMinute(i-1) || sameMinute(i+1) {
		when += b.Time.In(time.Local).Format(":05")
	}
	text := capitalise(when) + " · " + sizeText(b.Size)
	if i == 0 {
		text += " · the latest"
	}
	return text
}

// backupKeeper runs backups one at a time and shows their state in the
// status line. Its fields are touched only on the UI goroutine.
type backupKeeper struct {
	s *Shell

	running bool
	waiters []func(store.BackupInfo, error)
	newest  time.Time // newest verified backup seen, zero if none
	listErr error     // the folder could not be read at the last look
	lastErr error     // the last attempt failed (cleared by a success)
	failAt  time.Time // when it failed

	// auto: timed backups run while the window is unlocked (the app turns
	// them on; screen tests leave them off, or drive them with ticks).
	auto bool
	// ticks starts the timer; tests give their own channel.
	ticks    func() (<-chan time.Time, func())
	stop     chan struct{}
	onTick   func()          // tests: called when a tick has been handled
	settings *backupSettings // the settings dialog last opened

	// cancel stops the backup under way; backUp makes one (tests slow
	// it down); written and total are its progress, set as it copies.
	cancel         context.CancelFunc
	backUp         func(ctx context.Context, db *store.DB, dir string, progress func(written, total int64)) (store.BackupInfo, error)
	written, total atomic.Int64
	// after runs f on the UI goroutine once d has passed, unless stopped
	// first; tests run it by hand.
	after func(d time.Duration, f func()) (stop func())

	bar      *fyne.Container
	icon     *widget.Icon
	text     *widget.Label
	busy     *widget.ProgressBarInfinite
	nowBtn   *widget.Button
	setupBtn *widget.Button
}

func newBackupKeeper(s *Shell) *backupKeeper {
	k := &backupKeeper{s: s}
	k.ticks = defaultBackupTicks
	k.backUp = func(ctx context.Context, db *store.DB, dir string, progress func(written, total int64)) (store.BackupInfo, error) {
		return db.BackupContext(ctx, dir, progress)
	}
	k.after = afterOnUI
	k.icon = widget.NewIcon(theme.InfoIcon())
	k.text = widget.NewLabel("Looking at the backup folder…")
	k.text.Truncation = fyne.TextTruncateEllipsis
	k.busy = widget.NewProgressBarInfinite()
	k.busy.Stop()
	k.busy.Hide()
	k.nowBtn = widget.NewButton("Back up now", func() { s.touch(); s.backupNow() })
	k.nowBtn.Importance = widget.LowImportance
	k.setupBtn = widget.NewButton("Backups…", func() { s.touch(); s.showBackupSettings() })
	k.setupBtn.Importance = widget.LowImportance
	k.bar = container.NewBorder(widget.NewSeparator(), nil, k.icon,
		container.NewHBox(container.NewCenter(container.NewGridWrap(fyne.NewSize(120, 8), k.busy)), k.nowBtn, k.setupBtn), k.text)
	return k
}

// folder is the backup folder for the open record file.
func (k *backupKeeper) folder() string { return BackupFolder(k.s.app.Preferences(), k.s.db.Path()) }

func (k *backupKeeper) interval() time.Duration {
	return time.Duration(backupHours(k.s.app.Preferences())) * time.Hour
}

// start makes a backup, or joins the one being made; done (if not nil)
// gets its result on the UI goroutine.
func (k *backupKeeper) start(done func(store.BackupInfo, error)) {
	if done != nil {
		k.waiters = append(k.waiters, done)
	}
	if k.running {
		return
	}
	db, dir := k.s.db, k.folder()
	if db.Locked() {
		k.finish(store.BackupInfo{}, errors.New("PelvicNotes is locked: backups resume when it is unlocked"))
		return
	}
	k.running = true
	k.showStatus()
	started := time.Now()
	slots := slotIDs(db)
	ctx, cancel := context.WithCancel(context.Background())
	k.cancel = cancel
	k.written.Store(0)
	k.total.Store(0)
	backUp := k.backUp
	progress := func(written, total int64) {
		k.written.Store(written)
		k.total.Store(total)
	}
	k.s.background(func() (any, error) {
		if err := folderReachable(dir); err != nil {
			return store.BackupInfo{}, err
		}
		info, err := backUp(ctx, db, dir, progress)
		if err != nil {
			return info, err
		}
		// Rotate this record file's backups only: another record file
		// backed up into the same folder keeps all of its own.
		mine, err := backupsOf(dir, slots)
		if err == nil {
			_, err = store.RotateBackupList(mine, db.Now())
		}
		if err != nil {
			// The backup itself is made and verified; an old one left over is no loss.
			logf("backup rotation: %v", err)
		}
		return info, nil
	}, func(v any, err error) {
		cancel()
		k.running, k.cancel = false, nil
		info, _ := v.(store.BackupInfo)
		if err != nil && info.Verified {
			// Made and verified, but not noted in the audit trail (the
			// app locked meanwhile, say): the backup is good.
			logf("%s", oneLineMsg(err.Error()))
			err = nil
		}
		if errors.Is(err, store.ErrBackupAbandoned) {
			logf("the backup was stopped; nothing of it is kept")
		} else if err != nil {
			logf("the backup failed: %s", oneLineMsg(err.Error()))
		} else {
			logf("verified backup %s made in %v", filepath.Base(info.Path), time.Since(started).Round(100*time.Millisecond))
		}
		k.finish(info, err)
	})
}

func (k *backupKeeper) finish(info store.BackupInfo, err error) {
	if err == nil {
		k.lastErr, k.failAt = nil, time.Time{}
		if info.Time.After(k.newest) {
			k.newest = info.Time
		}
		k.listErr = nil
	} else if !errors.Is(err, store.ErrLocked) && !k.s.db.Locked() {
		k.lastErr, k.failAt = err, k.s.db.Now()
	}
	ws := k.waiters
	k.waiters = nil
	k.refresh(nil)
	for _, w := range ws {
		w(info, err)
	}
}

// abandon stops the backup under way, if any: the closing backup, when
// the physiotherapist closes without waiting for it. Its read of the record
// file ends at once, so that the file closes cleanly; the half-written copy
// is never listed and is removed.
func (k *backupKeeper) abandon() {
	if k.cancel != nil {
		k.cancel()
	}
}

// afterOnUI runs f on the UI goroutine once d has passed, unless stopped.
func afterOnUI(d time.Duration, f func()) func() {
	t := time.AfterFunc(d, func() { fyne.Do(f) })
	return func() { t.Stop() }
}

// whenIdle runs f once no backup is being made.
func (k *backupKeeper) whenIdle(f func()) {
	if !k.running {
		f()
		return
	}
	k.waiters = append(k.waiters, func(store.BackupInfo, error) { f() })
}

// refresh looks at the backup folder (off the UI goroutine: a network or
// removed drive can be slow to answer) and updates the status, then runs then.
func (k *backupKeeper) refresh(then func()) {
	dir, slots := k.folder(), slotIDs(k.s.db)
	k.s.background(func() (any, error) {
		return backupsOf(dir, slots)
	}, func(v any, err error) {
		list, _ := v.([]store.BackupInfo)
		k.listErr = err
		if err == nil {
			k.newest = time.Time{}
			if len(list) > 0 {
				k.newest = list[0].Time
			}
		}
		k.showStatus()
		if then != nil {
			then()
		}
	})
}

// tick is the timer: refresh the status, and back up if one is due.
func (k *backupKeeper) tick() {
	k.refresh(func() {
		if k.due() {
			k.start(nil)
		}
		if k.onTick != nil {
			k.onTick()
		}
	})
}

// due reports whether a timed backup should start now. Backups need the
// data key (to verify the copy and note it in the audit trail), which a
// lock drops: while locked none is due, and an overdue one runs at the
// first tick after unlocking.
func (k *backupKeeper) due() bool {
	s := k.s
	if k.running || s.restoring || s.patients == nil || s.db.Locked() {
		return false
	}
	now := s.db.Now()
	if k.lastErr != nil && now.Sub(k.failAt) < min(backupRetryAfter, k.interval()) {
		return false
	}
	return k.newest.IsZero() || now.Sub(k.newest) >= k.interval()
}

// StartAutomaticBackups turns on timed backups and the status line's
// refreshing: at once if the record is unlocked, else at the next unlock.
// (The backup on closing the window is always made.)
func (s *Shell) StartAutomaticBackups() {
	s.backups.auto = true
	if s.patients != nil {
		s.backups.startTimer()
	}
}

func (k *backupKeeper) startTimer() {
	k.stopTimer()
	if !k.auto {
		return
	}
	ch, stopTicker := k.ticks()
	stop := make(chan struct{})
	k.stop = stop
	go func() {
		defer stopTicker()
		for {
			select {
			case <-stop:
				return
			case <-ch:
				fyne.Do(func() {
					select {
					case <-stop: // stopped while this tick waited
					default:
						k.tick()
					}
				})
			}
		}
	}()
}

func (k *backupKeeper) stopTimer() {
	if k.stop != nil {
		close(k.stop)
		k.stop = nil
	}
}

// status is what the status line says, and whether it is a warning.
func (k *backupKeeper) status() (string, bool) {
	now := k.s.db.Now()
	switch {
	case k.running:
		return "Making a verified backup…", false
	case k.listErr != nil:
		return "No backups can be made: " + oneLineMsg(k.listErr.Error()) + ". Your work is still saved on this computer.", true
	case k.lastErr != nil && k.failAt.After(k.newest):
		return fmt.Sprintf("The backup %s did not work: %s.", whenText(k.failAt, now), oneLineMsg(k.lastErr.Error())), true
	case k.newest.IsZero():
		return "No verified backup has been made yet.", true
	case now.Sub(k.newest) > backupStaleAfter:
		return fmt.Sprintf("No verified backup in the last 24 hours: the last was made %s.", whenText(k.newest, now)), true
	default:
		return fmt.Sprintf("Last verified backup: %s.", whenText(k.newest, now)), false
	}
}

func (k *backupKeeper) showStatus() {
	text, warn := k.status()
	k.text.SetText(text)
	if warn {
		k.text.Importance = widget.DangerImportance
		k.icon.SetResource(theme.NewErrorThemedResource(theme.WarningIcon()))
		k.nowBtn.Importance = widget.DangerImportance
		k.setupBtn.SetText("Backup settings…")
	} else {
		k.text.Importance = widget.MediumImportance
		k.icon.SetResource(theme.InfoIcon())
		k.nowBtn.Importance = widget.LowImportance
		k.setupBtn.SetText("Backups…")
	}
	if k.running {
		k.busy.Show()
		k.busy.Start()
		k.nowBtn.Disable()
	} else {
		k.busy.Stop()
		k.busy.Hide()
		k.nowBtn.Enable()
	}
	k.text.Refresh()
	k.nowBtn.Refresh()
}

// whenText says when t was, in the clinic's words: today at 10:42,
// yesterday at 16:05, Mon 3 Nov 2026 at 09:00.
func whenText(t, now time.Time) string {
	t, now = t.In(time.Local), now.In(time.Local)
	y1, m1, d1 := t.Date()
	y2, m2, d2 := now.Date()
	y3, m3, d3 := now.AddDate(0, 0, -1).Date()
	switch {
	case y1 == y2 && m1 == m2 && d1 == d2:
		return "today at " + t.Format("15:04")
	case y1 == y3 && m1 == m3 && d1 == d3:
		return "yesterday at " + t.Format("15:04")
	default:
		return t.Format("Mon 2 Jan 2006") + " at " + t.Format("15:04")
	}
}

// sizeText is a file size people read: 840 KB, 12.4 MB.
func sizeText(n int64) string {
	switch {
	case n < 1000*1000:
		return strconv.FormatInt((n+999)/1000, 10) + " KB"
	case n < 1000*1000*1000:
		return strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64) + " MB"
	default:
		return strconv.FormatFloat(float64(n)/1e9, 'f', 2, 64) + " GB"
	}
}

func oneLineMsg(s string) string {
	out := []rune{}
	for _, r := range s {
		if r == '\n' || r == '\r' {
			r = ' '
		}
		out = append(out, r)
	}
	return string(out)
}

// backupNow makes a verified backup at once and says how it went.
func (s *Shell) backupNow() {
	if s.db.Locked() || s.restoring {
		return
	}
	s.backups.start(func(info store.BackupInfo, err error) {
		if err != nil {
			showBackupFailed(err, s.win)
			return
		}
		dialog.ShowInformation("Backup made",
			fmt.Sprintf("A backup was made and verified %s (%s) in\n%s", whenText(info.Time, s.db.Now()), sizeText(info.Size), filepath.Dir(info.Path)), s.win)
	})
}

// showBackupFailed says a backup was not made, why, and what to do.
func showBackupFailed(err error, win fyne.Window) {
	l := widget.NewLabel(capitalise(oneLineMsg(err.Error())) + ".\n\n" +
		"Check that the backup drive is connected, or choose another folder in Settings, Backups and restore. " +
		"Your work is still saved on this computer.")
	l.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom("The backup was not made", "Close", l, win)
	d.Resize(fyne.NewSize(560, 240))
	d.Show()
}

// The closing backup's note appears if the backup takes more than a
// moment; "Close without waiting" joins it once the backup has taken
// longer than a healthy drive needs for it. A closing backup to a local
// disk or a working USB drive is done within a second or two, so the
// button shows only when the drive is slow or has stopped answering, and a
// routine close never skips the day's last backup by reflex.
const (
	closingNoteAfter  = 400 * time.Millisecond
	closingLeaveAfter = 4 * time.Second
	closingShowEvery  = 500 * time.Millisecond // the note's progress
	closingStopWait   = 2 * time.Second        // for a stopped backup to tidy up
)

// closeAfterBackup makes a last backup, then closes the window. A backup
// that fails never keeps the window open: it is noted in the log. One that
// takes long can be left: it is stopped, and nothing of it is kept.
func (s *Shell) closeAfterBackup() {
	if s.closing {
		return
	}
	s.backups.stopTimer()
	if s.db.Locked() || s.restoring {
		logf("no backup on closing: PelvicNotes is locked, so the backup could not be verified")
		s.win.Close()
		return
	}
	s.closing = true
	s.stopIdleWatch() // no lock now: it would take the note and its way out
	k := s.backups
	n := &closingNote{k: k}
	closed := false
	closeNow := func() {
		if closed {
			return
		}
		closed = true
		n.stop()
		s.win.Close()
	}
	leaving := false
	n.leave = func() {
		if leaving {
			return
		}
		leaving = true
		logf("closed without waiting for the closing backup: it was stopped, and nothing of it is kept")
		// The backup stops at once and removes its half-written copy; a
		// drive that does not answer at all is not waited for.
		k.abandon()
		n.stopping()
		n.stops = append(n.stops, k.after(closingStopWait, closeNow))
	}
	n.schedule()
	closeWhenDone := func(_ store.BackupInfo, err error) {
		if err != nil && !leaving {
			logf("closing without a new backup")
		}
		closeNow()
	}
	// A backup under way began before this close and may miss the latest
	// work: the closing backup is a new one, made once it is done.
	s.backups.whenIdle(func() {
		if leaving {
			closeNow()
			return
		}
		if !closed {
			s.backups.start(closeWhenDone)
		}
	})
}

// closingNote is the "Backing up" note shown while the closing backup is
// made: how far the copy has got and, once it takes long, a way to leave.
type closingNote struct {
	k     *backupKeeper
	leave func()

	d        *dialog.CustomDialog
	progress *widget.Label
	why      *widget.Label // what closing without waiting means
	leaveBtn *widget.Button
	stops    []func()
	nextShow func() // stops the next progress update
	done     bool
}

func (n *closingNote) schedule() {
	n.stops = append(n.stops,
		n.k.after(closingNoteAfter, n.show),
		n.k.after(closingLeaveAfter, n.offerLeave))
}

func (n *closingNote) show() {
	if n.done || n.d != nil {
		return
	}
	s := n.k.s
	l := widget.NewLabel("Making a verified backup before PelvicNotes closes…\nOn a large record this takes a little while; PelvicNotes closes by itself when it is done.")
	l.Wrapping = fyne.TextWrapWord
	n.progress = widget.NewLabel("")
	bar := widget.NewProgressBarInfinite()
	n.leaveBtn = widget.NewButtonWithIcon("Close without waiting", theme.CancelIcon(), func() {
		if n.leave != nil {
			n.leave()
		}
	})
	n.leaveBtn.Hide()
	n.why = widget.NewLabel("This backup is taking longer than usual: the backup drive may be slow or not answering. " +
		"If you close without waiting, this backup is stopped and not kept; your work is saved on this computer, and the next backup includes it.")
	n.why.Wrapping = fyne.TextWrapWord
	n.why.Importance = widget.WarningImportance
	n.why.Hide()
	n.d = dialog.NewCustomWithoutButtons("Backing up", container.NewVBox(l, bar, n.progress, n.why), s.win)
	n.d.SetButtons([]fyne.CanvasObject{n.leaveBtn})
	n.showProgress()
	n.d.Show()
	n.d.Resize(fyne.NewSize(560, 200)) // after Show: the wrapped text is measured at the dialog's width
}

// showProgress says how much of the record file is copied, again and
// again while the note is up.
func (n *closingNote) showProgress() {
	if n.done || n.d == nil {
		return
	}
	if n.leaveBtn.Disabled() {
		return // being stopped
	}
	written, total := n.k.written.Load(), n.k.total.Load()
	switch {
	case total > 0 && written >= total:
		n.progress.SetText("Copied; checking the backup…")
	case total > 0:
		n.progress.SetText(fmt.Sprintf("Copied %s of %s.", sizeText(written), sizeText(total)))
	default:
		n.progress.SetText("Starting…")
	}
	n.nextShow = n.k.after(closingShowEvery, n.showProgress)
}

// offerLeave adds "Close without waiting" to the note, with what leaving
// means: this backup is not made; the record on this computer is safe.
func (n *closingNote) offerLeave() {
	if n.done {
		return
	}
	n.show()
	n.why.Show()
	n.leaveBtn.Show()
	n.d.Resize(fyne.NewSize(560, 300))
}

// stopping says the backup is being stopped, for the moment it takes.
func (n *closingNote) stopping() {
	n.show()
	n.leaveBtn.Disable()
	n.leaveBtn.SetText("Stopping the backup…")
}

func (n *closingNote) stop() {
	n.done = true
	for _, f := range n.stops {
		f()
	}
	if n.nextShow != nil {
		n.nextShow()
	}
	if n.d != nil {
		n.d.Hide()
	}
}
