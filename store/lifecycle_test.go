package store

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// chartedPatient saves a patient and returns a session for them ready to save.
func chartedPatient(t *testing.T, db *DB) (Patient, Session) {
	t.Helper()
	// Pregnant, so the session's electrical stimulation raises a warning.
	p := validPatient()
	p.Flags.Pregnant = true
	p.Flags.DueDate = DateOf(fixedNow).AddDate(0, 3, 0)
	p, err := db.SavePatient(p)
	if err != nil {
		t.Fatal(err)
	}
	s := validSession()
	s.ID, s.PatientID, s.PractitionerID, s.Warnings = "", p.ID, "", nil
	return p, s
}

func ackAll(t *testing.T, err error) []AcknowledgedWarning {
	t.Helper()
	var u *UnacknowledgedError
	if !errors.As(err, &u) {
		t.Fatalf("expected open warnings, got %v", err)
	}
	var acks []AcknowledgedWarning
	for _, w := range u.Warnings {
		acks = append(acks, AcknowledgedWarning{RuleID: w.RuleID})
	}
	return acks
}

func TestDraftSignAmendLifecycle(t *testing.T) {
	db, _ := openTemp(t)
	p, s := chartedPatient(t, db)

	draft, err := db.SaveSession(s)
	if err != nil {
		t.Fatal(err)
	}
	if draft.Status != StatusDraft || draft.WrittenAt.IsZero() || draft.PractitionerID != db.CurrentPractitioner().ID {
		t.Fatalf("draft %+v", draft)
	}
	draft.Plan = "Continue down-training; review in two weeks."
	if draft, err = db.SaveSession(draft); err != nil {
		t.Fatalf("editing a draft: %v", err)
	}

	// Signing with a warning open is refused; acknowledging it signs.
	_, err = db.SignSession(draft.ID, nil)
	acks := ackAll(t, err)
	if got, _ := db.Session(draft.ID); got.Status != StatusDraft {
		t.Fatal("a refused signature changed the note")
	}
	signed, err := db.SignSession(draft.ID, acks)
	if err != nil {
		t.Fatal(err)
	}
	if signed.Status != StatusSigned || signed.SignedBy == "" || len(signed.Warnings) != len(acks) || signed.Late {
		t.Fatalf("signed %+v", signed)
	}
	for _, w := range signed.Warnings {
		if w.Text == "" || w.By != db.CurrentPractitioner().ID || w.At.IsZero() {
			t.Fatalf("acknowledgement not kept in full: %+v", w)
		}
	}

	// A signed note cannot change, by save or by second signature.
	changed := signed
	changed.Plan = "Something else entirely."
	if _, err := db.SaveSession(changed); !errors.Is(err, ErrSigned) {
		t.Fatalf("saving over a signed note gave %v", err)
	}
	if _, err := db.SignSession(signed.ID, acks); !errors.Is(err, ErrSigned) {
		t.Fatalf("signing twice gave %v", err)
	}
	if got, _ := db.Session(signed.ID); got.Plan != signed.Plan {
		t.Fatal("the signed note changed")
	}

	// An amendment is a new signed record linked to the original.
	fix := signed
	fix.Plan = "Correction: review in three weeks, not two."
	if _, err := db.AmendSession(signed.ID, fix, "typo", acks); FieldMessages(err) == nil {
		t.Fatalf("a too-short reason gave %v", err)
	}
	amend, err := db.AmendSession(signed.ID, fix, "Wrong review interval written", acks)
	if err != nil {
		t.Fatal(err)
	}
	if amend.ID == signed.ID || amend.AmendsID != signed.ID || amend.Status != StatusSigned || amend.AmendReason != "Wrong review interval written" {
		t.Fatalf("amendment %+v", amend)
	}
	orig, _ := db.Session(signed.ID)
	if orig.Plan != signed.Plan || orig.Status != StatusSigned {
		t.Fatal("amending changed the original")
	}
	list, _ := db.PatientSessions(p.ID)
	if len(list) != 2 || list[0].ID != signed.ID || list[1].ID != amend.ID {
		t.Fatalf("timeline %v", list)
	}
	if _, err := db.AmendSession(mustDraft(t, db, p.ID).ID, fix, "Wrong review interval written", acks); !errors.Is(err, ErrNotSigned) {
		t.Fatalf("amending a draft gave %v", err)
	}

	trail, _ := db.PatientAudit(p.ID)
	var actions []string
	for _, e := range trail {
		actions = append(actions, string(e.Action))
	}
	if got := strings.Join(actions, ","); got != "create,create,update,sign,amend,create" {
		t.Fatalf("patient audit trail %s", got)
	}
}

