package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

var fixedNow = time.Date(2026, time.November, 21, 10, 30, 0, 0, time.UTC)

func openTemp(t *testing.T) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "records.db")
	db, _ := setUp(t, path)
	t.Cleanup(func() { db.Close() })
	return db, path
}

func validPatient() Patient {
	return Patient{
		Name:        "Łucja Żółć",
		DateOfBirth: Date{1988, time.March, 14},
		Sex:         SexFemale,
		Phone:       "+44 7700 900123",
		Email:       "lucja@example.com",
		Address:     "12 Mill Lane\nBristol BS7 8QQ",
		Identifier:  "943 476 5919",
	}
}

func TestRoundTripSurvivesReopen(t *testing.T) {
	db, path := openTemp(t)
	want := []Patient{validPatient()}
	for _, name := range []string{"Nguyễn Thị Minh", "Σοφία Παπαδοπούλου", "Ольга Иванова"} {
		p := validPatient()
		p.Name, p.Identifier = name, ""
		want = append(want, p)
	}
	ids := map[string]Patient{}
	for _, p := range want {
		saved, err := db.SavePatient(p)
		if err != nil {
			t.Fatalf("save %s: %v", p.Name, err)
		}
		if len(saved.ID) != 16 || saved.Created.IsZero() || !saved.Created.Equal(saved.Updated) {
			t.Fatalf("saved patient has ID %q created %v updated %v", saved.ID, saved.Created, saved.Updated)
		}
		ids[saved.ID] = saved
	}
	db.Close()

	db2 := reopen(t, path)
	if err := db2.UnlockAny(testPassphrase); err != nil {
		t.Fatal(err)
	}
	if n := db2.PatientCount(); n != len(want) {
		t.Fatalf("after reopen %d patients, want %d", n, len(want))
	}
	for id, saved := range ids {
		got, err := db2.Patient(id)
		if err != nil {
			t.Fatalf("read %s: %v", id, err)
		}
		if !got.Equal(saved) {
			t.Errorf("read back\n%+v\nwant\n%+v", got, saved)
		}
	}
}

func TestUpdateKeepsIDAndCreated(t *testing.T) {
	db, _ := openTemp(t)
	p, err := db.SavePatient(validPatient())
	if err != nil {
		t.Fatal(err)
	}
	later := fixedNow.Add(time.Hour)
	db.now = func() time.Time { return later }
	p.Phone = "01632 960001"
	p.Created = time.Time{} // a form cannot rewrite history
	q, err := db.SavePatient(p)
	if err != nil {
		t.Fatal(err)
	}
	if q.ID != p.ID || !q.Created.Equal(fixedNow) || !q.Updated.Equal(later) || q.Phone != "01632 960001" {
		t.Fatalf("update gave %+v", q)
	}
	if db.PatientCount() != 1 {
		t.Fatalf("update created a second patient")
	}
	if _, err := db.SavePatient(Patient{ID: "0000000000000000", Name: "Ghost", DateOfBirth: Date{1980, 1, 1}}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("saving an unknown ID gave %v, want ErrNotFound", err)
	}
}

