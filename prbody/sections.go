package prbody

import (
	"fmt"
	"strings"

	"github.com/flake-unify/flake-unify/internal/words"
	"github.com/flake-unify/flake-unify/lockgraph"
	"github.com/flake-unify/flake-unify/lockview"
	"github.com/flake-unify/flake-unify/planview"
	"github.com/flake-unify/flake-unify/unify"
)

// summary: the numbers, the target(s) and the plan's warnings.
func summary(p *unify.Plan, o Options) section {
	var b strings.Builder
	into := ""
	if o.Base != "" {
		into = " on " + code(o.Base, false)
	}
	if p.Nothing() {
		n := p.Summary.CopiesBefore
		fmt.Fprintf(&b, "Nothing to unify in `flake.lock`%s: %d nixpkgs %s.\n\n", into, n, words.Plural(n, "copy", "copies"))
	} else {
		fmt.Fprintf(&b, "Unifies the nixpkgs copies of `flake.lock`%s: %s.\n\n", into, planview.SummaryLine(p))
	}
	switch len(p.Targets) {
	case 0:
	case 1:
		fmt.Fprintf(&b, "**Target:** %s\n\n", targetText(&p.Targets[0]))
	default:
		if p.Targets[0].Group == "" {
			b.WriteString("**Targets:**\n\n")
			for i := range p.Targets {
				t := &p.Targets[i]
				fmt.Fprintf(&b, "- %s: %s\n", targetRole(t, i), targetText(t))
			}
			b.WriteString("\n")
			break
		}
		b.WriteString("**Targets**, one per branch:\n\n")
		for i := range p.Targets {
			t := &p.Targets[i]
			fmt.Fprintf(&b, "- for %s: %s\n", text(branchName(t.Group)), targetText(t))
		}
		b.WriteString("\n")
	}
	for _, w := range p.Warnings {
		fmt.Fprintf(&b, "> **Warning:** %s\n\n", text(shorten(w, maxWarning)))
	}
	return section{min: b.String()}
}

// maxWarning bounds a warning in the body, in runes: the summary is always
// shown, and a warning that lists every redirected path (--lock-only on a
// big lock) would crowd out the tables that list them anyway.
const maxWarning = 400

// shorten cuts s to at most n runes at a space, marking the cut.
func shorten(s string, n int) string {
	if runes(s) <= n {
		return s
	}
	const more = " … (`flake-unify plan` prints it whole)"
	r := []rune(s)[:n-runes(more)]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > 0 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;") + more
}

// targetRole says what a target is for when there are several: the
// copies on its release line, one source, or all the rest.
func targetRole(t *unify.Target, i int) string {
	switch {
	case t.ForLine != "":
		return "for release line " + text(t.ForLine)
	case t.Input != "":
		return "for " + code(t.Input, false)
	case i == 0:
		return "main"
	}
	return "for nixpkgs"
}

func targetText(t *unify.Target) string {
	s := code(t.Spelling.String(), false)
	if l := planview.Label(&t.NodeInfo); l != "" {
		s += " (" + text(l) + ")"
	}
	return s + " — " + text(t.Why)
}

func branchName(g string) string {
	if g == "" {
		return "the default branch"
	}
	return "branch " + g
}

// redirectTable: one row per redirected input.
func redirectTable(p *unify.Plan) section {
	n := len(p.Redirects)
	rows := make([]string, n)
	for i := range p.Redirects {
		r := &p.Redirects[i]
		in := code(r.Path.String(), true)
		rows[i] = fmt.Sprintf("| %s | %s | %s | %s | %s |\n", in, dash(text(r.Branch)),
			dash(code(lockview.ShortRev(r.Rev), true)), dash(lockview.Date(r.LastModified)), code(r.Target.String(), true)+crossing(r))
	}
	return table(fmt.Sprintf("### Redirected inputs (%d)\n\n", n),
		"| input | branch | rev | date | follows |\n| --- | --- | --- | --- | --- |\n", rows,
		words.Plural(n, "redirected input", "redirected inputs"))
}

// policyBlock shows which policy decided, collapsed: reviewers who wonder
// why a copy was kept or where a target came from open it.
func policyBlock(o Options) section {
	if o.Policy == "" {
		return section{}
	}
	fence := strings.Repeat("`", max(3, longestRun(o.Policy, '`')+1))
	block := "<details><summary>Policy</summary>\n\n" + fence + "toml\n" + strings.TrimRight(o.Policy, "\n") + "\n" + fence + "\n\n</details>\n\n"
	return section{fit: func(budget int) string {
		if runes(block) > budget {
			return ""
		}
		return block
	}}
}

// why writes a reason, its `code` spans as code and the rest as text.
func why(s string) string {
	parts := strings.Split(s, "`")
	if len(parts)%2 == 0 { // an unpaired backtick: all text
		return text(s)
	}
	var b strings.Builder
	for i, part := range parts {
		if i%2 == 1 {
			b.WriteString(code(part, true))
		} else {
			b.WriteString(text(part))
		}
	}
	return b.String()
}

