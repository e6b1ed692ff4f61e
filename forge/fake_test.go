package forge

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// fakeForge is an in-memory forge behind httptest that answers the
// documented endpoints of one kind the way the real one does: it checks
// method, path (GitLab: the %2F-encoded project), query, auth headers and
// the JSON fields of each request (unknown fields are an error), and
// answers with the payloads of testdata/<kind>, changed to its state.
//
// Gitea is also tested against a real server (gitea_live_test.go). For
// GitHub and GitLab, whose servers cannot run here, every shape the fake
// serves or demands is taken from the forge's published description; the
// payloads in testdata are written for these tests, not copied.
//
// GitHub, REST API version 2022-11-28 (docs.github.com):
//   - "REST API endpoints for pull requests", "List pull requests":
//     GET /repos/{owner}/{repo}/pulls with state (open, closed, all), head
//     as "owner:branch", base, per_page (at most 100) and page; 200.
//   - same page, "Create a pull request": POST with title, head, base and
//     body; 201, or 422 "Validation Failed" with an errors array of
//     resource/field/code objects (the validation-error shape of GitHub's
//     OpenAPI description, github/rest-api-description): field "head" code
//     "invalid" for a branch it does not know, code "custom" with a message
//     for an existing pull request or a branch without new commits.
//   - same page, "Update a pull request": PATCH .../pulls/{pull_number}
//     with title, body and state ("open" or "closed"); 200.
//   - "REST API endpoints for issue comments", "Create an issue comment":
//     POST .../issues/{issue_number}/comments with body; 201. A pull request
//     is an issue, so its comments live there.
//   - "Getting started with the REST API": Authorization: Bearer,
//     Accept: application/vnd.github+json, X-GitHub-Api-Version.
//   - "Using pagination in the REST API": the Link header's rel="next";
//     GitHub sends no total count header.
//   - "Rate limits for the REST API", "Checking the status of your rate
//     limit" and "Exceeding the rate limit": x-ratelimit-* headers; 403 or
//     429 with x-ratelimit-remaining 0 (wait for x-ratelimit-reset), with
//     retry-after, or a secondary limit that only says so in its message
//     (wait at least a minute).
//
// GitLab, REST API v4 (docs.gitlab.com, doc/api in the GitLab repository):
//   - "Merge requests API", "List project merge requests":
//     GET /projects/:id/merge_requests, :id the URL-encoded path, with
//     state (opened, closed, locked, merged), source_branch, target_branch;
//     source_project_id differs from target_project_id for a fork's branch.
//   - same, "Create MR": POST with source_branch, target_branch, title
//     (required) and description; 201. GitLab's API answers a missing source
//     or target branch with 422 and {"message": ["Source branch \"…\" does
//     not exist"]}, and an open merge request of the same branches with 409
//     and {"message": ["Another open merge request already exists for this
//     source branch: !N"]} (lib/api/merge_requests.rb and its helpers in the
//     GitLab repository; the page itself does not list error answers).
//   - same, "Update MR": PUT .../merge_requests/:merge_request_iid with
//     title, description, state_event ("close", "reopen"), at least one of
//     them; 200.
//   - "Notes API", "Create new merge request note": POST
//     .../merge_requests/:merge_request_iid/notes with body; 201.
//   - "REST API", "Authentication" (the PRIVATE-TOKEN header) and
//     "Pagination" (per_page defaults to 20, at most 100; Link with
//     rel="next", and x-page, x-per-page, x-next-page, x-total,
//     x-total-pages).
//   - "Rate limits": RateLimit-Remaining, RateLimit-Reset, Retry-After.
type fakeForge struct {
	t     *testing.T
	kind  string
	repo  string
	token string
	srv   *httptest.Server

	mu       sync.Mutex
	prs      []*fakePR
	pushed   map[string]bool // branches the forge knows
	pushAt   map[string]int  // branch becomes known at the n-th create request
	creates  int
	pageSize int
	faults   []fault
	log      []logged
}

type fakePR struct {
	number                  int
	title, body, head, base string
	state                   string // "open", "closed"
	fork                    bool   // head branch in a fork of the repository
	comments                []string
}

// fault is a canned answer to the next request of a route ("list",
// "create", "edit", "comment"); apply first does what was asked, as a
// server that fails after committing.
type fault struct {
	route  string
	status int
	header map[string]string
	body   string
	apply  bool
}

type logged struct {
	route, method, path string
	query               url.Values
	header              http.Header
	body                map[string]any
}

func newFake(t *testing.T, kind, repo string) *fakeForge {
	f := &fakeForge{t: t, kind: kind, repo: repo, token: "tok-" + kind + "-3f9a1c77e2",
		pushed: map[string]bool{}, pushAt: map[string]int{}, pageSize: 30}
	f.srv = httptest.NewServer(f)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeForge) config() Config {
	return Config{Kind: f.kind, URL: f.srv.URL, Repo: f.repo, Token: f.token, HTTP: f.srv.Client()}
}

