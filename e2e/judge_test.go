package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/flake-unify/flake-unify/internal/nixtest"
)

// unifier is what the judge judges: flake-unify itself, or the reference
// done by hand in the test (to validate the judge), or a deliberately broken
// one (to show the judge catches each kind of mistake).
type unifier interface {
	String() string
	// plan returns the nixpkgs input paths the unifier says it cannot
	// redirect (depth ≥ 3 on Nix < 2.30 when it does not hoist).
	plan(w *world) (reported []string, err error)
	// apply rewrites the root's flake.nix and flake.lock in place.
	apply(w *world) error
}

// verdict collects what the judge found; every entry is one failure.
type verdict struct{ problems []string }

func (v *verdict) add(format string, args ...any) {
	v.problems = append(v.problems, fmt.Sprintf(format, args...))
}

func (w *world) read(rel string) []byte {
	b, err := os.ReadFile(filepath.Join(w.root, rel))
	if err != nil {
		w.t.Fatal(err)
	}
	return b
}

func (w *world) write(rel string, data []byte) {
	if err := os.WriteFile(filepath.Join(w.root, rel), data, 0o644); err != nil {
		w.t.Fatal(err)
	}
}

func (w *world) newNix() bool { return w.nix.AtLeast(2, 30) }

func (w *world) classifier() classifier { return classifier{match: matchRegexp} }

// reset puts the root back as it was before the first judgment: the
// committed flake.nix and flake.lock (upstream releases stay; the lock pins).
func (w *world) reset() {
	w.write("flake.nix", []byte(w.rootText))
	w.write("flake.lock", w.origLock)
	w.planOut = ""
}

// judge runs u on the world and checks (a)–(e); it returns every problem.
func (w *world) judge(u unifier) *verdict {
	w.t.Helper()
	w.reset()
	v := &verdict{}
	orig, err := parseLock(w.origLock)
	if err != nil {
		w.t.Fatalf("original lock: %v", err)
	}
	reported, err := u.plan(w)
	if err != nil {
		v.add("%s plan: %v", u, err)
		return v
	}
	m, problems := buildModel(orig, w.classifier(), w.spec.Opts, w.newNix(), reported)
	v.problems = append(v.problems, problems...)
	if m == nil {
		return v
	}
	w.t.Logf("policy: %s", m.describe())
	if err := u.apply(w); err != nil {
		v.add("%s apply: %v", u, err)
		return v
	}
	lock1, text1 := w.read("flake.lock"), w.read("flake.nix")
	if m.merges > 0 && bytes.Equal(lock1, w.origLock) {
		v.add("apply left flake.lock unchanged, but the policy merges %d path(s): %s", m.merges, m.describe())
	}
	final, err := parseLock(lock1)
	if err != nil {
		v.add("apply wrote an unreadable flake.lock: %v", err)
		return v
	}
	w.judgeText(v, text1)

	// (b) Nix accepts the result as up to date.
	if err := w.nix.UpToDate(w.t, w.root); err != nil {
		v.add("(b) nix flake lock --no-update-lock-file rejects the result: %v", err)
	}
	// (a) Nix, given the patched flake.nix and the original lock, writes exactly our bytes.
	w.write("flake.lock", w.origLock)
	if _, stderr, err := w.nix.Run(w.t, w.root, "flake", "lock"); err != nil {
		v.add("(a) nix flake lock on the original lock with the patched flake.nix fails: %v", err)
	} else if nixLock := w.read("flake.lock"); !bytes.Equal(nixLock, lock1) {
		v.add("(a) Nix writes a different lock than apply (nix said: %s):\n%s", strings.TrimSpace(stderr),
			nixtest.LineDiff(lock1, nixLock))
	}
	w.write("flake.lock", lock1)

	// (c) the copies left are the policy's, and evaluation agrees.
	w.judgeLock(v, m, orig, final, "(c)")
	w.judgeEval(v, m, orig, final, "(c)")

	// (e) a second apply changes nothing.
	if err := u.apply(w); err != nil {
		v.add("(e) second apply fails: %v", err)
	} else {
		if b := w.read("flake.lock"); !bytes.Equal(b, lock1) {
			v.add("(e) second apply changes flake.lock:\n%s", nixtest.LineDiff(b, lock1))
		}
		if b := w.read("flake.nix"); !bytes.Equal(b, text1) {
			v.add("(e) second apply changes flake.nix:\n%s", nixtest.LineDiff(b, text1))
		}
	}
	w.write("flake.lock", lock1)
	w.write("flake.nix", text1)

	// (d) upstream moves on, `nix flake update` keeps it unified.
	for _, r := range w.later() {
		w.release(r)
	}
	_, _, err = w.nix.Run(w.t, w.root, "flake", "update")
	if err != nil {
		v.add("(d) nix flake update fails: %v", err)
		return v
	}
	updated, err := parseLock(w.read("flake.lock"))
	if err != nil {
		v.add("(d) %v", err)
		return v
	}
	w.judgeUpdated(v, m, updated)
	return v
}

