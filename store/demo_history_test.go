package store

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// importDemo makes n demo histories and imports them into a new record file.
func importDemo(t *testing.T, n int, seed uint64) (*DB, string, []History) {
	t.Helper()
	db, path := openTemp(t)
	hs := DemoHistories(n, seed, db.Now(), db.Settings())
	AttributeHistories(hs, db.CurrentPractitioner().ID)
	kept := make([]History, len(hs))
	copy(kept, hs)
	if _, err := db.ImportHistories(hs); err != nil {
		t.Fatalf("import of demo histories refused: %v", err)
	}
	return db, path, kept
}

func TestDemoHistoriesImportCleanly(t *testing.T) {
	db, _, hs := importDemo(t, 30, 11)
	if got := db.PatientCount(); got != 30 {
		t.Fatalf("%d patients after import, want 30", got)
	}
	for _, p := range db.Patients() {
		ss, err := db.PatientSessions(p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(ss) < 5 || len(ss) > 40 {
			t.Errorf("%d sessions read back for one patient", len(ss))
		}
		for _, s := range ss {
			if s.Status != StatusSigned || s.SignedBy != db.CurrentPractitioner().ID {
				t.Fatalf("session read back as %s by %q", s.Status, s.SignedBy)
			}
		}
	}
	late := 0
	for _, h := range hs {
		for _, s := range h.Sessions {
			if SignedLate(s.TreatedAt, s.SignedAt) {
				late++
			}
		}
	}
	t.Logf("30 patients: %d late signatures", late)
}

func TestDemoHistoriesAreDeterministic(t *testing.T) {
	cs := DefaultClinicSettings()
	a := DemoHistories(40, 5, fixedNow, cs)
	b := DemoHistories(40, 5, fixedNow, cs)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed and clock gave different histories")
	}
	// Built in parallel for large n: the result must not depend on it.
	big1 := DemoHistories(150, 5, fixedNow, cs)
	if !reflect.DeepEqual(a[:3], big1[:3]) && !reflect.DeepEqual(a[0].Patient.Name, big1[0].Patient.Name) {
		t.Log("a larger run starts with other patients (DemoPatients deduplicates names), as allowed")
	}
	big2 := DemoHistories(150, 5, fixedNow, cs)
	if !reflect.DeepEqual(big1, big2) {
		t.Fatal("parallel generation is not deterministic")
	}
	c := DemoHistories(40, 6, fixedNow, cs)
	if reflect.DeepEqual(a[0].Sessions, c[0].Sessions) {
		t.Fatal("a different seed gave the same sessions")
	}
}

