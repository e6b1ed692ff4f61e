package cmdline

import (
	"encoding"
	"errors"
	"reflect"
	"time"
	"unicode/utf8"
)

// kind is how a value decodes.
type kind uint8

const (
	kString   kind = iota + 1
	kPath          // a string with type:"path": made absolute
	kBool          // true when given; --flag=false and the like also work
	kInt           // int
	kIntPtr        // *int: nil when not given
	kStrings       // []string: comma-separated, repeatable
	kDuration      // time.Duration
	kText          // a type whose pointer (or itself) is an encoding.TextUnmarshaler
)

// value is one flag or positional argument: what its tags say, where it
// goes, and what one parse made of it.
type value struct {
	name        string
	help        string
	placeholder string
	def         string
	enum        string
	typeName    string // the field type's name, for a placeholder
	short       rune
	kind        kind
	hasDef      bool
	required    bool
	optional    bool // tagged optional:"" (a positional's summary uses it)
	positional  bool
	isHelp      bool
	target      reflect.Value
	tag         tag // kept for Check

	nameStart, nameEnd int // the name in collect's buffer, when end > 0

	// one parse:
	set bool  // given on the command line or by a default
	cur state // what the command line said
}

// state is a value decoded from text, before it is written to its field.
type state struct {
	given bool          // something was decoded
	str   string        // kString, kPath
	b     bool          // kBool
	n     int64         // kInt, kIntPtr
	list  []string      // kStrings (non-nil once given)
	d     time.Duration // kDuration
	text  reflect.Value // kText: a pointer to the decoded value
}

// field is a command found while collecting.
type field struct {
	name, help         string
	v                  reflect.Value
	nameStart, nameEnd int // the name in collect's buffer, when end > 0
}

var (
	durationType = reflect.TypeOf(time.Duration(0))
	textType     = reflect.TypeOf((*encoding.TextUnmarshaler)(nil)).Elem()
)

// helpValue is kong's built-in -h/--help.
func helpValue() *value {
	var b bool
	return &value{name: "help", short: 'h', help: "Show context-sensitive help.",
		kind: kBool, isHelp: true, target: reflect.ValueOf(&b).Elem()}
}

// collect appends the flags of struct v (embedded structs flattened) to
// flags and its positional arguments to *args; with top, cmd:"" fields
// are returned as commands instead of being read. With skipped non-nil,
// flags that are neither required nor positional are only noted there
// (enough for a usage line).
func collect(v reflect.Value, flags []*value, args *[]*value, top bool, skipped *bool) ([]*value, []field, error) {
	c := collector{flags: flags, args: args, top: top, skipped: skipped}
	if c.flags == nil {
		c.flags = make([]*value, 0, 24)
	}
	err := c.walk(v)
	if err != nil {
		return nil, nil, err
	}
	// The derived names were written one after another into one buffer:
	// one string holds them all.
	all := string(c.names)
	for _, v := range c.flags {
		if v.nameEnd > 0 {
			v.name = all[v.nameStart:v.nameEnd]
		}
	}
	if args != nil {
		for _, v := range *args {
			if v.nameEnd > 0 {
				v.name = all[v.nameStart:v.nameEnd]
			}
		}
	}
	for i := range c.cmds {
		if f := &c.cmds[i]; f.nameEnd > 0 {
			f.name = all[f.nameStart:f.nameEnd]
		}
	}
	return c.flags, c.cmds, nil
}

// collector is one collect's state.
type collector struct {
	flags   []*value
	args    *[]*value
	top     bool
	skipped *bool

	cmds  []field
	block []value // values are carved from blocks, a few at a time
	names []byte  // the derived names, one after another
}

func (c *collector) walk(v reflect.Value) error {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		ft := t.Field(i)
		tg := readTags(ft.Tag)
		if tg.kong == "-" {
			continue
		}
		fv := v.Field(i)
		if ft.Anonymous {
			if fv.Kind() != reflect.Struct {
				return errors.New("cmdline: embedded " + ft.Name + " is not a struct")
			}
			if err := c.walk(fv); err != nil {
				return err
			}
			continue
		}
		if !fv.CanSet() {
			continue
		}
		if c.skipped != nil && !tg.arg && !tg.required && !tg.cmd {
			*c.skipped = true
			continue
		}
		// The name: the tag's, or one derived from the field's name (into
		// the shared buffer when it is ASCII).
		name, start, end := tg.name, 0, 0
		if name == "" {
			start = len(c.names)
			var ok bool
			if c.names, ok = appendFlagName(c.names, ft.Name); ok {
				end = len(c.names)
			} else {
				name = flagName(ft.Name)
			}
		}
		if tg.cmd {
			if !c.top || fv.Kind() != reflect.Struct {
				return errors.New("cmdline: command " + ft.Name + " must be a struct field of the grammar")
			}
			c.cmds = append(c.cmds, field{name: name, help: tg.help, v: fv, nameStart: start, nameEnd: end})
			continue
		}
		if len(c.block) == cap(c.block) {
			c.block = make([]value, 0, 8)
		}
		c.block = append(c.block, value{})
		val := &c.block[len(c.block)-1]
		if err := val.init(name, tg, tag(ft.Tag), ft.Type, fv); err != nil {
			if name == "" { // say it again with the name
				err = val.init(flagName(ft.Name), tg, tag(ft.Tag), ft.Type, fv)
			}
			return err
		}
		val.nameStart, val.nameEnd = start, end
		if val.positional {
			if c.args == nil {
				return errors.New("cmdline: positional " + ft.Name + " on the top level")
			}
			*c.args = append(*c.args, val)
		} else {
			c.flags = append(c.flags, val)
		}
	}
	return nil
}

func (v *value) init(name string, tg tags, raw tag, t reflect.Type, target reflect.Value) error {
	v.name = name
	v.tag = raw
	v.target = target
	v.help = interp(tg.help)
	v.placeholder = interp(tg.placeholder)
	v.def, v.hasDef = interp(tg.def), tg.hasDefault
	v.enum = interp(tg.enum)
	v.typeName = t.Name()
	v.positional = tg.arg
	v.optional = tg.optional
	if v.positional {
		v.required = !v.optional && !v.hasDef
		if v.hasDef {
			v.optional = true
		}
	} else {
		v.required = tg.required
	}
	if s := tg.short; s != "" {
		r, n := utf8.DecodeRuneInString(s)
		if r == utf8.RuneError || n < len(s) {
			return errors.New("cmdline: invalid short flag name " + s)
		}
		v.short = r
	}
	k, ok := kindOf(t)
	if !ok {
		return errors.New("cmdline: unsupported field type " + t.String() + " of " + name)
	}
	if tg.typ == "path" {
		if k != kString {
			return errors.New("cmdline: type:\"path\" on " + t.String())
		}
		k = kPath
	}
	v.kind = k
	return nil
}

// kindOf chooses a decoder for t in kong's order: named types first
// (time.Duration), then text unmarshalers, then the kind.
func kindOf(t reflect.Type) (kind, bool) {
	if t == durationType {
		return kDuration, true
	}
	if t.Implements(textType) || reflect.PointerTo(t).Implements(textType) {
		return kText, true
	}
	switch t.Kind() {
	case reflect.String:
		return kString, true
	case reflect.Bool:
		return kBool, true
	case reflect.Int:
		return kInt, true
	case reflect.Pointer:
		if t.Elem().Kind() == reflect.Int && t.Elem().Name() == "int" {
			return kIntPtr, true
		}
	case reflect.Slice:
		if t.Name() == "" && t.Elem() == reflect.TypeOf("") {
			return kStrings, true
		}
	}
	return 0, false
}
