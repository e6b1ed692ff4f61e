//go:build unix

package nixstore

import (
	"io/fs"
	"syscall"
)

// lstat is os.Lstat without the FileInfo: whether a store path exists is
// asked of every source of a lock, and the answer needs no file
// description on the heap. Its error is the one os.Lstat returns.
func lstat(name string) error {
	var st syscall.Stat_t
	for {
		err := syscall.Lstat(name, &st)
		switch err {
		case nil:
			return nil
		case syscall.EINTR:
			continue
		}
		return &fs.PathError{Op: "lstat", Path: name, Err: err}
	}
}
