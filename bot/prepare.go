package bot

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/gitops"
	"github.com/flake-unify/flake-unify/internal/commitmsg"
	"github.com/flake-unify/flake-unify/internal/gitrepo"
)

// DefaultBranch is the bot's branch when Request.Branch is empty.
const DefaultBranch = "flake-unify/nixpkgs"

// The identity of bot commits when git has none configured (CI runners
// usually have none): neither GIT_AUTHOR_* / GIT_COMMITTER_* nor
// author.*, committer.* or user.* in git config.
const (
	Name  = "flake-unify"
	Email = "flake-unify@users.noreply.invalid"
)

// Request says where the bot works.
type Request struct {
	// Dir is the flake directory inside a work tree; it may be a
	// subdirectory of the repository, and the flake's files are read and
	// committed at the same place in the base branch.
	Dir    string
	Remote Remote
	// Base is the branch on the remote the proposal starts from; "" is
	// the remote's default branch (its HEAD).
	Base string
	// Branch is the bot's branch on the remote; "" is DefaultBranch.
	Branch string
	// Mode selects the back end: Auto talks to http(s) and file remotes in
	// process with go-git and runs the git executable for everything else
	// (ssh, git://, remote helpers) and for repositories go-git must not
	// write to (a partial clone, another object format, alternates,
	// signing); GoGit and Exec force one.
	Mode gitops.Mode
}

// State is what Fetch found on the remote.
type State struct {
	Base       string // the base branch (resolved when Request.Base was "")
	BaseCommit string // the base branch's tip
	// BranchCommit is the bot branch's tip, "" when the branch does not
	// exist. Push leases on it: the remote branch must still be here.
	// A successful Push moves it to the pushed commit.
	BranchCommit string
	Branch       string      // the bot branch
	Remote       string      // the remote's name, for the remote-tracking refs
	URL          string      // where Fetch fetched from, credentials removed
	Mode         gitops.Mode // the back end in use: GoGit or Exec
	Reason       string      // why Auto chose Exec; "" otherwise

	l                 *gitrepo.Layout
	cfg               *gitrepo.Config
	st                *filesystem.Storage // go-git's storage, opened once: opening reads every pack index
	fetchURL, pushURL string
	dir               string // Request.Dir as given, to check later calls
}

// Commit is the commit Prepare made (or found).
type Commit struct {
	// Hash is the commit to push; "" when Empty.
	Hash string
	// UpToDate: the remote bot branch already is a commit on BaseCommit
	// with this very tree; Hash is that commit and nothing is pushed.
	UpToDate bool
	// Empty: the base already has these contents; there is nothing to
	// propose and nothing is pushed.
	Empty bool
	// Message is the commit's message: subject, body and diffstat (the
	// existing commit's message when UpToDate).
	Message string
	// Files are the repository paths that differ from the base, sorted.
	Files []string
	Tree  string
}

// ReadFile returns a file of the flake directory as it is at BaseCommit;
// the error wraps fs.ErrNotExist when the base has no such file.
func (s *State) ReadFile(name string) ([]byte, error) {
	if err := gitrepo.CheckPath(name); err != nil {
		return nil, fmt.Errorf("bot: %w", err)
	}
	b, err := s.open(context.Background(), nil)
	if err != nil {
		return nil, err
	}
	p := s.l.RepoPath(name)
	e, err := findEntry(context.Background(), b, plumbing.NewHash(s.BaseCommit), p)
	if err != nil {
		return nil, err
	}
	if e == nil {
		return nil, fmt.Errorf("%s at %s of %s: %w", p, shortHash(s.BaseCommit), s.Base, errNotExist)
	}
	if e.Mode == filemode.Dir || e.Mode == filemode.Submodule {
		return nil, fmt.Errorf("%s at %s of %s is not a file", p, shortHash(s.BaseCommit), s.Base)
	}
	return b.blob(context.Background(), e.Hash)
}

