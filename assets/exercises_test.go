package assets

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/jung-kurt/gofpdf"
)

type testDose struct {
	Breaths      int `json:"breaths"`
	Repetitions  int `json:"repetitions"`
	HoldSeconds  int `json:"hold_seconds"`
	Sets         int `json:"sets"`
	Minutes      int `json:"minutes"`
	TimesPerDay  int `json:"times_per_day"`
	TimesPerWeek int `json:"times_per_week"`
}

type testExercise struct {
	ID             string   `json:"id"`
	Illustration   string   `json:"illustration"`
	Tags           []string `json:"tags"`
	Dose           testDose `json:"dose"`
	DoseFromSource bool     `json:"dose_from_source"`
}

type testText struct {
	Title       string   `json:"title"`
	Purpose     string   `json:"purpose"`
	Steps       []string `json:"steps"`
	Precautions []string `json:"precautions"`
}

type testLanguage struct {
	Language  string              `json:"language"`
	Name      string              `json:"name"`
	Exercises map[string]testText `json:"exercises"`
}

// decodeStrict refuses unknown keys, so a misspelt dose field fails here
// rather than silently printing no dose.
func decodeStrict(t *testing.T, what string, b []byte, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		t.Fatalf("%s: trailing data after the JSON value", what)
	}
}

func library(t *testing.T) []testExercise {
	t.Helper()
	var lib struct {
		Exercises []testExercise `json:"exercises"`
	}
	decodeStrict(t, "exercises/library.json", ExerciseLibrary, &lib)
	return lib.Exercises
}

var slug = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func TestLibraryIDsAndTags(t *testing.T) {
	seen := map[string]bool{}
	for i, ex := range library(t) {
		if !slug.MatchString(ex.ID) {
			t.Errorf("exercise %d: id %q is not a lower-case hyphenated slug", i, ex.ID)
		}
		if seen[ex.ID] {
			t.Errorf("exercise id %q appears twice", ex.ID)
		}
		seen[ex.ID] = true
		if !slug.MatchString(ex.Illustration) {
			t.Errorf("%s: illustration id %q is not a slug", ex.ID, ex.Illustration)
		}
		if len(ex.Tags) == 0 {
			t.Errorf("%s: no tags", ex.ID)
		}
		tags := map[string]bool{}
		for _, tag := range ex.Tags {
			if !slug.MatchString(tag) {
				t.Errorf("%s: tag %q is not a slug", ex.ID, tag)
			}
			if tags[tag] {
				t.Errorf("%s: tag %q twice", ex.ID, tag)
			}
			tags[tag] = true
		}
	}
}

func TestLibraryDoses(t *testing.T) {
	for _, ex := range library(t) {
		d := ex.Dose
		for name, v := range map[string]int{"breaths": d.Breaths, "repetitions": d.Repetitions,
			"hold_seconds": d.HoldSeconds, "sets": d.Sets, "minutes": d.Minutes,
			"times_per_day": d.TimesPerDay, "times_per_week": d.TimesPerWeek} {
			if v < 0 {
				t.Errorf("%s: dose %s is %d, below zero", ex.ID, name, v)
			}
		}
		if d.TimesPerDay == 0 && d.TimesPerWeek == 0 {
			t.Errorf("%s: the dose does not say how often (times_per_day or times_per_week)", ex.ID)
		}
		if d.TimesPerDay > 0 && d.TimesPerWeek > 7 {
			t.Errorf("%s: %d days a week is more than a week has", ex.ID, d.TimesPerWeek)
		}
		if d.Breaths == 0 && d.Repetitions == 0 && d.HoldSeconds == 0 && d.Minutes == 0 {
			t.Errorf("%s: the dose says how often but not how much (breaths, repetitions, hold or minutes)", ex.ID)
		}
		if d.Sets > 0 && d.Repetitions == 0 {
			t.Errorf("%s: sets without repetitions", ex.ID)
		}
	}
}

func languageFile(t *testing.T, code string) (testLanguage, []byte) {
	t.Helper()
	b, err := LanguageFile(code, "exercises.json")
	if err != nil {
		t.Fatal(err)
	}
	var l testLanguage
	decodeStrict(t, "lang/"+code+"/exercises.json", b, &l)
	return l, b
}

