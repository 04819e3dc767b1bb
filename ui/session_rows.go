package ui

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/store"
)

// --- trigger points ---

// Words for the trigger-point fields.
var (
	layerLabels = map[string]string{store.LayerSuperficial: "Superficial", store.LayerDeep: "Deep"}
	sideLabels  = map[string]string{store.SideLeft: "Patient's left", store.SideRight: "Patient's right", store.SideMidline: "Midline"}
)

const muscleNotSpecified = "Muscle not specified"

func hourLabel(h int) string { return fmt.Sprintf("%d o'clock", h) }

func hourLabels() []string {
	out := make([]string, 12)
	for i := range out {
		out[i] = hourLabel(i + 1)
	}
	return out
}

// defaultSide is the patient's side at an hour of the internal clock. The
// clock is read as the examiner sees it with the patient in lithotomy
// (DOMAIN §3: pubic symphysis at 12, anus at 6; reports/figure draws 3
// o'clock on the examiner's right). The patient's left is on the examiner's
// right, so 1–5 o'clock are the patient's left, 7–11 the patient's right,
// and 12 and 6 lie on the midline. It is only a default: the side stays
// editable.
func defaultSide(hour int) string {
	switch {
	case hour >= 1 && hour <= 5:
		return store.SideLeft
	case hour >= 7 && hour <= 11:
		return store.SideRight
	case hour == 6 || hour == 12:
		return store.SideMidline
	}
	return ""
}

// pointRow is one trigger point in the list beside the clock map. The
// muscle follows the clinic's clock table until the practitioner picks one,
// and the side follows the hour until the practitioner picks one.
type pointRow struct {
	e        *sessionEditor
	num      *widget.Label
	hour     *widget.Select
	layer    *widget.Select
	side     *widget.Select
	muscle   *widget.Select
	hint     *widget.Label
	nrs      *widget.Entry
	referral *widget.Check
	note     *widget.Entry
	del      *widget.Button
	msg      *widget.Label
	box      *fyne.Container

	followTable bool
	sideAuto    bool
}

// pointFlags is what a draft keeps of a row beyond its point.
type pointFlags struct {
	FollowTable bool `json:"follow_table,omitempty"`
	SideAuto    bool `json:"side_auto,omitempty"`
}

func (e *sessionEditor) buildTriggerPoints() fyne.CanvasObject {
	e.pointBox = container.NewVBox()
	e.addPointBtn = widget.NewButtonWithIcon("Add a point by keyboard", theme.ContentAddIcon(), e.AddPoint)
	e.clockMap = newClockFigure(e.onClockTap)
	msg := e.message("examination.trigger_points")
	e.clockHelp = hintLabel(clockHelp(false))
	e.clockHelp.Wrapping = fyne.TextWrapWord
	list := container.NewVBox(e.pointBox, container.NewHBox(e.addPointBtn), msg)
	head := boldLabel("Internal trigger points")
	return container.NewVBox(head, e.clockHelp, beside(container.NewVBox(e.clockMap), list))
}

// clockHelp is the line above the clock map, for its face.
func clockHelp(rectal bool) string {
	if rectal {
		return "Tap the map at the hour: inner ring superficial, outer ring deep. Rectal examination: pubic symphysis at 12, posterior at 6; 3 o'clock is the patient's left."
	}
	return "Tap the map at the hour: inner ring superficial, outer ring deep. Pubic symphysis at 12, anus at 6; 3 o'clock is the patient's left."
}

// setClockFace draws the clock for the examination's route: the rectal
// face for a man, or when consent was for a rectal and not a vaginal
// examination.
func (e *sessionEditor) setClockFace(s store.Session) {
	if e.clockMap == nil {
		return
	}
	rectal := store.RectalView(e.patient, s)
	if rectal != e.clockMap.Rectal() {
		e.clockMap.SetRectal(rectal)
		e.clockHelp.SetText(clockHelp(rectal))
	}
}

