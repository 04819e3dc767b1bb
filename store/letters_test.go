package store

import (
	"bytes"
	"testing"
)

func TestReferralAndCopiesMustBeInTheDirectory(t *testing.T) {
	db, _ := openTemp(t)
	gyn, err := db.SaveReferrer(Referrer{Name: "Dr Ngozi Adeyemi", Role: "Gynaecologist"})
	if err != nil {
		t.Fatal(err)
	}
	gp, err := db.SaveReferrer(Referrer{Name: "Dr Sam Ellis", Role: "GP"})
	if err != nil {
		t.Fatal(err)
	}
	p := validPatient()
	p.Referral.ReferrerID = gyn.ID
	p.CopiesTo = []string{gp.ID}
	saved, err := db.SavePatient(p)
	if err != nil {
		t.Fatal(err)
	}

	bad := saved
	bad.CopiesTo = []string{gp.ID, gyn.ID}
	_, err = db.SavePatient(bad)
	onlyFault(t, err, "copies_to[1]", "the referrer receives the letter itself")

	bad.CopiesTo = []string{gp.ID, gp.ID}
	_, err = db.SavePatient(bad)
	onlyFault(t, err, "copies_to[1]", "already receives a copy")

	bad.CopiesTo = []string{"no-such-referrer"}
	_, err = db.SavePatient(bad)
	onlyFault(t, err, "copies_to[0]", "not in the referrer directory")

	bad.CopiesTo = nil
	bad.Referral.ReferrerID = "no-such-referrer"
	_, err = db.SavePatient(bad)
	onlyFault(t, err, "referral.referrer_id", "not in the referrer directory")

	got, err := db.Patient(saved.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Referral.ReferrerID != gyn.ID || len(got.CopiesTo) != 1 || got.CopiesTo[0] != gp.ID {
		t.Errorf("a refused save changed the patient: %+v", got)
	}
}

func TestIssuedLettersNeverChange(t *testing.T) {
	db, _ := openTemp(t)
	p, err := db.SavePatient(validPatient())
	if err != nil {
		t.Fatal(err)
	}
	first := []byte("%PDF-1.3 first letter")
	a, err := db.IssueLetter(Letter{PatientID: p.ID, Kind: LetterInitial, To: "Dr Ngozi Adeyemi", PDF: first})
	if err != nil {
		t.Fatal(err)
	}
	first[9] = 'X' // the caller's buffer is not the kept letter
	// Issuing again, even with the first letter's ID, makes a new letter.
	b, err := db.IssueLetter(Letter{ID: a.ID, PatientID: p.ID, Kind: LetterProgress, To: "Dr Ngozi Adeyemi", PDF: []byte("%PDF-1.3 second letter")})
	if err != nil {
		t.Fatal(err)
	}
	if b.ID == a.ID {
		t.Fatal("a second letter replaced the first")
	}
	list, err := db.Letters(p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 {
		t.Fatalf("%d letters, want 2", len(list))
	}
	// The test clock stands still, so both letters share one issue time:
	// find the first by its ID.
	for _, l := range list {
		if l.ID == a.ID && (!bytes.Equal(l.PDF, []byte("%PDF-1.3 first letter")) || l.SHA256 != LetterHash(l.PDF) || l.Kind != LetterInitial) {
			t.Fatalf("the first letter changed: %+v", l)
		}
	}
	if _, err := db.IssueLetter(Letter{PatientID: p.ID, Kind: LetterProgress, To: "x", PDF: []byte("not a pdf")}); err == nil {
		t.Error("a letter without a PDF was kept")
	}
}
