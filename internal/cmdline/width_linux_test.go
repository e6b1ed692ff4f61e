package cmdline

import (
	"os"
	"strconv"
	"syscall"
	"testing"
	"unsafe"

	"github.com/flake-unify/flake-unify/internal/testenv"
)

// openPTY opens a pseudo-terminal and returns its terminal end.
func openPTY(t *testing.T) *os.File {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		testenv.Missing(t, "no pseudo-terminals here: %v", err)
	}
	t.Cleanup(func() { master.Close() })
	var unlock int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, master.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		t.Fatal("unlockpt:", e)
	}
	var n uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, master.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		t.Fatal("ptsname:", e)
	}
	tty, err := os.OpenFile("/dev/pts/"+strconv.Itoa(int(n)), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tty.Close() })
	return tty
}

func setColumns(t *testing.T, tty *os.File, cols uint16) {
	t.Helper()
	size := [4]uint16{24, cols, 0, 0}
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, tty.Fd(), syscall.TIOCSWINSZ, uintptr(unsafe.Pointer(&size))); e != 0 {
		t.Fatal("TIOCSWINSZ:", e)
	}
}

// On a terminal the help is as wide as the terminal says, 80 when it says
// 0, and $COLUMNS wins over it; a file that is no terminal gets 80.
func TestGuessWidthOfATerminal(t *testing.T) {
	tty := openPTY(t)
	t.Setenv("COLUMNS", "")
	setColumns(t, tty, 123)
	if w := GuessWidth(tty); w != 123 {
		t.Errorf("a terminal of 123 columns: %d", w)
	}
	setColumns(t, tty, 0)
	if w := GuessWidth(tty); w != 80 {
		t.Errorf("a terminal of 0 columns: %d", w)
	}
	t.Setenv("COLUMNS", "42")
	if w := GuessWidth(tty); w != 42 {
		t.Errorf("COLUMNS=42 on a terminal: %d", w)
	}
	t.Setenv("COLUMNS", "")
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if w := GuessWidth(f); w != 80 {
		t.Errorf("a file: %d", w)
	}
}
