//go:build !linux

package main

import "time"

// threadClock is nil here: activation time is then wall time.
var threadClock func() time.Duration
