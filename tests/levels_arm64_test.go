//go:build arm64 && !purego

package tests

import "testing"

// wantLevels: the arm64 levels: NEON (always present on arm64), then pure Go.
func wantLevels(t *testing.T) []string { return []string{"neon", "purego"} }
