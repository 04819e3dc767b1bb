package ui

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/store"
)

// chartingSettings edits the clinic's charting lists, kept in the record
// file: the dilator set and its progression rule, the swab-test sites, the
// body-chart sites and the trigger-point muscle pick-list.
type chartingSettings struct {
	shell *Shell

	dilators    *fyne.Container
	dilatorRows []*dilatorRow
	sessions    *widget.Entry
	maxPain     *widget.Entry
	swab        *widget.Entry
	bodySites   *widget.Entry
	muscles     *fyne.Container
	muscleRows  []*muscleRow
	problem     *widget.Label
	content     *fyne.Container
}

type dilatorRow struct {
	label, diameter, length, material *widget.Entry
	box                               *fyne.Container
}

type muscleRow struct {
	name, hours, note *widget.Entry
	layer             *widget.Select
	box               *fyne.Container
}

func (s *Shell) showChartingSettings() {
	c := newChartingSettings(s)
	var d *dialog.CustomDialog
	save := widget.NewButton("Save charting settings", func() {
		if err := c.save(); err != nil {
			c.problem.SetText(err.Error())
			c.problem.Show()
			return
		}
		d.Hide()
	})
	save.Importance = widget.HighImportance
	cancel := widget.NewButton("Cancel", func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons("Charting settings", container.NewVScroll(container.NewPadded(c.content)), s.win)
	d.SetButtons([]fyne.CanvasObject{cancel, save})
	d.Resize(fyne.NewSize(900, 680))
	d.Show()
}

// newChartingSettings builds the editor from the clinic's current settings.
func newChartingSettings(s *Shell) *chartingSettings {
	c := &chartingSettings{shell: s, dilators: container.NewVBox(), muscles: container.NewVBox()}
	cs := s.db.Settings()
	for _, d := range cs.Dilators {
		c.addDilator(d)
	}
	for _, m := range cs.Muscles {
		c.addMuscle(m)
	}
	c.sessions = entryWith(strconv.Itoa(cs.DilatorProgression.Sessions))
	c.maxPain = entryWith(strconv.Itoa(cs.DilatorProgression.MaxPain))
	hours := make([]string, len(cs.SwabSites))
	for i, h := range cs.SwabSites {
		hours[i] = strconv.Itoa(h)
	}
	c.swab = entryWith(strings.Join(hours, ", "))
	c.bodySites = widget.NewMultiLineEntry()
	c.bodySites.SetText(strings.Join(cs.BodyChartSites, "\n"))
	c.bodySites.SetMinRowsVisible(5)
	c.problem = widget.NewLabel("")
	c.problem.Importance = widget.DangerImportance
	c.problem.Wrapping = fyne.TextWrapWord
	c.problem.Hide()

	addDilator := widget.NewButtonWithIcon("Add a size", theme.ContentAddIcon(), func() { c.addDilator(store.DilatorSize{}) })
	addMuscle := widget.NewButtonWithIcon("Add a muscle", theme.ContentAddIcon(), func() { c.addMuscle(store.MuscleDefault{Layer: store.LayerSuperficial}) })
	note := func(text string) *widget.Label {
		l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
		l.Wrapping = fyne.TextWrapWord
		return l
	}
	c.content = container.NewVBox(
		heading("Dilator set, smallest first"),
		note("No brand's size table is built in: enter your clinic's own set (label, diameter and length in mm, material). The example set is only an example."),
		container.NewGridWithColumns(4, widget.NewLabel("Label"), widget.NewLabel("Diameter mm"), widget.NewLabel("Length mm"), widget.NewLabel("Material")),
		c.dilators, container.NewHBox(addDilator),
		heading("Dilator progression"),
		container.NewHBox(widget.NewLabel("Suggest the next size after"), fixedWidth(60, c.sessions),
			widget.NewLabel("sessions in a row at pain of"), fixedWidth(60, c.maxPain), widget.NewLabel("/10 or less")),
		note("A suggestion shown on the chart, never a change made for you."),
		heading("Cotton-swab test sites"),
		note("Clock positions, 12 = urethral meatus, 6 = posterior fourchette, separated by commas."),
		c.swab,
		heading("Body-chart sites"),
		note("One site a line."),
		c.bodySites,
		heading("Trigger-point muscle pick-list"),
		note("The hours at which a muscle is offered first. The physiotherapist always chooses the muscle."),
		c.muscles, container.NewHBox(addMuscle),
		c.problem,
	)
	return c
}

func (c *chartingSettings) addDilator(d store.DilatorSize) {
	r := &dilatorRow{label: entryWith(d.Label), diameter: entryWith(formatMM(d.DiameterMM)), length: entryWith(formatMM(d.LengthMM)), material: entryWith(d.Material)}
	remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), nil)
	r.box = container.NewBorder(nil, nil, nil, remove, container.NewGridWithColumns(4, r.label, r.diameter, r.length, r.material))
	remove.OnTapped = func() {
		c.dilators.Remove(r.box)
		c.dilatorRows, _ = withoutRow(c.dilatorRows, r)
	}
	c.dilatorRows = append(c.dilatorRows, r)
	c.dilators.Add(r.box)
}

