package cmdline

import (
	"reflect"
	"strconv"
	"strings"
)

// tag is a field's struct tag; Check looks things up in it.
type tag reflect.StructTag

func (t tag) get(k string) string {
	v, _ := reflect.StructTag(t).Lookup(k)
	return v
}

func (t tag) has(k string) bool {
	_, ok := reflect.StructTag(t).Lookup(k)
	return ok
}

// tags are the kong tags a field may carry, read in one pass over the tag
// with the rules of reflect.StructTag.Lookup (the first of a repeated key
// counts). Asking Lookup for each key would scan the whole tag, long help
// text included, a dozen times per field.
type tags struct {
	cmd, arg, optional, required, hasDefault             bool
	name, help, def, enum, placeholder, short, typ, kong string
}

func readTags(t reflect.StructTag) tags {
	var out tags
	var seen uint16
	s := string(t)
	for s != "" {
		i := 0
		for i < len(s) && s[i] == ' ' {
			i++
		}
		s = s[i:]
		if s == "" {
			break
		}
		i = 0
		for i < len(s) && s[i] > ' ' && s[i] != ':' && s[i] != '"' && s[i] != 0x7f {
			i++
		}
		if i == 0 || i+1 >= len(s) || s[i] != ':' || s[i+1] != '"' {
			break
		}
		key := s[:i]
		s = s[i+1:]
		i = closingQuote(s)
		if i >= len(s) {
			break
		}
		quoted := s[:i+1]
		s = s[i+1:]
		var bit uint16
		var dst *string
		var flag *bool
		switch key {
		case "cmd":
			bit, flag = 1<<0, &out.cmd
		case "arg":
			bit, flag = 1<<1, &out.arg
		case "optional":
			bit, flag = 1<<2, &out.optional
		case "required":
			bit, flag = 1<<3, &out.required
		case "default":
			bit, dst, flag = 1<<4, &out.def, &out.hasDefault
		case "name":
			bit, dst = 1<<5, &out.name
		case "help":
			bit, dst = 1<<6, &out.help
		case "enum":
			bit, dst = 1<<7, &out.enum
		case "placeholder":
			bit, dst = 1<<8, &out.placeholder
		case "short":
			bit, dst = 1<<9, &out.short
		case "type":
			bit, dst = 1<<10, &out.typ
		case "kong":
			bit, dst = 1<<11, &out.kong
		default:
			continue
		}
		if seen&bit != 0 {
			continue
		}
		v, err := strconv.Unquote(quoted)
		if err != nil {
			continue
		}
		seen |= bit
		if dst != nil {
			*dst = v
		}
		if flag != nil {
			*flag = true
		}
	}
	return out
}

// closingQuote is the index of the quote that ends the quoted string at the
// start of s (a quote after an odd number of backslashes is part of it),
// or len(s).
func closingQuote(s string) int {
	i := 1
	for {
		j := strings.IndexByte(s[i:], '"')
		if j < 0 {
			return len(s)
		}
		i += j
		n := 0
		for k := i - 1; k >= 1 && s[k] == '\\'; k-- {
			n++
		}
		if n%2 == 0 {
			return i
		}
		i++
	}
}
