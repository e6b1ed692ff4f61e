package gitops

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/internal/gitrepo"
)

// errIndexFormat marks an index go-git cannot read.
var errIndexFormat = errors.New("the index format needs git")

// goBackend commits with go-git's object and reference storage. It never
// uses go-git's Worktree: Worktree.Status and Add hash the whole tree.
type goBackend struct {
	l                 *gitrepo.Layout
	cfg               *gitrepo.Config
	st                *filesystem.Storage
	idx               *rawIndex // the index as read by Preflight, for the dirty check
	author, committer object.Signature
}

// openGo opens the repository for the go-git back end; paths are the
// repository paths of the flake files, whose index entries it looks up.
func openGo(l *gitrepo.Layout, cfg *gitrepo.Config, paths []string) (*goBackend, error) {
	st := filesystem.NewStorage(osfs.New(l.GitDir), cache.NewObjectLRUDefault())
	idx, err := readRawIndex(l.GitDir, paths)
	if err != nil {
		return nil, err
	}
	return &goBackend{l: l, cfg: cfg, st: st, idx: idx}, nil
}

// readIndex decodes $GIT_DIR/index with go-git; a missing index is an
// empty one. Used only when an entry must be added or removed, which the
// in-place patch of rawIndex cannot do.
func readIndex(gitDir string) (*index.Index, error) {
	f, err := os.Open(filepath.Join(gitDir, "index"))
	if errors.Is(err, os.ErrNotExist) {
		return &index.Index{Version: 2}, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	idx := &index.Index{}
	if err := index.NewDecoder(f).Decode(idx); err != nil {
		return nil, fmt.Errorf("%w: %w", errIndexFormat, err)
	}
	return idx, nil
}

func (g *goBackend) head(context.Context) (plumbing.ReferenceName, plumbing.Hash, error) {
	ref, err := g.st.Reference(plumbing.HEAD)
	if err != nil {
		return "", plumbing.ZeroHash, fmt.Errorf("reading HEAD: %w", err)
	}
	if ref.Type() == plumbing.HashReference {
		return "", ref.Hash(), errDetached(ref.Hash())
	}
	target, err := g.st.Reference(ref.Target())
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return "", plumbing.ZeroHash, errUnborn(ref.Target())
	}
	if err != nil {
		return "", plumbing.ZeroHash, fmt.Errorf("reading %s: %w", ref.Target(), err)
	}
	if target.Type() != plumbing.HashReference {
		return "", plumbing.ZeroHash, fmt.Errorf("%s is a symbolic reference to %s", ref.Target(), target.Target())
	}
	return ref.Target(), target.Hash(), nil
}

func (g *goBackend) ref(_ context.Context, name plumbing.ReferenceName) (plumbing.Hash, error) {
	r, err := g.st.Reference(name)
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return plumbing.ZeroHash, nil
	}
	if err != nil {
		return plumbing.ZeroHash, err
	}
	return r.Hash(), nil
}

// treeEntryAt returns the entry at path in the tree, or nil.
func treeEntryAt(t *object.Tree, path string) (*object.TreeEntry, error) {
	e, err := t.FindEntry(path)
	if errors.Is(err, object.ErrEntryNotFound) || errors.Is(err, object.ErrDirectoryNotFound) {
		return nil, nil
	}
	return e, err
}

// dirty compares HEAD, the index and the work tree for each path only:
// one tree lookup, one index lookup and one file hash per path.
func (g *goBackend) dirty(_ context.Context, head plumbing.Hash, files []fileChange) (map[string]string, error) {
	commit, err := object.GetCommit(g.st, head)
	if err != nil {
		return nil, fmt.Errorf("reading HEAD commit: %w", err)
	}
	tree, err := commit.Tree()
	if err != nil {
		return nil, fmt.Errorf("reading HEAD tree: %w", err)
	}
	fileMode := true
	if v, ok := g.cfg.Get("core.filemode"); ok {
		fileMode = gitrepo.IsSet(v)
	}
	out := map[string]string{}
	for _, f := range files {
		he, err := treeEntryAt(tree, f.path)
		if err != nil {
			return nil, err
		}
		ies := g.idx.entries[f.path]
		var ie *rawEntry
		if len(ies) == 1 && ies[0].stage == 0 {
			ie = &ies[0]
		}
		switch {
		case len(ies) > 1 || (len(ies) == 1 && ie == nil):
			out[f.path] = "it has unresolved merge conflicts"
		case he == nil && ie == nil && f.old.existed:
			out[f.path] = "it is not tracked by git"
		case he == nil && ie == nil:
			// New everywhere: nothing to lose.
		case he == nil || ie == nil || he.Hash != ie.hash || he.Mode != ie.mode:
			out[f.path] = "changes are staged in the index"
		case !f.old.existed:
			out[f.path] = "it is deleted in the work tree"
		case plumbing.ComputeHash(plumbing.BlobObject, f.old.content) != ie.hash:
			out[f.path] = "it is modified in the work tree"
		case fileMode && (f.old.perm&0o111 != 0) != (ie.mode == filemode.Executable):
			out[f.path] = "its executable bit changed in the work tree"
		}
	}
	return out, nil
}

