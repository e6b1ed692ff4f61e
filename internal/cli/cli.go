package cli

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/diffview"
	"github.com/flake-unify/flake-unify/internal/cmdline"
)

// exitError carries a specific exit code out of a command (check's "too many
// copies" is exit 1 without being an error message).
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// Grammar is the whole command surface; each command lives in its own file.
// Its tags are the one declaration of every command and flag: --help, the
// manual page and completion all read them.
type Grammar struct {
	Graph  graphCmd  `cmd:"" help:"Show the input graph of flake.lock, nixpkgs copies marked."`
	Check  checkCmd  `cmd:"" help:"Exit 1 when plan would change something: the flake is not unified as its policy says."`
	Plan   planCmd   `cmd:"" help:"Preview the unification: summary and the diff of flake.nix and flake.lock; changes nothing."`
	Apply  ApplyCmd  `cmd:"" help:"Unify: rewrite flake.nix and flake.lock (with --no-commit, in place and nothing else)."`
	Policy policyCmd `cmd:"" help:"Print the effective policy (defaults, flake-unify.toml, flake.nix comments, flags) and where each setting came from."`
	PR     PRCmd     `cmd:"" name:"pr" help:"Bot: unify the remote's base branch on a bot branch, push it (with a lease) and open or update its pull request."`

	Version    versionFlag   `name:"version" help:"Print the version and exit."`
	VersionCmd versionCmd    `cmd:"" name:"version" help:"Print the version: module version, VCS revision and time, Go toolchain."`
	Completion CompletionCmd `cmd:"" help:"Print what a shell sources to complete flake-unify (see: flake-unify help completion)."`
	Help       helpCmd       `cmd:"" help:"Explain a topic (policy, completion, bot) or a command."`
	Man        ManCmd        `cmd:"" help:"Print the manual page (roff): flake-unify man > flake-unify.1."`
}

// Name and Description head --help and the manual page.
const (
	Name        = "flake-unify"
	Description = "Make every input of a Nix flake share one nixpkgs.\n\n" + surfaceHelp
)

// Env is what every command gets: where to write, the environment, and the
// commands only flake-unify-full carries.
type Env struct {
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	args           []string // the whole command line, for handing over
	full           *Full
	parser         *cmdline.Parser
}

// isTTY reports whether w is a terminal.
func (e *Env) isTTY(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && diffview.IsTerminal(f)
}

// Main parses args, runs the command and returns the process exit code:
// 0 success, 1 a negative answer (check; --verify with no passing
// candidate), 2 usage or input errors, 130/143 interrupted. full is nil in
// flake-unify, which hands the commands it lacks to flake-unify-full.
func Main(args []string, stdout, stderr io.Writer, full *Full) int {
	if os.Getenv("COMP_LINE") != "" {
		if full == nil {
			return report(stderr, handOver("completion", args))
		}
		if full.Complete(stdout, stderr) {
			return 0
		}
	}
	var g Grammar
	parser, err := cmdline.New(&g, cmdline.Name(Name), cmdline.Description(Description), cmdline.Stdout(stdout))
	if err != nil {
		fmt.Fprintln(stderr, "flake-unify: internal error:", err)
		return 2
	}
	ctx, err := parser.Parse(args)
	if errors.Is(err, ErrShown) {
		return 0
	}
	if err != nil && isHelp(args) {
		return 0 // the help was printed; a missing required flag is no error then
	}
	if err != nil {
		fmt.Fprintln(stderr, "flake-unify:", err)
		return 2
	}
	if ctx.Command() == "" || len(args) == 0 || isHelp(args) {
		return 0
	}
	cmd, ok := ctx.Target().(interface{ Run(*Env) error })
	if !ok {
		fmt.Fprintf(stderr, "flake-unify: internal error: %s cannot run\n", ctx.Command())
		return 2
	}
	return report(stderr, cmd.Run(&Env{Stdout: stdout, Stderr: stderr, Getenv: os.Getenv, args: args, full: full, parser: parser}))
}

// report turns a command's error into its message and exit code.
func report(stderr io.Writer, err error) int {
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
