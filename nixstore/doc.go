// Package nixstore answers what this machine's Nix store knows about the
// sources a flake.lock pins, without running Nix: where each source lives
// in the store (its path follows from the locked narHash alone), whether
// it is there, and which binary caches a dependency's own flake.nix
// declares in nixConfig.
//
// Nix puts every fetched flake source at a fixed-output store path: the
// source tree is serialised as a NAR, hashed with SHA-256 (the narHash the
// lock records), and the store path is derived from that hash, the store
// directory and the name "source". So a lock alone says where each copy
// of nixpkgs would be, and a directory listing says which copies are
// already on this machine.
//
// The answers are typed so that a caller can keep "known" and "unknown"
// apart: a source without a usable narHash has no store path (and says
// why), and a dependency whose flake.nix cannot be read has unknown
// caches, never an empty list.
package nixstore
