package ui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"

	"github.com/pelvicnotes/pelvicnotes/store"
	"github.com/pelvicnotes/pelvicnotes/ui/widgets"
)

// The figures beside the lists: the pelvic clock map, the swab clock and
// the body chart. Each list edits the same points by keyboard.

type (
	clockFigure = *widgets.ClockMap
	swabFigure  = *widgets.SwabClock
	bodyFigure  = *widgets.BodyChart
)

func newClockFigure(onTap func(hour int, layer string)) clockFigure {
	return widgets.NewClockMap(onTap)
}
func newSwabFigure(onTap func(hour int)) swabFigure { return widgets.NewSwabClock(onTap) }
func newBodyFigure(sites []string, onTap func(site, side string)) bodyFigure {
	return widgets.NewBodyChart(sites, onTap)
}

// figureState is what the figures show, so they are redrawn only when it changes.
type figureState struct {
	points []widgets.ClockPoint
	swab   string
	marks  []widgets.BodyMark
}

// refreshFigures draws the lists' points and scores on the figures. A
// point whose pain is not scored yet is drawn hollow.
func (e *sessionEditor) refreshFigures() {
	if pts := e.clockPoints(); e.clockMap != nil && !slices.Equal(pts, e.drawn.points) {
		e.drawn.points = pts
		e.clockMap.SetPoints(pts)
	}
	if e.swabClock != nil {
		var sites []widgets.SwabSiteValue
		for _, h := range e.swabSites {
			v := widgets.SwabSiteValue{Hour: h}
			if n := scoreOrHollow(e.swab[h].Text); n >= 0 {
				v.NRS = &n
			}
			sites = append(sites, v)
		}
		sel := e.swabSelect
		if sel < 0 {
			sel = 0
		}
		key := fmt.Sprint(sel)
		for _, s := range sites {
			key += fmt.Sprintf("|%d:%d", s.Hour, scoreOrHollow(e.swab[s.Hour].Text))
		}
		if key != e.drawn.swab {
			e.drawn.swab = key
			e.swabClock.SetSites(sites, sel)
		}
	}
	if marks := e.bodyMarks(); e.bodyChart != nil && !slices.Equal(marks, e.drawn.marks) {
		e.drawn.marks = marks
		e.bodyChart.SetMarks(marks)
	}
}

// bodyMarks are the body-chart rows as the chart draws them, each on its
// side. A site is marked once it has a score.
func (e *sessionEditor) bodyMarks() []widgets.BodyMark {
	var marks []widgets.BodyMark
	for _, r := range e.bodyRows {
		if n := scoreOrHollow(r.nrs.Text); n >= 0 {
			marks = append(marks, widgets.BodyMark{Site: r.site, Side: r.sideValue(), NRS: n})
		}
	}
	return marks
}

// clockPoints are the list's points as the map draws them, numbered as in the list.
func (e *sessionEditor) clockPoints() []widgets.ClockPoint {
	var pts []widgets.ClockPoint
	for i, r := range e.points {
		h, layer := r.hourValue(), r.layerValue()
		if h < 1 || layer == "" {
			continue
		}
		pts = append(pts, widgets.ClockPoint{Hour: h, Layer: layer, NRS: scoreOrHollow(r.nrs.Text),
			Number: i + 1, Selected: i == e.selectedPoint})
	}
	return pts
}

// scoreOrHollow reads a typed pain score for drawing: -1 when it is not one.
func scoreOrHollow(text string) int {
	n, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil || n < 0 || n > 10 {
		return -1
	}
	return n
}

// readOnlyClock shows a signed note's trigger points on the clock map of
// its examination's route.
func readOnlyClock(points []store.TriggerPoint, rectal bool) fyne.CanvasObject {
	m := widgets.NewClockMap(nil)
	m.SetRectal(rectal)
	var pts []widgets.ClockPoint
	for i, p := range points {
		pts = append(pts, widgets.ClockPoint{Hour: p.Hour, Layer: p.Layer, NRS: p.NRS, Number: i + 1})
	}
	m.SetPoints(pts)
	return m
}
