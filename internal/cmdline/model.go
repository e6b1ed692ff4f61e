package cmdline

import "strings"

// Flag describes a flag for a manual page or shell completion.
type Flag struct {
	Name        string // without the dashes
	Short       rune   // 0 when it has none
	Help        string
	Placeholder string // what stands for its value in help: DIR, "auto", NAME,...
	PlaceTag    string // its placeholder tag alone, "" when it has none
	Default     string
	HasDefault  bool
	Enum        []string // the values it allows; nil when any
	Required    bool
	Bool        bool // given alone (--json), without a value
}

// Arg describes a positional argument.
type Arg struct {
	Name     string
	Help     string
	Required bool
	Enum     []string
}

// Command describes a command.
type Command struct {
	Name    string
	Help    string
	Summary string // its usage after the program's name, as help shows it
	Flags   []Flag // its own flags, without the global ones
	Args    []Arg
}

// Name is the program's name.
func (p *Parser) Name() string { return p.name }

// Description is the top-level help text.
func (p *Parser) Description() string { return interp(p.desc) }

// Flags describes the global flags, -h/--help first.
func (p *Parser) Flags() []Flag { return describe(p.global) }

// Commands describes every command, in the order the grammar declares
// them; it reads all of them.
func (p *Parser) Commands() ([]Command, error) {
	out := make([]Command, 0, len(p.commands))
	for _, c := range p.commands {
		if err := c.build(); err != nil {
			return nil, err
		}
		summary, _ := p.commandSummary(c) // c is read: no error
		cmd := Command{Name: c.name, Help: c.help, Summary: summary, Flags: describe(c.flags)}
		for _, a := range c.args {
			cmd.Args = append(cmd.Args, Arg{Name: a.name, Help: a.help, Required: a.required, Enum: enumList(a.enum)})
		}
		out = append(out, cmd)
	}
	return out, nil
}

func describe(list []*value) []Flag {
	out := make([]Flag, len(list))
	for i, v := range list {
		out[i] = Flag{Name: v.name, Short: v.short, Help: v.help, Placeholder: v.placeholderText(), PlaceTag: v.placeholder,
			Default: v.def, HasDefault: v.hasDef, Enum: enumList(v.enum), Required: v.required, Bool: v.kind == kBool}
	}
	return out
}

func enumList(enum string) []string {
	if enum == "" {
		return nil
	}
	parts := strings.Split(enum, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}
