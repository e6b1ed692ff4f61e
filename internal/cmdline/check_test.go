package cmdline_test

import (
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/cli"
	"github.com/flake-unify/flake-unify/internal/cmdline"
)

func TestSurfaceIsInTheSubset(t *testing.T) {
	p, err := cmdline.New(new(cli.Grammar), cmdline.Name("flake-unify"), cmdline.Description(cli.Description))
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Check(); err != nil {
		t.Fatal(err)
	}
}

type outside struct {
	Run struct {
		Env     string   `env:"X" help:"From the environment."`
		Enum    int      `enum:"1,2" default:"1"`
		Code    string   `help:"Text.\n\n  indented code"`
		Link    string   `help:"See [fmt.Println]."`
		Same    string   `name:"dup"`
		Dup     string   `name:"dup"`
		Help    bool     `name:"help"`
		Rest    []string `arg:""`
		Last    string   `arg:""`
		Bad     string   `type:"existingfile"`
		Interp  string   `help:"${default}"`
		BoolDef bool     `default:"true"`
		Checked checked  `help:"A type with a Validate method."`
	} `cmd:""`
}

type checked string

func (checked) Validate() error { return nil }

func TestCheckReportsWhatIsOutside(t *testing.T) {
	p, err := cmdline.New(&outside{})
	if err != nil {
		t.Fatal(err)
	}
	err = p.Check()
	if err == nil {
		t.Fatal("Check found nothing")
	}
	for _, want := range []string{
		"tag env is not supported",
		"enum on a value that is not a string",
		"an indented line",
		"[fmt.Println] may be a doc link",
		"flag --dup declared twice",
		"flag --help declared twice",
		"<rest ...> is not the last argument",
		"type:existingfile is not supported",
		"${…} interpolation is not supported",
		"a bool with a default",
		"a Validate method",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Check does not say %q:\n%v", want, err)
		}
	}
}
