package amd64

import (
	"bytes"
	"fmt"
	"go/format"

	"github.com/actapprox/approx/gen/ir"
)

// GoFile prints kernels_amd64.go for package pkg: the assembly functions' declarations, the
// "avx2", "avx512" and "avx512-fastdiv" levels, whose functions check their arguments before
// entering assembly, and their registration when the CPU has what they need (fastDivider
// tells which AVX-512 table suits the CPU). header is the generated-code line
// without "// ".
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
	level(&b, AVX2, ks)
	b.WriteString(`// avx512 is the AVX-512 level (AVX512F and AVX512DQ): the same programs as avx2 on ZMM
// registers (kernels_avx512_amd64.s), 16 float32 or 8 float64 lanes at a time, four vectors per
// iteration, the rest one vector at a time under an opmask of the remaining lanes (masked-off
// lanes are neither read nor written). Compares set opmask registers and selects blend under
// them. Its results equal avx2's, bit for bit, but for the reciprocal estimate of an nr1fma
// division (VRCP14PS: 14 bits before the Newton-Raphson step, where VRCPPS has 12). Kernels
// bound by the divider, which ZMM registers do not speed up, run their AVX2 code here.
`)
	level(&b, AVX512, ks)
	fastDivTable(&b, ks)
	b.WriteString(`func init() {
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		register(&avx2)
		if cpu.X86.HasAVX512F && cpu.X86.HasAVX512DQ && cpu.X86.HasBMI2 {
			// Both AVX-512 tables, the one for this CPU last, so first.
			if fastDivider() {
				register(&avx512)
				register(&avx512Fastdiv)
			} else {
				register(&avx512Fastdiv)
				register(&avx512)
			}
		}
	}
}

`)
	for _, l := range Levels {
		for _, k := range ks {
			if !l.borrows(k) {
				fmt.Fprintf(&b, "//go:noescape\nfunc %s(dst, src []%s)\n\n", l.AsmName(k.Name), goType(k.Prog.Type))
			}
			if l == AVX2 && FastDivFunc(k) == exactDivName(k) {
				fmt.Fprintf(&b, "//go:noescape\nfunc %s(dst, src []%s)\n\n", exactDivName(k), goType(k.Prog.Type))
			}
		}
	}
	b.WriteString(`// fastDivider reports whether the CPU is AMD's: on its AVX-512 cores (Zen 4) a division costs
// about as much as six FMAs, not ten as on Intel's, and avx512Fastdiv is the faster table. The
// vendor string, from CPUID leaf 0, decides, as golang.org/x/sys/cpu does not report it.
func fastDivider() bool {
	_, b, c, d := cpuid(0)
	return b == 0x68747541 && d == 0x69746e65 && c == 0x444d4163 // "Auth", "enti", "cAMD"
}

// cpuid runs CPUID for leaf (subleaf 0).
func cpuid(leaf uint32) (eax, ebx, ecx, edx uint32)

`)
	fmt.Fprintf(&b, "// The benchmarks' floors (see bench_test.go): dst = src, and dst = 1/src.\n\n")
	for _, t := range []ir.Type{ir.F32, ir.F64} {
		for _, f := range Floors {
			fmt.Fprintf(&b, "//go:noescape\nfunc %s(dst, src []%s)\n\n", FloorName(f, t), goType(t))
		}
	}
	return format.Source(b.Bytes())
}

// fastDivTable prints the avx512-fastdiv table as avx512's with the kernels FastDivFunc
// changes replaced, sharing the other levels' functions where it runs their code (so a test can
// tell the same code by its function value).
func fastDivTable(b *bytes.Buffer, ks []Kernel) {
	b.WriteString(`// avx512Fastdiv is the AVX-512 level for cores whose divider keeps pace with their FMAs
// (AMD's Zen 4): where avx512 estimates a division, this table runs the AVX2 code that divides
// exactly, but for kernels that are mostly divisions (gen/amd64, FastDivFunc).
`)
	fmt.Fprintf(b, "var avx512Fastdiv = func() Implementation {\n\tl := %s\n\tl.Name = %q\n", AVX512.Name, FastDivName)
	for _, k := range ks {
		switch f := FastDivFunc(k); f {
		case AVX512.Func(k):
		case AVX2.Func(k):
			fmt.Fprintf(b, "\tl.%s = %s.%s\n", k.Name, AVX2.Name, k.Name)
		default:
			fmt.Fprintf(b, "\tl.%s = func(dst, src []%s) {\n\t\tcheckArgs(%q, dst, src)\n\t\t%s(dst, src)\n\t}\n",
				k.Name, goType(k.Prog.Type), k.Name, f)
		}
	}
	fmt.Fprintf(b, "\treturn l\n}()\n\n")
}

// level prints the Implementation variable of level l.
func level(b *bytes.Buffer, l Level, ks []Kernel) {
	fmt.Fprintf(b, "var %s = Implementation{\n\tName: %q,\n", l.Name, l.Name)
	for _, k := range ks {
		fmt.Fprintf(b, "\t%s: func(dst, src []%s) {\n\t\tcheckArgs(%q, dst, src)\n\t\t%s(dst, src)\n\t},\n",
			k.Name, goType(k.Prog.Type), k.Name, l.Func(k))
	}
	fmt.Fprintf(b, "}\n\n")
}

func goType(t ir.Type) string {
	if t == ir.F32 {
		return "float32"
	}
	return "float64"
}
