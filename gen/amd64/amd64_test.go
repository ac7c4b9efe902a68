package amd64

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/actapprox/approx/gen/ir"
)

// opPrograms builds programs that between them use every IR op in every form the backend
// distinguishes (constant or variable operands, operands that die or live on, the special
// cases of copysign, select, max and compares), in type t. The specs' kernels do not.
func opPrograms(t ir.Type) map[string]*ir.Program {
	ps := map[string]*ir.Program{}
	add := func(name string, f func(b *ir.Builder, x ir.Value) ir.Value) {
		b := ir.NewBuilder(t)
		ps[name] = b.Program(f(b, b.X()))
	}
	add("MinMaxVars", func(b *ir.Builder, x ir.Value) ir.Value {
		x2 := b.Mul(x, x)
		h := b.Mul(x, b.Const(0.5))
		return b.Add(b.Max(b.Min(x, x2), h), b.Min(h, x))
	})
	for _, order := range []string{"MinMaxNaN1", "MinMaxNaN2"} {
		add(order, func(b *ir.Builder, x ir.Value) ir.Value {
			// y is never NaN: a NaN x must come through min and max from either side.
			y := b.Select(b.Cmp(ir.OpNE, x, x), b.Const(1), b.Mul(x, b.Const(0.5)))
			if order == "MinMaxNaN1" {
				return b.Sub(b.Min(x, y), b.Mul(b.Max(x, y), b.Const(3)))
			}
			return b.Sub(b.Min(y, x), b.Mul(b.Max(y, x), b.Const(3)))
		})
	}
	add("MinMaxConsts", func(b *ir.Builder, x ir.Value) ir.Value {
		return b.Sub(b.Max(b.Min(b.Const(3), x), b.Const(-2)), b.Max(x, b.Const(0)))
	})
	add("CopySign", func(b *ir.Builder, x ir.Value) ir.Value {
		y := b.Sub(x, b.Const(1))
		s1 := b.CopySign(b.Mul(x, b.Const(3)), y)
		s2 := b.CopySign(b.Const(-2.5), x)
		s3 := b.CopySign(x, b.Const(-1))
		s4 := b.CopySign(y, b.Const(4))
		return b.Add(b.Add(s1, s2), b.Mul(s3, s4))
	})
	add("OrSign", func(b *ir.Builder, x ir.Value) ir.Value { // magnitudes with a clear sign bit
		y := b.Sub(x, b.Const(1))
		s1 := b.OrSign(b.Abs(b.Mul(x, b.Const(3))), y)
		s2 := b.OrSign(b.Const(2.5), x)
		s3 := b.OrSign(b.Abs(x), b.Const(-1))
		s4 := b.OrSign(b.Abs(y), b.Const(4))
		return b.Add(b.Add(s1, s2), b.Mul(s3, s4))
	})
	add("ToBits", func(b *ir.Builder, x ir.Value) ir.Value {
		// The magic-number rounding of the exp kernels: the low bits of x/2 + 1.5·2^23 (or
		// 2^52), shifted into the exponent, and the bits of x themselves shifted back.
		shift := 23
		if b.Type() == ir.F64 {
			shift = 52
		}
		m := 1.5 * math.Ldexp(1, shift)
		c := b.Min(b.Max(x, b.Const(-100)), b.Const(100))
		v := b.FMA(c, b.Const(0.5), b.Const(m+127))
		return b.Add(b.FromBits(b.Shl(b.ToBits(v), shift)), b.FromBits(b.Shl(b.ToBits(x), 1)))
	})
	add("ApproxDiv", func(b *ir.Builder, x ir.Value) ir.Value {
		// A divisor finite and nonzero for every x, as nr1fma needs (within 2 ULP).
		d := b.Add(b.Min(b.Mul(x, x), b.Const(1e6)), b.Const(0.75))
		return b.DivApprox(b.Sub(x, b.Const(0.5)), d)
	})
	add("Arith", func(b *ir.Builder, x ir.Value) ir.Value {
		n := b.Neg(x)
		a := b.Abs(b.Sub(b.Const(2), x))
		d := b.Div(b.Const(1), b.Add(a, b.Const(0.25)))
		return b.Sub(b.Div(n, b.Add(d, b.Const(3))), b.Mul(b.Const(7), a))
	})
	add("FMAForms", func(b *ir.Builder, x ir.Value) ir.Value {
		x2 := b.Mul(x, x)
		f1 := b.FMA(x, b.Const(1.5), b.Const(-0.75)) // c and b constant
		f2 := b.FMA(b.Const(0.3), x2, x)             // a constant, c lives on
		f3 := b.FMA(x2, f1, f2)                      // all variables
		f4 := b.FMA(f3, x, x2)                       // x2 dies here
		f5 := b.FMA(b.Const(2), b.Const(3), f4)      // two constants
		return b.FMA(f5, f2, b.Const(1))
	})
	add("CompareSelect", func(b *ir.Builder, x ir.Value) ir.Value {
		// Each select adds its own term, so that no later one hides an earlier mistake.
		one, zero := b.Const(1), b.Const(0)
		lt := b.Select(b.Cmp(ir.OpLT, b.Const(2), x), x, b.Const(3))           // constant first; false: a constant
		le := b.Select(b.Cmp(ir.OpLE, b.Const(-1), x), b.Const(16), zero)      // false: zero
		gt := b.Select(b.Cmp(ir.OpGT, x, b.Const(4.5)), b.Neg(x), b.Mul(x, x)) // variables
		ge := b.Select(b.Cmp(ir.OpGE, x, b.Mul(x, x)), b.Const(64), one)       // two variables compared
		eq := b.Select(b.Cmp(ir.OpNE, x, b.Const(2)), zero, b.Const(1024))
		nz := b.Select(b.Cmp(ir.OpLT, x, b.Const(0.25)), zero, b.Mul(x, b.Const(3))) // true: zero
		sum := b.Add(b.Add(b.Add(lt, le), nz), b.Add(b.Add(gt, ge), eq))
		return b.Select(b.Cmp(ir.OpNE, x, x), b.Const(-7), sum) // NaN test
	})
	add("IntOps", func(b *ir.Builder, x ir.Value) ir.Value {
		c := b.Min(b.Max(x, b.Const(-50)), b.Const(50))
		i := b.ToInt(b.FMA(c, b.Const(3), b.Const(7)))
		tb := make([]float64, 37)
		for k := range tb {
			tb[k] = math.Sqrt(float64(k)) - 2
		}
		l := b.Lookup(tb, i) // indices below 0 and past the end
		// An index that is not straight from ToInt: float64's 64-bit clamp.
		l = b.Add(l, b.Lookup(tb, b.Shl(b.ToInt(b.Mul(c, b.Const(0.5))), 1)))
		bits := b.FromBits(b.Shl(b.ToInt(b.Add(b.Abs(c), b.Const(1000))), 3))
		return b.Add(l, b.Mul(bits, b.Const(1e-30)))
	})
	return ps
}

