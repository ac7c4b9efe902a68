//go:build amd64 && !purego

package tests

import (
	"os"
	"strings"
	"testing"
)

// wantLevels: the amd64 levels this machine should have, from the CPU flags Linux reports in
// /proc/cpuinfo (read independently of the x/sys/cpu check the package itself makes): "avx2"
// with AVX2 and FMA, and "avx512" besides with AVX512F, AVX512DQ and BMI2; best first.
func wantLevels(t *testing.T) []string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		t.Skipf("cannot tell the CPU's features: %v", err)
	}
	flags := map[string]bool{}
	for _, line := range strings.Split(string(b), "\n") {
		if name, rest, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(name) == "flags" {
			for _, f := range strings.Fields(rest) {
				flags[f] = true
			}
			break
		}
	}
	switch {
	case flags["avx2"] && flags["fma"] && flags["avx512f"] && flags["avx512dq"] && flags["bmi2"]:
		return []string{"avx512", "avx2", "purego"}
	case flags["avx2"] && flags["fma"]:
		return []string{"avx2", "purego"}
	}
	return []string{"purego"}
}
