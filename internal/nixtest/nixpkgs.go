package nixtest

import (
	"fmt"
	"time"
)

// Nixpkgs is a stand-in for a nixpkgs repository: a flake that evaluates in
// microseconds but has the shape tests look at (lib, legacyPackages) and can
// carry channel branches with revisions of different dates, so that
// dependencies can pin older revisions than the root.
type Nixpkgs struct {
	Name string // flake name in the universe
	Dir  string
	URL  string // git+file:// URL of the repository (default branch master)
	u    *Universe
}

// NixpkgsText is the flake.nix of a stand-in nixpkgs. Every release writes a
// different text, so each revision has its own narHash; lib.marker tells in an
// evaluation which repository, branch and date a flake ended up with.
func NixpkgsText(name, branch string, when time.Time) string {
	marker := fmt.Sprintf("%s/%s@%s", name, branch, when.UTC().Format("2006-01-02"))
	return fmt.Sprintf(`{
  description = "stand-in nixpkgs %[1]s";
  outputs = { self }: {
    lib = { marker = %[2]q; version = %[3]q; };
    legacyPackages.x86_64-linux.hello = "hello from %[2]s";
    legacyPackages.aarch64-linux.hello = "hello from %[2]s";
  };
}
`, name, marker, when.UTC().Format("06.01"))
}

// Nixpkgs creates a stand-in nixpkgs repository called name with one commit
// on master at BaseTime.
func (u *Universe) Nixpkgs(name string) *Nixpkgs {
	u.t.Helper()
	dir, url := u.Flake(name, NixpkgsText(name, "master", BaseTime))
	return &Nixpkgs{Name: name, Dir: dir, URL: url, u: u}
}

// Release commits a new revision on branch (created from master if new) dated
// when, and returns its rev. The checkout stays on master, so a plain
// git+file:// URL keeps meaning master.
func (p *Nixpkgs) Release(branch string, when time.Time) string {
	u := p.u
	u.t.Helper()
	if branch != "master" {
		if u.Git(p.Dir, "branch", "--list", branch) == "" {
			u.Git(p.Dir, "branch", branch, "master")
		}
		u.Git(p.Dir, "checkout", "-q", branch)
		defer u.Git(p.Dir, "checkout", "-q", "master")
	}
	u.WriteFile(p.Dir, "flake.nix", NixpkgsText(p.Name, branch, when))
	return u.CommitAt(p.Dir, when)
}

// BranchURL is the git+file:// URL of branch of the repository.
func (p *Nixpkgs) BranchURL(branch string) string { return p.URL + "?ref=" + branch }

// Date returns a UTC midnight, for readable Release calls.
func Date(year int, month time.Month, day int) time.Time {
	return time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
}
