package ui

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/pelvicnotes/pelvicnotes/store"
)

// demoShell opens the window on a file with n demo patients and whole histories.
func demoShell(t *testing.T, n int) (*Shell, *store.DB) {
	t.Helper()
	db := openSetUp(t, filepath.Join(t.TempDir(), "demo.db"))
	hs := store.DemoHistories(n, 3, testNow, db.Settings())
	store.AttributeHistories(hs, db.CurrentPractitioner().ID)
	if _, err := db.ImportHistories(hs); err != nil {
		t.Fatal(err)
	}
	s := NewShell(test.NewTempApp(t), db)
	s.background = runNow
	s.win.Resize(fyne.NewSize(1366, 768))
	s.win.Show()
	t.Cleanup(s.win.Close)
	return s, db
}

func TestChartShowsTheCourseNewestFirst(t *testing.T) {
	s, db := demoShell(t, 3)
	p := s.patients
	p.list.Select(0)
	c := p.chart
	sessions, _ := db.PatientSessions(p.selected)
	if len(c.timeline) != len(sessions) || len(sessions) < 5 {
		t.Fatalf("timeline %d rows for %d sessions", len(c.timeline), len(sessions))
	}
	for i := 1; i < len(c.timeline); i++ {
		if c.timeline[i].TreatedAt.After(c.timeline[i-1].TreatedAt) {
			t.Fatal("the timeline is not newest first")
		}
	}
	row := c.newRow()
	c.updateRow(0, row)
	if !strings.Contains(c.summary.Text, "signed") || !strings.Contains(c.dilator.Text, "Dilator") || strings.Contains(c.dilator.Text, "(s)") {
		t.Fatalf("summary %q, dilator %q", c.summary.Text, c.dilator.Text)
	}
}

func TestChartSavesFlagsAndKeepsDetailsInStep(t *testing.T) {
	s, db, _ := newTestShell(t, store.Patient{Name: "Σοφία Γεωργίου", DateOfBirth: store.Date{Year: 1984, Month: 6, Day: 2}})
	p := s.patients
	p.list.Select(0)
	c := p.chart
	if !c.save.Disabled() {
		t.Fatal("nothing changed, yet Save is enabled")
	}
	c.flags.pregnant.SetChecked(true)
	c.flags.dueDate.SetText("31/02/2027")
	test.Tap(c.save)
	if !c.problem.Visible() || !strings.Contains(c.problem.Text, "does not exist") {
		t.Fatalf("a bad due date gave %q", c.problem.Text)
	}
	c.flags.dueDate.SetText(store.DateOf(testNow).AddDate(0, 4, 0).Numeric())
	c.refReason.SetText("Superficial dyspareunia for two years; please assess and treat.")
	gp, err := db.SaveReferrer(store.Referrer{Name: "Dr Ngozi Adeyemi", Role: "GP", Practice: "Harbour Surgery"})
	if err != nil {
		t.Fatal(err)
	}
	c.loadReferrers("")
	c.referrer.SetSelected("Dr Ngozi Adeyemi · GP · Harbour Surgery")
	c.addGoal(store.Goal{Text: "To have a smear test without dreading it", Status: store.GoalActive})
	test.Tap(c.save)
	if c.problem.Visible() {
		t.Fatalf("not saved: %s", c.problem.Text)
	}
	saved := fullPatient(t, db, "σοφια")
	if !saved.Flags.Pregnant || len(saved.Goals) != 1 || saved.Referral.Reason == "" || saved.Referral.ReferrerID != gp.ID {
		t.Fatalf("stored %+v", saved)
	}
	// Saving details afterwards must not put the old flags back.
	p.form.phone.SetText("07700 900555")
	test.Tap(p.form.save)
	if again := fullPatient(t, db, "σοφια"); !again.Flags.Pregnant || len(again.Goals) != 1 || again.Phone != "07700 900555" {
		t.Fatalf("details save reverted the chart: %+v", again)
	}
}

