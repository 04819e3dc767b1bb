package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// Letter is an issued letter to another professional. It keeps the PDF as
// issued and its hash, so a reprint is the very same file.
type Letter struct {
	ID        string    `json:"id"`
	PatientID string    `json:"patient_id"`
	Kind      string    `json:"kind"` // LetterInitial, LetterProgress or LetterDischarge
	Issued    time.Time `json:"issued,omitzero"`
	IssuedBy  string    `json:"issued_by,omitempty"` // practitioner ID
	To        string    `json:"to"`
	CC        []string  `json:"cc,omitempty"`
	PDF       []byte    `json:"pdf,omitempty"`
	SHA256    string    `json:"sha256,omitempty"` // lower-case hex of PDF
}

// Letter kinds.
const (
	LetterInitial   = "initial"
	LetterProgress  = "progress"
	LetterDischarge = "discharge"
)

// LetterKinds lists the letter kinds a form offers, in order.
var LetterKinds = []string{LetterInitial, LetterProgress, LetterDischarge}

// Draft is work in progress kept when the app locks or closes: the JSON of
// a record not yet saved.
type Draft struct {
	ID        string    `json:"id"`
	Kind      string    `json:"kind"`                // DraftSession, DraftPatient, DraftChart, DraftProgramme or DraftLetter
	RecordID  string    `json:"record_id,omitempty"` // the record being edited; "" for a new one
	PatientID string    `json:"patient_id,omitempty"`
	Saved     time.Time `json:"saved"`
	By        string    `json:"by"` // practitioner ID
	Body      []byte    `json:"body"`
}

// Draft kinds.
const (
	DraftSession   = "session"
	DraftPatient   = "patient"
	DraftChart     = "chart" // a chart's flags, referral and goals, not yet saved
	DraftProgramme = "programme"
	DraftLetter    = "letter" // a letter being composed, not yet issued
)

// AuditEntry is one line of the append-only audit trail.
type AuditEntry struct {
	Seq       uint64      `json:"seq"`
	At        time.Time   `json:"at"`
	By        string      `json:"by,omitempty"` // practitioner ID; "" before anyone has unlocked
	Action    AuditAction `json:"action"`
	Kind      string      `json:"kind,omitempty"` // kind of record, e.g. "session"
	RecordID  string      `json:"record_id,omitempty"`
	PatientID string      `json:"patient_id,omitempty"`
	Detail    string      `json:"detail,omitempty"` // never personal data
}

// AuditAction is what was done.
type AuditAction string

const (
	AuditCreate           AuditAction = "create"
	AuditUpdate           AuditAction = "update"
	AuditSign             AuditAction = "sign"
	AuditAmend            AuditAction = "amend"
	AuditDelete           AuditAction = "delete"
	AuditView             AuditAction = "view"
	AuditPrint            AuditAction = "print"
	AuditExport           AuditAction = "export"
	AuditBackup           AuditAction = "backup"
	AuditRestore          AuditAction = "restore"
	AuditUnlock           AuditAction = "unlock"
	AuditUnlockFailed     AuditAction = "unlock-failed"
	AuditLock             AuditAction = "lock"
	AuditSetup            AuditAction = "setup"
	AuditPassphraseChange AuditAction = "passphrase-change"
	AuditSlotAdd          AuditAction = "slot-add"
	AuditSlotRemove       AuditAction = "slot-remove"
	AuditMigrate          AuditAction = "migrate"
	AuditAlert            AuditAction = "alert"
)

// AuditActions lists every action, in the order above.
var AuditActions = []AuditAction{
	AuditCreate, AuditUpdate, AuditSign, AuditAmend, AuditDelete, AuditView, AuditPrint, AuditExport,
	AuditBackup, AuditRestore, AuditUnlock, AuditUnlockFailed, AuditLock, AuditSetup,
	AuditPassphraseChange, AuditSlotAdd, AuditSlotRemove, AuditMigrate, AuditAlert,
}

// Valid reports whether a is one of AuditActions.
func (a AuditAction) Valid() bool { return slices.Contains(AuditActions, a) }

// Label is the action in words for the audit view.
func (a AuditAction) Label() string {
	if l, ok := auditLabels[a]; ok {
		return l
	}
	return string(a)
}

var auditLabels = map[AuditAction]string{
	AuditCreate: "Created", AuditUpdate: "Updated", AuditSign: "Signed", AuditAmend: "Amended",
	AuditDelete: "Deleted", AuditView: "Viewed", AuditPrint: "Printed", AuditExport: "Exported",
	AuditBackup: "Backed up", AuditRestore: "Restored", AuditUnlock: "Unlocked",
	AuditUnlockFailed: "Failed unlock", AuditLock: "Locked", AuditSetup: "Set up",
	AuditPassphraseChange: "Passphrase changed", AuditSlotAdd: "Key slot added",
	AuditSlotRemove: "Key slot removed", AuditMigrate: "Migrated", AuditAlert: "Alert raised",
}

func init() {
	addFieldLabels(map[string]string{
		"to":        "To",
		"cc[]":      "Copy %d to",
		"pdf":       "Letter",
		"sha256":    "Fingerprint",
		"record_id": "Record",
		"body":      "Draft",
		"by":        "By",
	})
}

// Validate checks a letter about to be kept: a known kind, an addressee,
// a PDF, and a hash that matches it.
func (l Letter) Validate() error {
	var v ValidationError
	checkRef(&v, "patient_id", "choose the patient the letter is about", l.PatientID)
	if !oneOf(l.Kind, LetterKinds...) {
		v.add("kind", "choose an initial, progress or discharge letter")
	}
	checkRequiredText(&v, "to", "enter who the letter is to", "addressee", l.To, maxAddressLen, true)
	for i, cc := range l.CC {
		checkRequiredText(&v, nth("cc", i), "enter who receives the copy, or remove the line", "name", cc, maxAddressLen, true)
		if cc != "" && slices.Contains(l.CC[:i], cc) {
			v.add(nth("cc", i), "this person already receives a copy")
		}
	}
	switch {
	case !bytes.HasPrefix(l.PDF, []byte("%PDF-")):
		v.add("pdf", "an issued letter keeps its PDF")
	case l.SHA256 != LetterHash(l.PDF):
		v.add("sha256", "the fingerprint does not match the letter's PDF")
	}
	return v.err()
}

// LetterHash is the fingerprint kept with an issued letter.
func LetterHash(pdf []byte) string {
	sum := sha256.Sum256(pdf)
	return hex.EncodeToString(sum[:])
}

// Validate checks a draft: a known kind and a body that is JSON.
func (d Draft) Validate() error {
	var v ValidationError
	if !oneOf(d.Kind, DraftSession, DraftPatient, DraftChart, DraftProgramme, DraftLetter) {
		v.add("kind", fmt.Sprintf("a draft is of a %s, %s, %s, %s or %s", DraftSession, DraftPatient, DraftChart, DraftProgramme, DraftLetter))
	}
	checkRef(&v, "record_id", "", d.RecordID)
	checkRef(&v, "patient_id", "", d.PatientID)
	checkRef(&v, "by", "a draft names who wrote it", d.By)
	if !json.Valid(d.Body) {
		v.add("body", "the draft could not be read back; it is not JSON")
	}
	return v.err()
}
