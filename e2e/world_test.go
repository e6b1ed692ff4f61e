package e2e

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/flake-unify/flake-unify/internal/nixtest"
)

// A spec describes a universe: stand-in nixpkgs repositories with releases
// over a few epochs, dependency flakes created (and possibly locked) at an
// epoch, and the root flake, written in one of several styles. Named
// scenarios write specs by hand, the generator draws them from a seed.

// npRef is how an input points at a stand-in nixpkgs.
type npRef struct {
	Repo     string // stand-in repository: "main", "other"; names starting with "fork" are forks (not nixpkgs)
	Branch   string // "" = default branch (master)
	Indirect bool   // nixpkgs[/<branch>] through the registry (Repo must be "main")
	Pin      bool   // pin the branch head's exact rev at the time the flake is written
	NoFlake  bool   // flake = false
}

// input is one input of a flake: a stand-in nixpkgs, a dependency flake, or
// a follows.
type input struct {
	Name    string
	NP      *npRef
	Dep     string // name of a dependency flake (spec.Deps)
	Follows string // the whole input is `follows = "…"`
	// Implicit (root only): not declared in inputs, only named in the
	// outputs' formals, so Nix makes it the indirect flake:<name>.
	Implicit bool
}

// override is a declaration inputs.<Path>.follows = "<Target>" in a flake
// (Path of two or more names, relative to that flake).
type override struct{ Path, Target string }

type flakeSpec struct {
	Name      string
	Inputs    []input
	Overrides []override
	Locked    bool // commit a flake.lock written at Epoch
	Epoch     int  // created after the releases of this epoch
	// Caches are binary caches its flake.nix declares in
	// nixConfig.extra-substituters (a dependency only).
	Caches []string
}

type release struct {
	Repo, Branch string
	Epoch        int
}

// options are the target options passed to flake-unify.
type options struct {
	To        string
	PerBranch bool
	Keep      []string
	// CommentKeep are root inputs whose declaration carries a
	// `# flake-unify: keep` comment instead of a --keep flag.
	CommentKeep []string
	// Lines is --release-lines (follow, merge, separate); "" is the
	// default, follow.
	Lines string
	// Merge are --merge kinds (e.g. cached).
	Merge []string
	// StoreRoot is --store-root: the chroot store the universe's Nix
	// fetched into, so that the tool reads the dependencies' flake.nix.
	StoreRoot string
}

func (o options) args() []string {
	var a []string
	if o.To != "" {
		a = append(a, "--to", o.To)
	}
	if o.PerBranch {
		a = append(a, "--per-branch")
	}
	if o.Lines != "" {
		a = append(a, "--release-lines", o.Lines)
	}
	for _, k := range o.Keep {
		a = append(a, "--keep", k)
	}
	for _, m := range o.Merge {
		a = append(a, "--merge", m)
	}
	if o.StoreRoot != "" {
		a = append(a, "--store-root", o.StoreRoot)
	}
	return a
}

type spec struct {
	Releases []release
	Deps     []flakeSpec // children before parents
	Root     flakeSpec
	Style    style
	Opts     options
	// Later releases happen after the root is locked and the tool ran,
	// before `nix flake update` (upstream moved on).
	Later []release
}

// Stand-ins live below standinDir, forks below forkDir; the judge and the
// tool's --match use matchRE. The pattern is anchored on the directory name
// so that a temporary directory's name cannot match by accident.
const (
	standinDir = "nixpkgs-standins"
	forkDir    = "forks"
	matchRE    = `/nixpkgs-standins/`
)

var matchRegexp = regexp.MustCompile(matchRE)

func repoDir(repo string) string {
	if strings.HasPrefix(repo, "fork") {
		return forkDir + "/" + repo
	}
	return standinDir + "/" + repo
}

func depDir(name string) string { return "deps/" + name }

// world is a built universe for one Nix version.
type world struct {
	t        *testing.T
	u        *nixtest.Universe
	nix      *nixtest.Nix
	spec     *spec
	repos    map[string]*nixtest.Nixpkgs
	markers  map[string]string // rev → marker of that stand-in revision
	dates    map[release]time.Time
	root     string // directory of the root flake
	rootText string // root flake.nix as written (placeholders expanded)
	origLock []byte // the root's lock as Nix wrote it
	epoch    int
	planOut  string // what the unifier's plan said (shown on failure)
	// laterRound counts the upstream movements of (d), so that judging the
	// same world twice gives each its own release dates.
	laterRound int
}

// releaseDate gives every release its own day, so "newest" is never a tie.
func releaseDate(i int) time.Time { return nixtest.Date(2023, 1, 1).AddDate(0, 0, 7*i) }

