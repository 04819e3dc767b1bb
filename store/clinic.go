package store

import (
	"bytes"
	"image"
	_ "image/jpeg" // logos may be JPEG
	_ "image/png"  // or PNG
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Clinic is the letterhead: who the practice is and how to reach it.
type Clinic struct {
	Name    string `json:"name"`
	Address string `json:"address,omitempty"`
	Phone   string `json:"phone,omitempty"`
	Email   string `json:"email,omitempty"`
	Website string `json:"website,omitempty"`
	Logo    []byte `json:"logo,omitempty"` // PNG or JPEG
}

// Practitioner is a clinician who writes and signs entries.
type Practitioner struct {
	ID                 string    `json:"id"`
	Name               string    `json:"name"`
	Profession         string    `json:"profession"`                    // e.g. "Physiotherapist"
	RegistrationNumber string    `json:"registration_number,omitempty"` // e.g. "PH123456" (HCPC)
	Created            time.Time `json:"created,omitzero"`
}

// Referrer is a clinician outside the practice who refers patients or
// receives letters: a GP, a gynaecologist, a psychologist.
type Referrer struct {
	ID       string    `json:"id"`
	Name     string    `json:"name"`
	Role     string    `json:"role,omitempty"` // GP, gynaecologist, psychologist, ...
	Practice string    `json:"practice,omitempty"`
	Address  string    `json:"address,omitempty"`
	Email    string    `json:"email,omitempty"`
	Phone    string    `json:"phone,omitempty"`
	Created  time.Time `json:"created,omitzero"`
	Updated  time.Time `json:"updated,omitzero"`
}

// Field names for the clinic, practitioner and referrer forms (name, phone,
// email and address are shared with the patient form).
const (
	FieldWebsite            = "website"
	FieldLogo               = "logo"
	FieldProfession         = "profession"
	FieldRegistrationNumber = "registration_number"
	FieldRole               = "role"
	FieldPractice           = "practice"
)

func init() {
	addFieldLabels(map[string]string{
		FieldWebsite:            "Website",
		FieldLogo:               "Logo",
		FieldProfession:         "Profession",
		FieldRegistrationNumber: "Registration number",
		FieldRole:               "Role",
		FieldPractice:           "Practice",
	})
}

// maxLogoBytes keeps the letterhead picture small enough for every letter.
const maxLogoBytes = 2 << 20

var (
	registrationShape = regexp.MustCompile(`^[A-Z0-9]{4,20}$`)
	websiteShape      = regexp.MustCompile(`^(https?://)?[^\s/@]+\.[^\s/@.]+(/\S*)?$`)
)

// Normalise trims the clinic's fields the way the store keeps them.
func (c Clinic) Normalise() Clinic {
	c.Name = normLine(c.Name)
	c.Address = normText(c.Address)
	c.Phone = strings.TrimSpace(c.Phone)
	c.Email = strings.TrimSpace(c.Email)
	c.Website = strings.TrimSpace(c.Website)
	return c
}

// Validate checks the letterhead. The clinic's name is required: a letter
// must say who sent it.
func (c Clinic) Validate() error {
	var v ValidationError
	c.check(&v, "", true)
	return v.err()
}

// check adds the clinic's faults under prefix. needName is false while the
// clinic is being set up and the letterhead may still be empty.
func (c Clinic) check(v *ValidationError, prefix string, needName bool) {
	if c.Name != "" || needName {
		checkPersonName(v, at(prefix, FieldName), "enter the clinic's name as it should head a letter", c.Name)
	}
	checkAddress(v, at(prefix, FieldAddress), c.Address)
	checkPhone(v, at(prefix, FieldPhone), c.Phone)
	checkEmail(v, at(prefix, FieldEmail), c.Email)
	if c.Website != "" {
		switch {
		case utf8.RuneCountInString(c.Website) > maxLineLen:
			v.add(at(prefix, FieldWebsite), "keep the website under 200 characters")
		case !websiteShape.MatchString(c.Website):
			v.add(at(prefix, FieldWebsite), "a website looks like www.example.com")
		}
	}
	if len(c.Logo) > 0 {
		switch {
		case len(c.Logo) > maxLogoBytes:
			v.add(at(prefix, FieldLogo), "the logo must be under 2 MB; a letterhead needs no more")
		case !isLogo(c.Logo):
			v.add(at(prefix, FieldLogo), "the logo must be a PNG or JPEG picture")
		}
	}
}

func isLogo(b []byte) bool {
	_, format, err := image.DecodeConfig(bytes.NewReader(b))
	return err == nil && (format == "png" || format == "jpeg")
}

// Normalise trims the practitioner's fields; the registration number is
// kept in capitals without spaces (HCPC writes PH123456).
func (p Practitioner) Normalise() Practitioner {
	p.Name = normLine(p.Name)
	p.Profession = normLine(p.Profession)
	p.RegistrationNumber = strings.ToUpper(strings.Join(strings.Fields(p.RegistrationNumber), ""))
	return p
}

// Validate checks a normalised practitioner.
func (p Practitioner) Validate() error {
	var v ValidationError
	checkPersonName(&v, FieldName, "enter the practitioner's name", p.Name)
	checkRequiredText(&v, FieldProfession, "enter the profession, for example Physiotherapist",
		"profession", p.Profession, maxLabel, false)
	if p.RegistrationNumber != "" && (!registrationShape.MatchString(p.RegistrationNumber) ||
		strings.IndexAny(p.RegistrationNumber, "0123456789") < 0) {
		v.add(FieldRegistrationNumber, "a registration number is 4 to 20 letters and digits, for example PH123456")
	}
	return v.err()
}

// Normalise trims the referrer's fields.
func (r Referrer) Normalise() Referrer {
	r.Name = normLine(r.Name)
	r.Role = normLine(r.Role)
	r.Practice = normLine(r.Practice)
	r.Address = normText(r.Address)
	r.Email = strings.TrimSpace(r.Email)
	r.Phone = strings.TrimSpace(r.Phone)
	return r
}

// Validate checks a normalised referrer.
func (r Referrer) Validate() error {
	var v ValidationError
	checkPersonName(&v, FieldName, "enter the referrer's name", r.Name)
	checkText(&v, FieldRole, "role", r.Role, maxLabel, false)
	checkText(&v, FieldPractice, "practice", r.Practice, maxLineLen, false)
	checkAddress(&v, FieldAddress, r.Address)
	checkEmail(&v, FieldEmail, r.Email)
	checkPhone(&v, FieldPhone, r.Phone)
	return v.err()
}
