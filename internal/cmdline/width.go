package cmdline

import (
	"io"
	"os"
	"strconv"
)

// GuessWidth is the width kong gives its help: $COLUMNS when it is a
// number, else the width of the terminal w is (when it is one and says),
// else 80.
func GuessWidth(w io.Writer) int {
	if s := os.Getenv("COLUMNS"); s != "" {
		if n, err := strconv.Atoi(s); err == nil {
			return n
		}
	}
	if f, ok := w.(*os.File); ok {
		if cols, ok := terminalColumns(f); ok {
			if cols == 0 {
				return 80
			}
			return cols
		}
	}
	return 80
}
