package lockgraph

import (
	"strings"
	"testing"
)

// Escaping as Nix writes it (docs/lock-format.md): raw UTF-8 including U+2028/9,
// raw '/', 0x7F and <&>; only '"', '\\' and control bytes escaped, with
// lowercase hex.
func TestEncodeStringsLikeNix(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"/tmp/nixexp/u/ünï €😀 \"q\" <&> ' tab\there\x7fdel\x01ctl",
			`"/tmp/nixexp/u/ünï €😀 \"q\" <&> ' tab\there` + "\x7f" + `del\u0001ctl"`},
		{"/tmp/nixexp/u2/a\\b\bc\fd\ne\rf\x1bg\x1fh\u2028i\u2029j/slash",
			`"/tmp/nixexp/u2/a\\b\bc\fd\ne\rf\u001bg\u001fh` + "\u2028i\u2029" + `j/slash"`},
		{"", `""`},
		{"\x00", `"\u0000"`},
		// ASCII with one thing to escape, and nothing to escape.
		{`say "hi"`, `"say \"hi\""`},
		{`a\b`, `"a\\b"`},
		{"tab\t", `"tab\t"`},
		{"github:NixOS/nixpkgs/nixos-24.05", `"github:NixOS/nixpkgs/nixos-24.05"`},
	} {
		var e encoder
		got := e.str(nil, tc.in)
		if e.err != nil || string(got) != tc.want {
			t.Errorf("str(%q) = %s (err %v), want %s", tc.in, got, e.err, tc.want)
		}
	}
	var e encoder
	e.str(nil, "bad\xffbyte")
	if e.err == nil || !strings.Contains(e.err.Error(), "invalid UTF-8") {
		t.Errorf("invalid UTF-8: err = %v", e.err)
	}
}

// Escapes read back to the same string, so parse → encode is stable.
func TestEscapesRoundTrip(t *testing.T) {
	src := `{"nodes": {"p": {"locked": {"path": "a\u0001\"\\\/\u00fc\ud83d\ude00\u2028", "type": "path"}, "original": {"path": "x", "type": "path"}}, "root": {"inputs": {"p": "p"}}}, "root": "root", "version": 7}`
	l := mustParse(t, src)
	if got := l.Nodes["p"].Locked.Str("path"); got != "a\x01\"\\/ü😀\u2028" {
		t.Fatalf("decoded %q", got)
	}
	out, err := l.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `"path": "a\u0001\"\\/ü😀`+"\u2028"+`",`) {
		t.Fatalf("encoded:\n%s", out)
	}
}

