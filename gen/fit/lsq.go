// Package fit computes approximant coefficients: linearized least squares (the paper's method)
// for polynomials and rationals, and exact forms such as Lambert's continued fraction.
//
// Coefficients are returned lowest power first: c[i] multiplies x^i.
package fit

import (
	"fmt"
	"math"
	"math/big"

	"gonum.org/v1/gonum/mat"
)

// Symmetry restricts which powers a fit may use.
type Symmetry int

const (
	None Symmetry = iota // every power
	Odd                  // odd function: odd numerator powers, even denominator powers
	Even                 // even function: even powers only
)

// MaxCondition is the largest condition number of a least-squares system we accept. Beyond it
// float64 cannot resolve the coefficients and the fit is rejected rather than trusted.
const MaxCondition = 1e13

// IllConditionedError reports a least-squares system too ill-conditioned to trust.
type IllConditionedError struct {
	What      string
	Condition float64
}

func (e *IllConditionedError) Error() string {
	return fmt.Sprintf("%s: least-squares system is ill-conditioned (condition number %.3g > %.0e); use fewer terms, a narrower range or symmetry", e.What, e.Condition, MaxCondition)
}

// Grid returns n evenly spaced points on [lo, hi], both ends included.
func Grid(lo, hi float64, n int) []float64 {
	xs := make([]float64, n)
	for i := range xs {
		// lo + i*step drifts; interpolating from both ends keeps the grid symmetric when lo = -hi.
		t := float64(i) / float64(n-1)
		// float64(...) keeps the products apart: a fused multiply-add would move the points.
		xs[i] = float64(lo*(1-t)) + float64(hi*t)
	}
	return xs
}

// powers lists the powers 0..deg that sym allows; odd selects the numerator rule of Odd.
func powers(deg int, sym Symmetry, numerator bool) []int {
	var ps []int
	for p := 0; p <= deg; p++ {
		switch {
		case sym == Even && p%2 == 1:
			continue
		case sym == Odd && numerator && p%2 == 0:
			continue
		case sym == Odd && !numerator && p%2 == 1:
			continue
		}
		ps = append(ps, p)
	}
	return ps
}

// Polynomial fits sum c_i x^i, i <= degree, to f on points evenly spaced over [lo, hi],
// minimising the sum of squared errors.
func Polynomial(f func(float64) float64, degree int, lo, hi float64, points int, sym Symmetry) ([]float64, error) {
	ps := powers(degree, sym, true)
	xs := Grid(lo, hi, points)
	a := mat.NewDense(points, len(ps), nil)
	b := mat.NewVecDense(points, nil)
	for i, x := range xs {
		for j, p := range ps {
			a.Set(i, j, math.Pow(x, float64(p)))
		}
		b.SetVec(i, f(x))
	}
	sol, err := solve(a, b, fmt.Sprintf("polynomial degree %d", degree))
	if err != nil {
		return nil, err
	}
	c := make([]float64, degree+1)
	for j, p := range ps {
		c[p] = sol[j]
	}
	return c, nil
}

// Rational fits P(x)/Q(x), deg P = n, deg Q = m, Q's constant term fixed at 1, by the
// linearized problem the paper used: minimise sum (P(x_i) - f(x_i) Q(x_i))^2, which is linear
// in the unknown coefficients. It returns P and Q (q[0] = 1).
func Rational(f func(float64) float64, n, m int, lo, hi float64, points int, sym Symmetry) (p, q []float64, err error) {
	pp := powers(n, sym, true)
	var qp []int // denominator powers other than the fixed constant
	for _, k := range powers(m, sym, false) {
		if k > 0 {
			qp = append(qp, k)
		}
	}
	xs := Grid(lo, hi, points)
	a := mat.NewDense(points, len(pp)+len(qp), nil)
	b := mat.NewVecDense(points, nil)
	for i, x := range xs {
		fx := f(x)
		for j, k := range pp {
			a.Set(i, j, math.Pow(x, float64(k)))
		}
		// P(x) - f(x)(1 + sum q_k x^k) = 0  =>  P(x) - f(x) sum q_k x^k = f(x)
		for j, k := range qp {
			a.Set(i, len(pp)+j, -fx*math.Pow(x, float64(k)))
		}
		b.SetVec(i, fx)
	}
	sol, err := solve(a, b, fmt.Sprintf("rational (%d, %d)", n, m))
	if err != nil {
		return nil, nil, err
	}
	p = make([]float64, n+1)
	q = make([]float64, m+1)
	q[0] = 1
	for j, k := range pp {
		p[k] = sol[j]
	}
	for j, k := range qp {
		q[k] = sol[len(pp)+j]
	}
	return p, q, nil
}

// solve returns the least-squares solution of a x = b, refusing ill-conditioned systems. The
// solution comes from the normal equations in extended precision (Prec bits: the squared
// condition number, up to 1e26, costs under 90 of them), rounded once: the same coefficients
// on every machine, where a float64 solver's last bits depend on which multiply-adds the
// compiler fuses (Go fuses them on arm64 and with GOAMD64=v3, in gonum too).
func solve(a *mat.Dense, b *mat.VecDense, what string) ([]float64, error) {
	var svd mat.SVD
	if !svd.Factorize(a, mat.SVDThin) {
		return nil, fmt.Errorf("%s: SVD failed to converge", what)
	}
	if c := svd.Cond(); c > MaxCondition || math.IsNaN(c) {
		return nil, &IllConditionedError{What: what, Condition: c}
	}
	rows, cols := a.Dims()
	normal := make([][]*big.Float, cols)
	for j := range normal {
		normal[j] = make([]*big.Float, cols+1)
		for k := range normal[j] {
			normal[j][k] = newBig(0)
		}
	}
	row := make([]*big.Float, cols+1) // a's row i, then b_i
	for k := range row {
		row[k] = newBig(0)
	}
	prod := newBig(0)
	for i := range rows {
		for k := range cols {
			row[k].SetFloat64(a.At(i, k))
		}
		row[cols].SetFloat64(b.AtVec(i))
		for j := range cols {
			for k := j; k <= cols; k++ {
				normal[j][k].Add(normal[j][k], prod.Mul(row[j], row[k]))
			}
		}
	}
	for j := range cols {
		for k := range j {
			normal[j][k].Set(normal[k][j])
		}
	}
	sol, err := gauss(normal)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	x := make([]float64, cols)
	for j, v := range sol {
		x[j], _ = v.Float64()
	}
	return x, nil
}