func TestLanguages(t *testing.T) {
	langs := Languages()
	if len(langs) < 2 || langs[0] != "en" || !slices.Contains(langs, "es") {
		t.Fatalf("Languages() = %v, want en first and es present", langs)
	}
	if !sort.StringsAreSorted(langs[1:]) {
		t.Errorf("Languages() = %v, want the rest sorted", langs)
	}
	var ids []string
	for _, ex := range library(t) {
		ids = append(ids, ex.ID)
	}
	for _, code := range langs {
		l, raw := languageFile(t, code)
		if l.Language != code {
			t.Errorf("lang/%s/exercises.json says language %q", code, l.Language)
		}
		if strings.TrimSpace(l.Name) == "" {
			t.Errorf("lang/%s: no language name", code)
		}
		if bytes.Contains(raw, []byte(`\u`)) {
			t.Errorf("lang/%s: write characters as UTF-8, not \\u escapes", code)
		}
		for _, id := range ids {
			tx, ok := l.Exercises[id]
			if !ok {
				t.Errorf("lang/%s: no text for exercise %q", code, id)
				continue
			}
			if strings.TrimSpace(tx.Title) == "" || strings.TrimSpace(tx.Purpose) == "" {
				t.Errorf("lang/%s %s: title or purpose missing", code, id)
			}
			if n := len(tx.Steps); n < 3 || n > 7 {
				t.Errorf("lang/%s %s: %d steps, want 3 to 7", code, id, n)
			}
			if n := len(tx.Precautions); n < 1 || n > 3 {
				t.Errorf("lang/%s %s: %d precautions, want 1 to 3", code, id, n)
			}
			for _, s := range append(append([]string{}, tx.Steps...), tx.Precautions...) {
				if strings.TrimSpace(s) == "" {
					t.Errorf("lang/%s %s: an empty step or precaution", code, id)
				}
				if len([]rune(s)) > 220 {
					t.Errorf("lang/%s %s: step too long for a patient sheet (%d characters): %q", code, id, len([]rune(s)), s)
				}
			}
		}
		for id := range l.Exercises {
			if !slices.Contains(ids, id) {
				t.Errorf("lang/%s: text for %q, which the library does not have", code, id)
			}
		}
	}
}

func TestLanguageFileAndIllustrationRefuseBadNames(t *testing.T) {
	for _, c := range [][2]string{{"en", "../exercises.json"}, {"..", "exercises.json"}, {"xx", "exercises.json"}, {"en", ""}, {"en/..", "exercises.json"}} {
		if _, err := LanguageFile(c[0], c[1]); err == nil {
			t.Errorf("LanguageFile(%q, %q) gave no error", c[0], c[1])
		}
	}
	for _, id := range []string{"", "../exercises/library", "no-such-drawing"} {
		if _, err := Illustration(id); err == nil {
			t.Errorf("Illustration(%q) gave no error", id)
		}
	}
}

func TestEveryExerciseHasItsIllustration(t *testing.T) {
	ids := IllustrationIDs()
	used := map[string]bool{}
	for _, ex := range library(t) {
		used[ex.Illustration] = true
		if !slices.Contains(ids, ex.Illustration) {
			t.Errorf("%s: no illustrations/%s.svg", ex.ID, ex.Illustration)
		}
		if _, err := Illustration(ex.Illustration); err != nil {
			t.Errorf("%s: %v", ex.ID, err)
		}
	}
	for _, id := range ids {
		if !used[id] {
			t.Errorf("illustrations/%s.svg belongs to no exercise", id)
		}
	}
}

