package cmdline

import (
	"reflect"
	"testing"
)

// readTags must read each key as StructTag.Lookup does: the first of a
// repeated key, escapes, keys it does not know skipped, a malformed rest
// ignored.
func TestReadTagsIsLookup(t *testing.T) {
	for _, tg := range []reflect.StructTag{
		`cmd:"" help:"Show the graph."`,
		`short:"C" default:"." help:"The flake's directory." placeholder:"DIR"`,
		`help:"first" help:"second"`,
		`help:"quote \" and tab \t" name:"x"`,
		`json:"x" env:"Y" enum:"a,b" required:"" type:"path"`,
		`arg:"" optional:"" predictor:"help" help:"A topic."`,
		`kong:"-"`,
		`help:"unterminated`,
		`name:"a"  help:"two spaces"`,
		`bad key:"x" help:"after"`,
		`help:"\q" name:"after a bad escape"`,
		``,
	} {
		got := readTags(tg)
		look := func(k string) (string, bool) { return tg.Lookup(k) }
		has := func(k string) bool { _, ok := look(k); return ok }
		get := func(k string) string { v, _ := look(k); return v }
		def, hasDef := look("default")
		want := tags{
			cmd: has("cmd"), arg: has("arg"), optional: has("optional"), required: has("required"), hasDefault: hasDef,
			name: get("name"), help: get("help"), def: def, enum: get("enum"), placeholder: get("placeholder"),
			short: get("short"), typ: get("type"), kong: get("kong"),
		}
		if got != want {
			t.Errorf("%s:\n got  %+v\n want %+v", tg, got, want)
		}
	}
}
