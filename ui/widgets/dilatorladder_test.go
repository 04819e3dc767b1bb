package widgets

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
)

var exampleSizes = []string{"Example 1 (13 mm)", "Example 2 (18 mm)", "Example 3 (23 mm)",
	"Example 4 (28 mm)", "Example 5 (33 mm)", "Example 6 (38 mm)"}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func exampleSteps() []LadderStep {
	pains := []int{6, 5, 4, 3, 5, 3, 2, 2, 4, 3, 2, 1}
	sizes := []int{0, 0, 1, 1, 1, 1, 2, 2, 2, 3, 3, 3}
	var out []LadderStep
	for i := range pains {
		out = append(out, LadderStep{Date: day(2026, 1, 8).AddDate(0, 0, 9*i), SizeIndex: sizes[i], Pain: pains[i]})
	}
	return out
}

func TestDilatorLadderGeometry(t *testing.T) {
	l := NewDilatorLadder()
	show(t, l, fyne.NewSize(600, 160))
	steps := exampleSteps()
	// Out of order on purpose: the latest session decides the current size.
	steps[0], steps[len(steps)-1] = steps[len(steps)-1], steps[0]
	g := l.geometry(l.Size(), exampleSizes, steps, "Consider Example 5 (33 mm)")
	for i := 1; i < len(g.rungY); i++ {
		if g.rungY[i] >= g.rungY[i-1] {
			t.Errorf("rung %d at %v is not above rung %d at %v: the smallest goes at the bottom", i, g.rungY[i], i-1, g.rungY[i-1])
		}
	}
	if g.current != 3 {
		t.Errorf("current size %d, want 3 (the latest session's)", g.current)
	}
	if g.rungY[len(g.rungY)-1]-g.dotRadius < g.calloutBox.Y+g.calloutBox.H {
		t.Error("the top rung's dots run into the callout")
	}
	if g.dotRadius < 6.5 {
		t.Errorf("dots of radius %v too small for their pain numbers at 600×160", g.dotRadius)
	}
	if x0, x1 := g.scale.X(day(2026, 1, 8)), g.scale.X(day(2026, 4, 17)); x0 >= x1 || x0 < g.plotX0 || x1 > g.plotX1 {
		t.Errorf("sessions from %v to %v outside the rails %v–%v", x0, x1, g.plotX0, g.plotX1)
	}
}

func TestDilatorLadderTexts(t *testing.T) {
	l := NewDilatorLadder()
	show(t, l, fyne.NewSize(600, 160))
	texts := textPositions(t, l)
	if _, ok := texts[NoDilatorSet]; !ok {
		t.Error("no sizes should say " + NoDilatorSet)
	}
	l.SetSizes(exampleSizes)
	texts = textPositions(t, l)
	if _, ok := texts[NoDilatorSessions]; !ok {
		t.Error("no steps should say " + NoDilatorSessions)
	}
	l.SetSteps(exampleSteps())
	l.SetSuggestion("3 sessions at pain ≤ 3/10: consider Example 5 (33 mm)")
	texts = textPositions(t, l)
	for _, s := range append([]string{"3 sessions at pain ≤ 3/10: consider Example 5 (33 mm)", "8 Jan 2026", "17 Apr 2026"}, exampleSizes...) {
		if _, ok := texts[s]; !ok {
			t.Errorf("%q not drawn", s)
		}
	}
	if texts[exampleSizes[0]].Y <= texts[exampleSizes[5]].Y {
		t.Error("the smallest size should be the bottom rung")
	}
}

func TestDilatorLadderRender(t *testing.T) {
	l := NewDilatorLadder()
	w := show(t, l, fyne.NewSize(600, 160))
	l.SetSizes(exampleSizes)
	l.SetSteps(exampleSteps())
	l.SetSuggestion("3 sessions in a row at pain ≤ 3/10: consider moving up to Example 5 (33 mm)")
	capture(t, w, "dilatorladder")
	w.Resize(fyne.NewSize(380, 240))
	capture(t, w, "dilatorladder-380")
	l.SetSteps(nil)
	l.SetSuggestion("")
	w.Resize(fyne.NewSize(600, 160))
	capture(t, w, "dilatorladder-empty")
}
