package lower

import (
	"fmt"
	"math"

	"github.com/actapprox/approx/gen/ir"
	"github.com/actapprox/approx/tests"
)

// floatFormat describes a float type for range reduction.
type floatFormat struct {
	mantissa  int     // stored mantissa bits: 23 or 52
	bias      int     // exponent bias: 127 or 1023
	maxExp    int     // largest normal exponent: 127 or 1023
	minNormal float64 // smallest normal
	maxFloat  float64
	lowBits   int // ln 2's high part leaves this many low mantissa bits zero, so n·ln2hi is exact
}

func format(t ir.Type) floatFormat {
	if t == ir.F32 {
		return floatFormat{23, 127, 127, 0x1p-126, math.MaxFloat32, 12}
	}
	return floatFormat{52, 1023, 1023, 0x1p-1022, math.MaxFloat64, 21}
}

// round rounds x to the format's precision.
func (f floatFormat) round(x float64) float64 {
	if f.mantissa == 23 {
		return float64(float32(x))
	}
	return x
}

// ln2Split returns ln 2 = hi + lo with hi's low mantissa bits zero, so that n·hi is exact for
// every exponent n of the format (Cody and Waite's two-constant reduction).
func (f floatFormat) ln2Split() (hi, lo float64) {
	hi = f.round(math.Ln2)
	if f.mantissa == 23 {
		hi = float64(math.Float32frombits(math.Float32bits(float32(hi)) &^ (1<<f.lowBits - 1)))
	} else {
		hi = math.Float64frombits(math.Float64bits(hi) &^ (1<<f.lowBits - 1))
	}
	return hi, math.Ln2 - hi
}

// log2e returns a float of the format just below log2(e): two steps below the rounded value,
// so that t = x·log2e, even after its own rounding, never reaches the next integer before the
// exact x/ln 2 does for x > 0. n = floor(t) then switches to the exponent of +Inf only where
// the exact result overflows. n can be one too small just above an integer (x > 0), which
// leaves r slightly above ln 2, or one too large just below one (x < 0), which leaves r
// slightly below 0; the fit range covers both.
func (f floatFormat) log2e() float64 {
	if f.mantissa == 23 {
		c := float32(math.Log2E)
		return float64(math.Nextafter32(math.Nextafter32(c, 0), 0))
	}
	return math.Nextafter(math.Nextafter(math.Log2E, 0), 0)
}

// fitExpPoly fits the polynomial for e^r on the reduced range and scales it by scale (a power
// of two, so the scaling is exact).
func (a *Approximant) fitExpPoly(scale float64) ([]float64, error) {
	e := a.Entry
	if e.Fit.Range[0] > 0 || e.Fit.Range[1] < expReducedTop {
		return nil, fmt.Errorf("fit: range [%v, %v] must cover the reduced argument's [0, %v]", e.Fit.Range[0], e.Fit.Range[1], expReducedTop)
	}
	p, _, err := fitRational(e.Fit, math.Exp, e.Degree, 0)
	if err != nil {
		return nil, err
	}
	for i := range p {
		p[i] *= scale
	}
	a.P, a.Q = p, []float64{1}
	a.Coeffs = p
	return p, nil
}

// expReducedTop is the largest reduced argument r = x - n·ln 2 of expBody: ln 2, plus what the
// lowered log2e lets through (n one too small at x/ln 2 up to 1025).
const expReducedTop = 0.6935

// expBody emits 2^n · p(r), n = floor(x·log2e), r = x - n·ln 2 in two steps (Cody and Waite),
// 2^n built in the exponent bits from n + bias. x is first clamped to where n + bias stays in
// [0, 2·bias + 1]: there n + bias = 0 gives the bits of +0 (a result of 0) and 2·bias + 1
// those of +Inf. NaN comes through min, max and the products. When p is scaled by a power of
// two s, the result is s·e^x, which overflows where e^x > max/s.
func expBody(b *ir.Builder, x ir.Value, p []float64) ir.Value {
	f := format(b.Type())
	hi, lo := f.ln2Split()
	x = b.Max(b.Min(x, b.Const((float64(f.bias)+1.5)*math.Ln2)), b.Const((0.5-float64(f.bias))*math.Ln2))
	n := b.Floor(b.Mul(x, b.Const(f.log2e())))
	r := b.FMA(n, b.Const(-hi), x)
	r = b.FMA(n, b.Const(-lo), r)
	y := horner(b, r, p)
	scale := b.FromBits(b.Shl(b.ToInt(b.Add(n, b.Const(float64(f.bias)))), f.mantissa))
	return b.Mul(y, scale)
}

// expReduced: exp(x) by range reduction, with results below the smallest normal flushed to 0
// (n one too large just below -bias leaves such a result).
func (a *Approximant) expReduced() error {
	p, err := a.fitExpPoly(1)
	if err != nil {
		return err
	}
	a.Formula = fmt.Sprintf("2^n · p(r), n = floor(x·log2e), r = x - n·ln2 (two constants), p = %s; 0 below the smallest normal, +Inf past the largest float", polyString(p))
	a.body = func(b *ir.Builder, x ir.Value) ir.Value {
		y := expBody(b, x, p)
		return b.Select(b.Cmp(ir.OpLT, y, b.Const(format(b.Type()).minNormal)), b.Const(0), y)
	}
	return nil
}

// sigmoidExp: sigmoid(x) = 4/(4 + E), E = 4·exp(-x) by expBody with p scaled by 4. The 4 is
// exact and changes no rounding, but it makes E overflow, and the result 0, exactly where
// sigmoid(x) falls below the smallest normal: no denormal output, no flush.
func (a *Approximant) sigmoidExp() error {
	p, err := a.fitExpPoly(4)
	if err != nil {
		return err
	}
	a.Formula = fmt.Sprintf("4 / (4 + E), E = 4·exp(-x) = 2^n · p(r) by range reduction with p = %s", polyString(p))
	a.body = func(b *ir.Builder, x ir.Value) ir.Value {
		four := b.Const(4)
		return b.Div(four, b.Add(four, expBody(b, b.Neg(x), p)))
	}
	return nil
}

// autoClamp finds, for the approximant's program without clamp in type t, the first float
// c > 0 at which it rounds to the target's upper limit, searching the fit range by bisection
// (the approximant must be monotone there).
func (a *Approximant) autoClamp(t ir.Type, body *ir.Program) (float64, error) {
	lim, ok := tests.Limits(a.Entry.Target)
	if !ok {
		return 0, fmt.Errorf("target %s has no limit", a.Entry.Target)
	}
	hi := a.Entry.Fit.Range[1]
	if body.Eval(hi) < lim[1] {
		return 0, fmt.Errorf("the %s approximant stays below %v up to the end of its fit range %v; widen the range", t, lim[1], hi)
	}
	// Bisect on the ordered bit patterns of positive floats of type t.
	toBits, fromBits := func(x float64) uint64 { return math.Float64bits(x) }, math.Float64frombits
	if t == ir.F32 {
		toBits = func(x float64) uint64 { return uint64(math.Float32bits(float32(x))) }
		fromBits = func(u uint64) float64 { return float64(math.Float32frombits(uint32(u))) }
	}
	l, h := toBits(0), toBits(hi) // f(l) < limit <= f(h)
	for h-l > 1 {
		m := l + (h-l)/2
		if body.Eval(fromBits(m)) >= lim[1] {
			h = m
		} else {
			l = m
		}
	}
	return fromBits(h), nil
}
