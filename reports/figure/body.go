package figure

import (
	"math"
	"strings"
	"unicode/utf8"
)

// Point is a position in a figure's coordinates: x to the right, y down.
type Point struct{ X, Y float32 }

// Rect is an axis-aligned box: top-left corner, width and height.
type Rect struct{ X, Y, W, H float32 }

// Contains reports whether (x, y) lies in the box.
func (r Rect) Contains(x, y float32) bool {
	return x >= r.X && x <= r.X+r.W && y >= r.Y && y <= r.Y+r.H
}

// Views of the body chart. ViewOther is the row of sites whose names the
// chart does not know (the clinic edits the list).
const (
	ViewFront = "front"
	ViewBack  = "back"
	ViewOther = "other"
)

// TextMetrics tells the layout how big text is, so the screen (Fyne) and the
// page (gofpdf) can each lay labels out with their own fonts.
type TextMetrics struct {
	Size       float32                // font size; 0 means 11
	LineHeight float32                // 0 means 1.25 × Size
	Width      func(s string) float32 // width of s at Size; nil estimates from the rune count
}

func (t TextMetrics) size() float32 {
	if t.Size <= 0 {
		return 11
	}
	return t.Size
}

func (t TextMetrics) lineHeight() float32 {
	if t.LineHeight <= 0 {
		return t.size() * 1.25
	}
	return t.LineHeight
}

func (t TextMetrics) width(s string) float32 {
	if t.Width != nil {
		return t.Width(s)
	}
	return float32(utf8.RuneCountInString(s)) * t.size() * 0.55
}

// Wrap breaks s at spaces into lines no wider than limit where it can (a
// single long word stays whole).
func (t TextMetrics) Wrap(s string, limit float32) []string {
	words := strings.Fields(s)
	if len(words) == 0 {
		return []string{s}
	}
	var lines []string
	cur := words[0]
	for _, w := range words[1:] {
		if t.width(cur+" "+w) <= limit {
			cur += " " + w
			continue
		}
		lines = append(lines, cur)
		cur = w
	}
	return append(lines, cur)
}

// BodyFigure is one outline of the body chart, already scaled into place.
type BodyFigure struct {
	View    string
	Outline []Point   // closed silhouette (the last point joins the first)
	Details [][]Point // open inner lines: spine, gluteal cleft and folds
	Box     Rect      // the figure's bounding box
	Caption Point     // centre of the caption text ("Front", "Back")
	// Centres of the side letters under the feet: the patient's right and
	// left. On the front view the patient's right is on the viewer's left;
	// on the back view it is on the viewer's right.
	PatientRight, PatientLeft Point
}

// SitePlace is where one site of the clinic's list goes.
type SitePlace struct {
	Site    string
	View    string  // ViewFront, ViewBack or ViewOther
	Markers []Point // centres of the tappable markers: two for a site on both sides
	// MarkerSides is the patient's side of each marker, SideRight or
	// SideLeft, for a paired site; nil for a single marker.
	MarkerSides []string
	// The label: its lines, the box they fill, and whether the text is
	// right-aligned in it (labels left of the front figure are).
	Lines      []string
	LabelBox   Rect
	AlignRight bool
	// Leader is a line from the label to the nearest marker (empty in the
	// "other sites" row, where the marker sits beside its label).
	Leader []Point
}

// BodyChartLayout is the external body chart laid out in a box: a front and a
// back outline side by side, a marker per site at its anatomical place with a
// label in a column beside the figure, and any site the chart does not know in
// an "Other sites" row along the bottom.
type BodyChartLayout struct {
	Width, Height float32
	Front, Back   BodyFigure
	Sites         []SitePlace
	MarkerRadius  float32
	TextSize      float32
	LineHeight    float32
	// OtherCaption is the top-left of the "Other sites" caption; HasOther
	// says whether there is such a row at all.
	OtherCaption Point
	HasOther     bool
}

// OtherSitesCaption is the caption of the row of sites the chart does not place.
const OtherSitesCaption = "Other sites:"

// Figure units: the outline is drawn in a box 100 high, x = 0 on the midline.
const (
	bodyUnitsHigh = 100
	bodyHalfWidth = 17.9 // half the span of the hanging arms
)

