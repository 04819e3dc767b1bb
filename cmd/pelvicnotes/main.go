// Command pelvicnotes is the PelvicNotes desktop app and its headless
// subcommands for IT, scripts and tests:
//
//	pelvicnotes [--db FILE]                                  the desktop app
//	pelvicnotes demo     --db FILE [--patients N] [--seed N]  new database of synthetic patients
//	pelvicnotes patients --db FILE [--search TEXT]           ID<TAB>name<TAB>date of birth
//	pelvicnotes backup   --db FILE [--to DIR]                a verified backup
//	pelvicnotes restore  --from BACKUP --db FILE             put a backup in place
//	pelvicnotes verify   --db FILE                           check every record
//
// Exit status: 0 on success; 1 with one line on stderr on failure; 2 for bad usage.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/pelvicnotes/pelvicnotes/assets"
	"github.com/pelvicnotes/pelvicnotes/store"
	"github.com/pelvicnotes/pelvicnotes/ui"
)

// These match FyneApp.toml (a test checks), so a plain `go build` carries
// the same identity as a packaged build.
const (
	appID      = "org.pelvicnotes.desktop"
	appName    = "PelvicNotes"
	appVersion = "0.1.0"
	appBuild   = 1
)

// errUsage marks a command-line mistake: exit status 2.
type errUsage struct{ msg string }

func (e errUsage) Error() string { return e.msg }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	var err error
	cmd := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "":
		err = runApp(args, stderr)
	case "demo":
		err = runDemo(args, stdout)
	case "patients":
		err = runPatients(args, stdout)
	case "backup":
		err = runBackup(args, stdout)
	case "verify":
		err = runVerify(args, stdout, stderr)
	case "restore":
		err = runRestore(args, stdout)
	case "print":
		err = runPrint(args, stdout)
	case "help":
		if len(args) > 0 {
			err = errUsage{fmt.Sprintf("unexpected %q", args[0])}
			break
		}
		fmt.Fprint(stdout, usage)
		return 0
	default:
		err = errUsage{fmt.Sprintf("unknown command %q", cmd)}
	}
	var u errUsage
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errSilent):
		return 1
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(stdout, usage)
		return 0
	case errors.As(err, &u):
		fmt.Fprintf(stderr, "pelvicnotes: %s (pelvicnotes help lists the commands)\n", u.msg)
		return 2
	default:
		fmt.Fprintf(stderr, "pelvicnotes: %s\n", oneLine(err.Error()))
		return 1
	}
}

const usage = `PelvicNotes: clinical notes for pelvic-floor physiotherapy.

  pelvicnotes [--db FILE]                                   open the desktop app
  pelvicnotes demo     --db FILE [--patients N] [--seed N]  make a new record file of synthetic patients
  pelvicnotes patients --db FILE [--search TEXT]           list patients: ID<TAB>name<TAB>date of birth
  pelvicnotes print sheet  --db FILE --patient ID --out FILE.pdf
                                                           print the patient's current home programme sheet
  pelvicnotes print letter --db FILE --patient ID [--kind initial|progress|discharge] --out FILE.pdf
                                                           issue a letter (default: progress) to the referrer
  pelvicnotes backup   --db FILE [--to DIR]                make a verified backup (default DIR: backups beside FILE)
  pelvicnotes restore  --from BACKUP --db FILE             put a backup in place; the replaced file is kept aside
  pelvicnotes verify   --db FILE                           check the file and every record; exit 1 if anything is wrong

Without --db the app uses pelvicnotes.db in its per-user storage folder.
The passphrase comes from --passphrase-file FILE or PELVICNOTES_PASSPHRASE.
`

// common holds the flags every command accepts.
type common struct {
	db             string
	passphraseFile string
}

func newFlags(name string, c *common) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&c.db, "db", "", "record file")
	fs.StringVar(&c.passphraseFile, "passphrase-file", "", "file holding the passphrase")
	return fs
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage{err.Error()}
	}
	if fs.NArg() > 0 {
		return errUsage{fmt.Sprintf("unexpected %q", fs.Arg(0))}
	}
	return nil
}

// passphrase reads the passphrase from --passphrase-file or
// PELVICNOTES_PASSPHRASE. The record file is not encrypted yet, so it is
// checked for readability and otherwise unused.
func (c common) passphrase() (string, error) {
	if c.passphraseFile != "" {
		b, err := os.ReadFile(c.passphraseFile)
		if err != nil {
			return "", fmt.Errorf("cannot read the passphrase file: %w", err)
		}
		return strings.TrimRight(string(b), "\r\n"), nil
	}
	return os.Getenv("PELVICNOTES_PASSPHRASE"), nil
}

