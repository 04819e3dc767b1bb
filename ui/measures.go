package ui

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/store"
	"github.com/pelvicnotes/pelvicnotes/ui/widgets"
)

// measuresView is a patient's outcome measures: a trend per instrument with
// its bands or cut-off drawn, the results newest first, and entry of a new one.
type measuresView struct {
	shell   *Shell
	patient store.Patient

	choose  *widget.Select
	alerts  *fyne.Container
	results *fyne.Container
	trends  *fyne.Container
	content fyne.CanvasObject
}

func newMeasuresView(sh *Shell) *measuresView {
	v := &measuresView{shell: sh, alerts: container.NewVBox(), results: container.NewVBox(), trends: container.NewVBox()}
	var names []string
	for _, in := range store.Instruments() {
		names = append(names, in.Name)
	}
	v.choose = widget.NewSelect(names, nil)
	v.choose.PlaceHolder = "Choose a measure to enter"
	enter := widget.NewButton("Enter…", func() {
		for _, in := range store.Instruments() {
			if in.Name == v.choose.Selected {
				v.enter(in)
			}
		}
	})
	enter.Importance = widget.HighImportance
	left := container.NewBorder(
		container.NewVBox(heading("Outcome measures"), container.NewBorder(nil, nil, nil, enter, v.choose), v.alerts),
		nil, nil, nil, container.NewVScroll(v.results))
	split := container.NewHSplit(container.NewPadded(left), container.NewVScroll(container.NewPadded(v.trends)))
	split.Offset = 0.4
	v.content = split
	return v
}

// Load shows a patient's measures.
func (v *measuresView) Load(p store.Patient) {
	v.patient = p
	ms, err := v.shell.db.Measures(p.ID)
	v.results.RemoveAll()
	v.trends.RemoveAll()
	v.alerts.RemoveAll()
	if err != nil {
		v.results.Add(widget.NewLabel("The measures could not be read: " + err.Error()))
		return
	}
	if len(ms) == 0 {
		v.results.Add(widget.NewLabel("No measures yet."))
	}
	byInstrument := map[string][]store.MeasureResponse{}
	for i := len(ms) - 1; i >= 0; i-- {
		m := ms[i]
		byInstrument[m.Instrument] = append(byInstrument[m.Instrument], m)
		in, _ := store.InstrumentByID(m.Instrument)
		r, err := store.Score(m)
		line := fmt.Sprintf("%s · %s · %s", m.Taken.Display(), in.Name, resultSummary(r, err))
		l := widget.NewLabel(line)
		l.Wrapping = fyne.TextWrapWord
		v.results.Add(l)
		for _, a := range m.Alerts {
			w := widget.NewLabel(fmt.Sprintf("⚠ %s: %s Recorded by %s.", m.Taken.Display(), a.Text, v.shell.db.PractitionerName(a.By)))
			w.Importance = widget.DangerImportance
			w.Wrapping = fyne.TextWrapWord
			v.alerts.Add(w)
		}
	}
	for _, in := range store.Instruments() {
		list := byInstrument[in.ID]
		if len(list) == 0 {
			continue
		}
		v.trends.Add(v.trendFor(in, list))
	}
}

// resultSummary is one result in words: score, band and flags.
func resultSummary(r store.Result, err error) string {
	if err != nil {
		return "cannot be scored: " + err.Error()
	}
	if !r.Scored {
		return "not scored: " + r.Missing
	}
	s := fmt.Sprintf("%s of %s", formatScore(r.Total), formatScore(r.Max))
	if r.Band != "" {
		s += " (" + r.Band + ")"
	}
	if len(r.Flags) > 0 {
		s += "; " + strings.Join(r.Flags, "; ")
	}
	if r.Missing != "" {
		s += "; " + r.Missing
	}
	if len(r.Domains) > 1 {
		var parts []string
		for _, d := range r.Domains {
			if d.Scored {
				parts = append(parts, fmt.Sprintf("%s %s", d.Name, formatScore(math.Round(d.Score*10)/10)))
			} else {
				parts = append(parts, d.Name+" not scored")
			}
		}
		s += "\n" + strings.Join(parts, " · ")
		if r.Instrument == store.InstrumentFSFI {
			s += " (a higher pain-domain score means less pain)"
		}
	}
	return s
}

