package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/gitops"
	"github.com/flake-unify/flake-unify/internal/gitrepo"
)

// Fetch asks the remote for the base branch and the bot branch and fetches
// both (the bot branch when it exists) into their remote-tracking refs,
// refs/remotes/<remote>/<branch>; a tracking ref of a bot branch the
// remote no longer has is deleted. In a shallow clone it fetches with
// depth 1. Nothing else in the repository changes.
func Fetch(ctx context.Context, req *Request) (*State, error) {
	branch := branchOf(req)
	for _, b := range []string{branch, req.Base} {
		if b == "" {
			continue
		}
		if err := plumbing.NewBranchReferenceName(b).Validate(); err != nil || b == "HEAD" {
			return nil, &diag.Error{What: fmt.Sprintf("invalid branch name %q", b), Hint: "choose a name git accepts (see git check-ref-format)"}
		}
	}
	l, err := gitrepo.Find(req.Dir)
	if err != nil {
		var de *diag.Error
		if errors.As(err, &de) && de.What == "not in a git repository" {
			cp := *de
			cp.Hint = "run the bot in a clone of the repository whose flake it unifies (in CI, check the repository out first)"
			return nil, &cp
		}
		return nil, err
	}
	cfg, err := gitrepo.LoadConfig(l)
	if err != nil {
		return nil, err
	}
	rm, err := resolveRemote(&req.Remote, cfg)
	if err != nil {
		return nil, err
	}
	s := &State{Branch: branch, Remote: rm.name, URL: displayURL(rm.fetchURL), l: l, cfg: cfg,
		fetchURL: rm.fetchURL, pushURL: rm.pushURL, dir: req.Dir}
	if s.Mode, s.Reason, err = chooseMode(req.Mode, l, cfg, rm); err != nil {
		return nil, err
	}
	b, err := s.open(ctx, &req.Remote)
	if err != nil {
		return nil, err
	}

	head, tips, err := b.advertised(ctx, []string{req.Base, branch})
	if err != nil {
		return nil, err
	}
	s.Base = req.Base
	if s.Base == "" {
		if head == "" {
			return nil, &diag.Error{What: "the remote has no default branch", Why: s.URL + " advertises no HEAD (is it empty?)",
				Hint: "pass the base branch explicitly, or push it to the remote first"}
		}
		s.Base = head
		if _, ok := tips[head]; !ok {
			if _, tips, err = b.advertised(ctx, []string{head, branch}); err != nil {
				return nil, err
			}
		}
	}
	if s.Base == branch {
		return nil, &diag.Error{What: fmt.Sprintf("the bot branch %s is the base branch", branch),
			Hint: "the bot force-pushes its branch: give it a branch of its own, e.g. " + DefaultBranch}
	}
	if _, ok := tips[s.Base]; !ok {
		return nil, &diag.Error{What: fmt.Sprintf("branch %s not found on the remote", s.Base), Why: s.URL,
			Hint: "check the base branch's name, or leave it out to use the remote's default branch"}
	}
	fetch := []string{s.Base}
	if _, ok := tips[branch]; ok {
		fetch = append(fetch, branch)
	}
	if err := b.fetch(ctx, fetch); err != nil {
		return nil, err
	}
	base, err := b.ref(ctx, trackingRef(s.Remote, s.Base))
	if err != nil {
		return nil, err
	}
	if base.IsZero() {
		return nil, fmt.Errorf("bot: fetched %s but %s is not set", s.Base, trackingRef(s.Remote, s.Base))
	}
	s.BaseCommit = base.String()
	botRef := trackingRef(s.Remote, branch)
	if _, ok := tips[branch]; ok {
		h, err := b.ref(ctx, botRef)
		if err != nil {
			return nil, err
		}
		s.BranchCommit = h.String()
	} else if old, err := b.ref(ctx, botRef); err != nil {
		return nil, err
	} else if !old.IsZero() {
		if err := b.setRef(ctx, botRef, plumbing.ZeroHash); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// chooseMode resolves m to GoGit or Exec, with the reason when Auto picked
// Exec: the remote is not one go-git reaches (ssh, git://, remote
// helpers), or the repository is one go-git must not write objects into or
// commit in (execReason).
func chooseMode(m gitops.Mode, l *gitrepo.Layout, cfg *gitrepo.Config, rm remote) (gitops.Mode, string, error) {
	switch m {
	case gitops.GoGit:
		return m, "", nil
	case gitops.Exec:
		if _, err := gitrepo.LookGit(); err != nil {
			return m, "", &diag.Error{What: "git executable not found", Why: err.Error(), Hint: "install git, or pass --git go to commit with go-git", Err: err}
		}
		return m, "", nil
	case gitops.Auto:
	default:
		return m, "", &diag.Error{What: "unknown git mode " + m.String()}
	}
	reason := ""
	for _, u := range []string{rm.fetchURL, rm.pushURL} {
		if !inProcess(u) {
			reason = "the remote " + displayURL(u) + " needs the git executable"
			break
		}
	}
	if reason == "" {
		reason = execReason(l, cfg)
	}
	if reason == "" {
		return gitops.GoGit, "", nil
	}
	if _, err := gitrepo.LookGit(); err != nil {
		return gitops.Exec, reason, &diag.Error{What: "cannot work without the git executable", Why: reason + ", and git is not installed",
			Hint: "install git"}
	}
	return gitops.Exec, reason, nil
}

// execReason is why the repository needs git for the bot's work:
// objects go-git cannot read or must not write (a partial clone, a
// repository extension such as the sha256 object format, alternates),
// configuration go-git ignores (includes, configuration from the
// environment), commit signing, or a date only git parses. Hooks and
// content filters do not count: the bot runs no hook, and commits the
// given bytes as they are.
func execReason(l *gitrepo.Layout, cfg *gitrepo.Config) string {
	if r := gitrepo.ConfigReason(cfg); r != "" {
		return r
	}
	if r := gitrepo.ExtensionReason(cfg); r != "" {
		return r
	}
	if l.Alternates() {
		return "the repository borrows objects from alternates"
	}
	return gitrepo.DateReason()
}

// backend opens the state's back end with the credentials of r (nil: no
// network use).
func (s *State) open(ctx context.Context, r *Remote) (backend, error) {
	if r == nil {
		r = &Remote{}
	}
	c := newCredentials(r)
	rm := remote{name: s.Remote, fetchURL: s.fetchURL, pushURL: s.pushURL}
	if s.Mode == gitops.Exec {
		return openExec(ctx, s.l, rm, c)
	}
	b := openGo(s.l, s.cfg, s.st, rm, c)
	s.st = b.st
	return b, nil
}
