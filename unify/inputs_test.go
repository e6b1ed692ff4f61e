package unify

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/lockgraph"
)

// ghNode writes a github node of a lock for tests: owner/repo at a
// revision made of digit, locked at lastModified.
// membersLock is a version 7 lock of the nodes given as `"key": {…}` members.
func membersLock(nodes ...string) string {
	return `{"nodes": {` + strings.Join(nodes, ", ") + `}, "root": "root", "version": 7}` + "\n"
}

func ghNode(key, repo string, digit byte, lastModified int, inputs string) string {
	rev := strings.Repeat(string(digit), 40)
	in := ""
	if inputs != "" {
		in = `"inputs": {` + inputs + `}, `
	}
	owner, name, _ := strings.Cut(repo, "/")
	return fmt.Sprintf(`%q: {%s"locked": {"lastModified": %d, "narHash": "sha256-%s=", "owner": %q, "repo": %q, "rev": %q, "type": "github"}, "original": {"owner": %q, "repo": %q, "type": "github"}}`,
		key, in, lastModified, rev[:43-len("sha256-")], owner, name, rev, owner, name)
}

// A nested identity: the newest utils lives inside a/hm, which follows
// the newer b/hm once hm is unified. The utils target must not be chosen
// there (it would point into removed nodes): the next newest, b/hm/utils,
// is, and c/utils follows it.
func TestInputsNestedTargetNotRemoved(t *testing.T) {
	lock := membersLock(
		`"root": {"inputs": {"a": "a", "b": "b", "c": "c"}}`,
		ghNode("a", "x/a", 'a', 100, `"hm": "hm"`),
		ghNode("hm", "nix-community/home-manager", '1', 200, `"utils": "utils"`),
		ghNode("utils", "numtide/flake-utils", '2', 900, ""),
		ghNode("b", "x/b", 'b', 100, `"hm": "hm_2"`),
		ghNode("hm_2", "nix-community/home-manager", '3', 300, `"utils": "utils_2"`),
		ghNode("utils_2", "numtide/flake-utils", '4', 500, ""),
		ghNode("c", "x/c", 'c', 100, `"utils": "utils_3"`),
		ghNode("utils_3", "numtide/flake-utils", '5', 100, ""),
	)
	files := Files{LockName: "flake.lock", Lock: []byte(lock)}
	opt := Options{LockOnly: true, All: true}
	p, err := Make(files, opt)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range p.Redirects {
		got = append(got, r.Path.String()+"->"+r.Target.String()+" "+r.Input)
	}
	want := []string{"a/hm->b/hm github:nix-community/home-manager", "c/utils->b/hm/utils github:numtide/flake-utils"}
	if !slices.Equal(got, want) {
		t.Errorf("redirects %q, want %q", got, want)
	}
	l, err := lockgraph.Parse("new", p.NewLock)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Check(); err != nil {
		t.Errorf("new lock: %v", err)
	}
	again := files
	again.Lock = p.NewLock
	if p2, err := Make(again, opt); err != nil || !p2.Nothing() {
		t.Errorf("re-plan: %v", err)
	}
	for _, in := range p.Summary.Inputs {
		if in.Input != nixpkgsInput && in.CopiesAfter != 1 {
			t.Errorf("%s: %d copies after, want 1", in.Input, in.CopiesAfter)
		}
	}
}

// Without --input and --all the summary still counts the distinct
// nixpkgs sources, and lists no identities.
func TestSourcesCountedForNixpkgs(t *testing.T) {
	p, err := Make(Files{LockName: "flake.lock", Lock: e01}, Options{LockOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	s := p.Summary
	if s.SourcesBefore != 3 || s.SourcesAfter != 1 || s.SourcesRemoved() != s.SourcesBefore-s.SourcesAfter || s.Inputs != nil {
		t.Errorf("summary %+v", s)
	}
}

// Redirects go parents first across sources: the utils copies are met
// (and selected) before the home-manager copies that hold two of them, yet
// b/hm/utils is not redirected, as b/hm's redirect takes it away.
func TestInputsNestedCopyGoesWithItsParent(t *testing.T) {
	lock := membersLock(
		`"root": {"inputs": {"aaa": "utils", "b": "b", "c": "c"}}`,
		ghNode("utils", "numtide/flake-utils", '1', 900, ""),
		ghNode("b", "x/b", 'b', 100, `"hm": "hm"`),
		ghNode("hm", "nix-community/home-manager", '2', 200, `"utils": "utils_2"`),
		ghNode("utils_2", "numtide/flake-utils", '3', 500, ""),
		ghNode("c", "x/c", 'c', 100, `"hm": "hm_2"`),
		ghNode("hm_2", "nix-community/home-manager", '4', 300, `"utils": "utils_3"`),
		ghNode("utils_3", "numtide/flake-utils", '5', 400, ""),
	)
	p, err := Make(Files{LockName: "flake.lock", Lock: []byte(lock)}, Options{LockOnly: true, All: true})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range p.Redirects {
		got = append(got, r.Path.String()+"->"+r.Target.String())
	}
	if want := []string{"b/hm->c/hm", "c/hm/utils->aaa"}; !slices.Equal(got, want) {
		t.Errorf("redirects %q, want %q", got, want)
	}
}
