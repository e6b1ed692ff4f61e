package bot

import (
	"context"
	"errors"

	"github.com/go-git/go-git/v5/plumbing"
)

// Push force-pushes c to the bot branch on the remote, with a lease: the
// remote branch must still be at s.BranchCommit (or still absent when that is
// ""), or the push is refused with a *diag.Error and the remote is left as
// it is. It never pushes any other ref. It returns false, and does not
// contact the remote, when c is UpToDate or Empty.
//
// After a push the remote-tracking ref of the bot branch and s.BranchCommit
// are the pushed commit, so a second Prepare with the same changes finds
// it UpToDate.
func Push(ctx context.Context, req *Request, s *State, c *Commit) (pushed bool, err error) {
	if err := s.check(req); err != nil {
		return false, err
	}
	if c == nil {
		return false, errors.New("bot: no commit to push")
	}
	if c.UpToDate || c.Empty {
		return false, nil
	}
	b, err := s.open(ctx, &req.Remote)
	if err != nil {
		return false, err
	}
	h := plumbing.NewHash(c.Hash)
	if err := b.push(ctx, h, s.Branch, plumbing.NewHash(s.BranchCommit)); err != nil {
		return false, err
	}
	s.BranchCommit = c.Hash
	// The push happened; a tracking ref that could not be updated only
	// costs the next run a slightly larger fetch.
	_ = b.setRef(ctx, trackingRef(s.Remote, s.Branch), h)
	return true, nil
}
