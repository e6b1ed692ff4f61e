package cmdline

import (
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Action is implemented by a flag's type (a bool) that does something as
// soon as the flag is given, as --version prints the version: Act runs
// after the command line was read and before any field is written, in the
// order the flags were given, and an error stops the parse and is what
// Parse returns (a sentinel such as "shown, exit 0" is the usual one).
type Action interface {
	Act(stdout io.Writer) error
}

// Context is the outcome of a successful parse.
type Context struct {
	p    *Parser
	cmd  *command
	path []step
	room [8]step // path's first steps, without an allocation
}

// step is one thing the command line said, in order.
type step struct {
	cmd *command // a command was chosen
	val *value   // a flag or positional argument was given
}

// Command is the chosen command as kong names it: its name, followed by
// "<name>" for each positional argument given ("help <topic>"); "" when
// none was chosen.
func (c *Context) Command() string {
	var b strings.Builder
	for _, s := range c.path {
		name := ""
		switch {
		case s.cmd != nil:
			name = s.cmd.name
		case s.val != nil && s.val.positional:
			name = "<" + s.val.name + ">"
		default:
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(name)
	}
	return b.String()
}

// Target is a pointer to the chosen command's struct (to call its Run),
// or nil.
func (c *Context) Target() any {
	if c.cmd == nil {
		return nil
	}
	return c.cmd.target.Addr().Interface()
}

// Parse reads args (without the program's name) into the grammar: first
// the command line is read (an unknown flag or command is an error and
// nothing is written), then -h/--help prints the help of what was read so
// far and Action flags act, then the defaults of the global flags and of
// the chosen command are set and the values given are written, and last
// the values are checked (enums, required flags and arguments, a
// command). Each error's text is kong's.
func (p *Parser) Parse(args []string) (*Context, error) {
	c := &Context{p: p}
	c.path = c.room[:0]
	for _, v := range p.global {
		v.set, v.cur = false, state{}
	}
	s := scanner{args: args}
	if err := c.trace(&s); err != nil {
		return nil, err
	}
	for _, st := range c.path {
		v := st.val
		if v == nil || v.positional {
			continue
		}
		if v.isHelp {
			if err := p.writeHelp(p.stdout, c.cmd, GuessWidth(p.stdout)); err != nil {
				return nil, err
			}
			continue
		}
		if v.target.CanAddr() {
			if a, ok := v.target.Addr().Interface().(Action); ok {
				if err := a.Act(p.stdout); err != nil {
					return nil, err
				}
			}
		}
	}
	if err := c.reset(); err != nil {
		return nil, err
	}
	for _, st := range c.path {
		if st.val != nil {
			st.val.apply(&st.val.cur)
		}
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// flags are the flags the command line may give now.
func (c *Context) flags() (global, own []*value) {
	if c.cmd == nil {
		return c.p.global, nil
	}
	return c.p.global, c.cmd.flags
}

// trace reads the command line, as kong's trace does.
func (c *Context) trace(s *scanner) error {
	positional := 0
	for {
		t := s.peek()
		switch t.typ {
		case tEOL:
			return nil
		case tUntyped:
			v := t.s
			switch {
			case v == "--":
				s.rest = true
				s.pop()
			case strings.HasPrefix(v, "--"):
				s.pop()
				name, val, ok := strings.Cut(v[2:], "=")
				if ok {
					s.push(token{val, tFlagValue})
				}
				s.push(token{name, tFlag})
			case strings.HasPrefix(v, "-") && v != "-":
				s.pop()
				if tail := v[2:]; tail != "" {
					s.push(token{tail, tShortTail})
				}
				s.push(token{v[1:2], tShort})
			default:
				s.pop()
				s.push(token{v, tPositional})
			}
		case tShortTail:
			s.pop()
			if tail := t.s[1:]; tail != "" {
				s.push(token{tail, tShortTail})
			}
			s.push(token{t.s[0:1], tShort})
		case tFlag, tShort:
			if err := c.flag(s, t.String()); err != nil {
				return err
			}
		case tFlagValue:
			return errors.New("unexpected flag argument " + strconv.Quote(t.s))
		case tPositional:
			if c.cmd != nil && positional < len(c.cmd.args) {
				a := c.cmd.args[positional]
				if err := a.decode(s, &a.cur); err != nil {
					return err
				}
				c.path = append(c.path, step{val: a})
				positional++
				continue
			}
			if c.cmd == nil {
				if cmd := c.p.find(t.s); cmd != nil {
					s.pop()
					if err := c.choose(cmd); err != nil {
						return err
					}
					continue
				}
				names := make([]string, len(c.p.commands))
				for i, cmd := range c.p.commands {
					names[i] = cmd.name
				}
				return suggest(t.String(), names, "unexpected argument "+t.String())
			}
			return errors.New("unexpected argument " + t.String())
		}
	}
}

// choose makes cmd the chosen command and reads its fields.
func (c *Context) choose(cmd *command) error {
	if err := cmd.build(); err != nil {
		return err
	}
	for _, v := range cmd.flags {
		v.set, v.cur = false, state{}
	}
	for _, v := range cmd.args {
		v.set, v.cur = false, state{}
	}
	c.cmd = cmd
	c.path = append(c.path, step{cmd: cmd})
	return nil
}

// flag reads the flag called match ("--name" or "-x") and its value.
func (c *Context) flag(s *scanner, match string) error {
	global, own := c.flags()
	f := lookup(global, match)
	if f == nil {
		f = lookup(own, match)
	}
	if f == nil {
		var names []string
		for _, list := range [2][]*value{global, own} {
			for _, v := range list {
				names = append(names, "--"+v.name)
				if v.short != 0 {
					names = append(names, "-"+string(v.short))
				}
			}
		}
		return suggest(match, names, "unknown flag "+match)
	}
	s.pop()
	if err := f.decode(s, &f.cur); err != nil {
		var e *expectedError
		if errors.As(err, &e) {
			if t := e.tok.inferred(); t == tFlag || t == tShort {
				return errors.New(err.Error() + "; perhaps try " + f.shortSummary() + "=" + strconv.Quote(e.tok.String()) + "?")
			}
		}
		return err
	}
	c.path = append(c.path, step{val: f})
	return nil
}

// lookup finds the flag that match ("--name" or "-x") names.
func lookup(flags []*value, match string) *value {
	long := strings.HasPrefix(match, "--")
	for _, v := range flags {
		if long && match[2:] == v.name {
			return v
		}
		if v.short != 0 && len(match) > 1 && match[0] == '-' {
			r, n := utf8.DecodeRuneInString(match[1:])
			if r == v.short && n == len(match)-1 && r != utf8.RuneError {
				return v
			}
		}
	}
	return nil
}
