//go:build amd64 && !purego

package tests

import "testing"

// wantLevels: the amd64 levels this machine should have (none yet besides pure Go).
func wantLevels(t *testing.T) []string { return []string{"purego"} }
