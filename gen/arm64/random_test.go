package arm64

import (
	"fmt"
	"math"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/actapprox/approx/gen/ir"
)

// randomProgram builds a program over type t from every op, with many values live at once
// (the result sums them) so that the allocator runs short of registers, unrolls less and
// loads constants where they are used. ToInt's operand is kept finite and in range, where
// the IR leaves ToInt undefined.
func randomProgram(r *rand.Rand, t ir.Type) *ir.Program {
	b := ir.NewBuilder(t)
	floats := []ir.Value{b.X()}
	var masks, ints []ir.Value
	konst := func() ir.Value {
		return b.Const([]float64{0, 1, -1, 0.5, 3, -2.25, 1e-3, 7.5e5, math.Pi, -0.0}[r.Intn(10)] * float64(1+r.Intn(3)))
	}
	pick := func() ir.Value {
		if r.Intn(4) == 0 {
			return konst()
		}
		return floats[r.Intn(len(floats))]
	}
	n := 10 + r.Intn(30)
	for len(floats) < n {
		var v ir.Value
		switch r.Intn(16) {
		case 0:
			v = b.Add(pick(), pick())
		case 1:
			v = b.Sub(pick(), pick())
		case 2:
			v = b.Mul(pick(), pick())
		case 3:
			v = b.Div(pick(), pick())
		case 4, 5:
			v = b.FMA(pick(), pick(), pick())
		case 6:
			v = b.Neg(pick())
		case 7:
			v = b.Abs(pick())
		case 8:
			v = b.Min(pick(), pick())
		case 9:
			v = b.Max(pick(), pick())
		case 10:
			if r.Intn(2) == 0 {
				v = b.OrSign(b.Abs(pick()), pick())
				break
			}
			v = b.CopySign(pick(), pick())
		case 11:
			masks = append(masks, b.Cmp([]ir.Op{ir.OpLT, ir.OpLE, ir.OpGT, ir.OpGE, ir.OpNE}[r.Intn(5)], pick(), pick()))
			continue
		case 12:
			if len(masks) == 0 {
				continue
			}
			v = b.Select(masks[r.Intn(len(masks))], pick(), pick())
		case 13:
			if r.Intn(3) == 0 {
				ints = append(ints, b.ToBits(pick()))
				continue
			}
			x := pick()
			x = b.Select(b.Cmp(ir.OpNE, x, x), b.Const(0), x)
			x = b.Min(b.Max(x, b.Const(-1e6)), b.Const(1e6))
			ints = append(ints, b.ToInt(x))
			continue
		case 14:
			if len(ints) == 0 {
				continue
			}
			i := ints[r.Intn(len(ints))]
			if r.Intn(2) == 0 {
				max := 20
				if t == ir.F64 {
					max = 40
				}
				i = b.Shl(i, 1+r.Intn(max))
				ints = append(ints, i)
			}
			v = b.FromBits(i)
		case 15:
			if len(ints) == 0 {
				continue
			}
			tab := make([]float64, 1+r.Intn(40))
			for k := range tab {
				tab[k] = r.NormFloat64() * 100
			}
			v = b.Lookup(tab, ints[r.Intn(len(ints))])
		}
		floats = append(floats, v)
	}
	sum := floats[len(floats)-1]
	for _, v := range floats[:len(floats)-1] {
		if r.Intn(3) > 0 {
			sum = b.Add(sum, v)
		}
	}
	return b.Program(sum)
}

// inputs for the random programs: specials, tiny, small and large values of both signs.
func randomInputs(r *rand.Rand, t ir.Type) []float64 {
	xs := []float64{0, math.Copysign(0, -1), 1, -1, math.Inf(1), math.Inf(-1), math.NaN(), 5e-324, 1e-40, -3e38, 0.5, 2}
	for len(xs) < 70 {
		xs = append(xs, r.NormFloat64()*math.Pow(10, float64(r.Intn(13)-6)))
	}
	for i, x := range xs {
		if t == ir.F32 {
			xs[i] = float64(float32(x))
		}
	}
	return xs
}

