package tests

import (
	"fmt"
	"math"
	"strings"
	"testing"

	approx "github.com/actapprox/approx"
)

// agreeULP is how far an implementation level may stray from pure Go, element for element.
const agreeULP = 2

// checkKernel is the whole property test of one approximant in one float type: at every
// implementation level, the sweep against the bound and the class's promises, position and
// length independence, in-place calls, the length-mismatch panic, and agreement with pure Go;
// then the same through the package function (dispatch).
func checkKernel[F float32 | float64](t *testing.T, c Case, pick func(approx.Implementation) func(dst, src []F), api func(dst, src []F)) {
	impls := approx.Implementations()
	var pure func(dst, src []F)
	for _, impl := range impls {
		if impl.Name == "purego" {
			pure = pick(impl)
		}
	}
	if pure == nil {
		t.Fatal("no purego implementation level")
	}
	for _, impl := range impls {
		f := pick(impl)
		t.Run(impl.Name, func(t *testing.T) {
			r := Check(c, f, Samples(DefaultSamples))
			for _, p := range r.Problems {
				t.Errorf("%s %T: %s", c.Name, F(0), p)
			}
			checkPositions(t, c, f)
			checkArgPanics(t, f)
			if impl.Name != "purego" {
				checkAgree(t, c, f, pure)
			}
		})
	}
	t.Run("api", func(t *testing.T) {
		checkPositions(t, c, api)
		checkArgPanics(t, api)
		checkDispatch(t, c, api, pick(impls[0]), impls[0].Name)
	})
}

// checkDispatch: the package function gives the first level's outputs, bit for bit (the
// levels differ, e.g. where one estimates a division that another divides).
func checkDispatch[F float32 | float64](t *testing.T, c Case, api, first func(dst, src []F), name string) {
	t.Helper()
	in := probeInputs[F](c)
	got, want := apply(api, in), apply(first, in)
	for i, x := range in {
		if !same(got[i], want[i]) {
			t.Errorf("%s %T: the package function gives %v at %v, its first level (%s) %v", c.Name, x, got[i], x, name, want[i])
			return
		}
	}
}

// probeInputs are inputs for the slice-shape tests: spread over the domain, plus the edges, plus
// the specials for safe kernels (whose outputs are then promised too).
func probeInputs[F float32 | float64](c Case) []F {
	xs := Sweep[F](c.Lo, c.Hi, 61)
	for _, e := range c.Edges {
		if c.inDomain(e) {
			xs = append(xs, F(e))
		}
	}
	if c.Class == "safe" {
		xs = append(xs, Specials[F]()...)
	}
	return xs
}

// checkPositions: every element's output is what it is alone, whatever the slice's length
// (0..67) and the element's offset (0..7); nothing outside dst[:n] is written; in place equals
// out of place.
func checkPositions[F float32 | float64](t *testing.T, c Case, f func(dst, src []F)) {
	t.Helper()
	in := probeInputs[F](c)
	alone := make([]F, len(in))
	for i := range in {
		f(alone[i:i+1], in[i:i+1])
	}
	const maxLen, maxOff = 67, 7
	sentinel := F(-12345.678)
	srcBuf := make([]F, maxLen+maxOff+1)
	dstBuf := make([]F, maxLen+maxOff+1)
	for n := 0; n <= maxLen; n++ {
		for off := 0; off <= maxOff; off++ {
			idx := func(i int) int { return (i*7 + n + off) % len(in) }
			src := srcBuf[off : off+n]
			for i := range src {
				src[i] = in[idx(i)]
			}
			for i := range dstBuf {
				dstBuf[i] = sentinel
			}
			dst := dstBuf[off : off+n]
			f(dst, src)
			for i := range dstBuf {
				if (i < off || i >= off+n) && !same(dstBuf[i], sentinel) {
					t.Fatalf("len %d offset %d: wrote dst[%d] outside the slice", n, off, i-off)
				}
			}
			for i, y := range dst {
				if want := alone[idx(i)]; !same(y, want) {
					t.Fatalf("len %d offset %d: f(%v) = %v at position %d, but %v alone", n, off, src[i], y, i, want)
				}
			}
			// In place.
			f(src, src)
			for i, y := range src {
				if !same(y, dst[i]) {
					t.Fatalf("len %d offset %d: in place gives %v at position %d, out of place %v", n, off, y, i, dst[i])
				}
			}
		}
	}
}

