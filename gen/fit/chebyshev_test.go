package fit

import (
	"math"
	"math/big"
	"testing"
)

func TestChebyshevRecoversPolynomial(t *testing.T) {
	f := func(x *big.Float) *big.Float { // 1 + 2x - 3x^3
		x3 := newBig(0).Mul(x, x)
		x3.Mul(x3, x)
		y := newBig(0).Mul(x, newBig(2))
		y.Add(y, newBig(1))
		return y.Sub(y, x3.Mul(x3, newBig(3)))
	}
	for _, origin := range []bool{false, true} {
		c, err := Chebyshev(f, 3, -0.5, 2, origin, None)
		if err != nil {
			t.Fatal(err)
		}
		want := []float64{1, 2, 0, -3}
		for i := range want {
			if math.Abs(c[i]-want[i]) > 1e-30 {
				t.Errorf("exact origin %v: c = %v, want %v", origin, c, want)
				break
			}
		}
	}
}

// The degree-11 interpolant of e^r on [0, ln 2], rounded to float64, is within 3e-17 relative
// everywhere (a float64 ULP is 1.1e-16 to 2.2e-16; most of the 3e-17 is the rounding of the
// coefficients): measured against BigExp.
func TestChebyshevExpIsNearFloat64Rounding(t *testing.T) {
	c, err := Chebyshev(BigExp, 11, -5e-5, math.Ln2+5e-5, true, None)
	if err != nil {
		t.Fatal(err)
	}
	if c[0] != 1 {
		t.Errorf("p(0) = %v, want 1", c[0])
	}
	worst := 0.0
	for i := range 2001 {
		r := math.Ln2 * float64(i) / 2000
		x := newBig(r)
		p := newBig(0)
		for k := len(c) - 1; k >= 0; k-- {
			p.Mul(p, x)
			p.Add(p, newBig(c[k]))
		}
		e := BigExp(x)
		d := newBig(0).Sub(p, e)
		d.Quo(d, e)
		v, _ := d.Float64()
		worst = max(worst, math.Abs(v))
	}
	if worst > 3e-17 {
		t.Errorf("max relative error %g, want below 3e-17", worst)
	}
	t.Logf("max relative error %g", worst)
	// BigExp itself: e^1 and e^-30 to float64 precision.
	for _, x := range []float64{1, -30, 0.3} {
		got, _ := BigExp(newBig(x)).Float64()
		if math.Abs(got-math.Exp(x)) > 2e-16*math.Exp(x) {
			t.Errorf("BigExp(%v) = %v, math.Exp %v", x, got, math.Exp(x))
		}
		m, _ := BigExpm1(newBig(x * 1e-9)).Float64()
		if math.Abs(m-math.Expm1(x*1e-9)) > 2e-16*math.Abs(m) {
			t.Errorf("BigExpm1(%v) = %v, math.Expm1 %v", x*1e-9, m, math.Expm1(x*1e-9))
		}
	}
}

// An odd fit of x - 2x^3 + x^5 recovers it, with every even coefficient exactly 0, with and
// without the exact origin (f'(0) = 1 taken from f(ε)/ε); an even fit of 3 - x^2 likewise.
func TestChebyshevSymmetricRecoversPolynomial(t *testing.T) {
	odd := func(x *big.Float) *big.Float {
		x2 := newBig(0).Mul(x, x)
		p := newBig(0).Sub(x2, newBig(2)) // x^2 - 2
		p.Mul(p, x2)
		p.Add(p, newBig(1))
		return p.Mul(p, x)
	}
	even := func(x *big.Float) *big.Float { return newBig(3).Sub(newBig(3), newBig(0).Mul(x, x)) }
	for _, c := range []struct {
		f    BigFunc
		deg  int
		sym  Symmetry
		want []float64
	}{
		{odd, 5, Odd, []float64{0, 1, 0, -2, 0, 1}},
		{even, 4, Even, []float64{3, 0, -1, 0, 0}},
	} {
		for _, origin := range []bool{false, true} {
			got, err := Chebyshev(c.f, c.deg, 0, 0.8, origin, c.sym)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(c.want) {
				t.Fatalf("symmetry %v: %d coefficients, want %d", c.sym, len(got), len(c.want))
			}
			for i := range c.want {
				if math.Abs(got[i]-c.want[i]) > 1e-30 || (c.want[i] == 0) != (got[i] == 0) {
					t.Errorf("symmetry %v, exact origin %v: c = %v, want %v", c.sym, origin, got, c.want)
					break
				}
			}
		}
	}
	if _, err := Chebyshev(odd, 5, 0.1, 0.8, false, Odd); err == nil {
		t.Error("an odd fit on [0.1, 0.8] was accepted")
	}
}

// ChebyshevFixed keeps the given low coefficients and recovers the rest of a polynomial
// exactly; for expm1 with {0, 1} fixed it stays within a few float64 ULPs relative.
func TestChebyshevFixed(t *testing.T) {
	f := func(x *big.Float) *big.Float { // 2x - x^2 + 5x^4
		x2 := newBig(0).Mul(x, x)
		y := newBig(0).Mul(x, newBig(2))
		y.Sub(y, x2)
		return y.Add(y, x2.Mul(x2, x2).Mul(x2, newBig(5)))
	}
	c, err := ChebyshevFixed(f, 4, -0.5, 1, []float64{0, 2})
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{0, 2, -1, 0, 5}
	for i := range want {
		if math.Abs(c[i]-want[i]) > 1e-30 {
			t.Fatalf("c = %v, want %v", c, want)
		}
	}
	c, err = ChebyshevFixed(BigExpm1, 12, -0.35, 0.35, []float64{0, 1})
	if err != nil {
		t.Fatal(err)
	}
	if c[0] != 0 || c[1] != 1 {
		t.Errorf("c0 = %v, c1 = %v, want 0 and 1", c[0], c[1])
	}
	worst := 0.0
	for _, x := range Grid(-0.35, 0.35, 20001) {
		if x != 0 {
			worst = math.Max(worst, math.Abs(evalPoly(c, x)/math.Expm1(x)-1))
		}
	}
	if worst > 4e-16 {
		t.Errorf("relative error %.3g", worst)
	}
	if _, err := ChebyshevFixed(f, 1, -0.5, 1, []float64{0, 2}); err == nil {
		t.Error("degree 1 with two fixed coefficients accepted")
	}
	if _, err := ChebyshevFixed(f, 4, 0.1, 1, []float64{0, 2}); err == nil {
		t.Error("a range without 0 accepted")
	}
}
