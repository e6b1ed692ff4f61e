package e2e

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"testing"
)

var (
	seedFlag  = flag.Int64("e2e.seed", 0, "run only the random universe of this seed (also env E2E_SEED)")
	seedsFlag = flag.Int("e2e.seeds", 0, "number of random seeds (default: the fixed CI set; fewer with -short)")
	binFlag   = flag.String("e2e.bin", "", "use this flake-unify binary (flake-unify-full beside it) instead of building ./cmd/... (also env E2E_BIN)")
	unifierFl = flag.String("e2e.unifier", "", `"reference" judges the hand-made reference unifier instead of flake-unify (also env E2E_UNIFIER)`)
)

func TestMain(m *testing.M) {
	flag.Parse()
	// Nix spends much of its time waiting (store database, git), so more
	// universes than cores run at once; an explicit -parallel wins.
	explicit := false
	flag.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "test.parallel" })
	if !explicit {
		flag.Set("test.parallel", strconv.Itoa(4*runtime.GOMAXPROCS(0)))
	}
	if s := os.Getenv("E2E_SEED"); s != "" && *seedFlag == 0 {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			fmt.Fprintln(os.Stderr, "E2E_SEED:", err)
			os.Exit(2)
		}
		*seedFlag = v
	}
	if *unifierFl == "" {
		*unifierFl = os.Getenv("E2E_UNIFIER")
	}
	dir, err := os.MkdirTemp("", "flake-unify-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	if *binFlag == "" {
		*binFlag = os.Getenv("E2E_BIN")
	}
	if *binFlag != "" {
		binPath = *binFlag
	} else {
		buildTool(dir)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// subject is the unifier the scenarios judge.
func subject() unifier {
	if *unifierFl == "reference" {
		return reference{}
	}
	return tool{}
}
