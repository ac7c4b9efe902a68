package amd64

import (
	"bytes"
	"fmt"
	"go/format"

	"github.com/actapprox/approx/gen/ir"
)

// GoFile prints kernels_amd64.go for package pkg: the assembly functions' declarations, the
// "avx2" level whose functions check their arguments before entering assembly, and its
// registration when the CPU has AVX2 and FMA. header is the generated-code line without "// ".
func GoFile(header, pkg string, ks []Kernel) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// %s\n\n//go:build !purego\n\npackage %s\n\n", header, pkg)
	fmt.Fprintf(&b, "import \"golang.org/x/sys/cpu\"\n\n")
	b.WriteString(`// avx2 is the AVX2+FMA level: every kernel as an assembly loop (kernels_amd64.s), printed
// by avo from the same IR program as the pure-Go kernel, eight float32 or four float64 lanes
// at a time, four vectors per iteration; the last len%32 (float32) or len%16 (float64)
// elements go through the same instructions with masked loads and stores (VMASKMOVPS/PD), so
// results never depend on position or length and no byte outside dst and src is touched.
//
// Each element's result equals the pure-Go kernel's, bit for bit, with two exceptions: a min
// or max between two variables (no kernel has one yet) gives the second operand's zero for
// min(-0, +0) and max(+0, -0), and a float32 FMA rounds once where pure Go rounds through
// float64 first (a difference of at most one ULP in rare double-rounding cases). Division is
// exact (VDIVPS/VDIVPD); table lookups are gathers with the index clamped to the table.
`)
	fmt.Fprintf(&b, "var avx2 = Implementation{\n\tName: \"avx2\",\n")
	for _, k := range ks {
		fmt.Fprintf(&b, "\t%s: func(dst, src []%s) {\n\t\tcheckArgs(%q, dst, src)\n\t\t%s(dst, src)\n\t},\n",
			k.Name, goType(k.Prog.Type), k.Name, AsmName(k.Name))
	}
	fmt.Fprintf(&b, "}\n\n")
	fmt.Fprintf(&b, "func init() {\n\tif cpu.X86.HasAVX2 && cpu.X86.HasFMA {\n\t\tregister(&avx2)\n\t}\n}\n\n")
	for _, k := range ks {
		fmt.Fprintf(&b, "//go:noescape\nfunc %s(dst, src []%s)\n\n", AsmName(k.Name), goType(k.Prog.Type))
	}
	fmt.Fprintf(&b, "// The benchmarks' floors (see bench_test.go): dst = src, and dst = 1/src.\n\n")
	for _, t := range []ir.Type{ir.F32, ir.F64} {
		for _, f := range Floors {
			fmt.Fprintf(&b, "//go:noescape\nfunc %s(dst, src []%s)\n\n", FloorName(f, t), goType(t))
		}
	}
	return format.Source(b.Bytes())
}

func goType(t ir.Type) string {
	if t == ir.F32 {
		return "float32"
	}
	return "float64"
}
