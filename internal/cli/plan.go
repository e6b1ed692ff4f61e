package cli

import (
	"bytes"
	"io"
	"os"
	"path/filepath"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/diffview"
	"github.com/flake-unify/flake-unify/lockgraph"
	"github.com/flake-unify/flake-unify/lockview"
	"github.com/flake-unify/flake-unify/nixstore"
	"github.com/flake-unify/flake-unify/planview"
	"github.com/flake-unify/flake-unify/unify"
)

// TargetFlags are the target options shared by plan and apply. Each one
// left unset leaves the policy file's setting (or the default) alone.
type TargetFlags struct {
	To           string   `help:"Make every other nixpkgs follow the node at this input path (e.g. nixpkgs, haskellNix/nixpkgs-unstable)." placeholder:"INPUT/PATH"`
	Strategy     string   `help:"How to choose the common node without --to: root (the root's own nixpkgs; the default), newest, most-used." placeholder:"root|newest|most-used"`
	ReleaseLines string   `name:"release-lines" help:"Across nixpkgs release lines: follow (the default: a copy follows the root's input on its own line, else the target, and says so), merge (one node for all lines) or separate (never cross: keep)." placeholder:"follow|merge|separate"`
	PerBranch    bool     `help:"Unify within each branch (channel) instead of across branches."`
	Keep         []string `help:"Leave the nixpkgs at this input path (or every nixpkgs below it) alone; a glob such as '*/nixpkgs-stable' keeps every path it matches; repeatable." placeholder:"PATH"`
	Merge        []string `enum:"like,pinned,non-flake,cached" help:"Also merge nodes the policy only reports: like (forks, nixpkgs.lib), pinned (original pins a rev), non-flake (flake = false sources), cached (the nixpkgs of a dependency that publishes binaries to a cache of its own)." placeholder:"KIND"`
	Caches       string   `help:"How to learn a dependency's binary caches (nixConfig substituters in its flake.nix): store (the default: read the copy in the Nix store, unknown when absent) or fetch (fetch an absent one with nix flake prefetch first)." placeholder:"store|fetch"`
	LockOnly     bool     `help:"Rewrite flake.lock only; flake.nix is not touched (nix flake update will undo it)."`
	Input        []string `help:"Unify this input instead of nixpkgs alone (repeatable): nixpkgs, an input name (flake-utils), an input path (a/flake-utils) or a source (github:numtide/flake-utils, every branch unless one is named)." placeholder:"NAME"`
	All          bool     `help:"Unify nixpkgs and every input source that flake.lock holds twice or more."`
	Prune        bool     `help:"Remove follows declarations of flake.nix that no longer do anything (an override of an input the dependency no longer has)."`
	StoreRoot    string   `help:"The Nix store the policy reads (binary caches of dependencies, sources present) lives below DIR, as a chroot store (nix --store DIR) does; default: the real root." placeholder:"DIR" type:"path"`
	NixVersion   string   `help:"The Nix the result is for (auto, the default: nix --version when needed; X.Y): deeper follows need 2.30." placeholder:"auto|X.Y"`
	matchFlag
}

// readFiles reads DIR/flake.lock and DIR/flake.nix (which may be missing).
func readFiles(dir string) (unify.Files, error) {
	f := unify.Files{LockName: lockPath(dir), FlakeName: filepath.Join(dir, "flake.nix")}
	var err error
	if f.Lock, err = os.ReadFile(f.LockName); err != nil {
		if os.IsNotExist(err) {
			return f, &diag.Error{File: f.LockName, What: "no lock file", Why: "the file does not exist",
				Hint: "run `nix flake lock` in the flake's directory first, or point -C at it"}
		}
		return f, err
	}
	if f.Flake, err = os.ReadFile(f.FlakeName); err != nil {
		if !os.IsNotExist(err) {
			return f, err
		}
		f.Flake = nil
	}
	return f, nil
}

