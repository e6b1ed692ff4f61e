package lockgraph

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// Class says whether a node is nixpkgs.
type Class uint8

const (
	// Other is anything that is not nixpkgs.
	Other Class = iota
	// Nixpkgs is NixOS/nixpkgs in any form: the nodes to unify.
	Nixpkgs
	// NixpkgsLike is a fork, a subset (nixpkgs.lib) or a derivative
	// snapshot of nixpkgs: reported, never merged unless asked for.
	NixpkgsLike
)

func (c Class) String() string {
	return [...]string{"other", "nixpkgs", "nixpkgs-like"}[c]
}

// Classifier decides which nodes are nixpkgs, by content: a node's
// "original" (what its author asked for) first, its "locked" second; never by
// key or input name.
type Classifier struct {
	// Match, when set, also counts a node as nixpkgs when its source written
	// as a flake URL (FlakeURL of original or locked) matches — for mirrors.
	Match *regexp.Regexp
}

// Source is what a Classifier says about one node.
type Source struct {
	Class Class
	Why   string // e.g. "github NixOS/nixpkgs", "fork jane/nixpkgs"
}

// isDerivative: snapshots of nixpkgs under another repository name.
// owner and repo are compared as lower case.
func isDerivative(owner, repo string) bool {
	return lowerIs(owner, "cachix") && lowerIs(repo, "devenv-nixpkgs") ||
		lowerIs(owner, "determinatesystems") && lowerIs(repo, "nixpkgs-weekly") ||
		lowerIs(owner, "numtide") && lowerIs(repo, "nixpkgs-unfree")
}

// lowerIs reports whether strings.ToLower(s) == t, for t in lower-case
// ASCII, without making the lower-case copy (a lock names every owner and
// repository, and most are classified twice a plan). ToLower maps rune
// by rune, so s matches only if it has len(t) runes that each lower to
// an ASCII letter: of the same length, s must be ASCII, and most names
// are told apart by their length alone; longer, it holds some of the few
// non-ASCII letters that lower to ASCII ones (İ, the Kelvin sign).
func lowerIs(s, t string) bool {
	if len(s) != len(t) {
		return len(s) > len(t) && len(s) <= utf8.UTFMax*len(t) && !ascii(s) && strings.ToLower(s) == t
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != t[i] { // a non-ASCII byte too: t is ASCII
			return false
		}
	}
	return true
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// Classify classifies one node.
func (c Classifier) Classify(n *Node) Source {
	if c.Match != nil && (c.Match.MatchString(FlakeURL(n.Original)) || c.Match.MatchString(FlakeURL(n.Locked))) {
		return Source{Class: Nixpkgs, Why: "matches " + c.Match.String()}
	}
	if s := classifyAttrs(n.Original); s.Class != Other {
		return s
	}
	return classifyAttrs(n.Locked)
}

func classifyAttrs(a Attrs) Source {
	f := sourceFields(a)
	switch f.typ {
	case "indirect":
		if f.id == "nixpkgs" {
			return Source{Nixpkgs, "registry nixpkgs"}
		}
	case "github":
		kind := "github"
		if f.host != "" && !strings.EqualFold(f.host, "github.com") {
			kind = "github " + f.host // GitHub Enterprise: at most a mirror
		}
		return classifyRepo(kind, f.owner, f.repo)
	case "gitlab", "sourcehut":
		return classifyRepo(f.typ, f.owner, f.repo)
	case "git":
		host, owner, repo := splitGitURL(f.url)
		if strings.EqualFold(host, "github.com") {
			return classifyRepo("git", owner, repo)
		}
		if host != "" && strings.EqualFold(repo, "nixpkgs") { // a local file:// clone says nothing
			return Source{NixpkgsLike, "git " + host + "/" + owner + "/" + repo}
		}
	case "tarball", "file":
		return classifyTarball(f.url)
	}
	return Source{}
}

// fields are the attributes a source is classified by, as Attrs.Str
// reads them ("" when absent or not a string).
type fields struct{ typ, id, host, owner, repo, url string }

// sourceFields reads a's fields in one pass rather than one look-up
// each: every node of a lock is classified, most of them twice. As with
// Get, the first of equal keys counts.
func sourceFields(a Attrs) fields {
	var f fields
	var seen uint8
	for i := range a {
		var to *string
		var bit uint8
		switch a[i].Key {
		case "type":
			to, bit = &f.typ, 1
		case "id":
			to, bit = &f.id, 2
		case "host":
			to, bit = &f.host, 4
		case "owner":
			to, bit = &f.owner, 8
		case "repo":
			to, bit = &f.repo, 16
		case "url":
			to, bit = &f.url, 32
		default:
			continue
		}
		if seen&bit == 0 && a[i].Value.Kind == String {
			*to = a[i].Value.Str
		}
		seen |= bit
	}
	return f
}

// classifyRepo classifies a repository on a forge by owner and name.
func classifyRepo(kind, owner, repo string) Source {
	switch {
	case repo == "" || owner == "": // (ToLower never makes an empty string of another)
		return Source{}
	case lowerIs(owner, "nixos") && lowerIs(repo, "nixpkgs"):
		switch kind {
		case "github":
			return Source{Nixpkgs, "github NixOS/nixpkgs"}
		case "git":
			return Source{Nixpkgs, "git NixOS/nixpkgs"}
		}
		return Source{NixpkgsLike, kind + " mirror " + owner + "/" + repo}
	case lowerIs(repo, "nixpkgs"):
		return Source{NixpkgsLike, "fork " + owner + "/" + repo}
	case lowerIs(repo, "nixpkgs.lib"):
		return Source{NixpkgsLike, "nixpkgs library subset " + owner + "/" + repo}
	case isDerivative(owner, repo):
		return Source{NixpkgsLike, "nixpkgs derivative " + owner + "/" + repo}
	}
	return Source{}
}

// splitGitURL normalises a git URL (https, ssh, scp-like) to host, owner and
// repository name: scheme, user@, trailing / and .git dropped.
func splitGitURL(raw string) (host, owner, repo string) {
	s := raw
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	} else if i := strings.Index(s, ":"); i >= 0 && !strings.Contains(s[:i], "/") {
		s = s[:i] + "/" + s[i+1:] // git@github.com:NixOS/nixpkgs
	}
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i]
	}
	if i := strings.Index(s, "@"); i >= 0 && !strings.Contains(s[:i], "/") {
		s = s[i+1:]
	}
	s = strings.TrimSuffix(strings.TrimRight(s, "/"), ".git")
	parts := strings.Split(s, "/")
	if len(parts) < 3 {
		return "", "", ""
	}
	host = parts[0]
	if i := strings.LastIndex(host, ":"); i >= 0 { // port
		host = host[:i]
	}
	return host, parts[len(parts)-2], parts[len(parts)-1]
}

