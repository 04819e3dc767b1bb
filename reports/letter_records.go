package reports

import (
	"bytes"
	"errors"
	"fmt"
	"slices"

	"github.com/pelvicnotes/pelvicnotes/store"
)

// ErrNoReferrer is returned when a letter is wanted for a patient who has
// no referrer to send it to.
var ErrNoReferrer = errors.New("the patient has no referrer: choose who referred them on the chart's referral section first")

// LetterRecordsFor reads from the file what a letter of the kind about the
// patient is composed from, dated now and signed by whoever unlocked the
// file. It is addressed to the patient's referrer with copies to the
// patient's copies list; toID and ccIDs, when given, choose others.
func LetterRecordsFor(db *store.DB, patientID, kind, toID string, ccIDs []string, useDefaults bool) (LetterRecords, error) {
	if !slices.Contains(store.LetterKinds, kind) {
		return LetterRecords{}, fmt.Errorf("a letter is initial, progress or discharge, not %q", kind)
	}
	p, err := db.Patient(patientID)
	if errors.Is(err, store.ErrNotFound) {
		return LetterRecords{}, fmt.Errorf("no patient has the ID %s (pelvicnotes patients lists them)", patientID)
	}
	if err != nil {
		return LetterRecords{}, err
	}
	if useDefaults {
		toID, ccIDs = p.Referral.ReferrerID, p.CopiesTo
	}
	if toID == "" {
		return LetterRecords{}, ErrNoReferrer
	}
	to, err := db.Referrer(toID)
	if err != nil {
		return LetterRecords{}, fmt.Errorf("the letter's recipient is not in the referrer directory: %w", err)
	}
	var cc []store.Referrer
	for _, id := range ccIDs {
		if id == toID {
			continue
		}
		r, err := db.Referrer(id)
		if err != nil {
			return LetterRecords{}, fmt.Errorf("a person to copy the letter to is not in the referrer directory: %w", err)
		}
		cc = append(cc, r)
	}
	sessions, err := db.PatientSessions(patientID)
	if err != nil {
		return LetterRecords{}, err
	}
	measures, err := db.Measures(patientID)
	if err != nil {
		return LetterRecords{}, err
	}
	progs, err := db.Programmes(patientID)
	if err != nil {
		return LetterRecords{}, err
	}
	return LetterRecords{
		Kind: kind, Date: db.Now(), Settings: db.Settings(), Signer: db.CurrentPractitioner(),
		Patient: p, To: to, CC: cc, Sessions: sessions, Measures: measures, HasProgramme: len(progs) > 0,
	}, nil
}

// IssueComposedLetter makes the PDF of a composed (perhaps edited) letter and
// keeps it in the record with its fingerprint; the audit trail records the
// issue. The returned letter holds the exact bytes that were kept.
func IssueComposedLetter(db *store.DB, l ComposedLetter) (store.Letter, error) {
	var buf bytes.Buffer
	if err := LetterPDF(&buf, l); err != nil {
		return store.Letter{}, err
	}
	var cc []string
	for _, r := range l.CC {
		cc = append(cc, r.Name)
	}
	return db.IssueLetter(store.Letter{PatientID: l.Patient.ID, Kind: l.Kind, To: l.To.Name, CC: cc, PDF: buf.Bytes()})
}
