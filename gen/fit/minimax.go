package fit

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// ErrorMeasure is what a minimax fit minimises the maximum of.
type ErrorMeasure int

const (
	Absolute ErrorMeasure = iota // |approx - f|
	Relative                     // |approx - f| / |f|: ULP-like, for outputs spanning binades
	// ULP is |approx - f| / 2^floor(log2 |f|): the error in units of f's binade, which is a
	// fixed multiple of its ULPs in any binary format (outside the subnormals), so the fit
	// is the same for float32 and float64. Where relative error asks as much at the bottom
	// of a binade as at its top, this asks up to twice as much where a ULP is larger.
	ULP
)

// MinimaxOptions tune a minimax fit.
type MinimaxOptions struct {
	Measure  ErrorMeasure
	Symmetry Symmetry
	// ExactOrigin forces the fit through f's behaviour at 0: for an odd fit, P's x coefficient
	// equals Q's constant (so a tiny x maps to itself when f'(0) = 1); otherwise P(0) = f(0).
	// The fit is taken on [lo, hi] with lo = 0 for symmetric fits.
	ExactOrigin bool
	// Low holds the lowest numerator coefficients (x^0, x^1, ...) at given values, as
	// ChebyshevFixed does (non-symmetric fits): {0, 1} makes the x term of a fit through the
	// origin exact.
	Low  []float64
	Grid int // points of the fine grid the error is checked on (default 20000)
}

// Minimax fits P_n/Q_m (Q's constant term 1; m = 0 for a polynomial) to f on [lo, hi],
// minimising the maximum error on a fine grid. Each step solves a linear program
// (gonum's simplex) on a set of reference points, then adds the grid's worst points to the set,
// until the grid's maximum error equals the program's optimum. Rationals iterate the
// linearised problem (Loeb's method), weighting by the previous denominator. It returns the
// coefficients, lowest power first, and the maximum error on the grid.
//
// Symmetric fits (Odd, Even) are fitted in s = x^2 on [0, hi], so the result is exactly odd
// or even; lo must then be 0 or -hi.
func Minimax(f func(float64) float64, n, m int, lo, hi float64, o MinimaxOptions) (p, q []float64, maxErr float64, err error) {
	if o.Grid == 0 {
		o.Grid = 20000
	}
	if o.Symmetry != None {
		if len(o.Low) > 0 {
			return nil, nil, 0, errors.New("minimax: fixed coefficients need a fit without symmetry")
		}
		if lo != 0 && lo != -hi {
			return nil, nil, 0, fmt.Errorf("minimax: a symmetric fit needs a range [0, hi] or [-hi, hi], not [%g, %g]", lo, hi)
		}
		lo = 0
	}
	prob := newLinearProblem(f, n, m, lo, hi, o)
	grid := chebGrid(prob.lo, prob.hi, o.Grid)
	// An exactly representable f makes the linear program degenerate: least squares finds it.
	if c, ok := prob.exact(grid); ok {
		p, q = prob.unpack(c)
		return p, q, 0, nil
	}
	ref := chebGrid(prob.lo, prob.hi, 4*(prob.unknowns()+2))
	den := func(float64) float64 { return 1 }
	var best []float64
	bestErr := math.Inf(1)
	for iter := 0; iter < 40; iter++ { // Loeb iterations (one for a polynomial)
		c, e, err := prob.solve(grid, ref, den)
		if err != nil {
			if best != nil {
				break
			}
			return nil, nil, 0, err
		}
		if e < bestErr*(1-1e-9) {
			best, bestErr = c, e
		} else if m == 0 || iter > 0 && e >= bestErr*(1-1e-9) {
			break
		}
		if m == 0 {
			break
		}
		cc := c
		den = func(u float64) float64 { return prob.q(cc, u) }
		if prob.minDen(cc, grid) <= 0 {
			return nil, nil, 0, errors.New("minimax: the denominator changes sign on the range; use fewer terms or another range")
		}
	}
	p, q = prob.unpack(best)
	return p, q, bestErr, nil
}

// linearProblem is the fit in its working variable u (x, or x^2 for symmetric fits): the
// approximant is P(u)/Q(u) times x for odd fits, with some coefficients fixed.
type linearProblem struct {
	f      func(float64) float64 // in the working variable, already divided by x for odd fits
	weight func(u float64) float64
	lo, hi float64
	pPow   []int // original powers of x of the free numerator coefficients
	qPow   []int // original powers of x of the free denominator coefficients (no constant)
	fixedP map[int]float64
	n, m   int
	sym    Symmetry
	scale  float64 // u is scaled by 1/scale inside the program for conditioning
}

