package store

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"
)

// The benchmarks run on a demonstration file of 10,000 patients with about
// 20 sessions each, plus one patient with 300 sessions, built once (without
// fsync, to save time) and kept in the temporary folder between runs:
//
//	go test -run '^$' -bench . -benchtime 200x ./store/
const (
	benchPatients = 10000
	benchFile     = "pelvicnotes-bench-v3.db"
)

var benchNow = time.Date(2026, time.November, 21, 10, 30, 0, 0, time.UTC)

// benchDB opens (building on first use) the benchmark file, unlocked.
func benchDB(b *testing.B, noSync bool) *DB {
	b.Helper()
	path := filepath.Join(os.TempDir(), benchFile)
	if _, err := os.Stat(path); err != nil {
		buildBenchFile(b, path)
	}
	db, err := Open(path, Options{Now: func() time.Time { return benchNow }, KDF: TestKDF, NoSync: noSync})
	if err != nil {
		b.Fatal(err)
	}
	if err := db.UnlockAny(testPassphrase); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

func buildBenchFile(b *testing.B, path string) {
	start := time.Now()
	tmp := path + ".building"
	os.Remove(tmp)
	db, err := Open(tmp, Options{Now: func() time.Time { return benchNow }, KDF: TestKDF, NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.Setup(testSetupInfo()); err != nil {
		b.Fatal(err)
	}
	hs := DemoHistories(benchPatients, 42, benchNow, db.Settings())
	// One long-treated patient: 300 sessions, for the chart benchmark.
	long := hs[0]
	for len(long.Sessions) < 300 {
		for _, s := range hs[1].Sessions {
			if len(long.Sessions) == 300 {
				break
			}
			s.TreatedAt = long.Sessions[len(long.Sessions)-1].TreatedAt.Add(-24 * time.Hour)
			s.WrittenAt, s.SignedAt = s.TreatedAt, s.TreatedAt.Add(time.Hour)
			long.Sessions = append(long.Sessions, s)
		}
	}
	sort.Slice(long.Sessions, func(i, j int) bool { return long.Sessions[i].TreatedAt.Before(long.Sessions[j].TreatedAt) })
	hs[0] = long
	sessions := 0
	for i := 0; i < len(hs); i += 500 {
		batch := hs[i:min(i+500, len(hs))]
		for _, h := range batch {
			sessions += len(h.Sessions)
		}
		if _, err := db.ImportHistories(batch); err != nil {
			b.Fatal(err)
		}
	}
	db.Close()
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	fi, _ := os.Stat(path)
	b.Logf("built %s: %d patients, %d sessions, %.1f MB (%.2f MB per 1,000 sessions) in %s",
		path, len(hs), sessions, float64(fi.Size())/1e6, float64(fi.Size())/1e6/float64(sessions)*1000, time.Since(start).Round(time.Second))
}

// longPatient finds the patient with 300 sessions.
func longPatient(b *testing.B, db *DB) string {
	for _, p := range db.Patients() {
		ss, _ := db.PatientSessions(p.ID)
		if len(ss) >= 300 {
			return p.ID
		}
	}
	b.Fatal("no patient with 300 sessions")
	return ""
}

// reportMedian adds the median of the timed operations to the benchmark output.
func reportMedian(b *testing.B, d []time.Duration) {
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	if len(d) > 0 {
		b.ReportMetric(float64(d[len(d)/2].Microseconds())/1000, "ms-median")
		b.ReportMetric(float64(d[len(d)*95/100].Microseconds())/1000, "ms-p95")
	}
}

// BenchmarkSaveAndSignSession saves and signs a follow-up note, with fsync,
// as the Sign button does.
func BenchmarkSaveAndSignSession(b *testing.B) {
	db := benchDB(b, false)
	pid := db.Patients()[1234].ID
	prev, _ := db.PatientSessions(pid)
	tmpl := prev[len(prev)-1]
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s := tmpl
		s.ID, s.Status, s.Warnings, s.AmendsID, s.AmendReason = "", "", nil, "", ""
		s.TreatedAt = benchNow.Add(-time.Duration(i+1) * time.Minute)
		t0 := time.Now()
		if _, err := db.SaveAndSignSession(s, acknowledgeAll(db, s)); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(t0))
	}
	b.StopTimer()
	reportMedian(b, times)
}

func acknowledgeAll(db *DB, s Session) []AcknowledgedWarning {
	p, _ := db.Patient(s.PatientID)
	var acks []AcknowledgedWarning
	for _, w := range db.Settings().Safety.SessionWarnings(p, s, db.Today()) {
		acks = append(acks, AcknowledgedWarning{RuleID: w.RuleID})
	}
	return acks
}

// BenchmarkOpenChart reads a patient and all 300 of their sessions, decrypted.
func BenchmarkOpenChart(b *testing.B) {
	db := benchDB(b, true)
	id := longPatient(b, db)
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if _, err := db.Patient(id); err != nil {
			b.Fatal(err)
		}
		ss, err := db.PatientSessions(id)
		if err != nil || len(ss) < 300 {
			b.Fatalf("%d sessions, %v", len(ss), err)
		}
		times = append(times, time.Since(t0))
	}
	b.StopTimer()
	reportMedian(b, times)
}

// BenchmarkSearch searches 10,000 names as the practitioner types.
func BenchmarkSearch(b *testing.B) {
	db := benchDB(b, true)
	queries := []string{"a", "ol", "smi", "nguyen", "1988", "zolc", "999 1", "σοφ"}
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		db.SearchPatients(queries[i%len(queries)])
		times = append(times, time.Since(t0))
	}
	b.StopTimer()
	reportMedian(b, times)
}

// BenchmarkUnlockIndexBuild is the part of unlocking after the key is
// derived: decrypting every patient into the search index.
func BenchmarkUnlockIndexBuild(b *testing.B) {
	db := benchDB(b, true)
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		db.mu.Lock()
		err := db.loadIndexLocked()
		db.mu.Unlock()
		if err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(t0))
	}
	b.StopTimer()
	if db.PatientCount() != benchPatients {
		b.Fatalf("%d patients indexed", db.PatientCount())
	}
	reportMedian(b, times)
}

// BenchmarkFileSize reports the file size per 1,000 sessions.
func BenchmarkFileSize(b *testing.B) {
	db := benchDB(b, true)
	sessions := 0
	for _, p := range db.Patients() {
		ss, _ := db.PatientSessions(p.ID)
		sessions += len(ss)
	}
	fi, _ := os.Stat(db.Path())
	b.ReportMetric(float64(fi.Size())/1e6/float64(sessions)*1000, "MB/1000-sessions")
	b.ReportMetric(float64(sessions), "sessions")
}

// BenchmarkBackupAndVerify times a verified backup and a verify alone of the
// 10,000-patient file.
func BenchmarkBackupAndVerify(b *testing.B) {
	db := benchDB(b, false)
	dir := b.TempDir()
	var backup, verify time.Duration
	for i := 0; i < b.N; i++ {
		start := time.Now()
		info, err := db.Backup(dir)
		if err != nil {
			b.Fatal(err)
		}
		backup += time.Since(start)
		os.Remove(info.Path)
		start = time.Now()
		rep, err := db.Verify()
		if err != nil || !rep.OK() {
			b.Fatalf("verify: %v\n%s", err, rep.Summary())
		}
		verify += time.Since(start)
	}
	b.ReportMetric(backup.Seconds()/float64(b.N), "s/backup")
	b.ReportMetric(verify.Seconds()/float64(b.N), "s/verify")
}
