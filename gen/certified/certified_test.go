package certified

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/actapprox/approx/gen/ir"
)

func sample() *Report {
	f := func(level string, abs, ulp float64, holds bool) Figures {
		return Figures{
			Spec: "tanh_pade_4_4", Program: "0123456789abcdef", Target: "tanh", Class: "ranged",
			Domain: [2]Num{-5.5, 5.5}, Bound: Bound{Abs: 0.0046}, Sweep: "all 2^32 inputs", Inputs: 1 << 31,
			MaxAbs: Num(abs), MaxAbsAt: 0.5, MaxULP: Num(ulp), MaxULPAt: 1e-3, MaxRel: Num(math.Inf(1)),
			BoundHolds: holds, AtNegInf: Num(math.NaN()), AtPosInf: Num(math.Inf(-1)), AtNaN: Num(math.NaN()),
			Monotone: Count{N: 2, Example: "f(1) = 2 > f(1.1) = 1"},
		}
	}
	return &Report{Version: Version, Machine: "test", Step: 1, PerBinade: 1 << 15, Seed: 1,
		Kernels: map[string]map[string]map[string]Figures{"TanhPade44": {"float32": {
			"purego": f("purego", 0.00457, 2.4e5, true),
			"avx2":   f("avx2", 0.00458, 2.3e5, false),
		}}}}
}

func TestRoundTrip(t *testing.T) {
	r := sample()
	b, err := r.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "certified.json")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	b2, _ := got.Marshal()
	if !bytes.Equal(b, b2) {
		t.Fatalf("round trip changed the file:\n%s\n%s", b, b2)
	}
	f := got.Kernels["TanhPade44"]["float32"]["avx2"]
	if !math.IsInf(float64(f.MaxRel), 1) || !math.IsNaN(float64(f.AtNaN)) || !math.IsInf(float64(f.AtPosInf), -1) {
		t.Errorf("infinities and NaN did not survive: %v %v %v", f.MaxRel, f.AtNaN, f.AtPosInf)
	}
}

func TestLoadRejects(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"version": `{"version": 99}`,
		"unknown": `{"version": 1, "colour": "red"}`,
		"number":  `{"version": 1, "kernels": {"A": {"float32": {"purego": {"max_abs": "lots"}}}}}`,
	} {
		path := filepath.Join(dir, name+".json")
		os.WriteFile(path, []byte(text), 0o644)
		if _, err := Load(path); err == nil {
			t.Errorf("%s: Load accepted %s", name, text)
		}
	}
}

func TestSummary(t *testing.T) {
	r := sample()
	s, ok := r.Summary("TanhPade44", "float32")
	if !ok || s.MaxAbs != 0.00458 || s.MaxULP != 2.4e5 || s.BoundHolds || strings.Join(s.Levels, ",") != "avx2,purego" {
		t.Fatalf("summary %+v", s)
	}
	if s.Decreasing != 4 || s.NotOdd != 0 || s.Tiny != 0 {
		t.Errorf("counts summed over the levels: decreasing %d, not odd %d, tiny %d; want 4, 0, 0", s.Decreasing, s.NotOdd, s.Tiny)
	}
	want := "Certified float32 on all 2^32 inputs (avx2, purego): max abs error 0.00458, max 2.4e+05 ULP."
	if got := s.Sentence(); got != want {
		t.Errorf("sentence %q, want %q", got, want)
	}
	if _, ok := r.Summary("TanhPade44", "float64"); ok {
		t.Error("a summary for an uncertified type")
	}
	if !r.Fresh("TanhPade44", "float32", "0123456789abcdef") || r.Fresh("TanhPade44", "float32", "other") || r.Fresh("Nope", "float32", "") {
		t.Error("Fresh is wrong")
	}
}

func TestFingerprint(t *testing.T) {
	prog := func(c float64) *ir.Program {
		b := ir.NewBuilder(ir.F32)
		return b.Program(b.Mul(b.X(), b.Const(c)))
	}
	if Fingerprint(prog(2)) != Fingerprint(prog(2)) || Fingerprint(prog(2)) == Fingerprint(prog(3)) {
		t.Error("the fingerprint does not follow the constants")
	}
}