func (f *fakeForge) fail(route string, n, status int, body string, header map[string]string) {
	for range n {
		f.faults = append(f.faults, fault{route: route, status: status, body: body, header: header})
	}
}

// requests returns the routes requested so far, in order.
func (f *fakeForge) requests() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, l := range f.log {
		out = append(out, l.route)
	}
	return out
}

func (f *fakeForge) last(route string) logged {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := len(f.log) - 1; i >= 0; i-- {
		if f.log[i].route == route {
			return f.log[i]
		}
	}
	f.t.Fatalf("no %s request", route)
	return logged{}
}

func (f *fakeForge) add(p fakePR) *fakePR {
	f.mu.Lock()
	defer f.mu.Unlock()
	p.number = len(f.prs) + 1
	if p.state == "" {
		p.state = "open"
	}
	f.prs = append(f.prs, &p)
	return &p
}

func (f *fakeForge) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	route, num, ok := f.route(r)
	entry := logged{route: route, method: r.Method, path: r.URL.EscapedPath(), query: r.URL.Query(), header: r.Header.Clone()}
	if r.Body != nil {
		data, _ := io.ReadAll(r.Body)
		if len(data) > 0 {
			if err := json.Unmarshal(data, &entry.body); err != nil {
				f.t.Errorf("%s %s: body is not JSON: %q", r.Method, r.URL, data)
			}
		}
	}
	f.log = append(f.log, entry)
	if !ok {
		f.t.Errorf("%s: unexpected request %s %s", f.kind, r.Method, r.URL.RequestURI())
		f.errorJSON(w, 404, "err-404.json")
		return
	}
	if !f.authorized(r) {
		f.errorJSON(w, 401, "err-401.json")
		return
	}
	if i := slices.IndexFunc(f.faults, func(x fault) bool { return x.route == route }); i >= 0 {
		ft := f.faults[i]
		f.faults = slices.Delete(f.faults, i, i+1)
		if ft.apply {
			f.handle(httptest.NewRecorder(), r, route, num, entry.body)
		}
		for k, v := range ft.header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(ft.status)
		io.WriteString(w, ft.body)
		return
	}
	f.handle(w, r, route, num, entry.body)
}

var (
	ghRoute = regexp.MustCompile(`^/api/v3/repos/([^/]+)/([^/]+)/(pulls|issues)(?:/(\d+))?(/comments)?$`)
	gtRoute = regexp.MustCompile(`^/api/v1/repos/([^/]+)/([^/]+)/(pulls|issues)(?:/(\d+))?(/comments)?$`)
	glRoute = regexp.MustCompile(`^/api/v4/projects/([^/]+)/merge_requests(?:/(\d+))?(/notes)?$`)
)

// route names the endpoint of r, checking that it addresses f's repository.
func (f *fakeForge) route(r *http.Request) (route string, num int, ok bool) {
	path := r.URL.EscapedPath()
	var m []string
	switch f.kind {
	case "github", "gitea":
		re := ghRoute
		if f.kind == "gitea" {
			re = gtRoute
		}
		if m = re.FindStringSubmatch(path); m == nil || m[1]+"/"+m[2] != f.repo {
			return "", 0, false
		}
		num, _ = strconv.Atoi(m[4])
		switch {
		case m[3] == "pulls" && m[4] == "" && r.Method == http.MethodGet:
			return "list", 0, true
		case m[3] == "pulls" && m[4] == "" && r.Method == http.MethodPost:
			return "create", 0, true
		case m[3] == "pulls" && m[4] != "" && m[5] == "" && r.Method == http.MethodPatch:
			return "edit", num, true
		case m[3] == "issues" && m[4] != "" && m[5] != "" && r.Method == http.MethodPost:
			return "comment", num, true
		}
	case "gitlab":
		// The project is one path segment: its path with "/" as %2F.
		if m = glRoute.FindStringSubmatch(path); m == nil || m[1] != strings.ReplaceAll(f.repo, "/", "%2F") {
			return "", 0, false
		}
		num, _ = strconv.Atoi(m[2])
		switch {
		case m[2] == "" && r.Method == http.MethodGet:
			return "list", 0, true
		case m[2] == "" && r.Method == http.MethodPost:
			return "create", 0, true
		case m[2] != "" && m[3] == "" && r.Method == http.MethodPut:
			return "edit", num, true
		case m[2] != "" && m[3] != "" && r.Method == http.MethodPost:
			return "comment", num, true
		}
	}
	return "", 0, false
}

