package nixstore

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"path"
	"path/filepath"
	"strings"
)

// DefaultDir is the store directory of a standard Nix installation.
const DefaultDir = "/nix/store"

// Store is a Nix store as seen from this machine.
type Store struct {
	// Dir is the store directory store paths are named after, e.g.
	// /nix/store. It is part of every path's hash, so a store under
	// another directory holds other paths for the same sources.
	Dir string
	// Root is where the store's file system is mounted on this machine,
	// "" for "/". Nix's chroot stores (--store /some/root) keep Dir's
	// paths below Root: the path /nix/store/…-source then lives at
	// /some/root/nix/store/…-source.
	Root string
}

// FromEnv is the store Nix would use by default in the environment
// getenv reads: NIX_STORE_DIR if set, else NIX_STORE (the older name Nix
// still reads), else /nix/store, at the real root.
func FromEnv(getenv func(string) string) Store {
	dir := getenv("NIX_STORE_DIR")
	if dir == "" {
		dir = getenv("NIX_STORE")
	}
	if dir == "" {
		dir = DefaultDir
	}
	return Store{Dir: path.Clean(dir)}
}

// SourceName is the name Nix gives every fetched flake source.
const SourceName = "source"

// SourcePath is the store path of a flake source whose NAR hash is
// narHash, as Nix computes it for fetched trees: a fixed-output path with
// recursive (NAR) hashing and SHA-256, named "source".
//
// The path's hash part is the SHA-256 of the fingerprint
// "source:sha256:<hex digest>:<store dir>:source", folded to 20 bytes by
// XOR and written in Nix's base-32. Any spelling of a SHA-256 hash works;
// a hash of another type has no such path: Nix addresses sources by
// their SHA-256 NAR hash, which cannot be derived from another digest.
func (s Store) SourcePath(narHash string) (string, error) {
	if narHash == "" {
		return "", errors.New("no narHash")
	}
	var buf [64]byte
	h, err := parseHashTo(buf[:], narHash)
	if err != nil {
		return "", err
	}
	return s.sha256SourcePath(h)
}

// sha256SourcePath is SourcePath of a parsed hash.
func (s Store) sha256SourcePath(h hash) (string, error) {
	if h.algo != "sha256" {
		return "", errors.New("narHash is " + h.algo + "; Nix stores sources under their sha256 NAR hash, which cannot be derived from it")
	}
	return s.fixedSourcePath(h, SourceName), nil
}

// fixedSourcePath is Nix's makeFixedOutputPath for recursive SHA-256
// content without references: the type "source". A plan asks this of
// every source of a lock twice: the fingerprint is built on the stack, and
// the path is the one string it makes.
func (s Store) fixedSourcePath(h hash, name string) string {
	var fpBuf [256]byte
	fp := append(fpBuf[:0], "source:sha256:"...)
	fp = hex.AppendEncode(fp, h.digest)
	fp = append(append(append(append(fp, ':'), s.Dir...), ':'), name...)
	sum := sha256.Sum256(fp)
	var folded [20]byte
	for i, b := range sum {
		folded[i%20] ^= b
	}
	var pathBuf [256]byte
	p := append(append(pathBuf[:0], s.Dir...), '/')
	p = appendNix32(p, folded[:])
	p = append(append(p, '-'), name...)
	return string(p)
}

// Real is where store path p lies on this machine's file system.
func (s Store) Real(p string) string {
	if s.Root == "" {
		return filepath.FromSlash(p)
	}
	return filepath.Join(s.Root, filepath.FromSlash(p))
}

// Has reports whether store path p is present: whether its top-level
// entry exists on disk. Validity in Nix's sense is a row in the store's
// database, which may need privileges or a daemon to read; the entry is
// what a plain listing can tell, and the two agree except after a write
// that was interrupted (Nix writes a path under its lock and registers it
// at the end; it deletes such a leftover before it fetches the path
// again). So "present" may, rarely, be optimistic; "absent" is certain.
// An error other than "does not exist" (a store we may not read) is
// returned.
func (s Store) Has(p string) (bool, error) {
	if len(p) <= len(s.Dir) || p[len(s.Dir)] != '/' || !strings.HasPrefix(p, s.Dir) {
		return false, errors.New(p + " is not in the store " + s.Dir)
	}
	return exists(s.Real(p))
}