// bodyHalf is the viewer's-right half of the silhouette, from the top of the
// head clockwise to the crotch; the left half is its mirror image.
var bodyHalf = []Point{
	{0, 0}, {3.6, 0.8}, {5.7, 3.1}, {6.3, 6.7}, {5.8, 10.1}, {4.4, 12.5}, // head
	{3.5, 14.1}, {3.6, 16.0}, // neck
	{6.6, 17.4}, {10.6, 18.5}, {12.9, 19.8}, {14.1, 22.0}, // shoulder
	{15.0, 26}, {15.5, 31}, {16.1, 37}, {16.8, 43}, {17.2, 49}, // outer arm
	{17.5, 52}, {17.8, 55.2}, {17.3, 58.6}, {16.2, 60.1}, {15.1, 59.2}, {15.0, 55.8}, {14.8, 52.2}, // hand
	{14.2, 46}, {13.5, 40}, {12.9, 33}, {12.2, 27.5}, {11.1, 24.6}, // inner arm to armpit
	{10.9, 27.5}, {10.4, 31.5}, {9.0, 37.5}, {9.3, 42.5}, {11.3, 47.5}, {11.9, 52}, // torso and hip
	{11.8, 58}, {10.5, 66}, {9.4, 72}, {9.7, 78}, {8.6, 85}, {6.5, 91.5}, {6.3, 94.2}, // outer leg
	{7.6, 97.0}, {6.8, 99.2}, {3.4, 99.7}, {2.3, 98.0}, // foot
	{2.1, 94.2}, {2.4, 88}, {3.0, 80}, {2.3, 72}, {2.0, 64}, {1.5, 56}, {0, 51.8}, // inner leg to crotch
}

// backDetails are the inner lines of the back view (viewer's-right half where mirrored).
var backSpine = []Point{{0, 18.5}, {0, 44.5}}
var backCleft = []Point{{0, 47.5}, {0, 53.0}}
var backFold = []Point{{0.8, 55.6}, {3.5, 56.6}, {6.5, 56.6}, {9.0, 55.4}}
var frontDetails = [][]Point{
	{{-1.6, 50.2}, {0, 51.3}, {1.6, 50.2}}, // groin crease hint under the pubis
}

type siteSpec struct {
	key     string
	view    string
	markers []Point // in figure units, viewer's-right x (mirrored when both)
	both    bool    // a marker on each side
	match   []string
}

// knownSites are the places the chart knows, in figure units. Front view: the
// patient faces us. Back view: we see the patient's back.
var knownSites = []siteSpec{
	{key: "abdominals", view: ViewFront, markers: []Point{{0, 37}}, match: []string{"abdominal", "rectus abdominis", "oblique"}},
	{key: "iliopsoas", view: ViewFront, markers: []Point{{6.4, 45.6}}, both: true, match: []string{"iliopsoas", "psoas", "iliacus", "hip flexor"}},
	{key: "pubic symphysis", view: ViewFront, markers: []Point{{0, 49.6}}, match: []string{"symphysis", "pubic", "pubis"}},
	{key: "adductors", view: ViewFront, markers: []Point{{4.5, 58.5}}, both: true, match: []string{"adductor"}},
	{key: "quadratus lumborum", view: ViewBack, markers: []Point{{5.4, 38.5}}, both: true, match: []string{"quadratus", "lumborum"}},
	{key: "sacroiliac joints", view: ViewBack, markers: []Point{{3.5, 45.2}}, both: true, match: []string{"sacroiliac", "sij", "si joint"}},
	{key: "piriformis", view: ViewBack, markers: []Point{{9.2, 48.6}}, both: true, match: []string{"piriformis"}},
	{key: "coccyx", view: ViewBack, markers: []Point{{0, 50.8}}, match: []string{"coccyx", "coccyg", "tailbone"}},
	{key: "gluteals", view: ViewBack, markers: []Point{{5.4, 54.6}}, both: true, match: []string{"glut", "buttock"}},
	{key: "hamstrings", view: ViewBack, markers: []Point{{5.6, 64}}, both: true, match: []string{"hamstring"}},
}

// minMarkerGap is the least distance between two markers' centres in
// figure units; see TestBodyChartMarkerGap.
const minMarkerGap = 6.5

// matchSite is the known place whose words the site's name holds, or nil.
func matchSite(name string) *siteSpec {
	n := strings.ToLower(name)
	for i := range knownSites {
		for _, m := range knownSites[i].match {
			if strings.Contains(n, m) {
				return &knownSites[i]
			}
		}
	}
	return nil
}

// KnownSite reports whether the chart places a site of this name on a figure
// (rather than in the "Other sites" row).
func KnownSite(name string) bool { return matchSite(name) != nil }

