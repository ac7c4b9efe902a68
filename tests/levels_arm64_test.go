//go:build arm64 && !purego

package tests

import "testing"

// wantLevels: the arm64 levels (none yet besides pure Go).
func wantLevels(t *testing.T) []string { return []string{"purego"} }