func (g *goBackend) identity(context.Context) error {
	if v, ok := g.cfg.Get("commit.gpgsign"); ok && gitrepo.IsSet(v) {
		return &diag.Error{
			What: "commit signing is configured (commit.gpgSign), and --git go cannot sign",
			Hint: "pass --git auto or --git exec to commit and sign with git",
		}
	}
	now := time.Now()
	var err error
	if g.author, err = gitrepo.Identity(g.cfg, "author", now); err != nil {
		return err
	}
	g.committer, err = gitrepo.Identity(g.cfg, "committer", now)
	return err
}

// commit writes the new blobs, trees and commit into the object store
// (unreachable until a ref points at them, so harmless if a later step
// fails), then points the branch at the commit, writes the files, updates
// their index entries and moves HEAD to the branch. Each of the last four
// steps is undone when a later one fails.
func (g *goBackend) commit(ctx context.Context, p *prepared, msg string) (plumbing.Hash, error) {
	headCommit, err := object.GetCommit(g.st, p.head)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	headTree, err := headCommit.Tree()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	leaves := map[string]object.TreeEntry{}
	for _, f := range p.changed {
		h, err := gitrepo.WriteObject(g.st, plumbing.BlobObject, f.content)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		mode := filemode.Regular
		if he, err := treeEntryAt(headTree, f.path); err != nil {
			return plumbing.ZeroHash, err
		} else if he != nil {
			mode = he.Mode
		} else if f.old.perm&0o111 != 0 {
			mode = filemode.Executable
		}
		leaves[f.path] = object.TreeEntry{Mode: mode, Hash: h}
	}
	treeHash, err := g.buildTree(headCommit.TreeHash, leaves)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	c := &object.Commit{
		Author:       g.author,
		Committer:    g.committer,
		Message:      msg,
		TreeHash:     treeHash,
		ParentHashes: []plumbing.Hash{p.head},
	}
	obj := g.st.NewEncodedObject()
	if err := c.Encode(obj); err != nil {
		return plumbing.ZeroHash, err
	}
	commitHash, err := g.st.SetEncodedObject(obj)
	if err != nil {
		return plumbing.ZeroHash, err
	}

	var u undoStack
	fail := func(err error) (plumbing.Hash, error) { return plumbing.ZeroHash, u.fail(err) }

	// 1. The branch. Look again right before writing: a branch created
	// since Preflight must not be overwritten.
	if cur, err := g.ref(ctx, p.branch); err != nil {
		return fail(err)
	} else if cur != p.branchOld {
		return fail(&diag.Error{What: fmt.Sprintf("branch %s changed while flake-unify was running", p.req.Branch), Hint: "run flake-unify again"})
	}
	if err := g.st.SetReference(plumbing.NewHashReference(p.branch, commitHash)); err != nil {
		return fail(err)
	}
	u.push(func() error {
		if p.branchOld.IsZero() {
			return g.st.RemoveReference(p.branch)
		}
		return g.st.SetReference(plumbing.NewHashReference(p.branch, p.branchOld))
	})

	// 2. The files, both or neither.
	restore, err := writeFiles(g.l.WorkTree, repoChanges(p.changed))
	if err != nil {
		return fail(err)
	}
	u.push(restore)

	// 3. Their index entries, so git status shows them clean.
	newEntries := map[string]*index.Entry{}
	for _, f := range p.changed {
		e, err := statEntry(filepath.Join(g.l.WorkTree, filepath.FromSlash(f.path)), f.path, leaves[f.path])
		if err != nil {
			return fail(err)
		}
		newEntries[f.path] = e
	}
	undoIndex, err := setIndexEntries(g.l.GitDir, newEntries, g.idx.data)
	if err != nil {
		return fail(err)
	}
	u.push(undoIndex)

	// 4. HEAD, last: until now the user's checkout was unchanged but for
	// the two files.
	if err := g.st.SetReference(plumbing.NewSymbolicReference(plumbing.HEAD, p.branch)); err != nil {
		return fail(err)
	}

	g.writeReflogs(p, commitHash)
	return commitHash, nil
}

