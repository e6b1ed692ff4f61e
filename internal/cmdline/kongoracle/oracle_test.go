package kongoracle

import (
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/cmdline"
)

// envGrammar uses a tag cmdline does not support (env), so the two
// parsers write different values when the variable is set.
type envGrammar struct {
	Run struct {
		Name string `env:"KONGORACLE_NAME" help:"A name."`
	} `cmd:""`
}

// The oracle must see each kind of difference, or its silence proves
// nothing: a value written differently, output that differs, help that
// differs, and a model that differs.
func TestOracleSeesDifferences(t *testing.T) {
	t.Setenv("KONGORACLE_NAME", "from-env")
	s := Surface{New: func() any { return new(envGrammar) }, Name: "p"}
	d := s.Diff([]string{"run"})
	if len(d) != 1 || !strings.HasPrefix(d[0], "field Run:") {
		t.Errorf("a value kong takes from the environment: %q", d)
	}
	if d := s.Diff([]string{"run", "--name", "x"}); len(d) != 0 {
		t.Errorf("the same value given: %q", d)
	}

	other := Surface{New: func() any { return new(envGrammar) }, Name: "p", Cmdline: []cmdline.Option{cmdline.Name("q")}}
	d = other.Diff([]string{"--help"})
	if len(d) == 0 || !strings.HasPrefix(d[len(d)-1], "output:") {
		t.Errorf("another program name in the help: %q", d)
	}
	if h := other.HelpDiff(t, "run", 80); !strings.Contains(h, "Usage: p run") {
		t.Errorf("another program name in the help of run: %q", h)
	}
	if d := other.Diff([]string{"bogus"}); len(d) != 0 {
		t.Errorf("an error that does not name the program: %q", d)
	}

	m := &recorder{}
	other.ModelAgrees(m)
	if len(m.errors) == 0 || !strings.Contains(m.errors[0], "name and description") {
		t.Errorf("ModelAgrees on another name: %q", m.errors)
	}
}

// recorder is a testing.TB that keeps the errors instead of failing.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, strings.TrimSpace(format))
}
func (r *recorder) Fatal(args ...any)                 { r.errors = append(r.errors, "fatal") }
func (r *recorder) Fatalf(format string, args ...any) { r.errors = append(r.errors, "fatal: "+format) }
