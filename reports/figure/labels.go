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
	// Guides are lines a label keeps off when it can (dashed reference
	// lines): a spot clear of them is taken first, else one that only
	// crosses them.
	Guides [][]Point
	taken  []Box
	strict bool // while looking for a spot clear of the guides too
}

// Take marks a box as used, e.g. by a value written beside a point.
func (p *LabelPlacer) Take(b Box) { p.taken = append(p.taken, b) }

// clearOfLines tells whether the box misses every line and dot (and,
// while strict, every guide).
func (p *LabelPlacer) clearOfLines(b Box) bool {
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
	if p.strict {
		for _, line := range p.Guides {
			for i := 1; i < len(line); i++ {
				if b.crossesSegment(line[i-1], line[i]) {
					return false
				}
			}
		}
	}
	return true
}

// first takes the first free box of the candidates, looking for one clear
// of the guides before one that only crosses them.
func (p *LabelPlacer) first(candidates []Box) (Box, bool) {
	for _, strict := range []bool{true, false} {
		p.strict = strict
		for _, b := range candidates {
			if p.Free(b) {
				p.strict = false
				p.Take(b)
				return b, true
			}
		}
	}
	p.strict = false
	return Box{}, false
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
	return p.clearOfLines(b)
}

// OnLine places a label w wide and h high beside a horizontal line at y
// that runs from x0 to x1, gap clear of it, on the side whose values the
// words describe (above it unless below): at the line's right end, its
// left end, its middle, then anywhere along it. It returns the label's box, taken, or false
// when no spot on that side is free.
func (p *LabelPlacer) OnLine(y, x0, x1, w, h, gap float32, below bool) (Box, bool) {
	var candidates []Box
	xs := []float32{x1 - w, x0, (x0 + x1 - w) / 2}
	for k := 1; k < 8; k++ { // then anywhere along it
		if k != 4 {
			xs = append(xs, x0+(x1-w-x0)*float32(k)/8)
		}
	}
	for _, lx := range xs {
		b := Box{lx, y - gap - h, lx + w, y - gap}
		if below {
			b = Box{lx, y + gap, lx + w, y + gap + h}
		}
		candidates = append(candidates, b)
	}
	return p.first(candidates)
}

// Near places a label w wide and h high beside a point at x, y drawn as a
// dot of radius r: above it, below it, to its right, its left, then at its
// four corners. It returns the first free box, taken, or false and the box
// above when none is free.
func (p *LabelPlacer) Near(x, y, r, w, h float32) (Box, bool) {
	g := max(r, p.Dot) + 0.5 // clear of the dot's box
	above := Box{x - w/2, y - g - h, x + w/2, y - g}
	if b, ok := p.first([]Box{
		above,
		{x - w/2, y + g, x + w/2, y + g + h},
		{x + g, y - h/2, x + g + w, y + h/2},
		{x - g - w, y - h/2, x - g, y + h/2},
		{x + g, y - g - h, x + g + w, y - g},
		{x - g - w, y - g - h, x - g, y - g},
		{x + g, y + g, x + g + w, y + g + h},
		{x - g - w, y + g, x - g, y + g + h},
	}); ok {
		return b, true
	}
	return above, false
}
