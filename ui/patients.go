package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/store"
)

// patientsScreen is the main window's working area: the patient list with
// search as you type on the left, the selected or new patient on the right.
type patientsScreen struct {
	db  *store.DB
	win fyne.Window

	search    *widget.Entry
	count     *widget.Label
	list      *widget.List
	newBtn    *widget.Button
	form      *patientForm
	audit     *auditView
	chart     *chartView
	measures  *measuresView
	programme *programmeView // issue 6: the home programme builder
	letters   *lettersView   // issue 7: letters to referrers
	tabs      *container.AppTabs
	right     *fyne.Container // the tabs, or a session being charted
	content   fyne.CanvasObject

	shown    []store.PatientSummary // the rows of the list, in order
	selected string                 // ID of the patient in the form, "" for new
	quiet    bool                   // list selection changed by code, not by the user
}

func newPatientsScreen(sh *Shell) *patientsScreen {
	db, win := sh.db, sh.win
	s := &patientsScreen{db: db, win: win}

	s.search = widget.NewEntry()
	s.search.SetPlaceHolder("Find: name, date of birth or identifier")
	s.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	s.search.OnChanged = s.onSearchChanged
	s.search.OnSubmitted = s.onSearchSubmitted

	s.count = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Italic: true})

	s.list = widget.NewList(s.listLength, s.newRow, s.updateRow)
	s.list.OnSelected = s.onListSelected
	s.list.HideSeparators = false

	s.newBtn = widget.NewButtonWithIcon("New patient", theme.ContentAddIcon(), s.NewPatient)
	s.newBtn.Importance = widget.HighImportance

	s.form = newPatientForm(db)
	s.form.onSaved = s.onPatientSaved

	left := container.NewBorder(
		container.NewVBox(s.search, s.count),
		s.newBtn, nil, nil, s.list)
	s.audit = newAuditView(db)
	s.chart = newChartView(db, win)
	s.chart.onSaved = s.onClinicalSaved
	s.chart.onNewSession = func() { sh.newSession() }
	s.chart.onOpenSession = func(sess store.Session) { sh.openSession(sess) }
	s.chart.onResumeDraft = func(d store.Draft) { sh.resumeDraft(d) }
	s.measures = newMeasuresView(sh)
	s.programme = newProgrammeView(sh)
	s.letters = newLettersView(sh)
	s.tabs = container.NewAppTabs(
		container.NewTabItem("Chart", s.chart.content),
		container.NewTabItem("Measures", s.measures.content),
		container.NewTabItem("Home programme", s.programme.content),
		container.NewTabItem("Letters", s.letters.content),
		container.NewTabItem("Details", container.NewPadded(s.form.content)),
		container.NewTabItem("Audit trail", container.NewPadded(s.audit.content)),
	)
	s.tabs.OnSelected = func(*container.TabItem) { s.refreshAudit() }
	s.right = container.NewStack(noPatientPane())
	split := container.NewHSplit(left, s.right)
	split.Offset = 0.36
	s.content = container.NewBorder(nil, sh.backups.bar, nil, nil, split) // the backup status line along the bottom
	s.refreshList()
	return s
}

const (
	tabChart = iota
	tabMeasures
	tabProgramme
	tabLetters
	tabDetails
	tabAudit
)

// refreshAudit loads the audit trail when its tab is showing.
func (s *patientsScreen) refreshAudit() {
	if s.tabs.SelectedIndex() == tabAudit {
		s.audit.show(s.selected)
	}
}

