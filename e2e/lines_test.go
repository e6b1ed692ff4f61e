package e2e

import (
	"regexp"
	"strings"
	"testing"
)

// Release lines, judged by real Nix: the root has a stable and an unstable
// input, dependencies bring both lines (locked at different times) and a
// line the root lacks. Default policy (follow): each copy follows the
// root's input on its own line, so one node per line remains; the judge
// checks the lock Nix writes, that Nix accepts it unchanged, that
// `nix flake update` keeps it unified and that a second run does nothing.
var linesSpec = spec{Releases: append(append([]release{}, std...), rel("main", "nixos-23.05", 0)),
	Deps: []flakeSpec{
		leaf("a", 0, true, np("nixpkgs", "main", unstable)),
		leaf("b", 0, true, np("nixpkgs", "main", stable)),
		leaf("c", 1, false, np("nixpkgs", "main", stable)),
		leaf("d", 1, true, np("nixpkgs", "main", unstable)),
		leaf("e", 1, true, np("nixpkgs", "main", "nixos-23.05")),
	},
	Root: root(np("nixpkgs", "main", unstable), np("nixpkgs-stable", "main", stable), dep("a"), dep("b"), dep("c"), dep("d"), dep("e")),
}

func TestReleaseLinesFollow(t *testing.T) {
	s := linesSpec
	judgeSpec(t, &s, subject())
}

func TestReleaseLinesSeparate(t *testing.T) {
	s := linesSpec
	s.Opts.Lines = "separate"
	judgeSpec(t, &s, subject())
}

func TestReleaseLinesMerge(t *testing.T) {
	s := linesSpec
	s.Opts.Lines = "merge"
	judgeSpec(t, &s, subject())
}

// An inline `# flake-unify: keep` on a root input's declaration keeps every
// nixpkgs copy reached through it, exactly as --keep would; judged the same
// way.
func TestInlineKeep(t *testing.T) {
	s := spec{Releases: std,
		Deps: []flakeSpec{
			leaf("c", 0, true, np("nixpkgs", "main", stable)),
			leaf("a", 0, true, np("nixpkgs", "main", unstable)),
			leaf("b", 1, true, dep("c"), np("nixpkgs", "main", stable)),
		},
		Root: root(dep("a"), dep("b"), np("nixpkgs", "main", unstable)),
		Opts: options{CommentKeep: []string{"b"}},
	}
	judgeSpec(t, &s, subject())
}

// commentKeep puts `# flake-unify: keep` at the end of the line that
// declares root input name.
func commentKeep(t *testing.T, text, name string) string {
	t.Helper()
	decl := regexp.MustCompile(`^\s*(inputs\.)?` + regexp.QuoteMeta(name) + `(\.url)?\s*=`)
	lines := strings.SplitAfter(text, "\n")
	for i, l := range lines {
		if decl.MatchString(l) {
			lines[i] = strings.TrimSuffix(l, "\n") + " # flake-unify: keep\n"
			return strings.Join(lines, "")
		}
	}
	t.Fatalf("no line declares root input %s in:\n%s", name, text)
	return text
}
