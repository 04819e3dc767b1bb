package store

import "fmt"

// RetentionRule says how long a patient's record must be kept after the last
// treatment. Deleting a record before EarliestDeletion is refused.
//
// England (DOMAIN §7): adults 8 years after the last treatment; children to
// their 25th birthday, or their 26th if they were 17 at the end of care.
// New South Wales, Victoria and the ACT: 7 years; minors to their 25th birthday.
type RetentionRule struct {
	Jurisdiction      string `json:"jurisdiction"`        // shown in settings, e.g. "England"
	AdultAge          int    `json:"adult_age"`           // 18: from this age the adult rule alone applies
	AdultYears        int    `json:"adult_years"`         // 8: years kept after the last treatment
	MinorUntilAge     int    `json:"minor_until_age"`     // 25: a minor's record is kept at least to this birthday
	SeventeenUntilAge int    `json:"seventeen_until_age"` // 26: ...or to this one if 17 at the end of care; 0 = no such rule
}

// RetentionEngland is the default rule.
func RetentionEngland() RetentionRule {
	return RetentionRule{Jurisdiction: "England", AdultAge: 18, AdultYears: 8, MinorUntilAge: 25, SeventeenUntilAge: 26}
}

// RetentionAustraliaNSWVICACT is the rule in New South Wales, Victoria and the ACT.
func RetentionAustraliaNSWVICACT() RetentionRule {
	return RetentionRule{Jurisdiction: "New South Wales, Victoria, ACT", AdultAge: 18, AdultYears: 7, MinorUntilAge: 25}
}

// EarliestDeletion returns the first day on which the record of a patient
// born on dob and last treated on lastTreatment may be destroyed. For someone
// treated as a minor both periods run and whichever ends later applies.
func (r RetentionRule) EarliestDeletion(dob Date, lastTreatment Date) Date {
	keep := lastTreatment.AddDate(r.AdultYears, 0, 0)
	age := dob.AgeOn(lastTreatment)
	if age >= r.AdultAge {
		return keep
	}
	until := r.MinorUntilAge
	if age == 17 && r.SeventeenUntilAge > 0 {
		until = r.SeventeenUntilAge
	}
	return laterDate(keep, dob.AddDate(until, 0, 0))
}

// Summary states the rule in a sentence for the settings screen.
func (r RetentionRule) Summary() string {
	s := fmt.Sprintf("adults: %d years after the last treatment; under-%ds: to their %s birthday",
		r.AdultYears, r.AdultAge, ordinal(r.MinorUntilAge))
	if r.SeventeenUntilAge > 0 {
		s += fmt.Sprintf(" (%s if 17 at the end of care)", ordinal(r.SeventeenUntilAge))
	}
	return s + ", or the adult period if that ends later"
}

func ordinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return fmt.Sprint(n) + suffix
}

// check adds the rule's faults under prefix.
func (r RetentionRule) check(v *ValidationError, prefix string) {
	checkText(v, at(prefix, "jurisdiction"), "jurisdiction", r.Jurisdiction, maxLabel, false)
	checkInt(v, at(prefix, "adult_age"), r.AdultAge, 16, 21, "adulthood for records starts between 16 and 21")
	checkInt(v, at(prefix, "adult_years"), r.AdultYears, 1, 100, "records are kept between 1 and 100 years after the last treatment")
	checkInt(v, at(prefix, "minor_until_age"), r.MinorUntilAge, r.AdultAge, 100,
		fmt.Sprintf("a minor's record is kept at least to a birthday from the %s to the 100th", ordinal(r.AdultAge)))
	if r.SeventeenUntilAge != 0 {
		checkInt(v, at(prefix, "seventeen_until_age"), r.SeventeenUntilAge, r.MinorUntilAge, 100,
			"the birthday for someone 17 at the end of care is no earlier than the one for other minors; 0 turns it off")
	}
}
