package store

import (
	"bytes"
	"errors"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/pelvicnotes/pelvicnotes/assets"
)

func TestEmbeddedLibraryIsValidInEveryLanguage(t *testing.T) {
	if err := LibraryError(); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(SheetLanguages(), assets.Languages()) || SheetLanguages()[0] != LanguageEnglish {
		t.Errorf("sheet languages %v, asset languages %v: every language folder should be offered, English first", SheetLanguages(), assets.Languages())
	}
	if !slices.Contains(Languages, LanguageSpanish) {
		t.Errorf("Languages = %v, want Spanish among them", Languages)
	}
	for _, lang := range SheetLanguages() {
		lib := LibraryExercises(lang)
		if len(lib) < 18 {
			t.Errorf("%s: %d exercises, want at least 18", lang, len(lib))
		}
		for _, e := range lib {
			if e.Language != lang {
				t.Errorf("%s: %s has no text in %s", lang, e.ID, lang)
			}
			// Every exercise makes a valid programme on its own.
			prog := Programme{PatientID: "p1", Version: 1, Language: lang, Items: []ProgrammeItem{e.Item()}}
			if err := prog.Normalise().Validate(fixedNow); err != nil {
				t.Errorf("%s %s: %v", lang, e.ID, err)
			}
		}
	}
	if LanguageLabel("es") != "Spanish (Español)" || LanguageLabel("en") != "English" {
		t.Errorf("labels %q, %q", LanguageLabel("es"), LanguageLabel("en"))
	}
}

func TestLibraryTagsDriveTheSafetyRules(t *testing.T) {
	want := map[string]string{"home-e-stim": TagElectrical, "portable-biofeedback": TagBiofeedback,
		"pelvic-floor-strengthening": TagStrengthening, "happy-baby": TagProlapseCaution, "dilator-practice": TagDilator}
	for id, tag := range want {
		e, ok := LibraryExercise(id, LanguageEnglish)
		if !ok {
			t.Errorf("the library has no %s", id)
			continue
		}
		if !slices.Contains(e.Tags, tag) {
			t.Errorf("%s tags %v, want %s", id, e.Tags, tag)
		}
	}
}

func TestSearchExercisesIgnoresCaseAndAccents(t *testing.T) {
	list := []Exercise{
		{ID: "pelvic-drop", Tags: []string{"down-training"}, Text: ExerciseText{Title: "Descenso del suelo pélvico"}},
		{ID: "childs-pose", Tags: []string{"stretch"}, Text: ExerciseText{Title: "Postura del niño"}},
		{ID: "home-e-stim", Tags: []string{TagElectrical}, Text: ExerciseText{Title: "Electroestimulación en casa"}},
	}
	ids := func(es []Exercise) []string {
		var out []string
		for _, e := range es {
			out = append(out, e.ID)
		}
		return out
	}
	for _, c := range []struct {
		q    string
		want []string
	}{
		{"", []string{"pelvic-drop", "childs-pose", "home-e-stim"}},
		{"PELVICO", []string{"pelvic-drop"}},
		{"nino", []string{"childs-pose"}},
		{"electrical", []string{"home-e-stim"}},
		{"down training", []string{"pelvic-drop"}},
		{"stretch postura", []string{"childs-pose"}},
		{"stretch pelvico", nil},
	} {
		if got := ids(SearchExercises(list, c.q)); !slices.Equal(got, c.want) {
			t.Errorf("search %q = %v, want %v", c.q, got, c.want)
		}
	}
}

func TestRelanguageKeepsDoseAndNote(t *testing.T) {
	e, ok := LibraryExercise("diaphragmatic-breathing", LanguageEnglish)
	if !ok {
		t.Fatal("no diaphragmatic breathing")
	}
	it := e.Item()
	it.Dose, it.Note = Dose{Breaths: 6, TimesPerDay: 3}, "Antes de dormir también."
	own := ProgrammeItem{ExerciseID: "0123456789abcdef", Title: "Wall sit", Photo: strings.Repeat("a", 64), Dose: Dose{Repetitions: 5, TimesPerDay: 1}}
	got := Relanguage([]ProgrammeItem{it, own}, LanguageSpanish)
	es, _ := LibraryExercise("diaphragmatic-breathing", LanguageSpanish)
	if got[0].Title != es.Text.Title || got[0].Dose != it.Dose || got[0].Note != it.Note || !slices.Equal(got[0].Steps, es.Text.Steps) {
		t.Errorf("relanguaged item %+v", got[0])
	}
	if got[0].Title == e.Text.Title {
		t.Error("the Spanish title is the English one")
	}
	if got[1].Title != "Wall sit" {
		t.Error("a clinic exercise's own text was changed")
	}
}

