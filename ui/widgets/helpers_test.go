package widgets

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// lightTheme is Fyne's default theme in its light variant, as PelvicNotes runs.
type lightTheme struct{ fyne.Theme }

func (l lightTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return l.Theme.Color(n, theme.VariantLight)
}

// show puts o alone in an unpadded test window of the given size, in the
// light theme.
func show(t *testing.T, o fyne.CanvasObject, size fyne.Size) fyne.Window {
	t.Helper()
	test.NewTempApp(t)
	test.ApplyTheme(t, lightTheme{theme.DefaultTheme()})
	w := test.NewTempWindow(t, o)
	w.SetPadded(false)
	w.Resize(size)
	o.Resize(size)
	return w
}

// capture renders the window to /tmp/widgets-<name>.png for review by eye.
// With PELVICNOTES_UPDATE_IMAGES set, the main picture of each widget (a
// name without a dash) is also written to testdata/<name>.png, the reviewed
// reference committed beside the code. The images are not compared: text
// rendering differs between machines.
func capture(t *testing.T, w fyne.Window, name string) image.Image {
	t.Helper()
	img := w.Canvas().Capture()
	paths := []string{filepath.Join(os.TempDir(), "widgets-"+name+".png")}
	if os.Getenv("PELVICNOTES_UPDATE_IMAGES") != "" && !strings.Contains(name, "-") {
		paths = append(paths, filepath.Join("testdata", name+".png"))
	}
	for _, p := range paths {
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := png.Encode(f, img); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return img
}
