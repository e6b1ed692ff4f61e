// Package kongoracle checks package cmdline against kong, its
// specification: for the same grammar and command line, both must choose
// the same command, write the same values, fail with the same message and
// print the same bytes; for every width, the help of the top level and of
// each command must be the same text. It imports kong and is meant for
// tests only.
package kongoracle

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/alecthomas/kong"

	"github.com/flake-unify/flake-unify/internal/cmdline"
)

// Surface is what both parsers are given.
type Surface struct {
	// New returns a fresh pointer to the grammar struct.
	New func() any
	// Name and Description are the program's name and top-level text.
	Name, Description string
	// Kong and Cmdline are further options of each (kong.Bind for a flag's
	// hook, say).
	Kong    []kong.Option
	Cmdline []cmdline.Option
	// KongOutput, when set, gives kong options that need the writer of
	// one parse (kong.Bind of what a flag's hook prints to, say).
	KongOutput func(stdout io.Writer) []kong.Option
}

func (s Surface) kongOptions(stdout io.Writer) []kong.Option {
	opts := append([]kong.Option(nil), s.Kong...)
	if s.KongOutput != nil {
		opts = append(opts, s.KongOutput(stdout)...)
	}
	return opts
}

// Outcome is what one parser made of one command line.
type Outcome struct {
	Command string // the chosen command ("" on error)
	Err     string // the error's text ("" when none)
	Stdout  string // what it printed
	Grammar any    // the grammar after parsing
}

// Kong parses args with kong, configured as flake-unify configures it.
func (s Surface) KongParse(args []string) Outcome {
	g := s.New()
	var out, errw bytes.Buffer
	opts := append([]kong.Option{
		kong.Name(s.Name),
		kong.Description(s.Description),
		kong.Writers(&out, &errw),
		kong.Exit(func(int) {}),
		kong.UsageOnError(),
	}, s.kongOptions(&out)...)
	k, err := kong.New(g, opts...)
	if err != nil {
		return Outcome{Err: "kong.New: " + err.Error()}
	}
	o := Outcome{Grammar: g}
	ctx, err := k.Parse(args)
	if err != nil {
		o.Err = err.Error()
	} else {
		o.Command = ctx.Command()
	}
	o.Stdout = out.String() + errw.String()
	return o
}

// Cmdline parses args with cmdline.
func (s Surface) CmdlineParse(args []string) Outcome {
	g := s.New()
	var out bytes.Buffer
	opts := append([]cmdline.Option{
		cmdline.Name(s.Name),
		cmdline.Description(s.Description),
		cmdline.Stdout(&out),
	}, s.Cmdline...)
	p, err := cmdline.New(g, opts...)
	if err != nil {
		return Outcome{Err: "cmdline.New: " + err.Error()}
	}
	o := Outcome{Grammar: g}
	ctx, err := p.Parse(args)
	if err != nil {
		o.Err = err.Error()
	} else {
		o.Command = ctx.Command()
	}
	o.Stdout = out.String()
	return o
}

// Diff compares the two parsers on args and describes each difference;
// empty means they agree. The values compared are the global flags and
// the chosen command's struct: kong also writes the defaults of every
// other command, which cmdline leaves alone (nothing reads them).
func (s Surface) Diff(args []string) []string {
	return s.DiffNames(args, s.CommandNames())
}