func build(t *testing.T, nix *nixtest.Nix, s *spec) *world {
	t.Helper()
	w := &world{t: t, u: nixtest.NewUniverse(t), nix: nix, spec: s,
		repos: map[string]*nixtest.Nixpkgs{}, markers: map[string]string{}, dates: map[release]time.Time{}}
	for i, r := range append(append([]release{}, s.Releases...), s.Later...) {
		w.dates[r] = releaseDate(i)
	}
	// Every repository named anywhere exists from the start, with master.
	for _, r := range w.repoNames() {
		np := w.u.Nixpkgs(repoDir(r))
		w.repos[r] = np
		w.markers[w.u.Git(np.Dir, "rev-parse", "HEAD")] = markerOf(repoDir(r), "master", nixtest.BaseTime)
		if r == "main" {
			w.u.Registry("nixpkgs", np.URL)
		}
	}
	maxEpoch := s.Root.Epoch
	for _, d := range s.Deps {
		maxEpoch = max(maxEpoch, d.Epoch)
	}
	created := map[string]bool{}
	for e := 0; e <= maxEpoch; e++ {
		w.epoch = e
		for _, r := range s.Releases {
			if r.Epoch == e {
				w.release(r)
			}
		}
		for _, d := range s.Deps {
			if d.Epoch != e {
				continue
			}
			for _, in := range d.Inputs {
				if in.Dep != "" && !created[in.Dep] {
					t.Fatalf("spec: dependency %s uses %s before it exists", d.Name, in.Dep)
				}
			}
			dir, _ := w.u.Flake(depDir(d.Name), w.depText(d))
			if d.Locked {
				nix.Lock(t, dir)
				w.u.Commit(dir)
			}
			created[d.Name] = true
		}
	}
	for _, r := range s.Releases {
		if r.Epoch > maxEpoch {
			w.release(r)
		}
	}
	w.rootText = w.u.Expand(w.rootFlakeText())
	for _, name := range s.Opts.CommentKeep {
		w.rootText = commentKeep(t, w.rootText, name)
	}
	w.root, _ = w.u.Flake("root", w.rootText)
	w.origLock = nix.Lock(t, w.root)
	w.u.Commit(w.root)
	return w
}

func (w *world) release(r release) {
	w.t.Helper()
	np := w.repos[r.Repo]
	when := w.dates[r]
	rev := np.Release(r.Branch, when)
	w.markers[rev] = markerOf(repoDir(r.Repo), r.Branch, when)
}

// markerOf is the lib.marker of a stand-in revision (nixtest.NixpkgsText).
func markerOf(name, branch string, when time.Time) string {
	return fmt.Sprintf("%s/%s@%s", name, branch, when.UTC().Format("2006-01-02"))
}

func (w *world) repoNames() []string {
	set := map[string]bool{}
	add := func(f flakeSpec) {
		for _, in := range f.Inputs {
			if in.NP != nil {
				set[in.NP.Repo] = true
			}
		}
	}
	for _, d := range w.spec.Deps {
		add(d)
	}
	add(w.spec.Root)
	for _, r := range append(append([]release{}, w.spec.Releases...), w.spec.Later...) {
		set[r.Repo] = true
	}
	return sortedKeys(set)
}

// url renders a stand-in reference as written in a flake.nix.
func (w *world) url(r *npRef) string {
	w.t.Helper()
	np := w.repos[r.Repo]
	var s string
	switch {
	case r.Indirect && r.Branch != "":
		s = "nixpkgs/" + r.Branch
	case r.Indirect:
		s = "nixpkgs"
	case r.Branch != "":
		s = np.BranchURL(r.Branch)
	default:
		s = np.URL
	}
	if r.Pin { // always a direct URL: the exact revision of the branch head
		br := r.Branch
		if br == "" {
			br = "master"
		}
		s = np.URL + "?ref=" + br + "&rev=" + w.u.Git(np.Dir, "rev-parse", br)
	}
	return s
}

// markerExpr is a Nix expression for the lib.marker of a stand-in input,
// whether it arrives as a flake or as a plain source tree.
func markerExpr(v string) string {
	return fmt.Sprintf(`(if %[1]s ? lib then %[1]s.lib.marker else ((import "${%[1]s}/flake.nix").outputs { self = null; }).lib.marker)`, v)
}

