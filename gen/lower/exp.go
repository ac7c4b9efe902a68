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

// Cut-offs of exp in a format: below lowCut e^x is below the smallest normal (the result is
// 0, never a denormal); above highCut it overflows (+Inf).
func (f floatFormat) cutoffs() (lowCut, highCut float64) {
	return math.Log(f.minNormal), math.Log(f.maxFloat)
}

// fitExpPoly fits the polynomial for e^r on the reduced range.
func (a *Approximant) fitExpPoly() ([]float64, error) {
	e := a.Entry
	if e.Fit.Range[0] > -math.Ln2/2 || e.Fit.Range[1] < math.Ln2/2 {
		return nil, fmt.Errorf("fit: range [%v, %v] must cover the reduced argument's [-ln2/2, ln2/2]", e.Fit.Range[0], e.Fit.Range[1])
	}
	p, _, err := fitRational(e.Fit, math.Exp, e.Degree, 0)
	if err != nil {
		return nil, err
	}
	a.P, a.Q = p, []float64{1}
	a.Coeffs = p
	return p, nil
}

// expBody emits e^x by range reduction: n = round(x/ln 2), r = x - n·ln 2 in two steps,
// e^r by the polynomial p, scaled by 2^n built in the exponent bits. n is capped at the largest
// exponent (the one extra doubling goes into p); results below the smallest normal are 0 and
// overflows +Inf when overflow is set. NaN is not handled here.
func expBody(b *ir.Builder, x ir.Value, p []float64, overflow bool) ir.Value {
	f := format(b.Type())
	hi, lo := f.ln2Split()
	// Adding 1.5·2^mantissa rounds to an integer (|x/ln 2| is far below 2^(mantissa-1)).
	magic := b.Const(1.5 * math.Ldexp(1, f.mantissa))
	n := b.Sub(b.FMA(x, b.Const(1/math.Ln2), magic), magic)
	r := b.FMA(n, b.Const(-hi), x)
	r = b.FMA(n, b.Const(-lo), r)
	y := horner(b, r, p)
	// 2^n for n up to maxExp+1: cap n, fold the remainder (0 or 1) into y as a doubling.
	nc := b.Min(n, b.Const(float64(f.maxExp)))
	y = b.FMA(y, b.Sub(n, nc), y)
	scale := b.FromBits(b.Shl(b.ToInt(b.Add(nc, b.Const(float64(f.bias)))), f.mantissa))
	y = b.Mul(y, scale)
	lowCut, highCut := f.cutoffs()
	zero := b.Const(0)
	y = b.Select(b.Cmp(ir.OpLT, x, b.Const(lowCut)), zero, y)
	y = b.Select(b.Cmp(ir.OpLT, y, b.Const(f.minNormal)), zero, y) // never a denormal
	if overflow {
		y = b.Select(b.Cmp(ir.OpGT, x, b.Const(highCut)), b.Const(math.Inf(1)), y)
	}
	return y
}

// nanPassThrough returns x where x is NaN, else y.
func nanPassThrough(b *ir.Builder, x, y ir.Value) ir.Value {
	return b.Select(b.Cmp(ir.OpNE, x, x), x, y)
}

// expReduced: exp(x) by range reduction.
func (a *Approximant) expReduced() error {
	p, err := a.fitExpPoly()
	if err != nil {
		return err
	}
	a.Formula = fmt.Sprintf("2^n · p(r), n = round(x/ln2), r = x - n·ln2 (two constants), p = %s; 0 below ln(smallest normal), +Inf above ln(max float)", polyString(p))
	a.body = func(b *ir.Builder, x ir.Value) ir.Value {
		return nanPassThrough(b, x, expBody(b, x, p, true))
	}
	return nil
}

// sigmoidExp: e = exp(-|x|) as in expReduced, f = e/(1+e); sigmoid is f for x <= 0 and 1 - f
// above, so no cancellation on either side and no denormal output.
func (a *Approximant) sigmoidExp() error {
	p, err := a.fitExpPoly()
	if err != nil {
		return err
	}
	a.Formula = fmt.Sprintf("f = e/(1+e), e = exp(-|x|) by range reduction with p = %s; f for x <= 0, 1 - f above", polyString(p))
	a.body = func(b *ir.Builder, x ir.Value) ir.Value {
		e := expBody(b, b.Neg(b.Abs(x)), p, false)
		one := b.Const(1)
		f := b.Div(e, b.Add(one, e))
		y := b.Select(b.Cmp(ir.OpGT, x, b.Const(0)), b.Sub(one, f), f)
		return nanPassThrough(b, x, y)
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
