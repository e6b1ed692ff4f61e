package forge

import (
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/diag"
)

func TestAPIRoot(t *testing.T) {
	for _, tc := range []struct{ kind, in, want string }{
		{"github", "", "https://api.github.com"},
		{"github", "https://github.com", "https://api.github.com"},
		{"github", "https://github.com/", "https://api.github.com"},
		{"github", "https://api.github.com", "https://api.github.com"},
		{"github", "https://octocorp.ghe.com", "https://api.octocorp.ghe.com"},
		{"github", "https://api.octocorp.ghe.com/", "https://api.octocorp.ghe.com"},
		{"github", "https://github.example.com", "https://github.example.com/api/v3"},
		{"github", "https://github.example.com/api/v3/", "https://github.example.com/api/v3"},
		{"github", "http://127.0.0.1:8080", "http://127.0.0.1:8080/api/v3"},
		{"gitea", "https://codeberg.org", "https://codeberg.org/api/v1"},
		{"gitea", "https://codeberg.org/api/v1", "https://codeberg.org/api/v1"},
		{"gitea", "https://example.com/git/", "https://example.com/git/api/v1"},
		{"gitea", "http://127.0.0.1:3000", "http://127.0.0.1:3000/api/v1"},
		{"gitlab", "", "https://gitlab.com/api/v4"},
		{"gitlab", "https://gitlab.com", "https://gitlab.com/api/v4"},
		{"gitlab", "https://gitlab.example.com/gitlab", "https://gitlab.example.com/gitlab/api/v4"},
		{"gitlab", "https://gitlab.example.com/api/v4", "https://gitlab.example.com/api/v4"},
	} {
		got, err := apiRoot(tc.kind, tc.in)
		if err != nil || got.String() != tc.want {
			t.Errorf("apiRoot(%s, %q) = %v, %v; want %s", tc.kind, tc.in, got, err, tc.want)
		}
	}
}

// New refuses what cannot work before any request, with a hint.
func TestNewRefuses(t *testing.T) {
	ok := Config{Kind: "gitea", URL: "https://codeberg.org", Repo: "owner/name", Token: "secret-token-123"}
	for _, tc := range []struct {
		name string
		edit func(*Config)
		want string // in the message
	}{
		{"unknown kind", func(c *Config) { c.Kind = "bitbucket" }, `unknown forge "bitbucket"`},
		{"no token", func(c *Config) { c.Token = "" }, "no token"},
		{"gitea without URL", func(c *Config) { c.URL = "" }, "no public default instance"},
		{"not http", func(c *Config) { c.URL = "ssh://git@codeberg.org" }, "not an http(s) URL"},
		{"credentials in URL", func(c *Config) { c.URL = "https://bot:secret-token-123@codeberg.org" }, "carries credentials"},
		{"query in URL", func(c *Config) { c.URL = "https://codeberg.org/?token=x" }, "query or fragment"},
		{"repo without owner", func(c *Config) { c.Repo = "name" }, `repository "name"`},
		{"repo with subgroup outside GitLab", func(c *Config) { c.Repo = "a/b/c" }, "expected owner/name"},
		{"repo with empty part", func(c *Config) { c.Repo = "owner/" }, "expected owner/name"},
		{"repo with dot-dot", func(c *Config) { c.Kind, c.Repo = "gitlab", "group/../name" }, "expected group/name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := ok
			tc.edit(&cfg)
			_, err := New(cfg)
			d, isDiag := err.(*diag.Error)
			if !isDiag || !strings.Contains(d.Error(), tc.want) || d.Hint == "" || d.File != "" {
				t.Fatalf("New = %#v, want a *diag.Error with %q and a hint", err, tc.want)
			}
			if strings.Contains(d.Error()+d.Hint, "secret-token-123") {
				t.Errorf("the token leaked: %v", d)
			}
		})
	}
	for _, cfg := range []Config{
		ok,
		{Kind: "Forgejo", URL: "https://codeberg.org", Repo: "o/n", Token: "t"},
		{Kind: "gitlab", Repo: "group/sub/sub2/name", Token: "t"},
		{Kind: "github", Repo: "o/n", Token: "t"},
	} {
		if _, err := New(cfg); err != nil {
			t.Errorf("New(%v) = %v", cfg, err)
		}
	}
}