func TestFirstNameOf(t *testing.T) {
	for in, want := range map[string]string{
		"Amelia Fitzgerald-Hughes": "Amelia", "  Anne-Marie  O'Brien ": "Anne-Marie", "Dr. Σοφία Παπαδοπούλου": "Σοφία",
		"Smith, Jane Alice": "Jane", "Mrs Ольга Иванова": "Ольга", "Cher": "Cher", "": "", "Sra. Lucía Muñoz": "Lucía",
	} {
		if got := FirstNameOf(in); got != want {
			t.Errorf("FirstNameOf(%q) = %q, want %q", in, got, want)
		}
	}
}

func pngBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestClinicExercisesAreKeptEncryptedWithTheirPhoto(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	db, _ := setUp(t, path)
	defer db.Close()
	photo := pngBytes(t, 300, 200)
	e := Exercise{
		Text: ExerciseText{Title: "  Wall sit with a ball  ", Purpose: "Builds your thigh strength gently.",
			Steps: []string{"Stand with your back to the wall.", "", "Slide down a little, ball between your knees."}},
		Tags: []string{TagStrengthening}, Dose: Dose{Repetitions: 5, HoldSeconds: 10, TimesPerDay: 1},
	}
	saved, err := db.SaveClinicExercise(e, photo)
	if err != nil {
		t.Fatal(err)
	}
	if saved.ID == "" || !saved.Clinic || saved.Text.Title != "Wall sit with a ball" || len(saved.Text.Steps) != 2 || saved.Photo != PhotoID(photo) {
		t.Fatalf("saved %+v", saved)
	}
	lib, err := db.Library(LanguageSpanish)
	if err != nil {
		t.Fatal(err)
	}
	if last := lib[len(lib)-1]; last.ID != saved.ID || len(lib) != len(LibraryExercises(LanguageSpanish))+1 {
		t.Errorf("the library does not end with the clinic's exercise: %d items", len(lib))
	}
	if got := SearchExercises(lib, "wall"); len(got) != 1 || got[0].ID != saved.ID {
		t.Errorf("search found %v", got)
	}
	// Edited without a new photo: the photo stays; with a new one: the old
	// one is still there for the programmes that printed it.
	saved.Text.Title = "Wall sit"
	again, err := db.SaveClinicExercise(saved, nil)
	if err != nil || again.Photo != saved.Photo || again.Created != saved.Created {
		t.Fatalf("edit: %+v %v", again, err)
	}
	photo2 := pngBytes(t, 100, 100)
	third, err := db.SaveClinicExercise(again, photo2)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range [][]byte{photo, photo2} {
		if got, err := db.Photo(PhotoID(p)); err != nil || !bytes.Equal(got, p) {
			t.Errorf("photo %s: %v", PhotoID(p)[:8], err)
		}
	}
	// A programme with the clinic exercise keeps its picture by reference.
	pt, err := db.SavePatient(validPatient())
	if err != nil {
		t.Fatal(err)
	}
	prog, err := db.IssueProgramme(Programme{PatientID: pt.ID, Language: LanguageEnglish, Items: []ProgrammeItem{third.Item()}})
	if err != nil {
		t.Fatal(err)
	}
	photos, err := db.ProgrammePhotos(prog)
	if err != nil || !bytes.Equal(photos[third.Photo], photo2) {
		t.Fatalf("programme photos: %v", err)
	}
	audit, _ := db.Audit()
	kinds := 0
	for _, a := range audit {
		if a.Kind == "exercise" {
			kinds++
		}
	}
	if kinds != 3 {
		t.Errorf("%d audit entries for clinic exercises, want 3 (create, update, update)", kinds)
	}
	rep, err := db.Verify()
	if err != nil || !rep.OK() || rep.Checked["clinic exercises"] != 1 || rep.Checked["pictures and files"] != 2 {
		t.Errorf("verify: %v %s", err, rep)
	}
	db.Close()
	raw, _ := os.ReadFile(path)
	if bytes.Contains(raw, []byte("Wall sit")) || bytes.Contains(raw, []byte("thigh strength")) {
		t.Error("the clinic's exercise is in the file in plain text")
	}
}