// classifyTarball recognises nixpkgs archives: channel tarballs, GitHub
// archives and FlakeHub.
func classifyTarball(raw string) Source {
	u, err := url.Parse(raw)
	if err != nil {
		return Source{}
	}
	host := strings.ToLower(u.Hostname())
	path := u.Path
	if p, err := url.PathUnescape(u.EscapedPath()); err == nil {
		path = p // FlakeHub's '*' may be written %2A
	}
	seg := strings.Split(strings.Trim(path, "/"), "/")
	at := func(i int) string {
		if i < len(seg) {
			return strings.ToLower(seg[i])
		}
		return ""
	}
	isExprs := strings.HasSuffix(path, "/nixexprs.tar.xz")
	switch host {
	case "channels.nixos.org":
		return Source{Nixpkgs, "channel " + at(0)}
	case "nixos.org", "www.nixos.org":
		if at(0) == "channels" {
			return Source{Nixpkgs, "channel " + at(1)}
		}
	case "releases.nixos.org":
		if isExprs {
			return Source{Nixpkgs, "channel release " + at(2)}
		}
	case "github.com":
		if at(2) == "archive" {
			return classifyRepo("github", seg[0], seg[1])
		}
	case "codeload.github.com":
		if at(2) == "tar.gz" || at(2) == "zip" || at(2) == "legacy.tar.gz" {
			return classifyRepo("github", seg[0], seg[1])
		}
	case "api.github.com":
		if at(0) == "repos" && (at(3) == "tarball" || at(3) == "zipball") {
			return classifyRepo("github", seg[1], seg[2])
		}
	case "flakehub.com", "api.flakehub.com":
		i := slices.Index(seg, "f")
		if i < 0 {
			break
		}
		if at(i+1) == "pinned" {
			i++
		}
		if at(i+1) != "" && at(i+2) != "" {
			s := classifyRepo("github", seg[i+1], strings.TrimSuffix(seg[i+2], ".tar.gz"))
			if s.Class != Other {
				s.Why = strings.Replace(s.Why, "github", "flakehub", 1)
			}
			return s
		}
	}
	return Source{}
}