// onClockTap adds a point where the map was tapped, or picks the point
// already there.
func (e *sessionEditor) onClockTap(hour int, layer string) {
	if e.readOnly || hour < 1 || hour > 12 {
		return
	}
	side := defaultSide(hour)
	for i, r := range e.points {
		if r.hourValue() == hour && r.layerValue() == layer && r.sideValue() == side {
			e.selectPoint(i)
			e.focus(r.nrs)
			return
		}
	}
	r := e.addPointRow(store.TriggerPoint{Hour: hour, Layer: layer, Side: side}, pointFlags{FollowTable: true, SideAuto: true}, false)
	r.applyTable()
	e.selectPoint(len(e.points) - 1)
	e.changed()
	e.focus(r.nrs)
}

// AddPoint adds an empty row whose hour and layer are chosen by keyboard.
func (e *sessionEditor) AddPoint() {
	if e.readOnly {
		return
	}
	r := e.addPointRow(store.TriggerPoint{}, pointFlags{FollowTable: true, SideAuto: true}, false)
	e.selectPoint(len(e.points) - 1)
	e.changed()
	e.focus(r.hour)
}

func (e *sessionEditor) selectPoint(i int) {
	e.selectedPoint = i
	for j, r := range e.points {
		r.num.TextStyle.Bold = j == i
		r.num.Importance = widget.MediumImportance
		if j == i {
			r.num.Importance = widget.HighImportance
		}
		r.num.Refresh()
	}
	e.refreshFigures()
}

// setPoints replaces the rows with points.
func (e *sessionEditor) setPoints(points []store.TriggerPoint, flags []pointFlags) {
	e.points = nil
	e.pointBox.Objects = nil
	for i, p := range points {
		var f pointFlags
		if i < len(flags) {
			f = flags[i]
		}
		e.addPointRow(p, f, true)
	}
	e.selectedPoint = -1
	e.pointBox.Refresh()
}

// addPointRow adds a row for p; scored says p's pain score is known, so a
// new point starts with an empty score rather than 0.
func (e *sessionEditor) addPointRow(p store.TriggerPoint, f pointFlags, scored bool) *pointRow {
	r := &pointRow{e: e, followTable: f.FollowTable, sideAuto: f.SideAuto}
	r.num = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{})
	r.hour = widget.NewSelect(hourLabels(), func(string) { r.onPlaceChanged() })
	r.hour.PlaceHolder = "Hour"
	r.layer = widget.NewSelect(labelsOf(layerLabels, store.Layers...), func(string) { r.onPlaceChanged() })
	r.layer.PlaceHolder = "Layer"
	r.side = widget.NewSelect(labelsOf(sideLabels, store.SideLeft, store.SideRight, store.SideMidline), r.onSideChanged)
	r.side.PlaceHolder = "Side"
	r.muscle = widget.NewSelect(e.muscleOptions(p.Muscle), r.onMuscleChanged)
	r.hint = hintLabel("")
	r.nrs = e.entry("")
	r.referral = widget.NewCheck("Refers pain", func(bool) { e.changed() })
	r.note = e.entry("Note")
	r.del = iconButton("", theme.DeleteIcon(), func() { e.removePoint(r) })
	r.msg = newMessageLabel()

	was := e.loading
	e.loading = true
	if p.Hour >= 1 && p.Hour <= 12 {
		r.hour.SetSelected(hourLabel(p.Hour))
	}
	r.layer.SetSelected(layerLabels[p.Layer])
	r.side.SetSelected(sideLabels[p.Side])
	r.muscle.SetSelected(muscleNotSpecified)
	for _, o := range r.muscle.Options {
		if p.Muscle != "" && strings.EqualFold(o, p.Muscle) {
			r.muscle.SetSelected(o)
		}
	}
	if scored {
		r.nrs.SetText(fmt.Sprint(p.NRS))
	}
	r.referral.SetChecked(p.Referral)
	r.note.SetText(p.Note)
	e.loading = was

	line1 := container.NewHBox(fixedWidth(28, r.num),
		fixedWidth(112, r.hour), fixedWidth(124, r.layer), fixedWidth(150, r.side),
		boldLabel("Pain"), numberField(r.nrs, "/ 10"), r.referral, spacer(), r.del)
	line2 := beside(container.NewHBox(fixedWidth(28, widget.NewLabel("")), fixedWidth(282, r.muscle)), r.note)
	r.box = container.NewVBox(line1, line2, container.NewHBox(fixedWidth(28, widget.NewLabel("")), r.hint), r.msg)
	r.hint.Importance = widget.HighImportance
	r.hint.Hide()
	e.points = append(e.points, r)
	e.pointBox.Add(r.box)
	e.renumberPoints()
	e.stale = true
	return r
}