func testInputs(t ir.Type) []float64 {
	xs := []float64{0, math.Copysign(0, -1), 1, -1, 2, -2, 0.5, 1e-30, -1e-30, 1e30, -1e30,
		math.Inf(1), math.Inf(-1), math.NaN(), 3, 4.5, -0.75, 100, -100}
	for k := -400; k <= 400; k++ {
		xs = append(xs, float64(k)/37)
	}
	if t == ir.F32 {
		for i := range xs {
			xs[i] = float64(float32(xs[i]))
		}
	}
	return xs
}

// TestEveryOpAgainstEval prints the op programs with this backend into a scratch package, runs
// them on this machine at every level it has (AVX2 and FMA; AVX-512 where it has AVX512F, DQ and
// BMI2) for every length up to 40 and compares every element with the IR interpreter, bit for
// bit.
func TestEveryOpAgainstEval(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skip("amd64 only")
	}
	if !hasAVX2FMA() {
		t.Skip("no AVX2 and FMA here")
	}
	if testing.Short() {
		t.Skip("builds a package")
	}
	var ks []Kernel
	var want strings.Builder
	want.WriteString("package optest\n\nvar cases = []testCase{\n")
	for _, ty := range []ir.Type{ir.F32, ir.F64} {
		ps := opPrograms(ty)
		for _, name := range sortedKeys(ps) {
			p := ps[name]
			k := Kernel{Name: name + suffix(ty), Prog: p}
			ks = append(ks, k)
			xs := testInputs(ty)
			if name == "IntOps" { // ToInt of NaN or ±Inf is out of range: not defined
				xs = slicesFilter(xs, func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) })
			}
			ys := make([]float64, len(xs))
			ir.EvalSlice(p, ys, xs)
			ulps := 0 // bit for bit, but for the reciprocal estimate
			if name == "ApproxDiv" {
				ulps = 2
			}
			fmt.Fprintf(&want, "\t{name: %q, f64: %v, ulps: %d, xs: %#v, ys: %#v},\n", k.Name, ty == ir.F64, ulps, bitsOf(ty, xs), bitsOf(ty, ys))
		}
	}
	want.WriteString("}\n")
	levels := []string{"avx2"}
	if cpuFlags("avx512f", "avx512dq", "bmi2") {
		levels = append(levels, "avx512", AMDName) // in either order (isAMD)
	}
	fmt.Fprintf(&want, "\nvar wantLevels = %#v\n", levels)
	g, err := GoFile("Code generated for a test. DO NOT EDIT.", "optest", ks)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	root := moduleRoot(t)
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	var impl strings.Builder
	impl.WriteString("package optest\n\ntype Implementation struct {\n\tName string\n")
	for _, k := range ks {
		fmt.Fprintf(&impl, "\t%s func(dst, src []%s)\n", k.Name, goType(k.Prog.Type))
	}
	impl.WriteString("}\n\nvar levels []*Implementation\n\nfunc register(l *Implementation) { levels = append(levels, l) }\n\n")
	impl.WriteString("func checkArgs[F float32 | float64](name string, dst, src []F) {\n\tif len(dst) != len(src) {\n\t\tpanic(name)\n\t}\n}\n")
	files := map[string][]byte{
		"go.mod":           []byte("module optest\n\ngo 1.26\n\nrequire golang.org/x/sys " + sysVersion(t, root) + "\n"),
		"go.sum":           sum,
		"kernels_amd64.go": g,
		"impl.go":          []byte(impl.String()),
		"want_test.go":     []byte(want.String()),
		"op_test.go":       []byte(opTest),
	}
	for _, l := range Levels {
		s, err := Assembly(l, ks)
		if err != nil {
			t.Fatal(err)
		}
		files[l.File] = s
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("go", "test", "-count=1", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go test in the scratch package: %v\n%s", err, out)
	}
}

