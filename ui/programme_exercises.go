package ui

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/store"
)

// showClinicExercises lists the clinic's own exercises, to add and edit
// them. They are kept encrypted in the record file and offered in every
// patient's programme builder beside the library.
func (s *Shell) showClinicExercises() {
	list := container.NewVBox()
	var d *dialog.CustomDialog
	var refresh func()
	refresh = func() {
		list.RemoveAll()
		own, err := s.db.ClinicExercises()
		if err != nil {
			list.Add(wrapLabel("The clinic's exercises could not be read: " + err.Error()))
		}
		if len(own) == 0 && err == nil {
			list.Add(hintLabel("The clinic has no exercises of its own yet. The library's exercises are always there."))
		}
		for _, e := range own {
			e := e
			info := strings.Join(e.Tags, ", ")
			if e.Photo != "" {
				info = strings.TrimPrefix(info+" · with a picture", " · ")
			}
			edit := widget.NewButtonWithIcon("Edit…", theme.DocumentCreateIcon(), func() { s.editClinicExercise(e, refresh) })
			title := boldLabel(e.Text.Title)
			title.Truncation = fyne.TextTruncateEllipsis
			list.Add(container.NewBorder(nil, nil, nil, edit, container.NewVBox(title, hintLabel(info))))
		}
		list.Refresh()
	}
	refresh()
	add := widget.NewButtonWithIcon("Add an exercise…", theme.ContentAddIcon(), func() { s.editClinicExercise(store.Exercise{}, refresh) })
	add.Importance = widget.HighImportance
	intro := wrapLabel("Exercises the clinic wrote itself, with its own words and, if you like, a photo or drawing. They are offered in every patient's programme builder after the library's, and print as written whatever the sheet's language.")
	d = dialog.NewCustomWithoutButtons("Clinic exercises",
		container.NewBorder(intro, nil, nil, nil, container.NewVScroll(list)), s.win)
	d.SetButtons([]fyne.CanvasObject{widget.NewButton("Close", func() {
		d.Hide()
		if p := s.patients; p != nil && p.programme.builder != nil {
			p.programme.builder.loadLibrary()
			p.programme.builder.refreshFound()
		}
	}), add})
	d.Resize(fyne.NewSize(640, 520))
	d.Show()
}

