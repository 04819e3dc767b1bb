package ui

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/store"
)

// fieldGrid lays out labelled fields in two columns, each with a message
// under it for what the record refused. Forms share it so that every
// refusal looks and reads the same.
type fieldGrid struct {
	cells    []fyne.CanvasObject
	messages map[string]*widget.Label
	grid     *fyne.Container
}

func newFieldGrid() *fieldGrid { return &fieldGrid{messages: map[string]*widget.Label{}} }

// add appends a labelled field; extra objects sit between it and its message.
func (g *fieldGrid) add(label, field string, w fyne.CanvasObject, extra ...fyne.CanvasObject) {
	msg := widget.NewLabel("")
	msg.Importance = widget.DangerImportance
	msg.Wrapping = fyne.TextWrapWord
	msg.Hide()
	g.messages[field] = msg
	box := container.NewVBox(append([]fyne.CanvasObject{w}, append(extra, msg)...)...)
	l := widget.NewLabelWithStyle(label, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	g.cells = append(g.cells, l, box)
}

// heading adds a section heading across the grid.
func (g *fieldGrid) heading(text string) {
	h := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	g.cells = append(g.cells, layout.NewSpacer(), h)
}

// build makes the grid container once all fields are added.
func (g *fieldGrid) build() *fyne.Container {
	g.grid = container.New(layout.NewFormLayout(), g.cells...)
	return g.grid
}

// show puts each message under its field and hides the rest; a message for
// a field the grid does not have is returned for the caller to show.
func (g *fieldGrid) show(msgs map[string]string) (unplaced []string) {
	for field, l := range g.messages {
		if m := msgs[field]; m != "" {
			l.SetText(capitalise(m) + ".")
			l.Show()
		} else {
			l.SetText("")
			l.Hide()
		}
	}
	for field, m := range msgs {
		if _, ok := g.messages[field]; !ok {
			unplaced = append(unplaced, (store.FieldError{Field: field, Message: m}).Error())
		}
	}
	if g.grid != nil {
		g.grid.Refresh()
	}
	return unplaced
}

// withoutRow removes r from a form's rows, reporting where it was (-1 when
// it was not there).
func withoutRow[T comparable](rows []T, r T) ([]T, int) {
	i := slices.Index(rows, r)
	if i < 0 {
		return rows, -1
	}
	return slices.Delete(rows, i, i+1), i
}
