package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/store"
)

// Enter in the search adds below what the pane shows: the builder must say
// what it added, bring the new exercise into view, and speak up when the
// exercise is in the programme already.
func TestAddingAnExerciseShowsItAndSpeaksUpAboutATwin(t *testing.T) {
	s, _, _ := newTestShell(t, store.Patient{Name: "Grace Walker", DateOfBirth: store.Date{Year: 1990, Month: 6, Day: 1}})
	v := openProgramme(t, s)
	v.StartBuilding()
	b := v.builder
	for _, q := range []string{"belly", "child", "piriformis", "butterfly", "squat"} {
		addBySearch(t, b, q)
	}
	if !b.added.Visible() || b.added.Text != "Added Supported deep squat as exercise 5." {
		t.Errorf("after Enter the library says %q (shown %v)", b.added.Text, b.added.Visible())
	}
	last := b.rows[len(b.rows)-1].box
	top := last.Position().Y + b.itemsBox.Position().Y + b.right.Position().Y
	if off, view := b.scroll.Offset.Y, b.scroll.Size().Height; top < off || top+last.Size().Height > off+view {
		t.Errorf("the added exercise (%.0f to %.0f) is out of view (%.0f to %.0f)", top, top+last.Size().Height, off, off+view)
	}
	addBySearch(t, b, "belly")
	if b.added.Importance != widget.WarningImportance || !strings.Contains(b.added.Text, "twice (exercises 1 and 6)") {
		t.Errorf("adding belly breathing again says %q", b.added.Text)
	}
	test.Tap(findButtonIn(t, b.rows[5], "Remove"))
	if b.added.Visible() {
		t.Error("the word about the twin stays after it was removed")
	}
}

func TestClinicExerciseWithoutTagsListsCleanly(t *testing.T) {
	s, db, _ := newTestShell(t, store.Patient{Name: "Grace Walker", DateOfBirth: store.Date{Year: 1990, Month: 6, Day: 1}})
	if _, err := db.SaveClinicExercise(store.Exercise{Text: store.ExerciseText{Title: "Bridge with a ball", Steps: []string{"Lift your hips."}},
		Dose: store.Dose{Repetitions: 8, TimesPerDay: 1}}, nil); err != nil {
		t.Fatal(err)
	}
	v := openProgramme(t, s)
	v.StartBuilding()
	b := v.builder
	test.Type(b.search, "bridge")
	if len(b.found) != 1 {
		t.Fatalf("found %d", len(b.found))
	}
	row := b.newFoundRow()
	b.updateFoundRow(0, row)
	if got := row.(*fyne.Container).Objects[1].(*widget.Label).Text; got != "clinic's own" {
		t.Errorf("the library row says %q", got)
	}
}

// The flare-up plan and the notes are the physiotherapist's own words: a
// change of language does not translate them, and the builder says so.
func TestChangingLanguageFlagsTheOwnWordsLeftUntranslated(t *testing.T) {
	s, _, _ := newTestShell(t, store.Patient{Name: "Lucía Muñoz", DateOfBirth: store.Date{Year: 1980, Month: 1, Day: 2}})
	v := openProgramme(t, s)
	v.StartBuilding()
	b := v.builder
	addBySearch(t, b, "belly")
	b.language.SetSelected(store.LanguageLabel(store.LanguageSpanish))
	if b.langHint.Visible() {
		t.Errorf("standard wording only, yet the builder warns: %q", b.langHint.Text)
	}
	b.language.SetSelected(store.LanguageLabel(store.LanguageEnglish))
	test.Type(b.rows[0].note, "Before bed.")
	b.language.SetSelected(store.LanguageLabel(store.LanguageSpanish))
	if !b.langHint.Visible() || !strings.Contains(b.langHint.Text, "1 personal note") || strings.Contains(b.langHint.Text, "flare-up") {
		t.Errorf("with a note, after choosing Spanish: %q (shown %v)", b.langHint.Text, b.langHint.Visible())
	}
	b.flare.SetText("Rest, and ring us.")
	b.language.SetSelected(store.LanguageLabel(store.LanguageEnglish))
	if b.langHint.Visible() {
		t.Error("back in the language the words were written in, the builder still warns")
	}
	b.language.SetSelected(store.LanguageLabel(store.LanguageSpanish))
	if !strings.Contains(b.langHint.Text, "the flare-up plan and 1 personal note") || !strings.Contains(b.langHint.Text, "Written for the English sheet") ||
		!strings.Contains(b.langHint.Text, "Check them in Spanish") {
		t.Errorf("with a plan of its own: %q", b.langHint.Text)
	}
}

