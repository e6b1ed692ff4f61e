package cli

import (
	"bytes"
	"context"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/lockview"
	"github.com/flake-unify/flake-unify/nixstore"
)

type graphCmd struct {
	Dir    string `short:"C" default:"." help:"The flake's directory." placeholder:"DIR"`
	Format string `default:"tree" enum:"tree,dot,mermaid,json" help:"Output format: tree, dot, mermaid or json."`
	matchFlag
	inputsFlag
	storeFlag
	jsonFlag
	ColorFlag
}

// storeFlag asks about the Nix store. It is opt-in: the answer depends on
// the machine, and the graph without it stays the lock's alone.
type storeFlag struct {
	Store     bool   `help:"Also show each source's Nix store path (from its narHash) and whether it is in the store (tree and json): the tree marks [in store] or [not in store], json gives storePath and inStore. Each flake's binary caches are read from its flake.nix there (nixConfig substituters): json gives caches, the tree names a dependency's own. The store directory is NIX_STORE_DIR (or NIX_STORE), else /nix/store."`
	StoreRoot string `help:"The store lives below DIR, as a chroot store (nix --store DIR) does; implies --store." placeholder:"DIR" type:"path"`
}

// store is the store to ask, ok false when it was not asked for.
func (f storeFlag) store(e *Env) (nixstore.Store, bool) {
	if !f.Store && f.StoreRoot == "" {
		return nixstore.Store{}, false
	}
	s := nixstore.FromEnv(e.Getenv)
	s.Root = f.StoreRoot
	return s, true
}

func (g *graphCmd) Run(e *Env) error {
	l, err := LoadLock(g.Dir)
	if err != nil {
		return err
	}
	v, err := lockview.New(l, g.classifier())
	if err != nil {
		return err
	}
	groups, _, err := g.groups(l, g.classifier())
	if err != nil {
		return err
	}
	v.MarkInputs(groups)
	if s, ok := g.store(e); ok {
		v.MarkStore(s.Sources(l))
		v.MarkCaches(s.AllCaches(context.Background(), l, nil))
	}
	format := g.Format
	if g.JSON {
		if format != "tree" && format != "json" {
			return &diag.Error{What: "--json with --format " + format, Why: "they ask for two formats", Hint: "drop one of them"}
		}
		format = "json"
	}
	switch format {
	case "dot":
		return v.Dot(e.Stdout, lockPath(g.Dir))
	case "mermaid":
		return v.Mermaid(e.Stdout)
	case "json":
		return v.JSON(e.Stdout)
	}
	color, err := g.useColor(e)
	if err != nil {
		return err
	}
	if !color {
		return v.Tree(e.Stdout, lockPath(g.Dir))
	}
	var tree bytes.Buffer
	if err := v.Tree(&tree, lockPath(g.Dir)); err != nil {
		return err
	}
	return paintMarks(e.Stdout, tree.Bytes())
}
