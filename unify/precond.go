package unify

import (
	"fmt"
	"strings"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/flakenix"
	"github.com/flake-unify/flake-unify/internal/words"
	"github.com/flake-unify/flake-unify/lockgraph"
)

// checkUpToDate refuses a lock that is not up to date with flake.nix (Nix
// would relock first, so a plan made on it would not be what Nix writes),
// as far as that can be told without fetching: every root
// input flake.nix declares (outputs formals included) is in the lock, the
// lock has no root input flake.nix does not declare, and every follows
// flake.nix declares is in the lock with that target. (An original that no
// longer matches its url would need Nix's URL parser and is not checked.)
func checkUpToDate(l *lockgraph.Lock, f *flakenix.File, in Files) error {
	root := l.RootNode()
	stale := func(file string, pos diag.Pos, why string) error {
		return &diag.Error{File: file, Pos: pos, What: "flake.lock is not up to date with flake.nix", Why: why, Hint: hintRelock}
	}
	declared := map[string]bool{}
	for _, fi := range f.Inputs() {
		declared[fi.Name()] = true
		if root.Input(fi.Name()) == nil {
			return stale(in.FlakeName, fi.Pos, fmt.Sprintf("input '%s' is declared here but missing from %s", fi.Name(), in.LockName))
		}
	}
	if o := f.Outputs(); o != nil {
		for _, name := range o.Formals {
			if name == "self" || declared[name] {
				continue
			}
			declared[name] = true
			if root.Input(name) == nil {
				return stale(in.FlakeName, o.Pos, fmt.Sprintf("outputs takes input '%s', which is missing from %s", name, in.LockName))
			}
		}
		for _, li := range root.Inputs {
			if !declared[li.Name] {
				return stale(in.LockName, li.Pos, fmt.Sprintf("the lock has input '%s', which %s does not declare", li.Name, in.FlakeName))
			}
		}
	}
	var visit func(fi *flakenix.Input) error
	visit = func(fi *flakenix.Input) error {
		if fi.HasFollows {
			want := lockgraph.ParsePath(fi.Follows)
			e := edgeAt(l, fi.Path)
			path := strings.Join(fi.Path, "/")
			switch {
			case e == nil && len(fi.Path) == 1:
				return stale(in.FlakeName, fi.Pos, fmt.Sprintf("input '%s' is missing from %s", path, in.LockName))
			case e == nil:
				// Nix ignores an override of an input the dependency
				// does not have (or one below a follows).
			case !e.IsFollows:
				return stale(in.FlakeName, fi.Pos, fmt.Sprintf("'%s' follows '%s' here, but in %s it is its own node", path, fi.Follows, in.LockName))
			case !e.Follows.Equal(want):
				return stale(in.FlakeName, fi.Pos, fmt.Sprintf("'%s' follows '%s' here, but '%s' in %s", path, fi.Follows, e.Follows, in.LockName))
			}
		}
		for _, sub := range fi.Inputs {
			if err := visit(sub); err != nil {
				return err
			}
		}
		return nil
	}
	for _, fi := range f.Inputs() {
		if err := visit(fi); err != nil {
			return err
		}
	}
	return nil
}

// lockOnlyWarning says what undoes a --lock-only rewrite: without the
// declarations, `nix flake update` relocks every input as its flake asks,
// and `nix flake lock` re-fetches a two-level override it finds missing.
func lockOnlyWarning(rs []Redirect) string {
	const head = "--lock-only: flake.nix does not declare these follows, so `nix flake update` undoes all of them"
	const tail = "; run without --lock-only to declare them"
	// Written once into a buffer of the right size: a big lock names
	// dozens of two-level redirects.
	two, size := 0, 0
	for i := range rs {
		if p := rs[i].Path; len(p) == 2 {
			two++
			size += len(p[0]) + len("/") + len(p[1]) + len(", ")
		}
	}
	if two == 0 {
		return head + tail
	}
	var b strings.Builder
	b.Grow(len(head) + 100 + size + len(tail))
	b.WriteString(head)
	fmt.Fprintf(&b, ", and the next `nix flake lock` re-fetches and undoes the %d two-level %s (", two, words.Plural(two, "one", "ones"))
	sep := ""
	for i := range rs {
		if p := rs[i].Path; len(p) == 2 {
			b.WriteString(sep)
			b.WriteString(p[0])
			b.WriteByte('/')
			b.WriteString(p[1])
			sep = ", "
		}
	}
	b.WriteString(")" + tail)
	return b.String()
}

// depthWhy explains why a deep path stays on this Nix, and how to hoist
// by hand.
func depthWhy(v NixVersion, path, target lockgraph.Path) string {
	s := fmt.Sprintf("the %d-level declaration `%s` needs Nix ≥ %s", len(path), Declaration(path, target), DeepFollowsNix)
	if v.Known() {
		s += fmt.Sprintf(", this is Nix %s (%s)", v, v.Source)
	} else {
		s += ", and the Nix version is unknown (assumed 2.8)"
	}
	mid := path[len(path)-2]
	return s + fmt.Sprintf("; to redirect it on this Nix, add '%s' as a root input, declare `%s.follows = \"%s\";`, run `nix flake lock`, then run flake-unify again",
		mid, inputsPath(path[:len(path)-1]), mid)
}