func newLinearProblem(f func(float64) float64, n, m int, lo, hi float64, o MinimaxOptions) *linearProblem {
	pr := &linearProblem{n: n, m: m, sym: o.Symmetry, fixedP: map[int]float64{}}
	for _, k := range powers(n, o.Symmetry, true) {
		pr.pPow = append(pr.pPow, k)
	}
	for _, k := range powers(m, o.Symmetry, false) {
		if k > 0 {
			pr.qPow = append(pr.qPow, k)
		}
	}
	switch o.Symmetry {
	case Odd: // f(x) = x g(x^2): fit g(s) = f(sqrt s)/sqrt s
		pr.f = func(s float64) float64 {
			if s == 0 {
				h := 1e-8
				return f(h) / h
			}
			r := math.Sqrt(s)
			return f(r) / r
		}
		pr.lo, pr.hi = 0, hi*hi
	case Even:
		pr.f = func(s float64) float64 { return f(math.Sqrt(s)) }
		pr.lo, pr.hi = 0, hi*hi
	default:
		pr.f, pr.lo, pr.hi = f, lo, hi
	}
	if o.ExactOrigin && len(pr.pPow) > 0 {
		// The lowest numerator term matches f at the origin (Q's constant is 1).
		pr.fixedP[pr.pPow[0]] = pr.f(0)
		pr.pPow = pr.pPow[1:]
	}
	for k, v := range o.Low {
		pr.fixedP[k] = v
		pr.pPow = slices.DeleteFunc(pr.pPow, func(p int) bool { return p == k })
	}
	g := pr.f
	switch {
	case o.Measure == Relative: // the relative error of x g(x^2) is that of g
		pr.weight = func(u float64) float64 { return 1 / math.Abs(g(u)) }
	case o.Measure == ULP: // the relative weight times the significand of f(x), in [1, 2)
		pr.weight = func(u float64) float64 {
			fx := g(u) // f at x = u
			if o.Symmetry == Odd {
				fx *= math.Sqrt(u) // x g(x^2); at x = 0 the significand has no limit: g(0)
			}
			return significand(fx) / math.Abs(g(u))
		}
	case o.Symmetry == Odd: // the absolute error of x g(x^2) is |x| times that of g
		pr.weight = math.Sqrt
	default:
		pr.weight = func(float64) float64 { return 1 }
	}
	pr.scale = math.Max(math.Abs(pr.lo), math.Abs(pr.hi))
	return pr
}

func (pr *linearProblem) unknowns() int { return len(pr.pPow) + len(pr.qPow) }

// wpow is the power of the working variable for an original power of x.
func (pr *linearProblem) wpow(k int) int {
	switch pr.sym {
	case Odd:
		if k%2 == 1 { // numerator: x^k = x (x^2)^((k-1)/2)
			return (k - 1) / 2
		}
		return k / 2
	case Even:
		return k / 2
	}
	return k
}

// coefficients are stored scaled: c_j multiplies (u/scale)^wpow.
func (pr *linearProblem) basis(u float64, k int) float64 {
	return math.Pow(u/pr.scale, float64(pr.wpow(k)))
}

func (pr *linearProblem) num(c []float64, u float64) float64 {
	s := pr.fixed(u)
	for j, k := range pr.pPow {
		s += c[j] * pr.basis(u, k)
	}
	return s
}

func (pr *linearProblem) q(c []float64, u float64) float64 {
	s := 1.0
	for j, k := range pr.qPow {
		s += c[len(pr.pPow)+j] * pr.basis(u, k)
	}
	return s
}

func (pr *linearProblem) err(c []float64, u float64) float64 {
	return (pr.num(c, u)/pr.q(c, u) - pr.f(u)) * pr.weight(u)
}

func (pr *linearProblem) minDen(c []float64, grid []float64) float64 {
	m := math.Inf(1)
	for _, u := range grid {
		m = math.Min(m, pr.q(c, u))
	}
	return m
}

// solve finds the coefficients minimising max_i w_i |P(u_i) - f_i Q(u_i)| / den(u_i) over the
// reference set, growing the set with the fine grid's worst points until they agree. It
// returns the coefficients and the true (not linearised) max error on the grid.
func (pr *linearProblem) solve(grid, ref []float64, den func(float64) float64) ([]float64, float64, error) {
	ref = append([]float64(nil), ref...)
	var c []float64
	for round := 0; round < 30; round++ {
		var t float64
		var err error
		c, t, err = pr.lp(ref, den)
		if err != nil {
			return nil, 0, err
		}
		// The worst grid points of the linearised error.
		worst, worstErr := pr.worst(grid, c, den)
		if worstErr <= t*(1+1e-7)+1e-300 {
			break
		}
		before := len(ref)
		for _, u := range worst {
			if !slices.Contains(ref, u) {
				ref = append(ref, u)
			}
		}
		if len(ref) == before {
			break
		}
	}
	maxErr := 0.0
	for _, u := range grid {
		maxErr = math.Max(maxErr, math.Abs(pr.err(c, u)))
	}
	return c, maxErr, nil
}

