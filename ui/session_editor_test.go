package ui

import (
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/store"
)

// editorFixture is a session editor on the window of a fresh record file,
// with the autosave timer replaced by a list the test runs by hand.
type editorFixture struct {
	sh      *Shell
	db      *store.DB
	path    string
	patient store.Patient
	e       *sessionEditor
	timers  []func()
	closed  bool
}

func newEditorFixture(t *testing.T, p store.Patient) *editorFixture {
	t.Helper()
	sh, db, path := newTestShell(t, p)
	f := &editorFixture{sh: sh, db: db, path: path, patient: fullPatient(t, db, p.Name)}
	f.open(store.Session{})
	return f
}

// open puts a new editor for s on the window.
func (f *editorFixture) open(s store.Session) *sessionEditor {
	f.e = newSessionEditor(f.sh, f.patient, s, func() { f.closed = true })
	f.mount(f.e)
	return f.e
}

func (f *editorFixture) mount(e *sessionEditor) {
	f.e = e
	e.schedule = func(_ time.Duration, fn func()) { f.timers = append(f.timers, fn) }
	f.sh.win.SetContent(e.content())
}

// runTimers fires the autosaves that are due.
func (f *editorFixture) runTimers() {
	ts := f.timers
	f.timers = nil
	for _, fn := range ts {
		fn()
	}
}