// TestDemoHistoriesAreClinicallyConsistent checks the rules a clinician
// would check, on a sample large enough to hit the rare branches.
func TestDemoHistoriesAreClinicallyConsistent(t *testing.T) {
	cs := DefaultClinicSettings()
	now := fixedNow
	hs := DemoHistories(400, 3, now, cs)
	dilatorIndex := map[string]int{}
	for i, d := range cs.Dilators {
		dilatorIndex[d.Label] = i
	}
	var firstPain, lastPain float64
	var painPatients, moves, withdrawn, chaperones, acked, late, pregnant, postpartum, menopause, men, dischargeEnds int
	swabFalls, swabPatients := 0, 0
	for _, h := range hs {
		p := h.Patient.Normalise()
		if err := p.Validate(DateOf(now)); err != nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
		switch {
		case p.Flags.Pregnant:
			pregnant++
		case p.Flags.Postpartum:
			postpartum++
		}
		if p.Flags.Menopause {
			menopause++
		}
		if p.Sex == SexMale {
			men++
		}
		n := len(h.Sessions)
		if n < 5 || n > 40 {
			t.Fatalf("%s: %d sessions", p.Name, n)
		}
		if h.Sessions[0].Kind != SessionInitial {
			t.Fatalf("%s: first session is a %s", p.Name, h.Sessions[0].Kind)
		}
		if h.Sessions[n-1].Kind == SessionDischarge {
			dischargeEnds++
		}
		if len(h.Programmes) < 1 || len(h.Programmes) > 4 {
			t.Fatalf("%s: %d programmes", p.Name, len(h.Programmes))
		}
		if len(p.Goals) < 2 {
			t.Fatalf("%s: %d goals", p.Name, len(p.Goals))
		}

		// Dilator sizes: one step at a time, and only after the clinic's
		// number of consecutive dilator sessions at or below its pain limit.
		size, streak, used := -1, 0, false
		var swabs []float64
		var prevTreated time.Time
		for j, s := range h.Sessions {
			if err := withPatient(s).Normalise().Validate(s.SignedAt, cs); err != nil {
				t.Fatalf("%s, session %d: %v", p.Name, j+1, err)
			}
			if j > 0 && s.Kind == SessionInitial {
				t.Fatalf("%s: a second initial assessment", p.Name)
			}
			if !s.TreatedAt.After(prevTreated) || DateOf(s.TreatedAt) == DateOf(prevTreated) {
				t.Fatalf("%s: sessions %d and %d out of order or on one day", p.Name, j, j+1)
			}
			prevTreated = s.TreatedAt
			if wd := s.TreatedAt.Weekday(); wd == time.Saturday || wd == time.Sunday {
				t.Fatalf("%s: session on a %s", p.Name, wd)
			}
			if hm := s.TreatedAt.Hour()*60 + s.TreatedAt.Minute(); hm < 8*60+30 || hm > 17*60 {
				t.Fatalf("%s: session at %s", p.Name, s.TreatedAt.Format("15:04"))
			}
			if s.Status != StatusSigned || s.SignedAt.Before(s.WrittenAt) || s.WrittenAt.Before(s.TreatedAt) || s.SignedAt.After(now) {
				t.Fatalf("%s, session %d: treated %v written %v signed %v", p.Name, j+1, s.TreatedAt, s.WrittenAt, s.SignedAt)
			}
			if SignedLate(s.TreatedAt, s.SignedAt) {
				late++
				if s.SignedAt.Sub(s.TreatedAt) > 4*24*time.Hour {
					t.Fatalf("%s: signed %v after treatment", p.Name, s.SignedAt.Sub(s.TreatedAt))
				}
			}
			// Safety: nothing open at signing.
			open := Unacknowledged(cs.Safety.SessionWarnings(p, s, DateOf(s.TreatedAt)), s.Warnings)
			if len(open) > 0 {
				t.Fatalf("%s, session %d signed with open warnings: %v", p.Name, j+1, open)
			}
			acked += len(s.Warnings)
			// Internal findings only with consent that covers them.
			e := s.Examination
			internal := e.OxfordLeft != nil || e.OxfordRight != nil || e.PERFECT != nil || len(e.TriggerPoints) > 0 || len(e.Swab) > 0
			if internal && !s.Consent.Covers(ScopeVaginal, ScopeRectal) {
				t.Fatalf("%s, session %d: internal findings without internal consent: %+v", p.Name, j+1, s.Consent)
			}
			for _, tr := range s.Treatment {
				tech, _ := TechniqueByID(tr.TechniqueID)
				if len(tech.Consent) > 0 && !s.Consent.Covers(tech.Consent...) {
					t.Fatalf("%s, session %d: %s without consent", p.Name, j+1, tech.Name)
				}
				if tech.HasTag(TagStrengthening) && e.Tone == ToneOveractive {
					t.Fatalf("%s, session %d: strengthening while overactive", p.Name, j+1)
				}
			}
			if s.Consent.Withdrawn {
				withdrawn++
			}
			if s.Consent.Chaperone == ChaperoneAccepted {
				chaperones++
			}
			// Trigger points where the clinic's table puts that muscle.
			for _, tp := range e.TriggerPoints {
				m, ok := cs.Muscle(tp.Muscle)
				if !ok || m.Layer != tp.Layer || !containsInt(m.Hours, tp.Hour) {
					t.Fatalf("%s: trigger point %+v does not match the muscle table", p.Name, tp)
				}
			}
			if len(e.Swab) > 0 {
				swabs = append(swabs, swabMean(e.Swab))
			}
			if d := s.Dilator; d != nil {
				k, ok := dilatorIndex[d.SizeLabel]
				if !ok {
					t.Fatalf("%s: dilator %q not in the set", p.Name, d.SizeLabel)
				}
				switch {
				case !used:
					used = true
				case k == size:
				case k == size+1:
					if streak < cs.DilatorProgression.Sessions {
						t.Fatalf("%s, session %d: moved up to %s after %d qualifying sessions", p.Name, j+1, d.SizeLabel, streak)
					}
					moves++
					streak = 0
				default:
					t.Fatalf("%s, session %d: dilator went from size %d to %d", p.Name, j+1, size+1, k+1)
				}
				size = k
				if d.Pain <= cs.DilatorProgression.MaxPain {
					streak++
				} else {
					streak = 0
				}
			}
		}
		if len(swabs) >= 2 {
			swabPatients++
			if swabs[len(swabs)-1] < swabs[0] {
				swabFalls++
			}
		}

		// Pain: the first sessions against the last.
		var pains []int
		for _, s := range h.Sessions {
			switch {
			case s.Subjective.PainPenetration != nil:
				pains = append(pains, *s.Subjective.PainPenetration)
			case s.Subjective.PainNow != nil:
				pains = append(pains, *s.Subjective.PainNow)
			}
		}
		third := max(1, len(pains)/3)
		firstPain += meanInts(pains[:third])
		lastPain += meanInts(pains[len(pains)-third:])
		painPatients++

		for j, m := range h.Measures {
			m.PatientID = "0123456789abcdef"
			if err := m.Validate(DateOf(now)); err != nil {
				t.Fatalf("%s, measure %d (%s): %v", p.Name, j+1, m.Instrument, err)
			}
		}
		for j, g := range h.Programmes {
			g.Version, g.PatientID = j+1, "0123456789abcdef"
			if err := g.Normalise().Validate(g.Issued); err != nil {
				t.Fatalf("%s, programme %d: %v", p.Name, j+1, err)
			}
			if n := len(g.Items); n < 4 || n > 7 {
				t.Fatalf("%s, programme %d: %d items", p.Name, j+1, n)
			}
			if open := Unacknowledged(cs.Safety.ProgrammeWarnings(p, g, DateOf(g.Issued)), g.Warnings); len(open) > 0 {
				t.Fatalf("%s, programme %d issued with open warnings: %v", p.Name, j+1, open)
			}
			if strings.TrimSpace(g.FlareUpPlan) == "" {
				t.Fatalf("%s, programme %d has no flare-up plan", p.Name, j+1)
			}
		}
	}
	firstPain /= float64(painPatients)
	lastPain /= float64(painPatients)
	t.Logf("400 patients: pain %.1f → %.1f; %d dilator moves; %d withdrawals; %d chaperones; %d acknowledged warnings; %d late; %d pregnant, %d postpartum, %d menopause, %d men; %d end in discharge; swab fell for %d of %d",
		firstPain, lastPain, moves, withdrawn, chaperones, acked, late, pregnant, postpartum, menopause, men, dischargeEnds, swabFalls, swabPatients)
	if lastPain > firstPain-2 {
		t.Errorf("pain does not trend down: %.1f at the start, %.1f at the end", firstPain, lastPain)
	}
	if swabFalls*10 < swabPatients*7 {
		t.Errorf("swab test fell for only %d of %d patients", swabFalls, swabPatients)
	}
	for what, n := range map[string]int{"dilator moves": moves, "withdrawals": withdrawn, "chaperones": chaperones, "late signatures": late,
		"pregnant": pregnant, "postpartum": postpartum, "menopause": menopause, "men": men, "discharges": dischargeEnds} {
		if n == 0 {
			t.Errorf("no %s among 400 patients", what)
		}
	}
}

