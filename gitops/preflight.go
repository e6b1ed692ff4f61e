package gitops

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/internal/gitrepo"
)

// Preflight makes every check Commit makes and changes nothing: it returns
// the refusal Commit would return (a *diag.Error with a hint), or nil. The
// CLI calls it before it writes or shows anything. When no file's content
// differs from the work tree, there is nothing to commit, and Preflight
// does not check the branch.
func Preflight(ctx context.Context, req *Request) error {
	_, err := prepare(ctx, req)
	return err
}

// prepared is a checked request: everything Commit needs.
type prepared struct {
	req     *Request
	l       *gitrepo.Layout
	cfg     *gitrepo.Config
	mode    Mode
	reason  string
	b       backend
	all     []fileChange // every path of the request
	changed []fileChange // the ones whose content differs
	branch  plumbing.ReferenceName
	from    plumbing.ReferenceName // the branch HEAD is on
	head    plumbing.Hash
	// branchOld is the hash the branch had before, when ForceBranch resets
	// an existing branch; zero when the branch is new.
	branchOld plumbing.Hash
}

// fileChange is one file of the request.
type fileChange struct {
	rel     string // relative to the flake directory, as the user knows it
	path    string // relative to the work tree's top, as git names it
	old     fileState
	content []byte
}

// backend is one way to talk to the repository: go-git or the git executable.
type backend interface {
	// head returns the branch HEAD is on and its commit, refusing a
	// detached or unborn HEAD.
	head(ctx context.Context) (plumbing.ReferenceName, plumbing.Hash, error)
	// ref returns the hash of a ref, or the zero hash if it does not exist.
	ref(ctx context.Context, name plumbing.ReferenceName) (plumbing.Hash, error)
	// dirty returns, for each path with uncommitted changes, what they are.
	dirty(ctx context.Context, head plumbing.Hash, files []fileChange) (map[string]string, error)
	// identity refuses when no author or committer can be found, and when
	// the back end cannot honour the configured signing.
	identity(ctx context.Context) error
	// commit makes the commit; see Commit for the order of the steps.
	commit(ctx context.Context, p *prepared, msg string) (plumbing.Hash, error)
}

func prepare(ctx context.Context, req *Request) (*prepared, error) {
	if err := checkRequest(req); err != nil {
		return nil, err
	}
	l, err := gitrepo.Find(req.Dir)
	if err != nil {
		return nil, err
	}
	cfg, err := gitrepo.LoadConfig(l)
	if err != nil {
		return nil, err
	}
	p := &prepared{req: req, l: l, cfg: cfg, branch: plumbing.NewBranchReferenceName(req.Branch)}
	// The files first: reading them needs no back end, and the go-git one
	// looks up their index entries while opening.
	var paths []string
	for _, c := range req.Changes {
		abs := filepath.Join(l.WorkTree, filepath.FromSlash(l.RepoPath(c.Path)))
		old, err := readFileState(abs)
		if err != nil {
			return nil, err
		}
		fc := fileChange{rel: c.Path, path: l.RepoPath(c.Path), old: old, content: c.Content}
		p.all = append(p.all, fc)
		paths = append(paths, fc.path)
		if !old.existed || !bytes.Equal(old.content, c.Content) {
			p.changed = append(p.changed, fc)
		}
	}

	if p.mode, p.reason, err = chooseMode(req.Mode, l, cfg); err != nil {
		return nil, err
	}
	if p.mode == GoGit {
		g, err := openGo(l, cfg, paths)
		if err != nil && req.Mode == Auto && errors.Is(err, errIndexFormat) {
			// The index is beyond this package (split or sparse index,
			// another version): let git update it.
			p.reason = err.Error()
			if p.mode, _, err = chooseMode(Exec, l, cfg); err != nil {
				return nil, err
			}
		} else if err != nil {
			return nil, err
		} else {
			p.b = g
		}
	}
	if p.mode == Exec {
		x, err := openExec(ctx, l)
		if err != nil {
			return nil, err
		}
		p.b = x
	}

	if p.from, p.head, err = p.b.head(ctx); err != nil {
		return nil, err
	}
	dirty, err := p.b.dirty(ctx, p.head, p.all)
	if err != nil {
		return nil, err
	}
	for _, f := range p.all { // in request order, for a stable message
		if why, ok := dirty[f.path]; ok {
			return nil, &diag.Error{
				File: f.rel,
				What: "has uncommitted changes",
				Why:  why,
				Hint: fmt.Sprintf("commit or stash them first (git stash push -- %s), or pass --no-commit to only rewrite the files", f.path),
			}
		}
	}
	if len(p.changed) == 0 {
		return p, nil
	}
	if p.branchOld, err = p.b.ref(ctx, p.branch); err != nil {
		return nil, err
	}
	if !p.branchOld.IsZero() && !req.ForceBranch {
		return nil, &diag.Error{
			What: fmt.Sprintf("branch %s already exists", req.Branch),
			Hint: "pass --branch NAME to choose another name, or --force-branch to reset it to HEAD and commit there",
		}
	}
	if err := p.b.identity(ctx); err != nil {
		return nil, err
	}
	return p, nil
}

func checkRequest(req *Request) error {
	if req.Branch == "" {
		return errors.New("gitops: no branch name")
	}
	if err := plumbing.NewBranchReferenceName(req.Branch).Validate(); err != nil || req.Branch == "HEAD" {
		return &diag.Error{What: fmt.Sprintf("invalid branch name %q", req.Branch),
			Hint: "choose a name git accepts (see git check-ref-format), e.g. flake-unify/nixpkgs"}
	}
	return checkChanges(req.Changes)
}

func errDetached(h plumbing.Hash) error {
	return &diag.Error{
		What: "HEAD is detached",
		Why:  fmt.Sprintf("at %s, not on a branch", h.String()[:7]),
		Hint: "switch to the branch the change should start from (git switch BRANCH), or pass --no-commit",
	}
}

func errUnborn(ref plumbing.ReferenceName) error {
	return &diag.Error{
		What: "HEAD has no commit yet",
		Why:  fmt.Sprintf("branch %s is unborn", ref.Short()),
		Hint: "commit flake.nix and flake.lock first, or pass --no-commit",
	}
}

// checkChanges refuses an empty list, a path that is not clean and
// relative to the flake directory, and a path listed twice.
func checkChanges(changes []Change) error {
	paths := make([]string, len(changes))
	for i, c := range changes {
		paths[i] = c.Path
	}
	if err := gitrepo.CheckPaths(paths); err != nil {
		return fmt.Errorf("gitops: %w", err)
	}
	return nil
}