func TestValidationRules(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(*Patient)
		field string
		want  string // part of the message
	}{
		{"name missing", func(p *Patient) { p.Name = "   " }, FieldName, "enter the patient's name"},
		{"name too long", func(p *Patient) { p.Name = strings.Repeat("a", 201) }, FieldName, "under 200"},
		{"name control", func(p *Patient) { p.Name = "Ann\x07e" }, FieldName, "cannot be printed"},
		{"name no letter", func(p *Patient) { p.Name = "12345" }, FieldName, "at least one letter"},
		{"dob missing", func(p *Patient) { p.DateOfBirth = Date{} }, FieldDateOfBirth, "enter the date of birth"},
		{"dob 31 April", func(p *Patient) { p.DateOfBirth = Date{1990, time.April, 31} }, FieldDateOfBirth, "does not exist"},
		{"dob 29 Feb 2023", func(p *Patient) { p.DateOfBirth = Date{2023, time.February, 29} }, FieldDateOfBirth, "does not exist"},
		{"dob month 13", func(p *Patient) { p.DateOfBirth = Date{1990, 13, 1} }, FieldDateOfBirth, "does not exist"},
		{"dob before 1900", func(p *Patient) { p.DateOfBirth = Date{1899, time.December, 31} }, FieldDateOfBirth, "before 1900"},
		{"dob today", func(p *Patient) { p.DateOfBirth = DateOf(fixedNow) }, FieldDateOfBirth, "in the past"},
		{"dob future", func(p *Patient) { p.DateOfBirth = Date{2030, 1, 1} }, FieldDateOfBirth, "in the past"},
		{"sex unknown value", func(p *Patient) { p.Sex = "x" }, FieldSex, "choose"},
		{"phone letters", func(p *Patient) { p.Phone = "call me" }, FieldPhone, "digits"},
		{"phone short", func(p *Patient) { p.Phone = "12345" }, FieldPhone, "between 6 and 15"},
		{"phone long", func(p *Patient) { p.Phone = "1234567890123456" }, FieldPhone, "between 6 and 15"},
		{"email no at", func(p *Patient) { p.Email = "lucja.example.com" }, FieldEmail, "name@example.com"},
		{"email no domain dot", func(p *Patient) { p.Email = "lucja@example" }, FieldEmail, "name@example.com"},
		{"email space", func(p *Patient) { p.Email = "lu cja@example.com" }, FieldEmail, "name@example.com"},
		{"email two ats", func(p *Patient) { p.Email = "a@b@example.com" }, FieldEmail, "name@example.com"},
		{"address long", func(p *Patient) { p.Address = strings.Repeat("x", 501) }, FieldAddress, "under 500"},
		{"address control", func(p *Patient) { p.Address = "1 Road\x00" }, FieldAddress, "cannot be printed"},
		{"identifier long", func(p *Patient) { p.Identifier = strings.Repeat("9", 41) }, FieldIdentifier, "under 40"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db, _ := openTemp(t)
			p := validPatient()
			c.edit(&p)
			_, err := db.SavePatient(p)
			msgs := FieldMessages(err)
			if msgs == nil {
				t.Fatalf("saved without complaint (err %v)", err)
			}
			if !strings.Contains(msgs[c.field], c.want) {
				t.Fatalf("message for %s = %q, want it to say %q (all: %v)", c.field, msgs[c.field], c.want, msgs)
			}
			if len(msgs) != 1 {
				t.Fatalf("expected only %s at fault, got %v", c.field, msgs)
			}
			if db.PatientCount() != 0 {
				t.Fatalf("a rejected patient was kept")
			}
		})
	}
}

func TestValidationAcceptsEdges(t *testing.T) {
	db, _ := openTemp(t)
	p := validPatient()
	p.DateOfBirth = Date{1900, time.January, 1}
	p.Phone, p.Email, p.Address, p.Identifier, p.Sex = "", "", "", "", SexNotRecorded
	if _, err := db.SavePatient(p); err != nil {
		t.Fatalf("1 Jan 1900 with only required fields: %v", err)
	}
	q := validPatient()
	q.Identifier = ""
	q.DateOfBirth = DateOf(fixedNow.AddDate(0, 0, -1))
	if _, err := db.SavePatient(q); err != nil {
		t.Fatalf("born yesterday: %v", err)
	}
}

func TestSeveralFieldsAtFaultAreAllNamed(t *testing.T) {
	db, _ := openTemp(t)
	_, err := db.SavePatient(Patient{Email: "nope"})
	msgs := FieldMessages(err)
	for _, f := range []string{FieldName, FieldDateOfBirth, FieldEmail} {
		if msgs[f] == "" {
			t.Errorf("no message for %s in %v", f, msgs)
		}
	}
	if !strings.Contains(err.Error(), "Date of birth: ") {
		t.Errorf("error text %q does not name the field as the form does", err)
	}
}

func TestRejectedUpdateChangesNothing(t *testing.T) {
	db, _ := openTemp(t)
	p, err := db.SavePatient(validPatient())
	if err != nil {
		t.Fatal(err)
	}
	bad := p
	bad.Name = ""
	bad.Phone = "07700 900999"
	if _, err := db.SavePatient(bad); err == nil {
		t.Fatal("saved a patient with no name")
	}
	got, _ := db.Patient(p.ID)
	if !got.Equal(p) {
		t.Fatalf("file changed after a rejected save: %+v", got)
	}
	if hits := db.SearchPatients("lucja"); len(hits) != 1 || hits[0] != p.Summary() {
		t.Fatalf("index changed after a rejected save: %+v", hits)
	}
}

func TestDuplicateIdentifierRefused(t *testing.T) {
	db, _ := openTemp(t)
	first, err := db.SavePatient(validPatient())
	if err != nil {
		t.Fatal(err)
	}
	other := validPatient()
	other.Name = "Olga Smirnova"
	other.Identifier = "9434765919" // same number, typed without spaces
	_, err = db.SavePatient(other)
	if msg := FieldMessages(err)[FieldIdentifier]; !strings.Contains(msg, "Łucja Żółć") {
		t.Fatalf("duplicate identifier message %q", msg)
	}
	// The patient who owns the number may be saved again with it.
	first.Phone = "0117 496 0000"
	if _, err := db.SavePatient(first); err != nil {
		t.Fatalf("resaving the owner: %v", err)
	}
}

