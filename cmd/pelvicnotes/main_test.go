package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/pelvicnotes/pelvicnotes/assets"
	"github.com/pelvicnotes/pelvicnotes/store"
)

// binary is the pelvicnotes command built once by TestMain; every test runs
// its headless subcommands, never the desktop app.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "pelvicnotes-test-")
	if err == nil {
		binary = filepath.Join(dir, "pelvicnotes")
		build := exec.Command("go", "build", "-o", binary, ".")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		err = build.Run()
	}
	code := 1
	if err == nil {
		code = m.Run()
	} else {
		fmt.Fprintln(os.Stderr, "building pelvicnotes:", err)
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	stdout, stderr string
	code           int
}

// testPassphrase unlocks every file the tests make.
const testPassphrase = "walnut harbour cobalt meadow"

// pn runs the binary with args and PELVICNOTES_PASSPHRASE=testPassphrase
// (env may set another, or "PELVICNOTES_PASSPHRASE=" for none).
func pn(t *testing.T, env []string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PELVICNOTES_PASSPHRASE=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "PELVICNOTES_PASSPHRASE="+testPassphrase)
	cmd.Env = append(cmd.Env, env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() >= 0) {
		t.Fatalf("pelvicnotes %q: %v", args, err) // did not run, or was killed
	}
	return result{out.String(), errb.String(), cmd.ProcessState.ExitCode()}
}

// want checks the exit status and, for failures, exactly one line on stderr
// and nothing on stdout.
func (r result) want(t *testing.T, code int, args ...string) {
	t.Helper()
	if r.code != code {
		t.Fatalf("pelvicnotes %q: exit %d, want %d\nstdout: %q\nstderr: %q", args, r.code, code, r.stdout, r.stderr)
	}
	if code == 0 {
		if r.stderr != "" {
			t.Errorf("pelvicnotes %q: unexpected stderr %q", args, r.stderr)
		}
		return
	}
	if r.stdout != "" {
		t.Errorf("pelvicnotes %q: stdout %q, want nothing", args, r.stdout)
	}
	if strings.Count(r.stderr, "\n") != 1 || !strings.HasSuffix(r.stderr, "\n") || len(strings.TrimSpace(r.stderr)) == 0 {
		t.Errorf("pelvicnotes %q: stderr is not exactly one line: %q", args, r.stderr)
	}
}

func lines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// demoFile makes a record file of 25 patients with seed 4 and returns its path.
func demoFile(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "clinic.db")
	args := []string{"demo", "--db", db, "--patients", "25", "--seed", "4"}
	r := pn(t, nil, args...)
	r.want(t, 0, args...)
	if got := lines(r.stdout); len(got) != 1 || !strings.Contains(got[0], "25") || !strings.Contains(got[0], "recovery key") {
		t.Fatalf("demo printed %q, want one summary line mentioning 25", r.stdout)
	}
	return db
}

var idRE = regexp.MustCompile(`^[0-9a-f]{16}$`)

// listPatients runs patients and checks the format of every line.
func listPatients(t *testing.T, db string, extra ...string) [][3]string {
	t.Helper()
	args := append([]string{"patients", "--db", db}, extra...)
	r := pn(t, nil, args...)
	r.want(t, 0, args...)
	var out [][3]string
	for _, l := range lines(r.stdout) {
		f := strings.Split(l, "\t")
		if len(f) != 3 || !idRE.MatchString(f[0]) || f[1] == "" {
			t.Fatalf("bad line %q", l)
		}
		if _, err := time.Parse("2006-01-02", f[2]); err != nil {
			t.Fatalf("bad date in %q: %v", l, err)
		}
		out = append(out, [3]string{f[0], f[1], f[2]})
	}
	return out
}

