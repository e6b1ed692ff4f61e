// Package apicheck holds the tests of the module's shape: every public
// package hands its users only types they can name (no exported function,
// method, type, field, variable or constant mentions a type from an
// internal package), and the planner links no rendering package and no
// code that starts processes.
package apicheck