func savePNG(t *testing.T, w fyne.Window, name string) {
	t.Helper()
	p := filepath.Join(os.TempDir(), name)
	out, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	if err := png.Encode(out, w.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", p)
}

// chart fills a routine follow-up by the form's own widgets.
func chart(t *testing.T, e *sessionEditor) {
	t.Helper()
	e.scope[0].SetChecked(true) // external
	e.scope[1].SetChecked(true) // vaginal
	e.consentForm.SetSelected("Verbal")
	e.chapOffered.SetChecked(true)
	e.chapAnswer.SetSelected("Accepted")
	test.Type(e.chapName, "Priya Shah")
	test.Type(e.chapRole, "Healthcare assistant")
	test.Type(e.painNow, "3")
	test.Type(e.painPen, "6")
	e.location.SetSelected("Entry")
	e.provoked.SetSelected("Provoked")
	e.marinoff.SetSelectedIndex(3)
	test.Type(e.subjText, "Burning at entry with tampons; better since the last visit.")
	e.tone.SetSelected(store.ToneOveractive.Label())
	test.Type(e.toneNote, "Guarding on entry, relaxes with breathing")
	e.oxLeft.SetSelectedIndex(3)
	e.oxRight.SetSelectedIndex(4)
	for i, v := range []string{"2", "6", "4", "3"} {
		test.Type(e.perfect[i], v)
	}
}

func TestSessionEditorScreenshot(t *testing.T) {
	f := newEditorFixture(t, store.Patient{Name: "Amelia Smith", DateOfBirth: store.Date{Year: 1990, Month: 5, Day: 1},
		Flags: store.Flags{Pregnant: true}})
	e := f.e
	chart(t, e)
	m := e.clockMap
	test.TapAt(m, m.PointPosition(3, store.LayerSuperficial))
	test.Type(e.points[0].nrs, "7")
	test.TapAt(m, m.PointPosition(8, store.LayerDeep))
	e.treatAdd.SetSelected("Electrical stimulation")
	test.Type(e.swab[4], "5")
	test.Type(e.swab[6], "2")
	bc := e.bodyChart
	test.TapAt(bc, bc.SitePositions("Adductors")[0])
	test.Type(e.bodyRows[0].nrs, "4")
	e.bodyRows[0].side.SetSelected("Left")
	f.sh.win.Resize(fyne.NewSize(1366, 768))
	savePNG(t, f.sh.win, "session-editor-top.png")
	e.formScroll.ScrollToOffset(fyne.NewPos(0, 700))
	savePNG(t, f.sh.win, "session-editor-exam.png")
	e.formScroll.ScrollToOffset(fyne.NewPos(0, 1180))
	savePNG(t, f.sh.win, "session-editor-swab.png")
	e.formScroll.ScrollToBottom()
	savePNG(t, f.sh.win, "session-editor-bottom.png")
	// The whole form at once, for review by eye.
	e.formScroll.ScrollToTop()
	f.sh.win.Resize(fyne.NewSize(1366, e.content().MinSize().Height+e.formScroll.Content.MinSize().Height+40))
	savePNG(t, f.sh.win, "session-editor-whole.png")
	f.sh.win.Resize(fyne.NewSize(1366, 768))
	t.Logf("the editor's narrowest width: %v px", e.content().MinSize().Width)
	if w := e.content().MinSize().Width; w > 1366 {
		t.Errorf("the editor needs %v px across: more than a 1366 px laptop", w)
	}
}

// topDialogEntry finds the first entry of the dialog on top of the window.
func topDialogEntry(t *testing.T, c fyne.Canvas) *widget.Entry {
	t.Helper()
	top := c.Overlays().Top()
	if top == nil {
		t.Fatal("no dialog is showing")
	}
	for _, o := range test.LaidOutObjects(top) {
		switch en := o.(type) {
		case *widget.Entry:
			return en
		case *noteEntry:
			return &en.Entry
		}
	}
	t.Fatal("the dialog has no entry")
	return nil
}

// dialogChecks lists the checks of the dialog on top of the window.
func dialogChecks(c fyne.Canvas) []*widget.Check {
	var out []*widget.Check
	if top := c.Overlays().Top(); top != nil {
		for _, o := range test.LaidOutObjects(top) {
			if ch, ok := o.(*widget.Check); ok {
				out = append(out, ch)
			}
		}
	}
	return out
}

func closeDialogs(c fyne.Canvas) {
	for o := c.Overlays().Top(); o != nil; o = c.Overlays().Top() {
		c.Overlays().Remove(o)
	}
}

func TestSessionNewSignAmend(t *testing.T) {
	f := newEditorFixture(t, store.Patient{Name: "Amelia Smith", DateOfBirth: store.Date{Year: 1990, Month: 5, Day: 1}})
	e := f.e
	win := f.sh.win

	// A first note for the patient is an initial assessment, seen now to five minutes.
	if e.kind.Selected != store.SessionInitial.Label() {
		t.Fatalf("kind %q", e.kind.Selected)
	}
	now := testNow.In(time.Local).Round(5 * time.Minute)
	if e.date.Text != store.DateOf(now).Numeric() || e.clock.Text != now.Format("15:04") {
		t.Fatalf("seen at %q %q", e.date.Text, e.clock.Text)
	}
	if e.Dirty() {
		t.Fatal("an untouched new note counts as changed")
	}

	chart(t, e)

	// Tap the map at 3 o'clock, superficial.
	m := e.clockMap
	test.TapAt(m, m.PointPosition(3, store.LayerSuperficial))
	if len(e.points) != 1 {
		t.Fatalf("%d points after one tap", len(e.points))
	}
	p := e.points[0]
	if p.hour.Selected != "3 o'clock" || p.layer.Selected != "Superficial" {
		t.Fatalf("point at %q %q", p.hour.Selected, p.layer.Selected)
	}
	if p.muscle.Selected != "Superficial transverse perineal" {
		t.Fatalf("suggested muscle %q", p.muscle.Selected)
	}
	if !p.hint.Visible() || !strings.Contains(p.hint.Text, "suggested from the clock table") {
		t.Fatalf("the suggestion is not shown as one: %q", p.hint.Text)
	}
	if p.side.Selected != "Patient's left" {
		t.Fatalf("3 o'clock side %q", p.side.Selected)
	}
	if win.Canvas().Focused() != p.nrs {
		t.Fatal("the cursor is not in the new point's pain score")
	}
	if got := e.clockPoints(); len(got) != 1 || got[0].Hour != 3 || got[0].Layer != store.LayerSuperficial || got[0].NRS != -1 || !got[0].Selected {
		t.Fatalf("map points %+v", got)
	}
	test.Type(p.nrs, "7")
	if got := e.clockPoints(); got[0].NRS != 7 {
		t.Fatalf("map point pain %d", got[0].NRS)
	}
	// Tapping the same site again picks the point rather than charting it twice.
	test.TapAt(m, m.PointPosition(3, store.LayerSuperficial))
	if len(e.points) != 1 {
		t.Fatal("a second tap on the same site added a duplicate")
	}
	// Choosing another muscle ends the suggestion.
	p.muscle.SetSelected("Bulbospongiosus")
	if p.hint.Visible() {
		t.Fatal("the suggestion hint stayed after the muscle was chosen")
	}
	p.muscle.SetSelected("Superficial transverse perineal")

	test.Type(e.assessment, "Overactive pelvic floor with provoked vestibular pain.")
	test.Type(e.plan, "Down-training; review in two weeks.")
	if ws := e.warnBox.Objects; len(ws) != 0 {
		t.Fatalf("unexpected warnings: %v", e.warnings)
	}

	test.Tap(e.signBtn)
	if !e.readOnly || e.signed == nil {
		t.Fatalf("the note was not signed: %s", e.problems.Text)
	}
	if !strings.Contains(e.status.Text, "Signed by Siân Howells") {
		t.Fatalf("status %q", e.status.Text)
	}
	if !e.amendBtn.Visible() || e.signBtn.Visible() || e.saveBtn.Visible() {
		t.Fatal("a signed note still offers editing")
	}
	sessions, _ := f.db.PatientSessions(f.patient.ID)
	if len(sessions) != 1 || sessions[0].Status != store.StatusSigned {
		t.Fatalf("stored sessions %+v", sessions)
	}
	orig := sessions[0]
	tp := orig.Examination.TriggerPoints
	if len(tp) != 1 || tp[0].Hour != 3 || tp[0].Side != store.SideLeft || tp[0].Muscle != "Superficial transverse perineal" || tp[0].NRS != 7 {
		t.Fatalf("stored point %+v", tp)
	}
	if orig.Consent.ChaperoneName != "Priya Shah" || *orig.Subjective.Marinoff != 2 || orig.Examination.PERFECT.Profile() != "P2 E6 R4 F3" {
		t.Fatalf("stored note %+v", orig)
	}
	if drafts, _ := f.db.Drafts(); len(drafts) != 0 {
		t.Fatalf("%d drafts left after signing", len(drafts))
	}
	if !strings.Contains(screenText(win.Canvas()), "Superficial transverse perineal") {
		t.Fatal("the read-only view does not show the trigger point")
	}

	// Saving or signing again is refused, and nothing changes.
	e.Save()
	if !e.notice.Visible() || !strings.Contains(e.notice.Text, "cannot be changed") {
		t.Fatalf("save of a signed note not refused: %q", e.notice.Text)
	}
	closeDialogs(win.Canvas())
	e.Sign()
	closeDialogs(win.Canvas())
	if again, _ := f.db.Session(orig.ID); !reflect.DeepEqual(again, orig) {
		t.Fatal("the signed note changed")
	}

	// Amend: the reason needs five characters and says why.
	test.Tap(e.amendBtn)
	reason := topDialogEntry(t, win.Canvas())
	start := findButton(t, win.Canvas(), "Start amendment")
	test.Type(reason, "typo")
	if !start.Disabled() {
		t.Fatal("a four-character reason was accepted")
	}
	if !strings.Contains(screenText(win.Canvas()), "tells anyone reading the record later") {
		t.Fatal("the amend dialog does not say why a reason is needed")
	}
	test.Type(reason, ": pain at 3 o'clock was 4, not 7")
	test.Tap(start)
	if e.readOnly || e.amendOf == nil || e.amendOf.ID != orig.ID {
		t.Fatal("Amend did not open an editable copy")
	}
	if e.points[0].nrs.Text != "7" || e.chapName.Text != "Priya Shah" {
		t.Fatal("the amendment does not start from the signed note")
	}
	e.points[0].nrs.SetText("4")
	f.runTimers() // the amendment is kept as a draft as it is typed
	if drafts, _ := f.db.Drafts(); len(drafts) != 1 || drafts[0].RecordID != orig.ID {
		t.Fatalf("amendment draft %+v", drafts)
	}
	if e.signBtn.Text != "Sign amendment" {
		t.Fatalf("sign button %q", e.signBtn.Text)
	}
	test.Tap(e.signBtn)
	if !e.readOnly {
		t.Fatalf("the amendment was not signed: %s", e.problems.Text)
	}

	after, _ := f.db.Session(orig.ID)
	if !reflect.DeepEqual(after, orig) {
		t.Fatal("amending changed the original")
	}
	all, _ := f.db.PatientSessions(f.patient.ID)
	if len(all) != 2 || all[1].AmendsID != orig.ID || all[1].Status != store.StatusSigned {
		t.Fatalf("sessions after amending %+v", all)
	}
	amend := all[1]
	if amend.AmendReason != "typo: pain at 3 o'clock was 4, not 7" || amend.Examination.TriggerPoints[0].NRS != 4 {
		t.Fatalf("amendment %+v", amend)
	}
	if drafts, _ := f.db.Drafts(); len(drafts) != 0 {
		t.Fatalf("%d drafts left after signing the amendment", len(drafts))
	}
	text := screenText(win.Canvas())
	for _, want := range []string{"Amendment 1", "Reason: typo: pain at 3 o'clock was 4, not 7", "Examination · Trigger points"} {
		if !strings.Contains(text, want) {
			t.Errorf("the view does not show %q", want)
		}
	}
	if !strings.Contains(e.status.Text, "amended 1 time") {
		t.Errorf("status %q", e.status.Text)
	}

	// The patient's next note is a follow-up.
	if next := newSessionEditor(f.sh, f.patient, store.Session{}, nil); next.kind.Selected != store.SessionFollowUp.Label() {
		t.Errorf("second note's kind %q", next.kind.Selected)
	}

	// Opening the amendment itself shows the original with it.
	e2 := f.open(amend)
	if len(e2.versions) != 2 || e2.versions[0].ID != orig.ID {
		t.Fatalf("opening the amendment shows %d versions", len(e2.versions))
	}
	savePNG(t, win, "session-editor-amended.png")
	e2.viewScroll.ScrollToOffset(fyne.NewPos(0, 520))
	savePNG(t, win, "session-editor-amended-2.png")
	e2.viewScroll.ScrollToBottom()
	savePNG(t, win, "session-editor-amended-3.png")
}

func TestSessionPregnancyEStimWarnsAndAcknowledges(t *testing.T) {
	f := newEditorFixture(t, store.Patient{Name: "Beth Jones", DateOfBirth: store.Date{Year: 1992, Month: 8, Day: 14},
		Flags: store.Flags{Pregnant: true, DueDate: store.Date{Year: 2027, Month: 3, Day: 1}}})
	e := f.e
	win := f.sh.win
	e.scope[0].SetChecked(true)
	e.scope[4].SetChecked(true) // electrical stimulation
	e.consentForm.SetSelected("Written")
	if len(e.warnings) != 0 {
		t.Fatalf("warnings before any treatment: %v", e.warnings)
	}

	e.treatAdd.SetSelected("Electrical stimulation")
	if len(e.treatRows) != 1 || e.treatAdd.Selected != "" {
		t.Fatal("choosing a technique did not add one row and reset the chooser")
	}
	if len(e.warnings) != 1 || !strings.Contains(e.warnings[0], "not recommended in pregnancy") {
		t.Fatalf("live warnings %v", e.warnings)
	}
	if len(e.warnBox.Objects) != 1 {
		t.Fatal("the warning is not on screen")
	}

	// Signing without the required settings is refused, under the row.
	test.Tap(e.signBtn)
	r := e.treatRows[0]
	if !r.msg.Visible() || !strings.Contains(r.msg.Text, "frequency") {
		t.Fatalf("row message %q", r.msg.Text)
	}
	if !e.problems.Visible() {
		t.Fatal("no problems line at the top")
	}
	test.Type(r.params["frequency_hz"], "50")
	test.Type(r.params["pulse_width_us"], "250")
	test.Type(r.minutes, "15")
	if r.msg.Visible() {
		t.Fatalf("the message stayed after the settings were typed: %q", r.msg.Text)
	}

	test.Tap(e.signBtn)
	if e.readOnly {
		t.Fatal("signed without acknowledging the warning")
	}
	checks := dialogChecks(win.Canvas())
	if len(checks) != 1 || checks[0].Text != "I have considered this" {
		t.Fatalf("acknowledgement checks %v", checks)
	}
	sign := findButton(t, win.Canvas(), "Acknowledge and sign")
	savePNG(t, win, "session-editor-acknowledge.png")
	if !sign.Disabled() {
		t.Fatal("signing offered before the warning was ticked")
	}
	checks[0].SetChecked(true)
	if sign.Disabled() {
		t.Fatal("signing still disabled with every warning ticked")
	}
	topDialogEntry(t, win.Canvas()).SetText("Discussed with the obstetric team; TENS over the lumbar spine only.")
	test.Tap(sign)
	if !e.readOnly {
		t.Fatalf("not signed after acknowledging: %s", e.problems.Text)
	}
	all, _ := f.db.PatientSessions(f.patient.ID)
	if len(all) != 1 {
		t.Fatalf("%d sessions", len(all))
	}
	s := all[0]
	if len(s.Warnings) != 1 || s.Warnings[0].RuleID != "pregnancy/electrical-stimulation" ||
		s.Warnings[0].By != f.db.CurrentPractitioner().ID || s.Warnings[0].At.IsZero() {
		t.Fatalf("acknowledged warnings %+v", s.Warnings)
	}
	if !strings.Contains(s.Assessment, "Safety warnings considered: Discussed with the obstetric team") {
		t.Fatalf("assessment %q", s.Assessment)
	}
	if !strings.Contains(screenText(win.Canvas()), "Electrical stimulation is not recommended in pregnancy. (by Siân Howells") {
		t.Fatal("the signed view does not show the acknowledgement")
	}
}

func TestSessionDraftSurvivesRestart(t *testing.T) {
	f := newEditorFixture(t, store.Patient{Name: "Chloé Martin", DateOfBirth: store.Date{Year: 1987, Month: 11, Day: 2}})
	e := f.e
	e.scope[1].SetChecked(true)
	e.consentForm.SetSelected("Verbal")
	m := e.clockMap
	test.TapAt(m, m.PointPosition(3, store.LayerSuperficial))
	test.Type(e.points[0].nrs, "6")
	test.TapAt(m, m.PointPosition(8, store.LayerDeep))
	test.Type(e.points[1].nrs, "1") // half typed: on the way to 10
	e.points[1].side.SetSelected("Midline")
	test.Type(e.painNow, "4?") // not a number yet
	test.Type(e.subjText, "Ça brûle à l'entrée.\nWorse after cycling.")
	test.Type(e.swab[4], "5")
	e.chapOffered.SetChecked(true)
	e.chapAnswer.SetSelected("Accepted")
	test.Type(e.chapName, "Grace Obi")
	e.chapAnswer.SetSelected("Declined") // the name stays typed, though not part of the note
	test.Type(e.examText, "Tender introitus")

	// Every change asks for an autosave; one timer covers a burst of typing.
	if len(f.timers) != 1 {
		t.Fatalf("%d autosave timers for one burst of typing", len(f.timers))
	}
	f.runTimers()
	drafts, err := f.db.Drafts()
	if err != nil || len(drafts) != 1 || drafts[0].Kind != store.DraftSession || drafts[0].PatientID != f.patient.ID || drafts[0].RecordID != "" {
		t.Fatalf("drafts %+v %v", drafts, err)
	}
	if !strings.Contains(e.status.Text, "kept as a draft") {
		t.Fatalf("status %q", e.status.Text)
	}
	want := e.draft()

	// Restart: close the file, reopen it, unlock, restore.
	f.db.Close()
	db2 := openTestFile(t, f.path)
	if err := db2.UnlockAny(testPassphrase); err != nil {
		t.Fatal(err)
	}
	sh2 := shellOn(t, db2)
	drafts, _ = db2.Drafts()
	if len(drafts) != 1 {
		t.Fatalf("%d drafts after restart", len(drafts))
	}
	p, err := db2.Patient(drafts[0].PatientID)
	if err != nil {
		t.Fatal(err)
	}
	e2, err := restoreSessionDraft(sh2, p, drafts[0], nil)
	if err != nil {
		t.Fatal(err)
	}
	sh2.win.SetContent(e2.content())

	got := e2.draft()
	wj, _ := json.Marshal(want)
	gj, _ := json.Marshal(got)
	if string(wj) != string(gj) {
		t.Fatalf("restored form differs:\nwant %s\ngot  %s", wj, gj)
	}
	if pts := e2.clockPoints(); len(pts) != 2 || pts[0].Hour != 3 || pts[0].NRS != 6 || pts[1].Hour != 8 || pts[1].Layer != store.LayerDeep || pts[1].NRS != 1 {
		t.Fatalf("restored map points %+v", pts)
	}
	if e2.chapName.Text != "Grace Obi" || e2.chapAnswer.Selected != "Declined" {
		t.Fatal("the chaperone's typed name was not kept")
	}
	if e2.painNow.Text != "4?" || e2.points[1].side.Selected != "Midline" || e2.subjText.Text != "Ça brûle à l'entrée.\nWorse after cycling." {
		t.Fatal("typed text was not restored as typed")
	}
	if !e2.points[0].followTable || e2.points[1].sideAuto {
		t.Fatal("how the muscle and side were chosen was not restored")
	}
	if !e2.Dirty() {
		t.Fatal("a restored draft counts as saved")
	}

	// Once valid, Save as draft writes the note and removes the kept draft.
	e2.painNow.SetText("4")
	e2.points[1].nrs.SetText("10")
	e2.chapOffered.SetChecked(false)
	e2.Save()
	if e2.base.ID == "" {
		t.Fatalf("not saved: %s", e2.problems.Text)
	}
	if drafts, _ := db2.Drafts(); len(drafts) != 0 {
		t.Fatalf("%d drafts after saving", len(drafts))
	}
	if e2.Dirty() {
		t.Fatal("a saved note counts as changed")
	}
	// Signing the saved draft signs that record, not a copy.
	e2.Sign()
	all, _ := db2.PatientSessions(f.patient.ID)
	if !e2.readOnly || len(all) != 1 || all[0].ID != e2.base.ID || all[0].Status != store.StatusSigned {
		t.Fatalf("after signing the saved draft: %d notes, read only %v: %s", len(all), e2.readOnly, e2.problems.Text)
	}
}

func TestSessionLateEntry(t *testing.T) {
	f := newEditorFixture(t, store.Patient{Name: "Hana Sato", DateOfBirth: store.Date{Year: 1984, Month: 4, Day: 4}})
	e := f.e
	yesterday := testNow.In(time.Local).AddDate(0, 0, -1)
	e.date.SetText(store.DateOf(yesterday).Numeric())
	e.clock.SetText("14:30")
	test.Type(e.plan, "Review in a week")
	test.Tap(e.signBtn)
	if !e.readOnly {
		t.Fatalf("not signed: %s", e.problems.Text)
	}
	if !strings.Contains(e.status.Text, "Signed by Siân Howells") || !strings.Contains(e.status.Text, "Late entry") {
		t.Fatalf("status %q", e.status.Text)
	}
	if !strings.Contains(screenText(f.sh.win.Canvas()), "Late entry: signed after the day the patient was seen.") {
		t.Fatal("the view does not say the entry is late")
	}
}

func TestSessionDraftOfANoteSignedSince(t *testing.T) {
	f := newEditorFixture(t, store.Patient{Name: "Ines Duarte", DateOfBirth: store.Date{Year: 1991, Month: 9, Day: 19}})
	e := f.e
	test.Type(e.plan, "Dilator size 2 at home")
	e.Save()
	if e.base.ID == "" {
		t.Fatalf("not saved: %s", e.problems.Text)
	}
	test.Type(e.assessment, "Less guarding today")
	if !e.keepDraft() {
		t.Fatal("draft not kept")
	}
	// Meanwhile the saved note is signed as it stood.
	if _, err := f.db.SignSession(e.base.ID, nil); err != nil {
		t.Fatal(err)
	}
	drafts, _ := f.db.Drafts()
	if len(drafts) != 1 || drafts[0].RecordID != e.base.ID {
		t.Fatalf("drafts %+v", drafts)
	}
	e2, err := restoreSessionDraft(f.sh, f.patient, drafts[0], nil)
	if err != nil {
		t.Fatal(err)
	}
	f.mount(e2)
	if !e2.readOnly || !strings.Contains(e2.notice.Text, "signed since") {
		t.Fatalf("read only %v, notice %q", e2.readOnly, e2.notice.Text)
	}
	e2.startAmend("Assessment typed after signing")
	if e2.readOnly || e2.assessment.Text != "Less guarding today" || e2.plan.Text != "Dilator size 2 at home" {
		t.Fatalf("the amendment does not start from the kept changes: %q", e2.assessment.Text)
	}
	test.Tap(e2.signBtn)
	all, _ := f.db.PatientSessions(f.patient.ID)
	if len(all) != 2 || all[1].Assessment != "Less guarding today" || all[1].AmendsID != all[0].ID {
		t.Fatalf("notes after amending %+v", all)
	}
	if drafts, _ := f.db.Drafts(); len(drafts) != 0 {
		t.Fatalf("%d drafts left", len(drafts))
	}
}

func TestSessionInvalidInputKeepsTyping(t *testing.T) {
	f := newEditorFixture(t, store.Patient{Name: "Dana Novak", DateOfBirth: store.Date{Year: 1979, Month: 1, Day: 30}})
	e := f.e
	f.open(store.Session{})
	e = f.e
	m := e.clockMap
	test.TapAt(m, m.PointPosition(9, store.LayerSuperficial)) // pain left empty
	test.Type(e.painNow, "eleven")
	test.Type(e.painPen, "12")
	e.chapOffered.SetChecked(true)
	e.chapAnswer.SetSelected("Accepted")
	test.Type(e.chapName, "Tom")
	test.Type(e.chapRole, "Husband")
	e.clock.SetText("9.3")

	test.Tap(e.saveBtn)
	if e.base.ID != "" {
		t.Fatal("an invalid note was saved")
	}
	savePNG(t, f.sh.win, "session-editor-refused.png")
	want := map[string]string{
		"treated_at":                  "The time seen: enter the time as hh:mm, for example 09:30.",
		"subjective.pain_now":         "Pain now: enter a whole number from 0 to 10, or leave it empty if not asked.",
		"subjective.pain_penetration": "Pain on penetration: pain is scored from 0 (none) to 10 (worst imaginable).",
		"consent.chaperone_role":      "Chaperone's role: family members are not chaperones; offer a member of the clinic's staff.",
	}
	for field, msg := range want {
		if l := e.messages[field]; l.Text != msg || !l.Visible() {
			t.Errorf("%s: %q (visible %v), want %q", field, l.Text, l.Visible(), msg)
		}
	}
	if r := e.points[0]; !strings.Contains(r.msg.Text, "Trigger point 1: pain score") {
		t.Errorf("point message %q", r.msg.Text)
	}
	// Internal work without consent warns, but never blocks the typing.
	if len(e.warnings) == 0 || !strings.Contains(e.warnings[0], "needs consent recorded") {
		t.Errorf("warnings %v", e.warnings)
	}
	if e.painNow.Text != "eleven" || e.clock.Text != "9.3" || e.chapName.Text != "Tom" {
		t.Fatal("typed text was lost")
	}
	if f.sh.win.Canvas().Focused() != e.date {
		t.Error("the cursor did not go to the first field at fault")
	}
	// Messages follow the typing.
	e.clock.SetText("8.30")
	if e.messages["treated_at"].Visible() {
		t.Error("the time message stayed after the time was put right")
	}
}

func TestSessionCloseKeepsOrDiscards(t *testing.T) {
	f := newEditorFixture(t, store.Patient{Name: "Eve Adams", DateOfBirth: store.Date{Year: 1995, Month: 2, Day: 2}})
	e := f.e
	win := f.sh.win
	test.Type(e.plan, "Review in 2 weeks")
	test.Tap(e.closeBtn)
	test.Tap(findButton(t, win.Canvas(), "Keep editing"))
	if f.closed {
		t.Fatal("Keep editing closed the editor")
	}
	test.Tap(e.closeBtn)
	test.Tap(findButton(t, win.Canvas(), "Keep as draft and close"))
	if !f.closed {
		t.Fatal("the editor did not close")
	}
	drafts, _ := f.db.Drafts()
	if len(drafts) != 1 {
		t.Fatalf("%d drafts kept", len(drafts))
	}

	f.closed = false
	e2, err := restoreSessionDraft(f.sh, f.patient, drafts[0], func() { f.closed = true })
	if err != nil {
		t.Fatal(err)
	}
	f.mount(e2)
	if e2.plan.Text != "Review in 2 weeks" {
		t.Fatalf("plan %q", e2.plan.Text)
	}
	test.Tap(e2.closeBtn)
	test.Tap(findButton(t, win.Canvas(), "Discard changes"))
	if drafts, _ := f.db.Drafts(); !f.closed || len(drafts) != 0 {
		t.Fatalf("discard left %d drafts (closed %v)", len(drafts), f.closed)
	}
}

func TestDefaultSideFollowsLithotomy(t *testing.T) {
	want := map[int]string{1: "left", 3: "left", 5: "left", 6: "midline", 7: "right", 9: "right", 11: "right", 12: "midline"}
	for h, side := range want {
		if got := defaultSide(h); got != side {
			t.Errorf("%d o'clock: %s, want %s", h, got, side)
		}
	}
}

func TestSessionTabOrderFollowsTheForm(t *testing.T) {
	f := newEditorFixture(t, store.Patient{Name: "Fatima Khan", DateOfBirth: store.Date{Year: 1990, Month: 6, Day: 6}})
	e := f.e
	m := e.clockMap
	test.TapAt(m, m.PointPosition(3, store.LayerSuperficial))
	e.treatAdd.SetSelected("Electrical stimulation")
	e.bodyAdd.SetSelected("Adductors")
	c := f.sh.win.Canvas()

	c.Focus(e.kind)
	seen := map[fyne.Focusable]int{}
	for i := 0; i < 400; i++ {
		if _, again := seen[c.Focused()]; again {
			break
		}
		seen[c.Focused()] = i
		c.FocusNext()
	}
	p, b, tr := e.points[0], e.bodyRows[0], e.treatRows[0]
	want := []struct {
		name string
		w    fyne.Focusable
	}{
		{"type", e.kind}, {"date", e.date}, {"time", e.clock},
		{"consent external", e.scope[0]}, {"consent e-stim", e.scope[4]}, {"chaperone offered", e.chapOffered},
		{"consent withdrawn", e.withdrawn},
		{"pain now", e.painNow}, {"pain with penetration", e.painPen}, {"Marinoff", e.marinoff}, {"subjective notes", e.subjText},
		{"tone note", e.toneNote}, {"Oxford left", e.oxLeft}, {"Oxford right", e.oxRight},
		{"PERFECT P", e.perfect[0]}, {"PERFECT F", e.perfect[3]},
		{"point hour", p.hour}, {"point layer", p.layer}, {"point side", p.side}, {"point pain", p.nrs},
		{"point referral", p.referral}, {"point muscle", p.muscle}, {"point note", p.note}, {"add point", e.addPointBtn},
		{"swab 2", e.swab[2]}, {"swab 10", e.swab[10]},
		{"body side", b.side}, {"body pain", b.nrs}, {"add body site", e.bodyAdd},
		{"examination notes", e.examText},
		{"add technique", e.treatAdd}, {"minutes", tr.minutes}, {"pain during", tr.pain},
		{"frequency", tr.params["frequency_hz"]}, {"intensity", tr.params["intensity_ma"]}, {"treatment note", tr.note},
		{"dilator size", e.dilSize}, {"dilator minutes", e.dilMinutes}, {"dilator pain", e.dilPain}, {"dilator note", e.dilNote},
		{"assessment", e.assessment}, {"plan", e.plan},
		{"save", e.saveBtn}, {"sign", e.signBtn}, {"close", e.closeBtn},
	}
	last := -1
	for _, w := range want {
		i, ok := seen[w.w]
		if !ok {
			t.Errorf("%s cannot be reached with Tab", w.name)
			continue
		}
		if i <= last {
			t.Errorf("%s comes before the field above it in the tab order", w.name)
		}
		last = i
	}
	// Tab leaves a note rather than typing into it.
	if e.subjText.AcceptsTab() {
		t.Error("the notes keep the Tab key")
	}
}

// Tapping the right and then the left marker of a paired site charts each
// side on its own row; tapping a side again goes back to its row.
func TestSessionEditorBodyChartSides(t *testing.T) {
	f := newEditorFixture(t, store.Patient{Name: "Amelia Smith", DateOfBirth: store.Date{Year: 1990, Month: 5, Day: 1}})
	e := f.e
	bc := e.bodyChart
	f.sh.win.Resize(fyne.NewSize(1366, 768))
	at := bc.SitePositions("Adductors") // the patient's right first
	test.TapAt(bc, at[0])
	test.Type(e.bodyRows[0].nrs, "4")
	test.TapAt(bc, at[1])
	if len(e.bodyRows) != 2 {
		t.Fatalf("%d body-chart rows after tapping both sides, want 2", len(e.bodyRows))
	}
	test.Type(e.bodyRows[1].nrs, "7")
	test.TapAt(bc, at[0])
	if len(e.bodyRows) != 2 {
		t.Errorf("tapping the right side again added a row")
	}
	if got := []string{e.bodyRows[0].side.Selected, e.bodyRows[1].side.Selected}; got[0] != "Right" || got[1] != "Left" {
		t.Errorf("sides %v, want [Right Left]", got)
	}
	marks := e.bodyMarks()
	if len(marks) != 2 || marks[0].Side != store.SideRight || marks[0].NRS != 4 || marks[1].Side != store.SideLeft || marks[1].NRS != 7 {
		t.Errorf("marks %+v, want right 4 and left 7", marks)
	}
}
