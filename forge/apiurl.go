package forge

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/flake-unify/flake-unify/diag"
)

// apiSuffix is the path of each forge's REST API below the instance root.
var apiSuffix = map[string]string{"github": "/api/v3", "gitea": "/api/v1", "gitlab": "/api/v4"}

// apiRoot derives the REST API root from what a user is likely to paste:
// the instance's web URL (with or without a sub-path) or the API URL itself.
// GitHub is special: github.com's API lives on its own host, as does that
// of GitHub Enterprise Cloud with data residency (SUB.ghe.com → api.SUB.ghe.com);
// only GitHub Enterprise Server uses /api/v3.
func apiRoot(kind, raw string) (*url.URL, error) {
	bad := func(why, hint string) error {
		return &diag.Error{What: fmt.Sprintf("%s: forge URL %q", kind, raw), Why: why, Hint: hint}
	}
	if strings.TrimSpace(raw) == "" {
		switch kind {
		case "github":
			return url.Parse("https://api.github.com")
		case "gitlab":
			return url.Parse("https://gitlab.com/api/v4")
		}
		return nil, bad("Gitea and Forgejo have no public default instance",
			"pass the instance's URL, e.g. https://codeberg.org")
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, bad("not an http(s) URL", "pass the instance's address, e.g. https://git.example.com")
	}
	if u.User != nil {
		return nil, bad("the URL carries credentials", "pass the token as the token, not inside the URL")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, bad("the URL has a query or fragment", "pass only the instance's address")
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	host := strings.ToLower(u.Hostname())
	if kind == "github" {
		switch {
		case host == "github.com" || host == "www.github.com" || host == "api.github.com":
			return url.Parse("https://api.github.com")
		case strings.HasSuffix(host, ".ghe.com"):
			if !strings.HasPrefix(host, "api.") {
				u.Host = "api." + u.Host
			}
			u.Path = ""
			return u, nil
		}
	}
	if !strings.HasSuffix(u.Path, apiSuffix[kind]) {
		u.Path += apiSuffix[kind]
	}
	return u, nil
}