const opTest = `package optest

import (
	"math"
	"reflect"
	"sort"
	"testing"
)

type testCase struct {
	name   string
	f64    bool
	ulps   int64 // the allowed distance in ULPs (0: bit for bit)
	xs, ys []uint64
}

func TestOps(t *testing.T) {
	var names []string
	for _, l := range levels {
		names = append(names, l.Name)
	}
	sort.Strings(names)
	if !reflect.DeepEqual(names, wantLevels) {
		t.Fatalf("levels %v registered, want %v", names, wantLevels)
	}
	for _, l := range levels {
		t.Run(l.Name, func(t *testing.T) { testLevel(t, l) })
	}
}

func testLevel(t *testing.T, l *Implementation) {
	impl := reflect.ValueOf(*l)
	for _, c := range cases {
		f := impl.FieldByName(c.name).Interface()
		for n := 0; n <= 40; n++ {
			for start := 0; start+n <= len(c.xs); start += 29 {
				xs, ys := c.xs[start:start+n], c.ys[start:start+n]
				var got []uint64
				if c.f64 {
					src, dst := make([]float64, n), make([]float64, n+1)
					for i, x := range xs {
						src[i] = math.Float64frombits(x)
					}
					dst[n] = 42
					f.(func(dst, src []float64))(dst[:n], src)
					if dst[n] != 42 {
						t.Fatalf("%s: n %d: wrote past the end", c.name, n)
					}
					for _, y := range dst[:n] {
						got = append(got, math.Float64bits(y))
					}
				} else {
					src, dst := make([]float32, n), make([]float32, n+1)
					for i, x := range xs {
						src[i] = math.Float32frombits(uint32(x))
					}
					dst[n] = 42
					f.(func(dst, src []float32))(dst[:n], src)
					if dst[n] != 42 {
						t.Fatalf("%s: n %d: wrote past the end", c.name, n)
					}
					for _, y := range dst[:n] {
						got = append(got, uint64(math.Float32bits(y)))
					}
				}
				for i := range got {
					if got[i] != ys[i] && !(isNaN(got[i], c.f64) && isNaN(ys[i], c.f64)) && !near(got[i], ys[i], c.ulps, c.f64) {
						t.Fatalf("%s: n %d: input bits %#x: got bits %#x, the IR interpreter %#x", c.name, n, xs[i], got[i], ys[i])
					}
				}
			}
		}
	}
}

// near reports whether float bits a and b, of the same sign, are at most ulps apart.
func near(a, b uint64, ulps int64, f64 bool) bool {
	if f64 {
		d := int64(a) - int64(b)
		return (a^b)&(1<<63) == 0 && d >= -ulps && d <= ulps
	}
	d := int64(int32(uint32(a))) - int64(int32(uint32(b)))
	return (a^b)&(1<<31) == 0 && d >= -ulps && d <= ulps
}

func isNaN(b uint64, f64 bool) bool {
	if f64 {
		return math.IsNaN(math.Float64frombits(b))
	}
	return math.IsNaN(float64(math.Float32frombits(uint32(b))))
}
`