func TestDemoAndList(t *testing.T) {
	a, b := demoFile(t), demoFile(t)
	pa, pb := listPatients(t, a), listPatients(t, b)
	if len(pa) != 25 || len(pb) != 25 {
		t.Fatalf("listed %d and %d patients, want 25", len(pa), len(pb))
	}
	if again := listPatients(t, a); fmt.Sprint(again) != fmt.Sprint(pa) {
		t.Errorf("two listings of the same file differ:\n%v\n%v", pa, again)
	}
	ids, nonASCII := map[string]bool{}, false
	for i := range pa {
		if ids[pa[i][0]] {
			t.Errorf("duplicate ID %s", pa[i][0])
		}
		ids[pa[i][0]] = true
		nonASCII = nonASCII || utf8.RuneCountInString(pa[i][1]) != len(pa[i][1])
		if pa[i][1] != pb[i][1] || pa[i][2] != pb[i][2] {
			t.Errorf("line %d: %v in one file, %v in the other (same seed)", i, pa[i], pb[i])
		}
		if pa[i][0] == pb[i][0] {
			t.Errorf("line %d: both files have ID %s; IDs should be random", i, pa[i][0])
		}
		if i > 0 && store.Fold(pa[i-1][1]) > store.Fold(pa[i][1]) {
			t.Errorf("not sorted by folded name: %q before %q", pa[i-1][1], pa[i][1])
		}
	}
	if !nonASCII {
		t.Error("no non-ASCII name among the demo patients")
	}
}

func TestSearch(t *testing.T) {
	db := demoFile(t)
	all := listPatients(t, db)
	// Prefer a family name whose folded form differs from its lower case (accents).
	pick := all[0][1]
	for _, p := range all {
		last := p[1][strings.LastIndex(p[1], " ")+1:]
		if store.Fold(last) != strings.ToLower(last) && utf8.RuneCountInString(last) >= 4 {
			pick = p[1]
			break
		}
	}
	query := string([]rune(store.Fold(pick[strings.LastIndex(pick, " ")+1:]))[:3])
	got := listPatients(t, db, "--search", query)
	found := false
	for _, p := range got {
		found = found || p[1] == pick
		dob, _ := time.Parse("2006-01-02", p[2])
		if !strings.Contains(store.Fold(p[1]), query) && !strings.Contains(strings.ToLower(dob.Format("2 Jan 2006")), query) {
			t.Errorf("search %q listed %v, which does not match", query, p)
		}
	}
	if !found {
		t.Errorf("search %q (from %q) did not list %q: %v", query, pick, pick, got)
	}
	if len(got) >= len(all) {
		t.Errorf("search %q did not filter: %d of %d", query, len(got), len(all))
	}
	if none := listPatients(t, db, "--search", "zzqqxx"); len(none) != 0 {
		t.Errorf("search for nothing listed %v", none)
	}
}

func TestDemoRefusesExistingFile(t *testing.T) {
	db := demoFile(t)
	before, _ := os.ReadFile(db)
	args := []string{"demo", "--db", db}
	pn(t, nil, args...).want(t, 1, args...)
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Error("demo changed an existing record file")
	}
}

func TestAlreadyOpen(t *testing.T) {
	path := demoFile(t)
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	before, _ := os.ReadFile(path)
	args := []string{"patients", "--db", path}
	r := pn(t, nil, args...)
	r.want(t, 1, args...)
	if !strings.Contains(r.stderr, "PelvicNotes is already open on this record file") {
		t.Errorf("stderr %q does not say the file is already open", r.stderr)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the record file changed while another PelvicNotes held it")
	}
}

func TestUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	for _, args := range [][]string{
		{"frobnicate"},
		{"patients"},
		{"demo"},
		{"patients", "--db", db, "--bogus"},
		{"demo", "--db", db, "--patients", "-1"},
		{"patients", "--db", db, "stray"},
	} {
		pn(t, nil, args...).want(t, 2, args...)
	}
	if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a usage error created %s", db)
	}
	for _, args := range [][]string{{"help"}, {"patients", "--help"}} {
		r := pn(t, nil, args...)
		r.want(t, 0, args...)
		if !strings.Contains(r.stdout, "pelvicnotes demo") || !strings.Contains(r.stdout, "pelvicnotes patients") {
			t.Errorf("pelvicnotes %q printed %q, want the usage", args, r.stdout)
		}
	}
}

func TestBadRecordFile(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.db")
	args := []string{"patients", "--db", missing}
	pn(t, nil, args...).want(t, 1, args...)
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Error("patients created the missing record file")
	}
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("Dear Dr Smith,\nthank you for the referral.\n"), 0o600)
	args = []string{"patients", "--db", text}
	r := pn(t, nil, args...)
	r.want(t, 1, args...)
	if !strings.Contains(r.stderr, "not a PelvicNotes record file") {
		t.Errorf("stderr %q does not say it is not a record file", r.stderr)
	}
}