// noPatientPane is the right side before a patient is chosen: the chart
// tabs would be an empty form that belongs to nobody.
func noPatientPane() fyne.CanvasObject {
	title := widget.NewLabelWithStyle("No patient open", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	help := widget.NewLabelWithStyle("Choose a patient from the list, or find one by name, date of birth or identifier (Ctrl+F).\n"+
		"New patient (Ctrl+Shift+N) adds one.", fyne.TextAlignCenter, fyne.TextStyle{})
	help.Wrapping = fyne.TextWrapWord
	return container.NewPadded(container.NewVBox(layout.NewSpacer(), title, help, layout.NewSpacer()))
}

// showTabsFor puts the chart, details and audit of the patient in the form
// on the right; a new patient has only details until saved.
func (s *patientsScreen) showTabsFor(p store.Patient) {
	if p.ID == "" {
		for _, i := range []int{tabChart, tabMeasures, tabProgramme, tabLetters, tabAudit} {
			s.tabs.DisableIndex(i)
		}
		s.tabs.SelectIndex(tabDetails)
	} else {
		for _, i := range []int{tabChart, tabMeasures, tabProgramme, tabLetters, tabAudit} {
			s.tabs.EnableIndex(i)
		}
		s.chart.Load(p)
		s.measures.Load(p)
		s.programme.Load(p)
		s.letters.Load(p)
	}
	s.right.Objects = []fyne.CanvasObject{s.tabs}
	s.right.Refresh()
	s.refreshAudit()
}

// onClinicalSaved keeps the details form in step when the chart saves flags,
// referral or goals, so that saving details never puts old ones back.
func (s *patientsScreen) onClinicalSaved(p store.Patient) {
	f := s.form
	if f.base.ID == p.ID {
		if f.Dirty() {
			f.base.Referral, f.base.CopiesTo, f.base.Flags, f.base.Goals, f.base.Updated = p.Referral, p.CopiesTo, p.Flags, p.Goals, p.Updated
		} else {
			f.Load(p)
		}
	}
	if b := s.programme.builder; b != nil && b.patient.ID == p.ID {
		b.recheck(p) // new flags change a programme's safety warnings
		b.refreshWarnings()
	}
	s.refreshAudit()
}

func (s *patientsScreen) listLength() int { return len(s.shown) }

func (s *patientsScreen) newRow() fyne.CanvasObject {
	name := widget.NewLabelWithStyle("Name Surname", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Truncation = fyne.TextTruncateEllipsis
	detail := widget.NewLabel("00 Mmm 0000 (00) · 000 000 0000")
	detail.Truncation = fyne.TextTruncateEllipsis
	// The two lines of one patient sit closer together than two separate rows.
	return container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()), name, detail)
}

func (s *patientsScreen) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i < 0 || i >= len(s.shown) {
		return
	}
	p := s.shown[i]
	box := o.(*fyne.Container)
	box.Objects[0].(*widget.Label).SetText(p.Name)
	detail := fmt.Sprintf("%s (%d)", p.DateOfBirth.Display(), p.DateOfBirth.AgeOn(s.db.Today()))
	if p.Identifier != "" {
		detail += " · " + p.Identifier
	}
	box.Objects[1].(*widget.Label).SetText(detail)
}

// refreshList re-runs the search and keeps the patient in the form selected.
func (s *patientsScreen) refreshList() {
	s.shown = s.db.SearchPatients(s.search.Text)
	total := s.db.PatientCount()
	switch {
	case total == 0:
		s.count.SetText("No patients yet: add the first with New patient.")
	case s.search.Text == "":
		s.count.SetText(plural(total, "patient", "patients"))
	case len(s.shown) == 0:
		s.count.SetText(fmt.Sprintf("No patient matches %q", s.search.Text))
	default:
		s.count.SetText(fmt.Sprintf("%d of %s", len(s.shown), plural(total, "patient", "patients")))
	}
	s.quiet = true
	s.list.UnselectAll()
	for i, p := range s.shown {
		if p.ID == s.selected && s.selected != "" {
			s.list.Select(i)
			break
		}
	}
	s.quiet = false
	s.list.Refresh()
}

func (s *patientsScreen) onSearchChanged(string) { s.refreshList() }

// onSearchSubmitted opens the first match when Enter is pressed in the search box.
func (s *patientsScreen) onSearchSubmitted(string) {
	if len(s.shown) > 0 {
		s.list.Select(0)
		s.win.Canvas().Focus(s.form.name)
	}
}

