//go:build unix && !linux

package giteatest

import "syscall"

// procAttr puts Gitea in a process group of its own, so that stopping it
// also reaches the git processes it spawns.
func procAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }
