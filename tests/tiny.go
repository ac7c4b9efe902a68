package tests

import (
	"math"
	"math/rand/v2"
)

// TinyExact is how far Case.Tiny asks for x itself, for outputs with the given mantissa bits
// p: 2^-(p+1), where x^3/3, the first term of tanh(x) - x, stays far below half an ULP of x.
func TinyExact(bits int) float64 { return math.Ldexp(1, -(bits + 1)) }

// tiny checks Case.Tiny: f(x) must be x bit for bit up to TinyExact. Checked on every
// binade's first, middle and last floats and random ones, denormals and ±0 included. Above
// it, on random inputs up to 2^(1-p/2) wherever the target still rounds to x, f(x) may be one
// float from x, no more.
func tiny[F float32 | float64](r *Report, c Case, f func(dst, src []F)) {
	p := MantissaBits[F]()
	exact := TinyExact(p)
	rng := rand.New(rand.NewPCG(1, 2))

	smallest := math.SmallestNonzeroFloat64
	if p == 24 {
		smallest = math.SmallestNonzeroFloat32
	}
	xs := []F{0}
	for lo := smallest; ; lo *= 2 {
		xs = append(xs, F(lo))
		if 2*lo > exact {
			break
		}
		xs = append(xs, F(lo*1.5), neighbours(F(2 * lo))[0])
		for range 16 {
			xs = append(xs, F(lo*(1+rng.Float64())))
		}
	}
	xs = withNegatives(xs)
	for i, y := range apply(f, xs) {
		if !SameSigned(y, xs[i]) {
			r.fail("tiny x: f(%v) = %v, want x itself", xs[i], y)
		}
	}

	ref := ReferenceFor(c.Target, p)
	hi := math.Ldexp(1, 1-p/2)
	xs = xs[:0]
	for range 4096 {
		x := F(exact * math.Pow(hi/exact, rng.Float64()))
		if F(ref(float64(x))) == x {
			xs = append(xs, x)
		}
	}
	xs = withNegatives(xs)
	for i, y := range apply(f, xs) {
		if n := neighbours(xs[i]); y != n[0] && y != n[1] && y != n[2] {
			r.fail("tiny x: f(%v) = %v, more than one float from x, where the %s rounds to x", xs[i], y, c.Target)
		}
	}
}

// withNegatives appends -x for every x in xs.
func withNegatives[F float32 | float64](xs []F) []F {
	for _, x := range xs[:len(xs):len(xs)] {
		xs = append(xs, -x)
	}
	return xs
}
