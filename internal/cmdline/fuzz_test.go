package cmdline_test

import (
	"strings"
	"testing"
)

// FuzzParse: any command line (arguments separated by NUL in the input)
// parses without a panic, and the outcome is kong's.
func FuzzParse(f *testing.F) {
	for _, args := range [][]string{
		{"check", "--max", "1000"},
		{"plan", "--keep=a\\,b,c", "-C", "dir", "--merge", "like,pinned"},
		{"pr", "--forge", "gitea", "--repo", "o/n", "--git=exec"},
		{"-hC.", "check"},
		{"help", "--", "--json"},
	} {
		f.Add(strings.Join(args, "\x00"))
	}
	s := surface()
	names := s.CommandNames()
	f.Fuzz(func(t *testing.T, line string) {
		args := strings.Split(line, "\x00")
		if line == "" {
			args = nil
		}
		if d := s.DiffNames(args, names); len(d) > 0 {
			t.Fatalf("%q:\n%s", args, strings.Join(d, "\n"))
		}
	})
}
