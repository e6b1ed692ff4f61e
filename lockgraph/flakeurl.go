package lockgraph

import (
	"net/url"
	"strings"
)

// FlakeURL writes fetcher attributes as the flake reference a person would
// type, e.g. github:NixOS/nixpkgs/nixos-unstable or
// git+https://example.com/nixpkgs?ref=main. It is for display and matching
// only: Nix compares attributes, never this string, so it is never written
// back into a lock.
func FlakeURL(a Attrs) string {
	typ := a.Str("type")
	var base string
	skip := map[string]bool{"type": true, "narHash": true, "lastModified": true, "revCount": true}
	switch typ {
	case "github", "gitlab", "sourcehut":
		base = typ + ":" + a.Str("owner") + "/" + a.Str("repo")
		skip["owner"], skip["repo"] = true, true
		if r := a.Str("rev"); r != "" {
			base += "/" + r
			skip["rev"] = true
		} else if r := a.Str("ref"); r != "" {
			base += "/" + r
			skip["ref"] = true
		}
	case "indirect":
		base = "flake:" + a.Str("id")
		skip["id"] = true
		for _, k := range []string{"ref", "rev"} {
			if r := a.Str(k); r != "" {
				base += "/" + r
				skip[k] = true
			}
		}
	case "path":
		base = "path:" + a.Str("path")
		skip["path"] = true
	case "tarball", "file":
		base = a.Str("url")
		if typ == "file" {
			base = "file+" + base
		}
		skip["url"] = true
	default: // git, hg and anything newer: <type>+<url>
		base = typ + "+" + a.Str("url")
		skip["url"] = true
	}
	var q []string
	for _, at := range a {
		if !skip[at.Key] {
			q = append(q, url.QueryEscape(at.Key)+"="+url.QueryEscape(at.Value.String()))
		}
	}
	if len(q) == 0 {
		return base
	}
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + strings.Join(q, "&")
}
