package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/flake-unify/flake-unify/bot"
	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/forge"
	"github.com/flake-unify/flake-unify/internal/cli"
	"github.com/flake-unify/flake-unify/planview"
	"github.com/flake-unify/flake-unify/policy"
	"github.com/flake-unify/flake-unify/prbody"
	"github.com/flake-unify/flake-unify/unify"
)

// prCmd is pr's work on its flags.
type prCmd struct{ *cli.PRCmd }

func pr(e *cli.Env, c *cli.PRCmd) error { return prCmd{c}.Run(e) }

func (c prCmd) Run(e *cli.Env) error {
	token, err := c.token(e)
	if err != nil {
		return err
	}
	err = c.run(context.Background(), e, token)
	return redact(err, token)
}

func (c prCmd) tokenVar() string {
	if c.TokenEnv != "" {
		return c.TokenEnv
	}
	return strings.ToUpper(c.Forge) + "_TOKEN"
}

func (c prCmd) token(e *cli.Env) (string, error) {
	name := c.tokenVar()
	tok := strings.TrimSpace(e.Getenv(name))
	if tok == "" {
		return "", &diag.Error{What: "no " + c.Forge + " token", Why: "$" + name + " is empty or unset",
			Hint: tokenHint(c.Forge, name)}
	}
	return tok, nil
}

func tokenHint(kind, name string) string {
	switch kind {
	case "github":
		return "set " + name + " to a token that may write contents and pull requests (in a workflow: env: " + name + ": ${{ secrets.GITHUB_TOKEN }} with permissions contents: write, pull-requests: write), or name another variable with --token-env"
	case "gitlab":
		return "set " + name + " to a project or personal access token with the api scope, or name another variable with --token-env"
	}
	return "set " + name + " to an access token with write:repository and write:issue scopes, or name another variable with --token-env"
}

func (c prCmd) run(ctx context.Context, e *cli.Env, token string) error {
	fg, err := forge.New(forge.Config{Kind: c.Forge, URL: c.ForgeURL, Repo: c.Repo, Token: token})
	if err != nil {
		return err
	}
	req := &bot.Request{
		Dir:    c.Dir,
		Remote: bot.Remote{Name: c.Remote, Token: token},
		Base:   c.Base,
		Branch: c.Branch,
		Mode:   c.Git,
	}
	req.Remote.Username = fg.GitUser()
	st, err := bot.Fetch(ctx, req)
	if err != nil {
		return err
	}
	files, err := c.files(st)
	if err != nil {
		return err
	}
	pol, err := cli.BasePolicy(st.ReadFile, st.FlakeDir(), c.NoConfig, &c.TargetFlags, files)
	if err != nil {
		return err
	}
	opt, err := cli.PlanOptions(pol, &c.TargetFlags, &files)
	if err != nil {
		return err
	}
	if s, _ := pol.Get("nix-version"); s.Origin == policy.Default {
		opt.Nix = cli.RunnerNix
	}
	p, err := unify.Make(files, opt)
	if err != nil {
		return err
	}
	out := e.Stdout
	pr, err := fg.Find(ctx, st.Base, c.Branch)
	if err != nil {
		return err
	}
	if pr != nil && !prbody.IsBot(pr.Body) {
		return &diag.Error{What: fmt.Sprintf("pull request #%d from %s", pr.Number, c.Branch),
			Why:  "it was not opened by flake-unify (no marker in its description)",
			Hint: "close it or choose another bot branch with --branch"}
	}
	if p.Nothing() {
		if err := planview.Summary(out, p); err != nil {
			return err
		}
		switch {
		case pr == nil:
		case c.CloseStale:
			if err := fg.Close(ctx, pr, "flake-unify: "+st.Base+" needs no unification any more; closing."); err != nil {
				return err
			}
			fmt.Fprintf(out, "closed pull request #%d: %s\n", pr.Number, pr.URL)
		default:
			fmt.Fprintf(out, "left pull request #%d open (--close-stale closes it): %s\n", pr.Number, pr.URL)
		}
		return nil
	}
	// The description first: a plan it cannot describe stops before the push.
	title := planview.Title(p)
	// --measure evaluates in scratch copies of the checkout's flake
	// directory, with the base branch's two files before and the plan's
	// after.
	if err := c.Evaluate(e, c.Dir, files, opt, p); err != nil {
		return err
	}
	measured := ""
	if c.Measurement() != nil {
		measured = c.Measurement().Markdown()
	}
	body, err := prbody.Body(p, prbody.Options{Limit: fg.BodyLimit(), Base: st.Base, Dir: st.FlakeDir(), Policy: pol.Text(),
		StoreOf: "the bot runner's", Measure: measured})
	if err != nil {
		return err
	}
	commit, err := bot.Prepare(ctx, req, st, flakeChanges(p.NewFlake, p.NewLock, c.LockOnly), title, strings.Join(planview.RedirectLines(p), "\n"))
	if err != nil {
		return err
	}
	if err := planview.Summary(out, p); err != nil {
		return err
	}
	pushed, err := bot.Push(ctx, req, st, commit)
	if err != nil {
		return err
	}
	if pushed {
		fmt.Fprintf(out, "pushed %s to %s (on %s %s)\n", shortHash(commit.Hash), c.Branch, st.Base, shortHash(st.BaseCommit))
	} else {
		fmt.Fprintf(out, "%s is up to date at %s\n", c.Branch, shortHash(commit.Hash))
	}
	if pr == nil {
		pr, err = fg.Create(ctx, st.Base, c.Branch, title, body)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "opened pull request #%d: %s\n", pr.Number, pr.URL)
		return nil
	}
	if pr.Title == title && pr.Body == body {
		fmt.Fprintf(out, "pull request #%d is up to date: %s\n", pr.Number, pr.URL)
		return nil
	}
	if pr, err = fg.Update(ctx, pr, title, body); err != nil {
		return err
	}
	fmt.Fprintf(out, "updated pull request #%d: %s\n", pr.Number, pr.URL)
	return nil
}

// files reads the flake's two files as the base branch holds them (not the
// work tree: the bot's result must not depend on the checkout).
func (c prCmd) files(st *bot.State) (unify.Files, error) {
	f := unify.Files{LockName: path.Join(st.FlakeDir(), "flake.lock"), FlakeName: path.Join(st.FlakeDir(), "flake.nix")}
	var err error
	if f.Lock, err = st.ReadFile("flake.lock"); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return f, &diag.Error{File: f.LockName, What: "no lock file on " + st.Base, Why: "the base branch has no such file",
				Hint: "commit a flake.lock (nix flake lock) on the base branch, or point -C at the flake's directory"}
		}
		return f, err
	}
	if f.Flake, err = st.ReadFile("flake.nix"); err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			return f, err
		}
		f.Flake = nil
	}
	return f, nil
}

// redact removes the token from an error's text, whatever produced it
// (the forge and git layers redact too; this is the last line of defence
// before anything reaches the terminal or a CI log).
func redact(err error, token string) error {
	if err == nil || token == "" || !strings.Contains(err.Error()+diag.Hint(err), token) {
		return err
	}
	hide := func(s string) string { return strings.ReplaceAll(s, token, "***") }
	var de *diag.Error
	if errors.As(err, &de) && de.Error() == err.Error() {
		return &diag.Error{File: hide(de.File), Pos: de.Pos, What: hide(de.What), Why: hide(de.Why), Hint: hide(de.Hint)}
	}
	return &diag.Error{What: hide(err.Error()), Hint: hide(diag.Hint(err))}
}
