package main

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/actapprox/approx"
	"github.com/actapprox/approx/gen/certified"
	"github.com/actapprox/approx/gen/ir"
	"github.com/actapprox/approx/gen/lower"
	"github.com/actapprox/approx/spec"
	"github.com/actapprox/approx/tests"
)

// step makes the tests' sweeps short: 2^32 / 2^14 = 262144 float32 inputs.
const step = 1 << 14

func tanh32(dst, src []float32) {
	for i, x := range src {
		dst[i] = float32(math.Tanh(float64(x)))
	}
}

// broken is tanh with every fault the certifier looks for.
func broken(dst, src []float32) {
	for i, x := range src {
		y := float32(math.Tanh(float64(x)))
		switch {
		case x != x:
			y = 0 // NaN in, number out
		case x > 0.5 && x < 0.6:
			y += 0.01 // a bound miss, and a drop at 0.6
		case x > 100:
			y = 1.5 // outside [-1, 1]
		case x < -2 && x > -3:
			y *= 0.999 // not odd
		case x > 0 && x < 1e-30:
			y = math.Nextafter32(y, 1) // not x itself
		case x > 1e-5 && x < 2e-5:
			y = math.Nextafter32(math.Nextafter32(y, 1), 1) // two floats from x, where tanh rounds to x
		}
		dst[i] = y
	}
}

// positional gives another result in the vector body than in a short tail.
func positional(dst, src []float32) {
	for i, x := range src {
		dst[i] = float32(math.Tanh(float64(x)))
		if len(src) > 64 && i%8 == 3 {
			dst[i] = math.Nextafter32(dst[i], 2)
		}
	}
}

var tanhCase = tests.Case{
	Name: "Tanh", Target: "tanh", Class: "safe", Lo: math.Inf(-1), Hi: math.Inf(1),
	Abs: 1e-7, ULP: 1, Odd: true, Monotone: true, Tiny: true,
}

func certify32(t *testing.T, c tests.Case, levels ...level[float32]) []certified.Figures {
	t.Helper()
	k := &kernel[float32]{c: c, spec: "tanh", levels: levels}
	e := newEngine([]*kernel[float32]{k}, 2)
	sp := space32{step: step}
	st := e.run(sp, specials(e, sp))
	var out []certified.Figures
	for l := range levels {
		out = append(out, e.figures(k, l, &st[0][l], sp.describe()))
	}
	return out
}

func TestCertifiesGoodKernel(t *testing.T) {
	f := certify32(t, tanhCase, level[float32]{"purego", tanh32})[0]
	if len(f.Problems) > 0 || !f.BoundHolds {
		t.Errorf("float32(math.Tanh): problems %q, bound holds %v", f.Problems, f.BoundHolds)
	}
	if f.MaxULP > 0.5 || f.Inputs < 1<<18-1<<11 {
		t.Errorf("max %v ULP on %d inputs, want <= 0.5 ULP on about 2^18", f.MaxULP, f.Inputs)
	}
	if f.AtNegInf != -1 || f.AtPosInf != 1 || !math.IsNaN(float64(f.AtNaN)) {
		t.Errorf("f(-Inf), f(+Inf), f(NaN) = %v, %v, %v", f.AtNegInf, f.AtPosInf, f.AtNaN)
	}
}