// repoChanges turns the changed files into Changes relative to the work tree.
func repoChanges(fs []fileChange) []Change {
	out := make([]Change, len(fs))
	for i, f := range fs {
		out[i] = Change{Path: f.path, Content: f.content}
	}
	return out
}

// buildTree returns the hash of the tree h with the entries in leaves
// (paths relative to h) replaced or added. Only the trees on the way to the
// leaves are read and written; a zero h is an empty tree.
func (g *goBackend) buildTree(h plumbing.Hash, leaves map[string]object.TreeEntry) (plumbing.Hash, error) {
	var entries []object.TreeEntry
	if !h.IsZero() {
		t, err := object.GetTree(g.st, h)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		entries = append(entries, t.Entries...)
	}
	// Group the leaves by their first path component.
	direct := map[string]object.TreeEntry{}
	sub := map[string]map[string]object.TreeEntry{}
	for p, e := range leaves {
		first, rest, nested := strings.Cut(p, "/")
		if !nested {
			direct[first] = e
			continue
		}
		if sub[first] == nil {
			sub[first] = map[string]object.TreeEntry{}
		}
		sub[first][rest] = e
	}
	find := func(name string) int {
		for i, e := range entries {
			if e.Name == name {
				return i
			}
		}
		return -1
	}
	set := func(e object.TreeEntry) {
		if i := find(e.Name); i >= 0 {
			entries[i] = e
		} else {
			entries = append(entries, e)
		}
	}
	for name, e := range direct {
		if i := find(name); i >= 0 && entries[i].Mode == filemode.Dir {
			return plumbing.ZeroHash, fmt.Errorf("%s is a directory in HEAD", name)
		}
		e.Name = name
		set(e)
	}
	for name, ls := range sub {
		var subHash plumbing.Hash
		if i := find(name); i >= 0 {
			if entries[i].Mode != filemode.Dir {
				return plumbing.ZeroHash, fmt.Errorf("%s is not a directory in HEAD", name)
			}
			subHash = entries[i].Hash
		}
		nh, err := g.buildTree(subHash, ls)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		set(object.TreeEntry{Name: name, Mode: filemode.Dir, Hash: nh})
	}
	sort.Sort(object.TreeEntrySorter(entries))
	t := &object.Tree{Entries: entries}
	obj := g.st.NewEncodedObject()
	if err := t.Encode(obj); err != nil {
		return plumbing.ZeroHash, err
	}
	return g.st.SetEncodedObject(obj)
}

// statEntry makes the index entry of a file just written, with the stat
// data git compares to decide, without reading the file, that it is clean.
func statEntry(abs, name string, te object.TreeEntry) (*index.Entry, error) {
	fi, err := os.Lstat(abs)
	if err != nil {
		return nil, err
	}
	e := &index.Entry{
		Name:       name,
		Hash:       te.Hash,
		Mode:       te.Mode,
		ModifiedAt: fi.ModTime(),
		Size:       uint32(fi.Size()),
	}
	fillStat(e, fi)
	return e, nil
}

// setIndexEntries gives the paths the new entries and returns a function
// that puts the old ones back. It works the way git does: under
// index.lock, on the index as it is now (so concurrent changes are not
// lost), renaming the new index into place. When every path has one entry
// already, the entries are patched in place and every extension is kept;
// otherwise (a file new to the index) go-git rewrites the index, dropping
// the optional extensions (cached trees, untracked cache), which git
// rebuilds when it needs them.
//
// verified is the index as Preflight read and checked it; when the file
// is still the same, its checksum is not computed again.
func setIndexEntries(gitDir string, entries map[string]*index.Entry, verified []byte) (undo func() error, err error) {
	paths := make([]string, 0, len(entries))
	for p := range entries {
		paths = append(paths, p)
	}
	var undoFields map[string][]byte
	var undoEntries map[string][]*index.Entry
	err = withIndexLock(gitDir, func() ([]byte, error) {
		raw, err := readRawIndexVerified(gitDir, paths, verified)
		if err != nil {
			return nil, err
		}
		if raw.patchable(paths) {
			fields, old := map[string][]byte{}, map[string][]byte{}
			for p, e := range entries {
				fields[p] = fixedFields(e)
				off := raw.entries[p][0].off
				old[p] = append([]byte(nil), raw.data[off:off+60]...)
			}
			undoFields = old
			return raw.patch(fields)
		}
		idx, err := readIndex(gitDir)
		if err != nil {
			return nil, err
		}
		undoEntries = replaceEntries(idx, entries)
		return encodeIndex(idx)
	})
	if err != nil {
		return nil, err
	}
	return func() error {
		return withIndexLock(gitDir, func() ([]byte, error) {
			if undoFields != nil {
				raw, err := readRawIndex(gitDir, paths)
				if err != nil {
					return nil, err
				}
				if !raw.patchable(paths) {
					return nil, errors.New("the index changed meanwhile")
				}
				return raw.patch(undoFields)
			}
			idx, err := readIndex(gitDir)
			if err != nil {
				return nil, err
			}
			restoreEntries(idx, undoEntries)
			return encodeIndex(idx)
		})
	}, nil
}