// crossing is " (crosses release line A → B)" for a redirect to another
// release line.
func crossing(r *unify.Redirect) string {
	if c := r.Crossing(); c != "" {
		return " (" + text(c) + ")"
	}
	return ""
}

// keptTable: the nixpkgs nodes left alone, with the reason.
func keptTable(p *unify.Plan) section {
	n := len(p.Kept)
	rows := make([]string, n)
	for i := range p.Kept {
		k := &p.Kept[i]
		rows[i] = fmt.Sprintf("| %s | %s | %s %s |\n", pathsCell(k.Paths), dash(text(planview.Label(&k.NodeInfo))),
			code(string(k.Reason), true), why(k.Why))
	}
	return table(fmt.Sprintf("### Kept (%d)\n\n", n),
		"| input | locked | reason |\n| --- | --- | --- |\n", rows,
		words.Plural(n, "kept node", "kept nodes"))
}

// pathsCell lists a node's input paths; a node that dozens of inputs follow
// would make a row too long to fit a small limit, so only the first few are
// named.
func pathsCell(ps []lockgraph.Path) string {
	const shown = 3
	var s []string
	for i, p := range ps {
		if i == shown {
			s = append(s, fmt.Sprintf("and %d more", len(ps)-shown))
			break
		}
		s = append(s, code(p.String(), true))
	}
	return dash(strings.Join(s, ", "))
}

// table is a titled markdown table that shrinks to its first rows and a
// note, and at least to a note alone; nothing at all when there are no
// rows.
func table(title, head string, rows []string, what string) section {
	n := len(rows)
	if n == 0 {
		return section{}
	}
	noteAll := fmt.Sprintf("%d %s; run `flake-unify plan` to list them.\n\n", n, what)
	more := func(k int) string {
		return fmt.Sprintf("\n… %d more; run `flake-unify plan` to list them all.\n\n", n-k)
	}
	pre := prefixRunes(rows)
	fixed := runes(title) + runes(head)
	return section{
		essential: true,
		min:       title + noteAll,
		fit: func(budget int) string {
			k := most(n, budget, func(k int) int {
				if k == 0 {
					return budget + 1 // that is min
				}
				if k == n {
					return fixed + pre[n] + 1
				}
				return fixed + pre[k] + runes(more(k))
			})
			switch {
			case k <= 0:
				return ""
			case k == n:
				return title + head + strings.Join(rows, "") + "\n"
			}
			return title + head + strings.Join(rows[:k], "") + more(k)
		},
	}
}

// footer: how to reproduce the plan, and the marker.
func footer(p *unify.Plan, o Options) section {
	cmd := o.Command
	if cmd == "" {
		cmd = command(p, o.Dir)
	}
	cmd += "\n"
	f := fenceFor(cmd)
	var b strings.Builder
	b.WriteString("### Reproduce\n\n")
	b.WriteString(f + "sh\n" + cmd + f + "\n\n")
	b.WriteString("<sub>Written by flake-unify")
	if o.Base != "" {
		b.WriteString(" for " + code(o.Base, false))
	}
	b.WriteString(". This description is rewritten whenever the plan changes.</sub>\n\n")
	b.WriteString(Marker + "\n")
	return section{min: b.String()}
}

// command is the flake-unify plan command line for p's options.
func command(p *unify.Plan, dir string) string {
	args := []string{"flake-unify", "plan"}
	add := func(a ...string) { args = append(args, a...) }
	opt := p.Options
	if dir != "" && dir != "." {
		add("-C", dir)
	}
	// What flake-unify.toml or a comment says, the checkout says too:
	// only the flags are repeated.
	if opt.To != "" && opt.ToWhy == "" {
		add("--to", opt.To)
	}
	if opt.Strategy != "" && opt.Strategy != unify.Root {
		add("--strategy", string(opt.Strategy))
	}
	if opt.PerBranch {
		add("--per-branch")
	}
	for _, k := range opt.Keep {
		if _, fromPolicy := opt.KeepWhy[k]; !fromPolicy {
			add("--keep", k)
		}
	}
	if opt.Lines != "" && opt.Lines != unify.Follow {
		add("--release-lines", string(opt.Lines))
	}
	if opt.Prune {
		add("--prune")
	}
	if len(opt.Merge) > 0 {
		m := make([]string, len(opt.Merge))
		for i, k := range opt.Merge {
			m[i] = string(k)
		}
		add("--merge", strings.Join(m, ","))
	}
	if opt.LockOnly {
		add("--lock-only")
	}
	if opt.Classifier.Match != nil {
		add("--match", opt.Classifier.Match.String())
	}
	if p.NixNeeded && p.Nix.Source == "--nix-version" {
		add("--nix-version", p.Nix.String())
	}
	for i, a := range args {
		args[i] = shellQuote(a)
	}
	return strings.Join(args, " ")
}

// shellQuote quotes a word for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./,:=@%+-") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
