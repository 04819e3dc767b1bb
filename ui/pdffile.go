package ui

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
)

// askPDFFile shows a save dialog for a PDF called name, opening in the
// folder last used for the same kind of document (remembered under pref),
// and passes the chosen file to write. Spaces around the chosen name are
// dropped (see tidyFileName).
func (s *Shell) askPDFFile(pref, name string, write func(w fyne.URIWriteCloser)) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			dialog.ShowError(err, s.win)
			return
		}
		if w == nil {
			return // cancelled
		}
		write(tidyFileName(w))
	}, s.win)
	d.SetFileName(name)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".pdf"}))
	if dir := s.app.Preferences().String(pref); dir != "" {
		if lister, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
			d.SetLocation(lister)
		}
	}
	d.Show()
	d.Resize(fyne.NewSize(820, 560)) // a file dialog can only be sized once shown
}

// openSavedPDF remembers the folder of a PDF just written under pref and
// opens the file in the system's PDF viewer; if it cannot, it says where
// the file is. what names the document ("sheet", "copy of the letter").
func (s *Shell) openSavedPDF(pref string, u fyne.URI, what string) {
	s.app.Preferences().SetString(pref, filepath.Dir(u.Path()))
	link, err := url.Parse(u.String())
	if err == nil {
		err = s.app.OpenURL(link)
	}
	if err != nil {
		dialog.ShowInformation("Saved", fmt.Sprintf("The %s is saved in %s, but it could not be opened: open it from there to print it.", what, u.Path()), s.win)
	}
}

// tidyFileName drops spaces around the chosen file name (a space pressed
// to activate a Print… or Save… button lands in the name box as the
// dialog opens), unless a file of the tidy name is there already.
func tidyFileName(w fyne.URIWriteCloser) fyne.URIWriteCloser {
	name := w.URI().Name()
	tidy := strings.TrimSpace(name)
	if tidy == name || tidy == "" {
		return w
	}
	parent, err := storage.Parent(w.URI())
	if err != nil {
		return w
	}
	u, err := storage.Child(parent, tidy)
	if err != nil {
		return w
	}
	if there, err := storage.Exists(u); err != nil || there {
		return w
	}
	w2, err := storage.Writer(u)
	if err != nil {
		return w
	}
	w.Close()
	storage.Delete(w.URI())
	return w2
}
