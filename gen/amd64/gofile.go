package amd64

import (
	"bytes"
	"fmt"
	"go/format"

	"github.com/actapprox/approx/gen/ir"
)

// GoFile prints kernels_amd64.go for package pkg: the assembly functions' declarations, the
// "avx2", "avx512" and "avx512-amd" levels, whose functions check their arguments before
// entering assembly, and their registration when the CPU has what they need (isAMD tells
// which AVX-512 table suits the CPU). header is the generated-code line
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
	amdTable(&b, ks)
	b.WriteString(`func init() {
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		register(&avx2)
		if cpu.X86.HasAVX512F && cpu.X86.HasAVX512DQ && cpu.X86.HasBMI2 {
			// Both AVX-512 tables, the one for this CPU last, so first.
			if isAMD() {
				register(&avx512)
				register(&avx512AMD)
			} else {
				register(&avx512AMD)
				register(&avx512)
			}
		}
	}
}

`)
	for _, l := range Levels {
		for _, k := range ks {
			declare := func(name string) {
				fmt.Fprintf(&b, "//go:noescape\nfunc %s(dst, src []%s)\n\n", name, goType(k.Prog.Type))
			}
			if !l.borrows(k) {
				declare(l.AsmName(k.Name))
			}
			if l == AVX2 && needsExactDiv(k) {
				declare(exactDivName(k))
			}
		}
	}
	b.WriteString(`// isAMD reports whether the CPU is AMD's, whose AVX-512 cores (Zen 4) run avx512AMD faster
// than avx512. The vendor string, from CPUID leaf 0, decides, as golang.org/x/sys/cpu does not
// report it.
func isAMD() bool {
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

// amdTable prints the avx512-amd table as avx512's with the kernels AMDFunc changes
// replaced, by the avx2 level's own functions where it runs their code, so the printed table
// lists just what differs.
func amdTable(b *bytes.Buffer, ks []Kernel) {
	b.WriteString(`// avx512AMD is the AVX-512 level for AMD's cores (Zen 4), whose divider keeps pace with their
// FMAs and whose gathers are no faster on ZMM registers: where avx512 estimates a division, it
// runs the AVX2 code that divides exactly, but for kernels that are mostly divisions, and
// table lookups run their AVX2 code (gen/amd64, AMDFunc).
`)
	fmt.Fprintf(b, "var avx512AMD = func() Implementation {\n\tl := %s\n\tl.Name = %q\n", AVX512.Name, AMDName)
	for _, k := range ks {
		switch f := AMDFunc(k); f {
		case AVX512.Func(k):
		case AVX2.Func(k):
			fmt.Fprintf(b, "\tl.%s = %s.%s\n", k.Name, AVX2.Name, k.Name)
		default:
			fmt.Fprintf(b, "\tl.%s = %s\n", k.Name, checked(k, f))
		}
	}
	fmt.Fprintf(b, "\treturn l\n}()\n\n")
}

// level prints the Implementation variable of level l.
func level(b *bytes.Buffer, l Level, ks []Kernel) {
	fmt.Fprintf(b, "var %s = Implementation{\n\tName: %q,\n", l.Name, l.Name)
	for _, k := range ks {
		fmt.Fprintf(b, "\t%s: %s,\n", k.Name, checked(k, l.Func(k)))
	}
	fmt.Fprintf(b, "}\n\n")
}

// checked is the Go function literal that checks kernel k's arguments, then runs assembly
// function f.
func checked(k Kernel, f string) string {
	return fmt.Sprintf("func(dst, src []%s) {\n\t\tcheckArgs(%q, dst, src)\n\t\t%s(dst, src)\n\t}",
		goType(k.Prog.Type), k.Name, f)
}

func goType(t ir.Type) string {
	if t == ir.F32 {
		return "float32"
	}
	return "float64"
}
