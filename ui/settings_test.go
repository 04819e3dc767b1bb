package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// queueBackground makes the shell's background work run on its own
// goroutine, as in the app, with each result handed back to the UI when
// the test takes it (deliver), on the test's goroutine.
func queueBackground(s *Shell) chan func() {
	results := make(chan func(), 16)
	s.background = func(work func() (any, error), done func(any, error)) {
		go func() {
			v, err := work()
			results <- func() { done(v, err) }
		}()
	}
	return results
}

// deliver hands the next background result to the UI.
func deliver(t *testing.T, results chan func()) {
	t.Helper()
	select {
	case done := <-results:
		done()
	case <-time.After(30 * time.Second):
		t.Fatal("the background work did not finish")
	}
}

// Changing the passphrase derives keys off the UI goroutine: meanwhile the
// dialog says so and cannot be pressed again; a wrong current passphrase
// is still named at its field.
func TestChangingThePassphraseRunsInTheBackground(t *testing.T) {
	s, db, _ := newTestShell(t)
	results := queueBackground(s)
	const next = "lantern orchard pebble willow"
	s.showChangePassphrase()
	c := s.win.Canvas()
	entries := dialogEntries(t, c)
	if len(entries) != 3 {
		t.Fatalf("%d entries in the dialog", len(entries))
	}
	test.Type(entries[0], "not my passphrase at all")
	test.Type(entries[1], next)
	test.Type(entries[2], next)
	change := findButton(t, c, "Change passphrase")
	test.Tap(change)
	if !strings.Contains(screenText(c), "Changing your passphrase…") || !change.Disabled() || !findButton(t, c, "Cancel").Disabled() {
		t.Fatalf("no sign of the change under way:\n%s", screenText(c))
	}
	test.Tap(change) // pressed again while busy: nothing more starts
	deliver(t, results)
	select {
	case <-results:
		t.Fatal("a second change started while the first was under way")
	default:
	}
	if !strings.Contains(screenText(c), "That is not your current passphrase") || change.Disabled() {
		t.Fatalf("the wrong passphrase is not named at its field:\n%s", screenText(c))
	}
	if strings.Contains(screenText(c), "Changing your passphrase…") {
		t.Fatal("still says it is changing the passphrase")
	}

	entries[0].SetText(testPassphrase)
	test.Tap(change)
	deliver(t, results)
	if !strings.Contains(screenText(c), "Passphrase changed") {
		t.Fatalf("the change is not confirmed:\n%s", screenText(c))
	}
	db.Lock()
	if err := db.UnlockAny(next); err != nil {
		t.Fatalf("the new passphrase does not unlock: %v", err)
	}
}

// Adding a practitioner derives their key off the UI goroutine too, and
// keeps the field-level refusals.
func TestAddingAPractitionerRunsInTheBackground(t *testing.T) {
	s, db, _ := newTestShell(t)
	results := queueBackground(s)
	s.showAddPractitioner()
	c := s.win.Canvas()
	entries := dialogEntries(t, c)
	if len(entries) != 5 {
		t.Fatalf("%d entries in the dialog", len(entries))
	}
	const theirs = "saffron kettle mosaic harbour"
	test.Type(entries[0], "Tomasz Nowak")
	test.Type(entries[2], "PH654321")
	test.Type(entries[3], theirs)
	test.Type(entries[4], theirs)
	add := findButton(t, c, "Add practitioner")
	test.Tap(add)
	if !strings.Contains(screenText(c), "Setting up their passphrase…") || !add.Disabled() {
		t.Fatalf("no sign of the work under way:\n%s", screenText(c))
	}
	deliver(t, results)
	if !strings.Contains(screenText(c), "Tomasz Nowak can now unlock PelvicNotes") {
		t.Fatalf("not confirmed:\n%s", screenText(c))
	}
	var found bool
	for _, sl := range db.Practitioners() {
		found = found || sl.Label == "Tomasz Nowak"
	}
	if !found {
		t.Fatal("the practitioner was not added")
	}
	closeDialogs(c)

	// The same name again is refused at its field, after the work.
	s.showAddPractitioner()
	entries = dialogEntries(t, c)
	test.Type(entries[0], "Tomasz Nowak")
	test.Type(entries[3], theirs)
	test.Type(entries[4], theirs)
	test.Tap(findButton(t, c, "Add practitioner"))
	deliver(t, results)
	if !strings.Contains(screenText(c), "A practitioner of that name can already unlock this file") {
		t.Fatalf("the name is not refused:\n%s", screenText(c))
	}
}

