//go:build amd64 && !purego

package portbench

import (
	"testing"

	"golang.org/x/sys/cpu"
)

var loops = []struct {
	name string
	ops  int
	f    func(n int)
}{
	{"FMA", 12, loopFMA},
	{"Add", 12, loopAdd},
	{"Min", 12, loopMin},
	{"Blend", 12, loopBlend},
	{"And", 12, loopAnd},
	{"Div", 12, loopDiv},
	{"FMA8Add4", 12, loopFMA8Add4},
	{"FMA8Min4", 12, loopFMA8Min4},
	{"FMA8Blend4", 12, loopFMA8Blend4},
	{"Div1FMA8", 9, loopDiv1FMA8},
	{"Cmp", 12, loopCmp},
	{"Shl", 12, loopShl},
	{"FMA8Cmp4", 12, loopFMA8Cmp4},
	{"FMA8Shl4", 12, loopFMA8Shl4},
}

// BenchmarkPorts reports ns per iteration of each loop (ns/op) and per operation.
func BenchmarkPorts(b *testing.B) {
	if !cpu.X86.HasAVX2 || !cpu.X86.HasFMA {
		b.Skip("needs AVX2 and FMA")
	}
	for _, l := range loops {
		b.Run(l.name, func(b *testing.B) {
			l.f(b.N)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(l.ops), "ns/operation")
		})
	}
}

// TestLoopsRun runs each loop once, so that a broken one fails the tests, not only the
// benchmark.
func TestLoopsRun(t *testing.T) {
	if !cpu.X86.HasAVX2 || !cpu.X86.HasFMA {
		t.Skip("needs AVX2 and FMA")
	}
	for _, l := range loops {
		l.f(3)
	}
}
