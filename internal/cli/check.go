package cli

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/flake-unify/flake-unify/flakenix"
	"github.com/flake-unify/flake-unify/internal/words"
	"github.com/flake-unify/flake-unify/lockgraph"
	"github.com/flake-unify/flake-unify/lockview"
	"github.com/flake-unify/flake-unify/planview"
	"github.com/flake-unify/flake-unify/unify"
)

// checkCmd answers "is this flake unified as the policy says?": it plans
// exactly as plan does and fails (exit 1) exactly when the plan would
// change something, printing the fix. --max adds a limit on the raw count
// of copies, whatever the policy keeps.
type checkCmd struct {
	Dir    string `short:"C" default:"." help:"The flake's directory." placeholder:"DIR"`
	Max    *int   `help:"Also fail when more nixpkgs copies than N remain (with --input/--all, copies of each selected source); the policy's own keeps count too." placeholder:"N"`
	JSON   bool   `name:"json" help:"Print one JSON document."`
	Format string `default:"auto" enum:"auto,text,github" help:"text, or github: also ::warning annotations at each input's line and a table in $GITHUB_STEP_SUMMARY (auto: github under GITHUB_ACTIONS=true)."`
	ConfigFlags
	TargetFlags
	ColorFlag
}

type checkJSON struct {
	Copies       int                 `json:"copies"`
	Max          *int                `json:"max"` // null: no limit
	OK           bool                `json:"ok"`
	Unified      bool                `json:"unified"` // the plan has nothing to do
	DistinctRevs int                 `json:"distinctRevisions"`
	Nixpkgs      []lockview.CopyJSON `json:"nixpkgs"`
	Inputs       []checkInputJSON    `json:"inputs,omitempty"` // --input, --all
	Redirects    []checkFixJSON      `json:"redirects"`
	Command      string              `json:"command,omitempty"` // the command that makes the fix
}

// checkFixJSON is one redirect the plan would make.
type checkFixJSON struct {
	Path        string `json:"path"`
	Follows     string `json:"follows"`
	Declaration string `json:"declaration,omitempty"` // empty with --lock-only
}

// checkInputJSON is one selected source with its copies.
type checkInputJSON struct {
	Input           string              `json:"input"`
	Copies          int                 `json:"copies"`
	DistinctSources int                 `json:"distinctSources"`
	OK              bool                `json:"ok"`
	Unified         bool                `json:"unified"` // the plan redirects none of its copies
	Nodes           []lockview.CopyJSON `json:"nodes"`
}

func (c *checkCmd) Run(e *Env) error {
	files, err := readFiles(c.Dir)
	if err != nil {
		return err
	}
	if files.Flake == nil {
		// Only flake.lock: judge the lock alone, as --lock-only would.
		c.LockOnly = true
	}
	pol, err := buildPolicy(c.Dir, &c.ConfigFlags, &c.TargetFlags, files)
	if err != nil {
		return err
	}
	opt, err := PlanOptions(pol, &c.TargetFlags, &files)
	if err != nil {
		return err
	}
	// check needs the answer and the redirects, not the new lock's bytes.
	opt.Verdict = true
	p, err := unify.Make(files, opt)
	if err != nil {
		return err
	}
	l := files.Parsed
	v, err := lockview.New(l, opt.Classifier)
	if err != nil {
		return err
	}
	groups, withNixpkgs, err := unify.SelectInputs(l, opt.Classifier, opt.Inputs, opt.All)
	if err != nil {
		return err
	}
	if len(opt.Inputs) == 0 && !opt.All {
		withNixpkgs = true
	}
	tally := unify.Count(v.Copies)
	unified := p.Nothing()
	ok := unified && (c.limit() < 0 || !withNixpkgs || tally.Copies <= c.limit())
	var inputs []checkInputJSON
	for _, g := range groups {
		in := checkInputJSON{Input: g.ID.String(), Copies: len(g.Copies), DistinctSources: unify.Count(g.Copies).Sources,
			OK: c.limit() < 0 || len(g.Copies) <= c.limit(), Nodes: lockview.GroupJSON(g)}
		in.Unified = !redirects(p, in.Input)
		in.OK = in.OK && in.Unified
		ok = ok && in.OK
		inputs = append(inputs, in)
	}
	command := ""
	if !unified {
		command = c.fixCommand()
	}
	format := c.Format
	if format == "auto" {
		format = "text"
		if e.Getenv("GITHUB_ACTIONS") == "true" && !c.JSON {
			format = "github"
		}
	}
	if c.JSON {
		j := checkJSON{Copies: tally.Copies, OK: ok, Unified: unified, DistinctRevs: tally.Revisions, Nixpkgs: v.CopiesJSON(),
			Inputs: inputs, Redirects: []checkFixJSON{}, Command: command}
		if m := c.limit(); m >= 0 {
			j.Max = &m
		}
		for i := range p.Redirects {
			r := &p.Redirects[i]
			f := checkFixJSON{Path: r.Path.String(), Follows: r.Target.String()}
			if !opt.LockOnly {
				f.Declaration = r.Declaration()
			}
			j.Redirects = append(j.Redirects, f)
		}
		if err := lockview.WriteJSON(e.Stdout, j); err != nil {
			return err
		}
	} else {
		if withNixpkgs {
			c.writeCheck(e, v, files.LockName, tally, !redirects(p, "nixpkgs"))
		}
		writeInputs(e, groups, inputs, c.limit())
		writeFix(e, p, command)
	}
	if format == "github" {
		if err := annotate(e, p, files); err != nil {
			return err
		}
	}
	if !ok {
		return exitError{1}
	}
	return nil
}

