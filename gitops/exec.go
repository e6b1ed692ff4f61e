package gitops

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/internal/gitrepo"
)

// execBackend commits by running the git executable, so that everything the
// user configured for git applies: hooks, signing, includes, filters.
// Still only the two paths are touched: `git commit --only -- PATHS` builds
// the commit from HEAD plus those paths and updates just their index
// entries, whatever else is staged or modified.
type execBackend struct {
	*gitrepo.Git
}

func openExec(ctx context.Context, l *gitrepo.Layout) (*execBackend, error) {
	g, err := gitrepo.OpenGit(ctx, l)
	if err != nil {
		var de *diag.Error
		if errors.As(err, &de) {
			cp := *de
			cp.Hint = "fix what git reports, or pass --no-commit to only rewrite the files"
			return nil, &cp
		}
		return nil, err
	}
	return &execBackend{g}, nil
}

func (x *execBackend) head(ctx context.Context) (plumbing.ReferenceName, plumbing.Hash, error) {
	out, err := x.Run(ctx, nil, "symbolic-ref", "-q", "HEAD")
	if gitrepo.ExitCode(err) == 1 {
		h, _ := x.Run(ctx, nil, "rev-parse", "HEAD")
		return "", plumbing.ZeroHash, errDetached(plumbing.NewHash(strings.TrimSpace(h)))
	}
	if err != nil {
		return "", plumbing.ZeroHash, err
	}
	ref := plumbing.ReferenceName(strings.TrimSpace(out))
	h, err := x.ref(ctx, ref)
	if err != nil {
		return "", plumbing.ZeroHash, err
	}
	if h.IsZero() {
		return "", plumbing.ZeroHash, errUnborn(ref)
	}
	return ref, h, nil
}

// dirty asks `git status` about the paths only: with a pathspec, git
// neither hashes nor scans the rest of the work tree for untracked files.
func (x *execBackend) dirty(ctx context.Context, _ plumbing.Hash, files []fileChange) (map[string]string, error) {
	args := []string{"--literal-pathspecs", "status", "--porcelain=v1", "-z", "--untracked-files=all", "--ignored=matching", "--"}
	for _, f := range files {
		args = append(args, f.path)
	}
	out, err := x.Run(ctx, nil, args...)
	if err != nil {
		return nil, err
	}
	res := map[string]string{}
	recs := strings.Split(out, "\x00")
	for i := 0; i < len(recs); i++ {
		r := recs[i]
		if len(r) < 4 {
			continue
		}
		xy, path := r[:2], r[3:]
		if xy[0] == 'R' || xy[0] == 'C' {
			i++ // the source path follows
		}
		switch {
		case xy == "??":
			res[path] = "it is not tracked by git"
		case xy == "!!":
			res[path] = "it is not tracked by git (and ignored)"
		case strings.Contains(xy, "U") || xy == "AA" || xy == "DD":
			res[path] = "it has unresolved merge conflicts"
		case xy[0] != ' ':
			res[path] = "changes are staged in the index"
		case xy[1] == 'D':
			res[path] = "it is deleted in the work tree"
		default:
			res[path] = "it is modified in the work tree"
		}
	}
	return res, nil
}

func (x *execBackend) identity(ctx context.Context) error {
	for _, v := range []string{"GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT"} {
		if _, err := x.Run(ctx, nil, "var", v); err != nil {
			role := strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(v, "GIT_"), "_IDENT"))
			stderr := gitrepo.Stderr(err)
			if !strings.Contains(stderr, "identity unknown") {
				return &diag.Error{What: "invalid " + role + " identity", Why: gitrepo.FirstLine(stderr), Err: err,
					Hint: "check the GIT_" + strings.ToUpper(role) + "_* variables and user.name/user.email in git config"}
			}
			return &diag.Error{
				What: "no " + role + " identity",
				Why:  gitrepo.FirstLine(stderr),
				Err:  err,
				Hint: `set it with: git config --global user.name "Your Name"; git config --global user.email you@example.com`,
			}
		}
	}
	return nil
}

// commit creates the branch at HEAD and switches to it (the work tree and
// index are unchanged by that: same commit), writes the files, and lets
// `git commit --only` commit them, running hooks and signing as configured.
// If git refuses (a hook, signing), every step is undone.
func (x *execBackend) commit(ctx context.Context, p *prepared, msg string) (plumbing.Hash, error) {
	var u undoStack
	fail := func(err error) (plumbing.Hash, error) { return plumbing.ZeroHash, u.fail(err) }
	zero := plumbing.ZeroHash.String()

	if p.from != p.branch {
		old := zero
		reflog := "branch: Created from HEAD"
		if !p.branchOld.IsZero() {
			old, reflog = p.branchOld.String(), "branch: Reset to HEAD"
		}
		// The old value makes git refuse if the branch appeared or moved
		// since Preflight.
		if _, err := x.Run(ctx, nil, "update-ref", "-m", reflog, string(p.branch), p.head.String(), old); err != nil {
			return fail(&diag.Error{What: "cannot create branch " + p.req.Branch, Why: gitrepo.Stderr(err), Hint: "run flake-unify again", Err: err})
		}
		u.push(func() error {
			if p.branchOld.IsZero() {
				_, err := x.Run(ctx, nil, "update-ref", "-d", string(p.branch))
				return err
			}
			_, err := x.Run(ctx, nil, "update-ref", string(p.branch), p.branchOld.String())
			return err
		})
		if _, err := x.Run(ctx, nil, "symbolic-ref", "-m", fmt.Sprintf("checkout: moving from %s to %s", p.from.Short(), p.branch.Short()), "HEAD", string(p.branch)); err != nil {
			return fail(err)
		}
		u.push(func() error {
			_, err := x.Run(ctx, nil, "symbolic-ref", "HEAD", string(p.from))
			return err
		})
	}

	restore, err := writeFiles(x.L.WorkTree, repoChanges(p.changed))
	if err != nil {
		return fail(err)
	}
	u.push(restore)

	paths := make([]string, 0, len(p.changed))
	var added []string
	for _, f := range p.changed {
		paths = append(paths, f.path)
		if !f.old.existed {
			added = append(added, f.path)
		}
	}
	if len(added) > 0 {
		// `git commit -- PATH` only takes paths git knows of.
		if _, err := x.Run(ctx, nil, append([]string{"--literal-pathspecs", "add", "--intent-to-add", "--"}, added...)...); err != nil {
			return fail(err)
		}
		u.push(func() error {
			_, err := x.Run(ctx, nil, append([]string{"--literal-pathspecs", "rm", "--cached", "-q", "--"}, added...)...)
			return err
		})
	}

	args := append([]string{"--literal-pathspecs", "commit", "--quiet", "--only", "--cleanup=verbatim", "-F", "-", "--"}, paths...)
	if _, err := x.Run(ctx, []byte(msg), args...); err != nil {
		return fail(&diag.Error{
			What: "git commit failed",
			Why:  gitrepo.Stderr(err),
			Err:  err,
			Hint: "a hook or commit signing refused the commit, and nothing was changed; fix that, pass --git go to commit without hooks and signing, or pass --no-commit",
		})
	}
	out, err := x.Run(ctx, nil, "rev-parse", "HEAD")
	if err != nil {
		return plumbing.ZeroHash, err
	}
	return plumbing.NewHash(strings.TrimSpace(out)), nil
}

func (x *execBackend) ref(ctx context.Context, name plumbing.ReferenceName) (plumbing.Hash, error) {
	return x.Ref(ctx, name)
}