// PlanInputs are what plan and apply start from: the files in dir, read
// once, and the options of the policy (defaults, policy file, flags).
func PlanInputs(dir string, cf *ConfigFlags, t *TargetFlags) (unify.Options, unify.Files, error) {
	files, err := readFiles(dir)
	if err != nil {
		return unify.Options{}, files, err
	}
	pol, err := buildPolicy(dir, cf, t, files)
	if err != nil {
		return unify.Options{}, files, err
	}
	opt, err := PlanOptions(pol, t, &files)
	return opt, files, err
}

type planCmd struct {
	Dir   string `short:"C" default:"." help:"The flake's directory." placeholder:"DIR"`
	JSON  bool   `name:"json" help:"Print one JSON document: target, redirects, kept nodes, summary and both diffs."`
	Color string `default:"auto" enum:"auto,always,never" help:"Colour the diff: auto (FORCE_COLOR, NO_COLOR, terminal), always, never."`
	Store bool   `help:"With --json, give each target, redirected and kept node its Nix store path (storePath, from its narHash) and whether it is in the store (inStore), as graph --store does. The store directory is NIX_STORE_DIR (or NIX_STORE), else /nix/store."`
	ConfigFlags
	TargetFlags
	VerifyFlags
	MeasureFlags
}

func (c *planCmd) Run(e *Env) error {
	opt, files, err := PlanInputs(c.Dir, &c.ConfigFlags, &c.TargetFlags)
	if err != nil {
		return err
	}
	var lock *diffview.Old
	if !c.JSON {
		// The diff's work on the old lock starts now, on another core,
		// while the plan is made.
		lock = diffview.Prepare(files.Lock)
	}
	p, err := c.VerifyFlags.Plan(e, c.Dir, opt, files, c.JSON)
	if err != nil {
		return err
	}
	if err := c.Evaluate(e, c.Dir, files, opt, p); err != nil {
		return err
	}
	if c.JSON {
		if c.Store {
			if c.sources, err = canonicalSources(e, files, c.StoreRoot); err != nil {
				return err
			}
		}
		doc, err := c.withMeasure(c.Doc(p))
		if err != nil {
			return err
		}
		return lockview.WriteJSON(e.Stdout, doc)
	}
	// The diff takes longest to make: the summary is set out on another
	// goroutine meanwhile (both only read p), and printed first. (The
	// diff is made here, not the summary: when it is done the summary is
	// long ready, and no thread waits to be woken.)
	summary := make(chan []byte, 1)
	go func() {
		var b bytes.Buffer
		_ = planview.Summary(&b, p) // a bytes.Buffer takes every write
		if c.measured != nil {
			_ = c.measured.WriteText(&b)
		}
		summary <- b.Bytes()
	}()
	diff := planview.DiffFrom(p, lock)
	if _, err := e.Stdout.Write(<-summary); err != nil {
		return err
	}
	if len(diff) == 0 {
		return nil
	}
	color, err := diffview.UseColor(c.Color, e.Getenv, e.isTTY(e.Stdout))
	if err != nil {
		return err
	}
	if color {
		diff = diffview.Colorize(diff)
	}
	// The blank line on its own: prefixing it would copy the whole diff.
	if _, err := io.WriteString(e.Stdout, "\n"); err != nil {
		return err
	}
	_, err = e.Stdout.Write(diff)
	return err
}

// canonicalSources are the store facts of the nodes of files' lock, by
// key of the canonical lock (the keys a plan names nodes by).
func canonicalSources(e *Env, files unify.Files, root string) (map[string]nixstore.Source, error) {
	l, err := lockgraph.Parse(files.LockName, files.Lock)
	if err != nil {
		return nil, err
	}
	if l, err = l.Canonical(); err != nil {
		return nil, err
	}
	st := nixstore.FromEnv(e.Getenv)
	st.Root = root
	return st.Sources(l), nil
}
