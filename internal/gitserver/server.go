// Package gitserver is a real git smart-HTTP server for tests: git's own
// `git http-backend`, run as a CGI program behind a 127.0.0.1 listener,
// serving bare repositories from a temporary directory. Pushes are enabled,
// Basic authentication can be required, and every request is logged so a
// test can assert what a client did (for example that a re-run pushed
// nothing).
//
// Tests that use it need the git executable: New skips the test when git is
// missing, and fails it when CI=true.
package gitserver

import (
	"bytes"
	"crypto/subtle"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/flake-unify/flake-unify/internal/testenv"
)

// Options configure a Server.
type Options struct {
	// User and Token, when Token is set, are the Basic credentials every
	// request must carry; a request without them gets 401.
	User, Token string
	// ReadToken, when set, is a second token for User that may fetch but
	// not push: its receive-pack requests get 403, the way a forge answers
	// a token without write permission.
	ReadToken string
}

// Server serves the bare repositories under its root over smart HTTP.
type Server struct {
	opts    Options
	root    string // GIT_PROJECT_ROOT: <root>/<name>.git
	backend string // the git-http-backend executable
	srv     *httptest.Server

	mu   sync.Mutex
	reqs []Request
}

// Request is one HTTP request the server answered.
type Request struct {
	Method string
	Path   string // URL path, e.g. /owner/repo.git/git-receive-pack
	// Service is git-upload-pack (fetch) or git-receive-pack (push).
	Service string
	User    string // the Basic user name sent, if any
	Status  int
	// Stderr is what git http-backend printed while serving the request.
	Stderr string
}

// Push reports whether the request transferred a push: a POST to
// git-receive-pack. Listing the refs before a push (a GET) is not one.
func (r Request) Push() bool {
	return r.Method == http.MethodPost && r.Service == "git-receive-pack"
}

// New starts a server that is closed when the test ends.
func New(t testing.TB, opts Options) *Server {
	t.Helper()
	git := requireGit(t)
	out, err := exec.Command(git, "--exec-path").Output()
	if err != nil {
		t.Fatalf("git --exec-path: %v", err)
	}
	backend := filepath.Join(strings.TrimSpace(string(out)), "git-http-backend")
	if _, err := os.Stat(backend); err != nil {
		t.Fatalf("git http-backend not found: %v", err)
	}
	s := &Server{opts: opts, root: t.TempDir(), backend: backend}
	if err := os.Mkdir(filepath.Join(s.root, ".home"), 0o755); err != nil {
		t.Fatal(err)
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

// requireGit returns the git executable, skipping the test (failing it
// under CI=true) when there is none.
func requireGit(t testing.TB) string {
	t.Helper()
	return testenv.Need(t, "git")
}

// URL is the server's base URL, e.g. http://127.0.0.1:34567.
func (s *Server) URL() string { return s.srv.URL }

// Init creates the empty bare repository name (e.g. "owner/repo") with
// main as its default branch, accepting pushes, and returns its URL
// (<base>/owner/repo.git).
func (s *Server) Init(t testing.TB, name string) string {
	t.Helper()
	dir := s.Path(name)
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"init", "-q", "--bare", "--initial-branch=main", dir},
		{"-C", dir, "config", "http.receivepack", "true"},
	} {
		cmd := exec.Command("git", args...)
		cmd.Env = s.gitEnv()
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	return s.srv.URL + "/" + name + ".git"
}

// Path is the directory of the bare repository name, for inspecting or
// changing it with the git CLI behind the server's back.
func (s *Server) Path(name string) string {
	return filepath.Join(s.root, filepath.FromSlash(name)+".git")
}

// Requests returns the requests served so far, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

// gitEnv keeps the server's git away from the test user's configuration.
func (s *Server) gitEnv() []string {
	return append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null", "HOME="+filepath.Join(s.root, ".home"))
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	rec := Request{Method: r.Method, Path: r.URL.Path, Service: service(r)}
	user, pass, hasAuth := r.BasicAuth()
	if hasAuth {
		rec.User = user
	}
	sw := &statusWriter{ResponseWriter: w}
	defer func() {
		rec.Status = sw.status
		s.mu.Lock()
		s.reqs = append(s.reqs, rec)
		s.mu.Unlock()
	}()

	if s.opts.Token != "" {
		full := hasAuth && equal(user, s.opts.User) && equal(pass, s.opts.Token)
		read := hasAuth && s.opts.ReadToken != "" && equal(user, s.opts.User) && equal(pass, s.opts.ReadToken)
		switch {
		case !full && !read:
			sw.Header().Set("WWW-Authenticate", `Basic realm="gitserver"`)
			http.Error(sw, "authentication required", http.StatusUnauthorized)
			return
		case !full && rec.Service == "git-receive-pack":
			http.Error(sw, "permission to push denied to "+user, http.StatusForbidden)
			return
		}
	}

	var stderr bytes.Buffer
	h := &cgi.Handler{
		Path: s.backend,
		Dir:  s.root,
		Env: []string{
			"GIT_PROJECT_ROOT=" + s.root,
			"GIT_HTTP_EXPORT_ALL=1",
			"GIT_CONFIG_NOSYSTEM=1",
			"GIT_CONFIG_GLOBAL=/dev/null",
			"HOME=" + filepath.Join(s.root, ".home"),
			// Web servers pass the Git-Protocol header on like this, which
			// lets clients speak protocol version 2.
			"GIT_PROTOCOL=" + r.Header.Get("Git-Protocol"),
		},
		InheritEnv: []string{"PATH"},
		Stderr:     &stderr,
	}
	if rec.User != "" {
		h.Env = append(h.Env, "REMOTE_USER="+rec.User)
	}
	h.ServeHTTP(sw, r)
	rec.Stderr = stderr.String()
}

// service names the git service a request is for.
func service(r *http.Request) string {
	if s := r.URL.Query().Get("service"); s != "" {
		return s
	}
	base := r.URL.Path[strings.LastIndexByte(r.URL.Path, '/')+1:]
	if base == "git-upload-pack" || base == "git-receive-pack" {
		return base
	}
	return ""
}

func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// statusWriter remembers the status code sent.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}
