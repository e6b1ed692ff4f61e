package gittest

import "path"

// The flake used by most tests. The new lock changes some lines, adds and
// removes others, like a real unification.
const (
	FlakeNix = `{
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
  inputs.home-manager.url = "github:nix-community/home-manager";
  outputs = { self, nixpkgs, ... }: { };
}
`
	FlakeNixNew = `{
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
  inputs.home-manager.url = "github:nix-community/home-manager";
  inputs.home-manager.inputs.nixpkgs.follows = "nixpkgs";
  outputs = { self, nixpkgs, ... }: { };
}
`
	FlakeLock = `{
  "nodes": {
    "home-manager": {
      "inputs": {
        "nixpkgs": "nixpkgs"
      },
      "locked": {
        "rev": "aaaa"
      }
    },
    "nixpkgs": {
      "locked": {
        "rev": "bbbb"
      }
    },
    "nixpkgs_2": {
      "locked": {
        "rev": "cccc"
      }
    },
    "root": {
      "inputs": {
        "home-manager": "home-manager",
        "nixpkgs": "nixpkgs_2"
      }
    }
  },
  "root": "root",
  "version": 7
}
`
	FlakeLockNew = `{
  "nodes": {
    "home-manager": {
      "inputs": {
        "nixpkgs": [
          "nixpkgs"
        ]
      },
      "locked": {
        "rev": "aaaa"
      }
    },
    "nixpkgs": {
      "locked": {
        "rev": "cccc"
      }
    },
    "root": {
      "inputs": {
        "home-manager": "home-manager",
        "nixpkgs": "nixpkgs"
      }
    }
  },
  "root": "root",
  "version": 7
}
`
)

// The commit message's subject and body the tests pass.
const (
	Subject = "flake.lock: unify nixpkgs (2 copies → 1)"
	Body    = "home-manager/nixpkgs  nixos-unstable bbbb (2024-01-01) → cccc\n"
)

// BaseFiles is a repository with the flake in prefix and unrelated files
// around it.
func BaseFiles(prefix string) map[string]string {
	return map[string]string{
		"README.md":                     "readme\n",
		"src/staged.txt":                "original\n",
		".gitignore":                    "result/\n.direnv/\n",
		path.Join(prefix, "flake.nix"):  FlakeNix,
		path.Join(prefix, "flake.lock"): FlakeLock,
	}
}

// Equal reports whether two snapshots are the same.
func (a Snapshot) Equal(b Snapshot) bool {
	if a.Head != b.Head || a.Symbolic != b.Symbolic || a.Branches != b.Branches || a.Status != b.Status || a.Index != b.Index || len(a.Files) != len(b.Files) {
		return false
	}
	for p, c := range a.Files {
		if b.Files[p] != c {
			return false
		}
	}
	return true
}
