package cmdline

import (
	"errors"
	"reflect"
	"strings"
)

// unsupported are kong's tags this package does not implement.
var unsupported = []string{"env", "hidden", "aliases", "negatable", "group", "xor", "and", "lastwins",
	"sep", "mapsep", "prefix", "envprefix", "xorprefix", "embed", "passthrough", "set", "format", "kong"}

// Check reads every command and reports, in one error, each thing in the
// grammar that this package would not handle as kong does: a tag or a
// field type it does not support, a text go/doc would format in a way it
// does not reproduce, a flag name used twice. Run it in a test of the
// grammar; Parse does not call it.
func (p *Parser) Check() error {
	var problems []string
	add := func(s string) { problems = append(problems, s) }
	text := func(where, s string) {
		if why := outsideSubset(s); why != "" {
			add(where + ": " + why)
		}
	}
	text("description", p.desc)
	methods := func(where string, v reflect.Value) {
		if !v.CanAddr() {
			return
		}
		switch v.Addr().Interface().(type) {
		case interface{ Validate() error }:
			add(where + ": a Validate method (kong would call it)")
		case interface{ Help() string }:
			add(where + ": a Help method (kong would show it as detail)")
		}
	}
	values := func(where string, list []*value) {
		for _, v := range list {
			at := where + " " + v.summary()
			for _, k := range unsupported {
				if v.tag.has(k) {
					add(at + ": tag " + k + " is not supported")
				}
			}
			if t := v.tag.get("type"); t != "" && t != "path" {
				add(at + ": type:" + t + " is not supported")
			}
			if v.enum != "" && v.kind != kString && v.kind != kStrings {
				add(at + ": enum on a value that is not a string or a list of strings")
			}
			if v.enum != "" && !v.required && !v.hasDef && v.kind == kString {
				add(at + ": an enum needs a default or required (kong refuses it)")
			}
			if v.tag.has("required") && v.tag.has("optional") {
				add(at + ": both required and optional")
			}
			if v.kind == kBool && v.hasDef {
				add(at + ": a bool with a default")
			}
			for _, s := range []string{v.help, v.def, v.enum, v.placeholder} {
				if strings.Contains(s, "${") {
					add(at + ": ${…} interpolation is not supported")
				}
			}
			text(at, v.help)
			methods(at, v.target)
		}
	}
	values("top level", p.global)
	seen := map[string]bool{}
	for _, v := range p.global {
		seen["--"+v.name] = true
		if v.short != 0 {
			seen["-"+string(v.short)] = true
		}
	}
	names := map[string]bool{}
	for _, c := range p.commands {
		if names[c.name] {
			add("command " + c.name + " declared twice")
		}
		names[c.name] = true
		if err := c.build(); err != nil {
			add("command " + c.name + ": " + err.Error())
			continue
		}
		text("command "+c.name, c.help)
		methods("command "+c.name, c.target)
		values("command "+c.name, c.flags)
		values("command "+c.name, c.args)
		mine := map[string]bool{}
		for _, v := range c.flags {
			for _, n := range []string{"--" + v.name, "-" + string(v.short)} {
				if n == "-\x00" {
					continue
				}
				if seen[n] || mine[n] {
					add("command " + c.name + ": flag " + n + " declared twice")
				}
				mine[n] = true
			}
		}
		for i, a := range c.args {
			if i > 0 && !c.args[i-1].required && a.required {
				add("command " + c.name + ": required <" + a.name + "> after an optional argument")
			}
			if a.kind == kStrings && i != len(c.args)-1 {
				add("command " + c.name + ": <" + a.name + " ...> is not the last argument")
			}
		}
	}
	if len(problems) > 0 {
		return errors.New("cmdline: " + strings.Join(problems, "; "))
	}
	return nil
}

// outsideSubset says why go/doc would format s in a way docText does not
// reproduce, or "".
func outsideSubset(s string) string {
	for _, l := range unindent(strings.Split(strings.TrimSpace(s), "\n")) {
		if leading(l) != "" {
			return "an indented line (go/doc's code block or list)"
		}
		if strings.HasPrefix(l, "[") && strings.Contains(l, "]:") {
			return "a link definition"
		}
	}
	if strings.Contains(s, "://") && (strings.Contains(s, "``") || strings.Contains(s, "''")) {
		return "quotes next to a URL"
	}
	for rest := s; ; {
		i := strings.IndexByte(rest, '[')
		if i < 0 {
			break
		}
		j := strings.IndexByte(rest[i:], ']')
		if j < 0 {
			break
		}
		if inner := rest[i+1 : i+j]; inner != "" && !strings.ContainsAny(inner, " \t\n[") {
			return "[" + inner + "] may be a doc link"
		}
		rest = rest[i+1:]
	}
	return ""
}
