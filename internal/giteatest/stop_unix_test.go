//go:build unix

package giteatest

import (
	"errors"
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
