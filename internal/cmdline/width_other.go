//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package cmdline

import "os"

func terminalColumns(*os.File) (int, bool) { return 0, false }
