package policy

import (
	"errors"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/flake-unify/flake-unify/diag"
	"github.com/flake-unify/flake-unify/lockgraph"
	"github.com/flake-unify/flake-unify/unify"
)

// FileName is the policy file's name, beside flake.nix.
const FileName = "flake-unify.toml"

// Origin says where a setting came from.
type Origin string

const (
	Default Origin = "default"
	File    Origin = "file"
	Comment Origin = "comment"
	Flag    Origin = "flag"
)

// Setting is one key's value from one layer, with where it was written.
type Setting struct {
	Key    string // as in the file: "to", "keep", "nix-version", …
	Value  Value
	Origin Origin
	File   string   // the file (File, Comment), or the flag's spelling (Flag)
	Pos    diag.Pos // of the value in File; zero for flags and defaults
	// Items are the positions of a list's elements in File, when known.
	Items []diag.Pos
}

// item is the setting narrowed to its i-th list element, for messages.
func (s Setting) item(i int) Setting {
	if i < len(s.Items) {
		s.Pos = s.Items[i]
	}
	return s
}

// Value is a setting's value: a string, a bool or a list of strings.
type Value struct {
	Str  string
	Bool bool
	List []string
}

// Where is "flake-unify.toml:3:8", "--keep" or "default", for messages.
func (s Setting) Where() string {
	switch {
	case s.Pos.IsValid():
		return s.File + ":" + s.Pos.String()
	case s.File != "":
		return s.File
	}
	return string(s.Origin)
}

// Layer is the settings of one origin, in the order they were written.
type Layer []Setting

// keys are the settings the policy knows, with their kind, in the order
// `flake-unify policy` shows them.
var keys = []struct {
	name string
	kind kind
	def  Value
	help string
}{
	{"to", str, Value{}, "the input path of the common nixpkgs, e.g. \"nixpkgs\""},
	{"strategy", str, Value{Str: string(unify.Root)}, "root, newest or most-used"},
	{"release-lines", str, Value{Str: string(unify.Follow)}, "follow, merge or separate: may a copy follow a target on another release line"},
	{"keep", list, Value{}, "input paths or globs whose nixpkgs is left alone, e.g. \"*/nixpkgs-stable\""},
	{"merge", list, Value{}, "kinds merged although only reported by default: like, pinned, non-flake, cached"},
	{"caches", str, Value{Str: "store"}, "store or fetch: read a dependency's binary caches from the Nix store only, or fetch its source with Nix when absent"},
	{"match", str, Value{}, "a regular expression: a source URL it matches also counts as nixpkgs"},
	{"inputs", list, Value{}, "other inputs to unify: names, input paths or sources"},
	{"all", boolean, Value{}, "unify nixpkgs and every source flake.lock holds twice or more"},
	{"prune", boolean, Value{}, "remove follows declarations of flake.nix that no longer do anything"},
	{"nix-version", str, Value{Str: "auto"}, "the oldest Nix the repository's users run, e.g. \"2.18\" (deeper follows need 2.30)"},
}

type kind int

const (
	str kind = iota
	boolean
	list
)

func (k kind) String() string {
	return [...]string{"a string", "true or false", "a list of strings"}[k]
}

func keyIndex(name string) int {
	return slices.IndexFunc(keys, func(k struct {
		name string
		kind kind
		def  Value
		help string
	}) bool {
		return k.name == name
	})
}

// Policy is the effective policy: every known key with its winning
// setting, keep with all of its settings.
type Policy struct {
	// Settings are the effective settings in the order of the known keys;
	// a key that no layer sets has its default (Origin Default).
	Settings []Setting
}

// Build stacks layers, lowest first (file, comments, flags): a later
// layer's key replaces an earlier one's, except keep, whose values add up.
func Build(layers ...Layer) *Policy {
	win := map[string]Setting{}
	var keeps []Setting
	for _, l := range layers {
		for _, s := range l {
			if s.Key == "keep" {
				keeps = append(keeps, s)
				continue
			}
			win[s.Key] = s
		}
	}
	p := &Policy{}
	for _, k := range keys {
		if k.name == "keep" && len(keeps) > 0 {
			p.Settings = append(p.Settings, keeps...)
			continue
		}
		s, ok := win[k.name]
		if !ok {
			s = Setting{Key: k.name, Value: k.def, Origin: Default}
		}
		p.Settings = append(p.Settings, s)
	}
	return p
}

// Get returns the effective setting of key (for keep, the first one).
func (p *Policy) Get(key string) (Setting, bool) {
	for _, s := range p.Settings {
		if s.Key == key {
			return s, true
		}
	}
	return Setting{}, false
}