// The shapes Nix writes for empty things.
func TestEncodeShapes(t *testing.T) {
	l := mustParse(t, `{"nodes": {"root": {}}, "root": "root", "version": 7}`)
	out, _ := l.Encode()
	if want := "{\n  \"nodes\": {\n    \"root\": {}\n  },\n  \"root\": \"root\",\n  \"version\": 7\n}\n"; string(out) != want {
		t.Errorf("input-less root:\n%s", out)
	}
	l = mustParse(t, `{"nodes": {"p": {"flake": false, "inputs": {"x": []}, "locked": {"path": "sub", "type": "path"}, "original": {"path": "sub", "type": "path"}, "parent": []}, "root": {"inputs": {"p": "p"}}}, "root": "root", "version": 7}`)
	out, _ = l.Encode()
	for _, want := range []string{"\"flake\": false,\n", "\"x\": []\n", "\"parent\": []\n"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	// "flake": true is never written; unknown fields are dropped.
	l = mustParse(t, `{"nodes": {"p": {"flake": true, "extra": {"a": [1, null]}, "locked": {"path": "/p", "type": "path"}, "original": {"path": "/p", "type": "path"}}, "root": {"inputs": {"p": "p"}}}, "root": "root", "version": 7}`)
	out, _ = l.Encode()
	if strings.Contains(string(out), "flake") || strings.Contains(string(out), "extra") {
		t.Errorf("flake: true or an unknown field written:\n%s", out)
	}
}

// v5's "info" is merged into "locked" and the file is written as v7.
func TestEncodeUpgradesV5(t *testing.T) {
	l := mustParse(t, `{"nodes": {"a": {"info": {"lastModified": 1640995200, "narHash": "sha256-x"}, "locked": {"rev": "r", "type": "git", "url": "file:///a"}, "original": {"type": "git", "url": "file:///a"}}, "root": {"inputs": {"a": "a"}}}, "root": "root", "version": 5}`)
	out, _ := l.Encode()
	want := `    "a": {
      "locked": {
        "lastModified": 1640995200,
        "narHash": "sha256-x",
        "rev": "r",
        "type": "git",
        "url": "file:///a"
      },`
	if !strings.Contains(string(out), want) || !strings.HasSuffix(string(out), "\"version\": 7\n}\n") {
		t.Errorf("v5 written as:\n%s", out)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"empty", ``, "flake.lock:1:1: invalid JSON: unexpected end of file"},
		{"not object", `[]`, "flake.lock:1:1: not a lock file: the top level is an array"},
		{"no version", `{"nodes": {}}`, `not a lock file: no "version" member`},
		{"string version", `{"version": "7"}`, `invalid lock version: "version" is a string`},
		{"v3", `{"version": 3}`, "flake.lock:1:13: unsupported lock version 3"},
		{"v8", `{"version": 8}`, "unsupported lock version 8"},
		{"no root", `{"nodes": {}, "version": 7}`, `no "root" member`},
		{"missing root node", `{"nodes": {}, "root": "root", "version": 7}`, `missing root node: "root" is not among the nodes`},
		{"trailing", `{"nodes": {"root": {}}, "root": "root", "version": 7} x`, `unexpected 'x' after the top-level value`},
		{"duplicate", `{"nodes": {"root": {}, "root": {}}, "root": "root", "version": 7}`, `flake.lock:1:24: invalid JSON: duplicate member "root"`},
		{"invalid utf8", "{\"nodes\": {\"root\": {}}, \"root\": \"ro\xffot\", \"version\": 7}", "flake.lock:1:36: invalid JSON: invalid UTF-8 byte 0xff in string"},
		{"lone surrogate", `{"nodes": {"root": {}}, "root": "\ud800", "version": 7}`, `unpaired UTF-16 surrogate \ud800`},
		{"raw control", "{\"root\": \"a\tb\"}", "control character 0x09 in string must be escaped"},
		{"bad escape", `{"root": "\x"}`, `invalid escape '\x' in string`},
		{"leading zero", `{"version": 07}`, "leading zero"},
		{"edge type", `{"nodes": {"root": {"inputs": {"a": 1}}}, "root": "root", "version": 7}`, `invalid input "a" of node "root": expected a node key (string) or a follows path (array), got a number`},
		{"follows elem", `{"nodes": {"root": {"inputs": {"a": [1]}}}, "root": "root", "version": 7}`, `expected an input name (string), got a number`},
		{"no locked", `{"nodes": {"a": {"original": {}}, "root": {"inputs": {"a": "a"}}}, "root": "root", "version": 7}`, `invalid node "a": attribute "locked" missing`},
		{"float attr", `{"nodes": {"a": {"locked": {"n": 1.5}, "original": {}}, "root": {}}, "root": "root", "version": 7}`, `unsupported value 1.5 of attribute "n"`},
		{"too big", `{"nodes": {"a": {"locked": {"n": 18446744073709551616}, "original": {}}, "root": {}}, "root": "root", "version": 7}`, `unsupported value 18446744073709551616`},
		{"null attr", `{"nodes": {"a": {"locked": {"n": null}, "original": {}}, "root": {}}, "root": "root", "version": 7}`, `unsupported attribute "n" of node "a": Nix allows only strings, unsigned integers and booleans here, not null`},
		{"edge to root", `{"nodes": {"a": {"inputs": {"r": "root"}, "locked": {}, "original": {}}, "root": {"inputs": {"a": "a"}}}, "root": "root", "version": 7}`, `refers to the root node`},
		{"string cycle", `{"nodes": {"a": {"inputs": {"b": "b"}, "locked": {}, "original": {}}, "b": {"inputs": {"a": "a"}, "locked": {}, "original": {}}, "root": {"inputs": {"a": "a"}}}, "root": "root", "version": 7}`, `leads back to node`},
		{"deep", strings.Repeat("[", 20000), "nesting deeper than 10000 levels"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("flake.lock", []byte(tc.src))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v\nwant an error containing %q", err, tc.want)
			}
		})
	}
}

// The largest unsigned 64-bit integer survives exactly.
func TestUint64Exact(t *testing.T) {
	l := mustParse(t, `{"nodes": {"a": {"locked": {"n": 18446744073709551615}, "original": {}}, "root": {"inputs": {"a": "a"}}}, "root": "root", "version": 7}`)
	out, _ := l.Encode()
	if !strings.Contains(string(out), `"n": 18446744073709551615`) {
		t.Errorf("got:\n%s", out)
	}
}

// Nodes that share an attribute list, or lists that share their first
// elements, are written as if each had its own: Encode writes a list it
// has written before by copying its bytes, and must tell lists apart by
// more than where they start.
func TestEncodeSharedLists(t *testing.T) {
	full := Attrs{}.Set("narHash", StringValue("sha256-x")).Set("rev", StringValue("r")).
		Set("type", StringValue("git")).Set("url", StringValue("file:///a"))
	build := func(share bool) *Lock {
		attrs := func(a Attrs) Attrs {
			if share {
				return a
			}
			return a.Clone()
		}
		l := &Lock{Version: 7, Root: "root", Nodes: map[string]*Node{}}
		root := &Node{Key: "root"}
		l.Nodes["root"] = root
		for i, name := range []string{"a", "b", "c", "d"} {
			n := &Node{Key: name, Locked: attrs(full), Original: attrs(full[:2+i%3])}
			l.Nodes[name] = n
			root.setInput(Input{Name: name, Node: name})
		}
		return l
	}
	shared, err := build(true).Encode()
	if err != nil {
		t.Fatal(err)
	}
	own, err := build(false).Encode()
	if err != nil {
		t.Fatal(err)
	}
	if string(shared) != string(own) {
		t.Fatalf("shared lists written as:\n%s\nwant:\n%s", shared, own)
	}
}