func (c *chartingSettings) addMuscle(m store.MuscleDefault) {
	hours := make([]string, len(m.Hours))
	for i, h := range m.Hours {
		hours[i] = strconv.Itoa(h)
	}
	r := &muscleRow{name: entryWith(m.Name), hours: entryWith(strings.Join(hours, ", ")), note: entryWith(m.Note)}
	r.name.SetPlaceHolder("Muscle")
	r.hours.SetPlaceHolder("hours, e.g. 2, 10")
	r.note.SetPlaceHolder("note")
	r.layer = widget.NewSelect([]string{"Superficial", "Deep"}, nil)
	if m.Layer == store.LayerDeep {
		r.layer.SetSelected("Deep")
	} else {
		r.layer.SetSelected("Superficial")
	}
	remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), nil)
	r.box = container.NewBorder(nil, nil, nil, remove, container.NewGridWithColumns(4, r.name, r.layer, r.hours, r.note))
	remove.OnTapped = func() {
		c.muscles.Remove(r.box)
		c.muscleRows, _ = withoutRow(c.muscleRows, r)
	}
	c.muscleRows = append(c.muscleRows, r)
	c.muscles.Add(r.box)
}

func formatMM(v float64) string {
	if v == 0 {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// parseNumber reads a number typed with a point or a comma.
func parseNumber(what, s string) (float64, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", "."))
	if s == "" {
		return 0, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("%s: %q is not a number", what, s)
	}
	return v, nil
}

// parseHours reads clock positions separated by commas or spaces.
func parseHours(what, s string) ([]int, error) {
	var out []int
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		h, err := strconv.Atoi(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %q is not a clock position (1 to 12)", what, f)
		}
		out = append(out, h)
	}
	return out, nil
}

// save checks what was typed, then lets the store validate and keep it.
func (c *chartingSettings) save() error {
	cs := c.shell.db.Settings()
	cs.Dilators = nil
	for i, r := range c.dilatorRows {
		dia, err := parseNumber(fmt.Sprintf("Dilator %d diameter", i+1), r.diameter.Text)
		if err != nil {
			return err
		}
		length, err := parseNumber(fmt.Sprintf("Dilator %d length", i+1), r.length.Text)
		if err != nil {
			return err
		}
		cs.Dilators = append(cs.Dilators, store.DilatorSize{Label: strings.TrimSpace(r.label.Text), DiameterMM: dia, LengthMM: length, Material: strings.TrimSpace(r.material.Text)})
	}
	var err error
	if cs.DilatorProgression.Sessions, err = strconv.Atoi(strings.TrimSpace(c.sessions.Text)); err != nil {
		return fmt.Errorf("Dilator progression: the number of sessions is a whole number, such as 3")
	}
	if cs.DilatorProgression.MaxPain, err = strconv.Atoi(strings.TrimSpace(c.maxPain.Text)); err != nil {
		return fmt.Errorf("Dilator progression: the pain limit is a whole number from 0 to 10")
	}
	if cs.SwabSites, err = parseHours("Swab sites", c.swab.Text); err != nil {
		return err
	}
	sort.Ints(cs.SwabSites)
	cs.BodyChartSites = nil
	for _, l := range strings.Split(c.bodySites.Text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			cs.BodyChartSites = append(cs.BodyChartSites, l)
		}
	}
	cs.Muscles = nil
	for i, r := range c.muscleRows {
		hours, err := parseHours(fmt.Sprintf("Muscle %d", i+1), r.hours.Text)
		if err != nil {
			return err
		}
		layer := store.LayerSuperficial
		if r.layer.Selected == "Deep" {
			layer = store.LayerDeep
		}
		cs.Muscles = append(cs.Muscles, store.MuscleDefault{Name: strings.TrimSpace(r.name.Text), Layer: layer, Hours: hours, Note: strings.TrimSpace(r.note.Text)})
	}
	if err := c.shell.db.SaveSettings(cs); err != nil {
		var lines []string
		for f, m := range store.FieldMessages(err) {
			lines = append(lines, (store.FieldError{Field: f, Message: m}).Error())
		}
		sort.Strings(lines)
		if len(lines) == 0 {
			return err
		}
		return fmt.Errorf("Not saved. %s", strings.Join(lines, "\n"))
	}
	if c.shell.patients != nil && c.shell.patients.selected != "" {
		c.shell.patients.chart.loadSessions() // the dilator stage follows the new set
	}
	return nil
}