// muscleOptions lists the clinic's muscles, and keep if a note names one
// no longer in the list.
func (e *sessionEditor) muscleOptions(keep string) []string {
	out := []string{muscleNotSpecified}
	for _, m := range e.settings.Muscles {
		out = append(out, m.Name)
	}
	if keep != "" && !slices.ContainsFunc(out, func(o string) bool { return strings.EqualFold(o, keep) }) {
		out = append(out, keep)
	}
	return out
}

func (e *sessionEditor) removePoint(r *pointRow) {
	if e.readOnly {
		return
	}
	var i int
	if e.points, i = withoutRow(e.points, r); i < 0 {
		return
	}
	e.pointBox.Remove(r.box)
	e.stale = true
	switch {
	case e.selectedPoint == i:
		e.selectedPoint = -1
	case e.selectedPoint > i:
		e.selectedPoint--
	}
	e.renumberPoints()
	e.selectPoint(e.selectedPoint)
	e.changed()
	if i < len(e.points) {
		e.focus(e.points[i].nrs)
	} else {
		e.focus(e.addPointBtn)
	}
}

func (e *sessionEditor) renumberPoints() {
	for i, r := range e.points {
		r.num.SetText(fmt.Sprint(i + 1))
	}
}

func (r *pointRow) hourValue() int     { return r.hour.SelectedIndex() + 1 }
func (r *pointRow) layerValue() string { return valueOf(layerLabels, r.layer.Selected) }
func (r *pointRow) sideValue() string  { return valueOf(sideLabels, r.side.Selected) }

func (r *pointRow) muscleValue() string {
	if r.muscle.Selected == muscleNotSpecified {
		return ""
	}
	return r.muscle.Selected
}

// onPlaceChanged moves the point: the side and the suggested muscle follow
// the new place unless the practitioner chose them.
func (r *pointRow) onPlaceChanged() {
	if r.e.loading {
		return
	}
	r.applyTable()
	r.e.changed()
}

// applyTable sets the side from the hour and the muscle from the clinic's
// clock table, for whichever of them the practitioner has not chosen.
func (r *pointRow) applyTable() {
	e := r.e
	was := e.loading
	e.loading = true
	defer func() { e.loading = was }()
	h, layer := r.hourValue(), r.layerValue()
	if r.sideAuto && h >= 1 {
		r.side.SetSelected(sideLabels[defaultSide(h)])
	}
	if r.followTable && h >= 1 && layer != "" {
		r.muscle.SetSelected(muscleNotSpecified)
		if ms := e.settings.MusclesAt(h, layer); len(ms) > 0 {
			r.muscle.SetSelected(ms[0].Name)
		}
	}
}

func (r *pointRow) onSideChanged(string) {
	if r.e.loading {
		return
	}
	r.sideAuto = false
	r.e.changed()
}

func (r *pointRow) onMuscleChanged(string) {
	if r.e.loading {
		return
	}
	r.followTable = false
	r.e.changed()
}

// refreshPointHints says where each muscle came from: never silently inferred.
func (e *sessionEditor) refreshPointHints() {
	for _, r := range e.points {
		text := e.pointHint(r)
		if text == r.hint.Text && r.hint.Visible() == (text != "") {
			continue
		}
		e.stale = true
		r.hint.SetText(text)
		if text == "" {
			r.hint.Hide()
		} else {
			r.hint.Show()
		}
	}
}

func (e *sessionEditor) pointHint(r *pointRow) string {
	h, layer := r.hourValue(), r.layerValue()
	if !r.followTable || h < 1 || layer == "" {
		return ""
	}
	ms := e.settings.MusclesAt(h, layer)
	switch len(ms) {
	case 0:
		return "No muscle in the clinic's clock table here: choose one, or leave it unspecified."
	case 1:
		return "Muscle suggested from the clock table: check it, and change it if you felt another."
	}
	var also []string
	for _, m := range ms[1:] {
		also = append(also, m.Name)
	}
	return "Muscle suggested from the clock table (also possible here: " + strings.Join(also, ", ") + "): check it."
}

