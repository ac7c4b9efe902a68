package arm64

import (
	"bytes"
	"fmt"
	"go/format"
)

// Kernel is one approximant in one float type, as the root package names it.
type Kernel struct {
	Field string // the Implementation field and the panic's name, e.g. TanhPade44F32
	Func         // Name is the assembly symbol, e.g. neonTanhPade44F32
}

const constraint = "//go:build arm64 && !purego"

// Files prints the assembly file and its Go declarations (stubs and the "neon" level's
// registration) for package pkg. header is the generated-code line, without "// ".
func Files(header, pkg string, ks []Kernel) (asm, goFile []byte, err error) {
	var s bytes.Buffer
	fmt.Fprintf(&s, "// %s\n\n%s\n\n", header, constraint)
	s.WriteString("// NEON kernels, printed from the kernel IR by gen/arm64. Go 1.26's assembler has no\n")
	s.WriteString("// vector FADD, FMUL, FDIV, FMIN, FMAX, FCMxx or FCVTZS: those are WORDs, each with its\n")
	s.WriteString("// instruction in the comment (checked against GNU as by gen/arm64's tests).\n\n")
	s.WriteString("#include \"textflag.h\"\n")
	for _, k := range ks {
		text, err := Asm(k.Func)
		if err != nil {
			return nil, nil, err
		}
		s.WriteString("\n")
		s.WriteString(text)
	}

	var g bytes.Buffer
	fmt.Fprintf(&g, "// %s\n\n%s\n\npackage %s\n\n", header, constraint, pkg)
	for _, k := range ks {
		fmt.Fprintf(&g, "//go:noescape\nfunc %s(dst, src []%s)\n\n", k.Name, k.Prog.Type)
	}
	g.WriteString("// neon is the arm64 level: every kernel in NEON assembly (kernels_arm64.s).\n")
	g.WriteString("var neon = Implementation{\n\tName: \"neon\",\n")
	for _, k := range ks {
		t := k.Prog.Type.String()
		fmt.Fprintf(&g, "\t%s: func(dst, src []%s) {\n\t\tcheckArgs(%q, dst, src)\n\t\t%s(dst, src)\n\t},\n",
			k.Field, t, k.Field, k.Name)
	}
	g.WriteString("}\n\nfunc init() { register(&neon) }\n")
	src, err := format.Source(g.Bytes())
	if err != nil {
		return nil, nil, fmt.Errorf("arm64: formatting the Go file: %v", err)
	}
	return s.Bytes(), src, nil
}
