package lockgraph

import (
	"slices"
	"strconv"
	"strings"
)

// Attrs are fetcher attributes ("original", "locked"), sorted by key in byte
// order. Nix allows only strings, unsigned integers and booleans; they are
// kept verbatim because Nix compares them exactly.
type Attrs []Attr

// Attr is one attribute.
type Attr struct {
	Key   string
	Value Value
}

// ValueKind says which of the three attribute types a Value holds.
type ValueKind uint8

const (
	String ValueKind = iota
	Uint
	Bool
)

// Value is an attribute value.
type Value struct {
	// The two one-byte fields go last: 32 bytes a value instead of 40
	// (a lock holds thousands of attributes, and a plan copies them).
	Str  string
	Uint uint64
	Kind ValueKind
	Bool bool
}

// StringValue, UintValue and BoolValue build Values.
func StringValue(s string) Value { return Value{Kind: String, Str: s} }
func UintValue(n uint64) Value   { return Value{Kind: Uint, Uint: n} }
func BoolValue(b bool) Value     { return Value{Kind: Bool, Bool: b} }

func (v Value) String() string {
	switch v.Kind {
	case Uint:
		return strconv.FormatUint(v.Uint, 10)
	case Bool:
		return strconv.FormatBool(v.Bool)
	}
	return v.Str
}

// Get returns the value of key.
func (a Attrs) Get(key string) (Value, bool) {
	// A node's attributes are a handful: looking at each is quicker than
	// bisecting (both find the first of equal keys in a sorted list).
	if len(a) <= 8 {
		for i := range a {
			if a[i].Key == key {
				return a[i].Value, true
			}
		}
		return Value{}, false
	}
	i, ok := slices.BinarySearchFunc(a, key, func(x Attr, k string) int { return strings.Compare(x.Key, k) })
	if !ok {
		return Value{}, false
	}
	return a[i].Value, true
}

// Str returns the string value of key, or "" when absent or not a string.
func (a Attrs) Str(key string) string {
	if v, ok := a.Get(key); ok && v.Kind == String {
		return v.Str
	}
	return ""
}

// Uint returns the integer value of key, or 0 when absent or not an integer.
func (a Attrs) Uint(key string) uint64 {
	if v, ok := a.Get(key); ok && v.Kind == Uint {
		return v.Uint
	}
	return 0
}

// Set returns a with key set to v, sorted as a is. It never changes a
// itself: locks share attribute lists (Parse gives the nodes whose sets
// are written alike one list, and Canonical's result shares them with its
// source), so a list is treated as a value and Set makes a new one.
func (a Attrs) Set(key string, v Value) Attrs {
	i, ok := slices.BinarySearchFunc(a, key, func(x Attr, k string) int { return strings.Compare(x.Key, k) })
	out := make(Attrs, 0, len(a)+1)
	out = append(append(out, a[:i]...), Attr{Key: key, Value: v})
	if ok {
		i++
	}
	return append(out, a[i:]...)
}

// Clone returns a copy that shares nothing with a.
func (a Attrs) Clone() Attrs {
	if a == nil {
		return nil
	}
	return slices.Clone(a)
}