func (s *patientsScreen) onListSelected(i widget.ListItemID) {
	if s.quiet || i < 0 || i >= len(s.shown) {
		return
	}
	id := s.shown[i].ID
	if id == s.selected {
		return
	}
	s.leaveForm(func() {
		p, err := s.db.Patient(id)
		if err != nil {
			dialog.ShowError(fmt.Errorf("this patient's record could not be opened: %w", err), s.win)
			return
		}
		s.selected = id
		s.form.Load(p)
		s.showTabsFor(p)
	}, func() { s.refreshList() })
}

// NewPatient empties the form for a new patient and puts the cursor in Name.
func (s *patientsScreen) NewPatient() {
	s.leaveForm(func() {
		s.selected = ""
		s.form.LoadNew()
		s.showTabsFor(store.Patient{})
		s.quiet = true
		s.list.UnselectAll()
		s.quiet = false
		s.win.Canvas().Focus(s.form.name)
	}, nil)
}

// FocusSearch puts the cursor in the search box with its text selected.
func (s *patientsScreen) FocusSearch() {
	s.win.Canvas().Focus(s.search)
	s.search.TypedShortcut(&fyne.ShortcutSelectAll{})
}

func (s *patientsScreen) onPatientSaved(p store.Patient) {
	first := s.chart.patient.ID != p.ID
	s.selected = p.ID
	s.refreshList()
	if first {
		s.showTabsFor(p) // a new patient now has a chart
	} else {
		s.chart.patient = p // the chart saves from the latest record; its own edits stay in its fields
		s.chart.fitFlagsTo(p)
		s.refreshAudit()
	}
}

// leaveForm runs next once the form's unsaved changes, if any, are saved
// or deliberately discarded; stay runs if the physiotherapist chooses to
// keep editing.
func (s *patientsScreen) leaveForm(next, stay func()) {
	if s.chart.Dirty() {
		// The chart's flags, referral or goals first, then the details.
		askUnsaved(s.win, s.chart.patient.Name+"'s flags, referral and goals", func() {
			s.chart.onSave()
			if !s.chart.Dirty() {
				s.leaveForm(next, stay)
			} else if stay != nil {
				stay()
			}
		}, func() {
			s.chart.Undo() // discard
			s.leaveForm(next, stay)
		}, stay)
		return
	}
	if !s.form.Dirty() || (s.form.IsNew() && !s.formHasContent()) {
		next()
		return
	}
	askUnsaved(s.win, s.form.DisplayName(), func() {
		s.form.Save()
		if !s.form.Dirty() {
			next()
		} else if stay != nil {
			stay()
		}
	}, next, stay)
}

// formHasContent reports whether a new-patient form holds anything typed.
func (s *patientsScreen) formHasContent() bool {
	f := s.form
	for _, e := range []*widget.Entry{f.name, f.dob, f.phone, f.email, f.address, f.identifier} {
		if e.Text != "" {
			return true
		}
	}
	return false
}

// askUnsaved asks whether to save, discard or keep editing unsaved changes.
func askUnsaved(win fyne.Window, who string, save, discard, stay func()) {
	var d *dialog.CustomDialog
	msg := widget.NewLabel(fmt.Sprintf("The changes to %s have not been saved.", who))
	msg.Wrapping = fyne.TextWrapWord
	saveBtn := widget.NewButton("Save", func() { d.Hide(); save() })
	saveBtn.Importance = widget.HighImportance
	discardBtn := widget.NewButton("Discard changes", func() { d.Hide(); discard() })
	discardBtn.Importance = widget.DangerImportance
	stayBtn := widget.NewButton("Keep editing", func() {
		d.Hide()
		if stay != nil {
			stay()
		}
	})
	d = dialog.NewCustomWithoutButtons("Unsaved changes", msg, win)
	d.SetButtons([]fyne.CanvasObject{stayBtn, discardBtn, saveBtn})
	d.Resize(fyne.NewSize(440, 180))
	d.Show()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
