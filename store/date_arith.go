package store

import "time"

// AddDate returns the date years, months and days after d. A day that does
// not exist in the target month rolls forward, as time.Time.AddDate does:
// 29 Feb 2024 plus one year is 1 Mar 2025. For retention that errs on the
// side of keeping a record one day longer.
func (d Date) AddDate(years, months, days int) Date {
	return DateOf(d.midday().AddDate(years, months, days))
}

// After reports whether d is later than o.
func (d Date) After(o Date) bool { return o.Before(d) }

// midday is noon UTC on d, away from any daylight-saving edge.
func (d Date) midday() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC)
}

// laterDate returns whichever of a and b is later.
func laterDate(a, b Date) Date {
	if a.Before(b) {
		return b
	}
	return a
}
