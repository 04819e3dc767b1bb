package ui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/reports"
	"github.com/pelvicnotes/pelvicnotes/store"
)

// programmeView is the patient's home programme tab: the version on view
// (the current one, or an earlier one with what changed since the one
// before), printing its sheet, and the builder for the next version.
type programmeView struct {
	sh       *Shell
	patient  store.Patient
	versions []store.Programme // oldest first
	shown    int               // index in versions of the version on view
	builder  *programmeBuilder // nil unless a new version is being built

	body     *fyne.Container // the version on view, or the builder
	view     *fyne.Container
	top      *fyne.Container // heading, status, notice and the version bar
	scroll   *fyne.Container // what the version on view holds
	scroller *container.Scroll
	status   *widget.Label
	choose   *widget.Select
	notice   *widget.Label
	items    *fyne.Container
	changes  *fyne.Container
	flare    *widget.Label
	printB   *widget.Button
	buildB   *widget.Button
	content  fyne.CanvasObject
}

func newProgrammeView(sh *Shell) *programmeView {
	v := &programmeView{sh: sh, items: container.NewVBox(), changes: container.NewVBox()}
	v.status = widget.NewLabel("")
	v.status.Wrapping = fyne.TextWrapWord
	v.notice = widget.NewLabel("")
	v.notice.Wrapping = fyne.TextWrapWord
	// The theme's success green is too pale to read on white: the primary colour instead.
	v.notice.Importance = widget.HighImportance
	v.notice.Hide()
	v.choose = widget.NewSelect(nil, v.onChooseVersion)
	v.choose.PlaceHolder = "No versions yet"
	v.printB = widget.NewButtonWithIcon("Print sheet…", theme.DocumentPrintIcon(), func() {
		if v.shown >= 0 && v.shown < len(v.versions) {
			v.PrintSheet(v.versions[v.shown])
		}
	})
	v.buildB = widget.NewButtonWithIcon("Change the programme…", theme.DocumentCreateIcon(), v.StartBuilding)
	v.buildB.Importance = widget.HighImportance
	v.flare = widget.NewLabel("")
	v.flare.Wrapping = fyne.TextWrapWord
	title := heading("Home programme")
	title.SizeName = theme.SizeNameSubHeadingText
	v.top = container.NewVBox(title, v.status, v.notice,
		container.NewBorder(nil, nil, widget.NewLabel("Version"), container.NewHBox(v.printB, v.buildB), v.choose))
	v.scroll = container.NewVBox(
		boldLabel("Exercises"), v.items,
		boldLabel("Flare-up plan"), v.flare,
		v.changes,
	)
	v.scroller = container.NewVScroll(v.scroll)
	v.view = container.NewBorder(v.top, nil, nil, nil, v.scroller)
	v.body = container.NewStack(container.NewPadded(v.view))
	v.content = v.body
	return v
}

// Load shows the programme of patient p. A builder left open for another
// patient is kept as a draft first; one kept for p reopens.
func (v *programmeView) Load(p store.Patient) {
	if v.builder != nil && v.builder.patient.ID != p.ID {
		v.keepDraft()
		v.closeBuilder()
	}
	v.patient = p
	v.notice.Hide()
	v.reload()
	if v.builder != nil {
		// Flags saved on the chart or a session signed meanwhile change
		// what the warnings say.
		v.builder.recheck(p)
		v.builder.refreshWarnings()
	}
	if v.builder == nil {
		if d, ok := v.draftFor(p.ID); ok {
			v.resumeDraft(d)
		}
	}
}

// reload reads the versions and shows the latest.
func (v *programmeView) reload() {
	progs, err := v.sh.db.Programmes(v.patient.ID)
	if err != nil {
		v.status.SetText("The home programme could not be read: " + err.Error())
		return
	}
	v.versions = progs
	v.showVersion(len(progs) - 1)
}

