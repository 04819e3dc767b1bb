package ui

import (
	"testing"

	"github.com/pelvicnotes/pelvicnotes/store"
)

func TestNewSessionFromTheMenuAndLockKeepsIt(t *testing.T) {
	s, db, _ := newTestShell(t, store.Patient{Name: "Łucja Żółć", DateOfBirth: store.Date{Year: 1988, Month: 3, Day: 14}})
	s.newSession()
	if s.editor != nil {
		t.Fatal("a session opened with no patient chosen")
	}
	s.patients.list.Select(0)
	s.newSession() // Ctrl+N
	if s.editor == nil || s.win.Content() != s.editor.content() {
		t.Fatal("Ctrl+N did not open the session editor")
	}
	s.editor.plan.SetText("Review in two weeks; continue breathing and down-training daily.")

	s.Lock()
	if s.editor != nil || !db.Locked() {
		t.Fatal("the editor survived the lock")
	}
	if err := db.UnlockAny(testPassphrase); err != nil {
		t.Fatal(err)
	}
	s.showMain()
	if s.editor == nil || s.editor.plan.Text != "Review in two weeks; continue breathing and down-training daily." {
		t.Fatal("the session being charted did not come back after unlocking")
	}
	// Ctrl+S signs it; back on the chart the timeline shows it.
	s.saveOrSign()
	if s.editor != nil && s.editor.current().Status != store.StatusSigned {
		// signing may ask about warnings; none apply to this patient
		t.Fatalf("Ctrl+S did not sign: %+v", s.editor.current().Status)
	}
	s.closeEditor()
	if len(s.patients.chart.timeline) != 1 || s.patients.chart.timeline[0].Status != store.StatusSigned {
		t.Fatalf("timeline after signing: %+v", s.patients.chart.timeline)
	}
}
