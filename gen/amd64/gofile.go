package amd64

import (
	"bytes"
	"fmt"
	"go/format"

	"github.com/actapprox/approx/gen/ir"
)

// GoFile prints kernels_amd64.go for package pkg: the assembly functions' declarations, the
// "avx2" level whose functions check lengths before entering assembly, and its registration
// when the CPU has AVX2 and FMA. header is the generated-code line without "// ".
func GoFile(header, pkg string, ks []Kernel) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// %s\n\n//go:build !purego\n\npackage %s\n\n", header, pkg)
	fmt.Fprintf(&b, "import \"golang.org/x/sys/cpu\"\n\n")
	fmt.Fprintf(&b, "// avx2 is the AVX2+FMA level: every kernel as an assembly loop (kernels_amd64.s).\n")
	fmt.Fprintf(&b, "var avx2 = Implementation{\n\tName: \"avx2\",\n")
	for _, k := range ks {
		fmt.Fprintf(&b, "\t%s: func(dst, src []%s) {\n\t\tcheckLengths(%q, len(dst), len(src))\n\t\t%s(dst, src)\n\t},\n",
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