// Prepare makes the bot commit: BaseCommit's tree with only the changed
// files replaced, BaseCommit as its only parent, and subject, body and the
// diffstat against the base as its message. Changes are relative to the
// flake directory; those equal to the base are left out. The commit is
// written to the object store only: no ref moves until Push.
//
// When the remote bot branch already is a commit whose only parent is
// BaseCommit and whose tree is the same, Prepare returns that commit with
// UpToDate set. When no change differs from the base, it returns Empty.
func Prepare(ctx context.Context, req *Request, s *State, changes []gitops.Change, subject, body string) (*Commit, error) {
	if err := s.check(req); err != nil {
		return nil, err
	}
	paths := make([]string, len(changes))
	for i, ch := range changes {
		paths[i] = ch.Path
	}
	if err := gitrepo.CheckPaths(paths); err != nil {
		return nil, fmt.Errorf("bot: %w", err)
	}
	b, err := s.open(ctx, &req.Remote)
	if err != nil {
		return nil, err
	}
	base := plumbing.NewHash(s.BaseCommit)
	baseTree, _, _, err := b.commit(ctx, base)
	if err != nil {
		return nil, err
	}
	var stats []commitmsg.FileStat
	leaves := map[string]object.TreeEntry{}
	c := &Commit{}
	for _, ch := range changes {
		p := s.l.RepoPath(ch.Path)
		old, err := findEntry(ctx, b, base, p)
		if err != nil {
			return nil, err
		}
		var oldContent []byte
		mode := filemode.Regular
		if old != nil {
			if old.Mode == filemode.Dir || old.Mode == filemode.Submodule || old.Mode == filemode.Symlink {
				return nil, &diag.Error{File: ch.Path, What: "is not a regular file in " + s.Base,
					Why: fmt.Sprintf("%s at %s is a %s", p, shortHash(s.BaseCommit), modeName(old.Mode))}
			}
			mode = old.Mode
			if oldContent, err = b.blob(ctx, old.Hash); err != nil {
				return nil, err
			}
			if string(oldContent) == string(ch.Content) {
				continue
			}
		}
		h, err := b.writeBlob(ctx, ch.Content)
		if err != nil {
			return nil, err
		}
		leaves[p] = object.TreeEntry{Mode: mode, Hash: h}
		a, d := commitmsg.LineCounts(oldContent, ch.Content)
		stats = append(stats, commitmsg.FileStat{Path: p, Added: a, Deleted: d})
		c.Files = append(c.Files, p)
	}
	if len(leaves) == 0 {
		c.Empty = true
		return c, nil
	}
	commitmsg.SortStats(stats)
	sort.Strings(c.Files)
	msg, err := commitmsg.Message(subject, body, stats)
	if err != nil {
		return nil, err
	}
	tree, err := editTree(ctx, b, baseTree, leaves)
	if err != nil {
		return nil, err
	}
	c.Tree = tree.String()
	if s.BranchCommit != "" {
		botTree, parents, botMsg, err := b.commit(ctx, plumbing.NewHash(s.BranchCommit))
		if err != nil {
			return nil, err
		}
		if botTree == tree && len(parents) == 1 && parents[0] == base {
			c.Hash, c.UpToDate, c.Message = s.BranchCommit, true, botMsg
			return c, nil
		}
	}
	h, err := b.writeCommit(ctx, tree, base, msg)
	if err != nil {
		return nil, err
	}
	c.Hash, c.Message = h.String(), msg
	return c, nil
}

// check refuses a request other than the one the state was fetched for.
func (s *State) check(req *Request) error {
	if s == nil || s.l == nil {
		return errors.New("bot: State not made by Fetch")
	}
	if req == nil || req.Dir != s.dir || branchOf(req) != s.Branch || (req.Base != "" && req.Base != s.Base) {
		return errors.New("bot: the Request differs from the one given to Fetch")
	}
	return nil
}

func branchOf(req *Request) string {
	if req.Branch == "" {
		return DefaultBranch
	}
	return req.Branch
}

// trackingRef is the remote-tracking ref of a branch of the remote.
func trackingRef(remote, branch string) plumbing.ReferenceName {
	return plumbing.NewRemoteReferenceName(remote, branch)
}

func shortHash(h string) string {
	if len(h) > 7 {
		return h[:7]
	}
	return h
}

func modeName(m filemode.FileMode) string {
	switch m {
	case filemode.Dir:
		return "directory"
	case filemode.Submodule:
		return "submodule"
	case filemode.Symlink:
		return "symbolic link"
	}
	return "file"
}
