package store

import (
	"testing"
	"time"
)

func TestRetentionWorkedCases(t *testing.T) {
	england := RetentionEngland()
	cases := []struct {
		name      string
		rule      RetentionRule
		dob, last Date
		want      Date
	}{
		{"adult: 8 years after the last treatment", england,
			Date{1988, time.March, 14}, Date{2026, time.November, 21}, Date{2034, time.November, 21}},
		{"child of 12 at the last treatment: 25th birthday", england,
			Date{2012, time.May, 10}, Date{2024, time.September, 1}, Date{2037, time.May, 10}},
		{"17 at the end of care: 26th birthday", england,
			Date{2008, time.January, 15}, Date{2025, time.December, 1}, Date{2034, time.January, 15}},
		{"17 until tomorrow: 26th birthday, one day after the adult period", england,
			Date{2007, time.November, 22}, Date{2025, time.November, 21}, Date{2033, time.November, 22}},
		{"18 today: the adult rule", england,
			Date{2007, time.November, 21}, Date{2025, time.November, 21}, Date{2033, time.November, 21}},
		{"born on 29 February: the birthday rolls to 1 March", england,
			Date{2004, time.February, 29}, Date{2016, time.June, 1}, Date{2029, time.March, 1}},
		{"whichever is later: the adult period outlasts a 21st-birthday rule", RetentionRule{AdultAge: 18, AdultYears: 8, MinorUntilAge: 21},
			Date{2009, time.June, 1}, Date{2025, time.June, 15}, Date{2033, time.June, 15}},
		{"whichever is later: the birthday outlasts the adult period", RetentionRule{AdultAge: 18, AdultYears: 8, MinorUntilAge: 21},
			Date{2015, time.June, 1}, Date{2020, time.June, 15}, Date{2036, time.June, 1}},
		{"New South Wales: 17 at the end of care, 25th birthday", RetentionAustraliaNSWVICACT(),
			Date{2008, time.January, 15}, Date{2025, time.December, 1}, Date{2033, time.January, 15}},
		{"New South Wales: adult, 7 years", RetentionAustraliaNSWVICACT(),
			Date{1980, time.July, 4}, Date{2026, time.February, 28}, Date{2033, time.February, 28}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.rule.EarliestDeletion(c.dob, c.last); got != c.want {
				t.Fatalf("EarliestDeletion(%s, %s) = %s, want %s", c.dob, c.last, got, c.want)
			}
		})
	}
}

func TestRetentionSummary(t *testing.T) {
	want := "adults: 8 years after the last treatment; under-18s: to their 25th birthday (26th if 17 at the end of care), or the adult period if that ends later"
	if got := RetentionEngland().Summary(); got != want {
		t.Fatalf("summary %q", got)
	}
	for n, want := range map[int]string{1: "1st", 2: "2nd", 3: "3rd", 11: "11th", 12: "12th", 13: "13th", 21: "21st", 22: "22nd", 25: "25th", 101: "101st", 111: "111th"} {
		if got := ordinal(n); got != want {
			t.Errorf("ordinal(%d) = %q", n, got)
		}
	}
}

func TestDateArithmetic(t *testing.T) {
	d := Date{2026, time.January, 31}
	if got := d.AddDate(0, 1, 0); got != (Date{2026, time.March, 3}) {
		t.Errorf("31 Jan + 1 month = %s", got)
	}
	if got := d.AddDate(0, 0, 42); got != (Date{2026, time.March, 14}) {
		t.Errorf("31 Jan + 42 days = %s", got)
	}
	if !d.After(Date{2025, time.December, 31}) || d.After(d) {
		t.Error("After")
	}
}
