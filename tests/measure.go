// Package tests holds the property tests generated for every approximant (*_test.go) and the
// standard-library-only harness they use, so the tests can travel with vendored kernels. The
// generator measures kernels with the same code (Errors, Floats32, Floats64), so the figures it
// prints and the bounds the tests enforce are computed one way.
package tests

import (
	"iter"
	"math"
	"os"
	"strconv"
)

// Reference returns the exact (float64) function for a target: "tanh", "sigmoid", "exp" or
// "relu"; nil for an unknown target.
func Reference(target string) func(float64) float64 {
	switch target {
	case "tanh":
		return math.Tanh
	case "sigmoid":
		return func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
	case "exp":
		return math.Exp
	case "relu":
		return func(x float64) float64 { return max(x, 0) }
	}
	return nil
}

// ULP is the spacing of floats with the given mantissa bits (24 or 53) at |ref|: the unit in
// the last place of ref in that type, with denormal spacing below the smallest normal.
func ULP(ref float64, bits int) float64 {
	minExp, maxExp := -126, 127 // float32
	if bits == 53 {
		minExp, maxExp = -1022, 1023
	}
	a := math.Abs(ref)
	if a == 0 || math.IsNaN(a) {
		return math.Ldexp(1, minExp-bits+1)
	}
	_, e := math.Frexp(a) // a = f * 2^e, f in [0.5, 1)
	e = min(max(e-1, minExp), maxExp)
	return math.Ldexp(1, e-bits+1)
}

// MantissaBits is 24 for float32 and 53 for float64.
func MantissaBits[F float32 | float64]() int {
	var z F
	if _, ok := any(z).(float32); ok {
		return 24
	}
	return 53
}

// Errors accumulates the error of outputs against a reference.
type Errors struct {
	Abs, Rel, ULP       float64 // maxima so far
	AbsAt, RelAt, ULPAt float64 // inputs where the maxima were reached
	N                   int     // outputs compared
	bits                int
	minNormal, maxFloat float64 // of the output type
	seenAbs, seenULP    bool
}

// NewErrors measures outputs of a type with the given mantissa bits (24 or 53).
func NewErrors(bits int) *Errors {
	e := &Errors{bits: bits, minNormal: 0x1p-126, maxFloat: math.MaxFloat32}
	if bits == 53 {
		e.minNormal, e.maxFloat = 0x1p-1022, math.MaxFloat64
	}
	return e
}

// Add records output y for input x whose exact value is ref. A NaN ref is skipped; a NaN or
// wrong infinite y counts as an infinite error. An exact value beyond the output type's
// largest float is +-Inf in that type. The ULP error counts only where the exact value is a
// normal float of the output type (below, the absolute error is what is meaningful).
func (e *Errors) Add(x, y, ref float64) {
	if math.IsNaN(ref) {
		return
	}
	e.N++
	if math.Abs(ref) > e.maxFloat && math.Abs(ref) >= e.maxFloat+ULP(e.maxFloat, e.bits)/2 {
		ref = math.Copysign(math.Inf(1), ref) // rounds to infinity in the output type
	}
	var abs float64
	switch {
	case y == ref:
		abs = 0
	case math.IsNaN(y) || math.IsInf(y, 0) || math.IsInf(ref, 0):
		abs = math.Inf(1)
	default:
		abs = math.Abs(y - ref)
	}
	ulp := 0.0
	if math.Abs(ref) >= e.minNormal {
		ulp = abs / ULP(ref, e.bits)
	}
	rel := 0.0
	if abs != 0 {
		rel = abs / math.Abs(ref)
	}
	if abs > e.Abs || !e.seenAbs {
		e.Abs, e.AbsAt, e.seenAbs = abs, x, true
	}
	if ulp > e.ULP || !e.seenULP {
		e.ULP, e.ULPAt, e.seenULP = ulp, x, true
	}
	if rel > e.Rel {
		e.Rel, e.RelAt = rel, x
	}
}

