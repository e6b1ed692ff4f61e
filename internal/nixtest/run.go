package nixtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flake-unify/flake-unify/internal/testenv"
)

// CommandTimeout bounds every Nix command; a hung Nix (e.g. an evaluation
// that loops) fails its test instead of eating the whole go test timeout.
var CommandTimeout = 3 * time.Minute

// RunError is the error of a Nix command that exited non-zero or could not run.
type RunError struct {
	Nix      *Nix
	Dir      string
	Args     []string
	ExitCode int // -1 when the command did not run to completion
	Stderr   string
	Err      error
}

func (e *RunError) Error() string {
	return fmt.Sprintf("%s %s (in %s): %v\n%s", e.Nix, strings.Join(e.Args, " "), e.Dir, e.Err, e.Stderr)
}

func (e *RunError) Unwrap() error { return e.Err }

// ExitCode returns the exit code carried by a Run error: 0 for nil, -1 when
// the command did not run to completion.
func ExitCode(err error) int {
	if err == nil {
		return 0
	}
	var re *RunError
	if errors.As(err, &re) {
		return re.ExitCode
	}
	return -1
}

// stateDir holds n's private HOME, configuration and store in the universe at
// root. One per universe and version: a Nix 2.8 store database must never be
// opened by a newer Nix (it would be migrated), and separate homes keep their
// fetcher and eval caches apart. A fresh store costs a few milliseconds, so
// sharing one across tests would buy nothing (measured: ~60 ms per lock).
func (n *Nix) stateDir(root string) string {
	return filepath.Join(root, ".nix", n.Version)
}

// Config returns the NIX_CONFIG n runs with in the universe at root.
func (n *Nix) Config(root string) string {
	state := n.stateDir(root)
	return strings.Join([]string{
		"experimental-features = nix-command flakes",
		"build-users-group =",
		"sandbox = false",
		"substituters =",
		"warn-dirty = false",
		"flake-registry = " + filepath.Join(root, "registry.json"),
		// A chroot store of our own: nothing under /nix is read or written,
		// so tests work without a system Nix store or daemon.
		"store = " + filepath.Join(state, "store"),
	}, "\n")
}

// Env returns the whole environment n runs with in the universe at root.
// Nothing of the caller's Nix setup (NIX_PATH, NIX_REMOTE, ~/.config/nix,
// /etc/nix) is visible.
func (n *Nix) Env(root string) []string {
	state := n.stateDir(root)
	home := filepath.Join(state, "home")
	return append(baseEnv(),
		"HOME="+home,
		"XDG_CACHE_HOME="+filepath.Join(home, ".cache"),
		"XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"XDG_DATA_HOME="+filepath.Join(home, ".local", "share"),
		"XDG_STATE_HOME="+filepath.Join(home, ".local", "state"),
		"NIX_CONF_DIR="+filepath.Join(state, "etc"),
		"NIX_CONFIG="+n.Config(root),
		"GIT_CONFIG_NOSYSTEM=1",
	)
}

// Run runs `nix args...` in dir, which must lie inside a Universe, and
// returns its output. A non-zero exit is returned as a *RunError, never
// reported to t: many Nix facts are about failures.
func (n *Nix) Run(t testing.TB, dir string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	return n.run(t, n.Path, dir, args)
}

// Instantiate runs `nix-instantiate args...` in dir like Run runs nix.
// It skips the test when this Nix has no nix-instantiate (InstantiatePath
// is ""), or fails it under CI=true.
func (n *Nix) Instantiate(t testing.TB, dir string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	if n.InstantiatePath == "" {
		testenv.Missing(t, "nixtest: %s (%s) has no nix-instantiate beside it", n, n.Path)
	}
	return n.run(t, n.InstantiatePath, dir, args)
}

func (n *Nix) run(t testing.TB, bin, dir string, args []string) (stdout, stderr string, err error) {
	t.Helper()
	root, err := findUniverseRoot(dir)
	if err != nil {
		t.Fatalf("nixtest: %v", err)
	}
	for _, d := range []string{"home", "etc"} {
		if err := os.MkdirAll(filepath.Join(n.stateDir(root), d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), CommandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	cmd.Env = n.Env(root)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	runErr := cmd.Run()
	stdout, stderr = out.String(), errb.String()
	// Shown with -v or on failure: which command, where, how long.
	t.Logf("%s %s %s (in %s): %v, %.2fs", n, filepath.Base(bin), strings.Join(args, " "), filepath.Base(dir), exitText(runErr), time.Since(start).Seconds())
	if runErr != nil {
		re := &RunError{Nix: n, Dir: dir, Args: args, ExitCode: -1, Stderr: stderr, Err: runErr}
		var ee *exec.ExitError
		if ctx.Err() != nil {
			re.Err = fmt.Errorf("timed out after %v", CommandTimeout)
		} else if errors.As(runErr, &ee) {
			re.ExitCode = ee.ExitCode()
		}
		return stdout, stderr, re
	}
	return stdout, stderr, nil
}

// MustRun is Run that fails the test on a non-zero exit; it returns stdout.
func (n *Nix) MustRun(t testing.TB, dir string, args ...string) string {
	t.Helper()
	stdout, _, err := n.Run(t, dir, args...)
	if err != nil {
		t.Fatal(err)
	}
	return stdout
}

// Lock runs `nix flake lock extraArgs...` in dir (it must succeed) and
// returns the resulting flake.lock. The lock is not committed: Nix reads the
// working tree (it `git add`s a new lock itself), call Universe.Commit when a
// later step needs a clean tree.
func (n *Nix) Lock(t testing.TB, dir string, extraArgs ...string) []byte {
	t.Helper()
	n.MustRun(t, dir, append([]string{"flake", "lock"}, extraArgs...)...)
	b, err := os.ReadFile(filepath.Join(dir, "flake.lock"))
	if err != nil {
		t.Fatalf("nixtest: %s flake lock wrote no flake.lock in %s: %v", n, dir, err)
	}
	return b
}

// Update runs `nix flake update` in dir (recreate the lock from flake.nix
// alone, every input at the current head of its URL) and returns flake.lock.
func (n *Nix) Update(t testing.TB, dir string) []byte {
	t.Helper()
	n.MustRun(t, dir, "flake", "update")
	b, err := os.ReadFile(filepath.Join(dir, "flake.lock"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// UpToDate runs `nix flake lock --no-update-lock-file` in dir: the
// acceptance test for "Nix finds nothing to change". It returns nil when Nix
// accepts the lock; otherwise the *RunError (stderr says why).
func (n *Nix) UpToDate(t testing.TB, dir string) error {
	t.Helper()
	_, _, err := n.Run(t, dir, "flake", "lock", "--no-update-lock-file")
	return err
}

// Eval runs `nix eval --raw ATTR` on the flake in dir and returns the string.
func (n *Nix) Eval(t testing.TB, dir, attr string) string {
	t.Helper()
	return n.MustRun(t, dir, "eval", "--raw", ".#"+attr)
}

func exitText(err error) string {
	if err == nil {
		return "ok"
	}
	return err.Error()
}
