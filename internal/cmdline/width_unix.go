//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package cmdline

import (
	"os"
	"syscall"
	"unsafe"
)

// terminalColumns asks the terminal behind f for its size (TIOCGWINSZ);
// ok is false when f is no terminal.
func terminalColumns(f *os.File) (int, bool) {
	var size [4]uint16 // rows, columns, x and y pixels
	_, _, errno := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), uintptr(syscall.TIOCGWINSZ), uintptr(unsafe.Pointer(&size)))
	if errno != 0 {
		return 0, false
	}
	return int(size[1]), true
}