// read is the row's point; an empty pain score is reported, never taken as 0.
func (r *pointRow) read(fr formReader, i int) store.TriggerPoint {
	tp := store.TriggerPoint{
		Layer: r.layerValue(), Side: r.sideValue(), Muscle: r.muscleValue(),
		Referral: r.referral.Checked, Note: r.note.Text,
	}
	if r.hour.SelectedIndex() >= 0 {
		tp.Hour = r.hourValue()
	}
	p := fmt.Sprintf("examination.trigger_points[%d]", i)
	if tp.Hour == 0 {
		fr.bad(p+".hour", "choose the clock position")
	}
	if tp.Layer == "" {
		fr.bad(p+".layer", "choose superficial or deep")
	}
	tp.NRS = fr.reqInt(p+".nrs", r.nrs.Text, msgScoreRequired)
	return tp
}

// --- swab test ---

func (e *sessionEditor) buildSwab() fyne.CanvasObject {
	e.swab = map[int]*widget.Entry{}
	e.swabBox = container.NewVBox()
	e.swabMsg = newMessageLabel()
	e.swabClock = newSwabFigure(e.onSwabTap)
	help := hintLabel("Urethral meatus at 12, posterior fourchette at 6. Leave a site empty if it was not touched.")
	help.Wrapping = fyne.TextWrapWord
	return container.NewVBox(boldLabel("Cotton-swab test"),
		beside(e.swabClock, container.NewVBox(e.swabBox, e.swabMsg, help)))
}

// setSwab shows the clinic's swab sites, plus any site the note has that
// the clinic no longer uses, with the note's scores.
func (e *sessionEditor) setSwab(sites []store.SwabSite) {
	e.swabSites = slices.Clone(e.settings.SwabSites)
	for _, s := range sites {
		if !slices.Contains(e.swabSites, s.Hour) {
			e.swabSites = append(e.swabSites, s.Hour)
		}
	}
	e.swab = map[int]*widget.Entry{}
	e.swabBox.Objects = nil
	for _, h := range e.swabSites {
		en := e.entry("")
		e.swab[h] = en
		e.swabBox.Add(container.NewHBox(fixedWidth(84, widget.NewLabelWithStyle(hourLabel(h), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})),
			numberField(en, "/ 10")))
	}
	for _, s := range sites {
		e.swab[s.Hour].SetText(fmt.Sprint(s.NRS))
	}
	e.swabBox.Refresh()
	e.stale = true
}

func (e *sessionEditor) readSwab(r formReader) []store.SwabSite {
	var out []store.SwabSite
	e.swabOrder = nil
	for _, h := range e.swabSites {
		text := strings.TrimSpace(e.swab[h].Text)
		if text == "" {
			continue
		}
		n := r.optInt(fmt.Sprintf("examination.swab[%d].nrs", len(out)), text, msgScoreOptional)
		site := store.SwabSite{Hour: h}
		if n != nil {
			site.NRS = *n
		}
		out = append(out, site)
		e.swabOrder = append(e.swabOrder, h)
	}
	return out
}

// onSwabTap puts the cursor in the tapped site's score.
func (e *sessionEditor) onSwabTap(hour int) {
	if e.readOnly {
		return
	}
	if en, ok := e.swab[hour]; ok {
		e.swabSelect = hour
		e.refreshFigures()
		e.focus(en)
	}
}

// --- body chart ---

var bodySideLabels = map[string]string{store.SideLeft: "Left", store.SideRight: "Right", store.SideBoth: "Both", store.SideMidline: "Midline"}

// bodyRow is one tender site of the external body chart.
type bodyRow struct {
	site string
	name *widget.Label
	side *widget.Select
	nrs  *widget.Entry
	del  *widget.Button
	msg  *widget.Label
	box  *fyne.Container
}

func (e *sessionEditor) buildBodyChart() fyne.CanvasObject {
	e.bodyBox = container.NewVBox()
	e.bodyAdd = widget.NewSelect(e.settings.BodyChartSites, e.onBodySiteChosen)
	e.bodyAdd.PlaceHolder = "Add a tender site…"
	e.bodyChart = newBodyFigure(e.settings.BodyChartSites, e.onBodyTap)
	msg := e.message("examination.body_chart")
	return container.NewVBox(boldLabel("External body chart"),
		beside(e.bodyChart,
			container.NewVBox(e.bodyBox, container.NewHBox(fixedWidth(260, e.bodyAdd)), msg)))
}