func TestChangingLanguageFlagsAClinicExercise(t *testing.T) {
	s, db, _ := newTestShell(t, store.Patient{Name: "Lucía Muñoz", DateOfBirth: store.Date{Year: 1980, Month: 1, Day: 2}})
	if _, err := db.SaveClinicExercise(store.Exercise{Text: store.ExerciseText{Title: "Bridge with a ball", Steps: []string{"Lift your hips."}},
		Dose: store.Dose{Repetitions: 8, TimesPerDay: 1}}, nil); err != nil {
		t.Fatal(err)
	}
	v := openProgramme(t, s)
	v.StartBuilding()
	b := v.builder
	addBySearch(t, b, "belly")
	addBySearch(t, b, "bridge")
	b.language.SetSelected(store.LanguageLabel(store.LanguageSpanish))
	if !b.langHint.Visible() || !strings.Contains(b.langHint.Text, "not translated: 1 clinic exercise. Check it in Spanish") {
		t.Errorf("with a clinic exercise: %q (shown %v)", b.langHint.Text, b.langHint.Visible())
	}
}

// Another patient, or the version just issued, opens at its top, not where
// the last one was scrolled to.
func TestProgrammeViewOpensAtTheTop(t *testing.T) {
	s, _, _ := newTestShell(t,
		store.Patient{Name: "Grace Walker", DateOfBirth: store.Date{Year: 1990, Month: 6, Day: 1}},
		store.Patient{Name: "Hannah Jones", DateOfBirth: store.Date{Year: 1985, Month: 2, Day: 3}})
	v := s.patients.programme
	for i := range 2 {
		s.patients.list.Select(i)
		s.patients.tabs.SelectIndex(tabProgramme)
		v.StartBuilding()
		for _, q := range []string{"belly", "child", "piriformis", "butterfly", "squat", "body scan", "cat", "happy"} {
			addBySearch(t, v.builder, q)
		}
		test.Tap(v.builder.issueB)
	}
	if v.notice.Importance == widget.SuccessImportance {
		t.Error("the issue notice is in the theme's pale success green, unreadable on white")
	}
	v.scroller.ScrollToBottom()
	if v.scroller.Offset.Y == 0 {
		t.Fatal("the issued version is too short to scroll; the test shows nothing")
	}
	s.patients.list.Select(0)
	if v.scroller.Offset.Y != 0 {
		t.Errorf("the other patient's programme opens scrolled to %.0f", v.scroller.Offset.Y)
	}
}

// A space pressed to activate Print sheet… lands in the file name box as
// the dialog opens: the sheet is saved without it.
func TestSheetFileNameLosesStraySpaces(t *testing.T) {
	test.NewTempApp(t)
	dir := t.TempDir()
	w, err := storage.Writer(storage.NewFileURI(filepath.Join(dir, " home-programme-v4.pdf")))
	if err != nil {
		t.Fatal(err)
	}
	w = tidyFileName(w)
	if w.URI().Name() != "home-programme-v4.pdf" {
		t.Errorf("saved as %q", w.URI().Name())
	}
	w.Write([]byte("%PDF-"))
	w.Close()
	names, _ := os.ReadDir(dir)
	if len(names) != 1 || names[0].Name() != "home-programme-v4.pdf" {
		t.Errorf("files left: %v", names)
	}
	// A file of the tidy name already there is never overwritten unasked.
	w, _ = storage.Writer(storage.NewFileURI(filepath.Join(dir, " home-programme-v4.pdf")))
	if w = tidyFileName(w); w.URI().Name() != " home-programme-v4.pdf" {
		t.Errorf("an existing file was taken over: %q", w.URI().Name())
	}
	w.Close()
}

