package store

import (
	"regexp"
	"strings"
)

// Coding systems a diagnosis may carry a code from.
const (
	SystemNone   = ""
	SystemSNOMED = "SNOMED CT"
	SystemICD10  = "ICD-10"
	SystemICD11  = "ICD-11"
)

// CodeSystems lists the systems a form offers, in order.
var CodeSystems = []string{SystemSNOMED, SystemICD10, SystemICD11, SystemNone}

var (
	// ICD-10 (WHO and national modifications): a letter, two characters, then
	// optionally a point and up to four more: N94.1, N94.10, C4A.0.
	icd10Shape = regexp.MustCompile(`^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$`)
	// ICD-11 MMS stem codes: chapter character, a letter, a digit, one more
	// character, then optionally a point and up to two: HA20, GA34.0, 1A00.
	// ICD-11 never uses the letters I and O.
	icd11Shape = regexp.MustCompile(`^[0-9A-HJ-NP-Z][A-HJ-NP-Z][0-9][0-9A-HJ-NP-Z](\.[0-9A-HJ-NP-Z]{1,2})?$`)
)

// NormaliseCode writes a code the way its system does: capitals, and no
// spaces inside a SNOMED CT identifier.
func NormaliseCode(system, code string) string {
	code = strings.TrimSpace(code)
	switch system {
	case SystemSNOMED:
		return strings.Join(strings.Fields(code), "")
	case SystemICD10, SystemICD11:
		return strings.ToUpper(code)
	}
	return code
}

// codeProblem says what is wrong with a normalised code for its system, or "".
func codeProblem(system, code string) string {
	switch system {
	case SystemSNOMED:
		if !snomedShape(code) {
			return "a SNOMED CT code is 6 to 18 digits ending in a check digit, for example 71315007 (dyspareunia); check it was copied in full"
		}
	case SystemICD10:
		if !icd10Shape.MatchString(code) {
			return "an ICD-10 code looks like N94.1"
		}
	case SystemICD11:
		if !icd11Shape.MatchString(code) {
			return "an ICD-11 code looks like HA20 or GA34.0"
		}
	}
	return ""
}

// snomedShape reports whether s is a SNOMED CT identifier: 6 to 18 digits,
// no leading zero, and a correct Verhoeff check digit.
func snomedShape(s string) bool {
	if len(s) < 6 || len(s) > 18 || s[0] == '0' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return verhoeffValid(s)
}

// Verhoeff's dihedral-group check digit, as SNOMED CT uses it.
var (
	verhoeffD = [10][10]byte{
		{0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
		{1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
		{2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
		{3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
		{4, 0, 1, 2, 3, 9, 5, 6, 7, 8},
		{5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
		{6, 5, 9, 8, 7, 1, 0, 4, 3, 2},
		{7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
		{8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
		{9, 8, 7, 6, 5, 4, 3, 2, 1, 0},
	}
	verhoeffP = [8][10]byte{
		{0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
		{1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
		{5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
		{8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
		{9, 4, 5, 3, 1, 2, 6, 8, 7, 0},
		{4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
		{2, 7, 9, 3, 8, 0, 6, 4, 1, 5},
		{7, 0, 4, 6, 9, 1, 3, 2, 5, 8},
	}
)

// verhoeffValid checks a string of digits whose last digit is its Verhoeff check digit.
func verhoeffValid(digits string) bool {
	c := byte(0)
	for i := 0; i < len(digits); i++ {
		d := digits[len(digits)-1-i] - '0'
		c = verhoeffD[c][verhoeffP[i%8][d]]
	}
	return c == 0
}
