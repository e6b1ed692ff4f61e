package gitops

import (
	"context"

	"github.com/flake-unify/flake-unify/internal/commitmsg"
)

// Commit writes the changed files and commits them on a new branch created
// from HEAD, leaving the user on that branch. It makes every check
// Preflight makes first, and returns the same refusals.
//
// Commit writes the files itself (a temporary file renamed over each, both
// or neither); the caller must not write them before. When no file's
// content differs from the work tree, Commit does nothing and returns a
// Result with Committed false. When a step fails after something was
// changed — the branch, the files, their index entries, HEAD — Commit puts
// it back before returning the error.
func Commit(ctx context.Context, req *Request) (*Result, error) {
	p, err := prepare(ctx, req)
	if err != nil {
		return nil, err
	}
	res := &Result{Branch: p.from.Short(), From: p.from.Short(), Parent: p.head.String(), Mode: p.mode, Reason: p.reason}
	if len(p.changed) == 0 {
		return res, nil
	}
	stats := make([]commitmsg.FileStat, len(p.changed))
	for i, f := range p.changed {
		stats[i].Path = f.path
		stats[i].Added, stats[i].Deleted = commitmsg.LineCounts(f.old.content, f.content)
		res.Files = append(res.Files, f.path)
	}
	commitmsg.SortStats(stats)
	msg, err := commitmsg.Message(req.Subject, req.Body, stats)
	if err != nil {
		return nil, err
	}
	h, err := p.b.commit(ctx, p, msg)
	if err != nil {
		return nil, err
	}
	res.Committed, res.Branch, res.Hash, res.Message = true, req.Branch, h.String(), msg
	return res, nil
}
