//go:build !unix

package main

import "time"

// cpuTime is unknown here; the table then uses wall time for Time rel.
func cpuTime() time.Duration { return 0 }
