//go:build unix

package giteatest

import (
	"errors"
	"syscall"
)

const supported = true

// killGroup signals every process in the group led by pid.
func killGroup(pid int, sig syscall.Signal) error {
	if err := syscall.Kill(-pid, sig); err != nil && !errors.Is(err, syscall.ESRCH) {
		return err
	}
	return nil
}
