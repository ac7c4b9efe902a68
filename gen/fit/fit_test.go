package fit

import (
	"errors"
	"math"
	"math/big"
	"slices"
	"testing"
)

// The authors' tanh_pade_4_4 (FACTS.md, from their Julia code).
func TestRationalReproducesAuthorsTanhPade44(t *testing.T) {
	want := map[string]float64{
		"p1": 0.9857794987039902, "p3": 0.0661780818324047,
		"q2": 0.3801299163172734, "q4": 0.004311707741355962,
	}
	for _, sym := range []Symmetry{None, Odd} {
		p, q, err := Rational(math.Tanh, 4, 4, -5.5, 5.5, 5000, sym)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]float64{"p1": p[1], "p3": p[3], "q2": q[2], "q4": q[4]}
		for k, w := range want {
			if rel := math.Abs(got[k]-w) / math.Abs(w); rel > 1e-8 {
				t.Errorf("sym %d: %s = %.16g, want %.16g (rel %.2g)", sym, k, got[k], w, rel)
			}
		}
		// The unconstrained fit is odd by itself: even numerator, odd denominator terms vanish.
		for _, c := range []float64{p[0], p[2], p[4], q[1], q[3]} {
			if math.Abs(c) > 1e-12 {
				t.Errorf("sym %d: term that should vanish is %g", sym, c)
			}
		}
		if q[0] != 1 {
			t.Errorf("q[0] = %g, want 1", q[0])
		}
	}
}

func TestPolynomialRecoversPolynomial(t *testing.T) {
	want := []float64{1, -2, 0.5, 3}
	f := func(x float64) float64 { return ((want[3]*x+want[2])*x+want[1])*x + want[0] }
	got, err := Polynomial(f, 3, -2, 2, 101, None)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-12 {
			t.Errorf("c[%d] = %g, want %g", i, got[i], want[i])
		}
	}
}

// The least-squares coefficients are the exact solution of the normal equations, rounded once
// (independently: exact rational arithmetic), so no compiler's choice of fused multiply-adds
// can change them.
func TestLeastSquaresIsRoundedOnce(t *testing.T) {
	const deg, n, lo, hi = 4, 101, -1.0, 1.0
	got, err := Polynomial(math.Exp, deg, lo, hi, n, None)
	if err != nil {
		t.Fatal(err)
	}
	rat := func(x float64) *big.Rat { return new(big.Rat).SetFloat64(x) }
	a := make([][]*big.Rat, deg+1) // the normal equations, augmented
	for j := range a {
		a[j] = make([]*big.Rat, deg+2)
		for k := range a[j] {
			a[j][k] = new(big.Rat)
		}
	}
	for _, x := range Grid(lo, hi, n) {
		row := make([]*big.Rat, deg+2)
		for p := 0; p <= deg; p++ {
			row[p] = rat(math.Pow(x, float64(p)))
		}
		row[deg+1] = rat(math.Exp(x))
		for j := 0; j <= deg; j++ {
			for k := range row {
				a[j][k].Add(a[j][k], new(big.Rat).Mul(row[j], row[k]))
			}
		}
	}
	for col := range a { // Gauss-Jordan, exact: no pivoting needed beyond a nonzero pivot
		piv := slices.IndexFunc(a[col:], func(r []*big.Rat) bool { return r[col].Sign() != 0 }) + col
		a[col], a[piv] = a[piv], a[col]
		for r := range a {
			if r != col && a[r][col].Sign() != 0 {
				m := new(big.Rat).Quo(a[r][col], a[col][col])
				for k := col; k < len(a[r]); k++ {
					a[r][k].Sub(a[r][k], new(big.Rat).Mul(m, a[col][k]))
				}
			}
		}
	}
	for j := range a {
		want, _ := new(big.Rat).Quo(a[j][deg+1], a[j][j]).Float64()
		if got[j] != want {
			t.Errorf("c[%d] = %.17g, want %.17g, the exact solution rounded", j, got[j], want)
		}
	}
}

func TestRationalRecoversRational(t *testing.T) {
	// (1 + 2x) / (1 + 0.5x^2) is representable exactly, so the residual is zero.
	f := func(x float64) float64 { return (1 + 2*x) / (1 + 0.5*x*x) }
	p, q, err := Rational(f, 1, 2, -3, 3, 200, None)
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range []float64{1, 2} {
		if math.Abs(p[i]-w) > 1e-10 {
			t.Errorf("p[%d] = %g, want %g", i, p[i], w)
		}
	}
	for i, w := range []float64{1, 0, 0.5} {
		if math.Abs(q[i]-w) > 1e-10 {
			t.Errorf("q[%d] = %g, want %g", i, q[i], w)
		}
	}
}

func TestIllConditionedFitIsRefused(t *testing.T) {
	_, err := Polynomial(math.Exp, 30, 0, 10, 5000, None)
	var ill *IllConditionedError
	if !errors.As(err, &ill) {
		t.Fatalf("degree-30 monomial fit on [0, 10]: err = %v, want IllConditionedError", err)
	}
}

func TestContFracTanh(t *testing.T) {
	for _, c := range []struct {
		depth   int
		authors bool
		p, q    []float64
	}{
		{2, true, []float64{0, 3, 0, 1}, []float64{3, 0, 2}},
		{4, true, []float64{0, 105, 0, 25, 0, 1}, []float64{105, 0, 60, 0, 7}},
		{4, false, []float64{0, 105, 0, 10}, []float64{105, 0, 45, 0, 1}},
	} {
		p, q := ContFracTanh(c.depth, c.authors)
		if !slices.Equal(trim(p), c.p) || !slices.Equal(trim(q), c.q) {
			t.Errorf("depth %d authors %v: got %v / %v, want %v / %v", c.depth, c.authors, p, q, c.p, c.q)
		}
	}
	// And it is tanh's continued fraction: close to tanh for small x.
	p, q := ContFracTanh(6, false)
	for _, x := range []float64{-1, -0.3, 0.2, 0.9} {
		if got := evalPoly(p, x) / evalPoly(q, x); math.Abs(got-math.Tanh(x)) > 1e-9 {
			t.Errorf("depth 6 at %g: %g, tanh %g", x, got, math.Tanh(x))
		}
	}
}

func trim(a []float64) []float64 {
	for len(a) > 0 && a[len(a)-1] == 0 {
		a = a[:len(a)-1]
	}
	return a
}

func evalPoly(c []float64, x float64) float64 {
	r := 0.0
	for i := len(c) - 1; i >= 0; i-- {
		r = r*x + c[i]
	}
	return r
}
