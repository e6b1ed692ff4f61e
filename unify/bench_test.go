package unify

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/flake-unify/flake-unify/internal/corpus"
)

// The largest corpus lock (424 nodes, 97 nixpkgs copies).
const benchLock = "input-output-hk__cardano-world"

func benchFiles(b *testing.B) Files {
	for _, c := range corpus.Locks(b) {
		if c.Name == benchLock {
			return Files{LockName: "flake.lock", Lock: c.Data}
		}
	}
	b.Fatalf("corpus has no %s", benchLock)
	return Files{}
}

// BenchmarkPlan: planning (parse, check, canonical, redirects, encode,
// summary) without the diff.
func BenchmarkPlan(b *testing.B) {
	files := benchFiles(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Make(files, Options{LockOnly: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPlanProcess: the whole process, `flake-unify plan --lock-only`
// on the lock, built once and executed per iteration.
func BenchmarkPlanProcess(b *testing.B) {
	files := benchFiles(b)
	dir := b.TempDir()
	bin := filepath.Join(dir, "flake-unify")
	build := exec.Command("go", "build", "-o", bin, "../cmd/flake-unify")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	flake := filepath.Join(dir, "flake")
	if err := os.Mkdir(flake, 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(flake, "flake.lock"), files.Lock, 0o644); err != nil {
		b.Fatal(err)
	}
	// The machine running the benchmark may be busy: the process's own CPU
	// time (user + system) is reported beside the wall time.
	var cpu time.Duration
	n := 0
	for b.Loop() {
		cmd := exec.Command(bin, "plan", "--lock-only", "-C", flake)
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v\n%s", err, out)
		}
		cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		n++
	}
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(n), "cpu-ms/op")
}