// Current is the latest issued version, if any.
func (v *programmeView) Current() (store.Programme, bool) {
	if len(v.versions) == 0 {
		return store.Programme{}, false
	}
	return v.versions[len(v.versions)-1], true
}

func versionLabel(p store.Programme, latest bool) string {
	s := fmt.Sprintf("Version %d · %s", p.Version, store.DateOf(p.Issued.Local()).Display())
	if latest {
		s += " (current)"
	}
	return s
}

func (v *programmeView) onChooseVersion(label string) {
	for i, p := range v.versions {
		if versionLabel(p, i == len(v.versions)-1) == label && i != v.shown {
			v.showVersion(i)
		}
	}
}

// showVersion puts version i (an index into versions; -1 for none) on view,
// from its top: another patient or version never opens where the last one
// was scrolled to.
func (v *programmeView) showVersion(i int) {
	v.fillVersion(i)
	v.view.Refresh()
	v.scroller.ScrollToTop()
}

func (v *programmeView) fillVersion(i int) {
	v.shown = i
	v.items.RemoveAll()
	v.changes.RemoveAll()
	var labels []string
	for j, p := range v.versions {
		labels = append(labels, versionLabel(p, j == len(v.versions)-1))
	}
	v.choose.Options = labels
	if i < 0 {
		v.status.SetText("No home programme has been issued yet. Build the first one: choose the exercises, set each dose, and print the sheet for the patient to take home.")
		v.choose.ClearSelected()
		v.choose.Disable()
		v.printB.Disable()
		v.buildB.SetText("Build the first programme…")
		v.flare.SetText("")
		v.items.Add(hintLabel("None yet."))
		return
	}
	v.choose.Enable()
	v.printB.Enable()
	v.buildB.SetText("Change the programme…")
	p := v.versions[i]
	v.choose.Selected = labels[i]
	v.choose.Refresh()
	state := "the current version"
	if i < len(v.versions)-1 {
		state = fmt.Sprintf("an earlier version, kept as issued; the current one is version %d", len(v.versions))
	}
	v.status.SetText(fmt.Sprintf("Version %d, %s: issued %s by %s · sheet in %s, for %s.",
		p.Version, state, p.Issued.Local().Format("2 Jan 2006 15:04"), v.sh.db.PractitionerName(p.IssuedBy),
		store.LanguageLabel(p.Language), sheetName(p, v.patient)))
	for n, it := range p.Items {
		v.items.Add(itemSummary(n, it, p.Language))
	}
	for _, w := range p.Warnings {
		v.items.Add(warningLine(fmt.Sprintf("%s Acknowledged by %s.", w.Text, v.sh.db.PractitionerName(w.By))))
	}
	plan := p.FlareUpPlan
	if plan == "" {
		plan = reports.DefaultFlareUpPlan(p.Language) + " (the sheet's standard wording)"
	}
	v.flare.SetText(plan)
	if i > 0 {
		v.changes.Add(boldLabel(fmt.Sprintf("What changed since version %d", v.versions[i-1].Version)))
		lines := describeChanges(store.CompareProgrammes(v.versions[i-1], p))
		if len(lines) == 0 {
			lines = []string{"Nothing: the same exercises, doses and notes."}
		}
		for _, l := range lines {
			v.changes.Add(wrapLabel("• " + l))
		}
	}
}

// sheetName is the name the sheet addresses the patient by.
func sheetName(p store.Programme, pt store.Patient) string {
	if p.FirstName != "" {
		return p.FirstName
	}
	return store.FirstNameOf(pt.Name)
}

func wrapLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// itemSummary is one exercise of an issued version: title, dose in the
// sheet's words, and the note.
func itemSummary(n int, it store.ProgrammeItem, lang string) fyne.CanvasObject {
	title := boldLabel(fmt.Sprintf("%d. %s", n+1, it.Title))
	title.Wrapping = fyne.TextWrapWord
	box := container.New(layout.NewCustomPaddedVBoxLayout(-theme.Padding()), title, wrapLabel(reports.DoseInWords(lang, it.Dose)))
	if it.Note != "" {
		box.Add(hintLabel("Note: " + it.Note))
	}
	return box
}

