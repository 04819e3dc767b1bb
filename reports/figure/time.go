package figure

import "time"

// TimeScale maps dates onto x between X0 and X1, for the trend chart and the
// dilator ladder.
type TimeScale struct {
	From, To time.Time
	X0, X1   float32
}

// NewTimeScale spans the earliest to the latest of times between x0 and x1.
// A single day (or none) is widened to a week either side so its point sits
// in the middle.
func NewTimeScale(times []time.Time, x0, x1 float32) TimeScale {
	s := TimeScale{X0: x0, X1: x1}
	for i, t := range times {
		if i == 0 || t.Before(s.From) {
			s.From = t
		}
		if i == 0 || t.After(s.To) {
			s.To = t
		}
	}
	if s.To.Sub(s.From) < 24*time.Hour {
		mid := s.From
		s.From, s.To = mid.AddDate(0, 0, -7), mid.AddDate(0, 0, 7)
	}
	return s
}

// X is the position of t.
func (s TimeScale) X(t time.Time) float32 {
	span := s.To.Sub(s.From)
	if span <= 0 {
		return (s.X0 + s.X1) / 2
	}
	return s.X0 + (s.X1-s.X0)*float32(float64(t.Sub(s.From))/float64(span))
}

// TimeTick is a labelled mark on the time axis.
type TimeTick struct {
	At    time.Time
	X     float32
	Label string
}

// Ticks marks the starts of weeks (Mondays, "9 Mar"), months ("Mar", or
// "Jan 2027" at a new year) or years strictly inside the scale, choosing the
// finest unit whose marks are at least minGap apart.
func (s TimeScale) Ticks(minGap float32) []TimeTick {
	loc := s.From.Location()
	type unit struct {
		first func(time.Time) time.Time
		next  func(time.Time) time.Time
		label func(time.Time) string
	}
	monthStart := func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, loc) }
	monthLabel := func(t time.Time) string {
		if t.Month() == time.January {
			return t.Format("Jan 2006")
		}
		return t.Format("Jan")
	}
	units := []unit{
		{ // weeks
			first: func(t time.Time) time.Time {
				d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
				return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
			},
			next:  func(t time.Time) time.Time { return t.AddDate(0, 0, 7) },
			label: func(t time.Time) string { return t.Format("2 Jan") },
		},
		{first: monthStart, next: func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }, label: monthLabel},
		{first: monthStart, next: func(t time.Time) time.Time { return t.AddDate(0, 3, 0) }, label: monthLabel},
		{first: func(t time.Time) time.Time { return time.Date(t.Year(), 1, 1, 0, 0, 0, 0, loc) },
			next: func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }, label: func(t time.Time) string { return t.Format("2006") }},
	}
	for _, u := range units {
		var ticks []TimeTick
		for t := u.first(s.From); !t.After(s.To); t = u.next(t) {
			if t.After(s.From) && t.Before(s.To) {
				ticks = append(ticks, TimeTick{At: t, X: s.X(t), Label: u.label(t)})
			}
		}
		ok := true
		for i := 1; i < len(ticks); i++ {
			if ticks[i].X-ticks[i-1].X < minGap {
				ok = false
				break
			}
		}
		if ok {
			return ticks
		}
	}
	return nil
}

// ValueY maps v from [lo, hi] onto y from bottom (lo) to top (hi), clamped.
// With lo == hi every value sits half-way.
func ValueY(v, lo, hi float64, bottom, top float32) float32 {
	if hi <= lo {
		return (bottom + top) / 2
	}
	f := (v - lo) / (hi - lo)
	f = max(0, min(1, f))
	return bottom + (top-bottom)*float32(f)
}

// DateLabel is how the figures write a date: "2 Mar 2026".
func DateLabel(t time.Time) string { return t.Format("2 Jan 2006") }
