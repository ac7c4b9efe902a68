package lower

import (
	"math"
	"math/big"
	"testing"

	"github.com/actapprox/approx/gen/ir"
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