func (p *Policy) str(key string) string {
	s, _ := p.Get(key)
	return s.Value.Str
}

// bad is an error about setting s's value val: positioned in its file, or
// naming the flag that gave it.
func bad(s Setting, val, why, hint string) error {
	if s.Origin == Flag {
		return &diag.Error{What: s.File + " " + val, Why: why, Hint: hint}
	}
	return &diag.Error{File: s.File, Pos: s.Pos, What: fmt.Sprintf("%s = %q", s.Key, val), Why: why, Hint: hint}
}

// Options turns the policy into the planner's options for lock l (checked
// and parsed): globs in keep are expanded to the input paths they match,
// and every value is checked against the lock. nix is how to learn the
// Nix version when no layer sets it (nil: unknown).
func (p *Policy) Options(l *lockgraph.Lock, nix func() unify.NixVersion) (unify.Options, error) {
	var o unify.Options
	var to Setting
	for _, s := range p.Settings {
		v := s.Value
		switch s.Key {
		case "to":
			o.To = v.Str
			to = s
		case "strategy":
			switch unify.Strategy(v.Str) {
			case unify.Root, unify.Newest, unify.MostUsed:
				o.Strategy = unify.Strategy(v.Str)
			default:
				return o, bad(s, v.Str, `unknown strategy: want "root", "newest" or "most-used"`, "root follows the root's own nixpkgs input; newest and most-used choose among all copies")
			}
		case "release-lines":
			switch unify.ReleaseLines(v.Str) {
			case unify.Follow, unify.Merge, unify.Separate:
				o.Lines = unify.ReleaseLines(v.Str)
			default:
				return o, bad(s, v.Str, `unknown release-lines: want "follow", "merge" or "separate"`,
					"follow: a copy follows the root's input on its own line; merge: one node for all lines; separate: never cross lines")
			}
		case "keep":
			if o.KeepWhy == nil {
				o.KeepWhy = map[string]string{}
			}
			for i := range v.List {
				paths, err := expand(l, s.item(i), v.List[i])
				if err != nil {
					return o, err
				}
				o.Keep = append(o.Keep, paths...)
				for _, p := range paths {
					if _, ok := o.KeepWhy[p]; !ok && s.Origin != Flag {
						o.KeepWhy[p] = keepWhy(s.item(i))
					}
				}
			}
		case "merge":
			for i, m := range v.List {
				if !slices.Contains(unify.Kinds, unify.Kind(m)) {
					return o, bad(s.item(i), m, `unknown kind: want "like", "pinned", "non-flake" or "cached"`, "like merges forks and nixpkgs.lib, pinned merges copies pinned to a revision, non-flake merges flake = false sources, cached merges the nixpkgs of dependencies with binary caches of their own")
				}
				o.Merge = append(o.Merge, unify.Kind(m))
			}
		case "caches":
			if v.Str != "store" && v.Str != "fetch" {
				return o, bad(s, v.Str, `unknown caches: want "store" or "fetch"`,
					"store reads a dependency's flake.nix from the Nix store only (unknown when absent); fetch fetches an absent one with nix flake prefetch")
			}
		case "match":
			if v.Str != "" {
				re, err := regexp.Compile(v.Str)
				if err != nil {
					return o, bad(s, v.Str, "not a regular expression: "+err.Error(), "write a Go regular expression, e.g. \"github:my-org/nixpkgs\"")
				}
				o.Classifier.Match = re
			}
		case "inputs":
			o.Inputs = v.List
		case "all":
			o.All = v.Bool
		case "prune":
			o.Prune = v.Bool
		case "nix-version":
			if v.Str == "" || v.Str == "auto" {
				o.Nix = nix
				continue
			}
			ver, err := unify.ParseNixVersion(v.Str)
			if err != nil {
				return o, bad(s, v.Str, err.Error(), "write it as 2.8 or 2.30, or auto (the oldest Nix your users run)")
			}
			ver.Source = s.Where()
			if s.Origin == Flag {
				ver.Source = "--nix-version"
			}
			o.Nix = func() unify.NixVersion { return ver }
		}
	}
	for _, name := range p.inputs() {
		if name.Origin == Flag {
			continue // checked by the planner, in the flag's words
		}
		if _, _, err := unify.SelectInputs(l, o.Classifier, []string{name.Value.Str}, false); err != nil {
			var de *diag.Error
			why := err.Error()
			if errors.As(err, &de) {
				why = de.Why
			}
			return o, bad(name, name.Value.Str, why, diag.Hint(err))
		}
	}
	// A flag's --to is checked by the planner, in the flag's words.
	if to.Value.Str != "" && to.Origin != Flag {
		o.ToWhy = "named by to in " + to.Where()
		key, err := l.Resolve(lockgraph.ParsePath(to.Value.Str))
		switch {
		case err != nil:
			return o, bad(to, to.Value.Str, "no such input in flake.lock: "+err.Error(),
				"name an input path of flake.lock, e.g. \"nixpkgs\" or \"home-manager/nixpkgs\" (see `flake-unify graph`)")
		case key == l.Root:
			return o, bad(to, to.Value.Str, "the root flake itself is not nixpkgs", "name an input path, e.g. \"nixpkgs\"")
		case o.Classifier.Classify(l.Nodes[key]).Class == lockgraph.Other:
			return o, bad(to, to.Value.Str, fmt.Sprintf("node %q is not nixpkgs (%s)", key, lockgraph.FlakeURL(l.Nodes[key].Original)),
				"name a nixpkgs input, or set match = \"REGEXP\" if it is a mirror of nixpkgs")
		}
	}
	return o, nil
}

