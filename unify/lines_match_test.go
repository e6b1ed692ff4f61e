package unify

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/corpus"
	"github.com/flake-unify/flake-unify/lockgraph"
)

// The regular expressions ReleaseLine and ParseNixVersion spell out.
var (
	lineNumberedRE = regexp.MustCompile(`^(?:(?:nixos|release)-(\d\d\.\d\d)|nixpkgs-(\d\d\.\d\d)(?:-darwin)?|[a-z]+-(\d\d\.\d\d)-small)$`)
	lineUnstableRE = regexp.MustCompile(`^(?:nixos-unstable|nixpkgs-unstable|master|[a-z]+-unstable-small)$`)
	lineFlakeHubRE = regexp.MustCompile(`^https://flakehub\.com/f/[^/]+/[^/]+/0\.(\d+)(?:[.?/]|$)`)
	versionArgRE   = regexp.MustCompile(`^(\d+)\.(\d+)(?:\.\d+)?$`)
)

func releaseLineRE(branch, url string) string {
	b := strings.TrimPrefix(branch, "refs/heads/")
	if m := lineNumberedRE.FindStringSubmatch(b); m != nil {
		return m[1] + m[2] + m[3]
	}
	if lineUnstableRE.MatchString(b) {
		return "unstable"
	}
	if m := lineFlakeHubRE.FindStringSubmatch(url); m != nil {
		switch v := m[1]; {
		case v == "1":
			return "unstable"
		case len(v) == 4:
			return v[:2] + "." + v[2:]
		}
	}
	return ""
}

func checkLine(t *testing.T, branch, url string) {
	t.Helper()
	if got, want := ReleaseLine(branch, url), releaseLineRE(branch, url); got != want {
		t.Errorf("ReleaseLine(%q, %q) = %q, the expressions say %q", branch, url, got, want)
	}
	got, err := ParseNixVersion(branch)
	m := versionArgRE.FindStringSubmatch(branch)
	if (err == nil) != (m != nil) {
		t.Errorf("ParseNixVersion(%q): error %v, the expression matches: %v", branch, err, m != nil)
	}
	if m != nil {
		want, _ := ParseNixVersion(m[1] + "." + m[2])
		if got.Major != want.Major || got.Minor != want.Minor {
			t.Errorf("ParseNixVersion(%q) = %d.%d, want %d.%d", branch, got.Major, got.Minor, want.Major, want.Minor)
		}
	}
}

// TestReleaseLineAgreesWithRegexp: over the branches and URLs of every
// corpus lock's nodes, over strings built from the pieces that matter and
// over random mutations of them, the written-out matching says what the
// regular expressions say.
func TestReleaseLineAgreesWithRegexp(t *testing.T) {
	var seeds []string
	for _, c := range corpus.Locks(t) {
		l, err := lockgraph.Parse(c.Name, c.Data)
		if err != nil {
			continue
		}
		for _, n := range l.Nodes {
			for _, a := range []lockgraph.Attrs{n.Original, n.Locked} {
				for _, s := range []string{a.Str("ref"), a.Str("url"), lockgraph.FlakeURL(a)} {
					checkLine(t, s, s)
					seeds = append(seeds, s)
				}
			}
		}
	}
	pieces := []string{"nixos", "release", "nixpkgs", "master", "x", "-", ".", "/", "?", "24.05", "2", "0.", "1", "2405",
		"-small", "-darwin", "-unstable", "unstable", "refs/heads/", "https://flakehub.com/f/", "é", "\xff", "A"}
	var all func(prefix string, n int)
	all = func(prefix string, n int) {
		checkLine(t, prefix, prefix)
		checkLine(t, prefix, "https://flakehub.com/f/o/n/"+prefix)
		if n == 0 {
			return
		}
		for _, p := range pieces {
			all(prefix+p, n-1)
		}
	}
	all("", 3)
	r := rand.New(rand.NewPCG(5, 6))
	for range 50000 {
		b := []byte(seeds[r.IntN(len(seeds))])
		for range 1 + r.IntN(3) {
			i := r.IntN(len(b) + 1)
			switch p := pieces[r.IntN(len(pieces))]; r.IntN(3) {
			case 0: // insert a piece
				b = append(b[:i:i], append([]byte(p), b[i:]...)...)
			case 1: // cut
				b = append(b[:i:i], b[min(i+r.IntN(4), len(b)):]...)
			default: // a random byte
				if i < len(b) {
					b[i] = byte(r.IntN(256))
				}
			}
		}
		checkLine(t, string(b), string(b))
	}
}

func FuzzReleaseLineAgreesWithRegexp(f *testing.F) {
	for _, s := range []string{"nixos-24.05", "nixpkgs-24.11-darwin", "x-23.05-small", "nixos-unstable-small", "2.30.1",
		"https://flakehub.com/f/NixOS/nixpkgs/0.2405.%2A.tar.gz"} {
		f.Add(s, s)
	}
	f.Fuzz(checkLine)
}
