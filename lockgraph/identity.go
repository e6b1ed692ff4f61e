package lockgraph

import (
	"net/url"
	"strings"
)

// SourceID says where a node's source comes from, whatever revision it is
// locked to: two nodes with the same SourceID are copies of one input
// (flake-utils, systems, home-manager, …) that a follows can merge.
//
// It is built from "original" (what the author asked for), never from the
// node key or the input name. Owner and repository are compared
// case-insensitively on github, gitlab and sourcehut (the forges do), git
// URLs without scheme, user, trailing slash and ".git"; the branch or tag
// and the subdirectory are part of the identity (another branch is another
// source, another dir another flake). A pinned rev is not: it is a revision
// of the same source, which the planner reports instead of merging.
type SourceID struct {
	Type string // fetcher type: github, gitlab, sourcehut, git, hg, tarball, file, path, indirect
	Host string // forge host when not the forge's default, lower case
	Repo string // owner/repo (forges, lower case), normalised URL (git, hg, tarball, file), path, or registry id
	Ref  string // branch or tag, without refs/heads/; "" is the default branch
	Dir  string // the flake's subdirectory
}

// isForge: the fetchers that name a repository by owner and name. (These
// small sets are switches rather than maps so that the package allocates
// nothing when a program starts.)
func isForge(typ string) bool {
	switch typ {
	case "github", "gitlab", "sourcehut":
		return true
	}
	return false
}

// isCaseFree: git hosts whose owner/repo paths are case-insensitive.
func isCaseFree(host string) bool {
	switch host {
	case "github.com", "gitlab.com", "git.sr.ht":
		return true
	}
	return false
}

// Identify returns n's source identity; false for the root (no original)
// and for an original without a type.
func Identify(n *Node) (SourceID, bool) {
	return identifyAttrs(n.Original)
}

func identifyAttrs(a Attrs) (SourceID, bool) {
	id := SourceID{Type: a.Str("type"), Ref: strings.TrimPrefix(a.Str("ref"), "refs/heads/"), Dir: strings.Trim(a.Str("dir"), "/")}
	switch {
	case id.Type == "":
		return SourceID{}, false
	case isForge(id.Type):
		id.Host = strings.ToLower(a.Str("host"))
		if id.Host == defaultHost(id.Type) {
			id.Host = ""
		}
		id.Repo = strings.ToLower(a.Str("owner") + "/" + a.Str("repo"))
	case id.Type == "indirect":
		id.Repo = a.Str("id")
	case id.Type == "path":
		id.Repo = strings.TrimRight(a.Str("path"), "/")
	default: // git, hg, tarball, file and fetchers Nix adds later: by URL
		var dir string
		id.Repo, dir = normalURL(id.Type, a.Str("url"))
		if id.Dir == "" {
			id.Dir = dir
		}
	}
	return id, true
}

// defaultHost is the host a forge fetcher uses when it names none.
func defaultHost(typ string) string {
	switch typ {
	case "github":
		return "github.com"
	case "gitlab":
		return "gitlab.com"
	case "sourcehut":
		return "git.sr.ht"
	}
	return ""
}

// normalURL reduces a fetcher URL to what identifies the repository or
// archive: no scheme, no user, no query (a ?dir= in it, which Nix 2.8 keeps,
// is returned apart), no trailing / or .git (git only), lower-case host, and
// a lower-case path on hosts that ignore case. Local file URLs keep their
// file:// so that they never collide with a host name.
func normalURL(typ, raw string) (norm, dir string) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || (u.Host == "" && u.Scheme != "file") {
		if typ == "git" { // scp-like git@host:owner/repo
			host, owner, repo := splitGitURL(raw)
			if host != "" {
				return normalPath(strings.ToLower(host), "/"+owner+"/"+repo, true), ""
			}
		}
		return raw, ""
	}
	dir = u.Query().Get("dir")
	if u.Scheme == "file" || u.Host == "" {
		return "file://" + normalPath("", u.Path, typ == "git"), dir
	}
	return normalPath(strings.ToLower(u.Hostname()), u.Path, typ == "git"), dir
}

func normalPath(host, path string, git bool) string {
	path = strings.TrimRight(path, "/")
	if git {
		path = strings.TrimSuffix(path, ".git")
	}
	if isCaseFree(host) {
		path = strings.ToLower(path)
	}
	return host + path
}

