//go:build !unix

package giteatest

import "syscall"

// Process groups are a Unix facility; elsewhere
// Start skips.
const supported = false

func procAttr() *syscall.SysProcAttr { return nil }

func killGroup(int, syscall.Signal) error { return nil }
