package fit

import (
	"fmt"
	"math"
	"math/big"
)

// Prec is the precision, in bits, of the extended-precision fits: far beyond float64's 53, so
// that the fit, not the arithmetic, sets the error.
const Prec = 256

// BigFunc is a function evaluated in extended precision (Prec bits).
type BigFunc func(x *big.Float) *big.Float

// Chebyshev returns the monomial coefficients, rounded to float64, of the polynomial of the
// given degree that interpolates f at the Chebyshev nodes of [lo, hi]: within a small factor
// of the minimax polynomial's error, and computed entirely in extended precision, where a
// float64 linear program cannot resolve errors near float64's own rounding. With exactOrigin
// (0 must lie in [lo, hi]) the constant term is f(0) and the rest interpolates
// (f(x) - f(0))/x, so p(0) = f(0) exactly.
//
// A symmetric fit (Odd, Even; lo must be 0 or -hi) interpolates in s = x^2 on [0, hi^2]:
// f(√s)/√s for Odd, f(√s) for Even, so the result is exactly odd or even. With exactOrigin,
// an odd fit's x coefficient is then f'(0), taken as f(ε)/ε for ε = 2^-(Prec/2).
func Chebyshev(f BigFunc, degree int, lo, hi float64, exactOrigin bool, sym Symmetry) ([]float64, error) {
	if degree < 0 || !(lo < hi) {
		return nil, fmt.Errorf("chebyshev: degree %d on [%g, %g]", degree, lo, hi)
	}
	if sym != None {
		return chebyshevSymmetric(f, degree, lo, hi, exactOrigin, sym)
	}
	if !exactOrigin {
		return interpolate(f, degree+1, lo, hi, nil)
	}
	if lo > 0 || hi < 0 {
		return nil, fmt.Errorf("chebyshev: exact origin needs 0 in [%g, %g]", lo, hi)
	}
	if degree == 0 {
		return nil, fmt.Errorf("chebyshev: exact origin needs degree >= 1")
	}
	v, _ := f(newBig(0)).Float64()
	return interpolate(f, degree, lo, hi, []float64{v})
}

// ChebyshevFixed is Chebyshev without symmetry whose lowest coefficients are given (low, for
// x^0, x^1, ...; 0 must lie in [lo, hi]): the rest interpolates (f(x) - low(x))/x^len(low).
// low = {0, 1} fits a function through the origin with an exact x term.
func ChebyshevFixed(f BigFunc, degree int, lo, hi float64, low []float64) ([]float64, error) {
	if degree < len(low) || !(lo < hi) || lo > 0 || hi < 0 {
		return nil, fmt.Errorf("chebyshev: degree %d with %d fixed coefficients on [%g, %g]", degree, len(low), lo, hi)
	}
	return interpolate(f, degree+1-len(low), lo, hi, low)
}

// interpolate returns low followed by the n coefficients of the polynomial that interpolates
// (f(x) - low(x))/x^len(low) at n Chebyshev nodes of [lo, hi].
func interpolate(f BigFunc, n int, lo, hi float64, low []float64) ([]float64, error) {
	g := f
	if len(low) > 0 {
		g = func(x *big.Float) *big.Float {
			d := f(x)
			xk := newBig(1)
			for _, c := range low {
				d.Sub(d, newBig(0).Mul(newBig(c), xk))
				xk.Mul(xk, x)
			}
			return d.Quo(d, xk)
		}
	}
	xs := make([]*big.Float, n)
	ys := make([]*big.Float, n)
	for i := range n {
		// Nodes of the first kind: never an endpoint, and never 0 for a symmetric range of
		// even n; a node at 0 would divide by zero above, so nudge it (the fit barely moves).
		t := math.Cos(math.Pi * (float64(i) + 0.5) / float64(n))
		x := (lo+hi)/2 + (hi-lo)/2*t
		if len(low) > 0 && x == 0 {
			x = (hi - lo) * 1e-9
		}
		xs[i] = newBig(x)
		ys[i] = g(xs[i])
	}
	c, err := vandermonde(xs, ys)
	if err != nil {
		return nil, err
	}
	out := append([]float64(nil), low...)
	for _, ci := range c {
		v, _ := ci.Float64()
		out = append(out, v)
	}
	return out, nil
}

