package nixtest_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flake-unify/flake-unify/internal/nixtest"
)

// nixString quotes s as a Nix string literal; other bytes (control bytes,
// 0x7F, any UTF-8) are written raw, which the Nix lexer accepts.
func nixString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, `$`, `\$`, "\n", `\n`, "\r", `\r`, "\t", `\t`)
	return `"` + r.Replace(s) + `"`
}

// Strings in flake.lock are written as nlohmann::json writes them: UTF-8 raw (also
// U+2028/U+2029 and 0x7F), only '"', '\\' and control bytes escaped, with
// \b \f \n \r \t named and the rest as lowercase \u00xx. Invalid UTF-8 makes
// Nix fail and write nothing. Path inputs carry the strings (as attribute-set
// flakerefs, so no URL parsing is involved).
func TestFactStringEscaping(t *testing.T) {
	t.Parallel()
	nixtest.EachVersion(t, func(t *testing.T, nix *nixtest.Nix) {
		u := nixtest.NewUniverse(t)
		paths := []struct{ raw, escaped string }{{
			raw:     u.Root + "/u/üñï €😀 \"q\" <&> ' tab\there\x7fdel\x01ctl",
			escaped: u.Root + `/u/üñï €😀 \"q\" <&> ' tab\there` + "\x7f" + `del\u0001ctl`,
		}, {
			raw:     u.Root + "/u2/a\\b\bc\fd\ne\rf\x1bg\x1fh\u2028i\u2029j/slash",
			escaped: u.Root + `/u2/a\\b\bc\fd\ne\rf\u001bg\u001fh` + "\u2028i\u2029j/slash",
		}}
		var decls []string
		for i, p := range paths {
			mkPathFlake(t, p.raw)
			decls = append(decls, "inputs.p"+string(rune('0'+i))+` = { type = "path"; path = `+nixString(p.raw)+`; };`)
		}
		root, _ := u.Flake("root", "{ "+strings.Join(decls, " ")+" outputs = { self, ... }: { }; }\n")
		lock := nix.Lock(t, root)
		for _, p := range paths {
			line := []byte(`"path": "` + p.escaped + `"`)
			if n := bytes.Count(lock, line); n != 2 { // locked and original
				t.Errorf("want 2 × %q in the lock, found %d:\n%s", line, n, lock)
			}
		}
		// The oracle writer agrees with Nix on all of it.
		nixtest.SameBytes(t, "DumpJSON of Nix's escaped lock", nixtest.ParseLock(t, lock).Bytes(), lock)

		bad := u.Root + "/u3/bad\xffbyte"
		mkPathFlake(t, bad)
		badRoot, _ := u.Flake("bad", `{ inputs.p = { type = "path"; path = `+nixString(bad)+`; }; outputs = { self, p }: { }; }`+"\n")
		_, _, err := nix.Run(t, badRoot, "flake", "lock")
		wantFails(t, "invalid UTF-8 in a path", err, "invalid UTF-8 byte")
		if u.Exists(badRoot, "flake.lock") {
			t.Errorf("Nix wrote a flake.lock despite the invalid UTF-8")
		}
		if _, err := nixtest.DumpJSON(map[string]any{"path": bad}); err == nil {
			t.Errorf("DumpJSON accepted invalid UTF-8")
		}
	})
}

// mkPathFlake makes dir (any bytes in its name) hold a trivial flake.
func mkPathFlake(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "flake.nix"), []byte("{ outputs = { self }: { }; }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}