// DiffNames is Diff with the command names computed once (CommandNames).
func (s Surface) DiffNames(args []string, names map[int]string) []string {
	k, c := s.KongParse(args), s.CmdlineParse(args)
	var d []string
	if k.Err != c.Err {
		d = append(d, fmt.Sprintf("error:\n  kong:    %q\n  cmdline: %q", k.Err, c.Err))
	}
	if k.Command != c.Command {
		d = append(d, fmt.Sprintf("command: kong %q, cmdline %q", k.Command, c.Command))
	}
	if k.Stdout != c.Stdout {
		d = append(d, "output:\n"+lineDiff(k.Stdout, c.Stdout))
	}
	if k.Grammar != nil && c.Grammar != nil {
		chosen, _, _ := strings.Cut(c.Command, " ")
		kv, cv := reflect.ValueOf(k.Grammar).Elem(), reflect.ValueOf(c.Grammar).Elem()
		for i := 0; i < kv.NumField(); i++ {
			f := kv.Type().Field(i)
			if _, cmd := f.Tag.Lookup("cmd"); cmd {
				keep := names[i] == chosen || (c.Err != "" && !cv.Field(i).IsZero())
				if !keep {
					continue
				}
			}
			if !f.IsExported() && !f.Anonymous {
				continue
			}
			if !reflect.DeepEqual(kv.Field(i).Interface(), cv.Field(i).Interface()) {
				d = append(d, fmt.Sprintf("field %s:\n  kong:    %#v\n  cmdline: %#v", f.Name, kv.Field(i).Interface(), cv.Field(i).Interface()))
			}
		}
	}
	return d
}

// CommandNames maps the grammar's command fields (by index) to the names
// kong gives them.
func (s Surface) CommandNames() map[int]string {
	g := s.New()
	k, err := kong.New(g, append([]kong.Option{kong.Name(s.Name), kong.Exit(func(int) {})}, s.kongOptions(io.Discard)...)...)
	if err != nil {
		return nil
	}
	root := reflect.ValueOf(g).Elem()
	names := map[int]string{}
	for _, c := range k.Model.Children {
		for i := 0; i < root.NumField(); i++ {
			if root.Field(i).Addr().Pointer() == c.Target.Addr().Pointer() && root.Field(i).Type() == c.Target.Type() {
				names[i] = c.Name
			}
		}
	}
	return names
}

// Agree fails t for each command line on which the parsers differ.
func (s Surface) Agree(t testing.TB, argvs [][]string) {
	t.Helper()
	bad := 0
	names := s.CommandNames()
	for _, args := range argvs {
		if d := s.DiffNames(args, names); len(d) > 0 {
			bad++
			if bad <= 20 {
				t.Errorf("%s:\n%s", quote(args), strings.Join(d, "\n"))
			}
		}
	}
	if bad > 20 {
		t.Errorf("... %d command lines differ in all", bad)
	}
}

// HelpDiff compares the help of command ("" for the top level) at width:
// kong's as printed for --help with COLUMNS=width, cmdline's WriteHelp.
// It sets COLUMNS through t.Setenv.
func (s Surface) HelpDiff(t testing.TB, command string, width int) string {
	t.Setenv("COLUMNS", strconv.Itoa(width))
	args := []string{"--help"}
	if command != "" {
		args = []string{command, "--help"}
	}
	want := s.KongParse(args).Stdout
	p, err := cmdline.New(s.New(), append([]cmdline.Option{cmdline.Name(s.Name), cmdline.Description(s.Description)}, s.Cmdline...)...)
	if err != nil {
		return err.Error()
	}
	var got bytes.Buffer
	if err := p.WriteHelp(&got, command, width); err != nil {
		return err.Error()
	}
	if got.String() != want {
		return lineDiff(want, got.String())
	}
	return ""
}

// HelpAgrees fails t for each command (and the top level) and width at
// which the help texts differ.
func (s Surface) HelpAgrees(t testing.TB, commands []string, widths []int) {
	t.Helper()
	for _, w := range widths {
		for _, c := range append([]string{""}, commands...) {
			if d := s.HelpDiff(t, c, w); d != "" {
				t.Errorf("help %q at width %d:\n%s", c, w, d)
			}
		}
	}
}

// lineDiff shows the first differing line of two texts, with context.
func lineDiff(want, got string) string {
	a, b := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(a) || i < len(b); i++ {
		var x, y string
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y || (i >= len(a)) != (i >= len(b)) {
			return fmt.Sprintf("  line %d:\n  kong:    %q\n  cmdline: %q", i+1, x, y)
		}
	}
	return "  (same lines)"
}

func quote(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = strconv.Quote(a)
	}
	return "[" + strings.Join(q, " ") + "]"
}

