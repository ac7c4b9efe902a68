package tests

import (
	"math"
	"math/big"
	"math/rand"
	"testing"

	"github.com/actapprox/approx/gen/fit"
)

// The double-double references agree with 256-bit evaluations rounded to float64: within half
// an ULP plus a hair (the 256-bit value is the exact one, rounded once).
func TestPreciseReferencesAgainstBigFloat(t *testing.T) {
	b := func(x float64) *big.Float { return new(big.Float).SetPrec(fit.Prec).SetFloat64(x) }
	one := b(1)
	bigRefs := map[string]func(x float64) *big.Float{
		"exp": func(x float64) *big.Float { return fit.BigExp(b(x)) },
		"sigmoid": func(x float64) *big.Float {
			d := new(big.Float).SetPrec(fit.Prec).Add(one, fit.BigExp(b(-x)))
			return d.Quo(one, d)
		},
		"tanh": func(x float64) *big.Float {
			m := fit.BigExpm1(b(2 * x))
			d := new(big.Float).SetPrec(fit.Prec).Add(m, b(2))
			return m.Quo(m, d)
		},
	}
	r := rand.New(rand.NewSource(1))
	for target, ref := range bigRefs {
		f := ReferenceFor(target, 53)
		var xs []float64
		for range 3000 {
			xs = append(xs, r.NormFloat64()*math.Pow(2, float64(r.Intn(14)-6)))
		}
		if target == "exp" {
			xs = append(xs, 709.5, 709.77, 709.78, -700, -708.3, 0.5*math.Ln2)
		}
		worst := 0.0
		for _, x := range xs {
			want, _ := ref(x).Float64()
			if math.IsInf(want, 0) || want == 0 {
				continue
			}
			got := f(x)
			d := new(big.Float).SetPrec(fit.Prec).Sub(b(got), ref(x))
			e, _ := d.Float64()
			u := math.Abs(e) / ULP(want, 53)
			worst = max(worst, u)
			if u > 0.501 {
				t.Errorf("%s(%v) = %v, 256-bit %v: %.3f ULP", target, x, got, want, u)
			}
		}
		t.Logf("%s: worst %.4f ULP over %d inputs", target, worst, len(xs))
	}
	// Go's math.Exp overflows early on amd64; the reference must not.
	if math.IsInf(ExpPrecise(709.77), 0) {
		t.Error("ExpPrecise(709.77) is +Inf; e^709.77 = 1.775e308 is finite")
	}
}
