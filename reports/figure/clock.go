package figure

import "math"

// Layers of the internal trigger-point map, spelt as the record stores them.
const (
	LayerSuperficial = "superficial"
	LayerDeep        = "deep"
)

// Proportions of the clock, as fractions of the outer radius (Ring) or of
// half the square (outer). The margin outside the outer circle holds the hour
// numbers and the landmark labels.
const (
	clockOuter       = 0.78 // outer circle radius / (Size/2)
	clockInner       = 0.30 // introitus hole / outer radius: the centre is not a site
	clockSplit       = 0.68 // boundary superficial|deep / outer radius
	clockHourLabel   = 0.10 // hour numbers sit this far outside the circle (fraction of Size/2)
	clockMarker      = 0.10 // marker radius / outer radius
	clockSectorWidth = 30   // degrees per hour
)

// Clock is the pelvic clock face of the internal examination, seen by the
// examiner with the patient in lithotomy, fitted into a square of Size
// (width = height = Size, y growing downwards as on screen). 12 o'clock is at
// the top (pubic symphysis), 6 at the bottom (anus), 3 on the right and 9 on
// the left. In lithotomy the patient's left is on the examiner's right, so 3
// o'clock is the patient's left side and 9 o'clock the patient's right.
//
// The face has two rings around a central hole (the introitus, which is not a
// site). The superficial layer is the inner ring and the deep layer the outer
// ring: the superficial muscles (bulbospongiosus, ischiocavernosus,
// superficial transverse perineal) are palpated first, just inside the
// introitus; the deep levator ani and the side-wall muscles lie further in and
// further out from the midline, so on a flat map they sit outside the
// superficial ring.
type Clock struct{ Size float32 }

// Centre is the centre of the clock face.
func (c Clock) Centre() (x, y float32) { return c.Size / 2, c.Size / 2 }

// OuterRadius is the radius of the outer circle (the outer edge of the deep ring).
func (c Clock) OuterRadius() float32 { return c.Size / 2 * clockOuter }

// InnerRadius is the radius of the central introitus hole, the inner edge of
// the superficial ring. Taps inside it are not sites.
func (c Clock) InnerRadius() float32 { return c.OuterRadius() * clockInner }

// SplitRadius is the boundary between the superficial (inner) and the deep
// (outer) ring.
func (c Clock) SplitRadius() float32 { return c.OuterRadius() * clockSplit }

// Band is the inner and outer radius of a layer's ring: superficial is the
// inner ring, deep the outer ring. An unknown layer gives 0, 0.
func (c Clock) Band(layer string) (inner, outer float32) {
	switch layer {
	case LayerSuperficial:
		return c.InnerRadius(), c.SplitRadius()
	case LayerDeep:
		return c.SplitRadius(), c.OuterRadius()
	}
	return 0, 0
}

// RingRadius is the radius at which points of the layer are drawn, the middle
// of its ring: "superficial" is the inner ring, "deep" the outer ring (see
// Clock). An unknown layer gives 0.
func (c Clock) RingRadius(layer string) float32 {
	in, out := c.Band(layer)
	return (in + out) / 2
}

// MarkerRadius is a radius for a point's marker such that twelve markers fit
// round the superficial ring without touching.
func (c Clock) MarkerRadius() float32 { return c.OuterRadius() * clockMarker }

// HourAngle is the angle of an hour in degrees, clockwise from 12 o'clock at
// the top (0) through 3 o'clock on the right (90). Hours are taken modulo 12,
// so 0 and 12 are the same.
func HourAngle(hour int) float64 {
	return float64(((hour%12)+12)%12) * clockSectorWidth
}

// polar is the point at radius r and angle deg (clockwise from the top) about (cx, cy).
func polar(cx, cy, r float32, deg float64) (x, y float32) {
	rad := deg * math.Pi / 180
	return cx + r*float32(math.Sin(rad)), cy - r*float32(math.Cos(rad))
}

// Point is the centre of the given hour (1–12) on the given layer's ring.
func (c Clock) Point(hour int, layer string) (x, y float32) {
	cx, cy := c.Centre()
	return polar(cx, cy, c.RingRadius(layer), HourAngle(hour))
}

