package gitrepo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/flake-unify/flake-unify/diag"
)

// LookGit finds the git executable; a variable so tests can hide it.
var LookGit = func() (string, error) { return exec.LookPath("git") }

// Git runs the git executable in a repository's work tree.
type Git struct {
	L    *Layout
	Path string   // the git executable
	Env  []string // the environment, without the variables of repoEnv
}

// repoEnv lists variables that would point git at another repository,
// index or object store than the one holding the flake.
var repoEnv = []string{"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
	"GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_PREFIX", "GIT_NAMESPACE"}

// OpenGit finds git and checks that it can use the repository. When it
// cannot, the *diag.Error carries no hint: the caller knows what the user
// can do instead.
func OpenGit(ctx context.Context, l *Layout) (*Git, error) {
	path, err := LookGit()
	if err != nil {
		return nil, err
	}
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		drop := false
		for _, r := range repoEnv {
			drop = drop || k == r
		}
		if !drop {
			env = append(env, kv)
		}
	}
	g := &Git{L: l, Path: path, Env: env}
	// One cheap call that fails the way git would for every later one
	// (e.g. "dubious ownership"), before anything is changed.
	if _, err := g.Run(ctx, nil, "rev-parse", "--git-dir"); err != nil {
		return nil, &diag.Error{What: "git cannot use this repository", Why: Stderr(err), Err: err}
	}
	return g, nil
}

// Error is a git command that exited with a failure status, with what it
// printed on stderr; it wraps the *exec.ExitError.
type Error struct {
	Args   []string
	Code   int
	Stderr string
	Err    error
}

func (e *Error) Unwrap() error { return e.Err }

func (e *Error) Error() string {
	return fmt.Sprintf("git %s: exit status %d: %s", strings.Join(e.Args, " "), e.Code, e.Stderr)
}

// Stderr is what a failed git command printed, or err's text when it is
// not an *Error or printed nothing.
func Stderr(err error) string {
	var ge *Error
	if errors.As(err, &ge) && ge.Stderr != "" {
		return ge.Stderr
	}
	return err.Error()
}

// ExitCode returns the exit status of a failed git command, or -1.
func ExitCode(err error) int {
	var ge *Error
	if errors.As(err, &ge) {
		return ge.Code
	}
	return -1
}

// FirstLine is the first line of git's output worth showing: not empty,
// and not the "***" banner git puts above identity errors.
func FirstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "***") {
			return l
		}
	}
	return s
}

// Run runs git with args in the work tree, stdin as its input when not
// nil, and returns its standard output; a failure status is an *Error.
func (g *Git) Run(ctx context.Context, stdin []byte, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, g.Path, args...)
	cmd.Dir = g.L.WorkTree
	cmd.Env = g.Env
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return stdout.String(), &Error{Args: args, Code: ee.ExitCode(), Stderr: strings.TrimSpace(stderr.String()), Err: err}
		}
		return "", err
	}
	return stdout.String(), nil
}

// Ref returns the commit a ref points to, zero when it does not exist.
func (g *Git) Ref(ctx context.Context, name plumbing.ReferenceName) (plumbing.Hash, error) {
	out, err := g.Run(ctx, nil, "rev-parse", "-q", "--verify", string(name)+"^{commit}")
	if ExitCode(err) == 1 {
		return plumbing.ZeroHash, nil
	}
	if err != nil {
		return plumbing.ZeroHash, err
	}
	return plumbing.NewHash(strings.TrimSpace(out)), nil
}
