//go:build unix

package store

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The fault helpers run in a child process (this test binary, re-executed)
// on a file the parent has set up. They print "ready", then the ID of each
// session once SaveAndSignSession has returned.
const (
	envWriterFile = "PELVICNOTES_TEST_WRITER_FILE"
	envFSizeLimit = "PELVICNOTES_TEST_FSIZE_LIMIT"
)

var idRE = regexp.MustCompile(`^[0-9a-f]{16}$`)

func TestHelperWriter(t *testing.T) {
	path := os.Getenv(envWriterFile)
	if path == "" {
		t.Skip("run by TestKilledMidWrite and TestDiskFull")
	}
	if lim := os.Getenv(envFSizeLimit); lim != "" {
		signal.Ignore(syscall.SIGXFSZ) // writes past the limit fail with EFBIG instead
		var n uint64
		fmt.Sscan(lim, &n)
		var rl syscall.Rlimit
		syscall.Getrlimit(syscall.RLIMIT_FSIZE, &rl)
		rl.Cur = n
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &rl); err != nil {
			fmt.Println("ERR setrlimit:", err)
			os.Exit(1)
		}
	}
	db, err := Open(path, Options{KDF: TestKDF})
	if err != nil {
		fmt.Println("ERR open:", err)
		os.Exit(1)
	}
	if err := db.UnlockAny(testPassphrase); err != nil {
		fmt.Println("ERR unlock:", err)
		os.Exit(1)
	}
	ids := db.SearchPatients("")
	if len(ids) == 0 {
		fmt.Println("ERR no patient")
		os.Exit(1)
	}
	fmt.Println("ready")
	for {
		s := validSession()
		s.ID, s.PatientID, s.PractitionerID, s.Warnings = "", ids[0].ID, "", nil
		s.TreatedAt = db.Now().Add(-time.Hour)
		s.Plan = strings.Repeat("Continue down-training with daily practice. ", 20)
		var out Session
		out, err = db.SaveAndSignSession(s, nil)
		if u, ok := err.(*UnacknowledgedError); ok {
			var acks []AcknowledgedWarning
			for _, w := range u.Warnings {
				acks = append(acks, AcknowledgedWarning{RuleID: w.RuleID})
			}
			out, err = db.SaveAndSignSession(s, acks)
		}
		if err != nil {
			fmt.Println("ERR", err)
			os.Exit(0)
		}
		fmt.Println(out.ID)
	}
}

// faultFile sets up a record file with one patient for the helper.
func faultFile(t *testing.T) string {
	path := filepath.Join(t.TempDir(), "fault.db")
	db, err := Open(path, Options{KDF: TestKDF})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Setup(testSetupInfo()); err != nil {
		t.Fatal(err)
	}
	p := validPatient()
	if _, err := db.SavePatient(p); err != nil {
		t.Fatal(err)
	}
	db.Close()
	return path
}

// startWriter starts the helper; lines delivers what it prints.
func startWriter(t *testing.T, path string, env ...string) (*exec.Cmd, <-chan string) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWriter$", "-test.count=1")
	cmd.Env = append(os.Environ(), envWriterFile+"="+path)
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 1<<16)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	return cmd, lines
}

// checkAckedSaves opens the file, verifies it and finds every acknowledged session signed.
func checkAckedSaves(t *testing.T, path string, acked []string) {
	t.Helper()
	db, err := Open(path, Options{KDF: TestKDF})
	if err != nil {
		t.Fatalf("the file does not open: %v", err)
	}
	defer db.Close()
	if err := db.UnlockAny(testPassphrase); err != nil {
		t.Fatalf("the file does not unlock: %v", err)
	}
	rep, err := db.Verify()
	if err != nil || !rep.OK() {
		t.Fatalf("verify: %v\n%s", err, rep)
	}
	for _, id := range acked {
		s, err := db.Session(id)
		if err != nil {
			t.Fatalf("acknowledged session %s lost: %v", id, err)
		}
		if s.Status != StatusSigned {
			t.Fatalf("acknowledged session %s is %s", id, s.Status)
		}
	}
}

// Fault 1: killed mid-write, nothing acknowledged is lost.
func TestKilledMidWrite(t *testing.T) {
	path := faultFile(t)
	kills := 50
	if testing.Short() {
		kills = 10
	}
	var acked []string
	for i := 0; i < kills; i++ {
		cmd, lines := startWriter(t, path)
		if l := <-lines; l != "ready" {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("helper: %q", l)
		}
		time.Sleep(time.Duration(rand.IntN(200)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		for l := range lines {
			if strings.HasPrefix(l, "ERR") {
				t.Fatalf("helper: %s", l)
			}
			if idRE.MatchString(l) {
				acked = append(acked, l)
			}
		}
		checkAckedSaves(t, path, acked)
	}
	t.Logf("killed mid-write %d times; %d acknowledged saves all present, signed and verified", kills, len(acked))
	fmt.Printf("fault test: killed mid-write %d times; %d acknowledged saves all present, signed and verified\n", kills, len(acked))
}

// Fault 2: a full disk (RLIMIT_FSIZE in the child) gives a clear message
// and loses nothing saved before.
func TestDiskFull(t *testing.T) {
	path := faultFile(t)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	cmd, lines := startWriter(t, path, fmt.Sprintf("%s=%d", envFSizeLimit, fi.Size()+512<<10))
	var acked []string
	var failure string
	timeout := time.After(30 * time.Second)
loop:
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				break loop
			}
			switch {
			case strings.HasPrefix(l, "ERR"):
				failure = l
			case idRE.MatchString(l):
				acked = append(acked, l)
			}
		case <-timeout:
			cmd.Process.Kill()
			t.Fatal("the disk never filled")
		}
	}
	cmd.Wait()
	if !strings.Contains(failure, "the record could not be written: the disk may be full; nothing was changed") {
		t.Fatalf("failure message %q", failure)
	}
	if len(acked) == 0 {
		t.Fatal("nothing was saved before the disk filled")
	}
	checkAckedSaves(t, path, acked)
	t.Logf("disk full after %d saves: %s", len(acked), failure)
	fmt.Printf("fault test: disk full after %d acknowledged saves, all intact; the user saw: %s\n", len(acked), strings.TrimPrefix(failure, "ERR "))
}
