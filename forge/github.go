package forge

import (
	"net/http"
	"net/url"
	"strings"
)

// newGitHub speaks the REST API of github.com, GitHub Enterprise Cloud and
// Server.
func newGitHub(t *transport) Forge {
	owner, _, _ := strings.Cut(t.repo, "/")
	return newGitHubLike(t,
		func(base, head string) url.Values {
			return url.Values{"state": {"open"}, "head": {owner + ":" + head}, "base": {base}, "per_page": {"100"}}
		},
		// GitHub answers 422 {"errors":[{"resource":"PullRequest","field":"head","code":"invalid"}]}
		// while it has not processed a push.
		func(resp *response) bool {
			return resp.status == http.StatusUnprocessableEntity && strings.Contains(forgeMessage(resp.body), "head invalid")
		})
}