// limit is --max, or -1 when it was not given: the flag has no default,
// so that help and the manual page show none.
func (c *checkCmd) limit() int {
	if c.Max == nil {
		return -1
	}
	return *c.Max
}

// redirects reports whether the plan redirects a copy of source (nixpkgs
// or an identity, as NodeInfo.Input names it; "" is nixpkgs alone).
func redirects(p *unify.Plan, source string) bool {
	for i := range p.Redirects {
		in := p.Redirects[i].Input
		if in == source || (in == "" && source == "nixpkgs") {
			return true
		}
	}
	return false
}

// writeCheck writes the verdict and every copy with the paths that reach it.
func (c *checkCmd) writeCheck(e *Env, v *lockview.View, name string, tally unify.Tally, unified bool) {
	n, revs := tally.Copies, tally.Revisions
	verdict := "unified as the policy says"
	if !unified {
		verdict = "not unified: `flake-unify plan` has changes"
	}
	limit := ""
	if m := c.limit(); m >= 0 {
		limit = fmt.Sprintf(", allowed %d", m)
		if n > m {
			verdict += "; too many"
		}
	}
	fmt.Fprintf(e.Stdout, "%s: %d nixpkgs %s (%d distinct %s%s): %s\n",
		name, n, words.Plural(n, "copy", "copies"), revs, words.Plural(revs, "revision", "revisions"), limit, verdict)
	for _, class := range []lockgraph.Class{lockgraph.Nixpkgs, lockgraph.NixpkgsLike} {
		first := true
		for i := range v.Copies {
			cp := &v.Copies[i]
			if cp.Source.Class != class {
				continue
			}
			if first && class == lockgraph.NixpkgsLike {
				fmt.Fprintln(e.Stdout, "not counted (forks, subsets, derivatives):")
			}
			first = false
			label := lockview.Label(cp)
			if class == lockgraph.NixpkgsLike {
				label = strings.TrimSpace(cp.Source.Why + " " + label)
			}
			paths := make([]string, len(cp.Paths))
			for j, p := range cp.Paths {
				paths[j] = p.String()
			}
			fmt.Fprintf(e.Stdout, "  %s: %s\n      reached by %s\n", cp.Key, label, strings.Join(paths, ", "))
		}
	}
}

// writeInputs reports each selected source: its copies against --max, the
// distinct sources (downloads, store paths) among them, and where each copy
// is reached.
func writeInputs(e *Env, groups []lockgraph.Group, inputs []checkInputJSON, max int) {
	for i, g := range groups {
		in := inputs[i]
		verdict := "ok"
		switch {
		case !in.Unified:
			verdict = "not unified"
		case !in.OK:
			verdict = "too many"
		}
		limit := ""
		if max >= 0 {
			limit = fmt.Sprintf(", allowed %d", max)
		}
		fmt.Fprintf(e.Stdout, "%s: %d %s (%d distinct %s%s): %s\n", in.Input, in.Copies, words.Plural(in.Copies, "copy", "copies"),
			in.DistinctSources, words.Plural(in.DistinctSources, "source", "sources"), limit, verdict)
		for j := range g.Copies {
			cp := &g.Copies[j]
			paths := make([]string, len(cp.Paths))
			for k, p := range cp.Paths {
				paths[k] = p.String()
			}
			fmt.Fprintf(e.Stdout, "  %s: %s\n      reached by %s\n", cp.Key, lockview.Label(cp), strings.Join(paths, ", "))
		}
	}
}

// writeFix says what the plan would change: the copies, the declarations
// to add, and the command that does it.
func writeFix(e *Env, p *unify.Plan, command string) {
	if len(p.Stale) > 0 {
		fmt.Fprintf(e.Stdout, "stale follows in %s:\n", p.Files.FlakeName)
		for i := range p.Stale {
			s := &p.Stale[i]
			fmt.Fprintf(e.Stdout, "  %s:%s: %s — %s\n", p.Files.FlakeName, s.Pos, strings.TrimSuffix(s.Declaration(), ";"), s.Why)
		}
		if !p.Options.Prune {
			fmt.Fprintln(e.Stdout, "  (prune = true in flake-unify.toml, or --prune, removes them)")
		}
	}
	if p.Nothing() {
		if len(p.Kept) > 0 {
			fmt.Fprintf(e.Stdout, "kept as the policy says:\n")
			for i := range p.Kept {
				k := &p.Kept[i]
				fmt.Fprintf(e.Stdout, "  %s: %s\n", k.Paths[0], k.Why)
			}
		}
		return
	}
	if len(p.Redirects) > 0 {
		fmt.Fprintf(e.Stdout, "to unify, %d %s can follow another:\n", len(p.Redirects), words.Plural(len(p.Redirects), "copy", "copies"))
		for _, line := range planview.RedirectLines(p) {
			fmt.Fprintf(e.Stdout, "  %s\n", line)
		}
	}
	if len(p.Declarations) > 0 {
		fmt.Fprintf(e.Stdout, "declarations to add to %s:\n", p.Files.FlakeName)
		for _, d := range p.Declarations {
			fmt.Fprintf(e.Stdout, "  %s\n", unify.Declaration(d.Path, d.Target))
		}
	}
	fmt.Fprintf(e.Stdout, "run: %s\n", command)
}