func TestChartingSettingsChangeTheDilatorSet(t *testing.T) {
	s, db, _ := newTestShell(t)
	c := newChartingSettings(s)
	c.sessions.SetText("2")
	c.maxPain.SetText("2")
	c.swab.SetText("3, 9, 6")
	c.bodySites.SetText("Adductors\nGluteals")
	c.dilatorRows[0].diameter.SetText("12,5")
	if err := c.save(); err != nil {
		t.Fatal(err)
	}
	got := db.Settings()
	if got.Dilators[0].DiameterMM != 12.5 || got.DilatorProgression.Sessions != 2 || len(got.SwabSites) != 3 || got.SwabSites[0] != 3 || len(got.BodyChartSites) != 2 {
		t.Fatalf("saved %+v", got)
	}
	c.dilatorRows[1].diameter.SetText("5") // narrower than the size before
	err := c.save()
	if err == nil || !strings.Contains(err.Error(), "smallest to largest") {
		t.Fatalf("an unordered set gave %v", err)
	}
	if db.Settings().Dilators[1].DiameterMM == 5 {
		t.Fatal("a refused set was kept")
	}
	c.swab.SetText("2, thirteen")
	if err := c.save(); err == nil || !strings.Contains(err.Error(), "thirteen") {
		t.Fatalf("a bad swab site gave %v", err)
	}
}

func TestUnsavedChartEditsAreNotLostWhenSwitchingPatient(t *testing.T) {
	s, db, _ := newTestShell(t,
		store.Patient{Name: "Ama Eze", DateOfBirth: store.Date{Year: 1991, Month: 3, Day: 4}},
		store.Patient{Name: "Zofia Kowalczyk", DateOfBirth: store.Date{Year: 1990, Month: 1, Day: 2}})
	p := s.patients
	p.list.Select(0)
	p.chart.flags.epilepsy.SetChecked(true)
	p.list.Select(1)
	test.Tap(findButton(t, s.win.Canvas(), "Save"))
	if got := fullPatient(t, db, "ama"); !got.Flags.Epilepsy {
		t.Fatal("the chart's unsaved flag was lost on switching patient")
	}
	if p.chart.patient.Name != "Zofia Kowalczyk" {
		t.Fatalf("the chart shows %q", p.chart.patient.Name)
	}
}

// Before a patient is chosen the right side says so: an empty chart would
// take typing that belongs to nobody. Choosing one, or New patient, brings
// the tabs.
func TestNoChartBeforeAPatientIsChosen(t *testing.T) {
	s, _ := demoShell(t, 2)
	p := s.patients
	c := s.win.Canvas()
	if len(p.right.Objects) != 1 || p.right.Objects[0] == p.tabs || !strings.Contains(screenText(c), "No patient open") {
		t.Fatal("before a patient is chosen, the right side is not the 'No patient open' pane")
	}
	p.list.Select(0)
	if p.right.Objects[0] != p.tabs || p.tabs.SelectedIndex() != tabChart {
		t.Fatal("choosing a patient does not show the chart")
	}
	if strings.Contains(screenText(c), "No patient open") {
		t.Error("'No patient open' still shows with a patient chosen")
	}
}

// A man's chart has no pregnancy, postpartum or menopause flags, unless
// one was recorded: a set flag is never hidden.
func TestFlagsFitThePatient(t *testing.T) {
	s, _, _ := newTestShell(t,
		store.Patient{Name: "Imran Sharma", Sex: store.SexMale, DateOfBirth: store.Date{Year: 1955, Month: 10, Day: 13}},
		store.Patient{Name: "Amelia Hall", Sex: store.SexFemale, DateOfBirth: store.Date{Year: 1999, Month: 4, Day: 11}},
		store.Patient{Name: "Sam Ortiz", Sex: store.SexMale, DateOfBirth: store.Date{Year: 1980, Month: 1, Day: 2},
			Flags: store.Flags{Pregnant: true, DueDate: store.Date{Year: 2027, Month: 3, Day: 1}}},
	)
	p := s.patients
	open := func(name string) {
		t.Helper()
		for i, q := range p.shown {
			if q.Name == name {
				p.list.Select(i)
				return
			}
		}
		t.Fatalf("%s is not listed", name)
	}
	open("Imran Sharma")
	pregnancy, postpartum, menopause := p.chart.womenOnly[0], p.chart.womenOnly[1], p.chart.womenOnly[2]
	if pregnancy.Visible() || postpartum.Visible() || menopause.Visible() {
		t.Error("a man's chart offers pregnancy, postpartum or menopause")
	}
	if !p.chart.flags.prolapse.Visible() || !p.chart.flags.implant.Visible() {
		t.Error("a man's chart hides flags that apply to him")
	}
	open("Amelia Hall")
	if !pregnancy.Visible() || !postpartum.Visible() || !menopause.Visible() {
		t.Error("a woman's chart hides pregnancy, postpartum or menopause")
	}
	open("Sam Ortiz")
	if !pregnancy.Visible() || !p.chart.flags.pregnant.Checked {
		t.Error("a pregnancy recorded on a man's chart is hidden")
	}
}
