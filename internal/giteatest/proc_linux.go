package giteatest

import "syscall"

// procAttr puts Gitea in a process group of its own, so that stopping it
// also reaches the git processes it spawns, and has the kernel kill it if
// the test binary dies without running its cleanups (a test timeout).
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