func TestDetectsBrokenKernel(t *testing.T) {
	fs := certify32(t, tanhCase, level[float32]{"purego", tanh32}, level[float32]{"broken", broken})
	f := fs[1]
	t.Logf("problems: %q", f.Problems)
	if f.BoundHolds || f.MaxAbs != 0.5 || f.MaxAbsAt <= 100 {
		t.Errorf("bound holds %v, max abs error %v at %v: want a miss of 0.5 above 100", f.BoundHolds, f.MaxAbs, f.MaxAbsAt)
	}
	for _, c := range []struct {
		what string
		c    certified.Count
		ex   string // the first example must contain this
	}{
		{"monotone", f.Monotone, "> f(-2) ="}, // the smallest input of a drop: the odd fault's end
		{"range", f.Range, "= 1.5"},
		{"NaN in", f.NaNIn, "f(NaN 0xff"},
		{"odd", f.Odd, "f(1e-45) = 3e-45 but f(-1e-45)"}, // the smallest x > 0: the tiny fault
		{"tiny", f.Tiny, "f(1e-45) = 3e-45"},
		{"differs from purego", f.DiffPureGo, ""},
	} {
		if c.c.N == 0 || !strings.Contains(c.c.Example, c.ex) {
			t.Errorf("%s: %d, first %q; want some, first containing %q", c.what, c.c.N, c.c.Example, c.ex)
		}
	}
	for _, want := range []string{"exceeds the bound", "not monotone", "not odd", "outside the tanh range", "NaN inputs give a number", "tiny inputs"} {
		if !slices.ContainsFunc(f.Problems, func(p string) bool { return strings.Contains(p, want) }) {
			t.Errorf("no problem says %q", want)
		}
	}
	if fs[0].DiffPureGo.N != 0 || len(fs[0].Problems) != 0 {
		t.Errorf("purego: %d differences from itself, problems %q", fs[0].DiffPureGo.N, fs[0].Problems)
	}
}

// tiny_identity: one float from x is allowed where tanh rounds to x, two are not, and past
// where it rounds to x nothing is asked.
func TestTinyIdentity(t *testing.T) {
	off := func(steps int, lo, hi float32) func(dst, src []float32) {
		return func(dst, src []float32) {
			tanh32(dst, src)
			for i, x := range src {
				if x > lo && x < hi {
					for range steps {
						dst[i] = math.Nextafter32(dst[i], 1)
					}
				}
			}
		}
	}
	for _, c := range []struct {
		name string
		f    func(dst, src []float32)
		want uint64 // 0: none; 1: some
	}{
		{"one float off where tanh rounds to x", off(1, 1e-5, 2e-5), 0},
		{"two floats off where tanh rounds to x", off(2, 1e-5, 2e-5), 1},
		{"two floats off past it", off(2, 1e-3, 2e-3), 0},
		{"one float off below 2^-25", off(1, 1e-9, 2e-9), 1},
	} {
		f := certify32(t, tanhCase, level[float32]{"k", c.f})[0]
		if (f.Tiny.N > 0) != (c.want > 0) {
			t.Errorf("%s: %d tiny inputs off x (first %s), want some: %v", c.name, f.Tiny.N, f.Tiny.Example, c.want > 0)
		}
	}
}

func TestDetectsPositionDependence(t *testing.T) {
	f := certify32(t, tests.Case{Name: "Tanh", Target: "tanh", Class: "ranged", Lo: -1, Hi: 1, ULP: 0.5},
		level[float32]{"positional", positional})[0]
	if !slices.ContainsFunc(f.Problems, func(p string) bool { return strings.Contains(p, "depend on the position") }) {
		t.Errorf("problems %q: want the position dependence", f.Problems)
	}
}

