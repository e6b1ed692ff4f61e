package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/cli"
	"github.com/flake-unify/flake-unify/internal/testenv"
)

// TestManPage renders the manual page, has groff check it (no warning at
// all) and man format it, and finds in the formatted page every command
// with each of its flags, in that command's section, and every help topic.
func TestManPage(t *testing.T) {
	page := runOut(t, "man")
	if again := runOut(t, "man"); again != page {
		t.Error("two renderings of the man page differ")
	}
	if !strings.HasPrefix(page, ".TH FLAKE-UNIFY 1 ") {
		t.Fatalf("the page does not start with .TH:\n%.200s", page)
	}
	testenv.Need(t, "groff")
	testenv.Need(t, "man")
	file := filepath.Join(t.TempDir(), "flake-unify.1")
	if err := os.WriteFile(file, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	groff := exec.Command("groff", "-k", "-man", "-Tutf8", "-ww", "-z", file)
	groff.Stderr = &stderr
	if err := groff.Run(); err != nil || stderr.Len() > 0 {
		t.Errorf("groff -ww: %v\n%s", err, stderr.String())
	}
	man := exec.Command("man", "-P", "cat", "-l", file)
	man.Env = append(os.Environ(), "MANWIDTH=300", "LANG=C.UTF-8")
	out, err := man.Output()
	if err != nil {
		t.Fatalf("man -l: %v", err)
	}
	// Bold and underline come as overstrikes (c BACKSPACE c, _ BACKSPACE c).
	text := regexp.MustCompile(`.\x08`).ReplaceAllString(string(out), "")

	parser, err := kongModel(io.Discard, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	sections := strings.Split(text, "\n   flake-unify ")
	for _, n := range parser.Model.Children {
		var sec string
		for _, s := range sections[1:] {
			if strings.HasPrefix(s, n.Summary()+"\n") {
				sec = s
			}
		}
		if sec == "" {
			t.Errorf("no section for flake-unify %s", n.Summary())
			continue
		}
		if !strings.Contains(sec, n.Help) {
			t.Errorf("flake-unify %s: its help %q is missing", n.Name, n.Help)
		}
		for _, f := range n.Flags {
			if !strings.Contains(sec, "--"+f.Name) {
				t.Errorf("flake-unify %s: flag --%s is missing", n.Name, f.Name)
			}
		}
		for _, p := range n.Positional {
			if !strings.Contains(sec, p.Name) {
				t.Errorf("flake-unify %s: argument %s is missing", n.Name, p.Name)
			}
		}
	}
	for _, tp := range cli.Topics {
		if !strings.Contains(text, "\n"+strings.ToUpper(tp.Name)+"\n") {
			t.Errorf("no section %s", strings.ToUpper(tp.Name))
		}
	}
	for _, want := range []string{"# flake-unify: keep", "flake-unify.toml", "crosses release line", "complete -o default -C flake-unify flake-unify", "mode: check", "EXIT STATUS"} {
		if !strings.Contains(text, want) {
			t.Errorf("the formatted page lacks %q", want)
		}
	}
}

func runOut(t *testing.T, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run(args, &out, &errb); code != 0 {
		t.Fatalf("flake-unify %s: exit %d\n%s", strings.Join(args, " "), code, errb.String())
	}
	return out.String()
}