// TestRandomProgramsUnderQemu prints random programs with every op as NEON kernels, runs them
// on arm64 (under qemu-aarch64 on other machines) at every length and offset, and compares
// each element with the IR interpreter, bit for bit (any NaN for NaN).
func TestRandomProgramsUnderQemu(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs an arm64 test binary")
	}
	var exe []string
	if runtime.GOARCH != "arm64" {
		if _, err := exec.LookPath("qemu-aarch64"); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatal("qemu-aarch64 not found: CI must run the NEON kernels (.ci/run installs qemu-user)")
			}
			t.Skip("qemu-aarch64 not found: install Debian's qemu-user to run NEON kernels here")
		}
		exe = []string{"-exec", "qemu-aarch64"}
	}
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	r := rand.New(rand.NewSource(4))
	dir := t.TempDir()
	var asm, stubs, cases strings.Builder
	asm.WriteString("//go:build arm64\n\n#include \"textflag.h\"\n\n")
	stubs.WriteString("package randk\n\n")
	const programs = 48
	for i := 0; i < programs; i++ {
		typ := ir.Type(i % 2)
		name := fmt.Sprintf("k%d", i)
		p := randomProgram(r, typ)
		text, err := Asm(Func{Name: name, Prog: p})
		// The emitter does not spill: a program with more live values than registers is
		// refused, which is right; draw another.
		for err != nil && strings.Contains(err.Error(), "out of vector registers") {
			p = randomProgram(r, typ)
			text, err = Asm(Func{Name: name, Prog: p})
		}
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, p)
		}
		asm.WriteString(text + "\n")
		xs := randomInputs(r, typ)
		want := make([]float64, len(xs))
		ir.EvalSlice(p, want, xs)
		bits := func(vs []float64) string {
			var s []string
			for _, v := range vs {
				s = append(s, fmt.Sprintf("%#x", bitsOf(typ, v)))
			}
			return strings.Join(s, ", ")
		}
		fmt.Fprintf(&stubs, "//go:noescape\nfunc %s(dst, src []%s)\n\n", name, typ)
		fmt.Fprintf(&cases, "\t{name: %q, f%d: %s, in: []uint64{%s}, want: []uint64{%s}},\n",
			name, map[ir.Type]int{ir.F32: 32, ir.F64: 64}[typ], name, bits(xs), bits(want))
		if err := os.WriteFile(filepath.Join(dir, name+".ir"), []byte(p.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	test := strings.Replace(randkTest, "CASES\n", cases.String(), 1)
	for name, data := range map[string]string{
		"go.mod": "module randk\n\ngo 1.26\n", "k_arm64.s": asm.String(), "k.go": stubs.String(), "k_test.go": test,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(goBin, append(append([]string{"test", "-count=1", "-v"}, exe...), ".")...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOARCH=arm64", "GOWORK=off", "GOFLAGS=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("random NEON kernels (programs in %s): %v\n%s", dir, err, out)
	}
	t.Logf("%d random programs, float32 and float64, on arm64:\n%s", programs, out)
}

// randkTest runs every case at lengths 0..len(in), offsets 0..3, out of place and in place.
const randkTest = `package randk

import (
	"math"
	"testing"
)

type kcase struct {
	name     string
	f32      func(dst, src []float32)
	f64      func(dst, src []float64)
	in, want []uint64
}

var cases = []kcase{
CASES
}

func same(a, b float64) bool { return a == b && math.Signbit(a) == math.Signbit(b) || a != a && b != b }

func TestKernels(t *testing.T) {
	for _, c := range cases {
		n := len(c.in)
		in, want := make([]float64, n), make([]float64, n)
		for i := range c.in {
			if c.f32 != nil {
				in[i], want[i] = float64(math.Float32frombits(uint32(c.in[i]))), float64(math.Float32frombits(uint32(c.want[i])))
			} else {
				in[i], want[i] = math.Float64frombits(c.in[i]), math.Float64frombits(c.want[i])
			}
		}
		for l := 0; l <= n; l++ {
			off := l % 4
			sentinel := -12345.678
			src := make([]float64, l+8)
			dst := make([]float64, l+8)
			for i := range dst {
				dst[i] = sentinel
			}
			copy(src[off:], in[n-l:])
			var got []float64
			if c.f32 != nil {
				s, d := make([]float32, len(src)), make([]float32, len(dst))
				for i := range src {
					s[i], d[i] = float32(src[i]), float32(dst[i])
				}
				c.f32(d[off:off+l], s[off:off+l])
				c.f32(s[off:off+l], s[off:off+l]) // in place
				for i := range d {
					got = append(got, float64(d[i]))
					if i >= off && i < off+l && !same(float64(s[i]), float64(d[i])) {
						t.Fatalf("%s len %d: in place %v, out of place %v", c.name, l, s[i], d[i])
					}
				}
				sentinel = float64(float32(sentinel))
			} else {
				d := append([]float64(nil), dst...)
				c.f64(d[off:off+l], src[off:off+l])
				c.f64(src[off:off+l], src[off:off+l])
				for i := range d {
					if i >= off && i < off+l && !same(src[i], d[i]) {
						t.Fatalf("%s len %d: in place %v, out of place %v", c.name, l, src[i], d[i])
					}
				}
				got = d
			}
			for i, y := range got {
				if i < off || i >= off+l {
					if y != sentinel {
						t.Fatalf("%s len %d offset %d: wrote element %d outside the slice", c.name, l, off, i-off)
					}
					continue
				}
				x, w := in[n-l+i-off], want[n-l+i-off]
				if !same(y, w) {
					t.Errorf("%s len %d: f(%v) = %v, interpreter %v", c.name, l, x, y, w)
				}
			}
		}
	}
}
`
