//go:build unix

package giteatest

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestStopLeavesNothing: after a test's cleanup, no process of the server's
// group is left, and the port is free again.
func TestStopLeavesNothing(t *testing.T) {
	var pid int
	var addr string
	t.Run("server", func(t *testing.T) {
		s := Start(t)
		pid, addr = s.web.cmd.Process.Pid, strings.TrimPrefix(s.URL, "http://")
	})
	if pid == 0 {
		t.Skip("no server ran")
	}
	if err := syscall.Kill(-pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("process group %d still exists after cleanup (kill -0: %v)", pid, err)
	}
	c := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{}}
	if resp, err := c.Get("http://" + addr + "/api/v1/version"); err == nil {
		resp.Body.Close()
		t.Errorf("%s still answers after cleanup", addr)
	}
}

// TestPortTaken: when another process takes the chosen port before Gitea
// binds it, Start tries another port.
func TestPortTaken(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	port := taken.Addr().(*net.TCPAddr).Port
	real := freePort
	calls := 0
	freePort = func() (int, error) {
		calls++
		if calls == 1 {
			return port, nil
		}
		return real()
	}
	t.Cleanup(func() { freePort = real })
	s := Start(t)
	if calls != 2 || strings.HasSuffix(s.URL, fmt.Sprintf(":%d", port)) {
		t.Errorf("Start at %s after %d port choices, want a second port instead of the taken %d", s.URL, calls, port)
	}
	if !strings.Contains(s.logs(), "address already in use") {
		t.Errorf("the logs do not show the first attempt failing on the taken port:\n%s", s.logs())
	}
}
