package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/pelvicnotes/pelvicnotes/reports"
	"github.com/pelvicnotes/pelvicnotes/store"
)

// runPrintSheet prints a patient's current home programme (the latest
// version issued) to a PDF file and records the print in the audit trail.
func runPrintSheet(args []string, stdout io.Writer) error {
	var c common
	flags := newFlags("print sheet", &c)
	patient := flags.String("patient", "", "patient ID (see pelvicnotes patients)")
	out := flags.String("out", "", "PDF file to write")
	if err := parse(flags, args); err != nil {
		return err
	}
	if *patient == "" || *out == "" {
		return errUsage{"print sheet needs --db FILE --patient ID --out FILE.pdf"}
	}
	db, err := c.openExisting("print sheet")
	if err != nil {
		return err
	}
	defer db.Close()
	p, err := db.Patient(*patient)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no patient has the ID %s (pelvicnotes patients lists them)", *patient)
	}
	if err != nil {
		return err
	}
	progs, err := db.Programmes(p.ID)
	if err != nil {
		return err
	}
	if len(progs) == 0 {
		return fmt.Errorf("patient %s has no home programme yet: issue one in the app first", p.ID)
	}
	prog := progs[len(progs)-1]
	photos, err := db.ProgrammePhotos(prog)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := reports.HomeSheet(&buf, db.Settings(), p, prog, photos, db.Now()); err != nil {
		return err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o600); err != nil {
		return fmt.Errorf("cannot write the sheet: %w", err)
	}
	if err := db.Record(store.AuditPrint, "programme", prog.ID, p.ID, fmt.Sprintf("home programme sheet, version %d", prog.Version)); err != nil {
		return fmt.Errorf("the sheet was written to %s, but the print could not be recorded in the audit trail: %w", *out, err)
	}
	fmt.Fprintf(stdout, "%s: home programme version %d (%d exercises, %s)\n", *out, prog.Version, len(prog.Items), store.LanguageLabel(prog.Language))
	return db.Close()
}