// String writes the identity as a flake reference a person can pass back
// (flake-unify --input), e.g. github:numtide/flake-utils,
// github:nix-community/home-manager/release-24.05,
// git+https://codeberg.org/x/y?ref=main. Git and tarball URLs are the
// normalised ones, written with https:// (or file://).
func (id SourceID) String() string {
	var s string
	var q []string
	switch {
	case isForge(id.Type):
		s = id.Type + ":" + id.Repo
		if id.Ref != "" {
			s += "/" + id.Ref
		}
		if id.Host != "" {
			q = append(q, "host="+id.Host)
		}
	case id.Type == "indirect":
		s = "flake:" + id.Repo
		if id.Ref != "" {
			s += "/" + id.Ref
		}
	case id.Type == "path":
		s = "path:" + id.Repo
	default:
		s = id.Repo
		if !strings.HasPrefix(s, "file://") && strings.Contains(s, "/") {
			s = "https://" + s
		}
		switch id.Type {
		case "tarball":
		case "file":
			s = "file+" + s
		default:
			s = id.Type + "+" + s
		}
		if id.Ref != "" {
			q = append(q, "ref="+id.Ref)
		}
	}
	if id.Dir != "" {
		q = append(q, "dir="+id.Dir)
	}
	if len(q) > 0 {
		s += "?" + strings.Join(q, "&")
	}
	return s
}

// ParseSourceRef reads a flake reference as a person writes it on the
// command line (github:numtide/flake-utils, gitlab:o/r/ref,
// git+https://host/x.git?ref=main, https://host/a.tar.gz, flake:id) into
// the identity it names. hasRef reports whether the reference names a
// branch: without one it stands for every branch of the source. It
// understands the common forms only; ok is false for anything else.
func ParseSourceRef(s string) (id SourceID, hasRef, ok bool) {
	scheme, rest, found := strings.Cut(s, ":")
	if !found || rest == "" {
		return SourceID{}, false, false
	}
	var query url.Values
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		query, _ = url.ParseQuery(rest[i+1:])
		rest = rest[:i]
	}
	a := Attrs{}
	set := func(k, v string) {
		if v != "" {
			a = a.Set(k, StringValue(v))
		}
	}
	switch {
	case isForge(scheme):
		parts := strings.SplitN(rest, "/", 3)
		if len(parts) < 2 || parts[0] == "" || parts[1] == "" {
			return SourceID{}, false, false
		}
		set("type", scheme)
		set("owner", parts[0])
		set("repo", parts[1])
		if len(parts) == 3 && !isRev(parts[2]) {
			set("ref", parts[2])
		}
		set("host", query.Get("host"))
	case scheme == "flake":
		id, ref, _ := strings.Cut(rest, "/")
		set("type", "indirect")
		set("id", id)
		if !isRev(ref) {
			set("ref", ref)
		}
	case scheme == "path":
		set("type", "path")
		set("path", rest)
	case strings.HasPrefix(scheme, "git+"), strings.HasPrefix(scheme, "hg+"), strings.HasPrefix(scheme, "file+"), strings.HasPrefix(scheme, "tarball+"):
		typ, sch, _ := strings.Cut(scheme, "+")
		set("type", typ)
		set("url", sch+":"+rest)
		set("ref", query.Get("ref"))
	case scheme == "http" || scheme == "https":
		set("type", "tarball")
		set("url", scheme+":"+rest)
	default:
		return SourceID{}, false, false
	}
	set("dir", query.Get("dir"))
	id, ok = identifyAttrs(a)
	return id, id.Ref != "", ok
}

// isRev reports whether s is a full git revision (40 hex digits).
func isRev(s string) bool {
	if len(s) != 40 {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// Unmergeable says why a node of an identity must not follow another
// copy; "" when it may. Path inputs are the user's local trees (and a
// relative one is resolved against its parent flake), so the same path
// under two flakes is not the same source.
func Unmergeable(n *Node) string {
	switch {
	case n.HasParent:
		return "a relative path input, resolved against the flake that declares it"
	case n.Original.Str("type") == "path":
		return "a path input: a local tree, not a fetched source"
	}
	return ""
}
