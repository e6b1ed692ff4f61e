package nixtest_test

import (
	"testing"

	"github.com/flake-unify/flake-unify/internal/nixtest"
	"github.com/flake-unify/flake-unify/internal/testenv"
)

// A lock written by old Nix is up to date for new Nix and
// kept byte for byte; a lock written by new Nix is up to date for old Nix
// (which keeps new Nix's locked.ref spelling) unless it has forms old Nix
// parses differently — a git url with ?dir=, which ≥ 2.29 strips from url.
// Both Nix versions run in one universe (each has its own store and home).
func TestFactCrossVersion(t *testing.T) {
	t.Parallel()
	vs := nixtest.Versions(t)
	old, cur := vs[0], vs[len(vs)-1]
	if old.AtLeast(2, 29) || !cur.AtLeast(2, 29) {
		testenv.Missing(t, "needs one Nix < 2.29 and one ≥ 2.29, have %v", vs)
	}
	u := nixtest.NewUniverse(t)
	u.SpecLeaves()
	withDir := `{
  inputs.a.url = "{{a}}";
  inputs.a.inputs.nixpkgs.follows = "nixpkgs";
  inputs.b.url = "{{b}}";
  inputs.nixpkgs.url = "{{nixpkgs}}?dir=.";
  outputs = { self, ... }: { };
}`
	root, _ := u.Flake("root", withDir)

	byOld := old.Lock(t, root)
	u.Commit(root)
	lo := nixtest.ParseLock(t, byOld)
	if got := lo.OriginalURL(lo.Input("root", "nixpkgs").(string)); got != "file://"+u.Dir("nixpkgs")+"?dir=." {
		t.Errorf("%s: root's nixpkgs original.url = %s, want ?dir=. kept in it", old, got)
	}
	if err := cur.UpToDate(t, root); err != nil {
		t.Errorf("%s does not accept %s's lock: %v", cur, old, err)
	}
	nixtest.SameBytes(t, cur.String()+" on "+old.String()+"'s lock", cur.Lock(t, root), byOld)

	u.Git(root, "rm", "-q", "flake.lock")
	u.Commit(root)
	byCur := cur.Lock(t, root)
	u.Commit(root)
	l := nixtest.ParseLock(t, byCur)
	np := l.Input("root", "nixpkgs").(string)
	if got := l.OriginalURL(np); got != "file://"+u.Dir("nixpkgs") {
		t.Errorf("%s: root's nixpkgs original.url = %s, want it without ?dir=", cur, got)
	}
	if got := l.Node(np)["original"].(map[string]any)["dir"]; got != "." {
		t.Errorf("%s: root's nixpkgs original.dir = %v, want \".\"", cur, got)
	}
	wantFails(t, old.String()+" on "+cur.String()+"'s lock with ?dir=", old.UpToDate(t, root), noUpdateMsg)

	u.SetFlake(root, withDecls(`inputs.a.inputs.nixpkgs.follows = "nixpkgs";`))
	u.Git(root, "rm", "-q", "flake.lock")
	u.Commit(root)
	byCur = cur.Lock(t, root)
	u.Commit(root)
	if err := old.UpToDate(t, root); err != nil {
		t.Errorf("%s does not accept %s's lock without ?dir=: %v", old, cur, err)
	}
	nixtest.SameBytes(t, old.String()+" on "+cur.String()+"'s lock", old.Lock(t, root), byCur)
}