// open opens the record file and unlocks it with the passphrase.
func (c common) open(opt store.Options) (*store.DB, error) {
	pass, err := c.passphrase()
	if err != nil {
		return nil, err
	}
	db, err := store.Open(c.db, opt)
	if errors.Is(err, store.ErrAlreadyOpen) {
		return nil, fmt.Errorf("PelvicNotes is already open on this record file (%s); close it first", c.db)
	}
	if err != nil {
		return nil, err
	}
	if db.NeedsSetup() {
		db.Close()
		return nil, store.ErrNotSetUp
	}
	if err := db.UnlockAny(pass); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// openExisting opens and unlocks the record file a command names with --db.
func (c common) openExisting(command string) (*store.DB, error) {
	if c.db == "" {
		return nil, errUsage{command + " needs --db FILE"}
	}
	if err := checkRecordFile(c.db); err != nil {
		return nil, err
	}
	return c.open(store.Options{})
}

// requirePassphrase refuses to make a record file nobody can open.
func (c common) requirePassphrase() (string, error) {
	pass, err := c.passphrase()
	if err != nil {
		return "", err
	}
	if pass == "" {
		return "", errors.New("the record file is encrypted: give its passphrase with --passphrase-file FILE or PELVICNOTES_PASSPHRASE")
	}
	return pass, nil
}

func runDemo(args []string, stdout io.Writer) error {
	var c common
	flags := newFlags("demo", &c)
	n := flags.Int("patients", 40, "number of patients")
	seed := flags.Uint64("seed", 1, "random seed")
	if err := parse(flags, args); err != nil {
		return err
	}
	if c.db == "" {
		return errUsage{"demo needs --db FILE"}
	}
	if *n < 0 || *n > 100000 {
		return errUsage{"--patients must be between 0 and 100000"}
	}
	if _, err := os.Stat(c.db); err == nil {
		return fmt.Errorf("%s already exists: demo makes a new record file and never adds synthetic patients to an existing one", c.db)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("cannot use %s: %w", c.db, err)
	}
	pass, err := c.requirePassphrase()
	if err != nil {
		return err
	}
	db, err := store.Open(c.db, store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	fail := func(err error) error {
		db.Close()
		os.Remove(c.db) // the file is ours and new: leave nothing half-made
		return err
	}
	recovery, err := db.Setup(store.SetupInfo{
		Clinic: store.Clinic{Name: "Harbour Pelvic Health (demonstration)", Address: "2 Harbour View\nBristol BS1 4QQ",
			Phone: "0117 496 0001", Email: "reception@example.com"},
		Practitioner: store.Practitioner{Name: "Alex Morgan", Profession: "Physiotherapist", RegistrationNumber: "PH000000"},
		Passphrase:   pass,
	})
	if err != nil {
		return fail(err)
	}
	histories := store.DemoHistories(*n, *seed, db.Now(), db.Settings())
	store.AttributeHistories(histories, db.CurrentPractitioner().ID)
	referrers, err := addDemoReferrers(db, histories)
	if err != nil {
		return fail(err)
	}
	if err := addDemoLetters(histories, referrers, db.Settings(), db.CurrentPractitioner()); err != nil {
		return fail(err)
	}
	for len(histories) > 0 { // in batches, so a large demo never builds one huge transaction
		batch := histories[:min(200, len(histories))]
		histories = histories[len(batch):]
		if _, err := db.ImportHistories(batch); err != nil {
			return fail(err)
		}
	}
	fmt.Fprintf(stdout, "%s: %d synthetic patients; recovery key %s\n", c.db, db.PatientCount(), recovery)
	return db.Close()
}

func runPatients(args []string, stdout io.Writer) error {
	var c common
	flags := newFlags("patients", &c)
	search := flags.String("search", "", "name, date of birth or identifier")
	if err := parse(flags, args); err != nil {
		return err
	}
	db, err := c.openExisting("patients")
	if err != nil {
		return err
	}
	defer db.Close()
	for _, p := range db.SearchPatients(*search) {
		fmt.Fprintf(stdout, "%s\t%s\t%s\n", p.ID, p.Name, p.DateOfBirth)
	}
	return nil
}

func runBackup(args []string, stdout io.Writer) error {
	var c common
	flags := newFlags("backup", &c)
	to := flags.String("to", "", "backup folder")
	if err := parse(flags, args); err != nil {
		return err
	}
	if c.db == "" {
		return errUsage{"backup needs --db FILE"}
	}
	if *to == "" {
		*to = filepath.Join(filepath.Dir(c.db), "backups")
	}
	if err := checkRecordFile(c.db); err != nil {
		return err
	}
	db, err := c.open(store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	info, err := db.Backup(*to)
	if err != nil {
		return err
	}
	removed, err := store.RotateBackups(*to, db.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s verified (%d bytes)", info.Path, info.Size)
	if len(removed) > 0 {
		fmt.Fprintf(stdout, "; %d older backup(s) removed by rotation", len(removed))
	}
	fmt.Fprintln(stdout)
	return db.Close()
}

func runVerify(args []string, stdout, stderr io.Writer) error {
	var c common
	flags := newFlags("verify", &c)
	if err := parse(flags, args); err != nil {
		return err
	}
	db, err := c.openExisting("verify")
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := db.Verify()
	if err != nil {
		return err
	}
	fmt.Fprint(stdout, rep.String())
	if !rep.OK() {
		fmt.Fprintf(stderr, "pelvicnotes: %s\n", oneLine(rep.Summary()))
		return errSilent
	}
	return nil
}

func runRestore(args []string, stdout io.Writer) error {
	var c common
	flags := newFlags("restore", &c)
	from := flags.String("from", "", "backup file")
	if err := parse(flags, args); err != nil {
		return err
	}
	if c.db == "" || *from == "" {
		return errUsage{"restore needs --from BACKUP and --db FILE"}
	}
	if err := checkRecordFile(*from); err != nil {
		return err
	}
	if _, err := c.requirePassphrase(); err != nil {
		return err
	}
	// Only someone who can unlock the current file may replace it (unless
	// it is too damaged to open, which is why one restores).
	if checkRecordFile(c.db) == nil {
		db, err := c.open(store.Options{})
		if err == nil {
			db.Close()
		} else if !errors.Is(err, store.ErrDamaged) && !errors.Is(err, store.ErrNotRecordFile) {
			return fmt.Errorf("nothing was restored: %w", err)
		}
	}
	aside, err := store.Restore(*from, c.db)
	if errors.Is(err, store.ErrAlreadyOpen) {
		return fmt.Errorf("PelvicNotes is already open on this record file (%s); close it first", c.db)
	}
	if err != nil {
		return err
	}
	kept := "there was no record file to replace"
	if aside != "" {
		kept = "the replaced file was kept as " + aside
	}
	db, err := c.open(store.Options{})
	if err != nil {
		return fmt.Errorf("%s was restored from %s (%s), but it cannot be unlocked: %w", c.db, *from, kept, err)
	}
	defer db.Close()
	if err := db.Record(store.AuditRestore, "backup", "", "", filepath.Base(*from)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s restored from %s; %s\n", c.db, *from, kept)
	return db.Close()
}

func runApp(args []string, stderr io.Writer) error {
	var c common
	flags := newFlags("pelvicnotes", &c)
	if err := parse(flags, args); err != nil {
		return err
	}
	icon := fyne.NewStaticResource("icon.png", assets.Icon)
	app.SetMetadata(fyne.AppMetadata{
		ID: appID, Name: appName, Version: appVersion, Build: appBuild, Icon: icon,
		Migrations: map[string]bool{"fyneDo": true},
	})
	a := app.NewWithID(appID)
	a.SetIcon(icon)
	if c.db == "" {
		c.db = filepath.Join(a.Storage().RootURI().Path(), store.DefaultFileName)
	}
	if _, err := c.passphrase(); err != nil {
		return err
	}
	db, err := store.Open(c.db, store.Options{})
	if err != nil {
		var sh *ui.Shell
		switch {
		case errors.Is(err, store.ErrAlreadyOpen):
			fmt.Fprintf(stderr, "pelvicnotes: PelvicNotes is already open on this record file (%s); close it first\n", c.db)
			ui.ShowAlreadyOpen(a, c.db)
		case errors.Is(err, store.ErrDamaged) || errors.Is(err, store.ErrNotRecordFile):
			// Offer the verified backups; once one is restored the app carries on.
			fmt.Fprintf(stderr, "pelvicnotes: %s\n", oneLine(err.Error()))
			ui.ShowDamaged(a, c.db, err, func(s *ui.Shell) { sh = s })
		default:
			fmt.Fprintf(stderr, "pelvicnotes: %s\n", oneLine(err.Error()))
			ui.ShowFatal(a, "PelvicNotes cannot open the record file", fmt.Sprintf("%s\n\n%s", c.db, err))
		}
		a.Run()
		if sh == nil {
			return errSilent
		}
		return sh.DB().Close()
	}
	sh := ui.NewShell(a, db)
	sh.StartAutomaticBackups()
	sh.Window().Show()
	a.Run()
	return sh.DB().Close() // the file open now: a restore replaces the one opened here
}

// checkRecordFile says plainly why an existing record file cannot be read.
func checkRecordFile(path string) error {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("no record file at %s", path)
	case err != nil:
		return fmt.Errorf("cannot open the record file: %w", err)
	case fi.IsDir():
		return fmt.Errorf("%s is a folder, not a record file", path)
	}
	return nil
}

// errSilent fails with status 1 after the message has already been given.
var errSilent = errors.New("")

// oneLine keeps a message to one line for stderr without touching the spaces inside it.
func oneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(strings.TrimSpace(s))
}
