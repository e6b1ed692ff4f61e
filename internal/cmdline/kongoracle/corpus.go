package kongoracle

import (
	"io"
	"reflect"
	"strings"
	"time"

	"github.com/alecthomas/kong"
)

// Corpus generates command lines that exercise every flag of every command
// of the surface (read from kong's model of it) in each form: --flag=value,
// --flag value, -x value, -xvalue, a missing value, good and bad values of
// its type, every enum value and one outside; and around them: --help at
// each level, no command, unknown commands and flags, --version, --,
// positional arguments, required flags given and missing.
func (s Surface) Corpus() [][]string {
	g := s.New()
	k, err := kong.New(g, append([]kong.Option{kong.Name(s.Name), kong.Exit(func(int) {})}, s.kongOptions(io.Discard)...)...)
	if err != nil {
		return nil
	}
	var out [][]string
	add := func(args ...string) { out = append(out, args) }

	add()
	add("--help")
	add("-h")
	add("--help=false")
	add("-hh")
	add("--")
	add("-")
	add("--", "--help")
	add("--bogus")
	add("-x")
	add("--=x")
	add("---")
	add("bogus")
	add("--help", "bogus")
	add("bogus", "--help")
	add("--help", "--version")
	add("--version", "--help")
	add("--help", "--help")
	add("--version", "--version")
	for _, f := range k.Model.Flags {
		for _, v := range samples(f) {
			add(v...)
		}
	}
	for _, c := range k.Model.Children {
		n := c.Name
		add(n)
		add(n, "--help")
		add("--help", n)
		add(n, "-h")
		add(n, "--help", "--bogus")
		add(n, "--bogus", "--help")
		add(n[:len(n)-1])
		add(n + "x")
		add(strings.ToUpper(n))
		add("--", n)
		add(n, "--")
		add(n, "--", "x")
		add(n, "x")
		add(n, "-")
		add(n, n)
		add(n, "--bogus")
		add(n, "-Z")
		add(n, "--json=", "x")
		for _, gf := range k.Model.Flags {
			if gf.Name != "help" {
				add(n, "--"+gf.Name)
				add("--"+gf.Name, n)
			}
		}
		required := requiredArgs(c)
		for _, p := range c.Positional {
			add(n, "one")
			add(n, "one", "two")
			add(append(append([]string{n}, required...), "--", "--json")...)
			for _, e := range enumValues(p.Enum) {
				add(n, e)
				add(n, e, "--help")
			}
			add(n, "--", "one")
		}
		flags := c.Flags
		for i, f := range flags {
			for _, v := range samples(f) {
				add(append(append([]string{n}, v...), required...)...)
				if len(required) > 0 {
					add(append([]string{n}, v...)...)
				}
			}
			// Two flags at once, and the same flag twice.
			next := flags[(i+1)%len(flags)]
			if a, b := samples(f), samples(next); len(a) > 0 && len(b) > 0 {
				add(append(append(append([]string{n}, a[0]...), b[0]...), required...)...)
				add(append(append(append([]string{n}, a[0]...), a[len(a)-1]...), required...)...)
			}
		}
		if len(required) > 0 {
			add(append([]string{n}, required...)...)
			add(append(append([]string{n}, required...), "--help")...)
			add(n, required[0], required[1])
		}
	}
	return out
}

// requiredArgs gives the command's required flags a valid value each.
func requiredArgs(c *kong.Node) []string {
	var args []string
	for _, f := range c.Flags {
		if !f.Required {
			continue
		}
		v := "owner/name"
		if e := enumValues(f.Enum); len(e) > 0 {
			v = e[len(e)-1]
		}
		args = append(args, "--"+f.Name, v)
	}
	return args
}

func enumValues(enum string) []string {
	if enum == "" {
		return nil
	}
	var out []string
	for _, e := range strings.Split(enum, ",") {
		out = append(out, strings.TrimSpace(e))
	}
	return out
}

var durationType = reflect.TypeOf(time.Duration(0))

// samples are command-line pieces that give f a value (or try to).
func samples(f *kong.Flag) [][]string {
	long := "--" + f.Name
	var vals []string
	t := f.Target.Type()
	switch {
	case f.Enum != "":
		vals = append(enumValues(f.Enum), "bogus", "")
		if t.Kind() == reflect.Slice {
			e := enumValues(f.Enum)
			vals = append(vals, e[0]+","+e[len(e)-1], e[0]+",bogus")
		}
	case t == durationType:
		vals = []string{"90s", "1h30m", "0", "7", "x", "-5m", ""}
	case t.Kind() == reflect.Bool:
		// handled below
	case t.Kind() == reflect.Int || (t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Int):
		vals = []string{"7", "0", "0x10", "1_000", "-3", "x", "9999999999999999999", ""}
	case t.Kind() == reflect.Slice:
		vals = []string{"a", "a,b", `a\,b`, "a,,b", "a,", ",", "", "-x", "a,-x", `a\`, "é,\xff"}
	case f.Tag.Type == "path":
		vals = []string{"rel/dir", "/abs/dir", "~/x", "", "-", "./a/../b", "~"}
	default:
		vals = []string{"value", "", "-x", "--json", "-", "two words", "\xff", "auto", "go", "EXEC", "[", "a=b"}
	}
	var out [][]string
	if t.Kind() == reflect.Bool {
		out = append(out, []string{long}, []string{long + "=false"}, []string{long + "=true"},
			[]string{long + "=YES"}, []string{long + "=0"}, []string{long + "=maybe"}, []string{long + "="}, []string{long, "false"})
		if f.Short != 0 {
			out = append(out, []string{"-" + string(f.Short)})
		}
		return out
	}
	for _, v := range vals {
		out = append(out, []string{long + "=" + v}, []string{long, v})
		if f.Short != 0 {
			out = append(out, []string{"-" + string(f.Short), v}, []string{"-" + string(f.Short) + v})
		}
	}
	out = append(out, []string{long})
	if f.Short != 0 {
		out = append(out, []string{"-" + string(f.Short)})
	}
	return out
}
