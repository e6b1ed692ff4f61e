package giteatest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// PullRequest is the part of Gitea's pull request the tests look at.
type PullRequest struct {
	Number   int64  `json:"number"`
	Title    string `json:"title"`
	Body     string `json:"body"`
	State    string `json:"state"` // "open" or "closed"
	Merged   bool   `json:"merged"`
	HTMLURL  string `json:"html_url"`
	Comments int    `json:"comments"`
	Head     Branch `json:"head"`
	Base     Branch `json:"base"`
}

// Branch is one end of a pull request.
type Branch struct {
	Ref string `json:"ref"`
	SHA string `json:"sha"`
}

// Comment is a comment on an issue or pull request.
type Comment struct {
	ID   int64  `json:"id"`
	Body string `json:"body"`
	User struct {
		Login string `json:"login"`
	} `json:"user"`
}

// API sends one request to the Gitea API as User, authenticated with Token.
// path is relative to /api/v1 ("/repos/OWNER/NAME/pulls"); in, unless nil, is
// sent as JSON; out, unless nil, receives the JSON of a 2xx answer. It
// returns the status code; only a failed exchange or an undecodable answer
// fails t, so callers can assert on refusals.
func (s *Server) API(t testing.TB, method, path string, in, out any) int {
	t.Helper()
	status, _ := s.do(t, method, path, "token "+s.Token, in, out)
	return status
}

// do is API with any Authorization header; it also returns the raw body.
func (s *Server) do(t testing.TB, method, path, auth string, in, out any) (int, []byte) {
	t.Helper()
	var body io.Reader
	if in != nil {
		data, err := json.Marshal(in)
		if err != nil {
			t.Fatalf("giteatest: %v", err)
		}
		body = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, s.URL+"/api/v1"+path, body)
	if err != nil {
		t.Fatalf("giteatest: %v", err)
	}
	req.Header.Set("Authorization", auth)
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := s.client.Do(req)
	if err != nil {
		t.Fatalf("giteatest: %s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("giteatest: %s %s: %v", method, path, err)
	}
	if out != nil && resp.StatusCode/100 == 2 {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("giteatest: %s %s: %v in %q", method, path, err, data)
		}
	}
	return resp.StatusCode, data
}

// must sends a request as User with the password, so that what the test
// arranges and checks does not depend on the scopes of Token, and fails t
// unless the answer has status want.
func (s *Server) must(t testing.TB, want int, method, path string, in, out any) {
	t.Helper()
	if status, data := s.do(t, method, path, "Basic "+basic(s.User, s.Password), in, out); status != want {
		t.Fatalf("giteatest: %s %s: status %d, want %d: %s", method, path, status, want, data)
	}
}

// CreateRepo creates an empty public repository User/name whose default
// branch will be main, and returns its clone URL (http, on this server).
func (s *Server) CreateRepo(t testing.TB, name string) (cloneURL string) {
	t.Helper()
	var repo struct {
		CloneURL string `json:"clone_url"`
	}
	s.must(t, http.StatusCreated, "POST", "/user/repos",
		map[string]any{"name": name, "default_branch": "main", "private": false}, &repo)
	if !strings.HasPrefix(repo.CloneURL, s.URL+"/") {
		t.Fatalf("giteatest: clone URL %q is not on %s: ROOT_URL is wrong", repo.CloneURL, s.URL)
	}
	return repo.CloneURL
}

// PullRequests lists every pull request of repo ("OWNER/NAME"), open and
// closed, by number.
func (s *Server) PullRequests(t testing.TB, repo string) []PullRequest {
	t.Helper()
	var all []PullRequest
	for page := 1; ; page++ {
		var prs []PullRequest
		s.must(t, http.StatusOK, "GET", fmt.Sprintf("/repos/%s/pulls?state=all&limit=50&page=%d", repo, page), nil, &prs)
		all = append(all, prs...)
		if len(prs) < 50 {
			break
		}
	}
	slices.SortFunc(all, func(a, b PullRequest) int { return int(a.Number - b.Number) })
	return all
}

// CreatePullRequest opens a pull request of head into base in repo.
func (s *Server) CreatePullRequest(t testing.TB, repo, base, head, title, body string) PullRequest {
	t.Helper()
	var pr PullRequest
	s.must(t, http.StatusCreated, "POST", "/repos/"+repo+"/pulls",
		map[string]string{"base": base, "head": head, "title": title, "body": body}, &pr)
	return pr
}

// Comments lists the comments of issue or pull request number in repo, oldest
// first.
func (s *Server) Comments(t testing.TB, repo string, number int64) []Comment {
	t.Helper()
	var cs []Comment
	s.must(t, http.StatusOK, "GET", fmt.Sprintf("/repos/%s/issues/%d/comments", repo, number), nil, &cs)
	return cs
}

// NewToken creates another access token of User with the given scopes, for
// tests of what a narrower (or broader) token may do.
func (s *Server) NewToken(t testing.TB, name string, scopes ...string) string {
	t.Helper()
	var tok struct {
		SHA1 string `json:"sha1"`
	}
	// Gitea creates tokens only for a password login, never with a token.
	s.must(t, http.StatusCreated, "POST", "/users/"+url.PathEscape(s.User)+"/tokens",
		map[string]any{"name": name, "scopes": scopes}, &tok)
	return tok.SHA1
}

// WaitBranch waits until the API shows branch of repo at commit sha and
// returns how long that took. Gitea processes a push after git has reported
// success: until it has, the branch is unknown to the API (a create of a
// pull request answers 404) and, after the first push to an empty
// repository, reading the branch fails with 500.
func (s *Server) WaitBranch(t testing.TB, repo, branch, sha string) time.Duration {
	t.Helper()
	begin := time.Now()
	path := "/repos/" + repo + "/branches/" + url.PathEscape(branch)
	var last string
	for time.Since(begin) < 30*time.Second {
		var b struct {
			Commit struct {
				ID string `json:"id"`
			} `json:"commit"`
		}
		status, data := s.do(t, "GET", path, "Basic "+basic(s.User, s.Password), nil, &b)
		if status == http.StatusOK && b.Commit.ID == sha {
			return time.Since(begin)
		}
		last = fmt.Sprintf("status %d: %.200s", status, data)
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("giteatest: %s did not show %s within 30s (last: %s)", path, sha, last)
	return 0
}
