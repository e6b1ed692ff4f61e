package lockview

import "github.com/flake-unify/flake-unify/nixstore"

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
