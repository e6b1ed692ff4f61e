// Package lazy holds package-level values that are built on first use. A
// value built when the program starts (a regexp compiled, a replacer made)
// costs every run of flake-unify its time and memory, though most commands
// never use it; a zero Value costs nothing until Get.
package lazy

import "sync"

// Value is a T built once, by the first Get. The zero Value is ready to use.
type Value[T any] struct {
	once sync.Once
	v    T
}

// Get returns the value, building it with build on the first call (later
// calls ignore build). It is safe for concurrent use.
func (l *Value[T]) Get(build func() T) T {
	l.once.Do(func() { l.v = build() })
	return l.v
}
