package prbody

import (
	"fmt"
	"strings"

	"github.com/flake-unify/flake-unify/internal/words"
	"github.com/flake-unify/flake-unify/planview"
	"github.com/flake-unify/flake-unify/unify"
)

// storeSection: what the Nix store the plan consulted said: the copies
// kept for their dependency's binary cache, the redirects whose caches are
// unknown or merged anyway, and the downloads the result needs. Its short
// form has the counts alone. Nothing when the store was not consulted.
func storeSection(p *unify.Plan, o Options) section {
	if p.Options.Store == nil {
		return section{}
	}
	var kept []*unify.Kept
	for i := range p.Kept {
		if p.Kept[i].Reason == unify.KeepCache {
			kept = append(kept, &p.Kept[i])
		}
	}
	whose := o.StoreOf
	if whose == "" {
		whose = "this machine's"
	}
	var b strings.Builder
	b.WriteString("### Binary caches and downloads\n\n")
	foot := fmt.Sprintf("<sub>Read from %s Nix store: a dependency whose source it does not hold has unknown caches (never guessed as none).</sub>\n\n", text(whose))
	head := b.String()
	var counts []string
	if len(kept) > 0 {
		counts = append(counts, fmt.Sprintf("%d %s kept for %s binary %s", len(kept), words.Plural(len(kept), "copy", "copies"),
			words.Plural(len(kept), "its dependency's", "their dependencies'"), words.Plural(len(kept), "cache", "caches")))
	}
	if n := len(planview.CachesUnknown(p)); n > 0 {
		counts = append(counts, fmt.Sprintf("%d %s with unknown caches", n, words.Plural(n, "redirect", "redirects")))
	}
	if d := planview.DownloadsText(p); d != "" {
		counts = append(counts, d+" after this change")
	}
	short := head + text(strings.Join(counts, "; ")) + ".\n\n" + foot
	var full strings.Builder
	full.WriteString(head)
	for _, k := range kept {
		fmt.Fprintf(&full, "- kept %s: %s\n", pathsCell(k.Paths), why(k.Why))
	}
	for _, l := range planview.CachesLines(p) {
		fmt.Fprintf(&full, "- %s\n", why(l))
	}
	if d := planview.DownloadsText(p); d != "" {
		fmt.Fprintf(&full, "- %s after this change\n", text(d))
	}
	full.WriteString("\n" + foot)
	long := full.String()
	return section{min: short, fit: func(budget int) string {
		if runes(long) > budget {
			return ""
		}
		return long
	}}
}

// measureSection: the before → after table of `--measure`, when measured.
func measureSection(o Options) section {
	if o.Measure == "" {
		return section{}
	}
	block := "### Measured on this flake\n\n" + strings.TrimRight(o.Measure, "\n") + "\n\n"
	return section{fit: func(budget int) string {
		if runes(block) > budget {
			return ""
		}
		return block
	}}
}
