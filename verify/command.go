package verify

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// killGrace is how long a command's process group has between SIGTERM and
// SIGKILL: long enough for Nix to release its locks.
const killGrace = 3 * time.Second

// tailBytes bounds the output kept per candidate; only the last lines are
// shown, so nothing more is stored however much a build prints.
const tailBytes = 16 << 10

// outputLines is how many last lines of output a result keeps.
const outputLines = 20

// outcome is how one run of the command ended.
type outcome struct {
	status   Status // Pass, Fail, Timeout or Interrupted
	exitCode int    // Fail: the exit status (-1: killed by a signal)
	duration time.Duration
	output   []string
}

// runCommand runs `sh -c command` in dir with env added to the
// environment, in a process group of its own, bounded by timeout. When ctx
// ends first the result is Interrupted. Whatever is left of the group when
// it returns is killed.
func runCommand(ctx context.Context, dir, command string, timeout time.Duration, env []string) (outcome, error) {
	cmd := exec.Command("sh", "-c", command)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	// One pipe for stdout and stderr, read here: exec's own copying would
	// make Wait wait for every process that inherited it.
	r, w, err := os.Pipe()
	if err != nil {
		return outcome{}, err
	}
	cmd.Stdout, cmd.Stderr = w, w
	var tail tailBuffer
	copied := make(chan struct{})
	go func() {
		_, _ = io.Copy(&tail, r)
		r.Close()
		close(copied)
	}()
	start := time.Now()
	err = cmd.Start()
	w.Close()
	if err != nil {
		<-copied
		return outcome{}, err
	}
	pgid := cmd.Process.Pid
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	timer := time.NewTimer(timeout)
	defer timer.Stop()
	status := Pass
	var waitErr error
	select {
	case waitErr = <-done:
	case <-timer.C:
		status = Timeout
		waitErr = stopGroup(pgid, done)
	case <-ctx.Done():
		status = Interrupted
		waitErr = stopGroup(pgid, done)
	}
	o := outcome{status: status, duration: time.Since(start)}
	// Background processes the command left behind die with the group;
	// then the pipe's last writer is gone and the copy ends.
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
	<-copied
	o.output = tail.lines(outputLines)
	if status == Pass && waitErr != nil {
		var ee *exec.ExitError
		if !errors.As(waitErr, &ee) {
			return o, waitErr
		}
		o.status, o.exitCode = Fail, ee.ExitCode()
	}
	return o, nil
}

// stopGroup sends SIGTERM to the group, SIGKILL after killGrace, and
// returns the leader's exit.
func stopGroup(pgid int, done <-chan error) error {
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case err := <-done:
		return err
	case <-time.After(killGrace):
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
		return <-done
	}
}

// tailBuffer keeps the last tailBytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	buf []byte
	cut bool // bytes were dropped at the front
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := len(p)
	if len(p) >= tailBytes {
		p = p[len(p)-tailBytes:]
		t.buf, t.cut = t.buf[:0], true
	}
	if over := len(t.buf) + len(p) - tailBytes; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
		t.cut = true
	}
	t.buf = append(t.buf, p...)
	return n, nil
}

// lines returns the last n complete lines (a cut first line is dropped),
// without trailing blank lines.
func (t *tailBuffer) lines(n int) []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	b := bytes.TrimRight(t.buf, "\n")
	if len(b) == 0 {
		return nil
	}
	ls := strings.Split(string(b), "\n")
	if t.cut && len(ls) > 1 {
		ls = ls[1:]
	}
	if len(ls) > n {
		ls = ls[len(ls)-n:]
	}
	for i, l := range ls {
		ls[i] = strings.TrimRight(l, "\r")
	}
	return ls
}