func TestNormaliseTrims(t *testing.T) {
	db, _ := openTemp(t)
	p := validPatient()
	p.Name = "  Σοφία   Γεωργίου \t"
	p.Email = " sofia@example.com "
	got, err := db.SavePatient(p)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "Σοφία Γεωργίου" || got.Email != "sofia@example.com" {
		t.Fatalf("stored %q %q", got.Name, got.Email)
	}
}

func TestSearch(t *testing.T) {
	db, _ := openTemp(t)
	add := func(name string, dob Date, ident string) {
		p := Patient{Name: name, DateOfBirth: dob, Identifier: ident}
		if _, err := db.SavePatient(p); err != nil {
			t.Fatal(err)
		}
	}
	add("Łucja Żółć", Date{1988, time.March, 14}, "943 476 5919")
	add("Nguyễn Thị Minh", Date{1992, time.July, 2}, "")
	add("Σοφία Παπαδοπούλου", Date{1979, time.December, 30}, "MRN-0042")
	add("Ольга Иванова", Date{1988, time.October, 5}, "")
	add("Amelia Smith", Date{2001, time.January, 9}, "999 000 0018")

	cases := map[string][]string{
		"":               {"Amelia Smith", "Łucja Żółć", "Nguyễn Thị Minh", "Σοφία Παπαδοπούλου", "Ольга Иванова"},
		"zolc":           {"Łucja Żółć"},
		"ŻÓŁ":            {"Łucja Żółć"},
		"nguyen minh":    {"Nguyễn Thị Minh"},
		"thi":            {"Nguyễn Thị Minh"},
		"σοφια":          {"Σοφία Παπαδοπούλου"},
		"ольга":          {"Ольга Иванова"},
		"1988":           {"Łucja Żółć", "Ольга Иванова"},
		"14/03/1988":     {"Łucja Żółć"},
		"1988-10-05":     {"Ольга Иванова"},
		"14 mar 1988":    {"Łucja Żółć"},
		"9434765919":     {"Łucja Żółć"},
		"943 476":        {"Łucja Żółć"},
		"mrn-0042":       {"Σοφία Παπαδοπούλου"},
		"smith 2001":     {"Amelia Smith"},
		"smith 1988":     nil,
		"nobody by name": nil,
	}
	for q, want := range cases {
		got := db.SearchPatients(q)
		var names []string
		for _, p := range got {
			names = append(names, p.Name)
		}
		if strings.Join(names, "|") != strings.Join(want, "|") {
			t.Errorf("search %q = %v, want %v", q, names, want)
		}
	}
}

func TestParseDate(t *testing.T) {
	good := map[string]Date{
		"14/03/1988":    {1988, time.March, 14},
		"14-3-1988":     {1988, time.March, 14},
		"14.03.1988":    {1988, time.March, 14},
		"1988-03-14":    {1988, time.March, 14},
		"14 Mar 1988":   {1988, time.March, 14},
		"14 march 1988": {1988, time.March, 14},
		" 1 Sept 1970 ": {1970, time.September, 1},
		"29/02/2000":    {2000, time.February, 29},
		"":              {},
	}
	for in, want := range good {
		got, err := ParseDate(in)
		if err != nil || got != want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	bad := map[string]string{
		"31/04/1990":  "does not exist",
		"29/02/2023":  "does not exist",
		"14/03/88":    "year in full",
		"tomorrow":    "day/month/year",
		"03/1988":     "day/month/year",
		"14 Foo 1988": "day/month/year",
		"1988-02-30":  "does not exist",
	}
	for in, want := range bad {
		_, err := ParseDate(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseDate(%q) error %v, want it to say %q", in, err, want)
		}
	}
}

func TestDateForms(t *testing.T) {
	d := Date{1988, time.March, 4}
	if d.String() != "1988-03-04" || d.Display() != "4 Mar 1988" || d.Numeric() != "04/03/1988" {
		t.Fatalf("forms %q %q %q", d.String(), d.Display(), d.Numeric())
	}
	if got := d.AgeOn(Date{2026, time.March, 3}); got != 37 {
		t.Fatalf("age the day before the birthday = %d", got)
	}
	if got := d.AgeOn(Date{2026, time.March, 4}); got != 38 {
		t.Fatalf("age on the birthday = %d", got)
	}
}

func TestSecondOpenIsRefusedAndTouchesNothing(t *testing.T) {
	db, path := openTemp(t)
	if _, err := db.SavePatient(validPatient()); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(path)
	_, err = Open(path, Options{LockTimeout: 100 * time.Millisecond})
	if !errors.Is(err, ErrAlreadyOpen) {
		t.Fatalf("second open gave %v, want ErrAlreadyOpen", err)
	}
	if !strings.Contains(err.Error(), "PelvicNotes is already open on this record file") {
		t.Fatalf("message %q", err)
	}
	after, _ := os.ReadFile(path)
	info2, _ := os.Stat(path)
	if !bytes.Equal(before, after) || !info.ModTime().Equal(info2.ModTime()) {
		t.Fatal("the refused open changed the file")
	}
}

func TestForeignFilesAreRefused(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte(strings.Repeat("not a database ", 400)), 0o600)
	if _, err := Open(text, Options{}); !errors.Is(err, ErrNotRecordFile) {
		t.Errorf("text file: %v", err)
	}
	// Another program's bbolt file with buckets of its own.
	other := filepath.Join(dir, "other.db")
	b, err := bolt.Open(other, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("widgets")); return err })
	b.Close()
	if _, err := Open(other, Options{}); !errors.Is(err, ErrNotRecordFile) {
		t.Errorf("foreign bbolt file: %v", err)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	db, path := openTemp(t)
	db.bolt.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keySchema, []byte{0, 0, 0, 0, 0, 0, 0, SchemaVersion + 1})
	})
	db.Close()
	if _, err := Open(path, Options{}); !errors.Is(err, ErrNewerFile) {
		t.Fatalf("newer schema: %v", err)
	}
}