// exact returns the least-squares coefficients when they reproduce f to rounding error.
func (pr *linearProblem) exact(grid []float64) ([]float64, bool) {
	k := pr.unknowns()
	a := mat.NewDense(len(grid), k, nil)
	b := mat.NewVecDense(len(grid), nil)
	for i, u := range grid {
		fu, fixed := pr.f(u), pr.fixed(u)
		for j, kk := range pr.pPow {
			a.Set(i, j, pr.basis(u, kk))
		}
		for j, kk := range pr.qPow {
			a.Set(i, len(pr.pPow)+j, -fu*pr.basis(u, kk))
		}
		b.SetVec(i, fu-fixed)
	}
	var qr mat.QR
	qr.Factorize(a)
	var x mat.VecDense
	if err := qr.SolveVecTo(&x, false, b); err != nil {
		return nil, false
	}
	c := x.RawVector().Data
	scale, worst := 0.0, 0.0
	for _, u := range grid {
		scale = math.Max(scale, math.Abs(pr.f(u)*pr.weight(u)))
		worst = math.Max(worst, math.Abs(pr.err(c, u)))
	}
	return c, worst <= 1e-14*scale
}

// fixed is the value of the fixed numerator terms at u.
func (pr *linearProblem) fixed(u float64) float64 {
	s := 0.0
	for k, v := range pr.fixedP {
		s += v * math.Pow(u, float64(pr.wpow(k)))
	}
	return s
}

// lerr is the linearised error at u.
func (pr *linearProblem) lerr(c []float64, u float64, den func(float64) float64) float64 {
	return (pr.num(c, u) - pr.f(u)*pr.q(c, u)) * pr.weight(u) / den(u)
}

// worst returns the local maxima of |lerr| on the grid that exceed the others most (up to 2k),
// and the largest value.
func (pr *linearProblem) worst(grid, c []float64, den func(float64) float64) ([]float64, float64) {
	e := make([]float64, len(grid))
	for i, u := range grid {
		e[i] = math.Abs(pr.lerr(c, u, den))
	}
	type peak struct{ u, e float64 }
	var peaks []peak
	maxE := 0.0
	for i := range e {
		maxE = math.Max(maxE, e[i])
		if (i == 0 || e[i] >= e[i-1]) && (i == len(e)-1 || e[i] >= e[i+1]) {
			peaks = append(peaks, peak{grid[i], e[i]})
		}
	}
	sort.Slice(peaks, func(a, b int) bool { return peaks[a].e > peaks[b].e })
	var us []float64
	for i := 0; i < len(peaks) && i < 2*(pr.unknowns()+2); i++ {
		us = append(us, peaks[i].u)
	}
	return us, maxE
}

// lp solves: minimise t subject to |w_i (P(u_i) - f_i Q(u_i)) / den(u_i)| <= t over ref.
func (pr *linearProblem) lp(ref []float64, den func(float64) float64) ([]float64, float64, error) {
	k := pr.unknowns()
	nv := k + 1 // coefficients, then t
	g := mat.NewDense(2*len(ref), nv, nil)
	h := make([]float64, 2*len(ref))
	for i, u := range ref {
		w := pr.weight(u) / den(u)
		fu, fixed := pr.f(u), pr.fixed(u)
		// r(c) = w (sum_j c_j phi_j(u) - (f(u) - fixed))
		for j, kk := range pr.pPow {
			g.Set(2*i, j, w*pr.basis(u, kk))
		}
		for j, kk := range pr.qPow {
			g.Set(2*i, len(pr.pPow)+j, -w*fu*pr.basis(u, kk))
		}
		rhs := w * (fu - fixed)
		for j := 0; j < k; j++ {
			g.Set(2*i+1, j, -g.At(2*i, j))
		}
		g.Set(2*i, k, -1)
		g.Set(2*i+1, k, -1)
		h[2*i], h[2*i+1] = rhs, -rhs
	}
	cost := make([]float64, nv)
	cost[k] = 1
	cNew, aNew, bNew := lp.Convert(cost, g, h, nil, nil)
	_, x, err := lp.Simplex(cNew, aNew, bNew, 1e-14, nil)
	if err != nil {
		return nil, 0, fmt.Errorf("minimax: linear program: %v", err)
	}
	c := make([]float64, nv)
	for j := range c {
		c[j] = x[j] - x[nv+j]
	}
	return c[:k], c[k], nil
}

// unpack returns P and Q in powers of x.
func (pr *linearProblem) unpack(c []float64) (p, q []float64) {
	p = make([]float64, pr.n+1)
	q = make([]float64, pr.m+1)
	q[0] = 1
	for k, v := range pr.fixedP {
		p[k] = v
	}
	unscale := func(k int) float64 { return math.Pow(pr.scale, -float64(pr.wpow(k))) }
	for j, k := range pr.pPow {
		p[k] = c[j] * unscale(k)
	}
	for j, k := range pr.qPow {
		q[k] = c[len(pr.pPow)+j] * unscale(k)
	}
	return p, q
}

// chebGrid returns n Chebyshev-distributed points on [lo, hi], ends included, increasing.
func chebGrid(lo, hi float64, n int) []float64 {
	xs := make([]float64, n)
	for i := range xs {
		t := -math.Cos(math.Pi * float64(i) / float64(n-1))
		xs[i] = lo + (hi-lo)*(t+1)/2
	}
	return xs
}

// significand returns |y| / 2^floor(log2 |y|), in [1, 2); 1 for 0.
func significand(y float64) float64 {
	if y == 0 {
		return 1
	}
	m, _ := math.Frexp(math.Abs(y))
	return 2 * m
}