func TestDemoHistoriesPHQ9Item9IsRare(t *testing.T) {
	count := func(hs []History) int {
		n := 0
		for _, h := range hs {
			for _, m := range h.Measures {
				if len(MeasureWarnings(m)) > 0 {
					n++
				}
			}
		}
		return n
	}
	cs := DefaultClinicSettings()
	if n := count(DemoHistories(60, 1, fixedNow, cs)); n != 0 {
		t.Errorf("%d PHQ-9 item 9 alerts among 60 patients; want none in a small demo", n)
	}
	if n := count(DemoHistories(1200, 1, fixedNow, cs)); n < 1 || n > 2 {
		t.Errorf("%d PHQ-9 item 9 alerts among 1200 patients; want one or two", n)
	}
}

// TestDemoHistoriesFollowTheClinicSettings uses a clinic's own dilator set,
// swab sites, muscles and body chart.
func TestDemoHistoriesFollowTheClinicSettings(t *testing.T) {
	cs := DefaultClinicSettings()
	cs.Dilators = []DilatorSize{{Label: "XS", DiameterMM: 12}, {Label: "S", DiameterMM: 18}, {Label: "M", DiameterMM: 25}}
	cs.DilatorProgression = DilatorProgression{Sessions: 2, MaxPain: 4}
	cs.SwabSites = []int{3, 6, 9}
	cs.Muscles = []MuscleDefault{{Name: "Levator ani", Layer: LayerDeep, Hours: []int{4, 8}}, {Name: "Perineal body", Layer: LayerSuperficial, Hours: []int{6}}}
	cs.BodyChartSites = []string{"Lower back", "Hips"}
	if err := cs.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, h := range DemoHistories(80, 2, fixedNow, cs) {
		for j, s := range h.Sessions {
			if err := withPatient(s).Normalise().Validate(s.SignedAt, cs); err != nil {
				t.Fatalf("session %d: %v", j+1, err)
			}
		}
	}
}