// TestReportDeterministic certifies real kernels with 1, 2 and 3 workers: the reports must be
// the same byte for byte.
func TestReportDeterministic(t *testing.T) {
	var md, js [][]byte
	dir := t.TempDir() // the same files each time: the report names them
	for _, workers := range []int{1, 2, 3} {
		cfg := config{
			specs: []string{"../../spec/paper.toml"}, run: regexp.MustCompile(`^(TanhPade44|SigmoidFastExp512Clamp|SchraudolphExp)F`),
			types: []string{"float32", "float64"}, step: 1 << 16, perBinade: 64, seed: 1, workers: workers,
			md: filepath.Join(dir, "c.md"), json: filepath.Join(dir, "c.json"),
		}
		r, err := certify(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if err := write(cfg, r); err != nil {
			t.Fatal(err)
		}
		m, _ := os.ReadFile(cfg.md)
		j, _ := os.ReadFile(cfg.json)
		md, js = append(md, m), append(js, j)
		if _, err := certified.Load(cfg.json); err != nil {
			t.Fatal(err)
		}
	}
	for i := 1; i < len(md); i++ {
		if !bytes.Equal(md[0], md[i]) || !bytes.Equal(js[0], js[i]) {
			t.Fatalf("reports differ between runs with 1 and %d workers", i+1)
		}
	}
	for _, want := range []string{"| TanhPade44 | purego |", "| SchraudolphExp |", "## float64"} {
		if !bytes.Contains(md[0], []byte(want)) {
			t.Errorf("markdown report lacks %q", want)
		}
	}
}

// TestSpaces: the units cover their space in order, each prefix is the previous unit's last, and
// visited agrees with the units.
func TestSpaces(t *testing.T) {
	for _, sp := range []space{space32{step: 1 << 20}, space32{step: 3 << 18}, space64{perBinade: 40, seed: 7}} {
		var all []uint64
		last := uint64(0)
		for u := range sp.units() {
			ms, prefix := sp.unit(u, nil)
			if prefix != (u > 0) || prefix && ms[0] != last {
				t.Fatalf("%T unit %d: prefix %v, first %#x, previous last %#x", sp, u, prefix, ms[0], last)
			}
			if prefix {
				ms = ms[1:]
			}
			all = append(all, ms...)
			last = ms[len(ms)-1]
		}
		if !slices.IsSorted(all) || len(slices.Compact(slices.Clone(all))) != len(all) {
			t.Fatalf("%T: magnitudes not increasing", sp)
		}
		for _, m := range all[:min(len(all), 3000)] {
			if !sp.visited(m) || sp.visited(m+1) && !slices.Contains(all, m+1) {
				t.Fatalf("%T: visited(%#x) disagrees with the units", sp, m)
			}
		}
	}
	if n := (space64{perBinade: 1 << 15}).units() * chunk * 2; n < 1e8 {
		t.Errorf("the default float64 sweep has %d inputs, want at least 10^8", n)
	}
}

// BenchmarkUnit32 certifies float32 units of the paper's kernels, spread over the space: a full
// run takes about ns/op × 262144 / workers.
func BenchmarkUnit32(b *testing.B) {
	cfg := config{specs: []string{"../../spec/paper.toml"}, run: regexp.MustCompile(""), types: []string{"float32"}}
	k32, _, _, err := load(cfg)
	if err != nil {
		b.Fatal(err)
	}
	w := newEngine(k32, 1).newWorker()
	sp := space32{step: 1}
	b.ResetTimer()
	for i := range b.N {
		u := (i*40503 + 12345) % sp.units()
		w.do(sp, u, int64(u))
	}
}

// A kernel whose pure-Go code is not the spec's program is refused as stale, with an error
// -skip-stale recognises; the program itself passes.
func TestStaleKernelIsRecognised(t *testing.T) {
	entries, err := spec.Load("../../spec/paper.toml")
	if err != nil {
		t.Fatal(err)
	}
	programs := map[string]*ir.Program{}
	for i := range entries {
		if n := entries[i].Name; n == "tanh_pade_4_4" || n == "serp" {
			a, err := lower.New(&entries[i])
			if err != nil {
				t.Fatal(err)
			}
			if programs[n], err = a.Program(ir.F32); err != nil {
				t.Fatal(err)
			}
		}
	}
	impls := approx.Implementations()
	if _, err := newKernel[float32](tanhCase, "tanh_pade_4_4", "TanhPade44F32", programs["tanh_pade_4_4"], impls); err != nil {
		t.Errorf("the current kernel: %v", err)
	}
	_, err = newKernel[float32](tanhCase, "tanh_pade_4_4", "TanhPade44F32", programs["serp"], impls)
	var se *staleError
	if !errors.As(err, &se) {
		t.Errorf("TanhPade44F32 against serp's program: %v, want a stale error", err)
	}
}
