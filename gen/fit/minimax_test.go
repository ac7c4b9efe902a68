package fit

import (
	"math"
	"testing"
)

func TestMinimaxRecoversPolynomial(t *testing.T) {
	want := []float64{0.5, -1, 0.25, 2}
	f := func(x float64) float64 { return ((want[3]*x+want[2])*x+want[1])*x + want[0] }
	p, _, e, err := Minimax(f, 3, 0, -2, 3, MinimaxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if math.Abs(p[i]-want[i]) > 1e-9 {
			t.Errorf("c[%d] = %.12g, want %g", i, p[i], want[i])
		}
	}
	if e > 1e-9 {
		t.Errorf("max error %g on an exactly representable function", e)
	}
}

// The best degree-4 polynomial for exp on [-1, 1] equioscillates: its error reaches its
// maximum with alternating signs at n+2 = 6 points (Chebyshev's theorem).
func TestMinimaxEquioscillates(t *testing.T) {
	p, _, e, err := Minimax(math.Exp, 4, 0, -1, 1, MinimaxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	errAt := func(x float64) float64 { return evalPoly(p, x) - math.Exp(x) }
	var extrema []float64
	const n = 200001
	prev, cur := errAt(-1), errAt(-1+2.0/(n-1))
	extrema = append(extrema, prev) // the end points are extrema of the best approximation
	for i := 2; i < n; i++ {
		next := errAt(-1 + 2*float64(i)/(n-1))
		if (cur-prev)*(next-cur) < 0 {
			extrema = append(extrema, cur)
		}
		prev, cur = cur, next
	}
	extrema = append(extrema, cur)
	if len(extrema) != 6 {
		t.Fatalf("%d extrema, want 6: %v", len(extrema), extrema)
	}
	for i, v := range extrema {
		if math.Abs(math.Abs(v)-e)/e > 1e-4 {
			t.Errorf("extremum %d is %.6g, want ±%.6g", i, v, e)
		}
		if i > 0 && math.Signbit(v) == math.Signbit(extrema[i-1]) {
			t.Errorf("extrema %d and %d have the same sign", i-1, i)
		}
	}
	// The known value: E_4(exp, [-1, 1]) ≈ 5.47e-4 (Chebyshev economisation gives 5.5e-4).
	if e < 5.4e-4 || e > 5.5e-4 {
		t.Errorf("max error %.4g, want about 5.47e-4", e)
	}
}

// For tanh_pade_4_4's setting (odd (4, 4) rational on [-5.5, 5.5]) minimax beats the paper's
// linearized least squares (4.57e-3) on the max error.
func TestMinimaxBeatsLeastSquares(t *testing.T) {
	pl, ql, err := Rational(math.Tanh, 4, 4, -5.5, 5.5, 5000, Odd)
	if err != nil {
		t.Fatal(err)
	}
	pm, qm, e, err := Minimax(math.Tanh, 4, 4, -5.5, 5.5, MinimaxOptions{Symmetry: Odd})
	if err != nil {
		t.Fatal(err)
	}
	maxErr := func(p, q []float64) float64 {
		m := 0.0
		for _, x := range Grid(-5.5, 5.5, 100001) {
			m = math.Max(m, math.Abs(evalPoly(p, x)/evalPoly(q, x)-math.Tanh(x)))
		}
		return m
	}
	ls, mm := maxErr(pl, ql), maxErr(pm, qm)
	t.Logf("max abs error: least squares %.3g, minimax %.3g (fit reports %.3g)", ls, mm, e)
	if mm >= ls {
		t.Errorf("minimax %.3g does not beat least squares %.3g", mm, ls)
	}
	if math.Abs(mm-e)/e > 1e-3 {
		t.Errorf("the fit reports %.4g, the dense check finds %.4g", e, mm)
	}
}

func TestMinimaxRelativeOddExactOrigin(t *testing.T) {
	p, q, e, err := Minimax(math.Tanh, 9, 8, 0, 9, MinimaxOptions{Measure: Relative, Symmetry: Odd, ExactOrigin: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("tanh 9/8 relative on [0, 9]: %.3g\np %v\nq %v", e, p, q)
	if p[1] != 1 || q[0] != 1 {
		t.Errorf("p1 = %v, q0 = %v, want 1 and 1", p[1], q[0])
	}
	if e > 1e-7 {
		t.Errorf("relative error %.3g", e)
	}
}

// The ULP measure: fitted to exp on [-1, 1] (outputs across the binades [0.25, 0.5), [0.5, 1),
// [1, 2) and [2, 4)), its max error in ULPs, checked on a dense grid with ULPs taken
// independently (math.Nextafter), is below the relative fit's, and it equioscillates in ULPs.
// Symmetric: tanh, odd degree 9, on [0, 2] (outputs across four binades).
func TestMinimaxULP(t *testing.T) {
	ulps := func(approx, want float64) float64 {
		return math.Abs(approx-want) / (math.Nextafter(math.Abs(want), math.Inf(1)) - math.Abs(want))
	}
	for _, c := range []struct {
		name   string
		f      func(float64) float64
		n      int
		lo, hi float64
		sym    Symmetry
	}{
		{"exp", math.Exp, 4, -1, 1, None},
		{"tanh", math.Tanh, 9, 0, 2, Odd},
	} {
		maxULP := func(m ErrorMeasure) (float64, []float64) {
			p, _, _, err := Minimax(c.f, c.n, 0, c.lo, c.hi, MinimaxOptions{Measure: m, Symmetry: c.sym})
			if err != nil {
				t.Fatal(err)
			}
			var errs []float64
			worst := 0.0
			for _, x := range Grid(c.lo+1e-9, c.hi, 200001) {
				u := ulps(evalPoly(p, x), c.f(x))
				errs = append(errs, u)
				worst = math.Max(worst, u)
			}
			return worst, errs
		}
		rel, _ := maxULP(Relative)
		ulp, errs := maxULP(ULP)
		t.Logf("%s: max error, relative fit %.4g float64 ULPs, ULP fit %.4g", c.name, rel, ulp)
		if ulp >= 0.97*rel {
			t.Errorf("%s: the ULP fit's max error %.4g ULPs is not below the relative fit's %.4g", c.name, ulp, rel)
		}
		// Equioscillation in ULPs: at least n+2 local maxima of the error within 1% of the max
		// (n+2 = 6 for exp; for tanh's 5 free coefficients in x^2, 6 too).
		peaks := 0
		for i := 1; i+1 < len(errs); i++ {
			if errs[i] >= errs[i-1] && errs[i] > errs[i+1] && errs[i] > 0.99*ulp {
				peaks++
			}
		}
		if errs[0] > 0.99*ulp {
			peaks++
		}
		if errs[len(errs)-1] > 0.99*ulp {
			peaks++
		}
		if peaks < 6 {
			t.Errorf("%s: %d error peaks within 1%% of the max, want at least 6", c.name, peaks)
		}
	}
}

// Fixed coefficients stay as given: expm1 on [-0.35, 0.35] through the origin with slope
// exactly 1, as tanh's q(w) = 2w + w^2·Q(w) needs; the fit stays near the free one's error
// (pinning what the free fit nearly chooses costs little), and symmetric fits refuse them.
func TestMinimaxFixed(t *testing.T) {
	o := MinimaxOptions{Measure: Relative, ExactOrigin: true}
	_, _, free, err := Minimax(math.Expm1, 6, 0, -0.35, 0.35, o)
	if err != nil {
		t.Fatal(err)
	}
	o.Low = []float64{0, 1}
	p, _, e, err := Minimax(math.Expm1, 6, 0, -0.35, 0.35, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("free %.3g, slope fixed %.3g: %v", free, e, p)
	if p[0] != 0 || p[1] != 1 {
		t.Errorf("p0 = %v, p1 = %v, want 0 and 1", p[0], p[1])
	}
	if e > 1.5*free {
		t.Errorf("error %.3g with the slope fixed, %.3g free", e, free)
	}
	// Checked independently on a dense grid.
	worst := 0.0
	for _, x := range Grid(-0.35, 0.35, 100001) {
		if x != 0 {
			worst = math.Max(worst, math.Abs(evalPoly(p, x)/math.Expm1(x)-1))
		}
	}
	if math.Abs(worst-e) > 0.01*e {
		t.Errorf("the fit reports %.4g, the dense check finds %.4g", e, worst)
	}
	if _, _, _, err := Minimax(math.Tanh, 5, 0, 0, 1, MinimaxOptions{Symmetry: Odd, Low: []float64{0, 1}}); err == nil {
		t.Error("a symmetric fit took fixed coefficients")
	}
}