func TestNoPersonalDataInKeys(t *testing.T) {
	db, _ := openTemp(t)
	p, err := db.SavePatient(validPatient())
	if err != nil {
		t.Fatal(err)
	}
	db.bolt.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			return b.ForEach(func(k, _ []byte) error {
				// Long enough that a random hex ID cannot hold one by chance
				// (a short number such as "1988" turned up in an ID once).
				for _, s := range []string{"ucja", "19880314", "1988-03-14", "14/03/1988", "9434765919", "943 476", "7700900123", "example", "Mill Lane"} {
					if bytes.Contains(k, []byte(s)) || bytes.Contains(name, []byte(s)) {
						t.Errorf("key %q in bucket %q holds personal data %q", k, name, s)
					}
				}
				return nil
			})
		})
	})
	_ = p
}

func TestConcurrentSavesAndSearches(t *testing.T) {
	db, _ := openTemp(t)
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(2)
		go func(w int) {
			defer wg.Done()
			for _, p := range DemoPatients(25, uint64(w+1), db.Today()) {
				p.Identifier = ""
				if _, err := db.SavePatient(p); err != nil {
					t.Error(err)
				}
			}
		}(w)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				db.SearchPatients("a")
			}
		}()
	}
	wg.Wait()
	if db.PatientCount() != 100 {
		t.Fatalf("%d patients after concurrent saves", db.PatientCount())
	}
}

func TestDemoPatientsAreValidVariedAndRepeatable(t *testing.T) {
	today := DateOf(fixedNow)
	a := DemoPatients(300, 7, today)
	b := DemoPatients(300, 7, today)
	if len(a) != 300 {
		t.Fatalf("%d demo patients", len(a))
	}
	nonASCII, men := 0, 0
	idents := map[string]bool{}
	for i, p := range a {
		if !p.Equal(b[i]) {
			t.Fatalf("same seed gave different patient %d", i)
		}
		if err := p.Normalise().Validate(today); err != nil {
			t.Fatalf("demo patient %q invalid: %v", p.Name, err)
		}
		if age := p.DateOfBirth.AgeOn(today); age < 18 || age > 80 {
			t.Errorf("%s is %d", p.Name, age)
		}
		if !nhsCheckDigitOK(p.Identifier) || !strings.HasPrefix(p.Identifier, "999 ") {
			t.Errorf("identifier %q is not a valid NHS test number", p.Identifier)
		}
		if idents[p.Identifier] {
			t.Errorf("identifier %q repeated", p.Identifier)
		}
		idents[p.Identifier] = true
		for _, r := range p.Name {
			if r > 127 {
				nonASCII++
				break
			}
		}
		if p.Sex == SexMale {
			men++
		}
	}
	if nonASCII < 60 || men == 0 || men > 60 {
		t.Fatalf("demo mix: %d non-ASCII names, %d men of 300", nonASCII, men)
	}
	if c := DemoPatients(5, 8, today); c[0].Equal(a[0]) && c[1].Equal(a[1]) {
		t.Fatal("a different seed gave the same patients")
	}
}

func nhsCheckDigitOK(s string) bool {
	s = strings.ReplaceAll(s, " ", "")
	if len(s) != 10 {
		return false
	}
	sum := 0
	for i := 0; i < 9; i++ {
		sum += int(s[i]-'0') * (10 - i)
	}
	check := (11 - sum%11) % 11
	return check != 10 && int(s[9]-'0') == check
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Łucja Żółć":      "lucja zolc",
		"Nguyễn Thị Minh": "nguyen thi minh",
		"Σοφία":           "σοφια",
		"Ольга":           "ольга",
		"Bjørnstad":       "bjornstad",
		"Müller":          "muller",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}
