package gitops

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The tests run real git repositories in temporary directories and check
// the results through the git CLI, with a hermetic environment: HOME is a
// temporary directory holding the only config file, the system config is
// off, and dates are fixed.

const testDate = "1700000000 +0100"

// hermetic points HOME at a fresh directory with a minimal global config
// and clears every variable that could leak the developer's git setup.
func hermetic(t testing.TB) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("git not installed")
		}
		t.Skip("git not installed")
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_AUTHOR_DATE", testDate)
	t.Setenv("GIT_COMMITTER_DATE", testDate)
	for _, k := range []string{"XDG_CONFIG_HOME", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT",
		"GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL",
		"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR", "GIT_ALTERNATE_OBJECT_DIRECTORIES"} {
		unsetenv(t, k)
	}
	writeFile(t, filepath.Join(home, ".gitconfig"), "[user]\n\tname = Flake Tester\n\temail = tester@example.org\n[init]\n\tdefaultBranch = main\n")
	return home
}

// unsetenv unsets k for the duration of the test.
func unsetenv(t testing.TB, k string) {
	t.Helper()
	t.Setenv(k, "") // registers the restore
	os.Unsetenv(k)
}

func writeFile(t testing.TB, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// testRepo is a git work tree in a temporary directory.
type testRepo struct {
	t   testing.TB
	dir string
}

// newRepo makes a repository whose first commit holds files.
func newRepo(t testing.TB, files map[string]string) *testRepo {
	t.Helper()
	r := &testRepo{t: t, dir: t.TempDir()}
	r.git("init", "-q")
	for p, c := range files {
		r.write(p, c)
	}
	r.git("add", "-A")
	r.git("commit", "-q", "-m", "initial")
	return r
}

func (r *testRepo) path(p string) string { return filepath.Join(r.dir, filepath.FromSlash(p)) }
func (r *testRepo) write(p, c string)    { r.t.Helper(); writeFile(r.t, r.path(p), c) }
func (r *testRepo) read(p string) string { r.t.Helper(); return readFile(r.t, r.path(p)) }

// git runs git in the work tree and returns its trimmed output.
func (r *testRepo) git(args ...string) string {
	r.t.Helper()
	out, err := r.tryGit(args...)
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func (r *testRepo) tryGit(args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = r.dir
	out, err := cmd.CombinedOutput()
	return strings.TrimRight(string(out), "\n"), err
}

// snapshot is everything a refusal must leave alone.
type snapshot struct {
	head, symbolic, branches, status, index string
	files                                   map[string]string
}

func (r *testRepo) snapshot(paths ...string) snapshot {
	r.t.Helper()
	s := snapshot{
		head:     r.git("rev-parse", "HEAD"),
		symbolic: strings.TrimSpace(mustOut(r.tryGit("symbolic-ref", "-q", "HEAD"))),
		branches: r.git("for-each-ref", "--format=%(refname) %(objectname)", "refs/heads"),
		status:   r.git("status", "--porcelain=v1", "--ignored", "--untracked-files=all"),
		index:    r.git("ls-files", "-s"),
		files:    map[string]string{},
	}
	for _, p := range paths {
		b, err := os.ReadFile(r.path(p))
		if err == nil {
			s.files[p] = string(b)
		}
	}
	return s
}

func mustOut(s string, _ error) string { return s }

// The flake used by most tests. The new lock changes some lines, adds and
// removes others, like a real unification.
const (
	flakeNix = `{
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
  inputs.home-manager.url = "github:nix-community/home-manager";
  outputs = { self, nixpkgs, ... }: { };
}
`
	flakeNixNew = `{
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
  inputs.home-manager.url = "github:nix-community/home-manager";
  inputs.home-manager.inputs.nixpkgs.follows = "nixpkgs";
  outputs = { self, nixpkgs, ... }: { };
}
`
	flakeLock = `{
  "nodes": {
    "home-manager": {
      "inputs": {
        "nixpkgs": "nixpkgs"
      },
      "locked": {
        "rev": "aaaa"
      }
    },
    "nixpkgs": {
      "locked": {
        "rev": "bbbb"
      }
    },
    "nixpkgs_2": {
      "locked": {
        "rev": "cccc"
      }
    },
    "root": {
      "inputs": {
        "home-manager": "home-manager",
        "nixpkgs": "nixpkgs_2"
      }
    }
  },
  "root": "root",
  "version": 7
}
`
	flakeLockNew = `{
  "nodes": {
    "home-manager": {
      "inputs": {
        "nixpkgs": [
          "nixpkgs"
        ]
      },
      "locked": {
        "rev": "aaaa"
      }
    },
    "nixpkgs": {
      "locked": {
        "rev": "cccc"
      }
    },
    "root": {
      "inputs": {
        "home-manager": "home-manager",
        "nixpkgs": "nixpkgs"
      }
    }
  },
  "root": "root",
  "version": 7
}
`
)
