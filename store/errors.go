package store

import (
	"errors"
	"strings"
)

// FieldError says what is wrong with one field, in a clinician's words.
type FieldError struct {
	Field   string // a Field… constant
	Message string // what is allowed, e.g. "the date of birth must be in the past"
}

// Label is the field's name as the form shows it.
func (f FieldError) Label() string {
	if l, ok := fieldLabels[f.Field]; ok {
		return l
	}
	return f.Field
}

func (f FieldError) Error() string { return f.Label() + ": " + f.Message }

// ValidationError lists every field that stopped a record being saved.
// Nothing is written when a save returns one.
type ValidationError struct {
	Fields []FieldError
}

func (v *ValidationError) add(field, message string) {
	v.Fields = append(v.Fields, FieldError{Field: field, Message: message})
}

func (v *ValidationError) err() error {
	if v == nil || len(v.Fields) == 0 {
		return nil
	}
	return v
}

func (v *ValidationError) Error() string {
	parts := make([]string, len(v.Fields))
	for i, f := range v.Fields {
		parts[i] = f.Error()
	}
	return strings.Join(parts, "; ")
}

// For returns the message for one field, or "" when that field is fine.
func (v *ValidationError) For(field string) string {
	for _, f := range v.Fields {
		if f.Field == field {
			return f.Message
		}
	}
	return ""
}

// FieldMessages returns the per-field messages of err when it is a
// *ValidationError, else nil.
func FieldMessages(err error) map[string]string {
	var v *ValidationError
	if !errors.As(err, &v) {
		return nil
	}
	m := make(map[string]string, len(v.Fields))
	for _, f := range v.Fields {
		if _, seen := m[f.Field]; !seen {
			m[f.Field] = f.Message
		}
	}
	return m
}

var (
	// ErrAlreadyOpen means another PelvicNotes window or command holds the record file.
	ErrAlreadyOpen = errors.New("PelvicNotes is already open on this record file; close the other window first")
	// ErrNotFound means no record has the given ID.
	ErrNotFound = errors.New("no such record")
	// ErrNewerFile means the file was written by a newer PelvicNotes.
	ErrNewerFile = errors.New("this record file was written by a newer version of PelvicNotes; update PelvicNotes to open it")
	// ErrNotRecordFile means the file is not a PelvicNotes record file.
	ErrNotRecordFile = errors.New("this file is not a PelvicNotes record file")
)
