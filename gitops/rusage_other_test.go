//go:build !unix

package gitops

import "time"

func cpuTime() time.Duration { return 0 }
