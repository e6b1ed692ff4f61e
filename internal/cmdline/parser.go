package cmdline

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
)

// Parser parses command lines into one grammar struct and prints its help.
type Parser struct {
	name   string
	desc   string
	stdout io.Writer

	root     reflect.Value // the grammar struct (addressable)
	global   []*value      // the help flag, then the grammar's own flags
	commands []*command
}

// An Option configures a Parser.
type Option func(*Parser)

// Name sets the program's name shown in help and usage (default: the base
// name of os.Args[0]).
func Name(name string) Option { return func(p *Parser) { p.name = name } }

// Description sets the text shown under the top-level usage line.
func Description(text string) Option { return func(p *Parser) { p.desc = text } }

// Stdout sets where help and Action flags write (default os.Stdout).
func Stdout(w io.Writer) Option { return func(p *Parser) { p.stdout = w } }

// command is a cmd:"" field of the grammar. Its flags and arguments are
// read from its struct only when it is chosen or its help is printed.
type command struct {
	name, help string
	target     reflect.Value // the command's struct (addressable)

	built bool
	flags []*value
	args  []*value
}

// New reads the top level of grammar, a pointer to a struct: the commands'
// names and help, and the global flags. A command's own fields are read
// when a parse chooses it.
func New(grammar any, opts ...Option) (*Parser, error) {
	v := reflect.ValueOf(grammar)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return nil, errors.New("cmdline: the grammar must be a pointer to a struct")
	}
	p := &Parser{root: v.Elem(), stdout: os.Stdout}
	for _, o := range opts {
		o(p)
	}
	if p.name == "" {
		p.name = filepath.Base(os.Args[0])
	}
	p.global = append(p.global, helpValue())
	var cmds []field
	var err error
	p.global, cmds, err = collect(p.root, p.global, nil, true, nil)
	if err != nil {
		return nil, err
	}
	p.commands = make([]*command, len(cmds))
	block := make([]command, len(cmds))
	for i, c := range cmds {
		block[i] = command{name: c.name, help: interp(c.help), target: c.v}
		p.commands[i] = &block[i]
	}
	return p, nil
}

// build reads the command's flags and positional arguments once.
func (c *command) build() error {
	if c.built {
		return nil
	}
	var err error
	c.flags, _, err = collect(c.target, nil, &c.args, false, nil)
	if err != nil {
		return err
	}
	c.built = true
	return nil
}

// find returns the command called name, or nil.
func (p *Parser) find(name string) *command {
	for _, c := range p.commands {
		if c.name == name {
			return c
		}
	}
	return nil
}
