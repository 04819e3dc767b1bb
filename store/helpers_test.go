package store

import (
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

var today = DateOf(fixedNow)

func ptr[T any](x T) *T { return &x }

// faultsOf returns the field errors of err, failing the test when err is
// something other than a *ValidationError.
func faultsOf(t *testing.T, err error) []FieldError {
	t.Helper()
	if err == nil {
		return nil
	}
	var v *ValidationError
	if !errors.As(err, &v) {
		t.Fatalf("error %v is not a *ValidationError", err)
	}
	return v.Fields
}

// onlyFault checks that err names exactly one field, field, with a message
// containing want, written the way the forms show messages, and that the
// field has a label a clinician can read.
func onlyFault(t *testing.T, err error, field, want string) {
	t.Helper()
	fs := faultsOf(t, err)
	if len(fs) == 0 {
		t.Fatalf("accepted; want %s refused with %q", field, want)
	}
	if len(fs) != 1 || fs[0].Field != field {
		t.Fatalf("faults %v; want only %s", fs, field)
	}
	if !strings.Contains(fs[0].Message, want) {
		t.Fatalf("message for %s = %q; want it to say %q", field, fs[0].Message, want)
	}
	checkMessageStyle(t, fs[0])
}

func checkMessageStyle(t *testing.T, f FieldError) {
	t.Helper()
	first, _ := utf8.DecodeRuneInString(f.Message)
	if !unicode.IsLower(first) && !unicode.IsDigit(first) {
		t.Errorf("message %q should start in lower case (the form capitalises it)", f.Message)
	}
	if strings.HasSuffix(f.Message, ".") {
		t.Errorf("message %q should not end with a full stop (the form adds it)", f.Message)
	}
	if f.Label() == f.Field {
		t.Errorf("field %q has no label", f.Field)
	}
}

// valid fails the test when err is not nil.
func valid(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s refused: %v", what, err)
	}
}
