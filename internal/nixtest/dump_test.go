package nixtest_test

import (
	"encoding/json"
	"testing"

	"github.com/flake-unify/flake-unify/internal/nixtest"
)

func TestDumpJSONShapes(t *testing.T) {
	v := map[string]any{
		"b":     []any{"x", "y"},
		"a":     map[string]any{},
		"Z":     []any{},
		"n":     json.Number("1640995200"),
		"flake": false,
		"s":     "\"\\/\x7f\x00\x1f\t\u2028<&>",
	}
	got, err := nixtest.DumpJSON(v)
	if err != nil {
		t.Fatal(err)
	}
	want := "{\n" +
		"  \"Z\": [],\n" +
		"  \"a\": {},\n" +
		"  \"b\": [\n    \"x\",\n    \"y\"\n  ],\n" +
		"  \"flake\": false,\n" +
		"  \"n\": 1640995200,\n" +
		"  \"s\": \"\\\"\\\\/\x7f\\u0000\\u001f\\t\u2028<&>\"\n" +
		"}\n"
	nixtest.SameBytes(t, "DumpJSON", got, []byte(want))
}

func TestDumpJSONRejectsWhatNixCannotWrite(t *testing.T) {
	for _, v := range []any{"\xff", json.Number("-1"), json.Number("1.5"), json.Number("1e3"), 2.5} {
		if b, err := nixtest.DumpJSON(v); err == nil {
			t.Errorf("DumpJSON(%#v) = %q, want an error", v, b)
		}
	}
}