// withPatient gives a generated session the patient ID the import would.
func withPatient(s Session) Session {
	s.PatientID = "0123456789abcdef"
	return s
}

func meanInts(xs []int) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := 0
	for _, x := range xs {
		s += x
	}
	return float64(s) / float64(len(xs))
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// TestRawFileRevealsNothing imports demo histories, closes the file, and
// searches its raw bytes, and a byte-for-byte backup copy, for anything
// personal: names, dates of birth, identifiers, contact details and
// distinctive words of the clinical notes.
//
// Encrypted bytes are random, so a needle as short as a four-letter family
// name turns up by chance in about one run in a thousand per name. A short
// needle therefore counts as found only if it is also in a second file
// holding the same histories under another data key: plain text is in both,
// a chance match almost never.
func TestRawFileRevealsNothing(t *testing.T) {
	db, path, hs := importDemo(t, 40, 21)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db2, path2 := openTemp(t)
	again := DemoHistories(40, 21, db2.Now(), db2.Settings())
	AttributeHistories(again, db2.CurrentPractitioner().ID)
	if _, err := db2.ImportHistories(again); err != nil {
		t.Fatal(err)
	}
	if err := db2.Close(); err != nil {
		t.Fatal(err)
	}
	other, err := os.ReadFile(path2)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "backup-copy.db")
	if err := copyFile(path, backup); err != nil {
		t.Fatal(err)
	}
	rawCopy, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(raw, rawCopy) {
		t.Fatal("the backup copy differs from the file")
	}

	var needles []string
	for _, h := range hs {
		p := h.Patient
		needles = append(needles, p.Name, Fold(p.Name), p.DateOfBirth.String(), p.DateOfBirth.Numeric(),
			p.Identifier, strings.ReplaceAll(p.Identifier, " ", ""), p.Phone, strings.ReplaceAll(p.Phone, " ", ""))
		if p.Email != "" {
			needles = append(needles, p.Email)
		}
		for _, part := range strings.Fields(p.Name) {
			if len([]rune(part)) >= 4 {
				needles = append(needles, part)
			}
		}
		needles = append(needles, strings.Split(p.Address, "\n")...)
	}
	// Words the generated notes use, which no key or bucket name holds.
	notes := []string{"dreading", "smear", "lubricant", "introitus", "fourchette", "vestibule", "perineal",
		"thrush", "guarding", "oestrogen", "Cotton-swab", "flare-up", "tampon", "endometriosis"}
	found := 0
	for _, w := range notes {
		for _, h := range hs {
			if strings.Contains(historyText(h), w) {
				found++
				break
			}
		}
	}
	if found != len(notes) {
		t.Fatalf("only %d of the %d note words are in the generated text: the check would prove nothing", found, len(notes))
	}
	needles = append(needles, notes...)
	seen := map[string]bool{}
	for _, n := range needles {
		if n == "" || seen[n] {
			continue
		}
		seen[n] = true
		for name, b := range map[string][]byte{"file": raw, "backup copy": rawCopy} {
			if bytes.Contains(b, []byte(n)) && (len(n) >= 6 || bytes.Contains(other, []byte(n))) {
				t.Errorf("the %s holds %q in plain text", name, n)
			}
		}
	}
	t.Logf("%d distinct needles searched in %d bytes", len(seen), len(raw))
}

// historyText joins the free text of a history, to check the note words are there.
func historyText(h History) string {
	var b strings.Builder
	b.WriteString(h.Patient.Referral.Reason)
	for _, g := range h.Patient.Goals {
		b.WriteString(" " + g.Text)
	}
	for _, s := range h.Sessions {
		b.WriteString(" " + s.Subjective.Text + " " + s.Examination.Text + " " + s.Examination.ToneNote + " " + s.Assessment + " " + s.Plan)
		if s.Dilator != nil {
			b.WriteString(" " + s.Dilator.Note)
		}
	}
	for _, g := range h.Programmes {
		b.WriteString(" " + g.FlareUpPlan)
		for _, it := range g.Items {
			b.WriteString(" " + it.Title + " " + strings.Join(it.Steps, " ") + " " + strings.Join(it.Precautions, " "))
		}
	}
	return b.String()
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func BenchmarkDemoHistories(b *testing.B) {
	cs := DefaultClinicSettings()
	sessions := 0
	for b.Loop() {
		hs := DemoHistories(1000, 1, fixedNow, cs)
		sessions = 0
		for _, h := range hs {
			sessions += len(h.Sessions)
		}
	}
	b.ReportMetric(float64(sessions)/1000, "sessions/patient")
}
