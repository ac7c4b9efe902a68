package tests

import "math"

// The float64 references: Go's math.Exp and math.Tanh are within an ULP or so, which is as
// coarse as the float64 bounds measured against them (and math.Exp on amd64 returns +Inf from
// about 709.5 on, where e^x is still finite). These compute in double-double arithmetic (about
// 106 bits) and round once, so the reference is the correctly rounded value except in rare
// near-ties: a measured float64 error is then the true error within half an ULP.

// dd is an unevaluated sum hi + lo with |lo| <= ulp(hi)/2.
type dd struct{ hi, lo float64 }

func twoSum(a, b float64) dd {
	s := a + b
	bb := s - a
	return dd{s, (a - (s - bb)) + (b - bb)}
}

// twoProd is a·b exactly. float64(a * b) keeps the compiler from fusing the product into a
// later addition (Go may fuse x*y + z on arm64), which would break the exact split.
func twoProd(a, b float64) dd {
	p := float64(a * b)
	return dd{p, math.FMA(a, b, -p)}
}

func (x dd) add(y dd) dd {
	s := twoSum(x.hi, y.hi)
	return twoSum(s.hi, s.lo+x.lo+y.lo)
}

func (x dd) mul(y dd) dd {
	p := twoProd(x.hi, y.hi)
	return twoSum(p.hi, p.lo+float64(x.hi*y.lo)+float64(x.lo*y.hi))
}

func (x dd) div(y dd) dd {
	q1 := x.hi / y.hi
	r := x.add(y.mul(dd{-q1, 0}))
	q2 := r.hi / y.hi
	r = r.add(y.mul(dd{-q2, 0}))
	q3 := r.hi / y.hi
	return twoSum(q1, q2).add(dd{q3, 0})
}

// Ln2Lo is ln 2 - math.Ln2 rounded: math.Ln2 + Ln2Lo is ln 2 to about 106 bits.
const Ln2Lo = 0x1.abc9e3b39803fp-56

// ln 2 as a double-double.
var ln2dd = dd{math.Ln2, Ln2Lo}

// invFact[n] is 1/n! in double-double, for expm1Series.
var invFact = func() [28]dd {
	var f [28]dd
	f[0] = dd{1, 0}
	for n := 1; n < len(f); n++ {
		f[n] = f[n-1].div(dd{float64(n), 0})
	}
	return f
}()

// expm1Series is e^r - 1 by its Taylor series to r^27/27!, for |r| <= 0.75 (the next term
// is below 1e-33 relative), by Horner's rule: no division in the loop, which runs for every
// float64 input the certifier visits.
func expm1Series(r dd) dd {
	h := invFact[len(invFact)-1]
	for n := len(invFact) - 2; n >= 1; n-- {
		h = h.mul(r).add(invFact[n])
	}
	return h.mul(r)
}

// expDD is e^x with x = k·ln 2 + r, |r| <= ln 2/2; NaN, overflow and underflow as math.Exp.
func expDD(x float64) dd {
	switch {
	case math.IsNaN(x):
		return dd{x, 0}
	case x > 709.8:
		return dd{math.Inf(1), 0}
	case x < -746:
		return dd{}
	}
	k := math.Round(x / math.Ln2)
	r := dd{x, 0}.add(dd{-k, 0}.mul(ln2dd))
	e := expm1Series(r).add(dd{1, 0})
	// Scale in two steps: 2^k alone may not be a float64 (k up to 1025).
	h := k / 2
	s1, s2 := math.Ldexp(1, int(math.Floor(h))), math.Ldexp(1, int(k-math.Floor(h)))
	return dd{e.hi * s1 * s2, e.lo * s1 * s2}
}

func (x dd) float() float64 { return x.hi + x.lo }

// ExpPrecise is e^x rounded once from double-double.
func ExpPrecise(x float64) float64 { return expDD(x).float() }

// SigmoidPrecise is 1/(1 + e^-x) rounded once from double-double (e^x/(1 + e^x) for x < 0,
// where e^-x could overflow).
func SigmoidPrecise(x float64) float64 {
	if math.IsNaN(x) {
		return x
	}
	if x < 0 {
		e := expDD(x)
		return e.div(e.add(dd{1, 0})).float()
	}
	return dd{1, 0}.div(expDD(-x).add(dd{1, 0})).float()
}

// TanhPrecise is tanh(x) = m/(m + 2), m = e^(2|x|) - 1 (by its series for small |x|), with
// x's sign, rounded once from double-double.
func TanhPrecise(x float64) float64 {
	a := math.Abs(x)
	switch {
	case math.IsNaN(x):
		return x
	case a < 0x1p-30: // tanh x = x - x^3/3 + ...: x within a tenth of an ULP
		return x
	case a > 22: // 1 - tanh x < 2e-19, far below half an ULP of 1
		return math.Copysign(1, x)
	}
	var m dd
	if a < 0.375 {
		m = expm1Series(dd{2 * a, 0})
	} else {
		m = expDD(2 * a).add(dd{-1, 0})
	}
	return math.Copysign(m.div(m.add(dd{2, 0})).float(), x)
}

// ReferenceFor is Reference for outputs with the given mantissa bits: for float64 (53), the
// double-double references above; for float32, Go's float64 functions, far more precise than
// float32 already (and fast enough for all 2^32 inputs).
func ReferenceFor(target string, bits int) func(float64) float64 {
	if bits == 53 {
		switch target {
		case "tanh":
			return TanhPrecise
		case "sigmoid":
			return SigmoidPrecise
		case "exp":
			return ExpPrecise
		}
	}
	return Reference(target)
}
