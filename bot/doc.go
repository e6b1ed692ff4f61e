// Package bot proposes a flake's unification as a pull request's branch:
// it fetches the remote's base branch, builds one commit on its tip, and
// pushes it to a branch of the bot's own with a lease. The pull request
// itself is package forge's job; the local commit of `flake-unify apply`
// is package gitops'.
//
// # What `flake-unify pr` does with it
//
//	req := &bot.Request{Dir: dir, Remote: bot.Remote{Name: "origin", Token: token}}
//	s, err := bot.Fetch(ctx, req)             // the base tip and the bot branch
//	nix, err := s.ReadFile("flake.nix")       // plan from the base's files, not the work tree's
//	c, err := bot.Prepare(ctx, req, s, changes, subject, body)
//	pushed, err := bot.Push(ctx, req, s, c)   // nothing when c.UpToDate or c.Empty
//
// The commit's parent is always the base tip, so the bot branch
// ([DefaultBranch] unless Request.Branch says otherwise) is rebuilt and
// force-pushed, with a lease on what Fetch saw, whenever the base moves; a
// re-run that would make the same tree on the same base pushes nothing.
// The bot never touches the work tree, the index, HEAD or a local branch:
// only new objects and the remote-tracking refs of the two branches
// change, so it is safe in a developer's checkout.
//
// Two back ends do the work, as for gitops (see gitops.Mode): go-git in
// process for http(s) and file remotes, and the git executable for
// everything else (ssh, git://, remote helpers) and for repositories
// go-git must not write to. Refusals are *diag.Error values with a hint;
// the token never appears in an error.
package bot
