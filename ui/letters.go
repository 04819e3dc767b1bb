package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/store"
)

// lettersView is the patient's letters tab (issue 7).
type lettersView struct {
	sh      *Shell
	content fyne.CanvasObject
}

func newLettersView(sh *Shell) *lettersView {
	return &lettersView{sh: sh, content: widget.NewLabel("")}
}

// Load shows the letters of patient p.
func (v *lettersView) Load(p store.Patient) {}

// showReferrers opens the referrer directory (issue 7).
func (s *Shell) showReferrers() {}