// ErrIs reports whether both parsers' errors on args match target with
// errors.Is in the same way (a flag's sentinel error must reach the caller).
func (s Surface) ErrIs(args []string, target error) (kongIs, cmdlineIs bool) {
	g := s.New()
	var out bytes.Buffer
	k, err := kong.New(g, append([]kong.Option{kong.Name(s.Name), kong.Writers(&out, &out), kong.Exit(func(int) {})}, s.kongOptions(&out)...)...)
	if err == nil {
		_, err = k.Parse(args)
		kongIs = errors.Is(err, target)
	}
	p, err := cmdline.New(s.New(), append([]cmdline.Option{cmdline.Name(s.Name), cmdline.Stdout(&out)}, s.Cmdline...)...)
	if err == nil {
		_, err = p.Parse(args)
		cmdlineIs = errors.Is(err, target)
	}
	return kongIs, cmdlineIs
}

// ModelAgrees fails t where cmdline's description of the grammar (its
// Flags and Commands, for manual pages and completion) differs from kong's
// model of it.
func (s Surface) ModelAgrees(t testing.TB) {
	t.Helper()
	k, err := kong.New(s.New(), append([]kong.Option{kong.Name(s.Name), kong.Description(s.Description), kong.Exit(func(int) {})}, s.kongOptions(io.Discard)...)...)
	if err != nil {
		t.Fatal(err)
	}
	p, err := cmdline.New(s.New(), append([]cmdline.Option{cmdline.Name(s.Name), cmdline.Description(s.Description)}, s.Cmdline...)...)
	if err != nil {
		t.Fatal(err)
	}
	if p.Name() != k.Model.Name || p.Description() != k.Model.Help {
		t.Errorf("name and description: kong %q %q, cmdline %q %q", k.Model.Name, k.Model.Help, p.Name(), p.Description())
	}
	flags := func(where string, kf []*kong.Flag, cf []cmdline.Flag) {
		if len(kf) != len(cf) {
			t.Errorf("%s: kong has %d flags, cmdline %d", where, len(kf), len(cf))
			return
		}
		for i, f := range kf {
			var enum []string
			if f.Enum != "" {
				enum = f.EnumSlice()
			}
			want := cmdline.Flag{Name: f.Name, Short: f.Short, Help: f.Help, Placeholder: f.FormatPlaceHolder(), PlaceTag: f.PlaceHolder,
				Default: f.Default, HasDefault: f.HasDefault, Enum: enum, Required: f.Required, Bool: f.IsBool()}
			if !reflect.DeepEqual(want, cf[i]) {
				t.Errorf("%s flag %d:\n  kong:    %+v\n  cmdline: %+v", where, i, want, cf[i])
			}
		}
	}
	flags("top level", k.Model.Flags, p.Flags())
	cmds, err := p.Commands()
	if err != nil {
		t.Fatal(err)
	}
	if len(cmds) != len(k.Model.Children) {
		t.Fatalf("kong has %d commands, cmdline %d", len(k.Model.Children), len(cmds))
	}
	for i, n := range k.Model.Children {
		c := cmds[i]
		if c.Name != n.Name || c.Help != n.Help || c.Summary != n.Summary() {
			t.Errorf("command %d:\n  kong:    %q %q %q\n  cmdline: %q %q %q", i, n.Name, n.Help, n.Summary(), c.Name, c.Help, c.Summary)
		}
		flags("command "+n.Name, n.Flags, c.Flags)
		if len(n.Positional) != len(c.Args) {
			t.Errorf("command %s: kong has %d arguments, cmdline %d", n.Name, len(n.Positional), len(c.Args))
			continue
		}
		for j, a := range n.Positional {
			var enum []string
			if a.Enum != "" {
				enum = a.EnumSlice()
			}
			want := cmdline.Arg{Name: a.Name, Help: a.Help, Required: a.Required, Enum: enum}
			if !reflect.DeepEqual(want, c.Args[j]) {
				t.Errorf("command %s argument %d:\n  kong:    %+v\n  cmdline: %+v", n.Name, j, want, c.Args[j])
			}
		}
	}
}
