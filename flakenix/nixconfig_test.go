package flakenix

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/nixtest"
)

// nixConfigCases are flake.nix files with the spellings of nixConfig that
// occur in the wild, and what NixConfig reads from them: per setting its
// words (Words) with their positions, or "computed".
var nixConfigCases = []struct {
	name, src string
	want      string // one line per setting: name=word@line:col,… or name=computed
	computed  bool   // nixConfig itself is computed
}{{
	name: "set with lists",
	src: `{
  nixConfig = {
    extra-substituters = [ "https://a.cachix.org" "https://b.example.org/cache" ];
    extra-trusted-public-keys = [ "a.cachix.org-1:AAAA=" ];
  };
  outputs = { self }: { };
}
`,
	want: "extra-substituters=https://a.cachix.org@3:28,https://b.example.org/cache@3:51\n" +
		"extra-trusted-public-keys=a.cachix.org-1:AAAA=@4:35\n",
}, {
	name: "dotted, a string with two words, merged with a set",
	src: `{
  nixConfig.substituters = "https://cache.nixos.org https://x.cachix.org";
  nixConfig = { "trusted-public-keys" = [ "k-1:A=" ]; bash-prompt = "dev> "; max-jobs = 4; sandbox = false; };
  outputs = { self }: { };
}
`,
	want: "substituters=https://cache.nixos.org@2:28,https://x.cachix.org@2:28\n" +
		"trusted-public-keys=k-1:A=@3:43\nbash-prompt=dev>@3:69\nmax-jobs=4@3:89\nsandbox=false@3:102\n",
}, {
	name: "computed values",
	src: `{
  nixConfig = {
    extra-substituters = map (n: "https://${n}.cachix.org") [ "a" ];
    substituters = [ "https://x" ("https://" + "y") ];
    inherit (import ./c.nix) trusted-public-keys;
    extra-trusted-public-keys = [ "k-1:B=" ];
  };
  outputs = { self }: { };
}
`,
	want: "extra-substituters=computed\nsubstituters=computed\ntrusted-public-keys=computed\n" +
		"extra-trusted-public-keys=k-1:B=@6:35\n",
}, {
	name:     "nixConfig itself computed",
	src:      "{\n  nixConfig = import ./nix-config.nix;\n  outputs = { self }: { };\n}\n",
	computed: true,
}, {
	name: "none",
	src:  "{ outputs = { self }: { }; }\n",
}}

func renderNixConfig(c NixConfig) string {
	var b strings.Builder
	for _, s := range c.Settings {
		b.WriteString(s.Name + "=")
		if s.Computed {
			b.WriteString("computed\n")
			continue
		}
		for i, w := range s.Words() {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "%s@%s", w.Text, w.Pos)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func TestNixConfig(t *testing.T) {
	for _, tc := range nixConfigCases {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse("flake.nix", []byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			c := f.NixConfig()
			if got := renderNixConfig(c); got != tc.want || c.Computed != tc.computed {
				t.Errorf("got (computed %v):\n%s\nwant (computed %v):\n%s", c.Computed, got, tc.computed, tc.want)
			}
			if c.Pos.IsValid() != strings.Contains(tc.src, "nixConfig") {
				t.Errorf("Pos %v for a flake with%s nixConfig", c.Pos, map[bool]string{true: "", false: "out"}[strings.Contains(tc.src, "nixConfig")])
			}
			if s, ok := c.Setting("extra-trusted-public-keys"); ok != strings.Contains(tc.want, "extra-trusted-public-keys=") || (ok && s.Name != "extra-trusted-public-keys") {
				t.Errorf("Setting(extra-trusted-public-keys) = %+v, %v", s, ok)
			}
		})
	}
}

// Nix evaluates nixConfig; every literal setting NixConfig reads must be
// what Nix's evaluation of the same file gives, joined with spaces as Nix
// joins a list before a setting reads it.
func TestNixConfigAsNixEvaluatesIt(t *testing.T) {
	nixtest.EachVersion(t, func(t *testing.T, n *nixtest.Nix) {
		u := nixtest.NewUniverse(t)
		for i, tc := range nixConfigCases {
			f, err := Parse("flake.nix", []byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(u.Root, fmt.Sprintf("case%d.nix", i))
			if err := os.WriteFile(file, []byte(tc.src), 0o644); err != nil {
				t.Fatal(err)
			}
			for _, s := range f.NixConfig().Settings {
				if s.Computed {
					continue
				}
				// Only this setting is forced: the computed ones beside it
				// may refer to files that do not exist.
				expr := fmt.Sprintf(`let v = (import %s).nixConfig.%q; in if builtins.isList v then builtins.concatStringsSep " " v else if builtins.isBool v then (if v then "true" else "false") else toString v`, file, s.Name)
				out := n.MustRun(t, u.Root, "eval", "--impure", "--json", "--expr", expr)
				var got string
				if err := json.Unmarshal([]byte(out), &got); err != nil {
					t.Fatalf("%s: %v: %s", tc.name, err, out)
				}
				var words []string
				for _, w := range s.Words() {
					words = append(words, w.Text)
				}
				if !reflect.DeepEqual(strings.Fields(got), words) {
					t.Errorf("%s: setting %s: Nix evaluates %q, NixConfig read %q", tc.name, s.Name, got, words)
				}
			}
		}
	})
}

// FuzzNixConfig: reading nixConfig never panics on a file that parses,
// every setting and value points into the file, and a computed nixConfig
// has no settings.
func FuzzNixConfig(f *testing.F) {
	addSeeds(f, func(src []byte) { f.Add(src) })
	for _, tc := range nixConfigCases {
		f.Add([]byte(tc.src))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		fl, err := Parse("flake.nix", src)
		if err != nil {
			return
		}
		c := fl.NixConfig()
		if c.Computed && len(c.Settings) > 0 {
			t.Fatalf("computed nixConfig with settings %+v", c.Settings)
		}
		inFile := func(off int) bool { return off >= 0 && off < len(src) }
		for _, s := range c.Settings {
			if !s.Pos.IsValid() || !inFile(s.Pos.Offset) || s.Computed && s.Values != nil {
				t.Fatalf("setting %+v", s)
			}
			for _, v := range s.Values {
				if !v.Pos.IsValid() || !inFile(v.Pos.Offset) {
					t.Fatalf("setting %s value %+v", s.Name, v)
				}
			}
		}
	})
}
