package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/store"
)

// auditView lists everything recorded about one patient: who did what, when.
type auditView struct {
	db      *store.DB
	heading *widget.Label
	list    *widget.List
	rows    []string
	content fyne.CanvasObject
}

func newAuditView(db *store.DB) *auditView {
	a := &auditView{db: db}
	a.heading = widget.NewLabel("")
	a.heading.Wrapping = fyne.TextWrapWord
	a.list = widget.NewList(
		func() int { return len(a.rows) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(a.rows[i]) },
	)
	a.content = container.NewBorder(a.heading, nil, nil, nil, a.list)
	return a
}

// show loads the audit trail of one patient, newest first ("" clears it).
func (a *auditView) show(patientID string) {
	a.rows = nil
	if patientID == "" {
		a.heading.SetText("Save the patient to start their audit trail.")
		a.list.Refresh()
		return
	}
	entries, err := a.db.PatientAudit(patientID)
	if err != nil {
		a.heading.SetText("The audit trail could not be read: " + err.Error())
		a.list.Refresh()
		return
	}
	names := map[string]string{}
	for i := len(entries) - 1; i >= 0; i-- {
		e := entries[i]
		who, ok := names[e.By]
		if !ok {
			who = a.db.PractitionerName(e.By)
			names[e.By] = who
		}
		a.rows = append(a.rows, auditLine(e, who))
	}
	a.heading.SetText(fmt.Sprintf("%s recorded for this patient, newest first. The trail cannot be edited.", plural(len(entries), "entry", "entries")))
	a.list.Refresh()
}

// auditLine is one entry as a clinician reads it.
func auditLine(e store.AuditEntry, who string) string {
	what := e.Action.Label()
	if e.Kind != "" {
		what += " " + strings.ReplaceAll(e.Kind, "-", " ")
	}
	line := fmt.Sprintf("%s  ·  %s  ·  %s", e.At.In(time.Local).Format("02 Jan 2006 15:04"), who, what)
	if e.Detail != "" {
		line += ": " + e.Detail
	}
	return line
}
