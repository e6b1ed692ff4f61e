package cmdline

import (
	"encoding"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// decode reads the value's text from s into st, as kong's mapper for the
// field's type does, and wraps an error in the value's name.
func (v *value) decode(s *scanner, st *state) error {
	if err := v.decodeRaw(s, st); err != nil {
		return &wrapped{v.shortSummary() + ": " + err.Error(), err}
	}
	v.set = true
	return nil
}

// wrapped keeps the cause of a decoding error visible to errors.As.
type wrapped struct {
	msg   string
	cause error
}

func (w *wrapped) Error() string { return w.msg }
func (w *wrapped) Unwrap() error { return w.cause }

func (v *value) decodeRaw(s *scanner, st *state) error {
	if !st.given {
		st.given = true
		switch v.kind {
		case kStrings:
			st.list = []string{}
		case kText:
			t := v.target.Type()
			if t.Kind() == reflect.Pointer {
				st.text = reflect.New(t.Elem())
			} else {
				st.text = reflect.New(t)
			}
		}
	}
	switch v.kind {
	case kString:
		t, err := s.popValue("string")
		if err != nil {
			return err
		}
		st.str = viaJSON(t.s)
	case kPath:
		t, err := s.popValue("file")
		if err != nil {
			return err
		}
		p := viaJSON(t.s)
		if v.hasDef && p == "" {
			return nil
		}
		if p != "-" {
			p = expandPath(p)
		}
		st.str = p
	case kBool:
		if s.peek().typ != tFlagValue {
			st.b = true
			return nil
		}
		b, err := parseBool(s.pop().s)
		if err != nil {
			return err
		}
		st.b = b
	case kInt, kIntPtr:
		t, err := s.popValue("int")
		if err != nil {
			return err
		}
		n, err := strconv.ParseInt(t.s, 0, strconv.IntSize)
		if err != nil {
			return errors.New("expected a valid " + strconv.Itoa(strconv.IntSize) + " bit int but got " + strconv.Quote(t.s))
		}
		st.n = n
	case kDuration:
		t, err := s.popValue("duration")
		if err != nil {
			return err
		}
		d, err := time.ParseDuration(t.s)
		if err != nil {
			return errors.New("expected duration but got " + strconv.Quote(t.s) + ": " + err.Error())
		}
		st.d = d
	case kText:
		t, err := s.popValue("value")
		if err != nil {
			return err
		}
		return st.text.Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(viaJSON(t.s)))
	case kStrings:
		if v.positional {
			// A list argument takes every value that follows, unsplit.
			for s.peek().isValue() {
				st.list = append(st.list, viaJSON(s.pop().s))
			}
			return nil
		}
		t := s.pop()
		if t.typ == tEOL {
			return errors.New(`missing value, expecting "<arg>,..."`)
		}
		var err error
		splitEscaped(t.s, func(part string) bool {
			// Kong rebuilds each part rune by rune: a byte that is not
			// UTF-8 is U+FFFD already in an error message.
			el := token{viaJSON(part), t.typ}
			if !el.isValue() {
				err = &expectedError{"string", el}
				return false
			}
			st.list = append(st.list, el.s)
			return true
		})
		return err
	}
	return nil
}

// apply writes st into the value's field.
func (v *value) apply(st *state) {
	t := v.target
	switch v.kind {
	case kString, kPath:
		t.SetString(st.str)
	case kBool:
		t.SetBool(st.b)
	case kInt:
		t.SetInt(st.n)
	case kIntPtr:
		n := int(st.n)
		t.Set(reflect.ValueOf(&n))
	case kDuration:
		t.SetInt(int64(st.d))
	case kStrings:
		t.Set(reflect.ValueOf(st.list))
	case kText:
		if t.Kind() == reflect.Pointer {
			t.Set(st.text)
		} else {
			t.Set(st.text.Elem())
		}
	}
}

// reset sets the field to its zero value, then to its default if it has
// one.
func (v *value) reset() error {
	v.target.SetZero()
	if !v.hasDef {
		return nil
	}
	s := scanner{}
	s.push(token{v.def, tFlagValue})
	var st state
	if err := v.decode(&s, &st); err != nil {
		return err
	}
	if st.given {
		v.apply(&st)
	}
	return nil
}

func parseBool(s string) (bool, error) {
	switch s = strings.ToLower(s); s {
	case "true", "1", "yes":
		return true, nil
	case "false", "0", "no":
		return false, nil
	}
	return false, errors.New("bool value must be true, 1, yes, false, 0 or no but got " + strconv.Quote(s))
}

// splitEscaped calls part for each comma-separated part of s (a backslash
// before a comma keeps it; an empty last part is dropped), until part
// returns false.
func splitEscaped(s string, part func(string) bool) {
	var b strings.Builder
	escaped := false
	plain := 0 // start of the current part while it needs no copy
	copying := false
	cur := func(end int) string {
		if copying {
			return b.String()
		}
		return s[plain:end]
	}
	for i, ch := range s {
		switch {
		case escaped:
			if !copying {
				b.Reset()
				b.WriteString(s[plain : i-1])
				copying = true
			}
			if ch != ',' {
				b.WriteByte('\\')
			}
			b.WriteRune(ch)
			escaped = false
		case ch == '\\' && i < len(s)-1:
			escaped = true
		case ch == ',':
			if !part(cur(i)) {
				return
			}
			copying = false
			plain = i + 1
		default:
			if copying {
				b.WriteRune(ch)
			}
		}
	}
	if last := cur(len(s)); last != "" {
		part(last)
	}
}

// viaJSON is what kong's round trip of a string through encoding/json
// does to it: each byte that is not valid UTF-8 becomes U+FFFD.
func viaJSON(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// expandPath makes a path absolute as kong's path mapper does: ~/ is the
// user's home directory (see homeDir), anything else relative is taken
// from the working directory.
func expandPath(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	if strings.HasPrefix(p, "~/") {
		home, ok := homeDir()
		if !ok {
			return p
		}
		return filepath.Join(home, p[2:])
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return abs
}

// homeDir is the current user's home directory as os/user's Current finds
// it without cgo: the entry of the user's id in /etc/passwd, else $HOME
// when $USER is set too. Kong asks os/user; importing it would link cgo
// and make the program wait for the dynamic loader on every start.
func homeDir() (string, bool) {
	uid := strconv.Itoa(os.Getuid())
	if b, err := os.ReadFile("/etc/passwd"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			// name:password:uid:gid:gecos:home:shell
			f := strings.SplitN(line, ":", 7)
			if len(f) < 7 || f[2] != uid || f[0] == "" || f[0][0] == '+' || f[0][0] == '-' {
				continue
			}
			if _, err := strconv.Atoi(f[3]); err != nil {
				continue
			}
			return f[5], true
		}
	}
	home, user := os.Getenv("HOME"), os.Getenv("USER")
	if home != "" && user != "" {
		return home, true
	}
	return "", false
}
