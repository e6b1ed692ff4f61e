//go:build !unix

package cli

import (
	"errors"
	"os"
	"os/exec"
)

// execFull runs full as a child where a process cannot be replaced, and
// exits with its status.
func execFull(full string, args []string) error {
	cmd := exec.Command(full, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		os.Exit(ee.ExitCode())
	}
	if err != nil {
		return err
	}
	os.Exit(0)
	return nil
}
