//go:build !unix

package nixstore

import "os"

// lstat reports whether name exists, as os.Lstat does.
func lstat(name string) error {
	_, err := os.Lstat(name)
	return err
}
