package tests

import (
	"fmt"
	"math"
	"slices"
)

// Case is what a spec entry promises, as the generated tests and the generator check it.
type Case struct {
	Name     string    // exported Go name, e.g. "TanhPade44"
	Target   string    // "tanh", "sigmoid", "exp" or "relu"
	Class    string    // "ranged" or "safe"
	Lo, Hi   float64   // the domain of the bound; may be infinite
	Abs      float64   // max absolute error on the domain (0: unchecked)
	Rel      float64   // max relative error (0: unchecked)
	ULP      float64   // max error in ULPs of the output type (0: unchecked)
	Odd      bool      // f(-x) == -f(x) exactly on the domain
	Monotone bool      // non-decreasing on the domain
	Tiny     bool      // x itself for |x| <= 2^-(p+1), within one float of x while the target rounds to x
	Edges    []float64 // inputs where the approximant changes piece; visited with neighbours
}

// Report is the outcome of Check.
type Report struct {
	Errors   *Errors  // error over the domain
	Problems []string // broken promises, each a sentence naming the input
}

func (r *Report) fail(format string, args ...any) {
	if len(r.Problems) < 20 {
		r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
	}
}

// DefaultSamples is the number of inputs a sweep visits by default (see Samples).
const DefaultSamples = 1 << 20

// Check runs kernel f over the case's domain (a sweep of about samples inputs), the edges and
// their neighbours, and the special values, and reports the error and every broken promise:
// the bound, odd symmetry, monotonicity, x itself for tiny x, and for the safe class NaN → NaN,
// the output range and the limits at ±Inf.
func Check[F float32 | float64](c Case, f func(dst, src []F), samples int) Report {
	r := Report{Errors: NewErrors(MantissaBits[F]())}

	xs := Sweep[F](c.Lo, c.Hi, samples)
	ys := apply(f, xs)
	points(&r, c, xs, ys)
	if c.Monotone {
		for i := 1; i < len(xs); i++ {
			if ys[i] < ys[i-1] {
				r.fail("not monotone: f(%v) = %v > f(%v) = %v", xs[i-1], ys[i-1], xs[i], ys[i])
			}
		}
	}
	if c.Odd {
		// The sweep and the specials (±0 among them: f(-0) must be -f(+0)).
		pos := append(slices.Clone(xs), Specials[F]()...)
		neg := make([]F, len(pos))
		for i, x := range pos {
			neg[i] = -x
		}
		pys, nys := apply(f, pos), apply(f, neg)
		for i, x := range pos {
			if c.inDomain(float64(x)) && c.inDomain(float64(-x)) && !SameSigned(nys[i], -pys[i]) {
				r.fail("not odd: f(%v) = %v, want -f(%v) = %v", -x, nys[i], x, -pys[i])
			}
		}
	}

	if c.Tiny {
		tiny(&r, c, f)
	}

	var extra []F
	for _, e := range c.Edges {
		extra = append(extra, neighbours(F(e))...)
	}
	extra = append(extra, Specials[F]()...)
	points(&r, c, extra, apply(f, extra))
	r.bounds(c)
	return r
}

// CheckInputs checks kernel f at the given inputs only: the bound where they are in the
// domain, and the safe class's promises everywhere.
func CheckInputs[F float32 | float64](c Case, f func(dst, src []F), xs []F) Report {
	r := Report{Errors: NewErrors(MantissaBits[F]())}
	points(&r, c, xs, apply(f, xs))
	r.bounds(c)
	return r
}

func apply[F float32 | float64](f func(dst, src []F), xs []F) []F {
	ys := make([]F, len(xs))
	f(ys, xs)
	return ys
}

func (c Case) inDomain(x float64) bool { return x >= c.Lo && x <= c.Hi }

