package tests

import "embed"

// Harness is this package's hand-written part, on which the generated tests build. The
// generator copies it beside the tests it writes for another package (gen -out), with that
// package's import path in place of this module's.
//
//go:embed check.go measure.go precise.go tiny.go harness_test.go levels_test.go levels_amd64_test.go levels_arm64_test.go levels_other_test.go guard_linux_test.go
var Harness embed.FS
