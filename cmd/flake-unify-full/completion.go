package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/alecthomas/kong"
	"github.com/posener/complete"
	"github.com/willabides/kongplete"

	"github.com/flake-unify/flake-unify/gitops"
	"github.com/flake-unify/flake-unify/internal/cli"
	"github.com/flake-unify/flake-unify/lockgraph"
	"github.com/flake-unify/flake-unify/unify"
)

// Shell completion speaks the protocol bash's `complete -C` uses: the shell
// runs flake-unify itself with COMP_LINE (the line typed so far) and
// COMP_POINT (the cursor) set, and takes one candidate per output line.
// The zsh and fish scripts below speak the same protocol, so one answer
// serves the three shells.

// completeLine answers a completion request when COMP_LINE is set and
// reports whether it did; the commands, flags and enum values come from the
// kong model, input paths from the flake.lock in -C DIR.
func completeLine(stdout, stderr io.Writer) bool {
	if os.Getenv("COMP_LINE") == "" {
		return false
	}
	parser, err := kongModel(stdout, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "flake-unify: completion:", err)
		return true
	}
	cmd, err := kongplete.Command(parser, kongplete.WithPredictor("help", complete.PredictSet(helpWords(parser)...)))
	if err != nil {
		fmt.Fprintln(parser.Stderr, "flake-unify: completion:", err)
		return true
	}
	predictValues(&cmd, map[string]complete.Predictor{
		"--to":    complete.PredictFunc(inputPaths),
		"--keep":  complete.PredictFunc(inputPaths),
		"--input": complete.PredictFunc(inputPaths),
		"--git":   complete.PredictSet(gitModes()...),
		// Values the policy checks (the file may set them too), so the
		// flags carry no enum tag for kong to complete from.
		"--strategy":      complete.PredictSet(string(unify.Root), string(unify.Newest), string(unify.MostUsed)),
		"--release-lines": complete.PredictSet(string(unify.Follow), string(unify.Merge), string(unify.Separate)),
		"--caches":        complete.PredictSet("store", "fetch"),
	})
	c := complete.New(parser.Model.Name, cmd)
	c.Out = parser.Stdout
	return c.Complete()
}

// predictValues sets the value predictors that struct tags cannot express
// (input paths read at completion time, a type's own names) on every
// command that has the flag; the command structs carry no completion tags.
func predictValues(cmd *complete.Command, by map[string]complete.Predictor) {
	for f, p := range by {
		if _, ok := cmd.GlobalFlags[f]; ok {
			cmd.GlobalFlags[f] = p
		}
	}
	for name, sub := range cmd.Sub {
		predictValues(&sub, by)
		cmd.Sub[name] = sub
	}
}

// helpWords are what `help` takes: the topics and the commands.
func helpWords(parser *kong.Kong) []string {
	words := cli.TopicNames()
	for _, n := range parser.Model.Children {
		if !n.Hidden {
			words = append(words, n.Name)
		}
	}
	return words
}

// gitModes are the names gitops.Mode prints, in order.
func gitModes() []string {
	var names []string
	for m := gitops.Auto; !strings.HasPrefix(m.String(), "Mode("); m++ {
		names = append(names, m.String())
	}
	return names
}

// inputPaths lists every input path of DIR/flake.lock, DIR being the -C
// value typed on the line (the current directory without one). A missing
// or broken lock offers nothing: completion is no place for errors.
func inputPaths(a complete.Args) []string {
	l, err := cli.LoadLock(dirArg(a.Completed))
	if err != nil {
		return nil
	}
	seen := map[string]bool{}
	var paths []string
	l.Walk(func(p lockgraph.Path, _ *lockgraph.Node, _ *lockgraph.Input) error {
		if s := p.String(); !seen[s] {
			seen[s] = true
			paths = append(paths, s)
		}
		return nil
	})
	sort.Strings(paths)
	return paths
}

// dirArg is the last -C/--dir value among the completed words.
func dirArg(words []string) string {
	dir := "."
	for i, w := range words {
		switch {
		case (w == "-C" || w == "--dir") && i+1 < len(words):
			dir = words[i+1]
		case strings.HasPrefix(w, "--dir="):
			dir = strings.TrimPrefix(w, "--dir=")
		case strings.HasPrefix(w, "-C") && len(w) > 2:
			dir = strings.TrimPrefix(strings.TrimPrefix(w, "-C"), "=")
		}
	}
	return dir
}

// completionCmd prints what a shell sources to complete flake-unify.

func completion(e *cli.Env, c *cli.CompletionCmd) error {
	_, err := fmt.Fprint(e.Stdout, completionScripts[c.Shell])
	return err
}

// completionScripts call back into flake-unify (found on PATH, so an
// upgraded binary answers without sourcing anew) with COMP_LINE set.
var completionScripts = map[string]string{
	"bash": "complete -o default -C flake-unify flake-unify\n",
	// zsh: the words up to the cursor, joined, are the line (an empty
	// current word leaves the trailing space that starts a new one). The
	// same text works sourced (compdef registers it) and installed as
	// _flake-unify on $fpath (autoloaded, it completes at once); with no
	// candidates, file names.
	"zsh": `#compdef flake-unify
_flake-unify() {
  local -a reply
  reply=(${(f)"$(COMP_LINE="${(j: :)words[1,CURRENT]}" flake-unify 2>/dev/null)"})
  if (( ${#reply} )); then
    compadd -- "${reply[@]}"
  else
    _files
  fi
}
if [[ ${funcstack[1]} == _flake-unify ]]; then
  _flake-unify "$@"
else
  compdef _flake-unify flake-unify
fi
`,
	// fish has no `complete -C PROG`: a function hands the line up to the
	// cursor over (a trailing space included, which means "a new word").
	"fish": `function __flake_unify_complete
    COMP_LINE=(commandline -cp) flake-unify
end
complete -c flake-unify -f -a '(__flake_unify_complete)'
`,
}