// depText is a dependency's flake.nix: its inputs, its own follows, and an
// output `seen` telling which stand-in each of its nixpkgs inputs really is.
func (w *world) depText(d flakeSpec) string {
	var b strings.Builder
	fmt.Fprintf(&b, "{\n  description = \"dependency %s\";\n", d.Name)
	if len(d.Caches) > 0 {
		fmt.Fprintf(&b, "  nixConfig.extra-substituters = [ %s ];\n", quoteAll(d.Caches))
	}
	for _, in := range d.Inputs {
		switch {
		case in.Follows != "":
			fmt.Fprintf(&b, "  inputs.%s.follows = %q;\n", in.Name, in.Follows)
		case in.Dep != "":
			fmt.Fprintf(&b, "  inputs.%s.url = %q;\n", in.Name, "{{"+depDir(in.Dep)+"}}")
		case in.NP.NoFlake:
			fmt.Fprintf(&b, "  inputs.%s = { url = %q; flake = false; };\n", in.Name, w.url(in.NP))
		default:
			fmt.Fprintf(&b, "  inputs.%s.url = %q;\n", in.Name, w.url(in.NP))
		}
	}
	for _, o := range d.Overrides {
		fmt.Fprintf(&b, "  %s = %q;\n", declPath(o.Path), o.Target)
	}
	b.WriteString("  outputs = { self, ... }@inputs: {\n    seen = {\n")
	for _, in := range d.Inputs {
		// a dependency's follows inputs always follow a stand-in here
		if in.NP != nil || in.Follows != "" {
			fmt.Fprintf(&b, "      %s = %s;\n", in.Name, markerExpr("inputs."+in.Name))
		}
	}
	b.WriteString("    };\n  };\n}\n")
	return b.String()
}

// quoteAll is strings as a Nix list's elements: "a" "b".
func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, " ")
}

// declPath turns "a/b/nixpkgs" into inputs.a.inputs.b.inputs.nixpkgs.follows.
func declPath(p string) string {
	return "inputs." + strings.Join(splitPath(p), ".inputs.") + ".follows"
}

// rootOutputs is the root's outputs: e2e.seen maps every dependency's input
// path ("a", "a/b", …) to that dependency's own `seen`, walking the inputs as
// Nix evaluates them; rootSeen is the root's own stand-in inputs.
func (w *world) rootOutputs(indent string) string {
	var names []string
	for _, in := range w.spec.Root.Inputs {
		if in.NP != nil || (in.Follows != "" && strings.Contains(in.Name, "pkgs")) {
			names = append(names, in.Name)
		}
	}
	sort.Strings(names)
	var rs strings.Builder
	for _, n := range names {
		fmt.Fprintf(&rs, " %s = marker inputs.%s;", n, n)
	}
	formals := "self"
	for _, in := range w.spec.Root.Inputs {
		if in.Implicit {
			formals += ", " + in.Name
		}
	}
	lines := []string{
		"outputs = { " + formals + ", ... }@inputs:",
		"  let",
		`    marker = v: ` + markerExpr("v") + ";",
		"    walk = prefix: ins: builtins.foldl' (acc: n:",
		"      let v = ins.${n}; p = prefix + n; in",
		`      if n == "self" || !(v ? seen) then acc`,
		`      else acc // { ${p} = v.seen; } // walk (p + "/") v.inputs) { } (builtins.attrNames ins);`,
		"  in {",
		`    e2e.seen = walk "" inputs;`,
		"    e2e.rootSeen = {" + rs.String() + " };",
		"  };",
	}
	return indent + strings.Join(lines, "\n"+indent)
}

// rootInput returns the root's input called name (nil if none).
func (s *spec) rootInput(name string) *input {
	for i := range s.Root.Inputs {
		if s.Root.Inputs[i].Name == name {
			return &s.Root.Inputs[i]
		}
	}
	return nil
}

func (s *spec) dep(name string) *flakeSpec {
	for i := range s.Deps {
		if s.Deps[i].Name == name {
			return &s.Deps[i]
		}
	}
	return nil
}

// describe is a compact, readable dump of a spec for failure messages and
// for minimal repros.
func (s *spec) describe() string {
	var b strings.Builder
	ref := func(r *npRef) string {
		x := r.Repo
		if r.Branch != "" {
			x += ":" + r.Branch
		}
		if r.Indirect {
			x = "indirect " + x
		}
		if r.Pin {
			x += " pinned"
		}
		if r.NoFlake {
			x += " flake=false"
		}
		return x
	}
	f := func(fs flakeSpec) {
		fmt.Fprintf(&b, "  %s (epoch %d, locked %v):", fs.Name, fs.Epoch, fs.Locked)
		for _, in := range fs.Inputs {
			switch {
			case in.Follows != "":
				fmt.Fprintf(&b, " %s→follows %s;", in.Name, in.Follows)
			case in.Dep != "":
				fmt.Fprintf(&b, " %s→dep %s;", in.Name, in.Dep)
			default:
				fmt.Fprintf(&b, " %s→%s;", in.Name, ref(in.NP))
			}
		}
		for _, o := range fs.Overrides {
			fmt.Fprintf(&b, " [%s follows %s]", o.Path, o.Target)
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "releases:")
	for _, r := range s.Releases {
		fmt.Fprintf(&b, " %s:%s@%d", r.Repo, r.Branch, r.Epoch)
	}
	b.WriteString("\n")
	for _, d := range s.Deps {
		f(d)
	}
	f(s.Root)
	fmt.Fprintf(&b, "  style %s, options %v\n", s.Style, s.Opts.args())
	return b.String()
}
