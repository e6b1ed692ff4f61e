package nixtest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/flake-unify/flake-unify/internal/testenv"
)

// Env vars that name Nix binaries.
const (
	// EnvNixNew names the current Nix (≥ 2.30), e.g. the wrapper printed by
	// .ci/nix-unstable.sh. Empty or unset means "not available".
	EnvNixNew = "FLAKE_UNIFY_NIX_NEW"
	// EnvNixOld overrides the PATH lookup of the old Nix ("nix").
	EnvNixOld = "FLAKE_UNIFY_NIX_OLD"
)

// Nix is one installed Nix binary. It is immutable and shared by all tests of
// a process; the per-test state (HOME, store, registry) lives in a Universe.
type Nix struct {
	Path    string // absolute path of the nix executable (may be a wrapper script)
	Version string // as printed by `nix --version`, e.g. "2.8.0"
	Major   int
	Minor   int
	Patch   int
	Source  string // where it came from: "PATH" or an env var name
	// InstantiatePath is the nix-instantiate beside Path (Debian's
	// /usr/bin/nix-instantiate, or the wrapper .ci/nix-unstable.sh writes
	// next to its bin/nix), "" when there is none that runs as
	// nix-instantiate. Run it with Instantiate.
	InstantiatePath string
}

// String names the binary by version, e.g. "nix-2.8.0"; EachVersion uses it as
// the subtest name.
func (n *Nix) String() string { return "nix-" + n.Version }

// AtLeast reports whether n's version is ≥ major.minor.
func (n *Nix) AtLeast(major, minor int) bool {
	return n.Major > major || (n.Major == major && n.Minor >= minor)
}

// discovery is done once per process: every test sees the same answer and
// `nix --version` is not re-run hundreds of times.
var (
	discoverOnce sync.Once
	discovered   []*Nix
	problems     []string // why an expected Nix is missing or broken
)

// versionRE matches "nix (Nix) 2.8.0" and "nix (Determinate Nix 3.8.2) 2.30.2".
var versionRE = regexp.MustCompile(`\([^)]*Nix[^)]*\) ((\d+)\.(\d+)(?:\.(\d+))?\S*)`)

// probe runs `path --version` and parses the answer.
func probe(path, source string) (*Nix, error) {
	out, err := exec.Command(path, "--version").CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("%s --version: %v: %s", path, err, strings.TrimSpace(string(out)))
	}
	m := versionRE.FindStringSubmatch(string(out))
	if m == nil {
		return nil, fmt.Errorf("%s --version: unexpected output %q", path, strings.TrimSpace(string(out)))
	}
	n := &Nix{Path: path, Source: source}
	n.Version = m[1]
	n.Major, _ = strconv.Atoi(m[2])
	n.Minor, _ = strconv.Atoi(m[3])
	if m[4] != "" {
		n.Patch, _ = strconv.Atoi(m[4])
	}
	n.InstantiatePath = findInstantiate(path)
	return n, nil
}

// findInstantiate returns the nix-instantiate next to the nix at path when
// it runs as nix-instantiate. Nix picks the command from the name it runs
// as, so a wrapper script (or a symlink to one) that does not pass the name
// on would run plain nix instead: `--version` tells them apart.
func findInstantiate(path string) string {
	p := filepath.Join(filepath.Dir(path), "nix-instantiate")
	if fi, err := os.Stat(p); err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
		return ""
	}
	out, err := exec.Command(p, "--version").CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), "nix-instantiate ") {
		return ""
	}
	return p
}

func discover() {
	oldPath, oldSource := os.Getenv(EnvNixOld), EnvNixOld
	if oldPath == "" {
		oldSource = "PATH"
		p, err := exec.LookPath("nix")
		if err != nil {
			problems = append(problems, "no `nix` on PATH (Debian: apt-get install nix-bin)")
		}
		oldPath = p
	}
	if oldPath != "" {
		if n, err := probe(oldPath, oldSource); err != nil {
			problems = append(problems, err.Error())
		} else {
			discovered = append(discovered, n)
		}
	}
	if p := os.Getenv(EnvNixNew); p == "" {
		problems = append(problems, EnvNixNew+" is not set (run .ci/nix-unstable.sh and export its output, or use `make test`)")
	} else if n, err := probe(p, EnvNixNew); err != nil {
		problems = append(problems, err.Error())
	} else if len(discovered) > 0 && discovered[0].Version == n.Version {
		// The same version twice would only double the run time, and it
		// means the old/new contrast the tests are for is not there.
		problems = append(problems, fmt.Sprintf("%s and %s are both Nix %s", discovered[0].Path, n.Path, n.Version))
	} else {
		discovered = append(discovered, n)
	}
	sort.SliceStable(discovered, func(i, j int) bool {
		a, b := discovered[i], discovered[j]
		if a.Major != b.Major {
			return a.Major < b.Major
		}
		if a.Minor != b.Minor {
			return a.Minor < b.Minor
		}
		return a.Patch < b.Patch
	})
}

// Versions returns every available Nix binary, oldest first. With none, or
// under CI=true with one missing or broken, it skips (or fails under CI).
func Versions(t testing.TB) []*Nix {
	t.Helper()
	discoverOnce.Do(discover)
	if len(problems) > 0 && testenv.CI() {
		t.Fatalf("nixtest: CI=true requires two Nix versions (Debian's on PATH, a current one in %s): %s",
			EnvNixNew, strings.Join(problems, "; "))
	}
	if len(discovered) == 0 {
		testenv.Missing(t, "nixtest: no Nix available: %s", strings.Join(problems, "; "))
	}
	if len(problems) > 0 {
		t.Logf("nixtest: running with %v only: %s", discovered, strings.Join(problems, "; "))
	}
	return discovered
}

// Default returns the oldest available Nix (Debian's 2.8 when installed): the
// version with the most restrictions, so the safest single choice.
func Default(t testing.TB) *Nix {
	t.Helper()
	return Versions(t)[0]
}

// Newest returns the newest available Nix.
func Newest(t testing.TB) *Nix {
	t.Helper()
	vs := Versions(t)
	return vs[len(vs)-1]
}

// EachVersion runs f as a parallel subtest (named after the version, e.g.
// "nix-2.8.0") once per available Nix.
func EachVersion(t *testing.T, f func(t *testing.T, nix *Nix)) {
	t.Helper()
	for _, n := range Versions(t) {
		t.Run(n.String(), func(t *testing.T) {
			t.Parallel()
			f(t, n)
		})
	}
}