func formatScore(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// thresholdsFor are the bands or cut-offs a trend draws, from the store so
// that the screen and the letter draw the same lines.
func thresholdsFor(id string) []widgets.Threshold {
	var out []widgets.Threshold
	for _, t := range store.Thresholds(id) {
		out = append(out, widgets.Threshold{Value: t.At, Label: t.Label, Below: t.Below})
	}
	return out
}

var trendColour = color.NRGBA{R: 0x1d, G: 0x6f, B: 0x6b, A: 0xff}

// trendFor draws one instrument's scores over time, oldest first.
func (v *measuresView) trendFor(in store.Instrument, newestFirst []store.MeasureResponse) fyne.CanvasObject {
	series := widgets.TrendSeries{Name: in.Name, Min: in.TotalMin, Max: in.TotalMax, Colour: trendColour, Labels: true, Thresholds: thresholdsFor(in.ID)}
	var scored []store.Result
	for i := len(newestFirst) - 1; i >= 0; i-- {
		m := newestFirst[i]
		if r, err := store.Score(m); err == nil && r.Scored {
			series.Points = append(series.Points, widgets.TrendPoint{At: m.Taken.Time(), Value: r.Total})
			scored = append(scored, r)
		}
	}
	sort.SliceStable(series.Points, func(i, j int) bool { return series.Points[i].At.Before(series.Points[j].At) })
	chart := widgets.NewTrendChart()
	chart.SetSeries(series)
	note := ""
	if len(scored) > 0 {
		if scored[0].HigherIsBetter {
			note = "Higher is better"
		} else {
			note = "Higher is worse"
		}
		if in.ID == store.InstrumentFSFI {
			note += " (also for the pain domain: a higher pain score means less pain)"
		}
	}
	if in.ID == store.InstrumentNRS && len(series.Points) >= 2 {
		first, last := series.Points[0].Value, series.Points[len(series.Points)-1].Value
		if _, what := store.ClinicallyImportantChange(first, last); what != "" {
			note += ". " + capitalise(what)
		}
	}
	caption := widget.NewLabel(note + ".")
	caption.Wrapping = fyne.TextWrapWord
	return container.NewVBox(container.New(heightLayout{150}, chart), caption)
}

// enter opens the entry form for one instrument.
func (v *measuresView) enter(in store.Instrument) {
	e := newMeasureEntry(v.shell, v.patient, in, func(saved store.MeasureResponse) {
		v.Load(v.patient)
		if ps := v.shell.patients; ps != nil && ps.chart.patient.ID == v.patient.ID {
			ps.chart.loadSessions() // the chart shows the alert too
		}
		for _, a := range saved.Alerts {
			showMeasureAlert(v.shell, a)
		}
	})
	e.show()
}

// showMeasureAlert is the alert that cannot be missed: a modal with the
// clinic's crisis resources, closed only by saying what happens now.
func showMeasureAlert(sh *Shell, a store.AcknowledgedWarning) {
	text := widget.NewLabel(a.Text + "\n\n" + sh.db.Settings().CrisisText)
	text.Wrapping = fyne.TextWrapWord
	title := widget.NewLabelWithStyle("Suicide risk: act now", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Importance = widget.DangerImportance
	var d *dialog.CustomDialog
	ok := widget.NewButton("I am assessing the risk now", func() { d.Hide() })
	ok.Importance = widget.DangerImportance
	d = dialog.NewCustomWithoutButtons("Alert", container.NewVBox(title, text), sh.win)
	d.SetButtons([]fyne.CanvasObject{ok})
	d.Resize(fyne.NewSize(620, 380))
	d.Show()
}

// measureEntry is the keyboard-fast entry of one instrument: one row per
// item, a digit per answer (the cursor moves on by itself), the running
// score and what the missing-answer rule does, live.
type measureEntry struct {
	shell   *Shell
	patient store.Patient
	in      store.Instrument
	onSaved func(store.MeasureResponse)

	taken     *widget.Entry
	items     []*widget.Entry
	total     *widget.Entry
	subscales map[string]*widget.Entry
	running   *widget.Label
	alert     *widget.Label
	problem   *widget.Label
	dialog    *dialog.CustomDialog
	content   fyne.CanvasObject
}

func newMeasureEntry(sh *Shell, p store.Patient, in store.Instrument, onSaved func(store.MeasureResponse)) *measureEntry {
	e := &measureEntry{shell: sh, patient: p, in: in, onSaved: onSaved, subscales: map[string]*widget.Entry{}}
	e.taken = entryWith(sh.db.Today().Numeric())
	e.running = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	e.running.Wrapping = fyne.TextWrapWord
	e.alert = widget.NewLabel("")
	e.alert.Importance = widget.DangerImportance
	e.alert.Wrapping = fyne.TextWrapWord
	e.alert.Hide()
	e.problem = widget.NewLabel("")
	e.problem.Importance = widget.DangerImportance
	e.problem.Wrapping = fyne.TextWrapWord
	e.problem.Hide()

	grid := container.New(layout.NewFormLayout())
	grid.Add(widget.NewLabelWithStyle("Date taken", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}))
	grid.Add(fixedWidth(140, e.taken))
	if in.TotalsOnly {
		e.total = widget.NewEntry()
		e.total.OnChanged = func(string) { e.update() }
		grid.Add(widget.NewLabelWithStyle("Total", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}))
		grid.Add(container.NewHBox(fixedWidth(80, e.total), widget.NewLabel(fmt.Sprintf("%s to %s, from the licensed form", formatScore(in.TotalMin), formatScore(in.TotalMax)))))
		for _, sc := range in.Subscales {
			en := widget.NewEntry()
			en.OnChanged = func(string) { e.update() }
			e.subscales[sc.Key] = en
			grid.Add(widget.NewLabelWithStyle(sc.Name, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}))
			grid.Add(container.NewHBox(fixedWidth(80, en), widget.NewLabel(fmt.Sprintf("%s to %s", formatScore(sc.Min), formatScore(sc.Max)))))
		}
	} else {
		rows := container.New(layout.NewFormLayout())
		for n := 1; n <= in.Items; n++ {
			en := widget.NewEntry()
			lo, hi := in.ItemRange(n)
			en.SetPlaceHolder(fmt.Sprintf("%d–%d", lo, hi))
			i := n - 1
			en.OnChanged = func(s string) { e.onItemTyped(i, s) }
			e.items = append(e.items, en)
			label := widget.NewLabel(in.ItemLabel(n))
			label.Wrapping = fyne.TextWrapWord
			rows.Add(fixedWidth(70, en))
			rows.Add(label)
		}
		if in.ID == store.InstrumentPHQ9 || in.ID == store.InstrumentGAD7 {
			stem := store.PHQ9Stem
			if in.ID == store.InstrumentGAD7 {
				stem = store.GAD7Stem
			}
			answers := make([]string, len(store.FrequencyAnswers))
			for i, a := range store.FrequencyAnswers {
				answers[i] = fmt.Sprintf("%d %s", i, a)
			}
			grid.Add(layout.NewSpacer())
			grid.Add(widget.NewLabelWithStyle(stem+"\n"+strings.Join(answers, " · "), fyne.TextAlignLeading, fyne.TextStyle{Italic: true}))
		}
		grid.Add(widget.NewLabelWithStyle("Answers", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}))
		grid.Add(rows)
	}
	intro := "Type each answer as a digit; the cursor moves to the next item. Leave an item empty if it was not answered: it is never counted as 0."
	if in.Note != "" {
		intro += " " + in.Note + "."
	}
	if in.ID == store.InstrumentPHQ9 || in.ID == store.InstrumentGAD7 {
		intro += " " + store.PHQAttribution
	}
	l := widget.NewLabel(intro)
	l.Wrapping = fyne.TextWrapWord
	// The score and any alert sit above the items, where they cannot be missed.
	e.content = container.NewVBox(l, e.running, e.alert, e.problem, grid)
	e.update()
	return e
}