// later is the upstream movement before `nix flake update`: the universe's
// Later releases, else a new release of every branch in use.
func (w *world) later() []release {
	if len(w.spec.Later) > 0 {
		return w.spec.Later
	}
	seen := map[release]bool{}
	var out []release
	for _, r := range w.spec.Releases {
		k := release{Repo: r.Repo, Branch: r.Branch, Epoch: 99}
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	w.laterRound++
	for i, r := range out {
		w.dates[r] = nixtest.Date(2030, 1, 1).AddDate(0, w.laterRound, i)
	}
	return out
}

var commentRE = regexp.MustCompile(`(?m)#[^\r\n]*|/\*(?s:.*?)\*/`)

// judgeText checks the patched flake.nix kept what a person wrote: every
// comment, the outputs, the line-ending convention.
func (w *world) judgeText(v *verdict, text []byte) {
	orig := w.rootText
	for _, c := range commentRE.FindAllString(orig, -1) {
		if !bytes.Contains(text, []byte(c)) {
			v.add("flake.nix lost the comment %q", c)
		}
	}
	if i := strings.Index(orig, "outputs ="); i >= 0 {
		out := orig[i:strings.LastIndex(orig, "}")]
		if !bytes.Contains(text, []byte(strings.TrimRight(out, " \t\r\n"))) {
			v.add("flake.nix: the outputs were changed")
		}
	}
	if strings.Contains(orig, "\r\n") && bytes.Contains(bytes.ReplaceAll(text, []byte("\r\n"), nil), []byte("\n")) {
		v.add("flake.nix has CRLF line endings, but the patch added bare LF lines")
	}
	if !bytes.HasPrefix(text, []byte(orig[:min(len(orig), strings.Index(orig, "{")+1)])) {
		v.add("flake.nix: the text before the top-level { changed")
	}
}

// judgeLock checks every nixpkgs path against its rule, and the copy count.
func (w *world) judgeLock(v *verdict, m *policyModel, orig, final *lockFile, tag string) {
	for _, r := range m.rules {
		k, err := final.resolve(r.path)
		if err != nil {
			v.add("%s %s no longer resolves: %v", tag, r, err)
			continue
		}
		want := r.origKey
		if !r.keep {
			want = m.targets[r.group].key
		}
		if final.content(k) != orig.content(want) {
			v.add("%s %s (%s) is %s, want %s", tag, r, r.why, w.nodeName(final, k), w.nodeName(orig, want))
		}
	}
	if got := final.countNixpkgs(m.cls); got != m.count {
		v.add("%s %d nixpkgs copies left, the policy says %d (%s)", tag, got, m.count, m.describe())
	}
}

// nodeName describes a node by its marker (which stand-in revision it is).
func (w *world) nodeName(l *lockFile, key string) string {
	n := l.nodes[key]
	if mk, ok := w.markers[n.rev()]; ok {
		return fmt.Sprintf("%s [%s]", mk, key)
	}
	return fmt.Sprintf("rev %s [%s]", n.rev(), key)
}

type evalResult struct {
	Seen     map[string]map[string]string `json:"seen"` // dependency input path → input name → marker
	RootSeen map[string]string            `json:"rootSeen"`
}

func (w *world) eval() (*evalResult, error) {
	out, _, err := w.nix.Run(w.t, w.root, "eval", "--json", ".#e2e")
	if err != nil {
		return nil, err
	}
	res := &evalResult{}
	if err := json.Unmarshal([]byte(out), res); err != nil {
		return nil, fmt.Errorf("e2e: %v: %s", err, out)
	}
	return res, nil
}

// judgeEval evaluates what every dependency sees and checks that Nix agrees
// with the lock, and the lock with the policy.
func (w *world) judgeEval(v *verdict, m *policyModel, orig, final *lockFile, tag string) {
	res, err := w.eval()
	if err != nil {
		v.add("%s evaluating the dependencies fails: %v", tag, err)
		return
	}
	markerAt := func(l *lockFile, p []string) string {
		k, err := l.resolve(p)
		if err != nil {
			return "<" + err.Error() + ">"
		}
		if mk, ok := w.markers[l.nodes[k].rev()]; ok {
			return mk
		}
		return "<unknown rev " + l.nodes[k].rev() + ">"
	}
	for _, d := range sortedKeys(res.Seen) {
		for _, in := range sortedKeys(res.Seen[d]) {
			p := append(splitPath(d), in)
			if got, want := res.Seen[d][in], markerAt(final, p); got != want {
				v.add("%s Nix evaluates %s to %s, the lock says %s", tag, strings.Join(p, "/"), got, want)
			}
		}
	}
	for name, got := range res.RootSeen {
		if want := markerAt(orig, []string{name}); got != want {
			v.add("%s the root's own %s now evaluates to %s, was %s", tag, name, got, want)
		}
	}
	for _, r := range m.rules {
		if len(r.path) < 2 {
			continue
		}
		d, in := strings.Join(r.path[:len(r.path)-1], "/"), r.path[len(r.path)-1]
		got, ok := res.Seen[d][in]
		if !ok {
			v.add("%s %s is not seen by any evaluated dependency", tag, r)
			continue
		}
		want := markerAt(orig, r.path)
		if !r.keep {
			want = w.markers[orig.nodes[m.targets[r.group].key].rev()]
		}
		if got != want {
			v.add("%s dependency %s sees %s as %s, want %s (%s)", tag, d, in, got, want, r.why)
		}
	}
}

// judgeUpdated checks the lock `nix flake update` wrote: the same number of
// copies, no dependency path back on a copy of its own, and evaluation shows
// the merged dependencies all on their group's target.
func (w *world) judgeUpdated(v *verdict, m *policyModel, updated *lockFile) {
	const tag = "(d) after nix flake update:"
	if got := updated.countNixpkgs(m.cls); got != m.count {
		v.add("%s %d nixpkgs copies, the policy says %d", tag, got, m.count)
	}
	res, err := w.eval()
	if err != nil {
		v.add("%s evaluating the dependencies fails: %v", tag, err)
		return
	}
	byGroup := map[string]map[string][]string{} // group → marker → paths
	for _, r := range m.rules {
		if r.keep || len(r.path) < 2 {
			continue
		}
		d, in := strings.Join(r.path[:len(r.path)-1], "/"), r.path[len(r.path)-1]
		got, ok := res.Seen[d][in]
		if !ok {
			v.add("%s %s is not seen by any evaluated dependency", tag, r)
			continue
		}
		if byGroup[r.group] == nil {
			byGroup[r.group] = map[string][]string{}
		}
		byGroup[r.group][got] = append(byGroup[r.group][got], r.String())
		if t := m.targets[r.group]; !strings.Contains(t.decl, "/") {
			if root, ok := res.RootSeen[t.decl]; ok && root != got {
				v.add("%s dependency %s sees %s as %s, the root's %s is %s", tag, d, in, got, t.decl, root)
			}
		}
	}
	for g, ms := range byGroup {
		if len(ms) > 1 {
			v.add("%s merged dependencies of group %q see %d different nixpkgs: %v", tag, g, len(ms), ms)
		}
	}
}
