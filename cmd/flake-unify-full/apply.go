package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/flake-unify/flake-unify/bot"
	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/gitops"
	"github.com/flake-unify/flake-unify/internal/cli"
	"github.com/flake-unify/flake-unify/internal/words"
	"github.com/flake-unify/flake-unify/lockview"
	"github.com/flake-unify/flake-unify/planview"
	"github.com/flake-unify/flake-unify/unify"
	"github.com/flake-unify/flake-unify/verify"
)

// applyCmd is apply's work on its flags.
type applyCmd struct{ *cli.ApplyCmd }

func apply(e *cli.Env, c *cli.ApplyCmd) error { return applyCmd{c}.run(e) }

func (c applyCmd) run(e *cli.Env) error {
	opt, files, err := cli.PlanInputs(c.Dir, &c.ConfigFlags, &c.TargetFlags)
	if err != nil {
		return err
	}
	if c.Verify != "" && !c.NoCommit {
		// Verification runs CMD once per candidate, which may take minutes:
		// refuse a repository that cannot take the commit before that.
		if err := c.preflightAsIs(opt, files); err != nil {
			return err
		}
	}
	p, err := c.VerifyFlags.Plan(e, c.Dir, opt, files, c.JSON)
	if err != nil {
		return err
	}
	changes := c.changes(p)
	if c.NoCommit {
		if !p.Nothing() {
			if err := gitops.WriteFiles(c.Dir, changes); err != nil {
				return writeErr(c.Dir, err)
			}
		}
		if err := c.summary(e, p); err != nil {
			return err
		}
		if !p.Nothing() {
			fmt.Fprintf(e.Stdout, "wrote %s\n", words.Join(changedNames(p)))
		}
		return nil
	}
	if p.Nothing() {
		return c.summary(e, p) // "nothing to do: …"; no commit, no branch
	}
	branch := c.Branch
	if branch == "" {
		branch = planview.BranchName(p)
	}
	req := &gitops.Request{
		Dir:         c.Dir,
		Changes:     changes,
		Branch:      branch,
		ForceBranch: c.ForceBranch,
		Subject:     planview.Title(p),
		Body:        strings.Join(planview.RedirectLines(p), "\n"),
		Mode:        c.Git,
	}
	ctx := context.Background()
	// Every refusal (not a repository, dirty flake files, existing branch,
	// …) comes before anything is printed or written.
	if err := gitops.Preflight(ctx, req); err != nil {
		return err
	}
	res, err := gitops.Commit(ctx, req)
	if err != nil {
		return err
	}
	if err := c.summary(e, p); err != nil {
		return err
	}
	w := e.Stdout
	if c.JSON {
		w = e.Stderr // stdout holds the JSON document alone
	}
	if !res.Committed {
		fmt.Fprintln(w, "nothing committed: flake.nix and flake.lock already hold the result")
		return nil
	}
	from := res.From
	if from == "" {
		from = shortHash(res.Parent)
	}
	fmt.Fprintf(w, "committed %s on branch %s (from %s)\n", shortHash(res.Hash), res.Branch, from)
	if res.Reason != "" {
		fmt.Fprintf(w, "used the git executable: %s\n", res.Reason)
	}
	return nil
}

// preflightAsIs makes gitops' checks (a repository, HEAD on a branch, the
// flake files free of uncommitted changes, an identity) with the files as
// they are; the branch is checked later, when the target is known.
func (c applyCmd) preflightAsIs(opt unify.Options, files unify.Files) error {
	if err := verify.CheckOptions(opt); err != nil {
		return err
	}
	ch := flakeChanges(files.Flake, files.Lock, c.LockOnly)
	return gitops.Preflight(context.Background(), &gitops.Request{Dir: c.Dir, Changes: ch, Branch: bot.DefaultBranch, Mode: c.Git})
}

// changes are the new contents for gitops, paths relative to the flake
// directory: flake.lock always, flake.nix whenever flake-unify manages it
// (it exists and --lock-only is not given), changed or not, so that
// Preflight checks both are free of uncommitted changes.
func (c applyCmd) changes(p *unify.Plan) []gitops.Change {
	return flakeChanges(p.NewFlake, p.NewLock, c.LockOnly)
}

// flakeChanges are flake.lock and, unless it is absent or --lock-only
// leaves it alone, flake.nix, as gitops takes them.
func flakeChanges(nix, lock []byte, lockOnly bool) []gitops.Change {
	var ch []gitops.Change
	if nix != nil && !lockOnly {
		ch = append(ch, gitops.Change{Path: "flake.nix", Content: nix})
	}
	return append(ch, gitops.Change{Path: "flake.lock", Content: lock})
}

func (c applyCmd) summary(e *cli.Env, p *unify.Plan) error {
	if c.JSON {
		return lockview.WriteJSON(e.Stdout, c.Doc(p))
	}
	return planview.Summary(e.Stdout, p)
}

// writeErr gives a refused write (an immutable or read-only file or
// directory) the hint every input error has; other errors pass unchanged.
func writeErr(dir string, err error) error {
	var de *diag.Error
	if errors.As(err, &de) || !errors.Is(err, fs.ErrPermission) {
		return err
	}
	return &diag.Error{What: "cannot write flake.nix and flake.lock in " + dir, Why: err.Error(), Err: err,
		Hint: "the files or their directory are read-only or immutable (chattr +i, a read-only mount, the Nix store): make them writable, or run `flake-unify plan` and apply its diff with patch -p1 elsewhere"}
}

func changedNames(p *unify.Plan) []string {
	var names []string
	if p.FlakeChanged() {
		names = append(names, p.Files.FlakeName)
	}
	if p.LockChanged() {
		names = append(names, p.Files.LockName)
	}
	return names
}

func shortHash(h string) string {
	if len(h) > 7 {
		return h[:7]
	}
	return h
}
