package giteatest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Scopes are the access-token scopes of Server.Token: what the bot needs to
// push a branch, open, edit and close pull requests, comment, and ask who it is.
var Scopes = []string{"write:repository", "write:issue", "read:user"}

// Server is one running Gitea, private to the test that started it.
type Server struct {
	URL      string // base URL without a trailing slash, e.g. http://127.0.0.1:40123
	User     string // the admin user; repositories are created under it
	Password string
	Token    string // an access token of User with Scopes

	bin, dir string
	cfg      *config
	env      []string // the environment of every Gitea process
	client   *http.Client
	web      *proc
}

// startTimeout bounds each step of Start; generous because the CI machine is
// shared and Gitea's first start migrates a fresh database.
const startTimeout = 2 * time.Minute

// Start runs a fresh Gitea on a free loopback port and returns once its API
// answers with the admin user and token in place. The server and every
// process it started are stopped when t ends; if t failed, Gitea's logs are
// printed. settings change app.ini, e.g. {"api", "MAX_RESPONSE_ITEMS", "5"}
// for short pages.
func Start(t testing.TB, settings ...Setting) *Server {
	t.Helper()
	s := launch(t, settings...)
	t.Cleanup(func() { s.close(t) })
	return s
}

// launch is Start without the cleanup: the benchmark stops servers itself.
func launch(t testing.TB, settings ...Setting) (s *Server) {
	t.Helper()
	if !supported {
		t.Skip("giteatest: needs Unix process groups")
	}
	bin, static := binary(t)
	begin := time.Now()
	dir := t.TempDir()
	for _, d := range []string{"data", "log", "home", "tmp", "custom"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	u, err := user.Current()
	if err != nil {
		t.Fatalf("giteatest: %v", err)
	}

	s = &Server{
		User:     "flake-bot",
		Password: randomHex(12),
		bin:      bin,
		dir:      dir,
		cfg:      newConfig(dir, static, u.Username),
		env: []string{
			"PATH=" + os.Getenv("PATH"),
			"HOME=" + filepath.Join(dir, "home"),
			"USER=" + u.Username,
			"TMPDIR=" + filepath.Join(dir, "tmp"),
			"LANG=C.UTF-8",
		},
		// No proxy from the environment: the server is on loopback.
		client: &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{}},
	}
	if os.Getuid() == 0 {
		s.env = append(s.env, "GITEA_I_AM_BEING_UNSAFE_RUNNING_AS_ROOT=true")
	}
	s.provision(t)
	s.cfg.extra = settings // for gitea web only: the seed is made with the defaults

	// Gitea binds the port itself. Handing it a bound socket (LISTEN_FDS)
	// would close the gap between choosing the port and binding it, but a
	// Gitea started that way believes it replaces its parent in a graceful
	// restart and sends the parent SIGTERM. So the port is chosen right
	// before the start, and another port is tried if it was taken meanwhile.
	for attempt := 1; ; attempt++ {
		s.configure(t)
		s.web = s.startWeb(t)
		err := s.waitReady()
		if err == nil {
			break
		}
		s.web.stop()
		if !errors.Is(err, errPortTaken) || attempt == 3 {
			t.Fatalf("giteatest: %v\n%s", err, s.logs())
		}
	}
	t.Logf("giteatest: Gitea %s at %s ready in %v", Version, s.URL, time.Since(begin).Round(time.Millisecond))
	return s
}

// A seed is a database with the admin user and token in place, and what goes
// with it. Making one takes two gitea commands, `migrate` alone about a
// second; the first Start of a test process makes it, later ones copy it.
type seed struct {
	bin             string
	db              []byte
	password, token string
	cfg             config // its secrets
}

var (
	seedMu sync.Mutex
	seeded *seed
)

// provision puts the database with User, Password and Token in place.
func (s *Server) provision(t testing.TB) {
	t.Helper()
	seedMu.Lock()
	defer seedMu.Unlock()
	db := filepath.Join(s.dir, "data", "gitea.db")
	if sd := seeded; sd != nil && sd.bin == s.bin {
		s.Password, s.Token = sd.password, sd.token
		s.cfg.secretKey, s.cfg.internalToken, s.cfg.jwtSecret = sd.cfg.secretKey, sd.cfg.internalToken, sd.cfg.jwtSecret
		if err := os.WriteFile(db, sd.db, 0o644); err != nil {
			t.Fatalf("giteatest: %v", err)
		}
		return
	}
	// The commands bind no port: the one for `gitea web` is chosen later.
	if err := s.cfg.write(s.ini()); err != nil {
		t.Fatalf("giteatest: %v", err)
	}
	s.run(t, "migrate")
	out := s.run(t, "admin", "user", "create", "--admin", "--username", s.User,
		"--password", s.Password, "--email", s.User+"@example.com", "--must-change-password=false",
		"--access-token", "--access-token-name", "flake-unify", "--access-token-scopes", strings.Join(Scopes, ","))
	m := tokenRE.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("giteatest: no access token in the output of `gitea admin user create`:\n%s", out)
	}
	s.Token = m[1]
	data, err := os.ReadFile(db)
	if err != nil {
		t.Fatalf("giteatest: %v", err)
	}
	seeded = &seed{bin: s.bin, db: data, password: s.Password, token: s.Token, cfg: *s.cfg}
}

// configure chooses a free port and writes app.ini for it.
func (s *Server) configure(t testing.TB) {
	t.Helper()
	port, err := freePort()
	if err != nil {
		t.Fatalf("giteatest: %v", err)
	}
	s.cfg.port = port
	s.URL = fmt.Sprintf("http://127.0.0.1:%d", port)
	if err := s.cfg.write(s.ini()); err != nil {
		t.Fatalf("giteatest: %v", err)
	}
}