// Polar is the point at radius r and angle deg (degrees clockwise from 12
// o'clock) from the centre: for spokes, ticks and labels.
func (c Clock) Polar(r float32, deg float64) (x, y float32) {
	cx, cy := c.Centre()
	return polar(cx, cy, r, deg)
}

// HourLabel is the centre of the hour's number, just outside the outer circle.
func (c Clock) HourLabel(hour int) (x, y float32) {
	return c.Polar(c.OuterRadius()+c.Size/2*clockHourLabel, HourAngle(hour))
}

// HitTest finds the site under (x, y): the nearest hour (each hour owns ±15°
// about its spoke) and the ring by radius band, superficial inside the split
// radius and deep outside it. ok is false in the central hole and outside the
// outer circle.
func (c Clock) HitTest(x, y float32) (hour int, layer string, ok bool) {
	cx, cy := c.Centre()
	dx, dy := float64(x-cx), float64(y-cy)
	r := float32(math.Hypot(dx, dy))
	switch {
	case r < c.InnerRadius() || r > c.OuterRadius():
		return 0, "", false
	case r < c.SplitRadius():
		layer = LayerSuperficial
	default:
		layer = LayerDeep
	}
	return angleHour(dx, dy), layer, true
}

// angleHour is the hour whose ±15° sector holds the direction (dx, dy), with y
// growing downwards.
func angleHour(dx, dy float64) int {
	deg := math.Atan2(dx, -dy) * 180 / math.Pi // clockwise from the top
	if deg < 0 {
		deg += 360
	}
	h := int(math.Floor((deg+clockSectorWidth/2)/clockSectorWidth)) % 12
	if h == 0 {
		h = 12
	}
	return h
}

// Vestibule is the clock of the cotton-swab test fitted into a square of Size:
// the urethral meatus at 12 (top), the posterior fourchette at 6 (bottom), the
// patient's left at 3 (the examiner's right, as in lithotomy). Sites sit on one
// ring round the vestibule, drawn as an oval opening in the centre.
type Vestibule struct{ Size float32 }

const (
	vestOuter  = 0.80 // radius of the site ring's outer edge / (Size/2)
	vestRing   = 0.78 // site ring radius / outer edge
	vestInner  = 0.34 // innermost tappable radius / outer edge
	vestMarker = 0.15 // marker radius / outer edge
)

// Centre is the centre of the vestibule.
func (v Vestibule) Centre() (x, y float32) { return v.Size / 2, v.Size / 2 }

// OuterRadius is the outer edge of the tappable ring.
func (v Vestibule) OuterRadius() float32 { return v.Size / 2 * vestOuter }

// InnerRadius is the inner edge of the tappable ring.
func (v Vestibule) InnerRadius() float32 { return v.OuterRadius() * vestInner }

// RingRadius is the radius of the site markers.
func (v Vestibule) RingRadius() float32 { return v.OuterRadius() * vestRing }

// MarkerRadius is the radius of a site's marker.
func (v Vestibule) MarkerRadius() float32 { return v.OuterRadius() * vestMarker }

// Point is the centre of the marker of the site at the hour.
func (v Vestibule) Point(hour int) (x, y float32) {
	cx, cy := v.Centre()
	return polar(cx, cy, v.RingRadius(), HourAngle(hour))
}

// Polar is the point at radius r and angle deg (clockwise from 12) from the centre.
func (v Vestibule) Polar(r float32, deg float64) (x, y float32) {
	cx, cy := v.Centre()
	return polar(cx, cy, r, deg)
}

// HourLabel is the centre of the hour's number outside the ring.
func (v Vestibule) HourLabel(hour int) (x, y float32) {
	return v.Polar(v.OuterRadius()+v.Size/2*0.085, HourAngle(hour))
}

// HitTest finds the hour under (x, y) (±15° about each hour) between the inner
// and outer edge of the ring; ok is false elsewhere. Whether the hour is a
// configured site is the caller's business.
func (v Vestibule) HitTest(x, y float32) (hour int, ok bool) {
	cx, cy := v.Centre()
	dx, dy := float64(x-cx), float64(y-cy)
	r := float32(math.Hypot(dx, dy))
	if r < v.InnerRadius() || r > v.OuterRadius() {
		return 0, false
	}
	return angleHour(dx, dy), true
}
