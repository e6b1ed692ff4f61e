package e2e

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

const signalFlake = `{
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
  outputs = { self, nixpkgs }: { };
}
`

const signalLock = `{
  "nodes": {
    "nixpkgs": {
      "locked": {
        "lastModified": 1704758400,
        "narHash": "sha256-0000000000000000000000000000000000000000009=",
        "owner": "NixOS",
        "repo": "nixpkgs",
        "rev": "0808080808080808080808080808080808080808",
        "type": "github"
      },
      "original": {
        "owner": "NixOS",
        "ref": "nixos-unstable",
        "repo": "nixpkgs",
        "type": "github"
      }
    },
    "root": {
      "inputs": {
        "nixpkgs": "nixpkgs"
      }
    }
  },
  "root": "root",
  "version": 7
}
`

// TestVerifyInterrupted: SIGINT or SIGTERM to flake-unify while the
// command runs stops the command's whole process group (a background
// child included), removes the scratch copy, changes nothing and exits
// 128+signal. Needs no Nix: the command is a shell that waits.
func TestVerifyInterrupted(t *testing.T) {
	bin, err := toolBinary()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGINT, 130}, {syscall.SIGTERM, 143}} {
		t.Run(tt.sig.String(), func(t *testing.T) {
			t.Parallel()
			dir, tmp, marks := t.TempDir(), t.TempDir(), t.TempDir()
			for name, text := range map[string]string{"flake.nix": signalFlake, "flake.lock": signalLock} {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			// The shell traps nothing; its background sleep would outlive it
			// unless the whole group is stopped.
			script := "sleep 300 & echo $! > " + marks + "/bg; echo $$ > " + marks + "/sh.tmp; mv " + marks + "/sh.tmp " + marks + "/sh; wait"
			cmd := exec.Command(bin, "apply", "--no-commit", "--verify", script)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			deadline := time.Now().Add(time.Minute)
			for !exists(filepath.Join(marks, "sh")) {
				if time.Now().After(deadline) {
					t.Fatalf("the command never started\n%s", stderr.String())
				}
				time.Sleep(20 * time.Millisecond)
			}
			if err := cmd.Process.Signal(tt.sig); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			if code := cmd.ProcessState.ExitCode(); code != tt.code {
				t.Errorf("exit %d (%v), want %d\n%s", code, err, tt.code, stderr.String())
			}
			if !strings.Contains(stderr.String(), "interrupted") || !strings.Contains(stderr.String(), "interrupted  ") {
				t.Errorf("stderr does not report the interruption and the matrix:\n%s", stderr.String())
			}
			for _, name := range []string{"sh", "bg"} {
				pidGone(t, name, readPID(t, filepath.Join(marks, name)))
			}
			assertEmpty(t, tmp)
			for name, text := range map[string]string{"flake.nix": signalFlake, "flake.lock": signalLock} {
				if b, _ := os.ReadFile(filepath.Join(dir, name)); string(b) != text {
					t.Errorf("%s changed", name)
				}
			}
		})
	}
}

func exists(name string) bool { _, err := os.Stat(name); return err == nil }

func readPID(t *testing.T, name string) int {
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

// pidGone checks that pid runs no more (a zombie awaiting its reaper runs
// nothing and counts as gone).
func pidGone(t *testing.T, what string, pid int) {
	t.Helper()
	for range 100 {
		if syscall.Kill(pid, 0) == syscall.ESRCH {
			return
		}
		if st, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat"); err == nil {
			s := string(st)
			if f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:]); len(f) > 0 && f[0] == "Z" {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Errorf("%s (pid %d) survived", what, pid)
}