// editClinicExercise is the form of one clinic exercise; saved runs after a save.
func (s *Shell) editClinicExercise(e store.Exercise, saved func()) {
	g := newFieldGrid()
	title := entryWith(e.Text.Title)
	purpose := newNoteEntry("What it is for, in the patient's words", 2)
	purpose.SetText(e.Text.Purpose)
	steps := newNoteEntry("One step a line, in the order the patient does them", 5)
	steps.SetText(strings.Join(e.Text.Steps, "\n"))
	precautions := newNoteEntry("One a line (optional)", 3)
	precautions.SetText(strings.Join(e.Text.Precautions, "\n"))
	g.add("Title", "text.title", title)
	g.add("What it is for", "text.purpose", purpose)
	g.add("Steps", "text.steps", steps)
	g.add("Precautions", "text.precautions", precautions)

	var doseEntries []*widget.Entry
	var cells []fyne.CanvasObject
	for i, v := range doseValues(e.Dose) {
		en := widget.NewEntry()
		if v != 0 {
			en.SetText(strconv.Itoa(v))
		}
		doseEntries = append(doseEntries, en)
		l := widget.NewLabel(doseFields[i].label)
		l.SizeName = theme.SizeNameCaptionText
		cells = append(cells, container.NewVBox(l, en))
	}
	g.add("Default dose", "dose", container.NewGridWithColumns(4, cells...))

	tagLabels := map[string]string{store.TagStrengthening: "strengthening (safety rule)", store.TagInternal: "internal (safety rule)",
		store.TagElectrical: "electrical (safety rule)", store.TagBiofeedback: "biofeedback (safety rule)",
		store.TagProlapseCaution: "prolapse-caution (safety rule)", store.TagDilator: "dilator (adds safety text)"}
	var options []string
	for _, t := range store.ExerciseTags {
		if l, ok := tagLabels[t]; ok {
			options = append(options, l)
		} else {
			options = append(options, t)
		}
	}
	checks := make([]*widget.Check, len(options))
	var cells2 []fyne.CanvasObject
	for i, o := range options {
		checks[i] = widget.NewCheck(o, nil)
		checks[i].Checked = slices.Contains(e.Tags, store.ExerciseTags[i])
		cells2 = append(cells2, checks[i])
	}
	tags := container.NewGridWithColumns(2, cells2...)
	g.add("Tags", "tags", tags, wrapHint("The safety tags make the same warnings as the library's exercises do."))

	// The picture: kept as it was unless another is chosen or it is removed.
	var photo []byte // nil: unchanged; empty: removed
	thumb := canvas.NewImageFromResource(nil)
	thumb.FillMode = canvas.ImageFillContain
	thumb.SetMinSize(fyne.NewSize(160, 110))
	photoInfo := wrapLabel("No picture.")
	var removePhoto *widget.Button
	// showPhoto shows the picture b, or that there is none: no empty frame,
	// and nothing to remove.
	showPhoto := func(b []byte) {
		if len(b) == 0 {
			thumb.Resource = nil
			thumb.Hide()
			removePhoto.Disable()
			photoInfo.SetText("No picture.")
			return
		}
		thumb.Resource = fyne.NewStaticResource("photo", b)
		thumb.Show()
		thumb.Refresh()
		removePhoto.Enable()
	}
	choose := widget.NewButtonWithIcon("Choose a picture…", theme.FileImageIcon(), nil)
	removePhoto = widget.NewButtonWithIcon("Remove the picture", theme.DeleteIcon(), func() {
		photo = []byte{}
		showPhoto(nil)
	})
	showPhoto(nil)
	if e.Photo != "" {
		if b, err := s.db.Photo(e.Photo); err == nil {
			showPhoto(b)
			photoInfo.SetText("A picture is kept with this exercise.")
		}
	}
	choose.OnTapped = func() {
		open := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			if err != nil || r == nil {
				return
			}
			defer r.Close()
			b, err := io.ReadAll(io.LimitReader(r, store.MaxPhotoBytes+1))
			if err == nil {
				err = store.CheckPhoto(b)
			}
			if err != nil {
				dialog.ShowInformation("That picture cannot be used", capitalise(err.Error())+".", s.win)
				return
			}
			photo = b
			showPhoto(b)
			photoInfo.SetText(fmt.Sprintf("%s, %d KB.", r.URI().Name(), (len(b)+1023)/1024))
		}, s.win)
		open.SetFilter(storage.NewExtensionFileFilter([]string{".png", ".jpg", ".jpeg"}))
		open.Show()
		open.Resize(fyne.NewSize(820, 560)) // a file dialog can only be sized once shown
	}
	g.add("Picture", "photo", container.NewBorder(nil, nil, thumb, nil, container.NewVBox(photoInfo, choose, removePhoto)),
		wrapHint("A PNG or JPEG photo or drawing, under 2 MB. It prints about 4 cm wide beside the exercise."))

	formTitle := "New clinic exercise"
	if e.ID != "" {
		formTitle = "Edit clinic exercise"
	}
	s.formDialog(formTitle, "Save", g, "Write to the patient, in plain words. A change here is not made to programmes already issued: they keep the text and picture they were given.", func() error {
		ex := e
		ex.Text = store.ExerciseText{Title: title.Text, Purpose: purpose.Text,
			Steps: strings.Split(steps.Text, "\n"), Precautions: strings.Split(precautions.Text, "\n")}
		vals := make([]int, len(doseEntries))
		for i, en := range doseEntries {
			if t := strings.TrimSpace(en.Text); t != "" {
				n, err := strconv.Atoi(t)
				if err != nil || n < 0 {
					return &store.ValidationError{Fields: []store.FieldError{{Field: "dose", Message: "write the dose in whole numbers; leave a part empty if it does not apply"}}}
				}
				vals[i] = n
			}
		}
		ex.Dose = doseFrom(vals)
		ex.Tags = nil
		for i, c := range checks {
			if c.Checked {
				ex.Tags = append(ex.Tags, store.ExerciseTags[i])
			}
		}
		if _, err := s.db.SaveClinicExercise(ex, photo); err != nil {
			return err
		}
		saved()
		return nil
	})
	s.win.Canvas().Focus(title)
}