// LayoutBodyChart lays the chart out in a width × height box for the clinic's
// list of sites, in its order. A name the chart knows (case-insensitive, by
// its main word: "Adductors", "Left adductor" and "adductor longus" are all the
// adductors) goes to its anatomical place; the second name for a place
// already taken, and any name it does not know, goes to the "Other sites"
// row. markerRadius is the radius of a marker (0 means 8).
func LayoutBodyChart(width, height float32, sites []string, tm TextMetrics, markerRadius float32) BodyChartLayout {
	if markerRadius <= 0 {
		markerRadius = 8
	}
	l := BodyChartLayout{Width: width, Height: height, MarkerRadius: markerRadius,
		TextSize: tm.size(), LineHeight: tm.lineHeight()}
	lh := tm.lineHeight()
	pad := float32(4)

	var otherPlaces []SitePlace
	// Which sites go where.
	type placed struct {
		name string
		spec *siteSpec
	}
	var onFigure []placed
	var others []string
	taken := map[string]bool{}
	for _, s := range sites {
		spec := matchSite(s)
		if spec == nil || taken[spec.key] {
			others = append(others, s)
			continue
		}
		taken[spec.key] = true
		onFigure = append(onFigure, placed{s, spec})
	}

	// The "Other sites" row(s) under the figures: chips of a marker and
	// its name, wrapped to the width.
	var otherH, rowH float32
	type chip struct {
		x   float32
		row int
	}
	var chips []chip
	if len(others) > 0 {
		l.HasOther = true
		rowH = max(2*markerRadius, lh) + 6
		start := pad + tm.width(OtherSitesCaption) + 8
		x := start
		rows := 1
		for _, s := range others {
			w := 2*markerRadius + 4 + tm.width(s)
			if x+w > width-pad && x > start {
				rows++
				x = start
			}
			chips = append(chips, chip{x, rows - 1})
			x += w + 12
		}
		otherH = float32(rows)*rowH + 6
	}

	// Label columns: front labels on the far left, back labels on the far right.
	colLimit := width * 0.19
	labelLines := make([][]string, len(onFigure))
	var colW [2]float32 // front, back
	for i, p := range onFigure {
		labelLines[i] = tm.Wrap(p.name, colLimit)
		for _, ln := range labelLines[i] {
			c := 0
			if p.spec.view == ViewBack {
				c = 1
			}
			colW[c] = max(colW[c], tm.width(ln))
		}
	}
	colW[0], colW[1] = min(colW[0], colLimit), min(colW[1], colLimit)
	labelGap := float32(8)
	if colW[0] == 0 {
		labelGap = 0
	}
	labelGapB := float32(8)
	if colW[1] == 0 {
		labelGapB = 0
	}

	// Figure scale: two figures side by side between the label columns,
	// above the caption line and the other-sites row.
	captionH := lh + 4
	figTop := pad + markerRadius/2
	figAvailH := height - otherH - captionH - figTop - 2
	figGap := float32(8)
	figAvailW := width - colW[0] - colW[1] - labelGap - labelGapB - figGap - 2*pad
	scale := min(figAvailH/bodyUnitsHigh, figAvailW/(4*bodyHalfWidth))
	scale = max(scale, 0.1)
	figW := 2 * bodyHalfWidth * scale
	groupW := colW[0] + labelGap + 2*figW + figGap + labelGapB + colW[1]
	left := (width - groupW) / 2
	frontCx := left + colW[0] + labelGap + figW/2
	backCx := frontCx + figW + figGap
	figH := bodyUnitsHigh * scale
	// Shrink the markers on a small chart so neighbours never overlap.
	if r := minMarkerGap*scale/2 - 0.5; r < l.MarkerRadius {
		l.MarkerRadius = max(r, 4)
	}
	markerRadius = l.MarkerRadius
	// Centre the figures, captions and other sites in the height.
	figTop += (figAvailH - figH) / 2
	if l.HasOther {
		top := figTop + figH + captionH + 6
		l.OtherCaption = Point{pad, top + (rowH-lh)/2}
		for i, s := range others {
			cy := top + float32(chips[i].row)*rowH + rowH/2
			mx := chips[i].x + markerRadius
			otherPlaces = append(otherPlaces, SitePlace{
				Site: s, View: ViewOther,
				Markers:  []Point{{mx, cy}},
				Lines:    []string{s},
				LabelBox: Rect{mx + markerRadius + 4, cy - lh/2, tm.width(s), lh},
			})
		}
	}

	toScreen := func(cx float32, p Point) Point { return Point{cx + p.X*scale, figTop + p.Y*scale} }
	makeFigure := func(view string, cx float32) BodyFigure {
		f := BodyFigure{View: view}
		for _, p := range smoothClosed(mirrorOutline(bodyHalf), 4) {
			f.Outline = append(f.Outline, toScreen(cx, p))
		}
		var details [][]Point
		if view == ViewBack {
			details = [][]Point{backSpine, backCleft, smoothOpen(backFold, 4), smoothOpen(mirror(backFold), 4)}
		} else {
			details = frontDetails
		}
		for _, d := range details {
			var line []Point
			for _, p := range d {
				line = append(line, toScreen(cx, p))
			}
			f.Details = append(f.Details, line)
		}
		f.Box = Rect{cx - figW/2, figTop, figW, figH}
		f.Caption = Point{cx, figTop + figH + captionH/2 + 1}
		viewerLeft := Point{cx - 12*scale, figTop + figH + captionH/2 + 1}
		viewerRight := Point{cx + 12*scale, figTop + figH + captionH/2 + 1}
		if view == ViewFront {
			f.PatientRight, f.PatientLeft = viewerLeft, viewerRight
		} else {
			f.PatientRight, f.PatientLeft = viewerRight, viewerLeft
		}
		return f
	}
	l.Front = makeFigure(ViewFront, frontCx)
	l.Back = makeFigure(ViewBack, backCx)

	// Markers, then labels stacked in their columns in the order of their
	// markers from top to bottom, pushed apart where they would overlap.
	figPlaces := make([]SitePlace, len(onFigure))
	for i, p := range onFigure {
		cx := frontCx
		if p.spec.view == ViewBack {
			cx = backCx
		}
		sp := SitePlace{Site: p.name, View: p.spec.view, Lines: labelLines[i]}
		for _, m := range p.spec.markers {
			if p.spec.both {
				// The label side's marker first: left of the front
				// figure, right of the back figure.
				// Either way the first is the patient's right: the
				// viewer's left on the front, the viewer's right on the back.
				if p.spec.view == ViewFront {
					sp.Markers = append(sp.Markers, toScreen(cx, Point{-m.X, m.Y}), toScreen(cx, m))
				} else {
					sp.Markers = append(sp.Markers, toScreen(cx, m), toScreen(cx, Point{-m.X, m.Y}))
				}
				sp.MarkerSides = append(sp.MarkerSides, SideRight, SideLeft)
			} else {
				sp.Markers = append(sp.Markers, toScreen(cx, m))
			}
		}
		figPlaces[i] = sp
	}
	for c, view := range []string{ViewFront, ViewBack} {
		var idx []int
		for i := range figPlaces {
			if figPlaces[i].View == view {
				idx = append(idx, i)
			}
		}
		// Sort by the marker's height (insertion sort keeps list order on ties).
		for a := 1; a < len(idx); a++ {
			for b := a; b > 0 && figPlaces[idx[b]].Markers[0].Y < figPlaces[idx[b-1]].Markers[0].Y; b-- {
				idx[b], idx[b-1] = idx[b-1], idx[b]
			}
		}
		tops := make([]float32, len(idx))
		hs := make([]float32, len(idx))
		gap := float32(5)
		for k, i := range idx {
			hs[k] = float32(len(figPlaces[i].Lines)) * lh
			tops[k] = figPlaces[i].Markers[0].Y - hs[k]/2
			if k > 0 {
				tops[k] = max(tops[k], tops[k-1]+hs[k-1]+gap)
			}
		}
		// Pull back up from the bottom if the stack ran off the figure.
		limit := figTop + figH
		for k := len(idx) - 1; k >= 0; k-- {
			over := tops[k] + hs[k] - limit
			if over > 0 {
				tops[k] -= over
			}
			limit = tops[k] - gap
		}
		for k, i := range idx {
			sp := &figPlaces[i]
			m := sp.Markers[0]
			var w float32
			for _, ln := range sp.Lines {
				w = max(w, tm.width(ln))
			}
			cy := tops[k] + hs[k]/2
			var from Point
			if c == 0 {
				x := left + colW[0]
				sp.LabelBox = Rect{x - w, tops[k], w, hs[k]}
				sp.AlignRight = true
				from = Point{x + 3, cy}
			} else {
				x := backCx + figW/2 + labelGapB
				sp.LabelBox = Rect{x, tops[k], w, hs[k]}
				from = Point{x - 3, cy}
			}
			// Stop the leader at the marker's rim.
			dx, dy := m.X-from.X, m.Y-from.Y
			d := float32(math.Hypot(float64(dx), float64(dy)))
			to := m
			if d > markerRadius {
				to = Point{m.X - dx/d*markerRadius, m.Y - dy/d*markerRadius}
			}
			sp.Leader = []Point{from, to}
		}
	}
	l.Sites = append(figPlaces, otherPlaces...)
	// Keep the clinic's order.
	order := map[string]int{}
	for i, s := range sites {
		if _, ok := order[s]; !ok {
			order[s] = i
		}
	}
	for a := 1; a < len(l.Sites); a++ {
		for b := a; b > 0 && order[l.Sites[b].Site] < order[l.Sites[b-1].Site]; b-- {
			l.Sites[b], l.Sites[b-1] = l.Sites[b-1], l.Sites[b]
		}
	}
	return l
}