// The drawings must stay inside what gofpdf's SVGBasic understands: only
// <path> elements with absolute M, L, C, Q, H, V and Z commands, plain
// decimal numbers (gofpdf does not split "1-2" or read ".5"), one shared
// viewBox, and the stroke attributes that Fyne needs to draw an outline.
func TestIllustrationsAreBasicPaths(t *testing.T) {
	type path struct {
		D     string     `xml:"d,attr"`
		Attrs []xml.Attr `xml:",any,attr"`
	}
	wantAttr := map[string]string{"fill": "none", "stroke": "#1b1b1b", "stroke-width": "2.5",
		"stroke-linecap": "round", "stroke-linejoin": "round"}
	number := regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)
	args := map[string]int{"M": 2, "L": 2, "C": 6, "Q": 4, "H": 1, "V": 1, "Z": 0}
	for _, id := range IllustrationIDs() {
		b, _ := Illustration(id)
		dec := xml.NewDecoder(bytes.NewReader(b))
		depth, paths := 0, 0
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s.svg: %v", id, err)
			}
			switch el := tok.(type) {
			case xml.StartElement:
				depth++
				switch {
				case depth == 1:
					if el.Name.Local != "svg" || el.Name.Space != "http://www.w3.org/2000/svg" {
						t.Errorf("%s.svg: root is %v, want svg in the SVG namespace", id, el.Name)
					}
					got := map[string]string{}
					for _, a := range el.Attr {
						got[a.Name.Local] = a.Value
					}
					if got["width"] != "200" || got["height"] != "140" || got["viewBox"] != "0 0 200 140" {
						t.Errorf("%s.svg: width %q height %q viewBox %q, want 200, 140, \"0 0 200 140\"",
							id, got["width"], got["height"], got["viewBox"])
					}
				case depth == 2 && el.Name.Local == "path":
					paths++
					var p path
					if err := dec.DecodeElement(&p, &el); err != nil {
						t.Fatalf("%s.svg: %v", id, err)
					}
					depth--
					attrs := map[string]string{}
					for _, a := range p.Attrs {
						attrs[a.Name.Local] = a.Value
					}
					for k, v := range wantAttr {
						if attrs[k] != v {
							t.Errorf("%s.svg path %d: %s=%q, want %q", id, paths, k, attrs[k], v)
						}
					}
					if len(attrs) != len(wantAttr) {
						t.Errorf("%s.svg path %d: attributes %v, want only d and %v", id, paths, attrs, wantAttr)
					}
					toks := strings.Fields(p.D)
					if len(toks) == 0 || toks[0] != "M" {
						t.Errorf("%s.svg path %d: must start with M", id, paths)
						continue
					}
					for i := 0; i < len(toks); {
						n, ok := args[toks[i]]
						if !ok {
							t.Errorf("%s.svg path %d: command %q is not one gofpdf draws", id, paths, toks[i])
							break
						}
						cmd := toks[i]
						if i+n >= len(toks) {
							t.Errorf("%s.svg path %d: %s is missing numbers", id, paths, cmd)
							break
						}
						for k := 1; k <= n; k++ {
							s := toks[i+k]
							if !number.MatchString(s) {
								t.Errorf("%s.svg path %d: %q is not a plain number", id, paths, s)
								continue
							}
							v, _ := strconv.ParseFloat(s, 64)
							horizontal := (cmd == "H") || (cmd != "V" && k%2 == 1)
							if horizontal && (v < 0 || v > 200) || !horizontal && (v < 0 || v > 140) {
								t.Errorf("%s.svg path %d: coordinate %v outside the 200×140 viewBox", id, paths, v)
							}
						}
						i += n + 1
					}
				default:
					t.Errorf("%s.svg: element <%s> at depth %d; only <path> children are allowed", id, el.Name.Local, depth)
				}
			case xml.EndElement:
				depth--
			}
		}
		if paths == 0 {
			t.Errorf("%s.svg: no paths", id)
		}
	}
}

