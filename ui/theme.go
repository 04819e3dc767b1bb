package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// clinicTheme is Fyne's default look in its light variant, with the teal of
// the PelvicNotes icon as the primary colour. A consulting room is lit and a
// printed page is white; a light screen matches both.
type clinicTheme struct{ base fyne.Theme }

var teal = color.NRGBA{R: 0x1d, G: 0x6f, B: 0x6b, A: 0xff}

// NewTheme returns the PelvicNotes theme.
func NewTheme() fyne.Theme { return clinicTheme{base: theme.DefaultTheme()} }

func (t clinicTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNamePrimary, theme.ColorNameHyperlink:
		return teal
	case theme.ColorNameFocus:
		return color.NRGBA{R: 0x1d, G: 0x6f, B: 0x6b, A: 0x66}
	case theme.ColorNameSelection:
		return color.NRGBA{R: 0x1d, G: 0x6f, B: 0x6b, A: 0x40}
	}
	return t.base.Color(n, theme.VariantLight)
}

func (t clinicTheme) Font(s fyne.TextStyle) fyne.Resource     { return t.base.Font(s) }
func (t clinicTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.base.Icon(n) }
func (t clinicTheme) Size(n fyne.ThemeSizeName) float32       { return t.base.Size(n) }