// Place is the placement of the named site, or nil.
func (l BodyChartLayout) Place(site string) *SitePlace {
	for i := range l.Sites {
		if l.Sites[i].Site == site {
			return &l.Sites[i]
		}
	}
	return nil
}

// Sides of a paired site, as the patient sees them (the store's words).
const (
	SideRight = "right"
	SideLeft  = "left"
)

// HitTest finds the site under (x, y): a marker (within its radius plus a
// few points of slack, the nearest if two are close) or a label.
func (l BodyChartLayout) HitTest(x, y float32) (site string, ok bool) {
	site, _, ok = l.HitTestSide(x, y)
	return site, ok
}

// HitTestSide is HitTest that also says which side's marker of a paired
// site was hit: SideRight or SideLeft, or "" for a single marker or a label.
func (l BodyChartLayout) HitTestSide(x, y float32) (site, side string, ok bool) {
	best := float32(math.MaxFloat32)
	reach := l.MarkerRadius + 3
	for _, sp := range l.Sites {
		for i, m := range sp.Markers {
			d := float32(math.Hypot(float64(x-m.X), float64(y-m.Y)))
			if d <= reach && d < best {
				best, site, side, ok = d, sp.Site, "", true
				if i < len(sp.MarkerSides) {
					side = sp.MarkerSides[i]
				}
			}
		}
	}
	if ok {
		return site, side, ok
	}
	for _, sp := range l.Sites {
		if sp.LabelBox.Contains(x, y) {
			return sp.Site, "", true
		}
	}
	return "", "", false
}

