package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/alecthomas/kong"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/diffview"
)

// exitError carries a specific exit code out of a command (check's "too many
// copies" is exit 1 without being an error message).
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// cli is the whole command surface; each command lives in its own file.
type cli struct {
	Graph  graphCmd  `cmd:"" help:"Show the input graph of flake.lock, nixpkgs copies marked."`
	Check  checkCmd  `cmd:"" help:"Exit 1 when plan would change something: the flake is not unified as its policy says."`
	Plan   planCmd   `cmd:"" help:"Preview the unification: summary and the diff of flake.nix and flake.lock; changes nothing."`
	Apply  applyCmd  `cmd:"" help:"Unify: rewrite flake.nix and flake.lock (with --no-commit, in place and nothing else)."`
	Policy policyCmd `cmd:"" help:"Print the effective policy (defaults, flake-unify.toml, flake.nix comments, flags) and where each setting came from."`
	PR     prCmd     `cmd:"" name:"pr" help:"Bot: unify the remote's base branch on a bot branch, push it (with a lease) and open or update its pull request."`

	Version    versionFlag   `name:"version" help:"Print the version and exit."`
	VersionCmd versionCmd    `cmd:"" name:"version" help:"Print the version: module version, VCS revision and time, Go toolchain."`
	Completion completionCmd `cmd:"" help:"Print what a shell sources to complete flake-unify (see: flake-unify help completion)."`
	Help       helpCmd       `cmd:"" help:"Explain a topic (policy, completion, bot) or a command."`
	Man        manCmd        `cmd:"" help:"Print the manual page (roff): flake-unify man > flake-unify.1."`
}

// env is what every command gets: where to write, and the environment.
type env struct {
	stdout, stderr io.Writer
	getenv         func(string) string
}

// isTTY reports whether w is a terminal.
func (e *env) isTTY(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && diffview.IsTerminal(f)
}

// run parses args, runs the command and returns the process exit code:
// 0 success, 1 a negative answer (check; --verify with no passing
// candidate), 2 usage or input errors, 130/143 interrupted.
func run(args []string, stdout, stderr io.Writer) int {
	var c cli
	parser, err := kong.New(&c,
		kong.Name("flake-unify"),
		kong.Description("Make every input of a Nix flake share one nixpkgs.\n\n"+surfaceHelp),
		kong.Writers(stdout, stderr),
		kong.Exit(func(int) {}),
		kong.UsageOnError(),
	)
	if err != nil {
		fmt.Fprintln(stderr, "flake-unify: internal error:", err)
		return 2
	}
	if completeLine(parser) {
		return 0
	}
	kctx, err := parser.Parse(args)
	if errors.Is(err, errShown) {
		return 0
	}
	if err != nil && isHelp(args) {
		return 0 // the help was printed; a missing required flag is no error then
	}
	if err != nil {
		fmt.Fprintln(stderr, "flake-unify:", err)
		return 2
	}
	if kctx.Command() == "" || len(args) == 0 || isHelp(args) {
		return 0
	}
	err = kctx.Run(&env{stdout: stdout, stderr: stderr, getenv: os.Getenv})
	var ee exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.code
	}
	var de *diag.Error
	if errors.As(err, &de) {
		fmt.Fprintln(stderr, err) // already "file:line:col: what: why"
	} else {
		fmt.Fprintln(stderr, "flake-unify:", err)
	}
	if h := diag.Hint(err); h != "" {
		fmt.Fprintln(stderr, "hint:", h)
	}
	return 2
}

func isHelp(args []string) bool {
	for _, a := range args {
		if a == "-h" || a == "--help" {
			return true
		}
	}
	return false
}