func mustDraft(t *testing.T, db *DB, patientID string) Session {
	t.Helper()
	s := validSession()
	s.ID, s.PatientID, s.PractitionerID, s.Warnings = "", patientID, "", nil
	s.TreatedAt = fixedNow.Add(-3 * time.Hour)
	d, err := db.SaveSession(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestLateEntryIsMarked(t *testing.T) {
	db, _ := openTemp(t)
	_, s := chartedPatient(t, db)
	s.TreatedAt = time.Date(2026, time.November, 19, 11, 0, 0, 0, time.Local)
	_, err := db.SaveAndSignSession(s, nil)
	signed, err := db.SaveAndSignSession(s, ackAll(t, err))
	if err != nil {
		t.Fatal(err)
	}
	if !signed.Late {
		t.Fatal("a note signed two days after treatment is not marked late")
	}
}

func TestSessionsComeBackInTreatmentOrder(t *testing.T) {
	db, _ := openTemp(t)
	p, s := chartedPatient(t, db)
	var want []time.Time
	for _, d := range []int{5, 1, 30, 12, 2} {
		s.TreatedAt = fixedNow.AddDate(0, 0, -d)
		if _, err := db.SaveSession(s); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []int{30, 12, 5, 2, 1} {
		want = append(want, fixedNow.AddDate(0, 0, -d))
	}
	// Another patient's sessions must not appear in the scan.
	other := validPatient()
	other.Name, other.Identifier = "Ольга Иванова", ""
	op, _ := db.SavePatient(other)
	s.PatientID = op.ID
	db.SaveSession(s)

	got, err := db.PatientSessions(p.ID)
	if err != nil || len(got) != len(want) {
		t.Fatalf("%d sessions, %v", len(got), err)
	}
	for i := range want {
		if !got[i].TreatedAt.Equal(want[i]) {
			t.Fatalf("session %d treated %v, want %v", i, got[i].TreatedAt, want[i])
		}
	}
	// Moving a draft's treatment time moves it in the order.
	moved := got[0]
	moved.TreatedAt = fixedNow.Add(-time.Hour)
	if _, err := db.SaveSession(moved); err != nil {
		t.Fatal(err)
	}
	again, _ := db.PatientSessions(p.ID)
	if len(again) != len(want) || again[len(again)-1].ID != moved.ID {
		t.Fatal("a re-timed draft did not move to its new place")
	}
}

func TestInvalidSessionChangesNothing(t *testing.T) {
	db, _ := openTemp(t)
	p, s := chartedPatient(t, db)
	s.Subjective.PainNow = ptr(11)
	if _, err := db.SaveSession(s); FieldMessages(err)["subjective.pain_now"] == "" {
		t.Fatalf("pain 11 gave %v", err)
	}
	s.Subjective.PainNow = ptr(2)
	s.TreatedAt = fixedNow.Add(2 * time.Hour)
	if _, err := db.SaveSession(s); err == nil {
		t.Fatal("a treatment in the future was saved")
	}
	s.TreatedAt = fixedNow.Add(-time.Hour)
	s.Dilator.SizeLabel = "Size 99"
	if _, err := db.SaveSession(s); err == nil {
		t.Fatal("a dilator not in the clinic's set was saved")
	}
	if got, _ := db.PatientSessions(p.ID); len(got) != 0 {
		t.Fatalf("refused sessions were kept: %d", len(got))
	}
	s.PatientID = "0123456789abcdef"
	s.Dilator.SizeLabel = "example 2 (18 mm)"
	if _, err := db.SaveSession(s); err == nil || !strings.Contains(err.Error(), "patient") {
		t.Fatalf("a session for an unknown patient gave %v", err)
	}
}

func TestRetentionRefusesEarlyDeletionAndLogsDestruction(t *testing.T) {
	db, _ := openTemp(t)
	p, s := chartedPatient(t, db)
	s.TreatedAt = fixedNow.AddDate(-1, 0, 0)
	if _, err := db.SaveSession(s); err != nil {
		t.Fatal(err)
	}
	err := db.DeletePatient(p.ID)
	var re *RetentionError
	if !errors.As(err, &re) || re.Until.Year != 2033 {
		t.Fatalf("deleting inside the retention period gave %v", err)
	}
	if !strings.Contains(err.Error(), "2033") {
		t.Fatalf("message %q does not give the date", err)
	}
	if _, err := db.Patient(p.ID); err != nil {
		t.Fatal("a refused deletion removed the patient")
	}

	// Nine years later the record may go; the destruction is logged by ID.
	db.now = func() time.Time { return fixedNow.AddDate(9, 0, 0) }
	if err := db.DeletePatient(p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Patient(p.ID); !errors.Is(err, ErrNotFound) {
		t.Fatal("the patient is still on file")
	}
	if got, _ := db.PatientSessions(p.ID); len(got) != 0 || db.PatientCount() != 0 {
		t.Fatal("the patient's sessions or index entry survived")
	}
	trail, _ := db.Audit()
	last := trail[len(trail)-1]
	if last.Action != AuditDelete || last.RecordID != p.ID || strings.Contains(last.Detail, "Łucja") {
		t.Fatalf("destruction entry %+v", last)
	}
}

func TestOnlyAmendSessionMakesAmendments(t *testing.T) {
	db, _ := openTemp(t)
	p, s := chartedPatient(t, db)
	_, err := db.SaveAndSignSession(s, nil)
	signed, err := db.SaveAndSignSession(s, ackAll(t, err))
	if err != nil {
		t.Fatal(err)
	}
	forged := s
	forged.AmendsID, forged.AmendReason = signed.ID, "made up through SaveSession"
	d, err := db.SaveSession(forged)
	if err != nil {
		t.Fatal(err)
	}
	if d.AmendsID != "" {
		t.Fatal("SaveSession created an amendment, bypassing AmendSession")
	}
	// A measure cannot be moved to another patient.
	m, err := db.SaveMeasure(MeasureResponse{PatientID: p.ID, Instrument: "nrs", Taken: DateOf(fixedNow), Items: []*int{ptr(4)}})
	if err != nil {
		t.Fatal(err)
	}
	other := validPatient()
	other.Name, other.Identifier = "Ольга Иванова", ""
	op, _ := db.SavePatient(other)
	m.PatientID = op.ID
	if _, err := db.SaveMeasure(m); err == nil {
		t.Fatal("a measure moved to another patient")
	}
	if got, _ := db.Measures(op.ID); len(got) != 0 {
		t.Fatal("the other patient now lists the measure")
	}
}

func TestPHQ9Item9AlertIsRecordedWithTheMeasure(t *testing.T) {
	db, _ := openTemp(t)
	p, _ := chartedPatient(t, db)
	answers := []*int{ptr(0), ptr(1), ptr(0), ptr(0), ptr(1), ptr(0), ptr(0), ptr(0), ptr(1)}
	m, err := db.SaveMeasure(MeasureResponse{PatientID: p.ID, Instrument: InstrumentPHQ9, Taken: DateOf(fixedNow), Items: answers})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Alerts) != 1 || m.Alerts[0].RuleID != RulePHQ9Item9 || m.Alerts[0].By != db.CurrentPractitioner().ID {
		t.Fatalf("alerts %+v", m.Alerts)
	}
	trail, _ := db.PatientAudit(p.ID)
	found := false
	for _, e := range trail {
		found = found || e.Action == AuditAlert
	}
	if !found {
		t.Fatal("the alert is not in the patient's audit trail")
	}
	answers[8] = ptr(0)
	m2, _ := db.SaveMeasure(MeasureResponse{PatientID: p.ID, Instrument: InstrumentPHQ9, Taken: DateOf(fixedNow), Items: answers})
	if len(m2.Alerts) != 0 {
		t.Fatal("an alert with item 9 at 0")
	}
}
