package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pelvicnotes/pelvicnotes/store"
)

// referrerRoles are the roles the form offers; any other may be typed.
var referrerRoles = []string{"GP", "Gynaecologist", "Psychologist", "Urologist", "Dermatologist", "Sexual health clinic", "Menopause specialist"}

// referrerDirectory is the searchable list of referrers and letter recipients.
type referrerDirectory struct {
	db      *store.DB
	win     fyne.Window
	all     []store.Referrer
	shown   []store.Referrer
	search  *widget.Entry
	list    *widget.List
	count   *widget.Label
	edit    *widget.Button
	chosen  int
	content fyne.CanvasObject
}

// matchesReferrer reports whether every word of the query is found, accents
// and case ignored, in the referrer's name, role or practice.
func matchesReferrer(r store.Referrer, query string) bool {
	hay := store.Fold(strings.Join([]string{r.Name, r.Role, r.Practice}, " "))
	for _, w := range strings.Fields(store.Fold(query)) {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

func newReferrerDirectory(db *store.DB, win fyne.Window) *referrerDirectory {
	d := &referrerDirectory{db: db, win: win, chosen: -1}
	d.search = widget.NewEntry()
	d.search.SetPlaceHolder("Search by name, role or practice")
	d.search.OnChanged = func(string) { d.filter() }
	d.count = widget.NewLabel("")
	d.list = widget.NewList(
		func() int { return len(d.shown) },
		func() fyne.CanvasObject {
			name := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			detail := widget.NewLabel("")
			detail.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(name, detail)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			r := d.shown[i]
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Label).SetText(r.Name)
			box.Objects[1].(*widget.Label).SetText(referrerDetail(r))
		},
	)
	d.list.OnSelected = func(i widget.ListItemID) { d.chosen = i; d.edit.Enable() }
	d.list.OnUnselected = func(widget.ListItemID) { d.chosen = -1; d.edit.Disable() }
	add := widget.NewButtonWithIcon("Add referrer…", theme.ContentAddIcon(), func() {
		showReferrerForm(d.db, d.win, store.Referrer{}, func(r store.Referrer) { d.reload(r.ID) })
	})
	d.edit = widget.NewButtonWithIcon("Edit…", theme.DocumentCreateIcon(), func() {
		if d.chosen >= 0 && d.chosen < len(d.shown) {
			showReferrerForm(d.db, d.win, d.shown[d.chosen], func(r store.Referrer) { d.reload(r.ID) })
		}
	})
	d.edit.Disable()
	d.content = container.NewBorder(
		container.NewVBox(d.search, d.count), container.NewHBox(add, d.edit), nil, nil, d.list)
	d.reload("")
	return d
}

// referrerDetail is the second line of a directory entry.
func referrerDetail(r store.Referrer) string {
	var parts []string
	for _, s := range []string{r.Role, r.Practice, strings.ReplaceAll(strings.TrimSpace(r.Address), "\n", ", "), r.Phone, r.Email} {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return "No details yet"
	}
	return strings.Join(parts, " · ")
}

func (d *referrerDirectory) reload(selectID string) {
	all, err := d.db.Referrers()
	if err != nil {
		dialog.ShowError(err, d.win)
		return
	}
	d.all = all
	d.filter()
	for i, r := range d.shown {
		if r.ID == selectID {
			d.list.Select(i)
		}
	}
}

func (d *referrerDirectory) filter() {
	d.shown = d.shown[:0]
	for _, r := range d.all {
		if matchesReferrer(r, d.search.Text) {
			d.shown = append(d.shown, r)
		}
	}
	d.list.UnselectAll()
	d.chosen = -1
	d.edit.Disable()
	d.list.Refresh()
	switch {
	case len(d.all) == 0:
		d.count.SetText("The directory is empty: add the GPs, gynaecologists and psychologists who refer patients or receive letters.")
	case len(d.shown) == 0:
		d.count.SetText("Nobody in the directory matches.")
	default:
		d.count.SetText(fmt.Sprintf("%d of %d in the directory", len(d.shown), len(d.all)))
	}
}

// showReferrers opens the referrer directory.
func (s *Shell) showReferrers() {
	d := newReferrerDirectory(s.db, s.win)
	dlg := dialog.NewCustom("Referrer directory", "Close", d.content, s.win)
	dlg.Resize(fyne.NewSize(720, 560))
	dlg.Show()
	s.win.Canvas().Focus(d.search)
}

// showReferrerForm adds (r.ID == "") or edits a referrer; each field the
// record refuses is named under it, and nothing is saved until all are right.
func showReferrerForm(db *store.DB, win fyne.Window, r store.Referrer, onSaved func(store.Referrer)) {
	name, practice, phone, email := entryWith(r.Name), entryWith(r.Practice), entryWith(r.Phone), entryWith(r.Email)
	role := widget.NewSelectEntry(referrerRoles)
	role.SetText(r.Role)
	address := widget.NewMultiLineEntry()
	address.SetText(r.Address)
	address.SetMinRowsVisible(3)
	g := newFieldGrid()
	g.add("Name", store.FieldName, name)
	g.add("Role or specialty", store.FieldRole, role)
	g.add("Practice", store.FieldPractice, practice)
	g.add("Address", store.FieldAddress, address)
	g.add("Phone", store.FieldPhone, phone)
	g.add("Email", store.FieldEmail, email)
	title, confirm := "New referrer", "Add referrer"
	if r.ID != "" {
		title, confirm = "Edit referrer", "Save referrer"
	}
	formDialogOn(win, title, confirm, g, "Letters are addressed as written here: the address prints in the envelope window.", func() error {
		next := r
		next.Name, next.Role, next.Practice = name.Text, role.Text, practice.Text
		next.Address, next.Phone, next.Email = address.Text, phone.Text, email.Text
		saved, err := db.SaveReferrer(next.Normalise())
		if err != nil {
			return err
		}
		onSaved(saved)
		return nil
	})
}
