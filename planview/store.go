package planview

import (
	"fmt"
	"strings"

	"github.com/flake-unify/flake-unify/internal/words"
	"github.com/flake-unify/flake-unify/nixstore"
	"github.com/flake-unify/flake-unify/unify"
)

// CachesUnknown are the redirects whose dependency's binary caches the
// store could not tell (its source absent and nothing fetched, or its
// nixConfig computed): redirected as any other, and said, because a cache
// of its own may then miss.
func CachesUnknown(p *unify.Plan) []*unify.Redirect {
	var out []*unify.Redirect
	for i := range p.Redirects {
		r := &p.Redirects[i]
		if r.CachesAsked() && r.Caches.Known == nixstore.Unknown {
			out = append(out, r)
		}
	}
	return out
}

// CachesMerged are the redirects made although the dependency declares a
// binary cache of its own (merge cached).
func CachesMerged(p *unify.Plan) []*unify.Redirect {
	var out []*unify.Redirect
	for i := range p.Redirects {
		if r := &p.Redirects[i]; len(r.Caches.Own()) > 0 {
			out = append(out, r)
		}
	}
	return out
}

// CachesLines are the lines under the redirect table about the
// redirected dependencies' binary caches: one for those whose sources
// are absent (unknown until fetched), one for each other unknown (with
// why), one for each merged although it declares a cache of its own.
func CachesLines(p *unify.Plan) []string {
	var out, absent []string
	seen := map[string]bool{}
	for _, r := range CachesMerged(p) {
		out = append(out, fmt.Sprintf("%s: redirected by merge cached, although %s", r.Path, r.Caches.Reason()))
	}
	for _, r := range CachesUnknown(p) {
		if r.Caches.Absent {
			if dep := r.CachesOf.String(); !seen[dep] {
				seen[dep] = true
				absent = append(absent, dep)
			}
			continue
		}
		out = append(out, fmt.Sprintf("%s: binary caches of %s unknown: %s", r.Path, r.CachesOf, r.Caches.Why))
	}
	if len(absent) > 0 {
		out = append(out, fmt.Sprintf("binary caches unknown for %s: not in the Nix store, and nothing was fetched (caches = \"fetch\" or --caches fetch reads them with Nix)", strings.Join(absent, ", ")))
	}
	return out
}

// DownloadsText says what the flake as planned needs fetched: "0 sources
// to download (all in the store)", "3 sources to download", with the
// sources whose presence cannot be told apart; "" without store facts.
func DownloadsText(p *unify.Plan) string {
	d := p.Summary.Downloads
	if d == nil {
		return ""
	}
	s := fmt.Sprintf("%d %s to download", d.Absent, words.Plural(d.Absent, "source", "sources"))
	if d.Absent == 0 && d.Unknown == 0 {
		s += " (all in the store)"
	}
	if d.Unknown > 0 {
		s += fmt.Sprintf(", %d more unknown (no store path)", d.Unknown)
	}
	return s
}
