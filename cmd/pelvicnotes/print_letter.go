package main

import (
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/pelvicnotes/pelvicnotes/reports"
	"github.com/pelvicnotes/pelvicnotes/store"
)

// runPrintLetter issues a letter with its default text to the patient's
// referrer (copies to the patient's copies list), keeps it in the record
// and writes the issued PDF to --out.
func runPrintLetter(args []string, stdout io.Writer) error {
	var c common
	flags := newFlags("print letter", &c)
	patient := flags.String("patient", "", "patient ID")
	kind := flags.String("kind", store.LetterProgress, "initial, progress or discharge")
	out := flags.String("out", "", "PDF file to write")
	if err := parse(flags, args); err != nil {
		return err
	}
	switch {
	case c.db == "":
		return errUsage{"print letter needs --db FILE"}
	case *patient == "":
		return errUsage{"print letter needs --patient ID (pelvicnotes patients lists them)"}
	case *out == "":
		return errUsage{"print letter needs --out FILE.pdf"}
	case !slices.Contains(store.LetterKinds, *kind):
		return errUsage{fmt.Sprintf("--kind %q: choose initial, progress or discharge", *kind)}
	}
	if _, err := os.Stat(*out); err == nil {
		return fmt.Errorf("%s already exists: choose a new file name for the letter", *out)
	}
	db, err := c.openExisting("print letter")
	if err != nil {
		return err
	}
	defer db.Close()
	rec, err := reports.LetterRecordsFor(db, *patient, *kind, "", nil, true)
	if err != nil {
		return err
	}
	letter, err := reports.IssueComposedLetter(db, reports.ComposeLetter(rec))
	if err != nil {
		return err
	}
	// The letter is kept in the record already; the file is a copy of it.
	f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("the letter is issued and kept in the record, but the file could not be written: %w", err)
	}
	if _, err := f.Write(letter.PDF); err != nil {
		f.Close()
		os.Remove(*out)
		return fmt.Errorf("the letter is issued and kept in the record, but the file could not be written: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("the letter is issued and kept in the record, but the file could not be written: %w", err)
	}
	if err := db.Record(store.AuditPrint, "letter", letter.ID, letter.PatientID, "saved a copy to a file"); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %s letter to %s, %d bytes, SHA-256 %s\n", *out, letter.Kind, letter.To, len(letter.PDF), letter.SHA256)
	return db.Close()
}
