package cmdline

import (
	"reflect"
	"strconv"
	"strings"
)

// shortSummary names the value in an error: --name, <name> or [<name>].
func (v *value) shortSummary() string {
	if !v.positional {
		return "--" + v.name
	}
	s := "<" + v.name + ">"
	if v.kind == kStrings {
		s += " ..."
	}
	if !v.required {
		s = "[" + s + "]"
	}
	return s
}

// summary is the value as usage shows it: --name=PLACEHOLDER, --name for a
// bool, or a positional's shortSummary.
func (v *value) summary() string {
	if v.positional {
		return v.shortSummary()
	}
	if v.kind == kBool {
		return "--" + v.name
	}
	return "--" + v.name + "=" + v.placeholderText()
}

// placeholderText is what stands for the flag's value in help: its
// placeholder tag, else its default (quoted for a string), else its type's
// name, else its own name, in capitals; a list adds ",...".
func (v *value) placeholderText() string {
	tail := ""
	if v.kind == kStrings {
		tail = ",..."
	}
	switch {
	case v.placeholder != "":
		return v.placeholder + tail
	case v.hasDef:
		if v.target.Kind() == reflect.String {
			return strconv.Quote(v.def) + tail
		}
		return v.def + tail
	case v.typeName != "":
		return strings.ToUpper(dashed(v.typeName)) + tail
	}
	return strings.ToUpper(v.name) + tail
}

// commandSummary is the command's usage after the program's name: its name,
// its required flags, its arguments, and [flags] when it has optional ones.
// A command not read yet is read only as far as that needs.
func (p *Parser) commandSummary(c *command) (string, error) {
	flags, args, optional := c.flags, c.args, anyOptional(c.flags)
	if !c.built {
		var err error
		args = nil
		if flags, _, err = collect(c.target, nil, &args, false, &optional); err != nil {
			return "", err
		}
	}
	s := c.name
	var req []string
	for _, f := range p.global {
		if f.required {
			req = append(req, f.summary())
		}
	}
	for _, f := range flags {
		if f.required {
			req = append(req, f.summary())
		}
	}
	if len(req) > 0 {
		s += " " + strings.Join(req, " ")
	}
	if len(args) > 0 {
		var parts []string
		optional := 0
		for _, a := range args {
			as := a.shortSummary()
			if a.optional {
				optional++
				as = strings.TrimRight(as, "]")
			}
			parts = append(parts, as)
		}
		s += " " + strings.Join(parts, " ") + strings.Repeat("]", optional)
	}
	if optional || anyOptional(p.global) {
		s += " [flags]"
	}
	return s, nil
}

// appSummary is the top level's usage after the program's name.
func (p *Parser) appSummary() string {
	s := ""
	var req []string
	for _, f := range p.global {
		if f.required {
			req = append(req, f.summary())
		}
	}
	if len(req) > 0 {
		s += " " + strings.Join(req, " ")
	}
	if len(p.commands) > 0 {
		s += " <command>"
	}
	if anyOptional(p.global) {
		s += " [flags]"
	}
	return s
}

func anyOptional(flags []*value) bool {
	for _, f := range flags {
		if !f.isHelp && !f.required {
			return true
		}
	}
	return false
}
