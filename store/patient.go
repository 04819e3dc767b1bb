package store

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Sex as recorded on the patient's demographic record.
type Sex string

const (
	SexNotRecorded Sex = ""
	SexFemale      Sex = "female"
	SexMale        Sex = "male"
	SexIntersex    Sex = "intersex"
)

// Sexes lists the values a form offers, in order.
var Sexes = []Sex{SexFemale, SexMale, SexIntersex, SexNotRecorded}

// Label is the word shown on screen.
func (s Sex) Label() string {
	switch s {
	case SexFemale:
		return "Female"
	case SexMale:
		return "Male"
	case SexIntersex:
		return "Intersex"
	case SexNotRecorded:
		return "Not recorded"
	}
	return string(s)
}

// SexFromLabel is the inverse of Label.
func SexFromLabel(label string) Sex {
	for _, s := range Sexes {
		if s.Label() == label {
			return s
		}
	}
	return Sex(label)
}

// Patient is a person on the clinic's books: who they are, how to reach them,
// who referred them and why, the flags that drive safety rules, and their goals.
type Patient struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	DateOfBirth Date      `json:"dob"`
	Sex         Sex       `json:"sex,omitempty"`
	Phone       string    `json:"phone,omitempty"`
	Email       string    `json:"email,omitempty"`
	Address     string    `json:"address,omitempty"`
	Identifier  string    `json:"identifier,omitempty"`
	Referral    Referral  `json:"referral,omitzero"`
	Flags       Flags     `json:"flags,omitzero"`
	Goals       []Goal    `json:"goals,omitempty"`
	CopiesTo    []string  `json:"copies_to,omitempty"` // referrer IDs who receive copies of letters
	Created     time.Time `json:"created"`
	Updated     time.Time `json:"updated"`
}

// Field names used in validation errors, matching the patient form.
const (
	FieldName        = "name"
	FieldDateOfBirth = "dob"
	FieldSex         = "sex"
	FieldPhone       = "phone"
	FieldEmail       = "email"
	FieldAddress     = "address"
	FieldIdentifier  = "identifier"
)

var fieldLabels = map[string]string{
	FieldName:        "Name",
	FieldDateOfBirth: "Date of birth",
	FieldSex:         "Sex",
	FieldPhone:       "Phone",
	FieldEmail:       "Email",
	FieldAddress:     "Address",
	FieldIdentifier:  "Identifier",
}

const (
	maxNameLen       = 200
	maxLineLen       = 200
	maxAddressLen    = 500
	maxIdentifierLen = 40
)

// emailShape is deliberately loose: something@domain.tld with no spaces.
// Whether the mailbox exists is not ours to decide.
var emailShape = regexp.MustCompile(`^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$`)

// Normalise trims the free-text fields the way the store keeps them.
func (p Patient) Normalise() Patient {
	p.Name = strings.Join(strings.Fields(p.Name), " ")
	p.Phone = strings.TrimSpace(p.Phone)
	p.Email = strings.TrimSpace(p.Email)
	p.Address = strings.TrimSpace(p.Address)
	p.Identifier = strings.TrimSpace(p.Identifier)
	return p.normaliseClinical()
}

// Equal reports whether p and q hold the same record. A list that is empty
// and one that is nil are the same (the file keeps neither).
func (p Patient) Equal(q Patient) bool {
	if !slices.Equal(p.Goals, q.Goals) || !slices.Equal(p.CopiesTo, q.CopiesTo) ||
		!slices.Equal(p.Referral.Diagnoses, q.Referral.Diagnoses) {
		return false
	}
	p.Goals, q.Goals = nil, nil
	p.CopiesTo, q.CopiesTo = nil, nil
	p.Referral.Diagnoses, q.Referral.Diagnoses = nil, nil
	return reflect.DeepEqual(p, q)
}

// Validate checks every field of a normalised patient against the rules of
// the record; today is the clinic's current date. It returns nil or a
// *ValidationError naming each field at fault.
func (p Patient) Validate(today Date) error {
	var v ValidationError
	checkPersonName(&v, FieldName, "enter the patient's name", p.Name)

	switch {
	case p.DateOfBirth.IsZero():
		v.add(FieldDateOfBirth, "enter the date of birth, for example 14/03/1988")
	case !p.DateOfBirth.valid():
		v.add(FieldDateOfBirth, "that day does not exist in the calendar")
	case p.DateOfBirth.Year < 1900:
		v.add(FieldDateOfBirth, "a date of birth before 1900 cannot be right")
	case !p.DateOfBirth.Before(today):
		v.add(FieldDateOfBirth, "the date of birth must be in the past")
	}

	switch p.Sex {
	case SexNotRecorded, SexFemale, SexMale, SexIntersex:
	default:
		v.add(FieldSex, "choose female, male, intersex or not recorded")
	}

	checkPhone(&v, FieldPhone, p.Phone)
	checkEmail(&v, FieldEmail, p.Email)
	checkAddress(&v, FieldAddress, p.Address)

	switch {
	case utf8.RuneCountInString(p.Identifier) > maxIdentifierLen:
		v.add(FieldIdentifier, "keep the identifier under 40 characters")
	case hasControl(p.Identifier, false):
		v.add(FieldIdentifier, "the identifier contains a character that cannot be printed")
	}
	p.checkClinical(&v, today)
	return v.err()
}

// checkPhone checks an optional phone number.
func checkPhone(v *ValidationError, field, phone string) {
	if phone == "" {
		return
	}
	digits := 0
	for _, r := range phone {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	switch {
	case strings.IndexFunc(phone, notPhoneRune) >= 0:
		v.add(field, "a phone number holds digits, spaces, + ( ) and - only")
	case digits < 6 || digits > 15:
		v.add(field, "a phone number has between 6 and 15 digits")
	}
}

// checkEmail checks an optional email address.
func checkEmail(v *ValidationError, field, email string) {
	if email == "" {
		return
	}
	switch {
	case utf8.RuneCountInString(email) > maxLineLen:
		v.add(field, "keep the email address under 200 characters")
	case !emailShape.MatchString(email):
		v.add(field, "an email address looks like name@example.com")
	}
}

// checkAddress checks an optional postal address (several lines).
func checkAddress(v *ValidationError, field, address string) {
	switch {
	case utf8.RuneCountInString(address) > maxAddressLen:
		v.add(field, "keep the address under 500 characters")
	case hasControl(address, true):
		v.add(field, "the address contains a character that cannot be printed")
	}
}

// checkPersonName checks a required name of a person or a practice.
func checkPersonName(v *ValidationError, field, missing, name string) {
	switch {
	case name == "":
		v.add(field, missing)
	case utf8.RuneCountInString(name) > maxNameLen:
		v.add(field, "keep the name under 200 characters")
	case hasControl(name, false):
		v.add(field, "the name contains a character that cannot be printed")
	case !hasLetter(name):
		v.add(field, "a name needs at least one letter")
	}
}

// hasControl reports whether s holds a character that cannot be printed.
// Text of several lines may hold newlines and tabs.
func hasControl(s string, multiline bool) bool {
	for _, r := range s {
		if multiline && (r == '\n' || r == '\t') {
			continue
		}
		if unicode.IsControl(r) || r == utf8.RuneError {
			return true
		}
	}
	return false
}

func notPhoneRune(r rune) bool {
	return !(r >= '0' && r <= '9') && !strings.ContainsRune(" +()-.", r)
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}
