package lower

import (
	"fmt"
	"math"

	"github.com/actapprox/approx/gen/ir"
	"github.com/actapprox/approx/spec"
	"github.com/actapprox/approx/tests"
)

// fastExp: e(t) = (1 + t/n)^n by log2(n) squarings; sigmoid(x) = 1/(1 + e(-x)), exp(x) = e(x).
func (a *Approximant) fastExp() {
	e := a.Entry
	n := e.N
	sign := 1.0
	if e.Target == spec.TargetSigmoid {
		sign = -1
		a.Formula = fmt.Sprintf("1 / (1 + (1 - x/%d)^%d)", n, n)
	} else {
		a.Formula = fmt.Sprintf("(1 + x/%d)^%d", n, n)
	}
	a.body = func(b *ir.Builder, x ir.Value) ir.Value {
		u := b.FMA(x, b.Const(sign/float64(n)), b.Const(1)) // exact scaling: n is a power of two
		for k := 1; k < n; k *= 2 {
			u = b.Mul(u, u)
		}
		if e.Target == spec.TargetSigmoid {
			one := b.Const(1)
			return b.Div(one, b.Add(one, u))
		}
		return u
	}
}

// Theano's ultra_fast_sigmoid constants.
const (
	ufsKnee1  = 1.7
	ufsKnee2  = 3
	ufsMid0   = 0.935409070603099
	ufsSlope  = 0.0458812946797165
	ufsHigh   = 0.99505475368673
	ufsRatioK = 1.5
)

// ultraFastSigmoid: t = x/2, a = |t|; z = 1.5a/(1+a) below 1.7, a line to 3, a constant above;
// z takes t's sign; y = (z + 1)/2. The pieces are selected from the top down so that a NaN
// falls through to the rational piece and comes out NaN (Theano's code returns 0.995 for it).
func (a *Approximant) ultraFastSigmoid() {
	a.Formula = fmt.Sprintf("0.5·(1 + sign(x)·z(|x|/2)), z(a) = 1.5a/(1+a) for a < %v, %v + %v·(a - %v) for a < %v, %v above",
		ufsKnee1, ufsMid0, ufsSlope, ufsKnee1, ufsKnee2, ufsHigh)
	a.body = func(b *ir.Builder, x ir.Value) ir.Value {
		t := b.Mul(x, b.Const(0.5))
		at := b.Abs(t)
		one := b.Const(1)
		z1 := b.Div(b.Mul(at, b.Const(ufsRatioK)), b.Add(one, at))
		z2 := b.FMA(b.Sub(at, b.Const(ufsKnee1)), b.Const(ufsSlope), b.Const(ufsMid0))
		z := b.Select(b.Cmp(ir.OpGE, at, b.Const(ufsKnee1)), z2, z1)
		z = b.Select(b.Cmp(ir.OpGE, at, b.Const(ufsKnee2)), b.Const(ufsHigh), z)
		z = b.CopySign(z, t)
		half := b.Const(0.5)
		return b.FMA(z, half, half)
	}
}

// table: word2vec's sigmoid lookup. Entry i holds sigmoid(-max + 2max·i/size); the index is
// int((x + max) * (size/max/2)) with the divisor in integer arithmetic, as in the C code
// (83, not 83.33, for 1000 entries and max 6). Outside (-max, max) the result is 0 or 1.
func (a *Approximant) table() {
	e := a.Entry
	size, mx := e.TableSize, e.TableMax
	scale := float64(size / int(mx) / 2)
	tab := make([]float64, size)
	for i := range tab {
		// The double-double sigmoid, correctly rounded: the same entries on every machine.
		tab[i] = tests.SigmoidPrecise((float64(i)/float64(size)*2 - 1) * mx)
	}
	a.Formula = fmt.Sprintf("table[int((x + %v) * %v)], %d entries of sigmoid on (-%v, %v); 0 below, 1 above", mx, scale, size, mx, mx)
	a.body = func(b *ir.Builder, x ir.Value) ir.Value {
		hi, lo := b.Const(mx), b.Const(-mx)
		inside := b.Cmp(ir.OpLT, b.Abs(x), hi) // false for NaN and outside
		xs := b.Select(inside, x, b.Const(0))  // a safe index for every input
		i := b.ToInt(b.Mul(b.Add(xs, hi), b.Const(scale)))
		y := b.Lookup(tab, i)
		y = b.Select(b.Cmp(ir.OpGE, x, hi), b.Const(1), y)
		y = b.Select(b.Cmp(ir.OpLE, x, lo), b.Const(0), y)
		return b.Select(b.Cmp(ir.OpNE, x, x), x, y) // NaN in, NaN out
	}
}

// schraudolph: write a·x + b into the exponent field. float64 (upper 32 bits):
// a = 2^20/ln 2, b = 1023·2^20 - c; float32: a = 2^23/ln 2, b = 127·2^23 - 8c.
func (a *Approximant) schraudolph() {
	c := a.Entry.SchraudolphC
	a.Formula = fmt.Sprintf("bits(int(2^20/ln2·x + 1023·2^20 - %v) << 32) (float64); bits(int(2^23/ln2·x + 127·2^23 - 8·%v)) (float32)", c, c)
	a.body = func(b *ir.Builder, x ir.Value) ir.Value {
		if b.Type() == ir.F64 {
			i := b.ToInt(b.FMA(x, b.Const(math.Ldexp(1, 20)/math.Ln2), b.Const(1023*math.Ldexp(1, 20)-c)))
			return b.FromBits(b.Shl(i, 32))
		}
		i := b.ToInt(b.FMA(x, b.Const(math.Ldexp(1, 23)/math.Ln2), b.Const(127*math.Ldexp(1, 23)-8*c)))
		return b.FromBits(i)
	}
}
