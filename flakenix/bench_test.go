package flakenix

import (
	"fmt"
	"strings"
	"testing"
)

// bigFlake builds a flake.nix of about n lines in the shapes real large
// flakes have: many inputs in both styles, and a long outputs function
// with strings, interpolation, paths, lambdas, lets and lists.
func bigFlake(n int) []byte {
	var b strings.Builder
	b.WriteString("{\n  description = \"A large generated flake\";\n\n  inputs = {\n    nixpkgs.url = \"github:NixOS/nixpkgs/nixos-unstable\";\n")
	for i := 0; i < 60; i++ {
		fmt.Fprintf(&b, "    dep%d = {\n      url = \"github:example/dep%d\";\n      inputs.nixpkgs.follows = \"nixpkgs\";\n    };\n", i, i)
	}
	b.WriteString("  };\n")
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&b, "  inputs.flat%d.url = \"git+https://example.org/flat%d?ref=main\"; # flat %d\n", i, i, i)
	}
	b.WriteString("\n  outputs = { self, nixpkgs, ... }@inputs:\n    let\n      lib = nixpkgs.lib;\n      systems = [ \"x86_64-linux\" \"aarch64-linux\" ];\n    in {\n")
	lines := strings.Count(b.String(), "\n")
	for i := 0; lines < n-3; i++ {
		fmt.Fprintf(&b, `      pkg%d = { pkgs, stdenv ? pkgs.stdenv, ... }: stdenv.mkDerivation rec {
        pname = "pkg%d";
        version = "1.%d";
        src = ./src/${pname};
        buildInputs = with pkgs; [ zlib openssl ] ++ lib.optional (version != "0") pkgs.curl;
        postInstall = ''
          mkdir -p $out/bin
          echo "${pname}-${version}" > $out/bin/name # not a comment
        '';
        meta = { description = "Package ${toString %d}"; license = lib.licenses.mit; };
        passthru.tests = lib.genAttrs systems (s: self.checks.${s}.pkg%d or null);
        /* block comment */ enable = if %d > 3 && !(%d == 5) then true else false;
      };
`, i, i, i, i, i, i, i)
		lines += 13
	}
	b.WriteString("    };\n}\n")
	return []byte(b.String())
}

func TestBigFlake(t *testing.T) {
	src := bigFlake(2000)
	if n := strings.Count(string(src), "\n"); n < 1990 || n > 2010 {
		t.Fatalf("%d lines", n)
	}
	f, err := Parse("flake.nix", src)
	if err != nil {
		t.Fatal(err)
	}
	checkTree(t, src, f.Root())
	if len(f.Inputs()) != 101 {
		t.Fatalf("%d inputs", len(f.Inputs()))
	}
	if err := f.SetFollows([]string{"flat7", "nixpkgs"}, "nixpkgs"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(f.Bytes()), "# flat 7\n  inputs.flat7.inputs.nixpkgs.follows = \"nixpkgs\";\n") {
		t.Fatal("follows not placed beside flat7")
	}
}

func BenchmarkParse(b *testing.B) {
	src := bigFlake(2000)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("flake.nix", src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseEdit is the planner's whole use: parse, add one follows
// (which splices and parses again).
func BenchmarkParseEdit(b *testing.B) {
	src := bigFlake(2000)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		f, err := Parse("flake.nix", src)
		if err != nil {
			b.Fatal(err)
		}
		if err := f.SetFollows([]string{"dep30", "utils"}, "nixpkgs"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLex(b *testing.B) {
	src := bigFlake(2000)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := lex(src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLongRuns: lexing stays linear on long runs that several lexer
// rules could start (a.a.a…: identifiers, dots, a path or URI candidate
// each time). The two sizes differ 32 times; linear lexing shows the same
// MB/s for both.
func BenchmarkLongRuns(b *testing.B) {
	for _, unit := range []string{"a.", "a.a_", "1.", "a-", "x+", "a.b:"} {
		for _, n := range []int{2000, 64000} {
			src := []byte("[ " + strings.Repeat(unit, n) + " ]")
			b.Run(fmt.Sprintf("%s/%d", unit, n), func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				for b.Loop() {
					if _, err := lex(src); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
