package lockgraph

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/flake-unify/flake-unify/internal/corpus"
)

// agree checks the fast reader against the full one on data: when the fast
// reader answers, the full reader accepts the file and makes the same Lock.
// It reports whether the fast reader answered.
func agree(t *testing.T, name string, data []byte) bool {
	t.Helper()
	fast := parseFast(name, data)
	if fast == nil {
		return false
	}
	full, err := parseFull(name, data)
	if err != nil {
		t.Fatalf("%s: the fast reader accepts what the full reader refuses: %v", name, err)
	}
	if !reflect.DeepEqual(fast, full) {
		t.Fatalf("%s: the readers disagree:\nfast %+v\nfull %+v", name, fast, full)
	}
	return true
}

// The fast reader makes the same Lock as the full reader on every corpus
// lock, on the package's test locks and on the fuzz corpus, and it does
// answer for every lock Nix wrote (else Parse would quietly be slow).
func TestFastParseAgreesWithFullReader(t *testing.T) {
	fast, readable := 0, 0
	for _, c := range corpus.Locks(t) {
		if agree(t, c.Name, c.Data) {
			fast++
		}
		if c.Version >= 5 {
			readable++
		}
	}
	if fast != readable {
		t.Errorf("the fast reader answered for %d of the %d v5–v7 corpus locks", fast, readable)
	}
	locks, _ := filepath.Glob("testdata/*.lock")
	for _, f := range locks {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !agree(t, f, data) {
			t.Errorf("%s: the fast reader did not answer", f)
		}
	}
	seeds, _ := filepath.Glob("testdata/fuzz/FuzzParse/*")
	for _, f := range seeds {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		_, lit, ok := strings.Cut(string(data), "[]byte(")
		if !ok {
			continue
		}
		b, err := strconv.Unquote(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(lit), ")")))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		agree(t, f, []byte(b))
	}
}

// Cases at the edge of the fast reader's shape: each is read by one reader
// or the other, and Parse gives the full reader's answer.
func TestFastParseEdges(t *testing.T) {
	const node = `"locked": {"lastModified": 1, "rev": "r", "type": "git", "url": "file:///a"}, "original": {"type": "git", "url": "file:///a"}`
	for _, tc := range []struct {
		name, lock string
		fast       bool
	}{
		{"plain", `{"nodes": {"a": {` + node + `}, "root": {"inputs": {"a": "a"}}}, "root": "root", "version": 7}`, true},
		{"root last", `{"root": "root", "version": 7, "nodes": {"root": {"inputs": {"a": "a"}}, "a": {` + node + `}}}`, true},
		{"v5 info", `{"nodes": {"a": {"info": {"narHash": "x", "rev": "s"}, ` + node + `}, "root": {"inputs": {"a": "a", "b": ["a"]}}}, "root": "root", "version": 5}`, true},
		{"empty follows and parent", `{"nodes": {"a": {"inputs": {"r": []}, "parent": [], "flake": false, ` + node + `}, "root": {"inputs": {"a": "a"}}}, "root": "root", "version": 7}`, true},
		{"escape", `{"nodes": {"a": {` + node + `}, "root": {"inputs": {"a\u0062": "a"}}}, "root": "root", "version": 7}`, false},
		{"unknown member", `{"nodes": {"a": {"extra": [1, {"x": null}], ` + node + `}, "root": {"inputs": {"a": "a"}}}, "root": "root", "version": 7}`, false},
		{"duplicate node", `{"nodes": {"a": {` + node + `}, "a": {` + node + `}, "root": {"inputs": {"a": "a"}}}, "root": "root", "version": 7}`, false},
		{"duplicate attr", `{"nodes": {"a": {"locked": {"rev": "r", "rev": "s"}, "original": {}}, "root": {"inputs": {"a": "a"}}}, "root": "root", "version": 7}`, false},
		{"duplicate input", `{"nodes": {"a": {` + node + `}, "root": {"inputs": {"a": "a", "a": "a"}}}, "root": "root", "version": 7}`, false},
		{"leading zero", `{"nodes": {"a": {"locked": {"n": 01}, "original": {}}, "root": {"inputs": {"a": "a"}}}, "root": "root", "version": 7}`, false},
		{"too large", `{"nodes": {"a": {"locked": {"n": 18446744073709551616}, "original": {}}, "root": {"inputs": {"a": "a"}}}, "root": "root", "version": 7}`, false},
		{"missing node", `{"nodes": {"root": {"inputs": {"a": "a"}}}, "root": "root", "version": 7}`, false},
		{"cycle", `{"nodes": {"a": {"inputs": {"b": "a"}, ` + node + `}, "root": {"inputs": {"a": "a"}}}, "root": "root", "version": 7}`, false},
		{"no locked", `{"nodes": {"a": {"original": {}}, "root": {"inputs": {"a": "a"}}}, "root": "root", "version": 7}`, false},
		{"version 4", `{"nodes": {"root": {}}, "root": "root", "version": 4}`, false},
		{"trailing", `{"nodes": {"root": {}}, "root": "root", "version": 7} x`, false},
		{"invalid UTF-8", `{"nodes": {"a": {"locked": {"url": "file:///` + "\xff" + `"}, "original": {}}, "root": {"inputs": {"a": "a"}}}, "root": "root", "version": 7}`, false},
		{"no white space", `{"nodes":{"a":{"locked":{"lastModified":1,"rev":"r","type":"git","url":"file:///a"},"original":{"type":"git","url":"file:///a"}},"root":{"inputs":{"a":"a","b":["a"]}}},"root":"root","version":7}`, true},
		{"tabs and CRLF line ends", "{\r\n\t\"nodes\": {\r\n\t\t\"a\": {" + node + "},\r\n\t\t\"root\": {\"inputs\": {\"a\": \"a\"}}\r\n\t},\r\n\t\"root\": \"root\",\r\n\t\"version\": 7\r\n}\r\n", true},
		{"brace in a string", `{"nodes": {"a": {"locked": {"type": "git", "url": "file:///a}"}, "original": {"type": "git", "url": "file:///a}"}}, "b": {"locked": {"type": "git", "url": "file:///a}"}, "original": {"type": "git", "url": "file:///a}"}}, "root": {"inputs": {"a": "a", "b": "b"}}}, "root": "root", "version": 7}`, true},
		{"unsorted", `{"nodes": {"a": {"original": {"url": "file:///a", "type": "git"}, "locked": {"url": "file:///a", "type": "git", "rev": "r"}}, "root": {"inputs": {"z": "a", "b": ["z"], "a": "a"}}}, "root": "root", "version": 7}`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := agree(t, tc.name, []byte(tc.lock)); got != tc.fast {
				t.Errorf("fast reader answered %v, want %v", got, tc.fast)
			}
			l, err := Parse("flake.lock", []byte(tc.lock))
			full, ferr := parseFull("flake.lock", []byte(tc.lock))
			if (err == nil) != (ferr == nil) || err != nil && err.Error() != ferr.Error() {
				t.Fatalf("Parse: %v; full reader: %v", err, ferr)
			}
			if err == nil && !reflect.DeepEqual(l, full) {
				t.Fatalf("Parse and the full reader disagree")
			}
		})
	}
}