func (e *sessionEditor) onBodySiteChosen(site string) {
	if e.loading || site == "" {
		return
	}
	e.loading = true
	e.bodyAdd.ClearSelected()
	e.loading = false
	e.onBodyTap(site, "")
}

// onBodyTap adds a row for a site, or puts the cursor in its row. A tap on
// one side's marker of a paired site (side "left" or "right") goes to that
// side's row, or to the site's row with no side yet (which then takes the
// side), and otherwise adds a row for that side, so the left and right
// adductors can carry different scores.
func (e *sessionEditor) onBodyTap(site, side string) {
	if e.readOnly {
		return
	}
	for _, r := range e.bodyRows {
		if !strings.EqualFold(r.site, site) {
			continue
		}
		switch rs := r.sideValue(); {
		case side == "" || rs == side || rs == store.SideBoth || rs == store.SideMidline:
		case rs == "":
			r.side.SetSelected(bodySideLabels[side])
		default:
			continue // the other side's row
		}
		e.focus(r.nrs)
		return
	}
	r := e.addBodyRow(store.BodySite{Site: site, Side: side}, false)
	e.changed()
	e.focus(r.nrs)
}

func (e *sessionEditor) setBodySites(sites []store.BodySite) {
	e.bodyRows = nil
	e.bodyBox.Objects = nil
	for _, s := range sites {
		e.addBodyRow(s, true)
	}
	e.bodyBox.Refresh()
}

