package flakenix

import (
	"strings"

	"github.com/flake-unify/flake-unify/diag"
)

// NixConfig is what a flake declares in nixConfig: Nix settings it asks
// to apply when it is the flake being run, such as the binary caches its
// packages are published to.
//
// Nix evaluates nixConfig, so a value may be any expression; this view
// reads the literal ones (strings, lists of strings, integers, booleans)
// and marks the rest as computed rather than guessing at them.
type NixConfig struct {
	// Settings are the settings in source order; a setting bound twice
	// (nixConfig = { … } beside nixConfig.x = …) is a parse error already.
	Settings []Setting
	// Pos is where nixConfig is first bound; invalid when the flake has none.
	Pos diag.Pos
	// Computed is set when nixConfig itself is not an attribute set
	// literal (e.g. nixConfig = import ./nix-config.nix;): its settings
	// cannot be read without evaluating, and Settings is empty.
	Computed bool
}

// Setting is one nixConfig setting.
type Setting struct {
	Name string
	// Values are the value's strings: the string, or each string of a
	// list. Nix joins a list with spaces and splits list settings (such as
	// substituters) at white space: Words does that. An integer or a
	// boolean is one value in Nix's spelling (true, false, 42).
	Values []SettingValue
	Pos    diag.Pos // of the setting's name
	// Computed is set when the value is not a literal; Values is then nil.
	Computed bool
}

// SettingValue is one word of a setting and where it is written.
type SettingValue struct {
	Text string
	Pos  diag.Pos // of the string (or literal) that holds it
}

// Words splits the values at white space, as Nix reads a setting that
// holds a list (substituters, trusted-public-keys, …), each word with the
// position of the string it comes from.
func (s Setting) Words() []SettingValue {
	var out []SettingValue
	for _, v := range s.Values {
		for _, w := range strings.Fields(v.Text) {
			out = append(out, SettingValue{Text: w, Pos: v.Pos})
		}
	}
	return out
}

// Setting returns the setting called name, if the flake declares it.
func (c NixConfig) Setting(name string) (Setting, bool) {
	for _, s := range c.Settings {
		if s.Name == name {
			return s, true
		}
	}
	return Setting{}, false
}

// NixConfig reads the flake's nixConfig.
func (f *File) NixConfig() NixConfig {
	var c NixConfig
	for _, bn := range f.top.Binds {
		b, ok := bn.(*Binding)
		if !ok {
			continue
		}
		if name, ok := staticName(b.Path.Attrs[0]); !ok || name != "nixConfig" {
			continue
		}
		if !c.Pos.IsValid() {
			c.Pos = b.Path.Attrs[0].Pos()
		}
		if len(b.Path.Attrs) > 1 {
			// nixConfig.name = value;
			c.add(b.Path.Attrs[1:], b.Value)
			continue
		}
		set, ok := unparen(b.Value).(*AttrSet)
		if !ok || set.LegacyLet {
			c.Computed, c.Settings = true, nil
			return c
		}
		for _, sn := range set.Binds {
			switch sn := sn.(type) {
			case *Binding:
				c.add(sn.Path.Attrs, sn.Value)
			case *Inherit:
				for _, n := range sn.Names {
					if name, ok := staticName(n); ok {
						c.Settings = append(c.Settings, Setting{Name: name, Pos: n.Pos(), Computed: true})
					}
				}
			}
		}
	}
	return c
}

// add records the setting bound at attrs (relative to nixConfig) to v. A
// deeper path (nixConfig.a.b = …) is no setting Nix knows; a dynamic name
// cannot be read and is skipped, as its setting is unknown anyway.
func (c *NixConfig) add(attrs []Node, v Node) {
	name, ok := staticName(attrs[0])
	if !ok || len(attrs) > 1 {
		return
	}
	s := Setting{Name: name, Pos: attrs[0].Pos()}
	s.Values, s.Computed = settingValues(unparen(v))
	c.Settings = append(c.Settings, s)
}

// settingValues reads a literal setting value as its words.
func settingValues(v Node) (vals []SettingValue, computed bool) {
	switch v := v.(type) {
	case *String:
		text, ok := stringValue(v)
		if !ok {
			return nil, true
		}
		return []SettingValue{{Text: text, Pos: v.Pos()}}, false
	case *List:
		for _, e := range v.Elems {
			s, ok := unparen(e).(*String)
			if !ok {
				return nil, true
			}
			text, ok := stringValue(s)
			if !ok {
				return nil, true
			}
			vals = append(vals, SettingValue{Text: text, Pos: s.Pos()})
		}
		return vals, false
	}
	if lit, ok := literalValue(v); ok {
		switch lit := lit.(type) {
		case bool:
			text := "false"
			if lit {
				text = "true"
			}
			return []SettingValue{{Text: text, Pos: v.Pos()}}, false
		case int64:
			return []SettingValue{{Text: v.(*Literal).Raw, Pos: v.Pos()}}, false
		}
	}
	return nil, true
}