// FuzzFastParse: whatever the fast reader accepts, the full reader accepts
// and reads to the same Lock.
func FuzzFastParse(f *testing.F) {
	f.Add([]byte(`{"nodes": {"root": {}}, "root": "root", "version": 7}`))
	f.Add([]byte(`{"nodes": {"a": {"inputs": {"n": ["a"]}, "info": {"narHash": "x"}, "locked": {"rev": "r", "type": "git", "url": "file:///a"}, "original": {"type": "git", "url": "file:///a"}}, "root": {"inputs": {"a": "a", "b": "a"}}}, "root": "root", "version": 5}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		agree(t, "flake.lock", data)
	})
}

// TestFastEmptyAttrsFirst: the fast reader reads an empty attribute set
// as a set ("locked": {} is written back), also when it is the first one
// the file has (and does not leave the file to the full reader for it).
func TestFastEmptyAttrsFirst(t *testing.T) {
	src := "{\n  \"nodes\": {\n    \"a\": {\n      \"locked\": {},\n      \"original\": {\n        \"type\": \"path\"\n      }\n    },\n" +
		"    \"root\": {\n      \"inputs\": {\n        \"a\": \"a\"\n      }\n    }\n  },\n  \"root\": \"root\",\n  \"version\": 7\n}\n"
	l := parseFast("flake.lock", []byte(src))
	if l == nil {
		t.Fatal("the fast reader gave up")
	}
	if out, err := l.Encode(); err != nil || string(out) != src {
		t.Fatalf("encoded (err %v):\n%s", err, out)
	}
}

// The fast reader takes the Lock's strings from the caller's bytes (Parse's
// contract), not from a copy of them: a plan would pay for a second file's
// worth of memory otherwise.
func TestFastParseSharesTheCallersBytes(t *testing.T) {
	for _, c := range corpus.Locks(t) {
		if c.Version < 5 {
			continue
		}
		l, err := Parse(c.Name, c.Data)
		if err != nil {
			t.Fatal(err)
		}
		start := uintptr(unsafe.Pointer(unsafe.SliceData(c.Data)))
		for _, n := range l.Nodes {
			if n.Key == "" {
				continue
			}
			if p := uintptr(unsafe.Pointer(unsafe.StringData(n.Key))); p < start || p >= start+uintptr(len(c.Data)) {
				t.Fatalf("%s: node key %q is not read from the bytes Parse was given", c.Name, n.Key)
			}
		}
	}
}

// A node is 144 bytes: its two flags share the last word. A plan holds
// three sets of nodes (read, canonical, edited), so a field placed where
// it pads costs every one of them.
func TestNodeSize(t *testing.T) {
	if s := unsafe.Sizeof(Node{}); s > 144 {
		t.Errorf("a Node is %d bytes, want 144", s)
	}
}

// Nodes whose attribute sets are written the same share one list: the
// largest corpus lock writes 423 originals and 423 locked sets, 105 and
// 172 of them distinct.
func TestFastParseSharesRepeatedAttrs(t *testing.T) {
	for _, c := range corpus.Locks(t) {
		if c.Name != "input-output-hk__cardano-world" {
			continue
		}
		l, err := Parse(c.Name, c.Data)
		if err != nil {
			t.Fatal(err)
		}
		lists := map[*Attr]bool{}
		for _, n := range l.Nodes {
			for _, a := range []Attrs{n.Original, n.Locked} {
				if len(a) > 0 {
					lists[&a[0]] = true
				}
			}
		}
		if len(lists) != 105+172 {
			t.Errorf("%d attribute lists, want one per distinct text: %d", len(lists), 105+172)
		}
		return
	}
	t.Fatal("no lock input-output-hk__cardano-world in the corpus")
}