// Every drawing goes through gofpdf's own parser and writer. With
// PELVICNOTES_CONTACT_SHEET=file.pdf the test also keeps a contact sheet of
// all the drawings at 4 cm wide, the size they print on the sheet, to look at.
func TestIllustrationsDrawInGofpdf(t *testing.T) {
	pdf := gofpdf.New("P", "mm", "A4", "")
	pdf.SetCompression(false)
	pdf.SetFont("Helvetica", "", 8)
	pdf.SetLineWidth(0.35)
	pdf.SetLineCapStyle("round")
	pdf.SetLineJoinStyle("round")
	pdf.AddPage()
	ids := IllustrationIDs()
	if len(ids) == 0 {
		t.Fatal("no illustrations")
	}
	const w = 40.0
	for i, id := range ids {
		b, _ := Illustration(id)
		sig, err := gofpdf.SVGBasicParse(b)
		if err != nil {
			t.Fatalf("%s.svg: gofpdf: %v", id, err)
		}
		if sig.Wd != 200 || sig.Ht != 140 || len(sig.Segments) == 0 {
			t.Fatalf("%s.svg: gofpdf read %v×%v with %d paths", id, sig.Wd, sig.Ht, len(sig.Segments))
		}
		col, row := i%4, (i/4)%6
		if i > 0 && i%24 == 0 {
			pdf.AddPage()
		}
		x, y := 12+float64(col)*48, 14+float64(row)*44
		pdf.Rect(x, y, w, w*140/200, "D")
		pdf.SetXY(x, y)
		pdf.SVGBasicWrite(&sig, w/sig.Wd)
		pdf.SetXY(x, y+w*140/200+1)
		pdf.CellFormat(w, 4, id, "", 0, "C", false, 0, "")
		if err := pdf.Error(); err != nil {
			t.Fatalf("%s.svg: gofpdf: %v", id, err)
		}
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	// Each drawing strokes curves ("c ... S" as gofpdf writes them).
	if n := bytes.Count(buf.Bytes(), []byte(" c ")); n < len(ids) {
		t.Errorf("the PDF has %d curve operators for %d drawings", n, len(ids))
	}
	if out := os.Getenv("PELVICNOTES_CONTACT_SHEET"); out != "" {
		if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		fmt.Println("contact sheet:", out)
	}
}

// The exercises issue 6 names, by the id the library gives each.
var requiredExercises = []string{
	"diaphragmatic-breathing", "constructive-rest", "pelvic-drop", "childs-pose", "cat-cow",
	"happy-baby", "supported-squat", "butterfly-stretch", "piriformis-stretch",
	"hip-flexor-stretch", "body-scan", "progressive-muscle-relaxation", "graded-touch",
	"dilator-practice", "perineal-self-massage", "partner-massage",
	"pelvic-floor-strengthening", "portable-biofeedback", "home-e-stim",
}

func TestLibraryHasEveryNamedExercise(t *testing.T) {
	lib := library(t)
	if len(lib) < 18 {
		t.Errorf("%d exercises, want at least 18", len(lib))
	}
	have := map[string]bool{}
	for _, ex := range lib {
		have[ex.ID] = true
	}
	for _, id := range requiredExercises {
		if !have[id] {
			t.Errorf("no exercise %q", id)
		}
	}
}

// The safety rules in store key on these tags, so each must sit exactly on
// the exercises it describes: a missing tag silences a warning, a stray one
// raises a false alarm.
func TestSafetyTagsSitWhereTheyBelong(t *testing.T) {
	want := map[string][]string{
		"internal":         {"dilator-practice", "home-e-stim", "partner-massage", "perineal-self-massage", "portable-biofeedback"},
		"dilator":          {"dilator-practice"},
		"electrical":       {"home-e-stim"},
		"biofeedback":      {"portable-biofeedback"},
		"strengthening":    {"pelvic-floor-strengthening"},
		"prolapse-caution": {"happy-baby"},
	}
	got := map[string][]string{}
	for _, ex := range library(t) {
		for _, tag := range ex.Tags {
			got[tag] = append(got[tag], ex.ID)
		}
	}
	for tag, ids := range want {
		g := append([]string(nil), got[tag]...)
		sort.Strings(g)
		if !slices.Equal(g, ids) {
			t.Errorf("tag %q is on %v, want exactly %v", tag, g, ids)
		}
	}
}

// dose_from_source is true only where DOMAIN.md gives the dose.
func TestDoseFromSource(t *testing.T) {
	sourced := map[string]testDose{
		"diaphragmatic-breathing": {Breaths: 10, TimesPerDay: 2},
		"constructive-rest":       {Breaths: 10, TimesPerDay: 2},
		"childs-pose":             {Breaths: 10, TimesPerDay: 2},
		"cat-cow":                 {Breaths: 10, TimesPerDay: 2},
	}
	for _, ex := range library(t) {
		if ex.ID == "dilator-practice" {
			d := ex.Dose
			if !ex.DoseFromSource || d.Minutes < 5 || d.Minutes > 15 || d.TimesPerWeek < 3 || d.TimesPerWeek > 4 || d.TimesPerDay != 0 {
				t.Errorf("dilator-practice: dose %+v (from source %v), want 5–15 minutes, 3–4 times a week, from source", d, ex.DoseFromSource)
			}
			continue
		}
		want, ok := sourced[ex.ID]
		if ex.DoseFromSource != ok {
			t.Errorf("%s: dose_from_source %v, want %v", ex.ID, ex.DoseFromSource, ok)
		}
		if ok && ex.Dose != want {
			t.Errorf("%s: dose %+v, want %+v as the source gives it", ex.ID, ex.Dose, want)
		}
	}
}

// The patient texts carry the clinical points DOMAIN.md insists on.
func TestTextsCarryTheSafetyPoints(t *testing.T) {
	want := map[string]map[string][]string{
		"en": {
			"pelvic-drop":                {"never bear down"},
			"happy-baby":                 {"prolapse"},
			"childs-pose":                {"knees wide"},
			"diaphragmatic-breathing":    {"breathe in", "drop"},
			"pelvic-floor-strengthening": {"relax"},
			"dilator-practice":           {"water-based lubricant", "never force", "spotting", "heavy bleeding", "sharp pain", "mild soap", "air-dry"},
			"portable-biofeedback":       {"instructions", "pregnant"},
			"home-e-stim":                {"instructions", "pregnant"},
		},
		"es": {
			"pelvic-drop":                {"nunca empuje"},
			"happy-baby":                 {"prolapso"},
			"childs-pose":                {"rodillas bien separadas"},
			"pelvic-floor-strengthening": {"relajarse"},
			"dilator-practice":           {"lubricante a base de agua", "no fuerce", "manchado", "sangrado abundante", "dolor agudo", "jabón suave", "secar al aire"},
			"portable-biofeedback":       {"instrucciones", "embarazada"},
			"home-e-stim":                {"instrucciones", "embarazada"},
		},
	}
	for code, byID := range want {
		l, _ := languageFile(t, code)
		for id, phrases := range byID {
			tx := l.Exercises[id]
			all := strings.ToLower(strings.Join(append(append([]string{tx.Purpose}, tx.Steps...), tx.Precautions...), " "))
			for _, p := range phrases {
				if !strings.Contains(all, p) {
					t.Errorf("lang/%s %s: the text does not say %q", code, id, p)
				}
			}
		}
	}
}
