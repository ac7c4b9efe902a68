//go:build amd64 && !purego

package tests

import (
	"os"
	"strings"
	"testing"
)

// wantLevels: the amd64 levels this machine should have, from the CPU flags and vendor Linux
// reports in /proc/cpuinfo (read independently of the x/sys/cpu and CPUID checks the package
// itself makes): "avx2" with AVX2 and FMA, and "avx512" and "avx512-amd" besides with
// AVX512F, AVX512DQ and BMI2, the avx512-amd table first on AMD's cores; best first.
func wantLevels(t *testing.T) []string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		t.Skipf("cannot tell the CPU's features: %v", err)
	}
	flags := map[string]bool{}
	vendor := ""
	for _, line := range strings.Split(string(b), "\n") {
		name, rest, ok := strings.Cut(line, ":")
		switch name = strings.TrimSpace(name); {
		case !ok:
		case name == "vendor_id" && vendor == "":
			vendor = strings.TrimSpace(rest)
		case name == "flags" && len(flags) == 0:
			for _, f := range strings.Fields(rest) {
				flags[f] = true
			}
		}
	}
	switch {
	case flags["avx2"] && flags["fma"] && flags["avx512f"] && flags["avx512dq"] && flags["bmi2"]:
		if vendor == "AuthenticAMD" {
			return []string{"avx512-amd", "avx512", "avx2", "purego"}
		}
		return []string{"avx512", "avx512-amd", "avx2", "purego"}
	case flags["avx2"] && flags["fma"]:
		return []string{"avx2", "purego"}
	}
	return []string{"purego"}
}
