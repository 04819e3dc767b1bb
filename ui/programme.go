package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/store"
)

// programmeView is the patient's home programme tab (issue 6).
type programmeView struct {
	sh      *Shell
	content fyne.CanvasObject
}

func newProgrammeView(sh *Shell) *programmeView {
	return &programmeView{sh: sh, content: widget.NewLabel("")}
}

// Load shows the programme of patient p.
func (v *programmeView) Load(p store.Patient) {}

// showClinicExercises lists and edits the clinic's own exercises (issue 6).
func (s *Shell) showClinicExercises() {}
