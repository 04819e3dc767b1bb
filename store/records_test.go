package store

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func validLetter() Letter {
	pdf := []byte("%PDF-1.4\n% a progress letter\n%%EOF\n")
	return Letter{
		ID: "l1", PatientID: "p1", Kind: LetterProgress, IssuedBy: "pr1",
		To: "Dr Amara Okafor\nRedland Surgery", CC: []string{"Ms J. Patel, psychologist"},
		PDF: pdf, SHA256: LetterHash(pdf),
	}
}

func TestLetterValidation(t *testing.T) {
	valid(t, "letter", validLetter().Validate())
	if got := LetterHash([]byte("abc")); got != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Fatalf("hash %s", got)
	}
	cases := []struct {
		name  string
		edit  func(*Letter)
		field string
		want  string
	}{
		{"no patient", func(l *Letter) { l.PatientID = "" }, "patient_id", "the patient the letter is about"},
		{"kind unknown", func(l *Letter) { l.Kind = "referral" }, "kind", "initial, progress or discharge"},
		{"no addressee", func(l *Letter) { l.To = "" }, "to", "enter who the letter is to"},
		{"empty copy", func(l *Letter) { l.CC = append(l.CC, " ") }, "cc[1]", "remove the line"},
		{"copy twice", func(l *Letter) { l.CC = append(l.CC, l.CC[0]) }, "cc[1]", "already receives a copy"},
		{"no PDF", func(l *Letter) { l.PDF = nil }, "pdf", "keeps its PDF"},
		{"not a PDF", func(l *Letter) { l.PDF = []byte("hello"); l.SHA256 = LetterHash(l.PDF) }, "pdf", "keeps its PDF"},
		{"PDF changed after hashing", func(l *Letter) { l.PDF = append(l.PDF, ' ') }, "sha256", "does not match"},
		{"hash in capitals", func(l *Letter) { l.SHA256 = strings.ToUpper(l.SHA256) }, "sha256", "does not match"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := validLetter()
			c.edit(&l)
			onlyFault(t, l.Validate(), c.field, c.want)
		})
	}
}

func TestDraftValidation(t *testing.T) {
	d := Draft{ID: "d1", Kind: DraftSession, RecordID: "s1", PatientID: "p1", Saved: fixedNow, By: "pr1", Body: []byte(`{"plan":"half-written"}`)}
	valid(t, "draft", d.Validate())
	bad := d
	bad.Kind = "invoice"
	onlyFault(t, bad.Validate(), "kind", "session, patient, chart, programme or letter")
	bad.Kind = DraftLetter
	valid(t, "letter draft", bad.Validate())
	bad = d
	bad.Body = []byte(`{"plan":`)
	onlyFault(t, bad.Validate(), "body", "not JSON")
	bad = d
	bad.By = ""
	onlyFault(t, bad.Validate(), "by", "who wrote it")
}

func TestAuditActions(t *testing.T) {
	if len(AuditActions) != 19 {
		t.Fatalf("%d audit actions", len(AuditActions))
	}
	seen := map[AuditAction]bool{}
	for _, a := range AuditActions {
		if !a.Valid() || seen[a] || a.Label() == string(a) || a.Label() == "" {
			t.Errorf("action %q: valid %v, label %q", a, a.Valid(), a.Label())
		}
		seen[a] = true
	}
	if AuditAction("erase").Valid() {
		t.Error("an unknown action is valid")
	}
	if AuditUnlockFailed.Label() != "Failed unlock" || AuditView.Label() != "Viewed" {
		t.Error("labels")
	}
}

// Two directory entries alike in name, role and practice could not be told
// apart when choosing a letter's recipient: the second is refused.
func TestReferrerDuplicatesRefused(t *testing.T) {
	db, _ := openTemp(t)
	gp := Referrer{Name: "Dr Sam Ellis", Role: "GP", Practice: "Harbour Surgery", Address: "1 Quay Street"}
	first, err := db.SaveReferrer(gp)
	if err != nil {
		t.Fatal(err)
	}
	again := gp
	again.Name = "dr sam ellis "
	if _, err := db.SaveReferrer(again); FieldMessages(err)[FieldName] == "" {
		t.Fatalf("a second Dr Sam Ellis, GP, Harbour Surgery was not refused on the name: %v", err)
	}
	first.Address = "2 Quay Street" // editing the entry itself is fine
	if _, err := db.SaveReferrer(first); err != nil {
		t.Fatal(err)
	}
	other := gp
	other.Practice = "Quayside Practice" // another practice is another entry
	if _, err := db.SaveReferrer(other); err != nil {
		t.Fatal(err)
	}
}

// DraftsOf lists one kind of a patient's drafts, newest first.
func TestDraftsOf(t *testing.T) {
	clock := fixedNow
	db, err := Open(filepath.Join(t.TempDir(), "records.db"), Options{Now: func() time.Time { clock = clock.Add(time.Minute); return clock }, KDF: TestKDF})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Setup(testSetupInfo()); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, name := range []string{"Ama Eze", "Bea Castillo"} {
		p, err := db.SavePatient(Patient{Name: name, DateOfBirth: Date{1990, 1, 2}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	save := func(kind, patient string) string {
		d, err := db.SaveDraft(Draft{Kind: kind, RecordID: patient, PatientID: patient, Body: []byte(`{}`)})
		if err != nil {
			t.Fatal(err)
		}
		return d.ID
	}
	older := save(DraftChart, ids[0])
	save(DraftLetter, ids[0])
	save(DraftChart, ids[1])
	newer := save(DraftChart, ids[0])
	got, err := db.DraftsOf(DraftChart, ids[0])
	if err != nil || len(got) != 2 || got[0].ID != newer || got[1].ID != older {
		t.Fatalf("Ama's chart drafts: %+v, %v; want %s then %s", got, err, newer, older)
	}
	if got, _ := db.DraftsOf(DraftProgramme, ids[0]); len(got) != 0 {
		t.Errorf("programme drafts: %+v", got)
	}
}
