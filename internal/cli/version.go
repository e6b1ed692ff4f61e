package cli

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/flake-unify/flake-unify/lockview"
)

// version overrides the module version read from the build info; the
// binaries' main packages set it from their -X main.version (SetVersion).
var version string

// SetVersion sets the version --version and the manual page print when the
// build gave one (v is empty otherwise).
func SetVersion(v string) { version = v }

// ErrShown stops parsing after a flag printed what was asked (--version):
// run turns it into exit 0.
var ErrShown = errors.New("shown")

// buildVersion is what `flake-unify version --json` prints: enough to tell
// which source a bug report's binary was built from.
type buildVersion struct {
	Version  string `json:"version"`
	Module   string `json:"module,omitempty"`
	Revision string `json:"revision,omitempty"`
	Time     string `json:"time,omitempty"`
	Modified bool   `json:"modified,omitempty"`
	Go       string `json:"go"`
}

// CurrentVersion reads the running binary's build info; the -X override,
// when set, wins over the module version.
func CurrentVersion() buildVersion {
	v := buildVersion{Version: "(devel)", Go: runtime.Version()}
	if bi, ok := debug.ReadBuildInfo(); ok {
		v.Module = bi.Main.Path
		if bi.Main.Version != "" {
			v.Version = bi.Main.Version
		}
		if bi.GoVersion != "" {
			v.Go = bi.GoVersion
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				v.Revision = s.Value
			case "vcs.time":
				v.Time = s.Value
			case "vcs.modified":
				v.Modified = s.Value == "true"
			}
		}
	}
	if version != "" {
		v.Version = version
	}
	return v
}

// String is the one line of --version: name, version, then what the build
// recorded about its source, then the Go toolchain.
func (v buildVersion) String() string {
	var src []string
	if v.Revision != "" {
		src = append(src, "revision "+v.Revision)
	}
	if v.Time != "" {
		src = append(src, v.Time)
	}
	if v.Modified {
		src = append(src, "modified")
	}
	line := "flake-unify " + v.Version
	if len(src) > 0 {
		line += " (" + strings.Join(src, ", ") + ")"
	}
	return line + " " + v.Go
}

// versionFlag is --version on the top level.
type versionFlag bool

// Act prints the version when --version is given, and stops the parse.
func (versionFlag) Act(stdout io.Writer) error {
	fmt.Fprintln(stdout, CurrentVersion())
	return ErrShown
}

// BeforeReset is the same for kong, which shell completion and the manual
// page read this grammar with, and which the tests hold package cmdline to:
// kong calls it with the writer bound as a *VersionOut.
func (versionFlag) BeforeReset(o *VersionOut) error { return versionFlag(true).Act(o.W) }

// VersionOut is where kong's --version hook writes.
type VersionOut struct{ W io.Writer }

type versionCmd struct {
	JSON bool `name:"json" help:"Print one JSON document: version, module, revision, time, modified, go."`
}

func (c *versionCmd) Run(e *Env) error {
	v := CurrentVersion()
	if c.JSON {
		return lockview.WriteJSON(e.Stdout, v)
	}
	_, err := fmt.Fprintln(e.Stdout, v)
	return err
}