// MarkerShows reports whether a mark charted on markSide colours the
// marker on markerSide: a one-sided mark colours only its own side of a
// paired site; a mark for both sides, the midline or no side colours all.
func MarkerShows(markSide, markerSide string) bool {
	if markerSide == "" || (markSide != SideRight && markSide != SideLeft) {
		return true
	}
	return markSide == markerSide
}

func mirror(ps []Point) []Point {
	out := make([]Point, len(ps))
	for i, p := range ps {
		out[i] = Point{-p.X, p.Y}
	}
	return out
}

// mirrorOutline closes a half outline (top of the midline to the bottom of
// the midline, clockwise) with its mirror image.
func mirrorOutline(half []Point) []Point {
	out := append([]Point(nil), half...)
	for i := len(half) - 2; i >= 1; i-- {
		out = append(out, Point{-half[i].X, half[i].Y})
	}
	return out
}

// catmullRom samples the centripetal-free (uniform) Catmull-Rom segment from
// p1 to p2 at t.
func catmullRom(p0, p1, p2, p3 Point, t float32) Point {
	t2, t3 := t*t, t*t*t
	f := func(a, b, c, d float32) float32 {
		return 0.5 * (2*b + (-a+c)*t + (2*a-5*b+4*c-d)*t2 + (-a+3*b-3*c+d)*t3)
	}
	return Point{f(p0.X, p1.X, p2.X, p3.X), f(p0.Y, p1.Y, p2.Y, p3.Y)}
}

// smoothClosed turns a closed control polygon into a smooth closed polyline
// through its points, n samples per edge.
func smoothClosed(ps []Point, n int) []Point {
	k := len(ps)
	var out []Point
	for i := 0; i < k; i++ {
		p0, p1, p2, p3 := ps[(i-1+k)%k], ps[i], ps[(i+1)%k], ps[(i+2)%k]
		for s := 0; s < n; s++ {
			out = append(out, catmullRom(p0, p1, p2, p3, float32(s)/float32(n)))
		}
	}
	return out
}

// smoothOpen is smoothClosed for an open polyline (ends kept).
func smoothOpen(ps []Point, n int) []Point {
	k := len(ps)
	if k < 3 {
		return ps
	}
	var out []Point
	for i := 0; i < k-1; i++ {
		p0, p1, p2, p3 := ps[max(i-1, 0)], ps[i], ps[i+1], ps[min(i+2, k-1)]
		for s := 0; s < n; s++ {
			out = append(out, catmullRom(p0, p1, p2, p3, float32(s)/float32(n)))
		}
	}
	return append(out, ps[k-1])
}
