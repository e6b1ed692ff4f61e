package cmdline_test

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/flake-unify/flake-unify/internal/cmdline"
)

type greetCmd struct {
	Name  string   `arg:"" optional:"" help:"Whom to greet."`
	Loud  bool     `short:"l" help:"Shout."`
	Times int      `default:"1" help:"How often." placeholder:"N"`
	Tags  []string `help:"Tags (repeatable)." placeholder:"TAG"`
}

func (c *greetCmd) Run(w io.Writer) error {
	for i := 0; i < c.Times; i++ {
		fmt.Fprintf(w, "hello %s (loud: %v, tags: %q)\n", c.Name, c.Loud, c.Tags)
	}
	return nil
}

type versionFlag bool

var errShown = errors.New("shown")

func (versionFlag) Act(w io.Writer) error {
	fmt.Fprintln(w, "greeter 1.0")
	return errShown
}

type greeter struct {
	Greet   greetCmd    `cmd:"" help:"Say hello."`
	Version versionFlag `help:"Print the version and exit."`
}

// The shape of a program's main: parse, then run the chosen command
// through an interface its commands implement.
func Example() {
	for _, args := range [][]string{
		{"greet", "world", "-l", "--times=2", "--tags", "a,b", "--tags", "c"},
		{"--version"},
		{"greet", "--times", "x"},
	} {
		var g greeter
		p, err := cmdline.New(&g, cmdline.Name("greeter"), cmdline.Stdout(os.Stdout))
		if err != nil {
			panic(err)
		}
		ctx, err := p.Parse(args)
		switch {
		case errors.Is(err, errShown):
			continue
		case err != nil:
			fmt.Println("greeter:", err)
			continue
		}
		fmt.Println("command:", ctx.Command())
		if r, ok := ctx.Target().(interface{ Run(io.Writer) error }); ok {
			_ = r.Run(os.Stdout)
		}
	}
	// Output:
	// command: greet <name>
	// hello world (loud: true, tags: ["a" "b" "c"])
	// hello world (loud: true, tags: ["a" "b" "c"])
	// greeter 1.0
	// greeter: --times: expected a valid 64 bit int but got "x"
}

// The help of a command, as kong prints it, at a width of 60 columns.
func ExampleParser_WriteHelp() {
	p, err := cmdline.New(&greeter{}, cmdline.Name("greeter"))
	if err != nil {
		panic(err)
	}
	_ = p.WriteHelp(os.Stdout, "greet", 60)
	// Output:
	// Usage: greeter greet [<name>] [flags]
	//
	// Say hello.
	//
	// Arguments:
	//   [<name>]    Whom to greet.
	//
	// Flags:
	//   -h, --help            Show context-sensitive help.
	//       --version         Print the version and exit.
	//
	//   -l, --loud            Shout.
	//       --times=N         How often.
	//       --tags=TAG,...    Tags (repeatable).
}
