package store

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Shared pieces of validation: field paths, text limits, number ranges and
// times. Every record's Validate is written with these so the same fault
// reads the same way everywhere.

// Length limits for free text, in characters.
const (
	maxLongText  = 20000 // subjective, examination, assessment, plan
	maxNote      = 2000  // notes and reasons
	maxShortNote = 500   // a note on one point or one goal
	maxLabel     = 100   // a role, a profession, a muscle or site name
	maxRefLen    = 64    // an ID referring to another record
)

// clockSkew is how far ahead of the clinic's clock a time may be and still
// count as "now": two laptops rarely agree to the second.
const clockSkew = 5 * time.Minute

// earliestCare is the earliest date a treatment, measure or letter in this
// app can carry: anything before is a typing slip.
var earliestCare = Date{1990, time.January, 1}

// Messages used by more than one record.
const (
	msgNRS     = "pain is scored from 0 (none) to 10 (worst imaginable)"
	msgOxford  = "the Modified Oxford Scale runs from 0 (no contraction) to 5 (strong)"
	msgHour    = "clock positions run from 1 to 12 o'clock"
	msgMinutes = "minutes run from 1 to 120; leave it empty if not recorded"
)

// at joins a field name onto the path of the record that holds it.
func at(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// nth names the i-th element (from 0) of a list field.
func nth(list string, i int) string { return list + "[" + strconv.Itoa(i) + "]" }

// checkText reports free text that is too long or holds a character that
// cannot be printed. Multi-line text may hold newlines and tabs. It reports
// whether the text was fine.
func checkText(v *ValidationError, field, noun, s string, max int, multiline bool) bool {
	switch {
	case utf8.RuneCountInString(s) > max:
		v.add(field, fmt.Sprintf("keep the %s under %s characters", noun, thousands(max)))
	case hasControl(s, multiline):
		v.add(field, fmt.Sprintf("the %s contains a character that cannot be printed", noun))
	default:
		return true
	}
	return false
}

// checkRequiredText is checkText for text that must be there.
func checkRequiredText(v *ValidationError, field, missing, noun, s string, max int, multiline bool) bool {
	if strings.TrimSpace(s) == "" {
		v.add(field, missing)
		return false
	}
	return checkText(v, field, noun, s, max, multiline)
}

// checkRef checks an ID that refers to another record.
func checkRef(v *ValidationError, field, missing, id string) {
	switch {
	case id == "":
		if missing != "" {
			v.add(field, missing)
		}
	case len(id) > maxRefLen || hasControl(id, false) || strings.ContainsAny(id, " \t"):
		v.add(field, "this reference is not a record ID")
	}
}

// checkNRS checks an optional pain score.
func checkNRS(v *ValidationError, field string, n *int) {
	if n != nil {
		checkInt(v, field, *n, 0, 10, msgNRS)
	}
}

func checkInt(v *ValidationError, field string, n, lo, hi int, msg string) {
	if n < lo || n > hi {
		v.add(field, msg)
	}
}

// checkMinutes checks an optional duration: 0 means not recorded.
func checkMinutes(v *ValidationError, field string, n int) {
	if n != 0 {
		checkInt(v, field, n, 1, 120, msgMinutes)
	}
}

// checkWhen checks a time something happened: not before 1990 and not ahead
// of the clinic's clock. A zero time is refused with missing, or allowed when
// missing is "". It reports whether the time is a usable one.
func checkWhen(v *ValidationError, field, missing string, t, now time.Time) bool {
	switch {
	case t.IsZero():
		if missing != "" {
			v.add(field, missing)
		}
	case DateOf(t).Before(earliestCare):
		v.add(field, "a date before 1990 cannot be right")
	case t.After(now.Add(clockSkew)):
		v.add(field, "this time is still in the future")
	default:
		return true
	}
	return false
}

// checkPastDate checks an optional calendar date that must not be after today.
func checkPastDate(v *ValidationError, field string, d, today, notBefore Date, what string) bool {
	switch {
	case d.IsZero():
		return true
	case !d.valid():
		v.add(field, "that day does not exist in the calendar")
	case d.Before(notBefore):
		v.add(field, what)
	case today.Before(d):
		v.add(field, "this date is still in the future")
	default:
		return true
	}
	return false
}

// oneOf reports whether x is among allowed.
func oneOf[T ~string](x T, allowed ...T) bool {
	for _, a := range allowed {
		if x == a {
			return true
		}
	}
	return false
}

// orList writes "a, b or c".
func orList[T ~string](xs []T) string {
	words := make([]string, 0, len(xs))
	for _, x := range xs {
		if x != "" {
			words = append(words, string(x))
		}
	}
	return joinWords(words, "or")
}

// joinWords writes "a, b and c" with the given last joining word.
func joinWords(words []string, last string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " " + last + " " + words[len(words)-1]
}

// thousands writes 20000 as "20,000".
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// hours writes clock positions as "2, 4 and 6 o'clock".
func hours(hs []int) string {
	if len(hs) == 0 {
		return "no positions"
	}
	words := make([]string, len(hs))
	for i, h := range hs {
		words[i] = strconv.Itoa(h)
	}
	return joinWords(words, "and") + " o'clock"
}

// normText trims surrounding space and turns Windows line endings into newlines.
func normText(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
}

// normLine collapses a one-line field's runs of space.
func normLine(s string) string { return strings.Join(strings.Fields(s), " ") }
