package store

import (
	"encoding/json"
	"testing"
)

// Decoding and validation must never panic, whatever bytes a damaged or
// hostile file holds: a record that cannot be read is refused with an error.

func FuzzSessionDecodeAndValidate(f *testing.F) {
	good, _ := json.Marshal(validSession())
	f.Add(good)
	f.Add([]byte(`{"examination":{"trigger_points":[{"hour":13,"nrs":-1}]},"dilator":{"size":""}}`))
	f.Add([]byte(`{"treatment":[{"technique":"estim","params":{"frequency_hz":"1e309"}}],"treated_at":"0001-01-01T00:00:00Z"}`))
	f.Add([]byte(`{"consent":{"scope":["vaginal","vaginal"],"withdrawn":true}}`))
	f.Add([]byte(`null`))
	cs := DefaultClinicSettings()
	f.Fuzz(func(t *testing.T, data []byte) {
		var s Session
		if json.Unmarshal(data, &s) != nil {
			return
		}
		err := s.Validate(fixedNow, cs)
		_ = FieldMessages(err)
		if err != nil {
			_ = err.Error()
		}
		_ = SessionWarnings(validPatient(), s, DateOf(fixedNow))
	})
}

func FuzzPatientDecodeAndValidate(f *testing.F) {
	good, _ := json.Marshal(validPatient())
	f.Add(good)
	f.Add([]byte(`{"name":"\u0000","dob":"1899-13-40"}`))
	f.Add([]byte(`{"dob":"2026-02-29","flags":{"pregnant":true,"due_date":"2027-01-01"},"goals":[{"text":""}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var p Patient
		if json.Unmarshal(data, &p) != nil {
			return
		}
		if err := p.Normalise().Validate(DateOf(fixedNow)); err != nil {
			_ = err.Error()
		}
	})
}

func FuzzMeasureDecodeAndValidate(f *testing.F) {
	f.Add([]byte(`{"instrument":"phq9","taken":"2026-11-01","items":[0,1,2,3,0,1,2,3,1]}`))
	f.Add([]byte(`{"instrument":"fsfi","items":[5,5,null,99]}`))
	f.Add([]byte(`{"instrument":"pcs","total":1e400}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var m MeasureResponse
		if json.Unmarshal(data, &m) != nil {
			return
		}
		if err := m.Validate(DateOf(fixedNow)); err != nil {
			_ = err.Error()
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"14/03/1988", "1988-03-14", "14 March 1988", "31/04/1990", "", "1/1/1", "99999-1-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err == nil && !d.IsZero() {
			if !d.valid() {
				t.Fatalf("ParseDate(%q) accepted %v, which is not a calendar day", s, d)
			}
			if back, err := ParseDate(d.String()); err != nil || back != d {
				t.Fatalf("%v does not round-trip: %v %v", d, back, err)
			}
		}
	})
}
