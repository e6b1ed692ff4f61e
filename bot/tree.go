package bot

import (
	"context"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

var errNotExist = fs.ErrNotExist

// backend is one way for the bot to talk to the repository and the
// remote: go-git in process, or the git executable.
type backend interface {
	// advertised returns the remote's default branch (its HEAD's target,
	// "" if it advertises none) and the tips of those of the branches
	// that exist there.
	advertised(ctx context.Context, branches []string) (head string, tips map[string]plumbing.Hash, err error)
	// fetch fetches the branches into their remote-tracking refs; depth 1
	// when the repository is shallow, so its history stays as short.
	fetch(ctx context.Context, branches []string) error
	// ref returns a ref's hash, zero when it does not exist; setRef
	// points it at h, or deletes it when h is zero.
	ref(ctx context.Context, name plumbing.ReferenceName) (plumbing.Hash, error)
	setRef(ctx context.Context, name plumbing.ReferenceName, h plumbing.Hash) error

	commit(ctx context.Context, h plumbing.Hash) (tree plumbing.Hash, parents []plumbing.Hash, msg string, err error)
	tree(ctx context.Context, h plumbing.Hash) ([]object.TreeEntry, error)
	blob(ctx context.Context, h plumbing.Hash) ([]byte, error)
	writeBlob(ctx context.Context, content []byte) (plumbing.Hash, error)
	writeTree(ctx context.Context, entries []object.TreeEntry) (plumbing.Hash, error)
	// writeCommit writes a commit with the configured identity (the bot's
	// when none is configured).
	writeCommit(ctx context.Context, tree, parent plumbing.Hash, msg string) (plumbing.Hash, error)

	// push sets the remote branch to h if it is still at expected (zero:
	// still absent); a moved branch is refused with errLease.
	push(ctx context.Context, h plumbing.Hash, branch string, expected plumbing.Hash) error
}

// findEntry returns the entry at path in the commit's tree, or nil.
func findEntry(ctx context.Context, b backend, commit plumbing.Hash, path string) (*object.TreeEntry, error) {
	tree, _, _, err := b.commit(ctx, commit)
	if err != nil {
		return nil, err
	}
	parts := strings.Split(path, "/")
	for i, name := range parts {
		entries, err := b.tree(ctx, tree)
		if err != nil {
			return nil, err
		}
		var found *object.TreeEntry
		for j := range entries {
			if entries[j].Name == name {
				found = &entries[j]
				break
			}
		}
		if found == nil || i == len(parts)-1 {
			return found, nil
		}
		if found.Mode != filemode.Dir {
			return nil, nil
		}
		tree = found.Hash
	}
	return nil, nil
}

// editTree returns the tree h with the leaves (paths relative to h)
// replaced or added. Only the trees on the way to the leaves are read and
// written, so the cost does not grow with the repository.
func editTree(ctx context.Context, b backend, h plumbing.Hash, leaves map[string]object.TreeEntry) (plumbing.Hash, error) {
	var entries []object.TreeEntry
	if !h.IsZero() {
		es, err := b.tree(ctx, h)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		entries = append(entries, es...)
	}
	index := map[string]int{}
	for i, e := range entries {
		index[e.Name] = i
	}
	set := func(e object.TreeEntry) {
		if i, ok := index[e.Name]; ok {
			entries[i] = e
			return
		}
		index[e.Name] = len(entries)
		entries = append(entries, e)
	}
	sub := map[string]map[string]object.TreeEntry{}
	for p, e := range leaves {
		first, rest, nested := strings.Cut(p, "/")
		if !nested {
			if i, ok := index[first]; ok && entries[i].Mode == filemode.Dir {
				return plumbing.ZeroHash, fmt.Errorf("%s is a directory in the base", first)
			}
			e.Name = first
			set(e)
			continue
		}
		if sub[first] == nil {
			sub[first] = map[string]object.TreeEntry{}
		}
		sub[first][rest] = e
	}
	for name, ls := range sub {
		var subHash plumbing.Hash
		if i, ok := index[name]; ok {
			if entries[i].Mode != filemode.Dir {
				return plumbing.ZeroHash, fmt.Errorf("%s is not a directory in the base", name)
			}
			subHash = entries[i].Hash
		}
		nh, err := editTree(ctx, b, subHash, ls)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		set(object.TreeEntry{Name: name, Mode: filemode.Dir, Hash: nh})
	}
	sort.Sort(object.TreeEntrySorter(entries))
	return b.writeTree(ctx, entries)
}

// newObjects lists the objects of commit that its parent's tree does not
// have: the commit, and the trees and blobs that differ along the edited
// paths. The remote has the parent (the base tip), so these are all a push
// must send; unchanged subtrees are never read.
func newObjects(ctx context.Context, b backend, commit plumbing.Hash) ([]plumbing.Hash, error) {
	tree, parents, _, err := b.commit(ctx, commit)
	if err != nil {
		return nil, err
	}
	var baseTree plumbing.Hash
	if len(parents) == 1 {
		if baseTree, _, _, err = b.commit(ctx, parents[0]); err != nil {
			return nil, err
		}
	}
	out := []plumbing.Hash{commit}
	var walk func(n, o plumbing.Hash) error
	walk = func(n, o plumbing.Hash) error {
		if n == o {
			return nil
		}
		out = append(out, n)
		ne, err := b.tree(ctx, n)
		if err != nil {
			return err
		}
		old := map[string]object.TreeEntry{}
		if !o.IsZero() {
			oe, err := b.tree(ctx, o)
			if err != nil {
				return err
			}
			for _, e := range oe {
				old[e.Name] = e
			}
		}
		for _, e := range ne {
			prev, had := old[e.Name]
			switch {
			case had && prev.Hash == e.Hash:
			case e.Mode == filemode.Dir:
				var oh plumbing.Hash
				if had && prev.Mode == filemode.Dir {
					oh = prev.Hash
				}
				if err := walk(e.Hash, oh); err != nil {
					return err
				}
			case e.Mode != filemode.Submodule:
				out = append(out, e.Hash)
			}
		}
		return nil
	}
	if err := walk(tree, baseTree); err != nil {
		return nil, err
	}
	return out, nil
}
