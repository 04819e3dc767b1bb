package ui

import (
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/reports"
	"github.com/pelvicnotes/pelvicnotes/store"
)

// prefLetterFolder remembers where the last copy of a letter was saved.
const prefLetterFolder = "letters.save_folder"

// lettersView is the patient's letters tab: the letters issued to
// referrers, newest first, each of which can be saved again as the very
// same file, and "New letter…" to compose one.
type lettersView struct {
	sh      *Shell
	patient store.Patient
	letters []store.Letter // oldest first, as the store lists them
	list    *fyne.Container
	newBtn  *widget.Button
	content fyne.CanvasObject

	composer *letterComposer // the composer last opened
}

func newLettersView(sh *Shell) *lettersView {
	v := &lettersView{sh: sh, list: container.NewVBox()}
	v.newBtn = widget.NewButtonWithIcon("New letter…", theme.DocumentCreateIcon(), func() { v.compose() })
	v.newBtn.Importance = widget.HighImportance
	intro := widget.NewLabel("Letters to the referrer and others involved in the patient's care. An issued letter is kept exactly as it was sent; saving a copy gives the same file.")
	intro.Wrapping = fyne.TextWrapWord
	v.content = container.NewBorder(container.NewVBox(intro, container.NewHBox(v.newBtn)), nil, nil, nil, container.NewVScroll(v.list))
	return v
}

// Load shows the letters of patient p.
func (v *lettersView) Load(p store.Patient) {
	v.patient = p
	v.reload()
}

func (v *lettersView) reload() {
	v.list.RemoveAll()
	if v.patient.ID == "" {
		return
	}
	letters, err := v.sh.db.Letters(v.patient.ID)
	if err != nil {
		v.list.Add(widget.NewLabel("The letters could not be read: " + err.Error()))
		return
	}
	v.letters = letters
	if len(letters) == 0 {
		v.list.Add(widget.NewLabel("No letters yet. Choose New letter… to write to the referrer."))
		return
	}
	header := container.NewGridWithColumns(5, boldLabel("Letter"), boldLabel("Issued"), boldLabel("To"), boldLabel("By"), widget.NewLabel(""))
	v.list.Add(header)
	for i := len(letters) - 1; i >= 0; i-- {
		l := letters[i]
		to := l.To
		if len(l.CC) > 0 {
			to += " (copies: " + strings.Join(l.CC, ", ") + ")"
		}
		toLabel := widget.NewLabel(to)
		toLabel.Wrapping = fyne.TextWrapWord
		save := widget.NewButtonWithIcon("Save a copy…", theme.DocumentSaveIcon(), func() { v.saveCopy(l) })
		v.list.Add(container.NewGridWithColumns(5,
			widget.NewLabel(reports.KindTitle(l.Kind)),
			widget.NewLabel(l.Issued.Local().Format("2 Jan 2006 15:04")),
			toLabel,
			widget.NewLabel(v.sh.db.PractitionerName(l.IssuedBy)),
			save,
		))
	}
}

// letterFileName is the name a saved copy is offered under. Like the
// sheet's, it says what the file is, never who it is about: file names
// show in folders, recent-file lists and mail attachments.
func letterFileName(l store.Letter) string {
	id := l.ID
	if len(id) > 6 {
		id = id[:6]
	}
	return fmt.Sprintf("%s-letter-%s-%s.pdf", l.Kind, l.Issued.Local().Format("2006-01-02"), id)
}

// keepDraft writes the open composer's latest edits as its draft now.
func (v *lettersView) keepDraft() {
	if v.composer != nil {
		v.composer.flushDraft()
	}
}

// saveCopy asks where to save the issued letter and writes its kept bytes.
func (v *lettersView) saveCopy(l store.Letter) {
	v.sh.askPDFFile(prefLetterFolder, letterFileName(l), func(w fyne.URIWriteCloser) {
		if _, err := v.writeCopy(l, w); err != nil {
			storage.Delete(w.URI()) // no half-written copy left behind to be sent
			dialog.ShowError(err, v.sh.win)
			return
		}
		v.sh.openSavedPDF(prefLetterFolder, w.URI(), "copy of the letter")
	})
}

// writeCopy writes the letter's kept PDF to w, records the print in the
// audit trail and remembers the folder. It returns the file's path.
func (v *lettersView) writeCopy(l store.Letter, w fyne.URIWriteCloser) (string, error) {
	path := w.URI().Path()
	if _, err := w.Write(l.PDF); err != nil {
		w.Close()
		return "", fmt.Errorf("the copy could not be written: %w", err)
	}
	if err := w.Close(); err != nil {
		return "", fmt.Errorf("the copy could not be written: %w", err)
	}
	if err := v.sh.db.Record(store.AuditPrint, "letter", l.ID, l.PatientID, "saved a copy to a file"); err != nil {
		return path, err
	}
	v.sh.app.Preferences().SetString(prefLetterFolder, filepath.Dir(path))
	return path, nil
}

// compose opens the letter composer for the patient, or the letter left
// unfinished for them earlier in this session.
func (v *lettersView) compose() {
	if v.patient.ID == "" {
		return
	}
	p, err := v.sh.db.Patient(v.patient.ID) // the referral as saved now
	if err != nil {
		dialog.ShowError(err, v.sh.win)
		return
	}
	v.patient = p
	draft, err := letterDraftFor(v.sh.db, p.ID)
	if err != nil {
		dialog.ShowError(err, v.sh.win)
		return
	}
	if draft != nil {
		dialog.ShowCustomConfirm("Unfinished letter", "Continue it", "Start again", widget.NewLabel(
			"A letter you were writing on "+draft.Saved.Local().Format("2 Jan 2006 at 15:04")+" was not issued. Continue it?"),
			func(carryOn bool) {
				if !carryOn {
					_ = v.sh.db.DeleteDraft(draft.ID)
					draft = nil
				}
				v.openComposer(p, draft)
			}, v.sh.win)
		return
	}
	v.openComposer(p, nil)
}

func (v *lettersView) openComposer(p store.Patient, draft *store.Draft) {
	c, err := newLetterComposer(v.sh, p, draft, func(l store.Letter) {
		v.reload()
		dialog.ShowInformation("Letter issued",
			fmt.Sprintf("The %s to %s is kept in the record. Choose Save a copy… to print or send it.", strings.ToLower(reports.KindTitle(l.Kind)), l.To), v.sh.win)
	})
	if err != nil {
		dialog.ShowError(err, v.sh.win)
		return
	}
	v.composer = c
	c.show()
}