// checkArgPanics: different lengths panic with a message naming both; so does dst
// overlapping src without being src (either way round), while the same slice and neighbouring
// slices are fine.
func checkArgPanics[F float32 | float64](t *testing.T, f func(dst, src []F)) {
	t.Helper()
	panicOf := func(dst, src []F) (msg string) {
		defer func() {
			if r := recover(); r != nil {
				msg = fmt.Sprint(r)
			}
		}()
		f(dst, src)
		return "no panic"
	}
	if msg := panicOf(make([]F, 3), make([]F, 5)); !strings.Contains(msg, "len(dst) = 3") || !strings.Contains(msg, "len(src) = 5") {
		t.Errorf("len(dst) 3, len(src) 5: panic %q, want one naming both lengths", msg)
	}
	buf := make([]F, 40)
	for _, c := range []struct {
		dst, src []F
		panics   bool
	}{
		{buf[1:34], buf[0:33], true}, {buf[0:33], buf[7:40], true}, {buf[0:20], buf[0:20], false},
		{buf[0:20], buf[20:40], false}, {buf[20:40], buf[0:20], false}, {buf[5:5], buf[5:5], false},
	} {
		msg := panicOf(c.dst, c.src)
		if got := strings.Contains(msg, "overlap"); got != c.panics || !got && msg != "no panic" {
			t.Errorf("dst buf[%d:], src buf[%d:], length %d: panic %q, want an overlap panic: %v",
				cap(buf)-cap(c.dst), cap(buf)-cap(c.src), len(c.dst), msg, c.panics)
		}
	}
}

// checkAgree: a level agrees with pure Go within agreeULP over the sweep (inside the domain for
// ranged kernels, everywhere for safe ones).
func checkAgree[F float32 | float64](t *testing.T, c Case, f, pure func(dst, src []F)) {
	t.Helper()
	xs := Sweep[F](c.Lo, c.Hi, Samples(DefaultSamples/4))
	if c.Class == "safe" {
		xs = append(xs, Specials[F]()...)
	}
	got, want := apply(f, xs), apply(pure, xs)
	for i := range xs {
		if !agree(got[i], want[i]) {
			t.Errorf("f(%v) = %v, pure Go %v: more than %d ULP apart", xs[i], got[i], want[i], agreeULP)
			return
		}
	}
}

// fuzzKernel is one approximant in the fuzz targets; f32 or f64 is nil where the spec has no
// such type.
type fuzzKernel struct {
	c   Case
	f32 func(approx.Implementation) func(dst, src []float32)
	f64 func(approx.Implementation) func(dst, src []float64)
}

// fuzzKernels holds every kernel, at every level and in both types, to its promises at the
// fuzzed input: the bound inside the domain, the safe class's promises everywhere, and
// agreement with pure Go.
func fuzzKernels(f *testing.F, ks []fuzzKernel) {
	seeds := []float64{0, 1, -1, 0.5, -2.5, 3, 7.9, -20, 100, math.Inf(1), math.NaN()}
	for _, k := range ks {
		seeds = append(seeds, k.c.Edges...)
	}
	for _, s := range seeds {
		f.Add(s)
	}
	impls := approx.Implementations()
	pure := impls[len(impls)-1] // pure Go is always the last level
	f.Fuzz(func(t *testing.T, x float64) {
		for _, k := range ks {
			for _, impl := range impls {
				if k.f32 != nil {
					fuzzOne(t, k.c, k.f32(impl), k.f32(pure), impl.Name, float32(x))
				}
				if k.f64 != nil {
					fuzzOne(t, k.c, k.f64(impl), k.f64(pure), impl.Name, x)
				}
			}
		}
	})
}

func fuzzOne[F float32 | float64](t *testing.T, c Case, f, pure func(dst, src []F), level string, x F) {
	t.Helper()
	r := CheckInputs(c, f, []F{x})
	for _, p := range r.Problems {
		t.Errorf("%s %T (%s): %s", c.Name, x, level, p)
	}
	if c.Class == "safe" || c.inDomain(float64(x)) {
		got, want := apply(f, []F{x})[0], apply(pure, []F{x})[0]
		if !agree(got, want) {
			t.Errorf("%s %T (%s): f(%v) = %v, pure Go %v: more than %d ULP apart", c.Name, x, level, x, got, want, agreeULP)
		}
	}
}

// agree reports whether a level's output is within agreeULP of pure Go's.
func agree[F float32 | float64](got, want F) bool {
	if same(got, want) {
		return true
	}
	g, w := float64(got), float64(want)
	return !math.IsNaN(g) && !math.IsNaN(w) && math.Abs(g-w) <= agreeULP*ULP(w, MantissaBits[F]())
}
