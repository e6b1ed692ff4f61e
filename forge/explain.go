package forge

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/flake-unify/flake-unify/diag"
)

// explain turns a refusal into a *diag.Error: what was being done, the
// status and the forge's own words, and a hint for the case at hand.
func (t *transport) explain(r request, resp *response, note string) *diag.Error {
	msg := forgeMessage(resp.body)
	why := fmt.Sprintf("HTTP %d %s", resp.status, http.StatusText(resp.status))
	if msg != "" {
		why += ": " + msg
	}
	if note != "" {
		why += " (" + note + ")"
	}
	return &diag.Error{
		What: t.redact(t.kind + ": " + r.op),
		Why:  t.redact(why),
		Hint: t.redact(t.hint(r, resp, msg)),
	}
}

func (t *transport) hint(r request, resp *response, msg string) string {
	low := strings.ToLower(msg)
	head, base := orDefault(r.head, "the head branch"), orDefault(r.base, "the base branch")
	if wait, limited := rateLimitWait(resp, time.Now()); limited {
		h := "the token's API rate limit is used up: run again later"
		if wait > 0 {
			h = fmt.Sprintf("the token's API rate limit is used up until %s: run again then",
				time.Now().Add(wait).UTC().Format("15:04 MST"))
		}
		if t.kind == "github" {
			h += ", or use a GitHub App installation token, which has a higher limit"
		}
		return h
	}
	switch {
	case resp.status == http.StatusUnauthorized:
		return "the forge did not accept the token (missing, mistyped, expired or revoked); " + tokenHint[t.kind]
	case strings.Contains(low, "already exist"):
		return fmt.Sprintf("a pull request from %s into %s is already open: when another run has just opened it, "+
			"run again (it will update that one); when its head is in a fork, close it or update it by hand", head, base)
	case strings.Contains(low, "no commits between") || strings.Contains(low, "no changes between") ||
		strings.Contains(low, "nothing to compare"):
		return fmt.Sprintf("%s has no commits that %s lacks: push the new commit to %s first", head, base, head)
	case r.branchUnseen != nil && r.branchUnseen(resp):
		return fmt.Sprintf("the forge does not know the branch %s of %s: push it there before opening the pull request "+
			"(and check that %s exists)", head, t.repo, base)
	case strings.Contains(low, "too long"):
		return fmt.Sprintf("shorten the text: the body may have at most %d characters", bodyLimit[t.kind])
	case resp.status == http.StatusForbidden:
		h := "the token is valid but may not do this; " + tokenHint[t.kind]
		if t.kind == "github" {
			h += "; in GitHub Actions the repository or organisation setting " +
				"\"Allow GitHub Actions to create and approve pull requests\" must be on as well"
		}
		return h
	case resp.status == http.StatusNotFound:
		h := fmt.Sprintf("check the repository %q and the forge URL %s; a token that may not see a private "+
			"repository gets 404 as well, so check that it has access", t.repo, t.root.Redacted())
		if r.head != "" && r.method == http.MethodPost {
			h += fmt.Sprintf(", and that the branches %s and %s exist", head, base)
		}
		if t.kind == "gitea" {
			// Measured on Gitea 1.26.1: every pulls call on a repository
			// without commits (or in the second after its first push) is 404.
			h += "; Gitea also answers 404 while the repository has no commits"
		}
		return h
	case (resp.status == http.StatusUnprocessableEntity || resp.status == http.StatusBadRequest) &&
		(strings.Contains(low, "base") || strings.Contains(low, "target branch")):
		return fmt.Sprintf("check the base branch %q: it must be an existing branch of %s", r.base, t.repo)
	case resp.status == http.StatusConflict:
		return "the pull request changed on the forge meanwhile: run again"
	case resp.status == http.StatusUnprocessableEntity || resp.status == http.StatusBadRequest:
		return "the forge refused the request as invalid: its message says which field; report it if the message does not help"
	case resp.status >= 500 || resp.status == http.StatusTooManyRequests:
		return "the forge is failing or overloaded: run again later, and check its status page if it persists"
	}
	return "the forge refused the request: its message says why"
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// forgeMessage extracts the human part of an error body. GitHub sends
// {"message", "errors": [{"resource","field","code","message"}]}, Gitea
// {"message", "errors": [strings]}, GitLab {"message": string | [strings] |
// {field: [strings]}} or {"error"}. Anything else (a proxy's HTML page) is
// cut to its first line.
func forgeMessage(body []byte) string {
	var v map[string]any
	if err := json.Unmarshal(body, &v); err != nil {
		line, _, _ := strings.Cut(strings.TrimSpace(string(body)), "\n")
		return clip(line)
	}
	var parts []string
	for _, k := range []string{"message", "error", "error_description", "errors"} {
		if s := flatten(v[k]); s != "" {
			parts = append(parts, s)
		}
	}
	return clip(strings.Join(parts, ": "))
}

func flatten(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		var out []string
		for _, e := range v {
			if s := flatten(e); s != "" {
				out = append(out, s)
			}
		}
		return strings.Join(out, "; ")
	case map[string]any:
		if m, ok := v["message"].(string); ok && m != "" {
			return m
		}
		if f, ok := v["field"].(string); ok { // GitHub: {"resource":"PullRequest","field":"head","code":"invalid"}
			return strings.TrimSpace(f + " " + flatten(v["code"]))
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var out []string
		for _, k := range keys {
			out = append(out, k+" "+flatten(v[k]))
		}
		return strings.Join(out, "; ")
	}
	return ""
}

func clip(s string) string {
	const n = 400
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