func bitsOf(t ir.Type, xs []float64) []uint64 {
	bs := make([]uint64, len(xs))
	for i, x := range xs {
		bs[i] = floatBits(t, x)
	}
	return bs
}

func slicesFilter(xs []float64, keep func(float64) bool) []float64 {
	var out []float64
	for _, x := range xs {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}

func moduleRoot(t *testing.T) string {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Dir(strings.TrimSpace(string(out)))
}

func sysVersion(t *testing.T, root string) string {
	b, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`golang.org/x/sys (v\S+)`).FindSubmatch(b)
	if m == nil {
		t.Fatal("go.mod does not require golang.org/x/sys")
	}
	return string(m[1])
}

func hasAVX2FMA() bool { return cpuFlags("avx2", "fma") }

// cpuFlags reports whether the CPU has all of flags, as Linux reports them.
func cpuFlags(flags ...string) bool {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return false
	}
	for _, line := range bytes.Split(b, []byte("\n")) {
		if name, rest, ok := bytes.Cut(line, []byte(":")); ok && string(bytes.TrimSpace(name)) == "flags" {
			fs := strings.Fields(string(rest))
			for _, f := range flags {
				if !slices.Contains(fs, f) {
					return false
				}
			}
			return true
		}
	}
	return false
}

// TestDeterministic: printing twice gives the same bytes, and only X0-X15 appear.
func TestDeterministic(t *testing.T) {
	var ks []Kernel
	for _, ty := range []ir.Type{ir.F32, ir.F64} {
		ps := opPrograms(ty)
		for _, name := range sortedKeys(ps) {
			ks = append(ks, Kernel{Name: name + suffix(ty), Prog: ps[name]})
		}
	}
	for _, l := range Levels {
		a, err := Assembly(l, ks)
		if err != nil {
			t.Fatal(err)
		}
		b, err := Assembly(l, ks)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two printings differ", l.Name)
		}
		if m := regexp.MustCompile(`\b[XYZ](1[6-9]|2[0-9]|3[01])\b`).Find(a); l == AVX2 && m != nil {
			t.Errorf("AVX2 code uses %s, a register only AVX-512 has", m)
		}
	}
}

