//go:build purego || !(amd64 || arm64)

package tests

import "testing"

// wantLevels: without assembly, every build runs pure Go only.
func wantLevels(t *testing.T) []string { return []string{"purego"} }