// Sweep scale: APPROX_SWEEP=thin divides the sample counts by 16 (for emulators);
// APPROX_SWEEP=N multiplies them by N.
func sweepScale() (mul, div int) {
	switch s := os.Getenv("APPROX_SWEEP"); s {
	case "", "default":
		return 1, 1
	case "thin":
		return 1, 16
	default:
		if n, err := strconv.Atoi(s); err == nil && n > 0 {
			return n, 1
		}
	}
	return 1, 1
}

// Samples is the default number of inputs a sweep visits, scaled by APPROX_SWEEP.
func Samples(base int) int {
	mul, div := sweepScale()
	return max(base*mul/div, 64)
}

// ord maps a float32 to an integer that orders like the float (-0 and +0 both map to 0).
func ord32(f float32) int64 {
	b := math.Float32bits(f)
	if b&(1<<31) != 0 {
		return -int64(b &^ (1 << 31))
	}
	return int64(b)
}

func unord32(o int64) float32 {
	if o < 0 {
		return -math.Float32frombits(uint32(-o))
	}
	return math.Float32frombits(uint32(o))
}

// finite clamps [lo, hi] to the finite floats of a type.
func finite(lo, hi, maxf float64) (float64, float64) {
	return max(lo, -maxf), min(hi, maxf)
}

// Floats32 yields about n float32 inputs in [lo, hi] in increasing order: every k-th bit
// pattern (so every binade is visited, down to the denormals when 0 is in range), then lo and hi
// themselves. Infinite ends stop at the largest finite float.
func Floats32(lo, hi float64, n int) iter.Seq[float32] {
	lo, hi = finite(lo, hi, math.MaxFloat32)
	a, b := ord32(float32(lo)), ord32(float32(hi))
	if float64(unord32(a)) < lo {
		a++
	}
	if float64(unord32(b)) > hi {
		b--
	}
	step := max((b-a)/int64(max(n, 1)), 1)
	return func(yield func(float32) bool) {
		if a > b {
			return
		}
		for o := a; o < b; o += step {
			if !yield(unord32(o)) {
				return
			}
		}
		yield(unord32(b))
	}
}

// ord64 is ord32 for float64 (magnitudes below 2^63, so the mapping fits an int64).
func ord64(f float64) int64 {
	b := math.Float64bits(f)
	if b&(1<<63) != 0 {
		return -int64(b &^ (1 << 63))
	}
	return int64(b)
}

func unord64(o int64) float64 {
	if o < 0 {
		return -math.Float64frombits(uint64(-o))
	}
	return math.Float64frombits(uint64(o))
}

// Floats64 yields about 2n float64 inputs in [lo, hi], in two increasing runs: n spread over
// the bit patterns (every binade), then n evenly spaced in value (the bulk of the range).
func Floats64(lo, hi float64, n int) iter.Seq[float64] {
	lo, hi = finite(lo, hi, math.MaxFloat64)
	return func(yield func(float64) bool) {
		if lo > hi {
			return
		}
		a, b := ord64(lo), ord64(hi)
		step := max(b/int64(max(n, 1))-a/int64(max(n, 1)), 1)
		for o := a; o < b && o >= a; o += step {
			if !yield(unord64(o)) {
				return
			}
		}
		if !yield(hi) {
			return
		}
		for i := 0; i <= n; i++ {
			t := float64(i) / float64(n)
			if !yield(lo*(1-t) + hi*t) {
				return
			}
		}
	}
}

// Specials are inputs every kernel is run on: signed zeros, denormals, the normal extremes,
// infinities and NaN (converted to the kernel's type by the caller).
func Specials[F float32 | float64]() []F {
	var s []float64
	if MantissaBits[F]() == 24 {
		s = []float64{0, math.SmallestNonzeroFloat32, 1e-40, 0x1p-126, math.MaxFloat32}
	} else {
		s = []float64{0, math.SmallestNonzeroFloat64, 1e-310, 0x1p-1022, math.MaxFloat64}
	}
	var out []F
	for _, v := range s {
		out = append(out, F(v), -F(v))
	}
	inf := math.Inf(1)
	return append(out, F(inf), F(-inf), F(math.NaN()))
}
