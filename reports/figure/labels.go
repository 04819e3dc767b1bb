package figure

// Box is an axis-aligned box by its edges, Y growing downwards.
type Box struct{ X0, Y0, X1, Y1 float32 }

// Overlaps tells whether two boxes share any area.
func (b Box) Overlaps(o Box) bool {
	return b.X0 < o.X1 && o.X0 < b.X1 && b.Y0 < o.Y1 && o.Y0 < b.Y1
}

// Inside tells whether b lies wholly within o.
func (b Box) Inside(o Box) bool {
	return b.X0 >= o.X0 && b.X1 <= o.X1 && b.Y0 >= o.Y0 && b.Y1 <= o.Y1
}

// crossesSegment tells whether the segment a–c passes through the box
// (Liang–Barsky clipping).
func (b Box) crossesSegment(a, c Point) bool {
	t0, t1 := float32(0), float32(1)
	dx, dy := c.X-a.X, c.Y-a.Y
	for _, e := range [4][2]float32{{-dx, a.X - b.X0}, {dx, b.X1 - a.X}, {-dy, a.Y - b.Y0}, {dy, b.Y1 - a.Y}} {
		p, q := e[0], e[1]
		if p == 0 {
			if q < 0 {
				return false
			}
			continue
		}
		r := q / p
		if p < 0 {
			t0 = max(t0, r)
		} else {
			t1 = min(t1, r)
		}
		if t0 > t1 {
			return false
		}
	}
	return true
}

// LabelPlacer puts labels in a plot where they touch neither its lines,
// nor the dots on them, nor one another: the screen's trend charts and the
// letter's measure panels place their band words with it, so both find
// the same clear spots.
type LabelPlacer struct {
	Bounds Box       // labels stay inside
	Lines  [][]Point // polylines, each point drawn as a dot
	Dot    float32   // the dots' radius
	taken  []Box
}

// Take marks a box as used, e.g. by a value written beside a point.
func (p *LabelPlacer) Take(b Box) { p.taken = append(p.taken, b) }

// ClearOfLines tells whether the box misses every line and dot.
func (p *LabelPlacer) ClearOfLines(b Box) bool {
	for _, line := range p.Lines {
		for i, pt := range line {
			if b.Overlaps(Box{pt.X - p.Dot, pt.Y - p.Dot, pt.X + p.Dot, pt.Y + p.Dot}) {
				return false
			}
			if i > 0 && b.crossesSegment(line[i-1], pt) {
				return false
			}
		}
	}
	return true
}

// Free tells whether a label may go in the box.
func (p *LabelPlacer) Free(b Box) bool {
	if !b.Inside(p.Bounds) {
		return false
	}
	for _, t := range p.taken {
		if b.Overlaps(t) {
			return false
		}
	}
	return p.ClearOfLines(b)
}

// OnLine places a label w wide and h high on a horizontal line at y that
// runs from x0 to x1, gap clear of it: above the line at its right end,
// its left end, its middle, then the same below. It returns the label's
// box, taken, or false when no spot is free.
func (p *LabelPlacer) OnLine(y, x0, x1, w, h, gap float32) (Box, bool) {
	for _, below := range []bool{false, true} {
		for _, lx := range []float32{x1 - w, x0, (x0 + x1 - w) / 2} {
			b := Box{lx, y - gap - h, lx + w, y - gap}
			if below {
				b = Box{lx, y + gap, lx + w, y + gap + h}
			}
			if p.Free(b) {
				p.Take(b)
				return b, true
			}
		}
	}
	return Box{}, false
}