func (f *fakeForge) authorized(r *http.Request) bool {
	switch f.kind {
	case "github":
		if r.Header.Get("Accept") != "application/vnd.github+json" || r.Header.Get("X-GitHub-Api-Version") != "2022-11-28" {
			f.t.Errorf("github: Accept %q, X-GitHub-Api-Version %q", r.Header.Get("Accept"), r.Header.Get("X-GitHub-Api-Version"))
		}
		return r.Header.Get("Authorization") == "Bearer "+f.token
	case "gitea":
		return r.Header.Get("Authorization") == "token "+f.token
	default:
		return r.Header.Get("PRIVATE-TOKEN") == f.token && r.Header.Get("Authorization") == ""
	}
}

// fields checks that body has exactly the allowed keys, all strings, and
// the required ones non-empty.
func (f *fakeForge) fields(route string, body map[string]any, required []string, optional ...string) map[string]string {
	out := map[string]string{}
	for k, v := range body {
		if !slices.Contains(required, k) && !slices.Contains(optional, k) {
			f.t.Errorf("%s %s: unknown field %q", f.kind, route, k)
		}
		s, ok := v.(string)
		if !ok {
			f.t.Errorf("%s %s: field %q is %T, want string", f.kind, route, k, v)
		}
		out[k] = s
	}
	for _, k := range required {
		if out[k] == "" {
			f.t.Errorf("%s %s: required field %q missing", f.kind, route, k)
		}
	}
	return out
}

func (f *fakeForge) handle(w http.ResponseWriter, r *http.Request, route string, num int, body map[string]any) {
	names := map[string]string{"head": "head", "base": "base", "body": "body"}
	if f.kind == "gitlab" {
		names = map[string]string{"head": "source_branch", "base": "target_branch", "body": "description"}
	}
	switch route {
	case "list":
		f.list(w, r)
	case "create":
		in := f.fields(route, body, []string{names["head"], names["base"], "title"}, names["body"])
		f.creates++
		head, base := in[names["head"]], in[names["base"]]
		if at, ok := f.pushAt[head]; ok && f.creates >= at {
			f.pushed[head] = true
		}
		if !f.pushed[head] {
			f.errorJSON(w, map[string]int{"github": 422, "gitea": 404, "gitlab": 422}[f.kind],
				map[string]string{"github": "err-422-head.json", "gitea": "err-404.json", "gitlab": "err-422-source.json"}[f.kind])
			return
		}
		for _, p := range f.prs {
			if p.state == "open" && !p.fork && p.head == head && p.base == base {
				f.errorJSON(w, map[string]int{"github": 422, "gitea": 409, "gitlab": 409}[f.kind], map[string]string{
					"github": "err-422-exists.json", "gitea": "err-409-exists.json", "gitlab": "err-409-exists.json"}[f.kind])
				return
			}
		}
		p := &fakePR{number: len(f.prs) + 1, title: in["title"], body: in[names["body"]], head: head, base: base, state: "open"}
		f.prs = append(f.prs, p)
		f.writeJSON(w, 201, f.render(p))
	case "edit":
		state := "state"
		if f.kind == "gitlab" {
			state = "state_event"
		}
		in := f.fields(route, body, nil, "title", names["body"], state)
		if len(in) == 0 {
			f.t.Errorf("%s edit: empty request", f.kind)
		}
		p := f.pr(num)
		if p == nil {
			f.errorJSON(w, 404, "err-404.json")
			return
		}
		if v, ok := in["title"]; ok {
			p.title = v
		}
		if v, ok := in[names["body"]]; ok {
			p.body = v
		}
		switch v := in[state]; {
		case v == "closed" || v == "close":
			p.state = "closed"
		case v != "":
			f.t.Errorf("%s edit: %s %q", f.kind, state, v)
		}
		f.writeJSON(w, 200, f.render(p))
	case "comment":
		in := f.fields(route, body, []string{"body"})
		p := f.pr(num)
		if p == nil {
			f.errorJSON(w, 404, "err-404.json")
			return
		}
		p.comments = append(p.comments, in["body"])
		name := map[string]string{"github": "comment.json", "gitea": "comment.json", "gitlab": "note.json"}[f.kind]
		doc := f.template(name)
		doc["body"] = in["body"]
		f.writeJSON(w, 201, doc)
	}
}