func TestPassphrase(t *testing.T) {
	db := demoFile(t)
	dir := t.TempDir()
	missing := filepath.Join(dir, "nope")
	for _, args := range [][]string{
		{"patients", "--db", db, "--passphrase-file", missing},
		{"demo", "--db", filepath.Join(dir, "new.db"), "--passphrase-file", missing},
	} {
		r := pn(t, nil, args...)
		r.want(t, 1, args...)
		if !strings.Contains(r.stderr, "passphrase") {
			t.Errorf("stderr %q does not mention the passphrase", r.stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "new.db")); !errors.Is(err, os.ErrNotExist) {
		t.Error("demo created a record file without a readable passphrase")
	}
	pass := filepath.Join(dir, "pass")
	os.WriteFile(pass, []byte(testPassphrase+"\n"), 0o600)
	if got := listPatients(t, db, "--passphrase-file", pass); len(got) != 25 {
		t.Errorf("with --passphrase-file: %d patients, want 25", len(got))
	}
	for _, env := range []string{"PELVICNOTES_PASSPHRASE=", "PELVICNOTES_PASSPHRASE=correct horse battery staple"} {
		args := []string{"patients", "--db", db}
		r := pn(t, []string{env}, args...)
		r.want(t, 1, args...)
		if !strings.Contains(r.stderr, "passphrase") {
			t.Errorf("%s: stderr %q does not mention the passphrase", env, r.stderr)
		}
	}
	// A wrong passphrase is noted for the audit trail, but no record changes.
	if got := listPatients(t, db); len(got) != 25 {
		t.Errorf("after wrong passphrases: %d patients", len(got))
	}
	args := []string{"demo", "--db", filepath.Join(dir, "nopass.db")}
	r := pn(t, []string{"PELVICNOTES_PASSPHRASE="}, args...)
	r.want(t, 1, args...)
	if _, err := os.Stat(filepath.Join(dir, "nopass.db")); !errors.Is(err, os.ErrNotExist) {
		t.Error("demo made a record file with no passphrase")
	}
}

func TestRecordFileIsEncrypted(t *testing.T) {
	db := demoFile(t)
	all := listPatients(t, db)
	raw, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range all {
		for _, secret := range []string{p[1], p[2]} {
			if bytes.Contains(raw, []byte(secret)) {
				t.Errorf("the record file holds %q in plaintext", secret)
			}
		}
	}
}

func TestFyneAppTOML(t *testing.T) {
	data, err := os.ReadFile("../../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	toml, section := map[string]string{}, ""
	for _, l := range strings.Split(string(data), "\n") {
		l = strings.TrimSpace(l)
		switch {
		case l == "" || strings.HasPrefix(l, "#"):
		case strings.HasPrefix(l, "[") && strings.HasSuffix(l, "]"):
			section = strings.Trim(l, "[]") + "."
		default:
			k, v, ok := strings.Cut(l, "=")
			if !ok {
				t.Fatalf("FyneApp.toml: cannot read %q", l)
			}
			toml[section+strings.TrimSpace(k)] = strings.Trim(strings.TrimSpace(v), `"`)
		}
	}
	for key, want := range map[string]string{
		"Details.ID":        appID,
		"Details.Name":      appName,
		"Details.Version":   appVersion,
		"Details.Build":     strconv.Itoa(appBuild),
		"Migrations.fyneDo": "true",
	} {
		if got, ok := toml[key]; !ok || got != want {
			t.Errorf("FyneApp.toml %s = %q (present %v), want %q", key, got, ok, want)
		}
	}
	icon, err := os.ReadFile(filepath.Join("../..", toml["Details.Icon"]))
	if err != nil || toml["Details.Icon"] == "" {
		t.Fatalf("FyneApp.toml Icon %q: %v", toml["Details.Icon"], err)
	}
	if !bytes.Equal(icon, assets.Icon) {
		t.Errorf("FyneApp.toml Icon %s is not the icon embedded in the binary", toml["Details.Icon"])
	}
}
