package lockview

import (
	"strings"

	"github.com/flake-unify/flake-unify/nixstore"
)

// MarkStore records what the Nix store says of each node (from
// nixstore.Store.Sources): the tree then notes each locked source as in
// the store or not, and JSON gives every node its storePath and inStore.
// A view that was never marked renders exactly as before: whether a path
// is present depends on the machine, so only a caller that asks gets it.
func (v *View) MarkStore(srcs map[string]nixstore.Source) { v.store = srcs }

// storeMark is the tree's note on a node's source, or "" when the store
// was not asked about.
func (v *View) storeMark(key string) string {
	if v.store == nil {
		return ""
	}
	src, ok := v.store[key]
	switch {
	case !ok || src.Path == "" || src.Why != "":
		return "[store: unknown]"
	case src.InStore:
		return "[in store]"
	}
	return "[not in store]"
}

// storeJSON fills a node's store fields when the store was asked about.
func (v *View) storeJSON(key string, nj *nodeJSON) {
	if v.store == nil || key == v.Lock.Root {
		return
	}
	src := v.store[key]
	nj.StorePath, nj.StoreWhy = src.Path, src.Why
	nj.InStore = &src.InStore
}

// MarkCaches records the binary caches each node's flake declares (from
// nixstore.Store.Caches): JSON gives every node a caches object, and the
// tree names the caches a dependency declares of its own.
func (v *View) MarkCaches(caches map[string]nixstore.Caches) { v.caches = caches }

// cacheMark is the tree's note on a node that declares caches of its own.
func (v *View) cacheMark(key string) string {
	c, ok := v.caches[key]
	if !ok || c.Known != nixstore.Declared {
		return ""
	}
	var urls []string
	for _, d := range c.Own() {
		urls = append(urls, d.Value)
	}
	return "[caches: " + strings.Join(urls, " ") + "]"
}

// cachesJSON is what a node's flake.nix says about binary caches.
type cachesJSON struct {
	Known    string     `json:"known"` // declared, none or unknown
	Declared []declJSON `json:"declared,omitempty"`
	Keys     []declJSON `json:"keys,omitempty"`
	Why      string     `json:"why,omitempty"`
}

type declJSON struct {
	Value   string `json:"value"`
	Setting string `json:"setting"`
	At      string `json:"at"` // file:line:col
}

func decls(ds []nixstore.Declaration) []declJSON {
	var out []declJSON
	for _, d := range ds {
		out = append(out, declJSON{Value: d.Value, Setting: d.Setting, At: d.At()})
	}
	return out
}

// cacheJSON fills a node's caches when they were asked about.
func (v *View) cacheJSON(key string, nj *nodeJSON) {
	c, ok := v.caches[key]
	if !ok {
		return
	}
	nj.Caches = &cachesJSON{Known: c.Known.String(), Declared: decls(c.Caches), Keys: decls(c.Keys), Why: c.Why}
}