// list answers a list request with the filters and paging of the forge.
func (f *fakeForge) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	size, page := f.pageSize, 1
	var match func(p *fakePR) bool
	switch f.kind {
	case "github":
		owner, _, _ := strings.Cut(f.repo, "/")
		head, ok := strings.CutPrefix(q.Get("head"), owner+":")
		if !ok || q.Get("state") != "open" || q.Get("base") == "" || q.Get("per_page") != "100" {
			f.t.Errorf("github list: query %v, want state=open, head=%s:BRANCH, base, per_page=100", q, owner)
		}
		match = func(p *fakePR) bool { return p.state == "open" && !p.fork && p.head == head && p.base == q.Get("base") }
		size = min(size, atoi(q.Get("per_page"), 30))
	case "gitea":
		if q.Get("state") != "open" || q.Get("limit") == "" {
			f.t.Errorf("gitea list: query %v", q)
		}
		match = func(p *fakePR) bool { return p.state == "open" }
		size = min(size, atoi(q.Get("limit"), 30))
	case "gitlab":
		if q.Get("state") != "opened" || q.Get("source_branch") == "" || q.Get("target_branch") == "" {
			f.t.Errorf("gitlab list: query %v", q)
		}
		// GitLab's filter does not exclude merge requests from forks.
		match = func(p *fakePR) bool {
			return p.state == "open" && p.head == q.Get("source_branch") && p.base == q.Get("target_branch")
		}
		size = min(size, atoi(q.Get("per_page"), 20))
	}
	page = atoi(q.Get("page"), 1)
	var all []map[string]any
	for i := len(f.prs) - 1; i >= 0; i-- { // newest first, as the forges sort by default
		if match(f.prs[i]) {
			all = append(all, f.render(f.prs[i]))
		}
	}
	lo, hi := min((page-1)*size, len(all)), min(page*size, len(all))
	if hi < len(all) {
		next := *r.URL
		next.Scheme, next.Host = "http", r.Host
		nq := next.Query()
		nq.Set("page", strconv.Itoa(page+1))
		next.RawQuery = nq.Encode()
		w.Header().Set("Link", fmt.Sprintf(`<%s>; rel="next", <%s>; rel="first"`, next.String(), r.URL.String()))
	}
	switch f.kind {
	case "gitea":
		w.Header().Set("X-Total-Count", strconv.Itoa(len(all)))
	case "gitlab":
		// Beside Link, GitLab numbers the pages in headers of its own.
		w.Header().Set("X-Page", strconv.Itoa(page))
		w.Header().Set("X-Per-Page", strconv.Itoa(size))
		w.Header().Set("X-Total", strconv.Itoa(len(all)))
		w.Header().Set("X-Total-Pages", strconv.Itoa(max(1, (len(all)+size-1)/size)))
		next := ""
		if hi < len(all) {
			next = strconv.Itoa(page + 1)
		}
		w.Header().Set("X-Next-Page", next)
	}
	f.writeJSON(w, 200, all[lo:hi])
}

func atoi(s string, def int) int {
	if n, err := strconv.Atoi(s); err == nil && n > 0 {
		return n
	}
	return def
}

func (f *fakeForge) pr(n int) *fakePR {
	if n < 1 || n > len(f.prs) {
		return nil
	}
	return f.prs[n-1]
}

// render fills the testdata payload of the forge with p.
func (f *fakeForge) render(p *fakePR) map[string]any {
	owner, name, _ := strings.Cut(f.repo, "/")
	headRepo := f.repo
	if p.fork {
		headRepo = "someone/" + name
	}
	switch f.kind {
	case "gitlab":
		doc := f.template("merge_request.json")
		doc["iid"], doc["title"], doc["description"] = p.number, p.title, p.body
		doc["source_branch"], doc["target_branch"] = p.head, p.base
		doc["state"] = map[string]string{"open": "opened", "closed": "closed"}[p.state]
		doc["web_url"] = fmt.Sprintf("https://gitlab.example/%s/-/merge_requests/%d", f.repo, p.number)
		if p.fork {
			doc["source_project_id"] = 777
		}
		return doc
	default:
		doc := f.template(map[string]string{"github": "pull.json", "gitea": "pull.json"}[f.kind])
		doc["number"], doc["title"], doc["body"], doc["state"] = p.number, p.title, p.body, p.state
		doc["html_url"] = fmt.Sprintf("https://forge.example/%s/pull/%d", f.repo, p.number)
		head, base := doc["head"].(map[string]any), doc["base"].(map[string]any)
		head["ref"], base["ref"] = p.head, p.base
		head["label"] = owner + ":" + p.head
		head["repo"].(map[string]any)["full_name"] = headRepo
		if p.fork {
			head["repo_id"] = 99
		}
		return doc
	}
}

func (f *fakeForge) template(name string) map[string]any {
	data, err := os.ReadFile("testdata/" + f.kind + "/" + name)
	if err != nil {
		f.t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		f.t.Fatalf("%s: %v", name, err)
	}
	return doc
}

func (f *fakeForge) errorJSON(w http.ResponseWriter, status int, name string) {
	data, err := os.ReadFile("testdata/" + f.kind + "/" + name)
	if err != nil {
		f.t.Fatal(err)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(data)
}

func (f *fakeForge) writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func testdata(t *testing.T, kind, name string) string {
	data, err := os.ReadFile("testdata/" + kind + "/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
