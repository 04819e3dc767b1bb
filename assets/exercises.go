package assets

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// ExerciseLibrary is the home-exercise library as JSON: for each exercise
// its ID, the ID of its illustration, its tags (the safety rules key on
// internal, electrical, biofeedback, strengthening and prolapse-caution), its
// default dose and whether that dose comes from a source (dose_from_source)
// or is an editable default. The patient-facing words live per language in
// lang/<code>/exercises.json.
//
//go:embed exercises/library.json
var ExerciseLibrary []byte

// langFS holds one folder per language, lang/<code>/, with the patient texts
// of the exercises (exercises.json) and of the printed sheet (sheet.json).
//
//go:embed lang
var langFS embed.FS

// illustrationFS holds the exercise drawings, illustrations/<id>.svg: our own
// path-only line drawings (M, L, C, Z, absolute coordinates, one shared
// viewBox) so that both gofpdf's SVGBasic and Fyne draw them.
//
//go:embed illustrations
var illustrationFS embed.FS

// Languages lists the codes that have lang/<code>/exercises.json, sorted,
// with "en" first. Adding a language is adding the folder lang/<code>/.
func Languages() []string {
	entries, err := fs.ReadDir(langFS, "lang")
	if err != nil {
		return nil
	}
	var codes []string
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		if _, err := fs.Stat(langFS, path.Join("lang", e.Name(), "exercises.json")); err == nil {
			codes = append(codes, e.Name())
		}
	}
	sort.Slice(codes, func(i, j int) bool {
		if (codes[i] == "en") != (codes[j] == "en") {
			return codes[i] == "en"
		}
		return codes[i] < codes[j]
	})
	return codes
}

// LanguageFile returns lang/<code>/<name>, name being e.g. "exercises.json"
// or "sheet.json".
func LanguageFile(code, name string) ([]byte, error) {
	if !validName(code) || !validName(name) {
		return nil, fmt.Errorf("no language file %q for language %q", name, code)
	}
	b, err := langFS.ReadFile(path.Join("lang", code, name))
	if err != nil {
		return nil, fmt.Errorf("no language file %q for language %q", name, code)
	}
	return b, nil
}

// Illustration returns illustrations/<id>.svg.
func Illustration(id string) ([]byte, error) {
	if !validName(id) {
		return nil, fmt.Errorf("no illustration %q", id)
	}
	b, err := illustrationFS.ReadFile(path.Join("illustrations", id+".svg"))
	if err != nil {
		return nil, fmt.Errorf("no illustration %q", id)
	}
	return b, nil
}

// IllustrationIDs lists every illustration, sorted.
func IllustrationIDs() []string {
	entries, err := fs.ReadDir(illustrationFS, "illustrations")
	if err != nil {
		return nil
	}
	var ids []string
	for _, e := range entries {
		if id, ok := strings.CutSuffix(e.Name(), ".svg"); ok && !e.IsDir() {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids
}

// validName refuses empty names and anything that could leave its folder.
func validName(s string) bool {
	return s != "" && s != "." && s != ".." && !strings.ContainsAny(s, `/\`)
}