// describeChanges says a comparison in the physiotherapist's words; doses
// are quoted as the sheet says them.
func describeChanges(cs []store.ProgrammeChange) []string {
	var out []string
	for _, c := range cs {
		switch c.Kind {
		case store.ChangeAdded:
			out = append(out, fmt.Sprintf("Added %s: %s.", c.Title, strings.ToLower(reports.DoseInWords("en", c.ToDose))))
		case store.ChangeRemoved:
			out = append(out, fmt.Sprintf("Removed %s.", c.Title))
		case store.ChangeDose:
			out = append(out, fmt.Sprintf("%s: dose changed from %s to %s.", c.Title,
				strings.ToLower(reports.DoseInWords("en", c.FromDose)), strings.ToLower(reports.DoseInWords("en", c.ToDose))))
		case store.ChangeNote:
			switch {
			case c.To == "":
				out = append(out, fmt.Sprintf("%s: note removed.", c.Title))
			case c.From == "":
				out = append(out, fmt.Sprintf("%s: note added: “%s”", c.Title, c.To))
			default:
				out = append(out, fmt.Sprintf("%s: note changed to “%s”", c.Title, c.To))
			}
		case store.ChangeOrder:
			out = append(out, "The exercises are in a new order.")
		case store.ChangeFlareUp:
			out = append(out, "The flare-up plan changed.")
		case store.ChangeLanguage:
			out = append(out, fmt.Sprintf("The sheet is now in %s (was %s).", store.LanguageLabel(c.To), store.LanguageLabel(c.From)))
		case store.ChangeFirstName:
			out = append(out, fmt.Sprintf("The sheet now addresses the patient as %s (was %s).", c.To, c.From))
		}
	}
	return out
}

// --- building a new version ---

// StartBuilding opens the builder on a copy of the current version (or an
// empty programme).
func (v *programmeView) StartBuilding() {
	if v.patient.ID == "" || v.builder != nil {
		return
	}
	cur, _ := v.Current()
	v.openBuilder(newProgrammeBuilder(v, cur, false))
}

func (v *programmeView) openBuilder(b *programmeBuilder) {
	v.builder = b
	v.notice.Hide()
	v.body.Objects = []fyne.CanvasObject{b.content}
	v.body.Refresh()
	v.sh.win.Canvas().Focus(b.search)
}

// closeBuilder goes back to the version on view.
func (v *programmeView) closeBuilder() {
	v.builder = nil
	v.body.Objects = []fyne.CanvasObject{container.NewPadded(v.view)}
	v.body.Refresh()
}

// Dirty reports whether a builder holds work not yet issued.
func (v *programmeView) Dirty() bool { return v.builder != nil && v.builder.Dirty() }

// programmeDraft is what a draft of the builder keeps.
type programmeDraft struct {
	Programme store.Programme `json:"programme"` // as built so far, Issued empty
	BaseID    string          `json:"base_id,omitempty"`
}

// keepDraft sets unissued work aside, encrypted in the record file, so a
// lock, closing the window or another patient never loses it. It reports
// whether nothing is left unsaved.
func (v *programmeView) keepDraft() bool {
	b := v.builder
	if b == nil || !b.Dirty() {
		return true
	}
	prog := b.collect()
	body, err := json.Marshal(programmeDraft{Programme: prog, BaseID: b.base.ID})
	if err != nil {
		return false
	}
	kept, _ := json.Marshal(prog) // the fingerprint of exactly what is kept
	d := store.Draft{ID: b.draftID, Kind: store.DraftProgramme, PatientID: b.patient.ID, Body: body}
	saved, err := v.sh.db.SaveDraft(d)
	if err != nil {
		return false
	}
	b.draftID = saved.ID
	b.clean = string(kept)
	return true
}

