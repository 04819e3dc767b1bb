package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/store"
)

func TestPHQ9Item9RaisesTheAlertAtOnceAndRecordsIt(t *testing.T) {
	s, db, _ := newTestShell(t, store.Patient{Name: "Ольга Иванова", DateOfBirth: store.Date{Year: 1985, Month: 2, Day: 3}})
	p := s.patients
	p.list.Select(0)
	in, _ := store.InstrumentByID(store.InstrumentPHQ9)
	e := newMeasureEntry(s, p.chart.patient, in, func(m store.MeasureResponse) {
		p.measures.Load(p.chart.patient)
		for _, a := range m.Alerts {
			showMeasureAlert(s, a)
		}
	})
	e.show()
	if s.win.Canvas().Focused() != e.items[0] {
		t.Fatal("the cursor does not start on item 1")
	}
	for i, d := range []string{"1", "0", "2", "1", "0", "1", "0", "0"} {
		test.Type(e.items[i], d)
		if i < 7 && s.win.Canvas().Focused() != e.items[i+1] {
			t.Fatalf("after item %d the cursor did not move on", i+1)
		}
	}
	if e.alert.Visible() {
		t.Fatal("an alert before item 9 was answered")
	}
	if !strings.Contains(e.running.Text, "not scored") && !strings.Contains(e.running.Text, "5") {
		t.Fatalf("running score %q", e.running.Text)
	}
	test.Type(e.items[8], "1")
	if !e.alert.Visible() || !strings.Contains(e.alert.Text, "suicide risk") {
		t.Fatalf("item 9 = 1 did not raise the alert at once: %q", e.alert.Text)
	}
	if !strings.Contains(e.running.Text, "6 of 27") || !strings.Contains(e.running.Text, "mild") {
		t.Fatalf("running score %q", e.running.Text)
	}
	e.save()

	// The alert is a modal that names the clinic's crisis resources.
	top := s.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no alert dialog after saving")
	}
	text := screenText(s.win.Canvas())
	if !strings.Contains(text, "Suicide risk: act now") || !strings.Contains(text, strings.Split(db.Settings().CrisisText, "\n")[0]) {
		t.Fatalf("alert dialog text: %s", text)
	}
	// Recorded in the record and the audit trail, and shown on the measures tab.
	ms, _ := db.Measures(p.selected)
	if len(ms) != 1 || len(ms[0].Alerts) != 1 {
		t.Fatalf("stored measures %+v", ms)
	}
	if len(p.measures.alerts.Objects) != 1 || !strings.Contains(p.measures.alerts.Objects[0].(*widget.Label).Text, "Siân Howells") {
		t.Fatal("the alert is not shown on the measures tab")
	}
	trail, _ := db.PatientAudit(p.selected)
	if trail[len(trail)-1].Action != store.AuditCreate || trail[len(trail)-2].Action != store.AuditAlert {
		t.Fatalf("audit trail ends %+v", trail[len(trail)-2:])
	}
}

func TestMeasureEntryRefusesOutOfRangeAnswers(t *testing.T) {
	s, db, _ := newTestShell(t, store.Patient{Name: "Ama Eze", DateOfBirth: store.Date{Year: 1991, Month: 3, Day: 4}})
	s.patients.list.Select(0)
	in, _ := store.InstrumentByID(store.InstrumentGAD7)
	e := newMeasureEntry(s, s.patients.chart.patient, in, nil)
	test.Type(e.items[0], "7")
	e.save()
	if !e.problem.Visible() || !strings.Contains(e.problem.Text, "item 1") {
		t.Fatalf("problem %q", e.problem.Text)
	}
	if ms, _ := db.Measures(s.patients.selected); len(ms) != 0 {
		t.Fatal("an out-of-range answer was saved")
	}
}

func TestMeasuresTabDrawsTrends(t *testing.T) {
	s, _ := demoShell(t, 2)
	s.patients.list.Select(0)
	v := s.patients.measures
	if len(v.trends.Objects) == 0 || len(v.results.Objects) < 3 {
		t.Fatalf("%d trends, %d results", len(v.trends.Objects), len(v.results.Objects))
	}
}