// fixCommand is the apply command that makes the plan check saw, with the
// options check was given.
func (c *checkCmd) fixCommand() string {
	args := []string{"flake-unify", "apply"}
	if c.Dir != "." {
		args = append(args, "-C", c.Dir)
	}
	if c.Config != "" {
		args = append(args, "--config", c.Config)
	}
	if c.NoConfig {
		args = append(args, "--no-config")
	}
	args = append(args, c.TargetFlags.args()...)
	for i, a := range args {
		args[i] = shellWord(a)
	}
	return strings.Join(args, " ")
}

// args are the target flags as given, for a command line.
func (t *TargetFlags) args() []string {
	var a []string
	add := func(flag, v string) {
		if v != "" {
			a = append(a, flag, v)
		}
	}
	add("--to", t.To)
	add("--strategy", t.Strategy)
	add("--release-lines", t.ReleaseLines)
	for _, k := range t.Keep {
		add("--keep", k)
	}
	for _, m := range t.Merge {
		add("--merge", m)
	}
	if t.Match != nil {
		add("--match", t.Match.String())
	}
	for _, in := range t.Input {
		add("--input", in)
	}
	if t.All {
		a = append(a, "--all")
	}
	if t.Prune {
		a = append(a, "--prune")
	}
	if t.PerBranch {
		a = append(a, "--per-branch")
	}
	add("--caches", t.Caches)
	add("--store-root", t.StoreRoot)
	add("--nix-version", t.NixVersion)
	if t.LockOnly {
		a = append(a, "--lock-only")
	}
	return a
}

// shellWord quotes s for a POSIX shell when it needs it.
func shellWord(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./,:=@%+-") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// annotate writes a GitHub Actions ::warning for each redirect, at the
// flake.nix line of the root input it concerns (flake.lock without
// flake.nix), and appends a table to $GITHUB_STEP_SUMMARY when it is set.
func annotate(e *Env, p *unify.Plan, files unify.Files) error {
	var f *flakenix.File
	if files.Flake != nil {
		f, _ = flakenix.Parse(files.FlakeName, files.Flake)
	}
	var table strings.Builder
	for i := range p.Redirects {
		r := &p.Redirects[i]
		loc := "file=" + files.LockName
		if f != nil {
			loc = "file=" + files.FlakeName
			for _, in := range f.Inputs() {
				if in.Name() == r.Path[0] {
					loc += ",line=" + strconv.Itoa(in.Pos.Line) + ",col=" + strconv.Itoa(in.Pos.Col)
					break
				}
			}
		}
		follows := r.Target.String()
		if c := r.Crossing(); c != "" {
			follows += " (" + c + ")"
		}
		msg := fmt.Sprintf("%s (%s) can follow %s", r.Path, planview.Label(&r.NodeInfo), follows)
		if !p.Options.LockOnly {
			msg += ": add " + r.Declaration()
		}
		fmt.Fprintf(e.Stdout, "::warning %s,title=flake-unify::%s\n", loc, ghEscape(msg))
		target := "`" + r.Target.String() + "`"
		if c := r.Crossing(); c != "" {
			target += " (" + c + ")"
		}
		fmt.Fprintf(&table, "| `%s` | %s | %s |\n", r.Path, planview.Label(&r.NodeInfo), target)
	}
	for i := range p.Stale {
		s := &p.Stale[i]
		fmt.Fprintf(e.Stdout, "::warning file=%s,line=%d,col=%d,title=flake-unify::%s", files.FlakeName, s.Pos.Line, s.Pos.Col,
			ghEscape(s.Declaration()+" is stale: "+s.Why))
		fmt.Fprintln(e.Stdout)
	}
	name := e.Getenv("GITHUB_STEP_SUMMARY")
	if name == "" {
		return nil
	}
	var b strings.Builder
	if len(p.Redirects) == 0 {
		fmt.Fprintf(&b, "### flake-unify: %s is unified as the policy says\n\n", files.LockName)
	} else {
		fmt.Fprintf(&b, "### flake-unify: %d nixpkgs %s can follow another\n\n| input | locked | follows |\n| --- | --- | --- |\n%s\nRun `flake-unify apply` to unify.\n\n",
			len(p.Redirects), words.Plural(len(p.Redirects), "copy", "copies"), table.String())
	}
	out, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := out.WriteString(b.String()); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// ghEscape escapes a workflow command's message.
func ghEscape(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}
