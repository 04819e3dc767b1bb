package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// BackupInfo describes one backup file.
type BackupInfo struct {
	Path     string
	Time     time.Time // when it was made (UTC, from its name)
	Size     int64
	Verified bool // it passed verification after writing
}

// Backup file names say only when they were made:
// pelvicnotes-YYYYMMDD-HHMMSS.db, with -2, -3… when two fall in one second.
const backupTimeLayout = "20060102-150405"

var backupNameRE = regexp.MustCompile(`^pelvicnotes-(\d{8}-\d{6})(?:-(\d+))?\.db$`)

func backupName(t time.Time, n int) string {
	if n <= 1 {
		return "pelvicnotes-" + t.UTC().Format(backupTimeLayout) + ".db"
	}
	return fmt.Sprintf("pelvicnotes-%s-%d.db", t.UTC().Format(backupTimeLayout), n)
}

func parseBackupName(name string) (time.Time, int, bool) {
	m := backupNameRE.FindStringSubmatch(name)
	if m == nil {
		return time.Time{}, 0, false
	}
	t, err := time.ParseInLocation(backupTimeLayout, m[1], time.UTC)
	if err != nil {
		return time.Time{}, 0, false
	}
	n := 1
	if m[2] != "" {
		n, _ = strconv.Atoi(m[2])
	}
	return t, n, true
}

// Backup writes a consistent copy of the record file into dir while the app
// keeps working, verifies it with the data key, and records it in the audit
// trail. A backup that fails verification is removed and an error returned:
// only verified backups count.
func (db *DB) Backup(dir string) (BackupInfo, error) {
	return db.BackupContext(context.Background(), dir, nil)
}

// ErrBackupAbandoned is returned by BackupContext when its context ends
// before the backup is verified: nothing is listed as a backup.
var ErrBackupAbandoned = errors.New("the backup was stopped before it was finished, so it was not kept")

// partialStaleAfter is how long a half-written backup (name.partial) may
// go untouched before a later backup removes it as abandoned. A backup in
// progress writes to its .partial all the time and verifies it straight
// after, so one untouched this long was left by a PelvicNotes that stopped
// (closed without waiting, a crash, a power cut); a younger one may be
// another PelvicNotes' backup under way into the same folder.
const partialStaleAfter = time.Hour

// BackupContext is Backup that can be stopped: once ctx is done the copy
// stops, the read transaction on the record file ends at once (so that the
// file can be closed) even if the backup drive has stopped answering, and
// the half-written copy is removed, by the goroutine still writing it when
// the drive answers at last, or as abandoned by a later backup. An
// abandoned backup is never verified or listed. progress, if not nil, is
// told how many bytes of the copy's total are written so far; it is called
// on the goroutine writing to the backup drive.
func (db *DB) BackupContext(ctx context.Context, dir string, progress func(written, total int64)) (BackupInfo, error) {
	db.mu.RLock()
	key := append([]byte(nil), db.key...)
	locked := db.key == nil
	db.mu.RUnlock()
	if locked {
		return BackupInfo{}, ErrLocked
	}
	defer clear(key)
	if dir == "" {
		return BackupInfo{}, errors.New("no backup folder is set")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return BackupInfo{}, fmt.Errorf("the backup folder %s cannot be used (is the drive connected?): %w", dir, err)
	}
	removeStalePartials(dir, time.Now())
	if ctx.Err() != nil {
		return BackupInfo{}, ErrBackupAbandoned
	}
	now := db.now().UTC().Truncate(time.Second)
	var path string
	var f *os.File
	var tmp string
	for n := 1; ; n++ {
		path = filepath.Join(dir, backupName(now, n))
		if _, err := os.Lstat(path); err == nil {
			continue
		}
		tmp = path + ".partial"
		var err error
		f, err = os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return BackupInfo{}, fmt.Errorf("the backup could not be written to %s: %w", dir, err)
		}
		break
	}
	fail := func(err error) (BackupInfo, error) {
		f.Close()
		os.Remove(tmp)
		if ctx.Err() != nil {
			return BackupInfo{}, ErrBackupAbandoned
		}
		return BackupInfo{}, fmt.Errorf("the backup could not be written to %s: %w", dir, err)
	}
	if err := db.copyTo(ctx, f, progress); err != nil {
		if errors.Is(err, errDriveBusy) {
			// The drive is still busy with the last write: whoever is
			// writing closes and removes the copy when it answers.
			return BackupInfo{}, ErrBackupAbandoned
		}
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return BackupInfo{}, fmt.Errorf("the backup could not be written to %s: %w", dir, err)
	}
	if ctx.Err() != nil {
		os.Remove(tmp)
		return BackupInfo{}, ErrBackupAbandoned
	}
	// Verified under its .partial name, and only then given the name that
	// lists it as a backup: a backup interrupted while being checked is
	// never taken for a verified one.
	// Checking a large record takes a while: a stop does not wait for it.
	type verified struct {
		rep Report
		err error
	}
	checked := make(chan verified, 1)
	vkey := append([]byte(nil), key...)
	go func() {
		defer clear(vkey)
		rep, err := verifyFile(tmp, vkey, db.now)
		checked <- verified{rep, err}
	}()
	var v verified
	select {
	case v = <-checked:
	case <-ctx.Done():
		// Removed at once where the system lets a file being read go
		// (it is never listed either way), else once the check ends.
		if os.Remove(tmp) != nil {
			go func() {
				<-checked
				os.Remove(tmp)
			}()
		} else {
			// Removed already: a second removal could take another
			// PelvicNotes' copy of the same name in a shared folder.
			go func() { <-checked }()
		}
		return BackupInfo{}, ErrBackupAbandoned
	}
	rep, err := v.rep, v.err
	if err == nil && !rep.OK() {
		err = errors.New(rep.Summary())
	}
	if err != nil {
		os.Remove(tmp)
		return BackupInfo{}, fmt.Errorf("the backup was written but did not verify, so it was removed: %w", err)
	}
	if ctx.Err() != nil {
		os.Remove(tmp)
		return BackupInfo{}, ErrBackupAbandoned
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return BackupInfo{}, fmt.Errorf("the backup could not be written to %s: %w", dir, err)
	}
	syncDir(dir)
	fi, err := os.Stat(path)
	if err != nil {
		return BackupInfo{}, err
	}
	info := BackupInfo{Path: path, Time: now, Size: fi.Size(), Verified: true}
	if err := db.Record(AuditBackup, "backup", "", "", filepath.Base(path)); err != nil {
		return info, fmt.Errorf("the backup was made and verified, but could not be noted in the audit trail: %w", err)
	}
	return info, nil
}