func (e *measureEntry) show() {
	save := widget.NewButton("Save "+e.in.Name, e.save)
	save.Importance = widget.HighImportance
	cancel := widget.NewButton("Cancel", func() { e.dialog.Hide() })
	e.dialog = dialog.NewCustomWithoutButtons(e.in.Name+" for "+e.patient.Name, container.NewVScroll(e.content), e.shell.win)
	e.dialog.SetButtons([]fyne.CanvasObject{cancel, save})
	e.dialog.Resize(fyne.NewSize(900, 620))
	e.dialog.Show()
	if len(e.items) > 0 {
		e.shell.win.Canvas().Focus(e.items[0])
	} else if e.total != nil {
		e.shell.win.Canvas().Focus(e.total)
	}
}

// onItemTyped moves to the next item once an answer is typed.
func (e *measureEntry) onItemTyped(i int, s string) {
	e.update()
	if len(strings.TrimSpace(s)) == 1 && i+1 < len(e.items) {
		if c := e.shell.win.Canvas(); c != nil {
			c.Focus(e.items[i+1])
		}
	}
}

// response is the measure as typed; problems name the item.
func (e *measureEntry) response() (store.MeasureResponse, error) {
	m := store.MeasureResponse{PatientID: e.patient.ID, Instrument: e.in.ID}
	d, err := store.ParseDate(e.taken.Text)
	if err != nil {
		return m, fmt.Errorf("Date taken: %v", err)
	}
	m.Taken = d
	for n, en := range e.items {
		s := strings.TrimSpace(en.Text)
		if s == "" {
			m.Items = append(m.Items, nil)
			continue
		}
		v, err := strconv.Atoi(s)
		if err != nil {
			return m, fmt.Errorf("item %d: %q is not a whole number", n+1, s)
		}
		m.Items = append(m.Items, &v)
	}
	if e.total != nil && strings.TrimSpace(e.total.Text) != "" {
		v, err := parseNumber("Total", e.total.Text)
		if err != nil {
			return m, err
		}
		m.Total = &v
	}
	for key, en := range e.subscales {
		if strings.TrimSpace(en.Text) == "" {
			continue
		}
		v, err := parseNumber(key, en.Text)
		if err != nil {
			return m, err
		}
		if m.Subscales == nil {
			m.Subscales = map[string]float64{}
		}
		m.Subscales[key] = v
	}
	return m, nil
}