func TestClinicExerciseValidation(t *testing.T) {
	db, _ := setUp(t, filepath.Join(t.TempDir(), "r.db"))
	defer db.Close()
	ok := Exercise{Text: ExerciseText{Title: "Wall sit", Steps: []string{"Sit."}}, Dose: Dose{Repetitions: 5, TimesPerDay: 1}}
	cases := []struct {
		name  string
		edit  func(*Exercise)
		photo []byte
		field string
		want  string
	}{
		{"no title", func(e *Exercise) { e.Text.Title = " " }, nil, "text.title", "give the exercise a title"},
		{"no steps", func(e *Exercise) { e.Text.Steps = []string{" "} }, nil, "text.steps", "at least one step"},
		{"no frequency", func(e *Exercise) { e.Dose.TimesPerDay = 0 }, nil, "dose", "how often"},
		{"unknown tag", func(e *Exercise) { e.Tags = []string{"yoga"} }, nil, "tags[0]", "from the list"},
		{"not a picture", func(*Exercise) {}, []byte("GIF89a not really"), "photo", "PNG or JPEG"},
		{"too large", func(*Exercise) {}, make([]byte, MaxPhotoBytes+1), "photo", "under 2 MB"},
		{"too many pixels", func(*Exercise) {}, pngBytes(t, MaxPhotoPixels+1, 10), "photo", "at most 4000 pixels"},
	}
	for _, c := range cases {
		e := ok
		e.Text.Steps = slices.Clone(ok.Text.Steps)
		c.edit(&e)
		_, err := db.SaveClinicExercise(e, c.photo)
		onlyFault(t, err, c.field, c.want)
	}
	if own, _ := db.ClinicExercises(); len(own) != 0 {
		t.Errorf("%d exercises saved despite the errors", len(own))
	}
}

func TestOlderFileGainsTheClinicExercisesBucket(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	db, _ := setUp(t, path)
	db.Close()
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Update(func(tx *bolt.Tx) error { return tx.DeleteBucket(bucketClinicExercises) }); err != nil {
		t.Fatal(err)
	}
	b.Close()
	db = reopen(t, path)
	if err := db.UnlockAny(testPassphrase); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveClinicExercise(Exercise{Text: ExerciseText{Title: "Wall sit", Steps: []string{"Sit."}}, Dose: Dose{Repetitions: 5, TimesPerDay: 1}}, nil); err != nil {
		t.Fatal(err)
	}
}

func TestCompareProgrammes(t *testing.T) {
	item := func(id string, d Dose, note string) ProgrammeItem {
		return ProgrammeItem{ExerciseID: id, Title: id, Dose: d, Note: note}
	}
	breath, drop, squat, stim := Dose{Breaths: 10, TimesPerDay: 2}, Dose{Repetitions: 10, TimesPerDay: 3}, Dose{Breaths: 8, TimesPerDay: 1}, Dose{Minutes: 20, TimesPerWeek: 3}
	v1 := Programme{Language: "en", FirstName: "Ana", FlareUpPlan: "Rest.", Items: []ProgrammeItem{
		item("breathing", breath, ""), item("drop", drop, ""), item("squat", squat, "Hold the worktop.")}}

	first := CompareProgrammes(Programme{}, v1)
	if len(first) != 3 || first[0].Kind != ChangeAdded || first[2].ExerciseID != "squat" || first[2].ToDose != squat {
		t.Errorf("first version: %+v", first)
	}
	if got := CompareProgrammes(v1, v1); len(got) != 0 {
		t.Errorf("same version: %+v", got)
	}

	v2 := v1
	v2.Language, v2.FlareUpPlan = "es", "Descanse."
	v2.Items = []ProgrammeItem{item("drop", Dose{Repetitions: 12, TimesPerDay: 3}, ""), item("breathing", breath, "Before bed too."), item("stim", stim, "")}
	got := CompareProgrammes(v1, v2)
	want := []ProgrammeChange{
		{Kind: ChangeLanguage, From: "en", To: "es"},
		{Kind: ChangeRemoved, ExerciseID: "squat", Title: "squat", FromDose: squat},
		{Kind: ChangeDose, ExerciseID: "drop", Title: "drop", FromDose: drop, ToDose: Dose{Repetitions: 12, TimesPerDay: 3}},
		{Kind: ChangeNote, ExerciseID: "breathing", Title: "breathing", To: "Before bed too."},
		{Kind: ChangeAdded, ExerciseID: "stim", Title: "stim", ToDose: stim},
		{Kind: ChangeOrder},
		{Kind: ChangeFlareUp, From: "Rest.", To: "Descanse."},
	}
	if !slices.Equal(got, want) {
		t.Errorf("changes:\n got %+v\nwant %+v", got, want)
	}

	// The same exercise twice is matched in turn; removing only the second
	// is one removal and no reordering.
	v3 := v1
	v3.Items = append(slices.Clone(v1.Items), item("breathing", squat, ""))
	if got := CompareProgrammes(v3, v1); len(got) != 1 || got[0].Kind != ChangeRemoved || got[0].FromDose != squat {
		t.Errorf("second copy removed: %+v", got)
	}
	v4 := v1
	v4.FirstName = "Ana María"
	if got := CompareProgrammes(v1, v4); len(got) != 1 || got[0].Kind != ChangeFirstName {
		t.Errorf("name changed: %+v", got)
	}
}