func TestClinicExerciseFormStartsAtTheTitleWithNothingToRemove(t *testing.T) {
	s, _, _ := newTestShell(t)
	s.editClinicExercise(store.Exercise{}, func() {})
	remove := findButton(t, s.win.Canvas(), "Remove the picture")
	if !remove.Disabled() {
		t.Error("Remove the picture is offered with no picture")
	}
	if _, ok := s.win.Canvas().Focused().(*widget.Entry); !ok {
		t.Errorf("the form opens with the keyboard on %T", s.win.Canvas().Focused())
	}
	closeDialogs(s.win.Canvas())
}

// A programme kept as a draft (a lock, another patient) comes back under
// the same heading it was started with.
func TestAKeptDraftKeepsItsVersionHeading(t *testing.T) {
	s, db, _ := newTestShell(t, store.Patient{Name: "Siobhán O'Brien", DateOfBirth: store.Date{Year: 1979, Month: 8, Day: 9}})
	v := openProgramme(t, s)
	v.StartBuilding()
	addBySearch(t, v.builder, "belly")
	test.Tap(v.builder.issueB)
	v.StartBuilding()
	addBySearch(t, v.builder, "body scan")
	const want = "Version 2 of the home programme, starting from version 1"
	if v.builder.title.Text != want {
		t.Fatalf("heading %q", v.builder.title.Text)
	}
	s.Lock()
	if err := db.UnlockAny(testPassphrase); err != nil {
		t.Fatal(err)
	}
	s.showMain()
	v = s.patients.programme
	if v.builder == nil || v.builder.title.Text != want {
		t.Errorf("after unlocking the draft is headed %q", v.builder.title.Text)
	}
}

func TestEscapeClearsTheLibrarySearch(t *testing.T) {
	s, _, _ := newTestShell(t, store.Patient{Name: "Grace Walker", DateOfBirth: store.Date{Year: 1990, Month: 6, Day: 1}})
	v := openProgramme(t, s)
	v.StartBuilding()
	b := v.builder
	all := len(b.found)
	test.Type(b.search, "squat")
	if len(b.found) >= all {
		t.Fatalf("the search did not narrow the library (%d of %d)", len(b.found), all)
	}
	b.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if b.search.Text != "" || len(b.found) != all {
		t.Errorf("after Escape the search holds %q and shows %d of %d", b.search.Text, len(b.found), all)
	}
	if s.win.Canvas().Focused() != b.search {
		t.Error("Escape took the keyboard away from the search")
	}
}

// Tab into a row below the pane brings the row into view.
func TestTheKeyboardBringsItsRowIntoView(t *testing.T) {
	s, _, _ := newTestShell(t, store.Patient{Name: "Grace Walker", DateOfBirth: store.Date{Year: 1990, Month: 6, Day: 1}})
	v := openProgramme(t, s)
	v.StartBuilding()
	b := v.builder
	for _, q := range []string{"belly", "child", "piriformis", "butterfly", "squat", "body scan"} {
		addBySearch(t, b, q)
	}
	inView := func(r *itemRow) bool {
		top := r.box.Position().Y + b.itemsBox.Position().Y + b.right.Position().Y
		return top >= b.scroll.Offset.Y && top+r.box.Size().Height <= b.scroll.Offset.Y+b.scroll.Size().Height
	}
	b.scroll.ScrollToTop()
	last := b.rows[len(b.rows)-1]
	if inView(last) {
		t.Fatal("six exercises fit in the pane: the test shows nothing")
	}
	s.win.Canvas().Focus(b.rows[3].note)
	s.win.Canvas().Focus(last.dose[0])
	if !inView(last) {
		t.Error("Tab reached a dose out of sight and the pane did not follow")
	}
	s.win.Canvas().Focus(b.rows[0].down)
	if !inView(b.rows[0]) {
		t.Error("Shift+Tab back to the first row left it out of sight")
	}
}
