package cmdline

import (
	"errors"
	"sort"
	"strconv"
	"strings"
)

// reset sets the global flags and the chosen command's values to their
// zero values and defaults.
func (c *Context) reset() error {
	for _, v := range c.p.global {
		if err := v.reset(); err != nil {
			return err
		}
	}
	if c.cmd != nil {
		for _, list := range [2][]*value{c.cmd.flags, c.cmd.args} {
			for _, v := range list {
				if err := v.reset(); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// validate checks what kong's Validate checks, in its order.
func (c *Context) validate() error {
	// Enums of optional values, top level first.
	for _, list := range [3][]*value{c.p.global, c.cmdFlags(), c.cmdArgs()} {
		for _, v := range list {
			if v.enum != "" && (!v.required || v.hasDef) {
				if err := v.checkEnum(); err != nil {
					return err
				}
			}
		}
	}
	// Along the command line: enums of the values given, required flags of
	// each level.
	if err := missingFlags(c.p.global); err != nil {
		return err
	}
	for _, st := range c.path {
		switch {
		case st.val != nil && st.val.enum != "":
			if err := st.val.checkEnum(); err != nil {
				return err
			}
		case st.cmd != nil:
			if err := missingFlags(st.cmd.flags); err != nil {
				return err
			}
		}
	}
	if c.cmd == nil {
		var missing []string
		for _, cmd := range c.p.commands {
			missing = append(missing, strconv.Quote(cmd.name))
		}
		return expected(missing)
	}
	var missing []string
	for _, a := range c.cmd.args {
		if a.required && !a.set {
			missing = append(missing, a.summary())
		}
	}
	if len(missing) > 0 {
		return expected([]string{strconv.Quote(strings.Join(missing, " "))})
	}
	given := 0
	for i, a := range c.cmd.args {
		for _, st := range c.path {
			if st.val == a {
				given = i + 1
			}
		}
	}
	if given < len(c.cmd.args) && c.cmd.args[given].required {
		var names []string
		for _, a := range c.cmd.args[given:] {
			names = append(names, "<"+a.name+">")
		}
		return errors.New("missing positional arguments " + strings.Join(names, " "))
	}
	return nil
}

func (c *Context) cmdFlags() []*value {
	if c.cmd == nil {
		return nil
	}
	return c.cmd.flags
}

func (c *Context) cmdArgs() []*value {
	if c.cmd == nil {
		return nil
	}
	return c.cmd.args
}

// expected is kong's "expected …" for what is missing: at most five
// choices, then "...".
func expected(missing []string) error {
	if len(missing) == 0 {
		return nil
	}
	if len(missing) > 5 {
		missing = append(missing[:5], "...")
	}
	if len(missing) == 1 {
		return errors.New("expected " + missing[0])
	}
	return errors.New("expected one of " + strings.Join(missing, ", "))
}

func missingFlags(flags []*value) error {
	var missing []string
	for _, f := range flags {
		if f.required && !f.set {
			missing = append(missing, f.summary())
		}
	}
	if len(missing) == 0 {
		return nil
	}
	sort.Strings(missing)
	return errors.New("missing flags: " + strings.Join(missing, ", "))
}

// checkEnum checks the field's value (each element of a list) against the
// enum tag.
func (v *value) checkEnum() error {
	if v.kind == kStrings {
		for _, g := range v.target.Interface().([]string) {
			if err := v.inEnum(g); err != nil {
				return err
			}
		}
		return nil
	}
	return v.inEnum(v.target.String())
}

// inEnum checks one value against the enum tag (its parts trimmed).
func (v *value) inEnum(got string) error {
	for rest := v.enum; ; {
		part, tail, more := strings.Cut(rest, ",")
		if strings.TrimSpace(part) == got {
			return nil
		}
		if !more {
			break
		}
		rest = tail
	}
	allowed := enumList(v.enum)
	for i, a := range allowed {
		allowed[i] = strconv.Quote(a)
	}
	return errors.New(v.shortSummary() + " must be one of " + strings.Join(allowed, ",") + " but got " + strconv.Quote(got))
}
