package nixtest

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// BaseTime is the author and committer date of every commit a Universe makes
// unless told otherwise (CommitAt). Fixed dates make revisions, lastModified
// and so whole lock files reproducible within one universe layout.
var BaseTime = time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)

// markerFile marks a universe's root directory; Nix.Run finds a universe from
// any directory inside it by looking for this file in the parents.
const markerFile = ".nixtest-universe"

// Universe is a directory of local git flakes plus everything Nix needs to
// run on them hermetically: a flake registry file and, per Nix version, a
// private HOME, configuration directory and store (see Nix.Run).
type Universe struct {
	Root string // absolute; every flake is a git repository below it

	t        testing.TB
	mu       sync.Mutex
	flakes   map[string]string // name → dir
	registry []registryEntry
}

type registryEntry struct {
	From map[string]any `json:"from"`
	To   map[string]any `json:"to"`
}

// NewUniverse creates an empty universe in a fresh t.TempDir().
func NewUniverse(t testing.TB) *Universe {
	t.Helper()
	root := t.TempDir()
	u := &Universe{Root: root, t: t, flakes: map[string]string{}}
	if err := os.WriteFile(filepath.Join(root, markerFile), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	u.writeRegistry()
	// Nix makes store paths read-only; as non-root, t.TempDir's RemoveAll would
	// fail on them. Cleanups run last-in first-out, so this runs before it.
	t.Cleanup(func() { makeWritable(root) })
	return u
}

func makeWritable(root string) {
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			_ = os.Chmod(p, 0o755)
		}
		return nil
	})
}

var flakeNameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._+-]*(/[A-Za-z0-9][A-Za-z0-9._+-]*)*$`)

// Flake creates a git repository named name (a relative path, e.g. "a" or
// "deps/a") whose only file is flake.nix = text (placeholders expanded, see
// Expand), commits it at BaseTime on branch master, and returns its directory
// and its git+file:// URL.
func (u *Universe) Flake(name, text string) (dir, url string) {
	u.t.Helper()
	if !flakeNameRE.MatchString(name) {
		u.t.Fatalf("nixtest: bad flake name %q", name)
	}
	dir = filepath.Join(u.Root, filepath.FromSlash(name))
	u.mu.Lock()
	_, dup := u.flakes[name]
	u.flakes[name] = dir
	u.mu.Unlock()
	if dup {
		u.t.Fatalf("nixtest: flake %q created twice", name)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		u.t.Fatal(err)
	}
	u.Git(dir, "init", "-q", "-b", "master")
	u.WriteFile(dir, "flake.nix", text)
	u.Commit(dir)
	return dir, u.URL(name)
}

// Dir returns the directory of the flake called name.
func (u *Universe) Dir(name string) string {
	u.t.Helper()
	u.mu.Lock()
	dir, ok := u.flakes[name]
	u.mu.Unlock()
	if !ok {
		u.t.Fatalf("nixtest: no flake %q in this universe", name)
	}
	return dir
}

// URL returns the git+file:// URL of the flake called name.
func (u *Universe) URL(name string) string {
	u.t.Helper()
	return "git+file://" + u.Dir(name)
}

var placeholderRE = regexp.MustCompile(`\{\{([^{}]*)\}\}`)

// Expand replaces every {{name}} in text by the URL of the flake called name,
// so flake.nix texts can be written as a person would write them:
//
//	inputs.nixpkgs.url = "{{nixpkgs}}";
//
// An unknown name fails the test (a typo would otherwise become a registry
// look-up that fails far from its cause). Nix itself never uses "{{".
func (u *Universe) Expand(text string) string {
	u.t.Helper()
	return placeholderRE.ReplaceAllStringFunc(text, func(m string) string {
		return u.URL(strings.TrimSpace(m[2 : len(m)-2]))
	})
}

// WriteFile writes dir/rel (rel may contain slashes). A file named flake.nix
// gets its {{name}} placeholders expanded; nothing is committed.
func (u *Universe) WriteFile(dir, rel, content string) {
	u.t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if filepath.Base(p) == "flake.nix" {
		content = u.Expand(content)
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		u.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		u.t.Fatal(err)
	}
}

// ReadFile returns the contents of dir/rel.
func (u *Universe) ReadFile(dir, rel string) []byte {
	u.t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		u.t.Fatal(err)
	}
	return b
}

// Exists reports whether dir/rel exists.
func (u *Universe) Exists(dir, rel string) bool {
	_, err := os.Stat(filepath.Join(dir, filepath.FromSlash(rel)))
	return err == nil
}

// SetFlake overwrites dir/flake.nix with text (placeholders expanded) and
// commits everything in dir at BaseTime; it returns the new revision.
func (u *Universe) SetFlake(dir, text string) string {
	u.t.Helper()
	u.WriteFile(dir, "flake.nix", text)
	return u.Commit(dir)
}

// SetLock overwrites dir/flake.lock and commits it, as a hand edit would.
func (u *Universe) SetLock(dir string, lock []byte) string {
	u.t.Helper()
	u.WriteFile(dir, "flake.lock", string(lock))
	return u.Commit(dir)
}

// Commit stages everything in dir (flake.lock included) and commits it at
// BaseTime, even when nothing changed; it returns the new revision.
func (u *Universe) Commit(dir string) string {
	u.t.Helper()
	return u.CommitAt(dir, BaseTime)
}

// CommitAt is Commit with the given author and committer date, to make
// "older" and "newer" revisions of a repository.
func (u *Universe) CommitAt(dir string, when time.Time) string {
	u.t.Helper()
	u.Git(dir, "add", "-A")
	u.gitAt(dir, when, "commit", "-q", "--allow-empty", "-m", "nixtest commit "+when.UTC().Format(time.RFC3339))
	return u.Git(dir, "rev-parse", "HEAD")
}

// Git runs git in dir with a fixed identity and dates, no user or system
// configuration, and returns its trimmed stdout.
func (u *Universe) Git(dir string, args ...string) string {
	u.t.Helper()
	return u.gitAt(dir, BaseTime, args...)
}

func (u *Universe) gitAt(dir string, when time.Time, args ...string) string {
	u.t.Helper()
	date := when.UTC().Format(time.RFC3339)
	cmd := exec.Command("git", append([]string{"-c", "commit.gpgsign=false", "-c", "core.autocrlf=false"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(baseEnv(),
		"HOME="+filepath.Join(u.Root, ".git-home"),
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_CONFIG_GLOBAL=/dev/null",
		"GIT_AUTHOR_NAME=nixtest", "GIT_AUTHOR_EMAIL=nixtest@example.invalid",
		"GIT_COMMITTER_NAME=nixtest", "GIT_COMMITTER_EMAIL=nixtest@example.invalid",
		"GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date,
	)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		u.t.Fatalf("nixtest: git %s in %s: %v\n%s", strings.Join(args, " "), dir, err, stderr.String())
	}
	return strings.TrimSpace(string(out))
}

// baseEnv is what every child process inherits from the test process: only
// what is needed to find programs and temporary space, so nothing of the
// developer's Nix or git setup leaks into a test.
func baseEnv() []string {
	env := []string{"PATH=" + os.Getenv("PATH"), "LC_ALL=C.UTF-8", "TERM=dumb", "NO_COLOR=1"}
	if d := os.Getenv("TMPDIR"); d != "" {
		env = append(env, "TMPDIR="+d)
	}
	return env
}

// Registry adds a flake registry entry: the indirect flake id (e.g.
// "nixpkgs") resolves to target, a git+file:// or path: URL (typically
// u.URL(name)). An indirect reference with a ref, like nixpkgs/nixos-24.05,
// then resolves to that branch of the target repository.
func (u *Universe) Registry(id, target string) {
	u.t.Helper()
	to, err := urlToAttrs(target)
	if err != nil {
		u.t.Fatalf("nixtest: registry entry %s: %v", id, err)
	}
	u.mu.Lock()
	u.registry = append(u.registry, registryEntry{
		From: map[string]any{"id": id, "type": "indirect"},
		To:   to,
	})
	u.mu.Unlock()
	u.writeRegistry()
}

// RegistryFile is the flake registry Nix uses in this universe (the setting
// flake-registry); it has exactly the entries added with Registry.
func (u *Universe) RegistryFile() string { return filepath.Join(u.Root, "registry.json") }

func (u *Universe) writeRegistry() {
	u.t.Helper()
	u.mu.Lock()
	entries := append([]registryEntry{}, u.registry...)
	u.mu.Unlock()
	b, err := json.Marshal(map[string]any{"flakes": entries, "version": 2})
	if err != nil {
		u.t.Fatal(err)
	}
	if err := os.WriteFile(u.RegistryFile(), b, 0o644); err != nil {
		u.t.Fatal(err)
	}
}

// urlToAttrs turns the URL forms universes use into registry "to" attributes
// (the registry file holds fetchTree attributes, not URL strings).
func urlToAttrs(s string) (map[string]any, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, err
	}
	switch u.Scheme {
	case "git+file":
		attrs := map[string]any{"type": "git", "url": "file://" + u.Path}
		for k, vs := range u.Query() {
			switch k {
			case "ref", "rev":
				attrs[k] = vs[0]
			default:
				return nil, fmt.Errorf("unsupported query parameter %q in %s", k, s)
			}
		}
		return attrs, nil
	case "path":
		if u.RawQuery != "" {
			return nil, fmt.Errorf("unsupported query in %s", s)
		}
		return map[string]any{"type": "path", "path": u.Opaque + u.Path}, nil
	}
	return nil, fmt.Errorf("unsupported URL %s (want git+file:// or path:)", s)
}

// findUniverseRoot returns the universe root containing dir.
func findUniverseRoot(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := abs; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, markerFile)); err == nil {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("%s is not inside a nixtest universe (use NewUniverse)", dir)
		}
	}
}
