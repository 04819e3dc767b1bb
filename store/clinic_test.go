package store

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"strings"
	"testing"
)

func tinyImage(t *testing.T, encode func(*bytes.Buffer, image.Image) error) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 2))
	img.Set(1, 1, color.RGBA{200, 30, 90, 255})
	var b bytes.Buffer
	if err := encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func validClinic(t *testing.T) Clinic {
	return Clinic{
		Name:    "Harbourside Pelvic Health",
		Address: "3 Quay Street\nBristol BS1 4DJ",
		Phone:   "0117 496 0123",
		Email:   "hello@harbourside.example",
		Website: "https://harbourside.example/pelvic-health",
		Logo:    tinyImage(t, func(b *bytes.Buffer, i image.Image) error { return png.Encode(b, i) }),
	}
}

func TestClinicValidation(t *testing.T) {
	valid(t, "a full letterhead", validClinic(t).Validate())
	valid(t, "a name alone", Clinic{Name: "Pelvic Health"}.Validate())
	valid(t, "a bare website", Clinic{Name: "Pelvic Health", Website: "www.example.org"}.Validate())
	gifLogo := tinyImage(t, func(b *bytes.Buffer, i image.Image) error { return gif.Encode(b, i, nil) })
	cases := []struct {
		name  string
		edit  func(*Clinic)
		field string
		want  string
	}{
		{"no name", func(c *Clinic) { c.Name = "" }, FieldName, "enter the clinic's name"},
		{"name without letters", func(c *Clinic) { c.Name = "123" }, FieldName, "at least one letter"},
		{"bad phone", func(c *Clinic) { c.Phone = "ring us" }, FieldPhone, "digits"},
		{"bad email", func(c *Clinic) { c.Email = "hello at clinic" }, FieldEmail, "name@example.com"},
		{"address control", func(c *Clinic) { c.Address = "1 Road\x1b" }, FieldAddress, "cannot be printed"},
		{"website with space", func(c *Clinic) { c.Website = "www.example .org" }, FieldWebsite, "www.example.com"},
		{"website without dot", func(c *Clinic) { c.Website = "localhost" }, FieldWebsite, "www.example.com"},
		{"website long", func(c *Clinic) { c.Website = "www." + strings.Repeat("a", 200) + ".org" }, FieldWebsite, "under 200"},
		{"logo not a picture", func(c *Clinic) { c.Logo = []byte("%PDF-1.4 not a logo") }, FieldLogo, "PNG or JPEG"},
		{"logo a GIF", func(c *Clinic) { c.Logo = gifLogo }, FieldLogo, "PNG or JPEG"},
		{"logo huge", func(c *Clinic) { c.Logo = append(c.Logo, make([]byte, 2<<20)...) }, FieldLogo, "under 2 MB"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cl := validClinic(t)
			c.edit(&cl)
			onlyFault(t, cl.Validate(), c.field, c.want)
		})
	}
}

func TestClinicNormalise(t *testing.T) {
	c := Clinic{Name: "  Harbourside   Pelvic Health ", Address: " 3 Quay Street\r\nBristol \n", Website: " www.example.org "}.Normalise()
	if c.Name != "Harbourside Pelvic Health" || c.Address != "3 Quay Street\nBristol" || c.Website != "www.example.org" {
		t.Fatalf("normalised %+v", c)
	}
}

func validPractitioner() Practitioner {
	return Practitioner{ID: "pr1", Name: "Siobhán O'Connell", Profession: "Physiotherapist", RegistrationNumber: "PH123456"}
}

func TestPractitionerValidation(t *testing.T) {
	valid(t, "practitioner", validPractitioner().Validate())
	p := validPractitioner()
	p.RegistrationNumber = ""
	valid(t, "no registration number", p.Validate())
	for _, reg := range []string{"1234567", "PHY0001234567", "12A3456E"} {
		p.RegistrationNumber = reg
		valid(t, reg, p.Validate())
	}
	if got := (Practitioner{RegistrationNumber: " ph 123 456 "}).Normalise().RegistrationNumber; got != "PH123456" {
		t.Fatalf("registration normalised to %q", got)
	}
	cases := []struct {
		name  string
		edit  func(*Practitioner)
		field string
		want  string
	}{
		{"no name", func(p *Practitioner) { p.Name = "" }, FieldName, "enter the practitioner's name"},
		{"no profession", func(p *Practitioner) { p.Profession = " " }, FieldProfession, "Physiotherapist"},
		{"profession long", func(p *Practitioner) { p.Profession = strings.Repeat("p", 101) }, FieldProfession, "under 100"},
		{"registration short", func(p *Practitioner) { p.RegistrationNumber = "PH1" }, FieldRegistrationNumber, "4 to 20"},
		{"registration long", func(p *Practitioner) { p.RegistrationNumber = "PH" + strings.Repeat("1", 19) }, FieldRegistrationNumber, "4 to 20"},
		{"registration punctuation", func(p *Practitioner) { p.RegistrationNumber = "PH-12345" }, FieldRegistrationNumber, "letters and digits"},
		{"registration no digit", func(p *Practitioner) { p.RegistrationNumber = "PHYSIO" }, FieldRegistrationNumber, "PH123456"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := validPractitioner()
			c.edit(&p)
			onlyFault(t, p.Validate(), c.field, c.want)
		})
	}
}

func validReferrer() Referrer {
	return Referrer{
		ID: "r1", Name: "Dr Amara Okafor", Role: "GP", Practice: "Redland Surgery",
		Address: "1 Redland Road\nBristol BS6 6AA", Email: "a.okafor@nhs.example", Phone: "0117 496 0456",
	}
}

func TestReferrerValidation(t *testing.T) {
	valid(t, "referrer", validReferrer().Validate())
	valid(t, "name only", Referrer{Name: "Dr Lee"}.Validate())
	cases := []struct {
		name  string
		edit  func(*Referrer)
		field string
		want  string
	}{
		{"no name", func(r *Referrer) { r.Name = "" }, FieldName, "enter the referrer's name"},
		{"role long", func(r *Referrer) { r.Role = strings.Repeat("g", 101) }, FieldRole, "under 100"},
		{"role two lines", func(r *Referrer) { r.Role = "GP\nPartner" }, FieldRole, "cannot be printed"},
		{"practice long", func(r *Referrer) { r.Practice = strings.Repeat("s", 201) }, FieldPractice, "under 200"},
		{"address long", func(r *Referrer) { r.Address = strings.Repeat("a", 501) }, FieldAddress, "under 500"},
		{"bad email", func(r *Referrer) { r.Email = "okafor@nhs" }, FieldEmail, "name@example.com"},
		{"short phone", func(r *Referrer) { r.Phone = "0117" }, FieldPhone, "between 6 and 15"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := validReferrer()
			c.edit(&r)
			onlyFault(t, r.Validate(), c.field, c.want)
		})
	}
	r := Referrer{Name: "  Dr   Lee ", Role: " GP ", Address: "1 Road\r\nTown"}.Normalise()
	if r.Name != "Dr Lee" || r.Role != "GP" || r.Address != "1 Road\nTown" {
		t.Fatalf("normalised %+v", r)
	}
}
