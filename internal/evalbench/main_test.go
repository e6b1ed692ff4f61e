package evalbench_test

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

var binFlag = flag.String("evalbench.bin", "", "unify with this flake-unify binary instead of building ./cmd/flake-unify (also env EVALBENCH_BIN)")

// bin is the flake-unify binary the worlds are unified with, or buildErr
// why there is none.
var (
	bin      string
	buildErr error
)

// TestMain builds ./cmd/flake-unify once: the worlds are unified by the
// binary a user runs, not by calling the planner in-process.
func TestMain(m *testing.M) {
	flag.Parse()
	if *binFlag == "" {
		*binFlag = os.Getenv("EVALBENCH_BIN")
	}
	if *binFlag != "" {
		bin = *binFlag
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "evalbench-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	bin = filepath.Join(dir, "flake-unify")
	cmd := exec.Command("go", "build", "-o", dir+string(os.PathSeparator), "./cmd/...")
	cmd.Dir = filepath.Join("..", "..")
	if out, err := cmd.CombinedOutput(); err != nil {
		buildErr = fmt.Errorf("go build ./cmd/...: %v\n%s", err, out)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func toolBinary(tb testing.TB) string {
	tb.Helper()
	if buildErr != nil {
		tb.Fatal(buildErr)
	}
	return bin
}