func TestIssueProgrammeNeedsWarningsAcknowledged(t *testing.T) {
	db, _ := setUp(t, filepath.Join(t.TempDir(), "r.db"))
	defer db.Close()
	pt := validPatient()
	pt.Flags.Pregnant = true
	pt, err := db.SavePatient(pt)
	if err != nil {
		t.Fatal(err)
	}
	stim, _ := LibraryExercise("home-e-stim", LanguageEnglish)
	breathing, _ := LibraryExercise("diaphragmatic-breathing", LanguageEnglish)
	prog := Programme{PatientID: pt.ID, Language: LanguageEnglish, Items: []ProgrammeItem{breathing.Item(), stim.Item()}}
	ws, err := db.ProgrammeSafety(prog)
	if err != nil || len(ws) != 1 || ws[0].RuleID != RulePregnancy+"/home-e-stim" {
		t.Fatalf("warnings %+v %v", ws, err)
	}
	_, err = db.IssueProgramme(prog)
	var open *UnacknowledgedError
	if !errors.As(err, &open) || len(open.Warnings) != 1 {
		t.Fatalf("issued with an open warning: %v", err)
	}
	if progs, _ := db.Programmes(pt.ID); len(progs) != 0 {
		t.Fatal("a programme was kept despite the open warning")
	}
	prog.Warnings = []AcknowledgedWarning{{RuleID: ws[0].RuleID, Text: ws[0].Text, By: db.CurrentPractitioner().ID, At: fixedNow}}
	v1, err := db.IssueProgramme(prog)
	if err != nil || v1.Version != 1 {
		t.Fatalf("v1 %+v %v", v1, err)
	}
	prog.Items, prog.Warnings = prog.Items[:1], nil
	v2, err := db.IssueProgramme(prog)
	if err != nil || v2.Version != 2 || v2.IssuedBy != db.CurrentPractitioner().ID {
		t.Fatalf("v2 %+v %v", v2, err)
	}
	if ch := CompareProgrammes(v1, v2); len(ch) != 1 || ch[0].Kind != ChangeRemoved || ch[0].ExerciseID != "home-e-stim" {
		t.Errorf("v1 → v2: %+v", ch)
	}
}

func TestCheckPhotoRefusesADamagedPicture(t *testing.T) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 300, 200))); err != nil {
		t.Fatal(err)
	}
	whole := buf.Bytes()
	if err := CheckPhoto(whole); err != nil {
		t.Fatalf("a sound PNG is refused: %v", err)
	}
	cut := whole[:len(whole)-30] // the header is intact, the image data is not
	err := CheckPhoto(cut)
	if err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("a PNG cut short is accepted, or refused in other words: %v", err)
	}
}

// A Spanish sheet's warnings still name the exercise in English for the
// physiotherapist.
func TestProgrammeWarningsNameExercisesInEnglish(t *testing.T) {
	e, ok := LibraryExercise("home-e-stim", LanguageSpanish)
	if !ok {
		t.Fatal("home-e-stim is not in the library")
	}
	prog := Programme{Language: LanguageSpanish, Items: []ProgrammeItem{e.Item()}}
	ws := ProgrammeWarnings(Patient{Flags: Flags{Pregnant: true}}, prog, Date{Year: 2026, Month: 11, Day: 21})
	if len(ws) == 0 {
		t.Fatal("no warning for home e-stim in pregnancy")
	}
	en, _ := LibraryExercise("home-e-stim", LanguageEnglish)
	for _, w := range ws {
		if strings.Contains(w.Text, e.Text.Title) || !strings.Contains(w.Text, en.Text.Title) {
			t.Errorf("warning %q should name %q, not %q", w.Text, en.Text.Title, e.Text.Title)
		}
	}
}