// chebyshevSymmetric is Chebyshev for an odd or even f: the fit in s = x^2, spread back to
// the powers of x.
func chebyshevSymmetric(f BigFunc, degree int, lo, hi float64, exactOrigin bool, sym Symmetry) ([]float64, error) {
	if lo != 0 && lo != -hi {
		return nil, fmt.Errorf("chebyshev: a symmetric fit needs a range [0, hi] or [-hi, hi], not [%g, %g]", lo, hi)
	}
	shift := 0 // power of x of s^0
	g := func(s *big.Float) *big.Float { return f(newBig(0).Sqrt(s)) }
	if sym == Odd {
		shift = 1
		eps := new(big.Float).SetPrec(Prec).SetMantExp(newBig(1), -Prec/2)
		g = func(s *big.Float) *big.Float {
			x := eps
			if s.Sign() > 0 {
				x = newBig(0).Sqrt(s)
			}
			return newBig(0).Quo(f(x), x)
		}
	}
	if degree < shift {
		return nil, fmt.Errorf("chebyshev: an odd fit needs degree >= 1")
	}
	c, err := Chebyshev(g, (degree-shift)/2, 0, hi*hi, exactOrigin, None)
	if err != nil {
		return nil, err
	}
	out := make([]float64, degree+1)
	for k, v := range c {
		out[2*k+shift] = v
	}
	return out, nil
}

func newBig(x float64) *big.Float { return new(big.Float).SetPrec(Prec).SetFloat64(x) }

// vandermonde solves sum_j c_j x_i^j = y_i in extended precision.
func vandermonde(xs, ys []*big.Float) ([]*big.Float, error) {
	n := len(xs)
	a := make([][]*big.Float, n)
	for i := range n {
		a[i] = make([]*big.Float, n+1)
		p := newBig(1)
		for j := range n {
			a[i][j] = new(big.Float).SetPrec(Prec).Set(p)
			p.Mul(p, xs[i])
		}
		a[i][n] = new(big.Float).SetPrec(Prec).Set(ys[i])
	}
	c, err := gauss(a)
	if err != nil {
		return nil, fmt.Errorf("chebyshev: %w (repeated nodes)", err)
	}
	return c, nil
}

// gauss solves the square system whose augmented matrix is a (n rows of n+1) by Gaussian
// elimination with partial pivoting, in place, in extended precision.
func gauss(a [][]*big.Float) ([]*big.Float, error) {
	n := len(a)
	for col := range n {
		piv := col
		for r := col + 1; r < n; r++ {
			if new(big.Float).Abs(a[r][col]).Cmp(new(big.Float).Abs(a[piv][col])) > 0 {
				piv = r
			}
		}
		if a[piv][col].Sign() == 0 {
			return nil, fmt.Errorf("singular system")
		}
		a[col], a[piv] = a[piv], a[col]
		for r := col + 1; r < n; r++ {
			m := new(big.Float).SetPrec(Prec).Quo(a[r][col], a[col][col])
			for j := col; j <= n; j++ {
				a[r][j].Sub(a[r][j], new(big.Float).SetPrec(Prec).Mul(m, a[col][j]))
			}
		}
	}
	c := make([]*big.Float, n)
	for i := n - 1; i >= 0; i-- {
		s := new(big.Float).SetPrec(Prec).Set(a[i][n])
		for j := i + 1; j < n; j++ {
			s.Sub(s, new(big.Float).SetPrec(Prec).Mul(a[i][j], c[j]))
		}
		c[i] = s.Quo(s, a[i][i])
	}
	return c, nil
}

// BigExp is e^x in extended precision: x is halved until it is below 2^-8, the Taylor series
// summed there, and the sum squared back.
func BigExp(x *big.Float) *big.Float {
	r := new(big.Float).SetPrec(Prec).Set(x)
	halvings := 0
	lim := newBig(0x1p-8)
	for new(big.Float).Abs(r).Cmp(lim) > 0 {
		r.Quo(r, newBig(2))
		halvings++
	}
	sum := taylorExpm1(r)
	sum.Add(sum, newBig(1))
	for range halvings {
		sum.Mul(sum, sum)
	}
	return sum
}

// BigExpm1 is e^x - 1 in extended precision, without cancellation for small x.
func BigExpm1(x *big.Float) *big.Float {
	if new(big.Float).Abs(x).Cmp(newBig(0.25)) > 0 {
		return newBig(0).Sub(BigExp(x), newBig(1))
	}
	return taylorExpm1(x)
}

// taylorExpm1 sums x + x^2/2! + ... until the terms fall below Prec's resolution (|x| <= 1/4).
func taylorExpm1(x *big.Float) *big.Float {
	sum, term := newBig(0), newBig(1)
	eps := new(big.Float).SetPrec(Prec).SetMantExp(newBig(1), -Prec-8)
	for k := 1; ; k++ {
		term.Mul(term, x)
		term.Quo(term, newBig(float64(k)))
		sum.Add(sum, term)
		if new(big.Float).Abs(term).Cmp(eps) < 0 || term.Sign() == 0 {
			return sum
		}
	}
}