// errDriveBusy: the copy was stopped while a write to the backup drive had
// not returned; the writing goroutine closes and removes the file.
var errDriveBusy = errors.New("the backup drive is not answering")

// copyTo writes a consistent copy of the record file to f. The read
// transaction hands the bytes through a pipe to a goroutine that writes
// them to the backup drive: when ctx ends, the pipe closes and the
// transaction ends at once, even while that goroutine waits on a drive
// that does not answer. If it is still waiting, copyTo returns errDriveBusy
// and leaves it to close f and remove the file when the write returns.
func (db *DB) copyTo(ctx context.Context, f *os.File, progress func(written, total int64)) error {
	pr, pw := io.Pipe()
	var total int64
	written := make(chan error, 1)
	go func() {
		buf := make([]byte, 256<<10)
		var n int64
		for {
			m, rerr := pr.Read(buf)
			if m > 0 {
				if _, err := f.Write(buf[:m]); err != nil {
					pr.CloseWithError(err)
					written <- err
					return
				}
				n += int64(m)
				if progress != nil {
					progress(n, total) // total was set before the first byte came through the pipe
				}
			}
			if rerr == io.EOF {
				written <- nil
				return
			}
			if rerr != nil {
				written <- rerr
				return
			}
		}
	}()
	stop := context.AfterFunc(ctx, func() { pr.CloseWithError(ErrBackupAbandoned) })
	defer stop()
	err := db.bolt.View(func(tx *bolt.Tx) error {
		total = tx.Size()
		_, err := tx.WriteTo(pw)
		pw.CloseWithError(err) // nil: the reader sees the end of the copy
		return err
	})
	if err != nil {
		pw.CloseWithError(err) // View failed before WriteTo: the writer stops
	}
	select {
	case werr := <-written:
		if err == nil {
			err = werr
		}
		if err == nil && ctx.Err() != nil {
			err = ErrBackupAbandoned
		}
		return err
	case <-ctx.Done():
		// Stopped while the drive has a write outstanding: it cleans up.
		name := f.Name()
		go func() {
			<-written
			f.Close()
			os.Remove(name)
		}()
		return errDriveBusy
	}
}

// removeStalePartials removes half-written backups in dir that no backup
// has touched for partialStaleAfter: they were abandoned, and would
// otherwise pile up on the backup drive. Only files named as Backup names
// its .partial files are touched.
func removeStalePartials(dir string, now time.Time) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".partial")
		if !ok || !e.Type().IsRegular() {
			continue
		}
		if _, _, ok := parseBackupName(name); !ok {
			continue
		}
		fi, err := e.Info()
		if err != nil || now.Sub(fi.ModTime()) < partialStaleAfter {
			continue
		}
		os.Remove(filepath.Join(dir, e.Name()))
	}
}