// freePort returns a loopback port nobody listens on, for now; a variable
// so that a test can hand out a taken one.
var freePort = func() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// close stops the server and, if t failed, prints its logs.
func (s *Server) close(t testing.TB) {
	s.web.stop()
	if t.Failed() {
		t.Logf("giteatest: logs of the Gitea at %s:\n%s", s.URL, s.logs())
	}
}

// tokenRE finds the token `gitea admin user create --access-token` prints.
var tokenRE = regexp.MustCompile(`Access token was successfully created\.\.\. ([0-9a-f]{40})`)

func (s *Server) ini() string     { return filepath.Join(s.dir, "app.ini") }
func (s *Server) console() string { return filepath.Join(s.dir, "log", "console.log") }

// command prepares a gitea invocation with the server's configuration; its
// output is appended to the console log.
func (s *Server) command(ctx context.Context, args ...string) *exec.Cmd {
	args = append([]string{"--config", s.ini(), "--work-path", s.dir, "--custom-path", filepath.Join(s.dir, "custom")}, args...)
	cmd := exec.CommandContext(ctx, s.bin, args...)
	cmd.Dir = s.dir
	cmd.Env = s.env
	cmd.SysProcAttr = procAttr()
	return cmd
}

// run runs one gitea command to completion and returns its output.
func (s *Server) run(t testing.TB, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	cmd := s.command(ctx, args...)
	cmd.Cancel = func() error { return killGroup(cmd.Process.Pid, syscall.SIGKILL) }
	out, err := cmd.CombinedOutput()
	appendFile(s.console(), fmt.Sprintf("$ gitea %s\n%s", strings.Join(args, " "), out))
	if err != nil {
		t.Fatalf("giteatest: gitea %s: %v\n%s%s", strings.Join(args, " "), err, out, s.logs())
	}
	return string(out)
}

// startWeb starts `gitea web`.
func (s *Server) startWeb(t testing.TB) *proc {
	t.Helper()
	console, err := os.OpenFile(s.console(), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatalf("giteatest: %v", err)
	}
	defer console.Close()
	fmt.Fprintf(console, "$ gitea web (port %d)\n", s.cfg.port)
	cmd := s.command(context.Background(), "web")
	// Files, not pipes: Wait must not hang on a git child that outlives Gitea.
	cmd.Stdout, cmd.Stderr = console, console
	p, err := start(cmd)
	if err != nil {
		t.Fatalf("giteatest: gitea web: %v", err)
	}
	return p
}

// errPortTaken: another process took the port between its choice and
// Gitea's bind. Gitea then logs the failure but does not exit.
var errPortTaken = errors.New("the port was taken before Gitea could bind it")

// waitReady polls the API until it answers, Gitea fails, or time runs out.
func (s *Server) waitReady() error {
	gitealog := filepath.Join(s.dir, "log", "gitea.log")
	before := fileSize(gitealog) // earlier attempts' failures are not this one's
	// Short requests: if another process has the port, it may never answer.
	c := &http.Client{Timeout: 2 * time.Second, Transport: s.client.Transport}
	deadline := time.Now().Add(startTimeout)
	for {
		resp, err := c.Get(s.URL + "/api/v1/version")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if strings.Contains(readFrom(gitealog, before), fmt.Sprintf("127.0.0.1:%d: bind: address already in use", s.cfg.port)) {
			return errPortTaken
		}
		select {
		case <-s.web.done:
			return fmt.Errorf("gitea web exited before its API answered: %v", s.web.err)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s/api/v1/version did not answer within %v (last: %v)", s.URL, startTimeout, err)
		}
	}
}

func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// readFrom returns the content of path after its first off bytes.
func readFrom(path string, off int64) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	if _, err := f.Seek(off, io.SeekStart); err != nil {
		return ""
	}
	data, _ := io.ReadAll(f)
	return string(data)
}

// proc is a started process and the news of its end.
type proc struct {
	cmd  *exec.Cmd
	done chan struct{}
	err  error // how it ended; valid once done is closed
}

// start starts cmd from a goroutine locked to its OS thread until the process
// ends: Linux delivers Pdeathsig when the thread that forked exits, not the
// process, and the Go runtime may otherwise retire that thread at any time.
func start(cmd *exec.Cmd) (*proc, error) {
	p := &proc{cmd: cmd, done: make(chan struct{})}
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		p.err = cmd.Wait()
		close(p.done)
	}()
	if err := <-started; err != nil {
		return nil, err
	}
	return p, nil
}

// stop asks Gitea to shut down, kills it if it does not, and then kills
// whatever is left of its process group.
func (p *proc) stop() {
	pid := p.cmd.Process.Pid
	killGroup(pid, syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
	}
	killGroup(pid, syscall.SIGKILL)
	<-p.done
}

// logs returns the ends of Gitea's own log and of its console output.
func (s *Server) logs() string {
	var b strings.Builder
	for _, f := range []string{filepath.Join(s.dir, "log", "gitea.log"), s.console()} {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		fmt.Fprintf(&b, "==> %s <==\n%s\n", filepath.Base(f), tail(string(data), 200))
	}
	return b.String()
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.SplitAfter(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{fmt.Sprintf("[… %d lines before]\n", len(lines)-n)}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "")
}

func appendFile(path, text string) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return
	}
	defer f.Close()
	f.WriteString(text)
}
