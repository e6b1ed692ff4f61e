package lockgraph

import (
	"testing"
)

// Originals as they appear in the corpus locks, and the identity each gets.
func TestIdentify(t *testing.T) {
	tests := []struct {
		name     string
		original Attrs
		want     string
	}{
		{"github", attrs("owner", "numtide", "repo", "flake-utils", "type", "github"), "github:numtide/flake-utils"},
		{"github case", attrs("owner", "Numtide", "repo", "Flake-Utils", "type", "github"), "github:numtide/flake-utils"},
		{"github ref", attrs("owner", "nix-community", "ref", "release-24.05", "repo", "home-manager", "type", "github"), "github:nix-community/home-manager/release-24.05"},
		{"github refs/heads", attrs("owner", "nix-community", "ref", "refs/heads/master", "repo", "home-manager", "type", "github"), "github:nix-community/home-manager/master"},
		{"github pinned rev is the same source", attrs("owner", "numtide", "repo", "flake-utils", "rev", "11707dc2f618dd54ca8739b309ec4fc024de578b", "type", "github"), "github:numtide/flake-utils"},
		{"gitlab host and ref", attrs("host", "gitlab.gnome.org", "owner", "GNOME", "ref", "50.1", "repo", "gnome-shell", "type", "gitlab"), "gitlab:gnome/gnome-shell/50.1?host=gitlab.gnome.org"},
		{"gitlab default host", attrs("host", "gitlab.com", "owner", "rycee", "repo", "nmt", "type", "gitlab"), "gitlab:rycee/nmt"},
		{"gitlab dir", attrs("dir", "pkgs/firefox-addons", "owner", "rycee", "repo", "nur-expressions", "type", "gitlab"), "gitlab:rycee/nur-expressions?dir=pkgs/firefox-addons"},
		{"sourcehut", attrs("owner", "~rycee", "repo", "nmd", "type", "sourcehut"), "sourcehut:~rycee/nmd"},
		{"git https", attrs("type", "git", "url", "https://git.outfoxxed.me/outfoxxed/quickshell"), "git+https://git.outfoxxed.me/outfoxxed/quickshell"},
		{"git .git and slash", attrs("type", "git", "url", "https://git.outfoxxed.me/outfoxxed/quickshell.git/"), "git+https://git.outfoxxed.me/outfoxxed/quickshell"},
		{"git ssh on github", attrs("type", "git", "url", "ssh://git@github.com/Foo/Bar.git"), "git+https://github.com/foo/bar"},
		{"git scp-like", attrs("type", "git", "url", "git@github.com:Foo/Bar"), "git+https://github.com/foo/bar"},
		{"git ref", attrs("ref", "main", "type", "git", "url", "https://spectrum-os.org/git/spectrum"), "git+https://spectrum-os.org/git/spectrum?ref=main"},
		{"git case kept off forges", attrs("type", "git", "url", "https://example.org/Some/Repo"), "git+https://example.org/Some/Repo"},
		{"git file", attrs("type", "git", "url", "file:///src/utils"), "git+file:///src/utils"},
		{"git 2.8 ?dir in url", attrs("dir", "sub", "type", "git", "url", "file:///src/x?dir=sub"), "git+file:///src/x?dir=sub"},
		{"tarball flakehub", attrs("type", "tarball", "url", "https://flakehub.com/f/edolstra/flake-compat/1.tar.gz"), "https://flakehub.com/f/edolstra/flake-compat/1.tar.gz"},
		{"indirect", attrs("id", "flake-utils", "type", "indirect"), "flake:flake-utils"},
		{"path", attrs("path", "/nix/store/abc-source/", "type", "path"), "path:/nix/store/abc-source"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, ok := Identify(&Node{Original: tt.original})
			if !ok {
				t.Fatal("no identity")
			}
			if got := id.String(); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
			// What String writes reads back as the same identity.
			back, _, ok := ParseSourceRef(id.String())
			if !ok || back != id {
				t.Errorf("ParseSourceRef(%s) = %+v, %v; want %+v", id, back, ok, id)
			}
		})
	}
	if _, ok := Identify(&Node{}); ok {
		t.Error("the root has an identity")
	}
}

func TestParseSourceRef(t *testing.T) {
	tests := []struct {
		in     string
		want   string
		hasRef bool
		ok     bool
	}{
		{"github:NumTide/flake-utils", "github:numtide/flake-utils", false, true},
		{"github:nix-community/home-manager/release-24.05", "github:nix-community/home-manager/release-24.05", true, true},
		{"github:numtide/flake-utils/11707dc2f618dd54ca8739b309ec4fc024de578b", "github:numtide/flake-utils", false, true},
		{"git+https://codeberg.org/x/y.git?ref=main", "git+https://codeberg.org/x/y?ref=main", true, true},
		{"https://flakehub.com/f/edolstra/flake-compat/1.tar.gz", "https://flakehub.com/f/edolstra/flake-compat/1.tar.gz", false, true},
		{"flake:flake-utils", "flake:flake-utils", false, true},
		{"github:onlyowner", "", false, false},
		{"ftp://x/y", "", false, false},
		{"flake-utils", "", false, false},
	}
	for _, tt := range tests {
		id, hasRef, ok := ParseSourceRef(tt.in)
		if ok != tt.ok || hasRef != tt.hasRef || (ok && id.String() != tt.want) {
			t.Errorf("ParseSourceRef(%q) = %s, %v, %v; want %s, %v, %v", tt.in, id, hasRef, ok, tt.want, tt.hasRef, tt.ok)
		}
	}
}
