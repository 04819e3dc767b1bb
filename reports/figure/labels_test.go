package figure

import (
	"math/rand"
	"testing"
)

// A label placed on a line lies inside the plot and misses every line, dot
// and earlier label: checked here by walking each segment in small steps,
// not by the clipping the placer uses.
func TestLabelsMissTheLinesAndEachOther(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	placedSome, refusedSome := false, false
	for trial := 0; trial < 400; trial++ {
		bounds := Box{0, 0, 200, 100}
		var line []Point
		for i, n := 0, 2+rng.Intn(10); i < n; i++ {
			line = append(line, Point{X: 5 + 190*float32(i)/float32(n-1), Y: rng.Float32() * 100})
		}
		p := LabelPlacer{Bounds: bounds, Lines: [][]Point{line}, Dot: 3}
		var boxes []Box
		for k := 0; k < 4; k++ {
			y := 10 + rng.Float32()*80
			below := rng.Intn(2) == 0
			b, ok := p.OnLine(y, 0, 200, 40+rng.Float32()*60, 9, 1, below)
			if !ok {
				refusedSome = true
				continue
			}
			placedSome = true
			if !b.Inside(bounds) {
				t.Fatalf("trial %d: %+v outside the plot", trial, b)
			}
			if b.Y1 > y-1+0.01 && b.Y0 < y+1-0.01 {
				t.Fatalf("trial %d: %+v sits on its own line at %v", trial, b, y)
			}
			if below != (b.Y0 > y) {
				t.Fatalf("trial %d: %+v is on the wrong side of its line at %v (below: %v)", trial, b, y, below)
			}
			for i := 1; i < len(line); i++ {
				a, c := line[i-1], line[i]
				for s := float32(0); s <= 1; s += 0.002 {
					x, yy := a.X+(c.X-a.X)*s, a.Y+(c.Y-a.Y)*s
					if x > b.X0 && x < b.X1 && yy > b.Y0 && yy < b.Y1 {
						t.Fatalf("trial %d: %+v lies on the line at %v,%v", trial, b, x, yy)
					}
				}
			}
			for _, pt := range line {
				if b.Overlaps(Box{pt.X - 3, pt.Y - 3, pt.X + 3, pt.Y + 3}) {
					t.Fatalf("trial %d: %+v covers the dot at %+v", trial, b, pt)
				}
			}
			for _, o := range boxes {
				if b.Overlaps(o) {
					t.Fatalf("trial %d: %+v overlaps the earlier label %+v", trial, b, o)
				}
			}
			boxes = append(boxes, b)
		}
	}
	if !placedSome || !refusedSome {
		t.Errorf("placed some: %v, refused some: %v; the trials should see both", placedSome, refusedSome)
	}
}

// A taken box keeps labels away, and the first choice is above the line
// at its right end.
func TestLabelPlacerOrder(t *testing.T) {
	p := LabelPlacer{Bounds: Box{0, 0, 100, 100}}
	b, ok := p.OnLine(50, 0, 100, 20, 5, 1, false)
	if !ok || b != (Box{80, 44, 100, 49}) {
		t.Fatalf("first label at %+v, %v: want above the right end", b, ok)
	}
	b, ok = p.OnLine(50, 0, 100, 20, 5, 1, false)
	if !ok || b != (Box{0, 44, 20, 49}) {
		t.Fatalf("second label at %+v, %v: want above the left end", b, ok)
	}
	b, ok = p.OnLine(50, 0, 100, 20, 5, 1, true)
	if !ok || b != (Box{80, 51, 100, 56}) {
		t.Fatalf("a label for the values below at %+v, %v: want below the right end", b, ok)
	}
	// A point's value goes above it, else below, right or left.
	q := LabelPlacer{Bounds: Box{0, 0, 100, 100}, Lines: [][]Point{{{10, 20}, {50, 20}, {90, 20}}}, Dot: 1}
	if b, ok := q.Near(50, 20, 1, 6, 3); !ok || b != (Box{47, 15.5, 53, 18.5}) {
		t.Fatalf("value at %+v, %v: want above its point", b, ok)
	}
	if b, ok := q.Near(50, 20, 1, 6, 3); !ok || b != (Box{47, 21.5, 53, 24.5}) {
		t.Fatalf("second value at %+v, %v: want below, the space above being taken", b, ok)
	}
	p.Take(Box{0, 0, 100, 100})
	if _, ok := p.OnLine(20, 0, 100, 20, 5, 1, false); ok {
		t.Error("a label was placed over a taken box")
	}
}
