package verify

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestRunCommand(t *testing.T) {
	tests := []struct {
		name    string
		command string
		timeout time.Duration
		status  Status
		code    int
		output  []string
	}{
		{"pass", "echo one; echo two >&2", time.Minute, Pass, 0, []string{"one", "two"}},
		{"fail", "echo error: attribute missing >&2; exit 3", time.Minute, Fail, 3, []string{"error: attribute missing"}},
		{"killed", "kill -9 $$", time.Minute, Fail, -1, nil},
		{"env", `test "$FLAKE_UNIFY_VERIFY_INPUT" = a/nixpkgs && echo "$FLAKE_UNIFY_VERIFY_REV"`, time.Minute, Pass, 0, []string{"abc"}},
		{"stdin is empty", "cat; echo done", time.Minute, Pass, 0, []string{"done"}},
		{"timeout", "echo started; sleep 60", 300 * time.Millisecond, Timeout, 0, []string{"started"}},
		// Returning at all is the check here: without SIGKILL after the
		// grace period, runCommand would wait for this loop forever.
		{"timeout ignoring SIGTERM", "trap '' TERM; echo started; while :; do sleep 1; done", 300 * time.Millisecond, Timeout, 0, []string{"started"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := runCommand(context.Background(), t.TempDir(), tt.command, tt.timeout,
				[]string{"FLAKE_UNIFY_VERIFY_INPUT=a/nixpkgs", "FLAKE_UNIFY_VERIFY_REV=abc"})
			if err != nil {
				t.Fatal(err)
			}
			if o.status != tt.status || o.exitCode != tt.code || !slices.Equal(o.output, tt.output) {
				t.Errorf("got %s exit %d output %q, want %s exit %d output %q", o.status, o.exitCode, o.output, tt.status, tt.code, tt.output)
			}
		})
	}
}

// TestRunCommandKillsTheGroup: background processes of the command die
// with it, whether it passes, times out or is cancelled.
func TestRunCommandKillsTheGroup(t *testing.T) {
	for _, tt := range []struct {
		name    string
		tail    string // after starting the background sleep
		timeout time.Duration
		cancel  bool
		status  Status
	}{
		{"passes", "exit 0", time.Minute, false, Pass},
		{"times out", "wait", 500 * time.Millisecond, false, Timeout},
		{"cancelled", "wait", time.Minute, true, Interrupted},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tt.cancel {
				go func() {
					waitFor(t, filepath.Join(dir, "pid"))
					cancel()
				}()
			}
			o, err := runCommand(ctx, dir, "sleep 120 & echo $! > pid.tmp && mv pid.tmp pid; "+tt.tail, tt.timeout, nil)
			if err != nil {
				t.Fatal(err)
			}
			if o.status != tt.status {
				t.Errorf("status %s, want %s", o.status, tt.status)
			}
			pid := readPid(t, filepath.Join(dir, "pid"))
			assertGone(t, pid)
		})
	}
}

func waitFor(t *testing.T, name string) {
	for range 600 {
		if _, err := os.Stat(name); err == nil {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Errorf("%s never appeared", name)
}

func readPid(t *testing.T, name string) int {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	return pid
}

// assertGone checks that pid no longer runs (a zombie waiting for its
// reaper counts as gone: it runs nothing).
func assertGone(t *testing.T, pid int) {
	t.Helper()
	for range 100 {
		err := syscall.Kill(pid, 0)
		if errors.Is(err, syscall.ESRCH) {
			return
		}
		if st, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat"); err == nil {
			if f := strings.Fields(string(st[strings.LastIndexByte(string(st), ')')+1:])); len(f) > 0 && f[0] == "Z" {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Errorf("process %d survived", pid)
}

func TestTailBuffer(t *testing.T) {
	var b tailBuffer
	var want []string
	for i := range 5000 {
		line := "line " + strconv.Itoa(i)
		b.Write([]byte(line + "\n"))
		want = append(want, line)
	}
	if got := b.lines(3); !slices.Equal(got, want[len(want)-3:]) {
		t.Errorf("last 3 lines %q", got)
	}
	if len(b.buf) > tailBytes {
		t.Errorf("kept %d bytes, more than %d", len(b.buf), tailBytes)
	}
	// One write longer than the buffer: its end is kept, the cut line dropped.
	var big tailBuffer
	big.Write([]byte(strings.Repeat("x", 2*tailBytes) + "\nlast\r\n\n"))
	if got := big.lines(5); !slices.Equal(got, []string{"last"}) {
		t.Errorf("after a long write: %q", got)
	}
}
