package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/store"
)

// The figures beside the lists: the pelvic clock map, the swab clock and the
// body chart. Until ui/widgets provides them they are stand-ins, and the
// lists do all the work by keyboard.

type (
	clockFigure = fyne.CanvasObject
	swabFigure  = fyne.CanvasObject
	bodyFigure  = fyne.CanvasObject
)

func newClockFigure(onTap func(hour int, layer string)) clockFigure { return widget.NewLabel("") }
func newSwabFigure(onTap func(hour int)) swabFigure                 { return widget.NewLabel("") }
func newBodyFigure(sites []string, onTap func(site string)) bodyFigure {
	return widget.NewLabel("")
}

// refreshFigures draws the lists' points and scores on the figures.
func (e *sessionEditor) refreshFigures() {}

// readOnlyClock shows a signed note's trigger points on the clock map.
func readOnlyClock(points []store.TriggerPoint) fyne.CanvasObject { return widget.NewLabel("") }
