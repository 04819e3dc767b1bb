package ui

import (
	"path/filepath"
	"sort"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/pelvicnotes/pelvicnotes/store"
)

// BenchmarkOpenChart300 opens the chart of a patient with 300 sessions:
// reading and decrypting them, the dilator stage, the summary and laying
// out the timeline as the window shows it (ms-median per opening).
func BenchmarkOpenChart300(b *testing.B) {
	a := test.NewTempApp(b)
	db, err := store.Open(filepath.Join(b.TempDir(), "long.db"), store.Options{Now: func() time.Time { return testNow }, KDF: store.TestKDF, NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Setup(store.SetupInfo{
		Clinic:       store.Clinic{Name: "Harbour Pelvic Health"},
		Practitioner: store.Practitioner{Name: "Siân Howells", Profession: "Physiotherapist"},
		Passphrase:   testPassphrase,
	}); err != nil {
		b.Fatal(err)
	}
	hs := store.DemoHistories(2, 9, testNow, db.Settings())
	long := hs[0]
	for len(long.Sessions) < 300 {
		for _, s := range hs[1].Sessions {
			if len(long.Sessions) == 300 {
				break
			}
			s.TreatedAt = long.Sessions[0].TreatedAt.Add(-24 * time.Hour)
			s.WrittenAt, s.SignedAt = s.TreatedAt, s.TreatedAt.Add(time.Hour)
			long.Sessions = append([]store.Session{s}, long.Sessions...)
		}
	}
	sort.Slice(long.Sessions, func(i, j int) bool { return long.Sessions[i].TreatedAt.Before(long.Sessions[j].TreatedAt) })
	store.AttributeHistories([]store.History{long}, db.CurrentPractitioner().ID)
	saved, err := db.ImportHistories([]store.History{long})
	if err != nil {
		b.Fatal(err)
	}
	p, _ := db.Patient(saved[0].ID)
	w := a.NewWindow("chart")
	c := newChartView(db, w)
	w.SetContent(c.content)
	w.Resize(fyne.NewSize(900, 700))
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		c.Load(p)
		test.LaidOutObjects(c.content)
		times = append(times, time.Since(t0))
	}
	b.StopTimer()
	if len(c.timeline) != 300 {
		b.Fatalf("%d sessions on the timeline", len(c.timeline))
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "ms-median")
}
