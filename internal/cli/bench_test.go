package cli

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/flake-unify/flake-unify/internal/corpus"
)

// largest corpus lock (424 nodes) in a flake directory of its own.
func largestFlakeDir(b *testing.B) string {
	data, err := os.ReadFile(filepath.Join(corpus.Dir(b), "locks", "input-output-hk__cardano-world.flake.lock"))
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "flake.lock"), data, 0o644); err != nil {
		b.Fatal(err)
	}
	return dir
}

// buildBinary builds flake-unify once for a process benchmark.
func buildBinary(b *testing.B) string {
	bin := filepath.Join(b.TempDir(), "flake-unify")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		b.Fatal(err)
	}
	return bin
}

// run is Main for this package's tests: the light binary's commands.
func run(args []string, stdout, stderr io.Writer) int { return Main(args, stdout, stderr, nil) }

// BenchmarkCheckProcess is the whole `flake-unify check` process on the
// 424-node lock: start-up, read, parse, classify, print. Target: < 10 ms.
func BenchmarkCheckProcess(b *testing.B) {
	bin, dir := buildBinary(b), largestFlakeDir(b)
	for b.Loop() {
		cmd := exec.Command(bin, "check", "-C", dir, "--max", "1000")
		out, err := cmd.CombinedOutput()
		if code := cmd.ProcessState.ExitCode(); code != 1 {
			b.Fatalf("exit %d (want 1: the lock is not unified): %v\n%s", code, err, out)
		}
	}
}

// BenchmarkCheck is the same work in-process.
func BenchmarkCheck(b *testing.B) {
	dir := largestFlakeDir(b)
	for b.Loop() {
		// The lock is not unified: check's answer is exit 1.
		if code := run([]string{"check", "-C", dir, "--max", "1000"}, io.Discard, io.Discard); code != 1 {
			b.Fatalf("exit %d, want 1", code)
		}
	}
}

// BenchmarkPlanLockOnly is `flake-unify plan --lock-only` on the 424-node
// lock in-process: parse, plan, re-key, encode and the diff of the lock.
func BenchmarkPlanLockOnly(b *testing.B) {
	dir := largestFlakeDir(b)
	for b.Loop() {
		if code := run([]string{"plan", "-C", dir, "--lock-only"}, io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}