// ListBackups lists the backups in dir, newest first. Only files named as
// Backup names them are listed; Backup keeps only verified ones under those names.
func ListBackups(dir string) ([]BackupInfo, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("the backup folder %s cannot be read: %w", dir, err)
	}
	type item struct {
		BackupInfo
		n int
	}
	var items []item
	for _, e := range entries {
		t, n, ok := parseBackupName(e.Name())
		if !ok || !e.Type().IsRegular() {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue
		}
		items = append(items, item{BackupInfo{Path: filepath.Join(dir, e.Name()), Time: t, Size: fi.Size(), Verified: true}, n})
	}
	sort.Slice(items, func(i, j int) bool {
		if !items[i].Time.Equal(items[j].Time) {
			return items[i].Time.After(items[j].Time)
		}
		return items[i].n > items[j].n
	})
	out := make([]BackupInfo, len(items))
	for i, it := range items {
		out[i] = it.BackupInfo
	}
	return out, nil
}

// Backups kept by RotateBackups.
const (
	keepLast   = 10
	keepDays   = 14
	keepMonths = 12
)

// RotateBackups deletes backups in dir beyond what is kept: the last 10, the
// newest of each day for 14 days, and the newest of each month for 12
// months. Only files named as Backup names them are touched.
func RotateBackups(dir string, now time.Time) (removed []string, err error) {
	list, err := ListBackups(dir)
	if err != nil {
		return nil, err
	}
	return RotateBackupList(list, now)
}

// RotateBackupList is RotateBackups over the given backups only, newest
// first: those of one record file when several share a folder, so that
// one file's backups never push out another's.
func RotateBackupList(list []BackupInfo, now time.Time) (removed []string, err error) {
	now = now.UTC()
	days, months := map[string]bool{}, map[string]bool{}
	dayCut := now.AddDate(0, 0, -keepDays)
	monthCut := now.AddDate(0, -keepMonths, 0)
	for i, b := range list {
		keep := i < keepLast
		if b.Time.After(dayCut) {
			if d := b.Time.Format("20060102"); !days[d] {
				days[d], keep = true, true
			}
		}
		if b.Time.After(monthCut) {
			if m := b.Time.Format("200601"); !months[m] {
				months[m], keep = true, true
			}
		}
		if keep {
			continue
		}
		if e := os.Remove(b.Path); e != nil && !errors.Is(e, os.ErrNotExist) {
			err = errors.Join(err, fmt.Errorf("an old backup could not be removed: %w", e))
			continue
		}
		removed = append(removed, b.Path)
	}
	return removed, err
}

// Restore puts the backup from in place of the record file at dbPath, which
// nobody may have open. from must be a PelvicNotes record file that passes
// bbolt's consistency check. The file it replaces is kept beside it as
// dbPath.replaced-YYYYMMDD-HHMMSS (never deleted); keptAside names it, or
// is empty when there was no file at dbPath.
func Restore(from, dbPath string) (keptAside string, err error) {
	if err := checkRecordFileNoKey(from); err != nil {
		return "", fmt.Errorf("%s cannot be restored: %w", from, err)
	}
	// Hold the current file (shared lock) so that no PelvicNotes opens it meanwhile.
	if _, err := os.Stat(dbPath); err == nil {
		cur, err := bolt.Open(dbPath, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
		if errors.Is(err, bolt.ErrTimeout) {
			return "", ErrAlreadyOpen
		}
		if err == nil { // a damaged current file cannot be opened; it is still moved aside
			defer cur.Close()
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("cannot use %s: %w", dbPath, err)
	}
	if err := os.MkdirAll(filepath.Dir(dbPath), 0o700); err != nil {
		return "", fmt.Errorf("cannot create the folder for the record file: %w", err)
	}
	tmp := dbPath + ".restoring"
	os.Remove(tmp)
	if err := copyFileSync(from, tmp); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("the backup could not be copied into place, nothing was changed: %w", err)
	}
	if _, err := os.Stat(dbPath); err == nil {
		stamp := time.Now().UTC().Format(backupTimeLayout)
		keptAside = dbPath + ".replaced-" + stamp
		for n := 2; ; n++ {
			if _, err := os.Lstat(keptAside); errors.Is(err, os.ErrNotExist) {
				break
			}
			keptAside = fmt.Sprintf("%s.replaced-%s-%d", dbPath, stamp, n)
		}
		if err := os.Link(dbPath, keptAside); err != nil {
			// No hard links here: keep a copy instead.
			if err := copyFileSync(dbPath, keptAside); err != nil {
				os.Remove(tmp)
				os.Remove(keptAside)
				return "", fmt.Errorf("the current record file could not be kept aside, nothing was changed: %w", err)
			}
		}
	}
	if err := os.Rename(tmp, dbPath); err != nil {
		os.Remove(tmp)
		return keptAside, fmt.Errorf("the backup could not be put in place; the record file is unchanged: %w", err)
	}
	syncDir(filepath.Dir(dbPath))
	return keptAside, nil
}

func copyFileSync(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := dst.ReadFrom(src); err != nil {
		dst.Close()
		return err
	}
	if err := dst.Sync(); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}
