package tests

import "testing"

// wantLevels: no assembly levels yet; every build runs pure Go.
func wantLevels(t *testing.T) []string { return []string{"purego"} }