func (e *sessionEditor) addBodyRow(s store.BodySite, scored bool) *bodyRow {
	r := &bodyRow{site: s.Site}
	r.name = widget.NewLabelWithStyle(s.Site, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	r.name.Truncation = fyne.TextTruncateEllipsis
	r.side = widget.NewSelect(labelsOf(bodySideLabels, store.SideLeft, store.SideRight, store.SideBoth, store.SideMidline),
		func(string) { e.changed() })
	r.side.PlaceHolder = "Side"
	r.nrs = e.entry("")
	r.del = iconButton("", theme.DeleteIcon(), func() { e.removeBodyRow(r) })
	r.msg = newMessageLabel()
	was := e.loading
	e.loading = true
	r.side.SetSelected(bodySideLabels[s.Side])
	if scored {
		r.nrs.SetText(fmt.Sprint(s.NRS))
	}
	e.loading = was
	r.box = container.NewVBox(
		container.NewHBox(fixedWidth(170, r.name), fixedWidth(110, r.side), boldLabel("Pain"), numberField(r.nrs, "/ 10"), r.del),
		r.msg)
	e.bodyRows = append(e.bodyRows, r)
	e.bodyBox.Add(r.box)
	e.stale = true
	return r
}

func (e *sessionEditor) removeBodyRow(r *bodyRow) {
	if e.readOnly {
		return
	}
	var i int
	if e.bodyRows, i = withoutRow(e.bodyRows, r); i < 0 {
		return
	}
	e.bodyBox.Remove(r.box)
	e.stale = true
	e.changed()
	e.focus(e.bodyAdd)
}

// sideValue is the row's side in the store's words, "" when not chosen.
func (r *bodyRow) sideValue() string { return valueOf(bodySideLabels, r.side.Selected) }

func (r *bodyRow) read(fr formReader, i int) store.BodySite {
	return store.BodySite{
		Site: r.site, Side: valueOf(bodySideLabels, r.side.Selected),
		NRS: fr.reqInt(fmt.Sprintf("examination.body_chart[%d].nrs", i), r.nrs.Text, msgScoreRequired),
	}
}

// --- treatment given ---

// treatRow is one technique given, with its minutes, pain and settings.
type treatRow struct {
	id      string
	tech    store.Technique
	minutes *widget.Entry
	pain    *widget.Entry
	params  map[string]*widget.Entry
	extra   map[string]string // settings a loaded note has that the catalogue no longer lists
	note    *widget.Entry
	remove  *widget.Button
	msg     *widget.Label
	box     *fyne.Container
}

func (e *sessionEditor) onTreatmentChosen(name string) {
	if e.loading || name == "" || e.readOnly {
		return
	}
	e.loading = true
	e.treatAdd.ClearSelected()
	e.loading = false
	for _, t := range store.Techniques() {
		if t.Name == name {
			r := e.addTreatRow(store.TreatmentItem{TechniqueID: t.ID})
			e.changed()
			e.focus(r.minutes)
			return
		}
	}
}

func (e *sessionEditor) setTreatment(items []store.TreatmentItem) {
	e.treatRows = nil
	e.treatBox.Objects = nil
	for _, it := range items {
		e.addTreatRow(it)
	}
	e.treatBox.Refresh()
}

func (e *sessionEditor) addTreatRow(it store.TreatmentItem) *treatRow {
	tech, known := store.TechniqueByID(it.TechniqueID)
	if !known {
		tech = store.Technique{ID: it.TechniqueID, Name: it.TechniqueID}
	}
	r := &treatRow{id: it.TechniqueID, tech: tech, params: map[string]*widget.Entry{}, extra: map[string]string{}}
	r.minutes = e.entry("")
	r.pain = e.entry("")
	r.note = e.entry("Note: response, position, what the patient was taught")
	r.remove = widget.NewButtonWithIcon("Remove", theme.DeleteIcon(), func() { e.removeTreatRow(r) })
	r.remove.Importance = widget.LowImportance
	r.msg = newMessageLabel()

	name := widget.NewLabelWithStyle(tech.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Truncation = fyne.TextTruncateEllipsis
	line1 := container.NewHBox(fixedWidth(270, name),
		widget.NewLabel("Minutes"), numberField(r.minutes, ""),
		widget.NewLabel("   Pain during"), numberField(r.pain, "/ 10"), spacer(), r.remove)
	lines := []fyne.CanvasObject{line1}
	if len(tech.Params) > 0 {
		settings := container.NewHBox(fixedWidth(270, hintLabel("Settings")))
		for _, p := range tech.Params {
			en := e.entry("")
			r.params[p.Key] = en
			label := p.Label
			if p.Required {
				label += " *"
			}
			settings.Add(widget.NewLabel(label))
			settings.Add(numberField(en, p.Unit))
		}
		lines = append(lines, settings)
	}
	lines = append(lines, container.NewBorder(nil, nil, fixedWidth(270, widget.NewLabel("")), nil, r.note), r.msg)
	r.box = container.NewVBox(lines...)

	was := e.loading
	e.loading = true
	r.minutes.SetText(minutesText(it.Minutes))
	r.pain.SetText(intText(it.Pain))
	for k, v := range it.Params {
		if en, ok := r.params[k]; ok {
			en.SetText(v)
		} else {
			r.extra[k] = v
		}
	}
	r.note.SetText(it.Note)
	e.loading = was

	e.treatRows = append(e.treatRows, r)
	e.treatBox.Add(r.box)
	e.stale = true
	return r
}

func (e *sessionEditor) removeTreatRow(r *treatRow) {
	if e.readOnly {
		return
	}
	var i int
	if e.treatRows, i = withoutRow(e.treatRows, r); i < 0 {
		return
	}
	e.treatBox.Remove(r.box)
	e.stale = true
	e.changed()
	e.focus(e.treatAdd)
}

func (r *treatRow) read(fr formReader, i int) store.TreatmentItem {
	p := fmt.Sprintf("treatment[%d]", i)
	it := store.TreatmentItem{TechniqueID: r.id, Note: r.note.Text}
	if m := fr.optInt(p+".minutes", r.minutes.Text, msgWholeMinutes); m != nil {
		it.Minutes = *m
	}
	it.Pain = fr.optInt(p+".pain", r.pain.Text, msgScoreOptional)
	for k, v := range r.extra {
		if it.Params == nil {
			it.Params = map[string]string{}
		}
		it.Params[k] = v
	}
	for _, spec := range r.tech.Params {
		if v := r.params[spec.Key].Text; strings.TrimSpace(v) != "" {
			if it.Params == nil {
				it.Params = map[string]string{}
			}
			it.Params[spec.Key] = v
		}
	}
	return it
}
