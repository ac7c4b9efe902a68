package lower

import (
	"fmt"
	"math"
	"math/big"

	"github.com/actapprox/approx/gen/fit"
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

// next is the float of the format after x (one of the format) in the direction of to.
func (f floatFormat) next(x, to float64) float64 {
	if f.mantissa == 23 {
		return float64(math.Nextafter32(float32(x), float32(to)))
	}
	return math.Nextafter(x, to)
}

// firstAbove is the least float of the format at or above c.
func (f floatFormat) firstAbove(c *big.Float) float64 {
	x, _ := c.Float64()
	x = f.round(x)
	for big.NewFloat(x).Cmp(c) < 0 {
		x = f.next(x, math.Inf(1))
	}
	for p := f.next(x, math.Inf(-1)); big.NewFloat(p).Cmp(c) >= 0; p = f.next(x, math.Inf(-1)) {
		x = p
	}
	return x
}

// ln2Split returns ln 2 = hi + lo with hi's low mantissa bits zero, so that n·hi is exact for
// every exponent n of the format (Cody and Waite's two-constant reduction). lo is rounded once
// from ln 2 - hi: for float64, n·lo must be right to float64 precision at n = 1023.
func (f floatFormat) ln2Split() (hi, lo float64) {
	hi = f.round(math.Ln2)
	if f.mantissa == 23 {
		hi = float64(math.Float32frombits(math.Float32bits(float32(hi)) &^ (1<<f.lowBits - 1)))
	} else {
		hi = math.Float64frombits(math.Float64bits(hi) &^ (1<<f.lowBits - 1))
	}
	return hi, (math.Ln2 - hi) + tests.Ln2Lo // the difference is exact: hi is math.Ln2 cut short
}

// rounding is how reduce rounds z·log2e to n: n = round(z·Log2e - 1/2 + Tiny), Log2e a float at
// or below log2(e), Tiny > 0 so that z = 0 gives n = 0, not a tie that rounds to even (-1).
// Nearest rounds z·Log2e to the nearest integer instead (one FMA onto the magic; Tiny unused,
// Log2e any rounding of log2(e)), for a caller whose polynomial covers k·w in [-ln 2/2, ln 2/2]
// and a little past.
type rounding struct {
	Log2e, Tiny float64
	Nearest     bool
}

// safeRounding takes log2e two steps below the rounded value, so that z·log2e, even after its
// own rounding, never reaches the next integer before the exact z/ln 2 does for z > 0 (see
// reduce); its Tiny, 2^(6-mantissa), is below what the lowered log2e keeps off the integers
// near the top.
func (f floatFormat) safeRounding() rounding {
	return rounding{Log2e: f.next(f.next(f.round(math.Log2E), 0), 0), Tiny: math.Ldexp(1, 6-f.mantissa)}
}

// exactEnds returns a rounding under which reduce (z = x) finds n exactly where it decides
// between 0, a normal result and +Inf: n = 1 - bias at the first float x whose e^x is normal
// and -bias at the float below it, n <= bias below (bias + 1)·ln 2, pow2's two ends at
// expClamp's, n = 0 at 0. n rises with x (one rounded FMA, then the magic), so those points
// bound every other x, and exp needs no flush: below, 2^n is +0 and so is the result; above,
// n is right (r >= 0, p(r) >= 1) or one too large (2^n then twice the smallest normal, p(r)
// just below 1), and 2^n · p(r) is normal.
// In between, n is off by one at most, with r within expReducedRange. ok is false when none of
// the candidates (log2e rounded and one or two steps below, Tiny from 2^(6-mantissa) down)
// passes.
func exactEnds(t ir.Type) (r rounding, ok bool) {
	f := format(t)
	l := f.round(math.Log2E)
	if big.NewFloat(l).Cmp(bigLog2e()) > 0 {
		l = f.next(l, 0)
	}
	for range 3 {
		for _, e := range []int{6, 3, 0, -2} {
			if r := (rounding{Log2e: l, Tiny: math.Ldexp(1, e-f.mantissa)}); endsExact(t, r) {
				return r, true
			}
		}
		l = f.next(l, 0)
	}
	return rounding{}, false
}

// endsExact reports whether rounding r gets n right at the points exactEnds names, with n's
// error in r inside the polynomial's margin.
func endsExact(t ir.Type, r rounding) bool {
	f := format(t)
	b := ir.NewBuilder(t)
	v, _ := reduce(b, b.X(), 1, 0, false, r)
	p := b.Program(b.Sub(v, b.Const(f.magic()+float64(f.bias))))
	n := func(x float64) int { return int(p.Eval(x)) }
	normal := f.firstAbove(bigLn2(1 - f.bias))
	last := f.next(f.firstAbove(bigLn2(f.bias+1)), 0) // the largest float below (bias + 1)·ln 2
	lo, hi := expClamp(t, 1, 0)
	// How far z·Log2e - 1/2 + Tiny, rounded, can be from the exact z·log2e - 1/2.
	gap, _ := new(big.Float).Sub(bigLog2e(), big.NewFloat(r.Log2e)).Float64()
	slip := hi*gap + r.Tiny + math.Ldexp(hi, -f.mantissa)
	return n(normal) == 1-f.bias && n(f.next(normal, math.Inf(-1))) == -f.bias &&
		n(last) <= f.bias && n(f.round(lo)) == -f.bias && n(f.round(hi)) == f.bias+1 && n(0) == 0 &&
		slip*math.Ln2 < -expReducedRange[0]
}

// bigLn2 is k·ln 2 to about 106 bits.
func bigLn2(k int) *big.Float {
	ln2 := new(big.Float).SetPrec(fit.Prec).Add(big.NewFloat(math.Ln2), big.NewFloat(tests.Ln2Lo))
	return ln2.Mul(ln2, big.NewFloat(float64(k)))
}

// bigLog2e is log2(e) = 1/ln 2 to about 106 bits.
func bigLog2e() *big.Float { return new(big.Float).SetPrec(fit.Prec).Quo(big.NewFloat(1), bigLn2(1)) }

// magic is 1.5·2^mantissa: adding it to a float of magnitude below 2^(mantissa-1) rounds that
// float to an integer k, left in the low mantissa bits of the sum as k plus the magic's own.
func (f floatFormat) magic() float64 { return 1.5 * math.Ldexp(1, f.mantissa) }

// pow2 returns 2^k from v = magic + k + bias, k + bias in [0, 2·bias + 1]: the low bits
// shifted into the exponent field (the magic's bits fall off the top). k + bias = 0 gives +0,
// 2·bias + 1 gives +Inf; a NaN v gives +0.
func pow2(b *ir.Builder, v ir.Value) ir.Value {
	return b.FromBits(b.Shl(b.ToBits(v), format(b.Type()).mantissa))
}

// expReducedRange is where r of expBody lies: [0, ln 2], with room for n one off next to an
// integer.
var expReducedRange = [2]float64{-5e-5, math.Ln2 + 5e-5}

// fitExpPoly fits the polynomial for e^r on expReducedRange, which the spec's fit range must
// cover.
func (a *Approximant) fitExpPoly() ([]float64, error) {
	e, r := a.Entry, expReducedRange
	if e.Fit.Range[0] > r[0] || e.Fit.Range[1] < r[1] {
		return nil, fmt.Errorf("fit: range [%v, %v] must cover the reduced argument's [%.6g, %.6g]", e.Fit.Range[0], e.Fit.Range[1], r[0], r[1])
	}
	p, _, err := fitRational(e.Fit, "exp", fit.BigExp, e.Degree, 0)
	if err != nil {
		return nil, err
	}
	a.P, a.Q = p, []float64{1}
	return p, nil
}

// reduce splits the exponential of z = k·x (k = ±1 or ±2) as e^z = 2^n · e^(k·w):
// n = floor(z·log2e), w = x - n·ln 2/k in two steps (Cody and Waite; ln 2's parts halve
// exactly for k = 2), so k·w = z - n·ln 2 is in [0, ln 2]. It returns v, the float whose low
// mantissa bits hold n + bias + extra (for pow2), and w. A polynomial in k·w is evaluated in
// w by scaling its coefficients by powers of k (kPowers): exact, and for k = -1 the same bits.
//
// n is rounded by the magic number as r says. With safeRounding, for z > 0 n is never too
// large: it reaches an exponent only where the exact result does (it can be one too small,
// leaving k·w a little above ln 2; for z < 0 it can be one too large, leaving k·w a little
// below 0). With exactEnds' rounding n can be one too large for z > 0 too, but not at the
// ends of the range. With a Nearest rounding n is the nearest integer and k·w is in
// [-ln 2/2, ln 2/2], a little past with log2e rounded. z must keep n + bias + extra within
// pow2's range (see expClamp). NaN comes through; pow2 then gives +0.
//
// With short, ln 2 is one rounded constant: one operation less, but w is then off by up to
// n·|ln 2 - round(ln 2)|/k, a relative error of about n·2^-mantissa in e^(k·w). That suits a
// caller whose result depends on e^(k·w) less as 2^-n (tanh's 1 - 2/(E + 1) and m = 1 -
// e^(-2|x|)), not exp itself.
func reduce(b *ir.Builder, x ir.Value, k float64, extra int, short bool, r rounding) (v, w ir.Value) {
	f := format(b.Type())
	m := b.Const(f.magic() + float64(f.bias+extra))
	if r.Nearest {
		v = b.FMA(x, b.Const(k*r.Log2e), m)
	} else {
		v = b.Add(b.FMA(x, b.Const(k*r.Log2e), b.Const(-0.5+r.Tiny)), m)
	}
	n := b.Sub(v, m)
	if short {
		return v, b.FMA(n, b.Const(-f.round(math.Ln2)/k), x)
	}
	hi, lo := f.ln2Split()
	w = b.FMA(n, b.Const(-hi/k), x)
	w = b.FMA(n, b.Const(-lo/k), w)
	return v, w
}

// expClamp returns the range of x that keeps reduce's n + bias + extra in [0, 2·bias + 1]:
// at the ends, pow2 gives +0 and +Inf.
func expClamp(t ir.Type, k float64, extra int) (lo, hi float64) {
	f := format(t)
	code := float64(f.bias + extra)
	lo, hi = (0.5-code)*math.Ln2/k, (2*float64(f.bias)+1.5-code)*math.Ln2/k
	return min(lo, hi), max(lo, hi)
}

// kPowers returns c_i·k^i: the polynomial c of k·w as a polynomial of w.
func kPowers(c []float64, k float64) []float64 {
	q := make([]float64, len(c))
	for i := range c {
		q[i] = c[i] * math.Pow(k, float64(i))
	}
	return q
}

// scaled is e^z as its two factors, p(r) and 2^n from pow2, for the caller to multiply.
type scaled struct{ poly, pow2 ir.Value }

// value is 2^n · p(r).
func (e scaled) value(b *ir.Builder) ir.Value { return b.Mul(e.poly, e.pow2) }

// plus is 2^n · p(r) + c in one FMA, for c >= 1. It rounds as value(b) + c does, one
// operation sooner: 2^n is +0, +Inf or a normal power of two and p(r) is near [1, 2], so
// their product is exact, or +Inf in both forms, or below the smallest normal, where c + it
// rounds to c either way.
func (e scaled) plus(b *ir.Builder, c ir.Value) ir.Value { return b.FMA(e.poly, e.pow2, c) }

// expBody emits 2^(n+extra) · p(r) for z = x, or z = -x when negate, by reduce; p's terms are
// all positive on [0, ln 2] (no cancellation, few wiggles between neighbouring inputs). x is
// first clamped by expClamp: below, the result is 0, above, +Inf. NaN comes through min, max
// and the products.
func expBody(b *ir.Builder, x ir.Value, p []float64, negate bool, extra int, r rounding) scaled {
	k := 1.0
	if negate {
		k = -1
	}
	lo, hi := expClamp(b.Type(), k, extra)
	return expClamped(b, b.Max(b.Min(x, b.Const(hi)), b.Const(lo)), p, k, extra, false, r)
}

// expClamped is expBody for x already clamped; short and r as for reduce.
func expClamped(b *ir.Builder, x ir.Value, p []float64, k float64, extra int, short bool, r rounding) scaled {
	v, w := reduce(b, x, k, extra, short, r)
	return scaled{horner(b, w, kPowers(p, k)), pow2(b, v)}
}

// expReduced: exp(x) by range reduction. Where exactEnds finds a rounding, 2^n is +0 exactly
// where e^x is below the smallest normal; else results below it, from n = 1 - bias with r just
// below 0, are flushed to 0 (one compare and one select more).
func (a *Approximant) expReduced() error {
	p, err := a.fitExpPoly()
	if err != nil {
		return err
	}
	a.Formula = fmt.Sprintf("2^n · p(r), n = floor(x·log2e), r = x - n·ln2 (two constants), p = %s; 0 below the smallest normal, +Inf past the largest float", a.poly(p))
	a.body = func(b *ir.Builder, x ir.Value) ir.Value {
		f := format(b.Type())
		if r, ok := exactEnds(b.Type()); ok {
			return expBody(b, x, p, false, 0, r).value(b)
		}
		y := expBody(b, x, p, false, 0, f.safeRounding()).value(b)
		return b.Select(b.Cmp(ir.OpLT, y, b.Const(f.minNormal)), b.Const(0), y)
	}
	return nil
}

// sigmoidExp: sigmoid(x) = 4/(4 + E), E = 4·e^-x = 2^(n+2) · p(r) by expBody. The 4 is
// exact and changes no rounding, but it makes E overflow, and the result 0, exactly where
// e^-x reaches 2^(bias-1), that is where sigmoid(x) falls below the smallest normal (p >= 1):
// no denormal output, no flush.
func (a *Approximant) sigmoidExp() error {
	p, err := a.fitExpPoly()
	if err != nil {
		return err
	}
	a.Formula = fmt.Sprintf("4 / (4 + E), E = 4·exp(-x) = 2^(n+2) · p(r), n = floor(-x·log2e), r = -x - n·ln2 (two constants), p = %s", a.poly(p))
	a.body = func(b *ir.Builder, x ir.Value) ir.Value {
		four := b.Const(4)
		return b.Div(four, expBody(b, x, p, true, 2, format(b.Type()).safeRounding()).plus(b, four))
	}
	return nil
}

// tanhExp: tanh(x) = sign(x)·t(|x|). Below the switch point (near_zero's fit range end),
// t is the odd polynomial x + x^3·P(x^2): its x term dominates the sum, so t rises with x in
// float arithmetic too, and tiny x returns x. Above, t = 1 - 2/(E + 1) with E = e^(2|x|) by
// expClamped (reduce with k = 2): E rises with x (see exp_reduced), and each of + 1, 2/ and
// 1 - rounds monotonically, where m/(m + 2) does not (its numerator and denominator round
// apart). That form cancels below t = 1/2, hence the polynomial there. E = +Inf gives 1 exactly, and t
// never passes 1. NaN takes the upper branch and comes through.
func (a *Approximant) tanhExp() error {
	p, err := a.fitExpPoly()
	if err != nil {
		return err
	}
	nz := a.Entry.NearZero
	c, _, err := fitRational(nz.Fit, "tanh", bigTanh, nz.Degree, 0)
	if err != nil {
		return fmt.Errorf("near_zero: %w", err)
	}
	if c[1] != 1 {
		return fmt.Errorf("near_zero: the x coefficient is %v, not 1", c[1])
	}
	below := nz.Fit.Range[1]
	a.Formula = fmt.Sprintf("sign(x)·t(|x|); t = %s below %v, 1 - 2/(E + 1) above, E = e^(2|x|) = 2^n · p(r), n = floor(2|x|·log2e), r = 2|x| - n·ln2 (one constant), p = %s", a.poly(c), below, a.poly(p))
	a.body = func(b *ir.Builder, x ir.Value) ir.Value {
		// The upper branch first, then the polynomial on x itself (odd, so signed already):
		// only x stays live across the long exp, which leaves registers to run more vectors
		// side by side. x^2 < below^2 picks the branch as |x| < below does, NaN going up.
		one := b.Const(1)
		_, hi := expClamp(b.Type(), 2, 0)
		// |x| >= 0: no lower clamp. One ln 2 constant: E's error of up to n·2^-mantissa
		// reaches t through q = 2/(E + 1) ≈ 2^(1-n), below 0.1 ULP for every n.
		e := expClamped(b, b.Min(b.Abs(x), b.Const(hi)), p, 2, 0, true, format(b.Type()).safeRounding())
		large := b.Sub(one, b.Div(b.Const(2), e.plus(b, one)))
		x2 := b.Mul(x, x)
		small := b.FMA(b.Mul(x, x2), horner(b, x2, every2(c, 3)), x)
		// The sign last, for both branches: small has x's sign already, except at -0, where
		// x^3·P(x^2) is +0 (P(0) < 0) and +0 + -0 rounds to +0.
		return b.CopySign(b.Select(b.Cmp(ir.OpLT, x2, b.Const(format(b.Type()).round(below*below))), small, large), x)
	}
	return nil
}

// tanhExpm1: tanh(x) = sign(x)·m/(2 - m), m = 1 - e^(-2|x|). With n = round(-2|x|·log2e)
// <= 0 and w = |x| + n·ln 2/2 in [-ln 2/4, ln 2/4], m = (1 - 2^n) + 2^n·q(w), q(w) = 1 -
// e^(-2w) = 2w + w^2·Q(w) = w + w·T(w), T = 1 + w·Q(w): one FMA, 1 - 2^n exact while it
// matters. One branch, no blend.
//
// Monotone: q = w + w·T rounds once, its w term exact. T ≈ 1 - 2w falls as w rises, but by
// one ULP at most per float of w, and w·(1 + T) rises by more: a step of w adds at least
// 2^-24·w·(1 + T), a step down of T (ULP 2^-24 below 1) takes at most 2^-24·w, so q rises
// with w (for w < 0 both terms rise). Then m rises with |x|, 2 - m falls as m rises, the
// quotient rises, and each operation rounds monotonically. m/(m + 2) with m = e^(2|x|) - 1 would not: its numerator
// and denominator round apart. Accurate: tiny x gives m = 2x exactly and returns x; near 1 the
// rounding of m counts twice (tanh ≈ 1 - 2(1 - m)), which the certification measures.
// 2^n is +0 past the clamp and m then 1; NaN comes through min and the FMAs.
func (a *Approximant) tanhExpm1() error {
	e := a.Entry
	// n rounds -2|x|·log2e to the nearest integer with log2e rounded: w passes ln 2/4 by less
	// than the clamp (44) times 2^-23.
	half := math.Ln2/4 + 1e-5
	if e.Fit.Range[0] > -half || e.Fit.Range[1] < half {
		return fmt.Errorf("fit: range [%v, %v] must cover the reduced argument's [%.6g, %.6g]", e.Fit.Range[0], e.Fit.Range[1], -half, half)
	}
	if sym := symmetry(e.Fit.Symmetry); sym != fit.None {
		return fmt.Errorf("fit: symmetry %q: q(w) = 1 - e^(-2w) is neither odd nor even", e.Fit.Symmetry)
	}
	q := func(w float64) float64 { return -math.Expm1(-2 * w) }
	bigQ := func(w *big.Float) *big.Float {
		m := fit.BigExpm1(new(big.Float).SetPrec(fit.Prec).Mul(w, big.NewFloat(-2)))
		return m.Neg(m)
	}
	c, err := fitPinned(e.Fit, q, bigQ, e.Degree, []float64{0, 2})
	if err != nil {
		return err
	}
	a.P, a.Q = c, []float64{1}
	a.Formula = fmt.Sprintf("sign(x)·m/(2 - m), m = 1 - e^(-2|x|) = (1 - 2^n) + 2^n·q(w), n = round(-2|x|·log2e), w = |x| + n·ln2/2 (one constant), q(w) = 1 - e^(-2w) ≈ %s", a.polyIn(c, "w"))
	a.body = func(b *ir.Builder, x ir.Value) ir.Value {
		f := format(b.Type())
		_, hi := expClamp(b.Type(), -2, 0) // keeps n + bias >= 0: 2^n is +0 at worst
		ax := b.Min(b.Abs(x), b.Const(hi))
		v, w := reduce(b, ax, -2, 0, true, rounding{Log2e: f.round(math.Log2E), Nearest: true})
		// q = w + w·T(w), T = 1 + w·Q(w): no w^2 and no 2w, and the w term still exact.
		poly := b.FMA(w, horner(b, w, append([]float64{1}, c[2:]...)), w)
		s := pow2(b, v)
		m := b.FMA(s, poly, b.Sub(b.Const(1), s))
		// m/(2 - m) is +0 or above, or NaN from a NaN |x|: x's sign ORs in.
		return b.OrSign(b.Div(m, b.Sub(b.Const(2), m)), x)
	}
	return nil
}

// bigTanh is tanh(x) = m/(m + 2), m = expm1(2x), in extended precision.
func bigTanh(x *big.Float) *big.Float {
	m := fit.BigExpm1(new(big.Float).SetPrec(fit.Prec).Add(x, x))
	d := new(big.Float).SetPrec(fit.Prec).Add(m, big.NewFloat(2))
	return m.Quo(m, d)
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