func (v *programmeView) draftFor(patientID string) (store.Draft, bool) {
	drafts, err := v.sh.db.DraftsOf(store.DraftProgramme, patientID)
	if err != nil || len(drafts) == 0 {
		return store.Draft{}, false
	}
	return drafts[0], true
}

// resumeDraft reopens a builder set aside, still unissued.
func (v *programmeView) resumeDraft(d store.Draft) {
	var pd programmeDraft
	if json.Unmarshal(d.Body, &pd) != nil {
		return
	}
	pd.Programme.PatientID = v.patient.ID
	b := newProgrammeBuilder(v, pd.Programme, true)
	if cur, ok := v.Current(); ok {
		b.base = cur
	}
	b.draftID = d.ID
	b.clean = "" // unissued work stays unsaved until issued or discarded
	v.openBuilder(b)
	msg := "The programme you were building has not been issued yet; it is back as you left it."
	if cur, ok := v.Current(); ok && cur.ID != pd.BaseID {
		msg += fmt.Sprintf(" Version %d has been issued since you started: check it against what you built.", cur.Version)
	}
	b.say(msg)
}

// onIssued shows the new version with what changed, and offers the sheet.
func (v *programmeView) onIssued(p store.Programme) {
	v.closeBuilder()
	v.reload()
	v.notice.SetText(fmt.Sprintf("Version %d issued. Print the sheet for %s to take home: Print sheet…", p.Version, sheetName(p, v.patient)))
	v.notice.Show()
	v.view.Refresh()
	v.sh.win.Canvas().Focus(v.printB)
}

// --- printing ---

const prefSheetFolder = "programme.sheet-folder"

// PrintSheet asks where to save the sheet of programme p (in the folder
// used last time), writes it, records the print in the audit trail and
// opens it in the system's PDF viewer.
func (v *programmeView) PrintSheet(p store.Programme) {
	// The name says what the file is, never who it is for.
	name := fmt.Sprintf("home-programme-v%d.pdf", p.Version)
	if p.ID == "" {
		name = fmt.Sprintf("home-programme-v%d-preview.pdf", p.Version) // not issued yet
	}
	v.sh.askPDFFile(prefSheetFolder, name, func(w fyne.URIWriteCloser) {
		v.writeSheet(p, w, func(err error) {
			if err != nil {
				storage.Delete(w.URI()) // no empty or half-written file left behind to be printed
				dialog.ShowError(fmt.Errorf("the sheet could not be printed: %w", err), v.sh.win)
				return
			}
			v.sh.openSavedPDF(prefSheetFolder, w.URI(), "sheet")
		})
	})
}

// writeSheet makes the sheet off the UI goroutine, writes it to w and
// records the print; done runs on the UI goroutine.
func (v *programmeView) writeSheet(p store.Programme, w io.WriteCloser, done func(error)) {
	db, pt := v.sh.db, v.patient
	v.printB.Disable()
	v.sh.background(func() (any, error) {
		photos, err := db.ProgrammePhotos(p)
		if err != nil {
			w.Close()
			return nil, err
		}
		var buf bytes.Buffer
		if err := reports.HomeSheet(&buf, db.Settings(), pt, p, photos, db.Now()); err != nil {
			w.Close()
			return nil, err
		}
		if _, err := buf.WriteTo(w); err != nil {
			w.Close()
			return nil, err
		}
		if err := w.Close(); err != nil {
			return nil, err
		}
		detail := fmt.Sprintf("home programme sheet, version %d", p.Version)
		if p.ID == "" {
			detail += " (a preview, not issued)"
		}
		return nil, db.Record(store.AuditPrint, "programme", p.ID, p.PatientID, detail)
	}, func(_ any, err error) {
		v.printB.Enable()
		done(err)
	})
}