// FetchCaches reports whether the policy lets a dependency whose source
// is absent be fetched with Nix to read its binary caches (caches =
// "fetch"); by default only the store is read.
func (p *Policy) FetchCaches() bool { return p.str("caches") == "fetch" }

// inputs are the inputs setting's elements, one setting each.
func (p *Policy) inputs() []Setting {
	var out []Setting
	for _, s := range p.Settings {
		if s.Key == "inputs" {
			for i, v := range s.Value.List {
				e := s.item(i)
				e.Value = Value{Str: v}
				out = append(out, e)
			}
		}
	}
	return out
}

// isGlob reports whether a keep value is a pattern rather than a path.
func isGlob(s string) bool { return strings.ContainsAny(s, "*?[") }

// expand turns one keep value into input paths: a plain path stays as
// written; a glob becomes every input path of the lock it matches, and
// matching none is an error (a typo would otherwise keep nothing,
// silently).
func expand(l *lockgraph.Lock, s Setting, pat string) ([]string, error) {
	if !isGlob(pat) {
		// A flag's path is checked by the planner, in the flag's words.
		if s.Origin != Flag {
			if _, err := l.Resolve(lockgraph.ParsePath(pat)); err != nil || pat == "" {
				return nil, bad(s, pat, "no such input in flake.lock: "+errText(err, "empty path"),
					"name an input path of flake.lock, e.g. \"home-manager/nixpkgs\" (see `flake-unify graph`)")
			}
		}
		return []string{pat}, nil
	}
	if _, err := path.Match(pat, ""); err != nil {
		return nil, bad(s, pat, "not a valid glob", "use * for one path segment, e.g. \"*/nixpkgs-stable\"")
	}
	var out []string
	err := l.Walk(func(p lockgraph.Path, _ *lockgraph.Node, _ *lockgraph.Input) error {
		if ok, _ := path.Match(pat, p.String()); ok {
			out = append(out, p.String())
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, bad(s, pat, "matches no input path of flake.lock",
			"`flake-unify graph` lists the input paths; * stands for one segment, e.g. \"*/nixpkgs-stable\"")
	}
	return out, nil
}

// keepWhy is the reason a kept copy shows for a keep from the file or a
// comment: where it is written.
func keepWhy(s Setting) string {
	if s.Origin == Comment {
		return "`# flake-unify: keep` at " + s.Where()
	}
	return "keep in " + s.Where()
}

func errText(err error, def string) string {
	if err != nil {
		return err.Error()
	}
	return def
}

// Text is the effective policy as flake-unify.toml would say it, one
// setting a line, each with where it came from as a comment.
func (p *Policy) Text() string {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, s := range p.Settings {
		fmt.Fprintf(tw, "%s = %s\t# %s\n", s.Key, s.toml(), s.Where())
	}
	tw.Flush()
	return b.String()
}

// toml writes the setting's value as TOML.
func (s Setting) toml() string {
	switch keys[keyIndex(s.Key)].kind {
	case boolean:
		return strconv.FormatBool(s.Value.Bool)
	case list:
		q := make([]string, len(s.Value.List))
		for i, v := range s.Value.List {
			q[i] = strconv.Quote(v)
		}
		return "[" + strings.Join(q, ", ") + "]"
	}
	return strconv.Quote(s.Value.Str)
}
