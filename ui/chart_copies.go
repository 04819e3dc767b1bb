package ui

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/store"
)

// copiesPicker chooses who receives copies of the patient's letters (a GP,
// a psychologist) from the referrer directory.
type copiesPicker struct {
	ids       []string
	referrers []store.Referrer
	rows      *fyne.Container
	add       *widget.Select
	onChange  func()
	content   fyne.CanvasObject
}

func newCopiesPicker(onChange func()) *copiesPicker {
	c := &copiesPicker{rows: container.NewVBox(), onChange: onChange}
	c.add = widget.NewSelect(nil, func(label string) {
		if label == "" {
			return
		}
		for _, r := range c.referrers {
			if referrerLabel(r) == label && !slices.Contains(c.ids, r.ID) {
				c.ids = append(c.ids, r.ID)
			}
		}
		c.refresh()
		c.onChange()
	})
	c.add.PlaceHolder = "Send copies of letters to… (choose from the directory)"
	c.content = container.NewVBox(c.rows, c.add)
	return c
}

// set shows the patient's copies list against the current directory.
func (c *copiesPicker) set(ids []string, referrers []store.Referrer) {
	c.ids = slices.Clone(ids)
	c.referrers = referrers
	c.refresh()
}

// setReferrers updates the directory the picker offers, keeping the choice.
func (c *copiesPicker) setReferrers(referrers []store.Referrer) {
	c.referrers = referrers
	c.refresh()
}

func (c *copiesPicker) label(id string) string {
	for _, r := range c.referrers {
		if r.ID == id {
			return referrerLabel(r)
		}
	}
	return "Someone no longer in the directory"
}

func (c *copiesPicker) refresh() {
	c.rows.RemoveAll()
	for _, id := range c.ids {
		remove := widget.NewButtonWithIcon("", theme.ContentRemoveIcon(), func() {
			c.ids, _ = withoutRow(c.ids, id)
			c.refresh()
			c.onChange()
		})
		c.rows.Add(container.NewBorder(nil, nil, widget.NewLabel("Copy to"), remove, widget.NewLabel(c.label(id))))
	}
	var options []string
	for _, r := range c.referrers {
		if !slices.Contains(c.ids, r.ID) {
			options = append(options, referrerLabel(r))
		}
	}
	c.add.Options = options
	c.add.Selected = ""
	c.add.Refresh()
}
