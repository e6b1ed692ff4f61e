// Package gittest makes real git repositories in temporary directories for
// the tests of the packages that commit (gitops, bot, commitmsg), with a
// hermetic environment: HOME is a temporary directory holding the only
// config file, the system config is off, and dates are fixed.
package gittest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/testenv"
)

// TestDate is the author and committer date of every commit the tests make.
const TestDate = "1700000000 +0100"

// Hermetic points HOME at a fresh directory with a minimal global config
// and clears every variable that could leak the developer's git setup.
func Hermetic(t testing.TB) string {
	t.Helper()
	testenv.Need(t, "git")
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_AUTHOR_DATE", TestDate)
	t.Setenv("GIT_COMMITTER_DATE", TestDate)
	for _, k := range []string{"XDG_CONFIG_HOME", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT",
		"GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL",
		"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR", "GIT_ALTERNATE_OBJECT_DIRECTORIES"} {
		Unsetenv(t, k)
	}
	WriteFile(t, filepath.Join(home, ".gitconfig"), "[user]\n\tname = Flake Tester\n\temail = tester@example.org\n[init]\n\tdefaultBranch = main\n")
	return home
}

// Unsetenv unsets k for the duration of the test.
func Unsetenv(t testing.TB, k string) {
	t.Helper()
	t.Setenv(k, "") // registers the restore
	os.Unsetenv(k)
}

func WriteFile(t testing.TB, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func ReadFile(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Repo is a git work tree in a temporary directory.
type Repo struct {
	T   testing.TB
	Dir string
}

// NewRepo makes a repository whose first commit holds files.
func NewRepo(t testing.TB, files map[string]string) *Repo {
	t.Helper()
	r := &Repo{T: t, Dir: t.TempDir()}
	r.Git("init", "-q")
	for p, c := range files {
		r.Write(p, c)
	}
	r.Git("add", "-A")
	r.Git("commit", "-q", "-m", "initial")
	return r
}

func (r *Repo) Path(p string) string { return filepath.Join(r.Dir, filepath.FromSlash(p)) }
func (r *Repo) Write(p, c string)    { r.T.Helper(); WriteFile(r.T, r.Path(p), c) }
func (r *Repo) Read(p string) string { r.T.Helper(); return ReadFile(r.T, r.Path(p)) }

// Git runs git in the work tree and returns its trimmed output.
func (r *Repo) Git(args ...string) string {
	r.T.Helper()
	out, err := r.TryGit(args...)
	if err != nil {
		r.T.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func (r *Repo) TryGit(args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = r.Dir
	out, err := cmd.CombinedOutput()
	return strings.TrimRight(string(out), "\n"), err
}

// Snapshot is everything a refusal must leave alone.
type Snapshot struct {
	Head, Symbolic, Branches, Status, Index string
	Files                                   map[string]string
}

func (r *Repo) Snapshot(paths ...string) Snapshot {
	r.T.Helper()
	s := Snapshot{
		Head:     r.Git("rev-parse", "HEAD"),
		Symbolic: strings.TrimSpace(mustOut(r.TryGit("symbolic-ref", "-q", "HEAD"))),
		Branches: r.Git("for-each-ref", "--format=%(refname) %(objectname)", "refs/heads"),
		Status:   r.Git("status", "--porcelain=v1", "--ignored", "--untracked-files=all"),
		Index:    r.Git("ls-files", "-s"),
		Files:    map[string]string{},
	}
	for _, p := range paths {
		b, err := os.ReadFile(r.Path(p))
		if err == nil {
			s.Files[p] = string(b)
		}
	}
	return s
}

func mustOut(s string, _ error) string { return s }
