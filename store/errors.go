package store

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// FieldError says what is wrong with one field, in a clinician's words.
type FieldError struct {
	Field   string // a Field… constant
	Message string // what is allowed, e.g. "the date of birth must be in the past"
}

// Label is the field's name as the form shows it. Fields inside lists are
// named by their path, as in "examination.trigger_points[2].nrs", and read
// with the position counted from one: "Trigger point 3: pain score".
func (f FieldError) Label() string { return FieldLabel(f.Field) }

// FieldLabel returns the label a form shows for a field path.
func FieldLabel(field string) string {
	if l, ok := fieldLabels[field]; ok {
		return l
	}
	pattern, positions := fieldPattern(field)
	if l, ok := fieldLabels[pattern]; ok && strings.Count(l, "%d") == len(positions) {
		args := make([]any, len(positions))
		for i, n := range positions {
			args[i] = n + 1
		}
		return fmt.Sprintf(l, args...)
	}
	return field
}

// fieldPattern replaces every list index in a field path by "[]" and
// returns the indices in order: "goals[1].text" → "goals[].text", [1].
func fieldPattern(field string) (string, []int) {
	var b strings.Builder
	var positions []int
	for {
		open := strings.IndexByte(field, '[')
		if open < 0 {
			b.WriteString(field)
			return b.String(), positions
		}
		end := strings.IndexByte(field[open:], ']')
		if end < 0 {
			b.WriteString(field)
			return b.String(), positions
		}
		n, err := strconv.Atoi(field[open+1 : open+end])
		b.WriteString(field[:open])
		if err != nil || n < 0 {
			b.WriteString(field[open : open+end+1])
		} else {
			b.WriteString("[]")
			positions = append(positions, n)
		}
		field = field[open+end+1:]
	}
}

// addFieldLabels registers labels for field paths. A path with "[]" stands
// for any index and its label holds one %d per "[]", in order.
func addFieldLabels(labels map[string]string) {
	for k, l := range labels {
		if _, dup := fieldLabels[k]; dup {
			panic("store: field label registered twice: " + k)
		}
		fieldLabels[k] = l
	}
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
