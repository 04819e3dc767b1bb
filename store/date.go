package store

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar date with no time of day and no time zone, such as a
// date of birth. The zero Date means "not recorded".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the calendar date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d == Date{} }

// String gives the ISO 8601 form, 1988-03-14, used on the command line and on disk.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Display gives the unambiguous form a clinician reads, 14 Mar 1988.
func (d Date) Display() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d %s %d", d.Day, d.Month.String()[:3], d.Year)
}

// Numeric gives the day-first form typed in British and Australian clinics, 14/03/1988.
func (d Date) Numeric() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%02d/%02d/%04d", d.Day, int(d.Month), d.Year)
}

// Before reports whether d is earlier than o.
func (d Date) Before(o Date) bool {
	if d.Year != o.Year {
		return d.Year < o.Year
	}
	if d.Month != o.Month {
		return d.Month < o.Month
	}
	return d.Day < o.Day
}

// AgeOn returns the age in whole years on the given day.
func (d Date) AgeOn(on Date) int {
	age := on.Year - d.Year
	if on.Month < d.Month || (on.Month == d.Month && on.Day < d.Day) {
		age--
	}
	return age
}

// valid reports whether the date exists in the calendar (no 31 April, no 29 February 2023).
func (d Date) valid() bool {
	if d.Month < time.January || d.Month > time.December || d.Day < 1 {
		return false
	}
	t := time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC)
	return t.Day() == d.Day && t.Month() == d.Month
}

// MarshalJSON stores the ISO form.
func (d Date) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON reads the ISO form; an empty string is the zero Date.
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == "" {
		*d = Date{}
		return nil
	}
	v, err := parseISO(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

func parseISO(s string) (Date, error) {
	parts := strings.Split(s, "-")
	if len(parts) != 3 || len(parts[0]) != 4 {
		return Date{}, fmt.Errorf("%q is not a date in the form 1988-03-14", s)
	}
	return dateFromParts(parts[0], parts[1], parts[2])
}

func dateFromParts(ys, ms, ds string) (Date, error) {
	y, e1 := strconv.Atoi(ys)
	m, e2 := strconv.Atoi(ms)
	d, e3 := strconv.Atoi(ds)
	if e1 != nil || e2 != nil || e3 != nil {
		return Date{}, errNotADate
	}
	v := Date{y, time.Month(m), d}
	if !v.valid() {
		return Date{}, errNoSuchDay
	}
	return v, nil
}

var (
	errNotADate  = fmt.Errorf("write the date as day/month/year, for example 14/03/1988")
	errNoSuchDay = fmt.Errorf("that day does not exist in the calendar")
)

var monthNames = map[string]time.Month{}

func init() {
	for m := time.January; m <= time.December; m++ {
		full := strings.ToLower(m.String())
		monthNames[full] = m
		monthNames[full[:3]] = m
	}
	monthNames["sept"] = time.September
}

// ParseDate reads a date the way clinicians type it: day first (14/03/1988,
// 14-03-1988, 14.03.1988, 14 3 1988), ISO (1988-03-14), or with the month in
// words (14 Mar 1988, 14 March 1988). Two-digit years are refused: a date of
// birth must not be guessed.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	if len(s) == 10 && s[4] == '-' && s[7] == '-' {
		return parseISO(s)
	}
	fields := strings.FieldsFunc(s, func(r rune) bool {
		return r == '/' || r == '-' || r == '.' || r == ' ' || r == ','
	})
	if len(fields) != 3 {
		return Date{}, errNotADate
	}
	day, month, year := fields[0], fields[1], fields[2]
	if m, ok := monthNames[strings.ToLower(month)]; ok {
		month = strconv.Itoa(int(m))
	}
	if len(year) != 4 {
		return Date{}, fmt.Errorf("write the year in full, for example 1988")
	}
	return dateFromParts(year, month, day)
}

// Time is the date at noon UTC, for placing it on a time axis.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC) }
