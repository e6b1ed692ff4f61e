package cli

import (
	"io"

	"github.com/flake-unify/flake-unify/gitops/gitmode"
)

// The commands below write git history, talk to a forge, or are built on
// kong's model of the command line (completion, the manual page). Their
// flags are declared here, with the rest of the surface, so that every
// --help lists them; their work is done by flake-unify-full (see Full), to
// which flake-unify hands them over: the git and HTTP code it would
// otherwise link costs every other command its start-up.

// ApplyCmd is `flake-unify apply`.
type ApplyCmd struct {
	Dir         string       `short:"C" default:"." help:"The flake's directory." placeholder:"DIR"`
	NoCommit    bool         `help:"Only rewrite flake.nix and flake.lock in place; do not commit."`
	Branch      string       `help:"The branch to create and commit on (default flake-unify/nixpkgs-<target rev>)." placeholder:"NAME"`
	ForceBranch bool         `help:"Reset --branch to HEAD when it exists already instead of refusing."`
	Git         gitmode.Mode `name:"git" default:"auto" help:"How to commit: auto, go (go-git, in process) or exec (the git executable: hooks, signing)." placeholder:"auto|go|exec"`
	JSON        bool         `name:"json" help:"Print the plan as one JSON document instead of the summary."`
	ConfigFlags
	TargetFlags
	VerifyFlags
	ColorFlag
}

func (c *ApplyCmd) Run(e *Env) error {
	return e.viaFull("apply", func(f *Full) error { return f.Apply(e, c) })
}

// PRCmd is the bot: plan on the remote's base branch, push the result to the
// bot branch, open or update the pull request for it.
type PRCmd struct {
	Dir        string       `short:"C" default:"." help:"The flake's directory inside the repository's work tree." placeholder:"DIR"`
	Forge      string       `required:"" enum:"github,gitea,gitlab" help:"The forge: github, gitea (also Forgejo) or gitlab." placeholder:"github|gitea|gitlab"`
	ForgeURL   string       `name:"forge-url" help:"Base URL of a GitHub Enterprise or self-hosted Gitea/Forgejo/GitLab instance." placeholder:"URL"`
	Repo       string       `required:"" help:"The repository on the forge." placeholder:"OWNER/NAME"`
	Base       string       `help:"The branch the pull request targets (default: the remote's default branch)." placeholder:"BRANCH"`
	Remote     string       `default:"origin" help:"The git remote to fetch from and push to." placeholder:"NAME"`
	Branch     string       `default:"flake-unify/nixpkgs" help:"The bot's branch; only this branch is ever pushed (with a lease)." placeholder:"NAME"`
	TokenEnv   string       `name:"token-env" help:"The environment variable holding the token (default GITHUB_TOKEN, GITEA_TOKEN or GITLAB_TOKEN)." placeholder:"VAR"`
	CloseStale bool         `help:"When there is nothing left to unify, close the bot's open pull request with a comment instead of leaving it alone."`
	Git        gitmode.Mode `name:"git" default:"auto" help:"How to fetch and push: auto, go (in process) or exec (the git executable; ssh remotes always use it)." placeholder:"auto|go|exec"`
	NoConfig   bool         `help:"Ignore the base branch's flake-unify.toml (comments in flake.nix and flags still count)."`
	TargetFlags
	MeasureFlags
	ColorFlag
}

func (c *PRCmd) Run(e *Env) error {
	return e.viaFull("pr", func(f *Full) error { return f.PR(e, c) })
}

// CompletionCmd is `flake-unify completion SHELL`.
type CompletionCmd struct {
	Shell string `arg:"" enum:"bash,zsh,fish" help:"The shell: bash, zsh or fish."`
}

func (c *CompletionCmd) Run(e *Env) error {
	return e.viaFull("completion", func(f *Full) error { return f.Completion(e, c) })
}

// ManCmd prints the manual page, rendered from the same command model that
// --help shows, plus the help Topics as sections.
type ManCmd struct{}

func (ManCmd) Run(e *Env) error {
	return e.viaFull("man", func(f *Full) error { return f.Man(e) })
}

// Full is what only flake-unify-full has: the work of apply, pr, completion
// and man.
type Full struct {
	Apply      func(*Env, *ApplyCmd) error
	PR         func(*Env, *PRCmd) error
	Completion func(*Env, *CompletionCmd) error
	Man        func(*Env) error
	// Complete answers a shell's completion request (COMP_LINE is set)
	// and reports whether it did.
	Complete func(stdout, stderr io.Writer) bool
}

// viaFull runs do with flake-unify-full's commands, or, in flake-unify,
// hands the command line over to that binary.
func (e *Env) viaFull(what string, do func(*Full) error) error {
	if e.full == nil {
		return handOver(what, e.args)
	}
	return do(e.full)
}