// withIndexLock takes index.lock, writes what build returns into it and
// renames it over the index. git does not fsync the index by default
// (core.fsync), and neither does this.
func withIndexLock(gitDir string, build func() ([]byte, error)) error {
	path := filepath.Join(gitDir, "index")
	lock, err := os.OpenFile(path+".lock", os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if errors.Is(err, os.ErrExist) {
		return &diag.Error{
			File: path + ".lock",
			What: "the index is locked",
			Why:  "another git process seems to be running in this repository",
			Hint: "wait for it to finish; if none is running, remove the lock file",
		}
	}
	if err != nil {
		return err
	}
	data, err := build()
	if err == nil {
		_, err = lock.Write(data)
	}
	if cerr := lock.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(lock.Name(), path)
	}
	if err != nil {
		os.Remove(lock.Name())
	}
	return err
}

func encodeIndex(idx *index.Index) ([]byte, error) {
	if idx.Version == 0 {
		idx.Version = 2
	}
	idx.Cache, idx.ResolveUndo, idx.EndOfIndexEntry = nil, nil, nil
	var buf bytes.Buffer
	if err := index.NewEncoder(&buf).Encode(idx); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// replaceEntries replaces all entries of the given paths (any stage) by
// the new ones and returns the entries it removed.
func replaceEntries(idx *index.Index, entries map[string]*index.Entry) map[string][]*index.Entry {
	old := map[string][]*index.Entry{}
	kept := idx.Entries[:0]
	for _, e := range idx.Entries {
		if _, ok := entries[e.Name]; ok {
			old[e.Name] = append(old[e.Name], e)
			continue
		}
		kept = append(kept, e)
	}
	idx.Entries = kept
	for p, e := range entries {
		idx.Entries = append(idx.Entries, e)
		if old[p] == nil {
			old[p] = []*index.Entry{} // remove on undo
		}
	}
	return old
}

func restoreEntries(idx *index.Index, old map[string][]*index.Entry) {
	kept := idx.Entries[:0]
	for _, e := range idx.Entries {
		if _, ok := old[e.Name]; !ok {
			kept = append(kept, e)
		}
	}
	idx.Entries = kept
	for _, es := range old {
		idx.Entries = append(idx.Entries, es...)
	}
}

// writeReflogs records the branch creation, the switch and the commit in
// the reflogs, as git switch -c and git commit would, so `git reflog` and
// `git switch -` work as after any other commit. Best effort: a commit
// without reflog entries is still a good commit.
func (g *goBackend) writeReflogs(p *prepared, commit plumbing.Hash) {
	if v, ok := g.cfg.Get("core.logallrefupdates"); ok && !gitrepo.IsSet(v) {
		return
	}
	subject, _, _ := strings.Cut(p.req.Subject, "\n")
	who := fmt.Sprintf("%s <%s> %d %s", g.committer.Name, g.committer.Email, g.committer.When.Unix(), g.committer.When.Format("-0700"))
	line := func(old, new plumbing.Hash, msg string) string {
		return fmt.Sprintf("%s %s %s\t%s\n", old, new, who, msg)
	}
	var branchLog, headLog string
	switch {
	case p.from == p.branch:
	case p.branchOld.IsZero():
		branchLog += line(plumbing.ZeroHash, p.head, "branch: Created from HEAD")
	default:
		branchLog += line(p.branchOld, p.head, "branch: Reset to HEAD")
	}
	if p.from != p.branch {
		headLog += line(p.head, p.head, fmt.Sprintf("checkout: moving from %s to %s", p.from.Short(), p.branch.Short()))
	}
	branchLog += line(p.head, commit, "commit: "+subject)
	headLog += line(p.head, commit, "commit: "+subject)
	appendLog(filepath.Join(g.l.CommonDir, "logs", filepath.FromSlash(string(p.branch))), branchLog)
	appendLog(filepath.Join(g.l.GitDir, "logs", "HEAD"), headLog)
}

func appendLog(path, s string) {
	if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
		return
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o666)
	if err != nil {
		return
	}
	f.WriteString(s)
	f.Close()
}