// After a recovery-key unlock, the new passphrase is set off the UI
// goroutine, with a note meanwhile.
func TestSettingANewPassphraseRunsInTheBackground(t *testing.T) {
	s, db, _ := newTestShell(t)
	results := queueBackground(s)
	const next = "meadow copper lantern thistle"
	s.askNewPassphrase()
	c := s.win.Canvas()
	entries := dialogEntries(t, c)
	if len(entries) != 2 {
		t.Fatalf("%d entries in the dialog", len(entries))
	}
	test.Type(entries[0], next)
	test.Type(entries[1], next)
	test.Tap(findButton(t, c, "Set passphrase"))
	if !strings.Contains(screenText(c), "Setting the new passphrase…") {
		t.Fatalf("no sign of the work under way:\n%s", screenText(c))
	}
	deliver(t, results)
	if !strings.Contains(screenText(c), "can now unlock PelvicNotes with the new passphrase") {
		t.Fatalf("not confirmed:\n%s", screenText(c))
	}
	if strings.Contains(screenText(c), "Setting the new passphrase…") {
		t.Fatal("the note stays up")
	}
	db.Lock()
	if err := db.UnlockAny(next); err != nil {
		t.Fatalf("the new passphrase does not unlock: %v", err)
	}
}

// A lock asked for while a passphrase is being changed (the idle timer, or
// Ctrl+L) waits for the change, so its result is neither lost nor saved
// under someone else's unlock; then PelvicNotes locks.
func TestALockWaitsForAPassphraseChange(t *testing.T) {
	s, db, _ := newTestShell(t)
	results := queueBackground(s)
	const next = "lantern orchard pebble willow"
	s.showChangePassphrase()
	c := s.win.Canvas()
	entries := dialogEntries(t, c)
	test.Type(entries[0], testPassphrase)
	test.Type(entries[1], next)
	test.Type(entries[2], next)
	test.Tap(findButton(t, c, "Change passphrase"))
	s.Lock()
	if db.Locked() {
		t.Fatal("PelvicNotes locked while the passphrase was being changed")
	}
	deliver(t, results)
	if !db.Locked() {
		t.Fatal("the lock asked for meanwhile did not happen once the change was done")
	}
	if text := screenText(c); !strings.Contains(text, "Unlock with your new passphrase.") {
		t.Errorf("nothing over the unlock screen says the passphrase was changed:\n%s", text)
	}
	if err := db.UnlockAny(next); err != nil {
		t.Fatalf("the new passphrase does not unlock: %v", err)
	}
}

// A change that fails while a lock waits says so over the unlock screen:
// the dialog with its field message is gone.
func TestAFailedChangeBeforeALockIsSaid(t *testing.T) {
	s, db, _ := newTestShell(t)
	results := queueBackground(s)
	s.showChangePassphrase()
	c := s.win.Canvas()
	entries := dialogEntries(t, c)
	test.Type(entries[0], "not my passphrase at all")
	test.Type(entries[1], "lantern orchard pebble willow")
	test.Type(entries[2], "lantern orchard pebble willow")
	test.Tap(findButton(t, c, "Change passphrase"))
	s.Lock()
	deliver(t, results)
	if !db.Locked() {
		t.Fatal("the lock asked for meanwhile did not happen")
	}
	if text := screenText(c); !strings.Contains(text, "Your passphrase was not changed: that is not your current passphrase.") {
		t.Errorf("nothing says the passphrase was not changed:\n%s", text)
	}
}
