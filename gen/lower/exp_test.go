package lower

import (
	"math"
	"math/big"
	"strings"
	"testing"

	"github.com/actapprox/approx/gen/ir"
	"github.com/actapprox/approx/spec"
	"github.com/actapprox/approx/tests"
)

// taylorExp is e^r's Taylor polynomial of degree 7: accurate enough on [0, ln 2] for the
// scans below, which look only at where results are 0, normal or +Inf.
var taylorExp = []float64{1, 1, 1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040}

// endViolations runs exp's body under rounding r, without a flush, on the floats next to the
// smallest normal result and next to overflow, and counts the results that break "0 below the
// smallest normal, a normal float from there on, +Inf only where e^x is past the largest float".
// The boundaries come from math/big, not from the rounding under test.
func endViolations(t ir.Type, r rounding) int {
	b := ir.NewBuilder(t)
	p := b.Program(expBody(b, b.X(), taylorExp, false, 0, r).value(b))
	f := format(t)
	bad := 0
	// Around -(bias - 1)·ln 2.
	x := f.next(f.round(-float64(f.bias-1)*math.Ln2), math.Inf(-1))
	for range 64 {
		x = f.next(x, math.Inf(-1))
	}
	for range 128 {
		y := p.Eval(x)
		below := big.NewFloat(x).Cmp(bigLn2(1-f.bias)) < 0
		if below && y != 0 || !below && !(y >= f.minNormal) {
			bad++
		}
		x = f.next(x, 0)
	}
	// Just below (bias + 1)·ln 2, where e^x is still finite (the last few floats round up to
	// +Inf whatever n is; these are below them).
	x = f.next(f.firstAbove(bigLn2(f.bias+1)), 0)
	for range 16 {
		x = f.next(x, 0)
	}
	for range 64 {
		if math.IsInf(p.Eval(x), 1) {
			bad++
		}
		x = f.next(x, 0)
	}
	return bad
}

// exactEnds finds a rounding for both types, and the scans agree: no denormal, no false 0, no
// early +Inf. The rounding sigmoid and tanh use does leave denormals for float32: the scan
// can fail, and exp needs exactEnds to drop its flush.
func TestExactEnds(t *testing.T) {
	for _, ty := range []ir.Type{ir.F32, ir.F64} {
		r, ok := exactEnds(ty)
		if !ok {
			t.Fatalf("%v: no rounding gets the ends exact", ty)
		}
		if n := endViolations(ty, r); n != 0 {
			t.Errorf("%v: rounding %+v: %d results wrong at the ends", ty, r, n)
		}
	}
	safe := format(ir.F32).safeRounding()
	if endsExact(ir.F32, safe) {
		t.Errorf("float32: endsExact passes the safe rounding %+v", safe)
	}
	if endViolations(ir.F32, safe) == 0 {
		t.Errorf("float32: the scan finds nothing wrong with the safe rounding %+v, which needs a flush", safe)
	}
}

// checkTanh runs a float32 tanh program through its edges (signed zeros, denormals, tiny x,
// the limits, NaN) and over the 400 floats around each of points, each result within 4 ULP
// of math.Tanh and none below the one before.
func checkTanh(t *testing.T, p *ir.Program, points []float64) {
	t.Helper()
	neg0 := math.Copysign(0, -1)
	for _, c := range []struct{ x, want float64 }{
		{0, 0}, {neg0, neg0}, {0x1p-149, 0x1p-149}, {-0x1p-130, -0x1p-130}, {1e-5, float64(float32(1e-5))},
		{9.1, 1}, {-50, -1}, {math.Inf(1), 1}, {math.Inf(-1), -1},
	} {
		if got := p.Eval(c.x); got != c.want || math.Signbit(got) != math.Signbit(c.want) {
			t.Errorf("tanh(%v) = %v, want %v", c.x, got, c.want)
		}
	}
	if !math.IsNaN(p.Eval(math.NaN())) {
		t.Error("tanh(NaN) is not NaN")
	}
	f := format(ir.F32)
	for _, x := range points {
		x = f.round(x)
		for range 200 {
			x = f.next(x, 0)
		}
		prev := p.Eval(x)
		for range 400 {
			x = f.next(x, math.Inf(1))
			y := p.Eval(x)
			if y < prev {
				t.Fatalf("tanh(%v) = %v < %v at the float below", x, y, prev)
			}
			if ulps := math.Abs(y-math.Tanh(x)) / tests.ULP(math.Tanh(x), 24); ulps > 4 {
				t.Fatalf("tanh(%v) = %v, %.2f ULP from %v", x, y, ulps, math.Tanh(x))
			}
			prev = y
		}
	}
}

// tanh_exp (two branches): the near-zero polynomial's x term is exact, and the program passes
// checkTanh across the switch at 0.55 and the steps of its n.
func TestTanhExp(t *testing.T) {
	e := &spec.Entry{Name: "tanh", Target: spec.TargetTanh, Family: spec.FamilyTanhExp, Degree: 5,
		Fit:      spec.Fit{Method: "minimax", Error: "relative", Range: [2]float64{-0.0001, 0.6933}, Points: 2000, ExactOrigin: true},
		NearZero: &spec.NearZero{Degree: 9, Fit: spec.Fit{Method: "minimax", Error: "relative", Range: [2]float64{0, 0.55}, Points: 2000, Symmetry: "odd", ExactOrigin: true}}}
	a, err := New(e)
	if err != nil {
		t.Fatal(err)
	}
	p, err := a.Program(ir.F32)
	if err != nil {
		t.Fatal(err)
	}
	points := []float64{0.55}
	for k := 1; k < 30; k++ {
		points = append(points, float64(k)*math.Ln2/2) // where n = floor(2x·log2e) steps
	}
	checkTanh(t, p, points)
}

// tanh_expm1: the fit keeps q's 2w term exact, a range short of the reduced argument's is
// refused, and the float32 program passes checkTanh across the steps of n, where w jumps
// from ln 2/4 to -ln 2/4.
func TestTanhExpm1(t *testing.T) {
	e := &spec.Entry{Name: "tanh", Target: spec.TargetTanh, Family: spec.FamilyTanhExpm1, Degree: 6,
		Fit: spec.Fit{Method: "minimax", Error: "relative", Range: [2]float64{-0.17, 0.1734}, Points: 2000}}
	if _, err := New(e); err == nil || !strings.Contains(err.Error(), "must cover") {
		t.Errorf("range [-0.17, 0.1734]: %v, want an error that it must cover the reduced range", err)
	}
	e.Fit.Range[0] = -0.1734
	e.Fit.Symmetry = "odd"
	if _, err := New(e); err == nil || !strings.Contains(err.Error(), "neither odd nor even") {
		t.Errorf("symmetry odd: %v, want an error", err)
	}
	e.Fit.Symmetry = ""
	a, err := New(e)
	if err != nil {
		t.Fatal(err)
	}
	if a.P[0] != 0 || a.P[1] != 2 {
		t.Errorf("q = %v: want 0 + 2w + ...", a.P)
	}
	p, err := a.Program(ir.F32)
	if err != nil {
		t.Fatal(err)
	}
	var points []float64
	for k := range 30 {
		points = append(points, (float64(k)+0.5)*math.Ln2/2) // where n steps from -k to -k-1
	}
	checkTanh(t, p, points)
}
