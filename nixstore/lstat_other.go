//go:build !unix

package nixstore

import (
	"errors"
	"io/fs"
	"os"
)

// exists reports whether name is there, as os.Lstat tells.
func exists(name string) (bool, error) {
	_, err := os.Lstat(name)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	}
	return false, err
}
