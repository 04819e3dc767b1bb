package ui

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // logos may be JPEG
	_ "image/png"  // or PNG
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/store"
)

// Paper sizes as the settings dialog names them.
const (
	paperLabelA4     = "A4"
	paperLabelLetter = "US Letter"
)

func paperLabel(size string) string {
	if size == store.PaperLetter {
		return paperLabelLetter
	}
	return paperLabelA4
}

func paperFromLabel(label string) string {
	if label == paperLabelLetter {
		return store.PaperLetter
	}
	return store.PaperA4
}

// logoPicker chooses the letterhead logo (PNG or JPEG), shows it, and can
// remove it. The picture is checked when the settings are saved.
type logoPicker struct {
	win     fyne.Window
	data    []byte
	preview *fyne.Container
	remove  *widget.Button
	content fyne.CanvasObject
}

func newLogoPicker(win fyne.Window, data []byte) *logoPicker {
	l := &logoPicker{win: win, data: data, preview: container.NewStack()}
	choose := widget.NewButtonWithIcon("Choose picture…", theme.FolderOpenIcon(), l.choose)
	l.remove = widget.NewButtonWithIcon("Remove logo", theme.DeleteIcon(), func() { l.set(nil) })
	l.content = container.NewVBox(l.preview, container.NewHBox(choose, l.remove))
	l.set(data)
	return l
}

// set shows the picture (or says there is none).
func (l *logoPicker) set(data []byte) {
	l.data = data
	l.preview.RemoveAll()
	if len(data) == 0 {
		l.preview.Add(widget.NewLabel("No logo: letters are headed with the clinic's name only."))
		l.remove.Disable()
		return
	}
	l.remove.Enable()
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || (format != "png" && format != "jpeg") {
		l.preview.Add(widget.NewLabel("This file is not a PNG or JPEG picture."))
		return
	}
	img := canvas.NewImageFromReader(bytes.NewReader(data), "logo."+format)
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(180, 70))
	info := widget.NewLabel(fmt.Sprintf("%s, %d × %d pixels, %d KB", map[string]string{"png": "PNG", "jpeg": "JPEG"}[format], cfg.Width, cfg.Height, (len(data)+1023)/1024))
	l.preview.Add(container.NewHBox(img, info))
}

// accept shows a chosen picture as the logo if the whole of it can be
// read; a damaged or cut-short file keeps the logo there was.
func (l *logoPicker) accept(data []byte) error {
	if _, format, err := image.Decode(bytes.NewReader(data)); err != nil || (format != "png" && format != "jpeg") {
		return errors.New("this file is not a PNG or JPEG picture that can be read (it may be damaged): choose another")
	}
	l.set(data)
	return nil
}

func (l *logoPicker) choose() {
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			dialog.ShowError(err, l.win)
			return
		}
		if rc == nil {
			return
		}
		defer rc.Close()
		data, err := io.ReadAll(io.LimitReader(rc, 4<<20))
		if err != nil {
			dialog.ShowError(fmt.Errorf("the picture could not be read: %w", err), l.win)
			return
		}
		if err := l.accept(data); err != nil {
			dialog.ShowError(err, l.win)
		}
	}, l.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".png", ".jpg", ".jpeg", ".PNG", ".JPG", ".JPEG"}))
	d.Show()
	d.Resize(fyne.NewSize(760, 520)) // a file dialog can only be resized once shown
}
