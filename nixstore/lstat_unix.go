//go:build unix

package nixstore

import (
	"io/fs"
	"syscall"
)

// exists reports whether name is there (a symbolic link is not
// followed), as os.Lstat tells, without the FileInfo: a plan asks it of
// every source of a lock, and neither answer needs anything on the heap
// (absent is no error). Another failure is os.Lstat's error.
func exists(name string) (bool, error) {
	var st syscall.Stat_t
	for {
		switch err := syscall.Lstat(name, &st); err {
		case nil:
			return true, nil
		case syscall.EINTR:
			continue
		case syscall.ENOENT:
			return false, nil
		default:
			return false, &fs.PathError{Op: "lstat", Path: name, Err: err}
		}
	}
}