// update shows the running score and raises the alert as soon as it applies.
func (e *measureEntry) update() {
	e.showAlert()
	m, err := e.response()
	if err != nil {
		e.running.SetText(capitalise(err.Error()) + ".")
		return
	}
	r, err := store.Score(m)
	e.running.SetText("Score so far: " + resultSummary(r, err))
}

// showAlert raises the item 9 alert from that answer alone, whatever else
// is still being typed.
func (e *measureEntry) showAlert() {
	if e.in.ID != store.InstrumentPHQ9 || len(e.items) < 9 {
		return
	}
	m := store.MeasureResponse{Instrument: e.in.ID, Items: make([]*int, 9)}
	if v, err := strconv.Atoi(strings.TrimSpace(e.items[8].Text)); err == nil {
		m.Items[8] = &v
	}
	if ws := store.MeasureWarnings(m); len(ws) > 0 {
		e.alert.SetText("⚠ " + ws[0].Text)
		e.alert.Show()
	} else {
		e.alert.Hide()
	}
}

func (e *measureEntry) save() {
	m, err := e.response()
	if err == nil {
		_, err = store.Score(m)
	}
	if err == nil {
		var saved store.MeasureResponse
		if saved, err = e.shell.db.SaveMeasure(m); err == nil {
			if e.dialog != nil {
				e.dialog.Hide()
			}
			if e.onSaved != nil {
				e.onSaved(saved)
			}
			return
		}
	}
	msg := err.Error()
	if fm := store.FieldMessages(err); fm != nil {
		var lines []string
		for f, m := range fm {
			lines = append(lines, (store.FieldError{Field: f, Message: m}).Error())
		}
		sort.Strings(lines)
		msg = strings.Join(lines, "\n")
	}
	e.problem.SetText("Not saved. " + capitalise(msg))
	e.problem.Show()
}

// enterMeasure takes an outcome measure during the session, from the same
// keyboard-fast form as the chart's measures tab.
func (e *sessionEditor) enterMeasure() {
	var names []string
	for _, in := range store.Instruments() {
		names = append(names, in.Name)
	}
	choose := widget.NewSelect(names, nil)
	choose.PlaceHolder = "Choose a measure"
	var d dialog.Dialog
	choose.OnChanged = func(name string) {
		d.Hide()
		for _, in := range store.Instruments() {
			if in.Name == name {
				m := newMeasureEntry(e.sh, e.patient, in, func(saved store.MeasureResponse) {
					for _, a := range saved.Alerts {
						showMeasureAlert(e.sh, a)
					}
				})
				m.show()
			}
		}
	}
	d = dialog.NewCustom("Take an outcome measure", "Cancel", choose, e.sh.win)
	d.Resize(fyne.NewSize(420, 180))
	d.Show()
}
