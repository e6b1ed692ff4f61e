package e2e

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/nixtest"
)

// broken is the reference unifier with one deliberate mistake, applied after
// the reference did its work.
type broken struct {
	name string
	// after edits the root's flake.nix/flake.lock after the reference applied
	// (second is true on the second apply of (e)).
	after func(w *world, second bool)
}

func (b broken) String() string                  { return "broken unifier (" + b.name + ")" }
func (b broken) plan(w *world) ([]string, error) { return reference{}.plan(w) }
func (b broken) apply(w *world) error {
	second := string(w.read("flake.nix")) != w.rootText
	if err := (reference{}).apply(w); err != nil {
		return err
	}
	if b.after != nil {
		b.after(w, second)
	}
	return nil
}

// selfTestSpec has a depth-2 and a depth-3 path to merge, a pinned copy to
// keep, stable + unstable at the root, and comments in the root flake.nix.
var selfTestSpec = spec{
	Releases: []release{rel("main", unstable, 0), rel("main", stable, 0), rel("main", unstable, 1)},
	Deps: []flakeSpec{
		{Name: "c", Epoch: 0, Locked: true, Inputs: []input{np("nixpkgs", "main", unstable)}},
		{Name: "a", Epoch: 0, Locked: true, Inputs: []input{dep("c"), np("nixpkgs", "main", unstable), pinned("old", "main", stable)}},
		{Name: "b", Epoch: 1, Inputs: []input{np("pkgs", "main", stable)}},
	},
	Root:  flakeSpec{Epoch: 1, Inputs: []input{dep("a"), dep("b"), ind("nixpkgs", unstable), np("nixpkgs-stable", "main", stable)}},
	Style: styleNested,
	// One target for every line, so that each broken unifier breaks the
	// criterion it is meant to (a missing declaration leaves b/pkgs on
	// the stable line, which is where release-line following would put it).
	Opts: options{Lines: "merge"},
}

// The judge accepts the reference unifier, and catches each kind of mistake
// with the criterion meant to catch it.
func TestJudgeCatchesBrokenUnifiers(t *testing.T) {
	t.Parallel()
	jsonKey := regexp.MustCompile(`"nixpkgs_2"`)
	cases := []struct {
		u    unifier
		want []string // every one must occur in some problem
		only func(nix *nixtest.Nix) bool
	}{
		{u: reference{}},
		{u: broken{name: "lock only, flake.nix not patched", after: func(w *world, _ bool) {
			w.write("flake.nix", []byte(w.rootText))
		}}, want: []string{"(a)", "(b)", "(d)"}},
		{u: broken{name: "keys misnamed", after: func(w *world, _ bool) {
			l := w.read("flake.lock")
			if !jsonKey.Match(l) {
				w.write("flake.lock", bytes.ReplaceAll(l, []byte(`"c": {`), []byte(`"c_9": {`)))
				w.write("flake.lock", bytes.ReplaceAll(w.read("flake.lock"), []byte(`"c": "c"`), []byte(`"c": "c_9"`)))
				return
			}
			w.write("flake.lock", jsonKey.ReplaceAll(l, []byte(`"nixpkgs_9"`)))
		}}, want: []string{"(a) Nix writes a different lock"}},
		{u: broken{name: "lock reformatted", after: func(w *world, _ bool) {
			w.write("flake.lock", bytes.ReplaceAll(w.read("flake.lock"), []byte("\n  "), []byte("\n    ")))
		}}, want: []string{"(a) Nix writes a different lock"}},
		{u: broken{name: "one declaration missing", after: func(w *world, second bool) {
			if second {
				return
			}
			text := string(w.read("flake.nix"))
			i := strings.Index(text, "  inputs.b.inputs.pkgs.follows")
			j := i + strings.Index(text[i:], "\n") + 1
			w.write("flake.nix", []byte(text[:i]+text[j:]))
			w.nix.MustRun(w.t, w.root, "flake", "lock")
		}}, want: []string{"(c) b/pkgs (merge) is", "copies left", "(d)"}},
		{u: broken{name: "wrong target", after: func(w *world, second bool) {
			if second {
				return
			}
			w.write("flake.nix", bytes.ReplaceAll(w.read("flake.nix"), []byte(`follows = "nixpkgs";`), []byte(`follows = "nixpkgs-stable";`)))
			w.nix.MustRun(w.t, w.root, "flake", "lock")
		}}, want: []string{"(c) a/nixpkgs (merge) is", "(c) dependency a sees nixpkgs as"}},
		{u: broken{name: "not idempotent", after: func(w *world, second bool) {
			if second {
				w.write("flake.nix", append(w.read("flake.nix"), "# again\n"...))
			}
		}}, want: []string{"(e) second apply changes flake.nix"}},
		{u: broken{name: "comments lost", after: func(w *world, _ bool) {
			w.write("flake.nix", commentRE.ReplaceAll(w.read("flake.nix"), nil))
		}}, want: []string{"lost the comment"}},
		{u: broken{name: "deep follows only in the lock", after: func(w *world, second bool) {
			text := string(w.read("flake.nix"))
			i := strings.Index(text, "  inputs.a.inputs.c.inputs.nixpkgs.follows")
			if i < 0 {
				return
			}
			j := i + strings.Index(text[i:], "\n") + 1
			w.write("flake.nix", []byte(text[:i]+text[j:]))
		}}, want: []string{"(a)", "(d) after nix flake update: 4 nixpkgs copies, the policy says 3"},
			only: func(nix *nixtest.Nix) bool { return nix.AtLeast(2, 30) }},
	}
	// One world per Nix version, judged once per unifier in turn (the judge
	// resets the root first): building it is the expensive part.
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		w := build(t, nix, &selfTestSpec)
		for _, c := range cases {
			if c.only != nil && !c.only(nix) {
				continue
			}
			w.t = t
			v := w.judge(c.u)
			if len(c.want) == 0 {
				for _, p := range v.problems {
					t.Errorf("judge rejects %s: %s", c.u, p)
				}
				continue
			}
			for _, want := range c.want {
				found := false
				for _, p := range v.problems {
					found = found || strings.Contains(p, want)
				}
				if !found {
					t.Errorf("judge did not catch %s with %q; it found:\n%s", c.u, want, strings.Join(v.problems, "\n"))
				}
			}
		}
	})
}
