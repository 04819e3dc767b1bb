package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/store"
)

// progressFigure summarises the course of pain over the effective sessions.
func progressFigure(effective []store.Session, cs store.ClinicSettings) fyne.CanvasObject {
	var first, last *store.Session
	for i := range effective {
		if effective[i].Subjective.PainNow != nil {
			if first == nil {
				first = &effective[i]
			}
			last = &effective[i]
		}
	}
	if first == nil {
		return nil
	}
	l := widget.NewLabel(fmt.Sprintf("Pain %d/10 on %s, %d/10 on %s.",
		*first.Subjective.PainNow, first.TreatedAt.Format("2 Jan 2006"), *last.Subjective.PainNow, last.TreatedAt.Format("2 Jan 2006")))
	l.Wrapping = fyne.TextWrapWord
	return l
}
