package ir

import (
	"math"
	"testing"
)

func TestBuilderSharesAndDropsDeadCode(t *testing.T) {
	b := NewBuilder(F64)
	x := b.X()
	sq1, sq2 := b.Mul(x, x), b.Mul(x, x)
	if sq1 != sq2 {
		t.Error("x*x built twice")
	}
	if b.Const(2) != b.Const(2) {
		t.Error("constant 2 built twice")
	}
	_ = b.Div(x, b.Const(3)) // dead
	if b.Mul(x, b.Const(1)) != x {
		t.Error("x*1 not simplified to x")
	}
	p := b.Program(b.FMA(sq1, b.Const(2), b.Const(1)))
	for _, in := range p.Instrs {
		if in.Op == OpDiv {
			t.Errorf("dead division kept:\n%s", p)
		}
	}
	if got := p.Eval(3); got != 19 {
		t.Errorf("2x^2+1 at 3 = %v, want 19", got)
	}
}

func TestEvalSemantics(t *testing.T) {
	nan := math.NaN()
	build := func(ty Type, f func(b *Builder, x Value) Value) *Program {
		b := NewBuilder(ty)
		return b.Program(f(b, b.X()))
	}
	minC := build(F64, func(b *Builder, x Value) Value { return b.Min(x, b.Const(1)) })
	if !math.IsNaN(minC.Eval(nan)) {
		t.Error("min(NaN, 1) is not NaN")
	}
	maxZ := build(F64, func(b *Builder, x Value) Value { return b.Max(x, b.Const(0)) })
	if r := maxZ.Eval(math.Copysign(0, -1)); math.Signbit(r) {
		t.Error("max(-0, 0) is -0, want +0")
	}
	ne := build(F32, func(b *Builder, x Value) Value {
		return b.Select(b.Cmp(OpNE, x, x), b.Const(7), b.Const(8))
	})
	if ne.Eval(nan) != 7 || ne.Eval(1) != 8 {
		t.Error("x != x does not detect NaN")
	}
	cs := build(F32, func(b *Builder, x Value) Value { return b.CopySign(b.Const(2), x) })
	if cs.Eval(-5) != -2 || cs.Eval(5) != 2 {
		t.Error("copysign")
	}
	// OrSign: CopySign for a magnitude whose sign bit is clear; a set one is a generator bug.
	os := build(F32, func(b *Builder, x Value) Value { return b.OrSign(b.Const(2), x) })
	if os.Eval(-5) != -2 || os.Eval(5) != 2 || !math.Signbit(os.Eval(math.Copysign(0, -1))) {
		t.Error("orsign")
	}
	neg := build(F64, func(b *Builder, x Value) Value { return b.OrSign(b.Mul(x, b.Const(0)), x) })
	if neg.Eval(3) != 0 {
		t.Error("orsign(+0, 3)")
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("orsign(-0, x) did not panic") // -3·0 is -0: its sign bit is set
			}
		}()
		neg.Eval(-3)
	}()
	// float32 programs round every operation to float32; FMA rounds once: x*x - 1 keeps the
	// 2^-24 that a rounded product would lose.
	fma := build(F32, func(b *Builder, x Value) Value { return b.FMA(x, x, b.Const(-1)) })
	x := float32(1 + 0x1p-12)
	if got, want := fma.Eval(float64(x)), 0x1p-11+0x1p-24; got != want {
		t.Errorf("float32 FMA = %v, want %v (fused)", got, want)
	}
	mul := build(F32, func(b *Builder, x Value) Value { return b.Sub(b.Mul(x, x), b.Const(1)) })
	if got, want := mul.Eval(float64(x)), 0x1p-11; got != want {
		t.Errorf("float32 x*x - 1 = %v, want %v (rounded product)", got, want)
	}
	// Lookup clamps its index; Shl and FromBits build a float from bits.
	lk := build(F64, func(b *Builder, x Value) Value { return b.Lookup([]float64{10, 20, 30}, b.ToInt(x)) })
	if lk.Eval(-5) != 10 || lk.Eval(1.9) != 20 || lk.Eval(99) != 30 {
		t.Error("lookup does not clamp or truncate")
	}
	tb := build(F32, func(b *Builder, x Value) Value { return b.FromBits(b.Shl(b.ToBits(x), 1)) })
	if got := tb.Eval(-1); got != 2 { // 0xBF800000 << 1 = 0x7F000000 = 2^127, low 32 bits
		if got != 0x1p127 {
			t.Errorf("bits(-1)<<1 = %v, want 2^127", got)
		}
	}
	// float32 integers are 32 bits: 1<<31 is negative, the clamped index 0.
	wrap := build(F32, func(b *Builder, x Value) Value { return b.Lookup([]float64{10, 20, 30}, b.Shl(b.ToInt(x), 31)) })
	if got := wrap.Eval(1); got != 10 {
		t.Errorf("lookup at int32(1<<31) = %v, want 10 (index clamped from below)", got)
	}
	bits := build(F64, func(b *Builder, x Value) Value { return b.FromBits(b.Shl(b.ToInt(x), 52)) })
	if got := bits.Eval(1023); got != 1 {
		t.Errorf("bits 1023<<52 = %v, want 1", got)
	}
}
