// Command empty does nothing: the floor for a Go process's start-up, against
// which `flake-unify --help` is measured.
package main

func main() {}
