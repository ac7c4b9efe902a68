package emit

import (
	"bytes"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/actapprox/approx/gen/certified"
	"github.com/actapprox/approx/gen/ir"
	"github.com/actapprox/approx/gen/lower"
	"github.com/actapprox/approx/spec"
	"github.com/actapprox/approx/tests"
	. "github.com/dave/jennifer/jen"
)

// Config names the generated packages.
type Config struct {
	Pkg        string // the root (API) package's name
	ImportPath string // the root package's import path; kernels/, fallback/ and tests/ sit below it
	Out        string // the output directory (set by the generator), where backends may read data
}

// SpecPath is how generated comments name a spec file: relative to the output directory when
// it is inside it, so the output does not depend on where the generator ran.
func SpecPath(out, file string) string {
	ao, err1 := filepath.Abs(out)
	af, err2 := filepath.Abs(file)
	if err1 == nil && err2 == nil {
		if rel, err := filepath.Rel(ao, af); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(file)
}

func render(f *File) ([]byte, error) {
	f.HeaderComment(Header)
	var b bytes.Buffer
	if err := f.Render(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func typeSuffix(t ir.Type) string {
	if t == ir.F32 {
		return "Float32"
	}
	return "Float64"
}

// docLines is the description shared by a kernel's doc comments.
func docLines(k *Kernel) []string {
	e := k.A.Entry
	lines := []string{fmt.Sprintf("approximates %s: spec entry %s (%s:%d).", e.Target, e.Name, k.SpecFile, e.Pos.Line)}
	if e.Doc != "" {
		lines = append(lines, "", e.Doc)
	}
	lines = append(lines, "", "\ty = "+k.A.Formula, "")
	if f := k.A.For(ir.F64).Formula; f != k.A.Formula && slices.Contains(k.Types, ir.F64) {
		lines = append(lines, "float64:", "", "\ty = "+f, "")
	}
	var pre []string
	if c := e.ClampIn; c != nil {
		pre = append(pre, fmt.Sprintf("x is first clamped to [%v, %v]", c[0], c[1]))
	}
	for _, t := range k.Types {
		if c, ok := k.A.AutoClamp(t); ok {
			pre = append(pre, fmt.Sprintf("%s: x is first clamped to ±%v, the first float where the approximant rounds to its limit", t, c))
		}
	}
	if s := e.Saturate; s != 0 {
		pre = append(pre, fmt.Sprintf("|x| > %v returns the limit", s))
	}
	if c := e.ClampOut; c != nil {
		pre = append(pre, fmt.Sprintf("y is clamped to [%v, %v]", c[0], c[1]))
	}
	if e.Division == "nr1fma" {
		pre = append(pre, "the AVX-512 kernel (on AMD's cores only where divisions dominate) and the float32 AVX2 one where that measured faster multiply by a reciprocal estimate refined by Newton-Raphson steps (nr1fma) instead of dividing, within 2 ULP of the quotient")
	}
	if len(pre) > 0 {
		lines = append(lines, strings.Join(pre, "; ")+".", "")
	}
	dom := fmt.Sprintf("[%v, %v]", e.Bound.Domain[0], e.Bound.Domain[1])
	switch e.Class {
	case spec.ClassSafe:
		lines = append(lines, "Class safe: the bound holds for every finite input; NaN gives NaN, ±Inf the limits.")
	default:
		lines = append(lines, "Class ranged: the bound holds on "+dom+" only; outside it the result is not meaningful.")
	}
	var bound []string
	if e.Bound.Abs > 0 {
		bound = append(bound, fmt.Sprintf("abs %v", e.Bound.Abs))
	}
	if e.Bound.Rel > 0 {
		bound = append(bound, fmt.Sprintf("rel %v", e.Bound.Rel))
	}
	if e.Bound.ULP > 0 {
		bound = append(bound, fmt.Sprintf("%v ULP", e.Bound.ULP))
	}
	lines = append(lines, fmt.Sprintf("Bound on %s: %s.", dom, strings.Join(bound, ", ")))
	for _, t := range k.Types {
		lines = append(lines, fmt.Sprintf("Measured %s: %s.", t, Figures(k.Measured[t])))
		if c, ok := k.Certified[t]; ok {
			lines = append(lines, c.Sentence())
			if held, broken := claims(e, t, c); len(held) > 0 || len(broken) > 0 {
				line := ""
				if len(held) > 0 {
					line = "Certified too: " + strings.Join(held, ", ") + "."
				}
				if len(broken) > 0 {
					line = strings.TrimSpace(line + " Claimed but broken: " + strings.Join(broken, ", ") + " (docs/CERTIFICATION.md).")
				}
				lines = append(lines, line)
			}
			b := e.Bound
			if b.Abs > 0 && c.MaxAbs > b.Abs || b.ULP > 0 && c.MaxULP > b.ULP || b.Rel > 0 && c.MaxRel > b.Rel {
				lines = append(lines, "The certified maximum exceeds the bound: see docs/CERTIFICATION.md.")
			}
		}
	}
	return lines
}

// comment prints a doc comment as // lines (jennifer would print a block comment).
func comment(name string, lines []string) *Statement {
	s := Null()
	for i, l := range lines {
		if i == 0 {
			l = name + " " + l
		}
		if i > 0 {
			s.Line()
		}
		s.Comment(l)
	}
	return s
}

// KernelsFile is kernels/: one scalar function per approximant and type.
func KernelsFile(ks []*Kernel) ([]byte, error) {
	f := NewFile("kernels")
	f.PackageComment("Package kernels holds one scalar, inlinable function per approximant and float type,\nprinted from the kernel IR. Each computes in its own type and rounds every operation, so\nthe result is the same on every architecture.")
	for _, k := range ks {
		for _, t := range k.Types {
			name := k.FuncName(t)
			p := k.Progs[t]
			tab := func(i int) string { return fmt.Sprintf("%sTable%d", lowerFirst(name), i) }
			f.Add(comment(name, docLines(k)))
			f.Add(ScalarFunc(name, p, tab))
			for i, vals := range p.Tables {
				f.Add(Table(tab(i), t, vals))
			}
		}
	}
	return render(f)
}

func lowerFirst(s string) string { return strings.ToLower(s[:1]) + s[1:] }

// unroll is how many elements a fallback loop iteration computes.
const unroll = 4

// FallbackFile is fallback/: the pure-Go slice loops.
func FallbackFile(cfg Config, ks []*Kernel) ([]byte, error) {
	f := NewFile("fallback")
	f.PackageComment("Package fallback holds the pure-Go slice loops over the scalar kernels: the purego build\nand the reference the assembly is compared with.")
	kernels := cfg.ImportPath + "/kernels"
	for _, k := range ks {
		for _, t := range k.Types {
			name := k.FuncName(t)
			f.Add(comment(name, []string{fmt.Sprintf("applies kernels.%s to each element: dst[i] = f(src[i]).", name),
				"It panics if the lengths differ, or if dst and src overlap without being the same slice."}))
			f.Func().Id(name).Params(Id("dst"), Id("src").Index().Add(goType(t))).Block(
				Id("Check").Call(Lit(name), Id("dst"), Id("src")),
				Id("dst").Op("=").Id("dst").Index(Empty(), Len(Id("src"))), // hoists the bounds checks
				Id("i").Op(":=").Lit(0),
				// Four at a time: fixed-length subslices need no bounds checks inside.
				For(Op(";").Id("i").Op("+").Lit(unroll).Op("<=").Len(Id("src")).Op(";").Id("i").Op("+=").Lit(unroll)).BlockFunc(func(g *Group) {
					g.List(Id("s"), Id("d")).Op(":=").List(
						Id("src").Index(Id("i"), Id("i").Op("+").Lit(unroll), Id("i").Op("+").Lit(unroll)),
						Id("dst").Index(Id("i"), Id("i").Op("+").Lit(unroll), Id("i").Op("+").Lit(unroll)))
					for j := 0; j < unroll; j++ {
						g.Id("d").Index(Lit(j)).Op("=").Qual(kernels, name).Call(Id("s").Index(Lit(j)))
					}
				}),
				For(Op(";").Id("i").Op("<").Len(Id("src")).Op(";").Id("i").Op("++")).Block(
					Id("dst").Index(Id("i")).Op("=").Qual(kernels, name).Call(Id("src").Index(Id("i")))),
			)
		}
	}
	return render(f)
}

// APIFile is the root package: the Implementation table, the pure-Go level, and one exported
// function per approximant routed through the active level (the dispatch point).
func APIFile(cfg Config, ks []*Kernel) ([]byte, error) {
	f := NewFile(cfg.Pkg)
	fallback := cfg.ImportPath + "/fallback"
	var fields []Code
	fields = append(fields, Comment("Name is the level: \"purego\", \"avx2\", \"avx512\" or \"neon\"."), Id("Name").String())
	pure := Dict{Id("Name"): Lit("purego")}
	for _, k := range ks {
		for _, t := range k.Types {
			name := k.FuncName(t)
			fields = append(fields, Id(name).Func().Params(Id("dst"), Id("src").Index().Add(goType(t))))
			pure[Id(name)] = Qual(fallback, name)
		}
	}
	f.Add(comment("Implementation", []string{"is one implementation level's kernels, one field per approximant and float",
		"type (the API functions' names with F32 or F64). Each panics if len(dst) != len(src)."}))
	f.Type().Id("Implementation").Struct(fields...)
	f.Comment("pureGo is the portable level; architecture files may put faster ones ahead of it.")
	f.Var().Id("pureGo").Op("=").Id("Implementation").Values(pure)
	for _, k := range ks {
		e := k.A.Entry
		lines := docLines(k)
		lines = append(lines, "", "dst[i] = f(src[i]) for every i; dst may be src. It panics if len(dst) != len(src), or if dst and src overlap otherwise.")
		f.Add(comment(e.GoName, lines))
		call := func(t ir.Type, d, s Code) Code { return Id("active").Dot(k.FuncName(t)).Call(d, s) }
		if len(k.Types) == 1 {
			t := k.Types[0]
			f.Func().Id(e.GoName).Params(Id("dst"), Id("src").Index().Add(goType(t))).Block(call(t, Id("dst"), Id("src")))
			continue
		}
		f.Func().Id(e.GoName).Types(Id("F").Float32().Op("|").Float64()).Params(Id("dst"), Id("src").Index().Id("F")).Block(
			Switch(Id("d").Op(":=").Id("any").Call(Id("dst")).Assert(Type())).BlockFunc(func(g *Group) {
				for _, t := range k.Types {
					g.Case(Index().Add(goType(t))).Block(call(t, Id("d"), Id("any").Call(Id("src")).Assert(Index().Add(goType(t)))))
				}
			}))
	}
	return render(f)
}

// TestsFile is tests/: one test per approximant and type, and a fuzz target per target function.
func TestsFile(cfg Config, ks []*Kernel) ([]byte, error) {
	f := NewFile("tests")
	f.ImportAlias(cfg.ImportPath, cfg.Pkg)
	byTarget := map[string][]*Kernel{}
	for _, k := range ks {
		e := k.A.Entry
		byTarget[e.Target] = append(byTarget[e.Target], k)
		f.Var().Id(caseVar(k)).Op("=").Add(caseLit(CaseOf(k.A)))
		for _, t := range k.Types {
			f.Func().Id("Test" + e.GoName + typeSuffix(t)).Params(Id("t").Op("*").Qual("testing", "T")).Block(
				Id("checkKernel").Call(Id("t"), Id(caseVar(k)), picker(cfg, k, t), apiFunc(cfg, k, t)))
		}
	}
	targets := make([]string, 0, len(byTarget))
	for tg := range byTarget {
		targets = append(targets, tg)
	}
	sort.Strings(targets)
	for _, tg := range targets {
		name := "Fuzz" + strings.ToUpper(tg[:1]) + tg[1:]
		if tg == spec.TargetReLU {
			name = "FuzzReLU"
		}
		f.Commentf("%s holds every %s kernel to its promises at fuzzed inputs, at every level.", name, tg)
		f.Func().Id(name).Params(Id("f").Op("*").Qual("testing", "F")).Block(
			Id("fuzzKernels").Call(Id("f"), Index().Id("fuzzKernel").ValuesFunc(func(g *Group) {
				for _, k := range byTarget[tg] {
					g.Values(DictFunc(func(d Dict) {
						d[Id("c")] = Id(caseVar(k))
						for _, t := range k.Types {
							field := "f32"
							if t == ir.F64 {
								field = "f64"
							}
							d[Id(field)] = picker(cfg, k, t)
						}
					}))
				}
			})))
	}
	return render(f)
}

// claims sorts the properties spec entry e claims for float type t into those the
// certification found to hold at every level and those it found broken.
func claims(e *spec.Entry, t ir.Type, c certified.Summary) (held, broken []string) {
	precision := 53
	if t == ir.F32 {
		precision = 24
	}
	for _, p := range []struct {
		claimed bool
		off     uint64
		what    string
	}{
		{e.Monotone, c.Decreasing, "monotone"},
		{e.Odd, c.NotOdd, "exactly odd"},
		{e.TinyIdentity, c.Tiny, fmt.Sprintf("x itself for |x| <= 2^%d", math.Ilogb(tests.TinyExact(precision)))},
	} {
		switch {
		case !p.claimed:
		case p.off == 0:
			held = append(held, p.what)
		default:
			broken = append(broken, p.what)
		}
	}
	return held, broken
}

// CaseOf is what an approximant promises, as tests.Check checks it.
func CaseOf(a *lower.Approximant) tests.Case {
	e := a.Entry
	return tests.Case{
		Name: e.GoName, Target: e.Target, Class: e.Class,
		Lo: e.Bound.Domain[0], Hi: e.Bound.Domain[1],
		Abs: e.Bound.Abs, Rel: e.Bound.Rel, ULP: e.Bound.ULP,
		Odd: e.Odd, Monotone: e.Monotone, Tiny: e.TinyIdentity,
		Edges: a.Edges(),
	}
}

// caseLit prints c as a tests.Case literal (zero fields left out).
func caseLit(c tests.Case) *Statement {
	return Id("Case").Values(DictFunc(func(d Dict) {
		d[Id("Name")] = Lit(c.Name)
		d[Id("Target")] = Lit(c.Target)
		d[Id("Class")] = Lit(c.Class)
		d[Id("Lo")] = floatLit(c.Lo)
		d[Id("Hi")] = floatLit(c.Hi)
		for name, v := range map[string]float64{"Abs": c.Abs, "Rel": c.Rel, "ULP": c.ULP} {
			if v != 0 {
				d[Id(name)] = Lit(v)
			}
		}
		if c.Odd {
			d[Id("Odd")] = True()
		}
		if c.Monotone {
			d[Id("Monotone")] = True()
		}
		if c.Tiny {
			d[Id("Tiny")] = True()
		}
		if len(c.Edges) > 0 {
			d[Id("Edges")] = Index().Float64().ValuesFunc(func(g *Group) {
				for _, x := range c.Edges {
					g.Add(floatLit(x))
				}
			})
		}
	}))
}

func caseVar(k *Kernel) string { return "case" + k.A.Entry.GoName }

// picker is `func(i approx.Implementation) func(dst, src []T) { return i.NameF32 }`.
func picker(cfg Config, k *Kernel, t ir.Type) *Statement {
	return Func().Params(Id("i").Qual(cfg.ImportPath, "Implementation")).Func().Params(Id("dst"), Id("src").Index().Add(goType(t))).Block(
		Return(Id("i").Dot(k.FuncName(t))))
}

// apiFunc is the exported API function instantiated at type t.
func apiFunc(cfg Config, k *Kernel, t ir.Type) *Statement {
	s := Qual(cfg.ImportPath, k.A.Entry.GoName)
	if len(k.Types) > 1 {
		s = s.Index(goType(t))
	}
	return s
}

// floatLit prints a float64, spelling infinities through math.Inf.
func floatLit(x float64) *Statement {
	switch {
	case x > 1.7976931348623157e308:
		return Qual("math", "Inf").Call(Lit(1))
	case x < -1.7976931348623157e308:
		return Qual("math", "Inf").Call(Lit(-1))
	}
	return Lit(x)
}