// points records the error of outputs ys at inputs xs inside the domain, and checks a safe
// kernel's promises at every input.
func points[F float32 | float64](r *Report, c Case, xs, ys []F) {
	ref := ReferenceFor(c.Target, MantissaBits[F]())
	lim := infLimits[c.Target]
	for i, xf := range xs {
		x, y := float64(xf), float64(ys[i])
		if c.inDomain(x) && !math.IsInf(x, 0) {
			r.Errors.Add(x, y, ref(x))
		}
		if c.Class != "safe" {
			continue
		}
		switch {
		case math.IsNaN(x):
			if !math.IsNaN(y) {
				r.fail("NaN in gives %v, want NaN", y)
			}
		case math.IsInf(x, -1):
			if !nearLimit(c, y, lim[0]) {
				r.fail("f(-Inf) = %v, want %v", y, lim[0])
			}
		case math.IsInf(x, 1):
			if !nearLimit(c, y, lim[1]) {
				r.fail("f(+Inf) = %v, want %v", y, lim[1])
			}
		case !inRange(c.Target, y):
			r.fail("f(%v) = %v is outside the %s range", x, y, c.Target)
		}
	}
}

// inRange reports whether y is a possible value of the target function.
func inRange(target string, y float64) bool {
	switch target {
	case "tanh":
		return y >= -1 && y <= 1
	case "sigmoid":
		return y >= 0 && y <= 1
	}
	return y >= 0 // exp, relu; false for NaN
}

// bounds reports the measured maxima that exceed the case's bound.
func (r *Report) bounds(c Case) {
	e := r.Errors
	if c.Abs > 0 && e.Abs > c.Abs {
		r.fail("max abs error %.4g at x = %v exceeds the bound %.4g", e.Abs, e.AbsAt, c.Abs)
	}
	if c.ULP > 0 && e.ULP > c.ULP {
		r.fail("max error %.4g ULP at x = %v exceeds the bound %.4g ULP", e.ULP, e.ULPAt, c.ULP)
	}
	if c.Rel > 0 && e.Rel > c.Rel {
		r.fail("max relative error %.4g at x = %v exceeds the bound %.4g", e.Rel, e.RelAt, c.Rel)
	}
}

// Limits returns a target's values at -Inf and +Inf (false for an unknown target).
func Limits(target string) ([2]float64, bool) {
	l, ok := infLimits[target]
	return l, ok
}

// infLimits are each target's values at -Inf and +Inf.
var infLimits = map[string][2]float64{
	"tanh":    {-1, 1},
	"sigmoid": {0, 1},
	"exp":     {0, math.Inf(1)},
	"relu":    {0, math.Inf(1)},
}

// nearLimit: a safe kernel's value at ±Inf is its limit, or within its absolute bound of it.
func nearLimit(c Case, y, lim float64) bool {
	return y == lim || c.Abs > 0 && math.Abs(y-lim) <= c.Abs
}

// Sweep returns the inputs of a domain sweep for type F, about samples of them, in increasing
// order (Floats32, or both runs of Floats64 merged).
func Sweep[F float32 | float64](lo, hi float64, samples int) []F {
	var xs []F
	if MantissaBits[F]() == 24 {
		for x := range Floats32(lo, hi, samples) {
			xs = append(xs, F(x))
		}
		return xs
	}
	for x := range Floats64(lo, hi, samples/2) {
		xs = append(xs, F(x))
	}
	slices.Sort(xs) // Floats64 yields two increasing runs
	return slices.Compact(xs)
}

// neighbours returns x and the two floats either side of it.
func neighbours[F float32 | float64](x F) []F {
	if MantissaBits[F]() == 24 {
		x32 := float32(x)
		return []F{F(math.Nextafter32(x32, float32(math.Inf(-1)))), x, F(math.Nextafter32(x32, float32(math.Inf(1))))}
	}
	x64 := float64(x)
	return []F{F(math.Nextafter(x64, math.Inf(-1))), x, F(math.Nextafter(x64, math.Inf(1)))}
}

// same reports whether a and b are the same value (NaN is the same as NaN).
func same[F float32 | float64](a, b F) bool { return a == b || a != a && b != b }

// SameSigned reports whether a and b are the same value, telling -0 from +0 (NaN is the same
// as NaN, whatever its sign): an odd function maps -0 to -f(+0).
func SameSigned[F float32 | float64](a, b F) bool {
	return a == b && math.Signbit(float64(a)) == math.Signbit(float64(b)) || a != a && b != b
}
