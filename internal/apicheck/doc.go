// Package apicheck holds the test that every public package of the module
// hands its users only types they can name: no exported function, method,
// type, field, variable or constant mentions a type from an internal
// package.
package apicheck