// TestLevelChoices: which code each level prints for a division, by the rules of borrows and
// nr1 (operations other than the division counted: below 6 AVX2 estimates, below 10 (float32)
// or 20 (float64) AVX-512 borrows the AVX2 code).
func TestLevelChoices(t *testing.T) {
	for _, c := range []struct {
		ty             ir.Type
		ops            int
		approx         bool
		avx2NR, borrow bool
	}{
		{ir.F32, 5, true, true, false},  // estimates on both levels
		{ir.F32, 6, true, false, false}, // AVX2 divides, AVX-512 estimates
		{ir.F32, 9, false, false, true}, // exact and divider-bound: AVX-512 runs the AVX2 code
		{ir.F32, 10, false, false, false},
		{ir.F64, 5, true, false, false}, // no VRCPPD on AVX2; AVX-512 estimates
		{ir.F64, 19, false, false, true},
		{ir.F64, 20, false, false, false},
	} {
		p := divProgram(c.ty, c.ops, c.approx)
		k := Kernel{Name: "K" + suffix(c.ty), Prog: p}
		if got := AVX2.nr1(p); got != c.avx2NR {
			t.Errorf("%v, %d ops, approx %v: AVX2 estimates %v, want %v", c.ty, c.ops, c.approx, got, c.avx2NR)
		}
		if got := AVX512.nr1(p); got != c.approx {
			t.Errorf("%v, %d ops, approx %v: AVX-512 estimates %v, want %v", c.ty, c.ops, c.approx, got, c.approx)
		}
		want := AVX512.AsmName(k.Name)
		if c.borrow {
			want = AVX2.AsmName(k.Name)
		}
		if got := AVX512.Func(k); got != want || AVX2.borrows(k) {
			t.Errorf("%v, %d ops, approx %v: AVX-512 runs %s, want %s", c.ty, c.ops, c.approx, got, want)
		}
	}
}

// TestAMDChoices: what the avx512-amd table runs: avx512's code but where avx512 estimates
// with 4 or more other operations per division; there the AVX2 code, its exactly dividing
// variant where AVX2 estimates too; and the AVX2 code for every table lookup.
func TestAMDChoices(t *testing.T) {
	for _, c := range []struct {
		ty     ir.Type
		ops    int
		approx bool
		want   string
	}{
		{ir.F32, 3, true, "kF32AVX512"},       // mostly divisions: estimate
		{ir.F32, 4, true, "kF32AVX2ExactDiv"}, // AVX2 would estimate: its exact variant
		{ir.F32, 6, true, "kF32AVX2"},         // AVX2 divides exactly anyway
		{ir.F64, 3, true, "kF64AVX512"},       // AVX-512 estimates
		{ir.F64, 5, true, "kF64AVX2"},         // no VRCPPD on AVX2: its own code divides
		{ir.F32, 12, false, "kF32AVX512"},     // exact: as avx512
		{ir.F32, 5, false, "kF32AVX2"},        // exact and divider-bound: avx512 borrows too
	} {
		p := divProgram(c.ty, c.ops, c.approx)
		k := Kernel{Name: "K" + suffix(c.ty), Prog: p}
		if got := AMDFunc(k); got != c.want {
			t.Errorf("%v, %d ops, approx %v: avx512-amd runs %s, want %s", c.ty, c.ops, c.approx, got, c.want)
		}
	}
	b := ir.NewBuilder(ir.F32)
	x := b.X()
	k := Kernel{Name: "LookupF32", Prog: b.Program(b.Mul(x, b.Lookup([]float64{1, 2}, b.ToInt(x))))}
	if got, want := AMDFunc(k), "lookupF32AVX2"; got != want || AVX512.Func(k) == want {
		t.Errorf("a lookup: avx512-amd runs %s, want %s (avx512 %s)", got, want, AVX512.Func(k))
	}
}

// divProgram is x / d, d computed with ops operations; the division may be estimated if approx.
func divProgram(ty ir.Type, ops int, approx bool) *ir.Program {
	b := ir.NewBuilder(ty)
	x := b.X()
	d := b.Add(x, b.Const(3))
	for range ops - 1 {
		d = b.Mul(d, b.Const(0.5))
	}
	if approx {
		return b.Program(b.DivApprox(x, d))
	}
	return b.Program(b.Div(x, d))
}
