package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/pelvicnotes/pelvicnotes/store"
	"github.com/pelvicnotes/pelvicnotes/ui/widgets"
)

// progressView draws the course of treatment above the timeline: pain and
// dilator size over time, and the dilator ladder with the clinic's
// progression suggestion.
type progressView struct {
	trend     *widgets.TrendChart
	ladder    *widgets.DilatorLadder
	ladderBox *fyne.Container // hidden until the patient uses dilators
	content   fyne.CanvasObject
}

func newProgressView() *progressView {
	v := &progressView{trend: widgets.NewTrendChart(), ladder: widgets.NewDilatorLadder()}
	v.ladderBox = container.New(heightLayout{160}, v.ladder)
	v.content = container.NewVBox(container.New(heightLayout{140}, v.trend), v.ladderBox)
	return v
}

// heightLayout gives its objects a fixed height and whatever width the
// column has.
type heightLayout struct{ height float32 }

func (l heightLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	w := float32(0)
	for _, o := range objs {
		w = max(w, o.MinSize().Width)
	}
	return fyne.NewSize(w, l.height)
}

func (l heightLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(fyne.NewSize(size.Width, l.height))
	}
}

var (
	painColour    = color.NRGBA{R: 0xc0, G: 0x39, B: 0x2b, A: 0xff}
	dilatorColour = color.NRGBA{R: 0x1d, G: 0x6f, B: 0x6b, A: 0xff}
)

// show draws the effective sessions (treatment order) on the clinic's set.
func (v *progressView) show(effective []store.Session, cs store.ClinicSettings, stage store.DilatorStage) {
	pain := widgets.TrendSeries{Name: "Pain now (0–10)", Min: 0, Max: 10, Colour: painColour}
	size := widgets.TrendSeries{Name: "Dilator size", Min: 1, Max: float64(max(len(cs.Dilators), 2)), Colour: dilatorColour}
	var steps []widgets.LadderStep
	for _, s := range effective {
		if s.Subjective.PainNow != nil {
			pain.Points = append(pain.Points, widgets.TrendPoint{At: s.TreatedAt, Value: float64(*s.Subjective.PainNow)})
		}
		if s.Dilator != nil {
			if i := dilatorIndexOf(cs, s.Dilator.SizeLabel); i >= 0 {
				size.Points = append(size.Points, widgets.TrendPoint{At: s.TreatedAt, Value: float64(i + 1)})
				steps = append(steps, widgets.LadderStep{Date: s.TreatedAt, SizeIndex: i, Pain: s.Dilator.Pain})
			}
		}
	}
	v.trend.SetSeries(pain, size)
	labels := make([]string, len(cs.Dilators))
	for i, d := range cs.Dilators {
		labels[i] = d.Label
	}
	v.ladder.SetSizes(labels)
	v.ladder.SetSteps(steps)
	v.ladder.SetSuggestion(stage.Suggestion)
	v.ladderBox.Hidden = len(steps) == 0
	v.ladderBox.Refresh()
}

func dilatorIndexOf(cs store.ClinicSettings, label string) int {
	for i, d := range cs.Dilators {
		if d.Label == label {
			return i
		}
	}
	return -1
}
