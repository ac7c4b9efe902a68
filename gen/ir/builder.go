package ir

import (
	"fmt"
	"math"
)

// Builder appends instructions to a program. Constants are rounded to the program's type and
// shared; every method returns the new value.
type Builder struct {
	p      Program
	consts map[uint64]Value
	seen   map[Instr]Value // common subexpressions
}

// NewBuilder starts a program over type t; value 0 is the input x.
func NewBuilder(t Type) *Builder {
	b := &Builder{p: Program{Type: t}, consts: map[uint64]Value{}, seen: map[Instr]Value{}}
	b.emit(Instr{Op: OpX})
	return b
}

// X is the input.
func (b *Builder) X() Value { return 0 }

// Type is the program's float type.
func (b *Builder) Type() Type { return b.p.Type }

func (b *Builder) emit(in Instr) Value {
	for _, a := range in.Args[:in.Op.Arity()] {
		if int(a) >= len(b.p.Instrs) || a < 0 {
			panic(fmt.Sprintf("ir: %s uses undefined value v%d", in.Op, a))
		}
	}
	if v, ok := b.seen[in]; ok && in.Op != OpLookup {
		return v
	}
	b.p.Instrs = append(b.p.Instrs, in)
	v := Value(len(b.p.Instrs) - 1)
	b.seen[in] = v
	return v
}

// isConst reports whether v is the constant c.
func (b *Builder) isConst(v Value, c float64) bool {
	in := b.p.Instrs[v]
	return in.Op == OpConst && in.Const == c
}

func (b *Builder) kind(v Value) Kind { return b.p.Instrs[v].Op.Kind() }

func (b *Builder) want(k Kind, op Op, vs ...Value) {
	for _, v := range vs {
		if b.kind(v) != k {
			panic(fmt.Sprintf("ir: %s operand v%d has the wrong kind", op, v))
		}
	}
}

// Round rounds c to the program's type.
func (b *Builder) Round(c float64) float64 {
	if b.p.Type == F32 {
		return float64(float32(c))
	}
	return c
}

// Const is the constant c rounded to the program's type.
func (b *Builder) Const(c float64) Value {
	c = b.Round(c)
	key := math.Float64bits(c)
	if v, ok := b.consts[key]; ok {
		return v
	}
	v := b.emit(Instr{Op: OpConst, Const: c})
	b.consts[key] = v
	return v
}

func (b *Builder) float2(op Op, x, y Value) Value {
	b.want(KindFloat, op, x, y)
	return b.emit(Instr{Op: op, Args: [3]Value{x, y}})
}

func (b *Builder) Add(x, y Value) Value { return b.float2(OpAdd, x, y) }
func (b *Builder) Sub(x, y Value) Value { return b.float2(OpSub, x, y) }

// Mul is x*y; a factor 1 is dropped.
func (b *Builder) Mul(x, y Value) Value {
	switch {
	case b.isConst(x, 1):
		return y
	case b.isConst(y, 1):
		return x
	}
	return b.float2(OpMul, x, y)
}
func (b *Builder) Div(x, y Value) Value { return b.float2(OpDiv, x, y) }

// DivApprox is x/y that a vector backend may compute as x times a refined reciprocal
// estimate (see Instr.Approx).
func (b *Builder) DivApprox(x, y Value) Value {
	b.want(KindFloat, OpDiv, x, y)
	return b.emit(Instr{Op: OpDiv, Args: [3]Value{x, y}, Approx: true})
}
func (b *Builder) Min(x, y Value) Value      { return b.float2(OpMin, x, y) }
func (b *Builder) Max(x, y Value) Value      { return b.float2(OpMax, x, y) }
func (b *Builder) CopySign(x, s Value) Value { return b.float2(OpCopySign, x, s) }

// OrSign is x with the sign of s for x >= +0 or NaN (see OpOrSign).
func (b *Builder) OrSign(x, s Value) Value { return b.float2(OpOrSign, x, s) }

// FMA is x*y + z; a factor 1 makes it an addition.
func (b *Builder) FMA(x, y, z Value) Value {
	b.want(KindFloat, OpFMA, x, y, z)
	switch {
	case b.isConst(x, 1):
		return b.Add(y, z)
	case b.isConst(y, 1):
		return b.Add(x, z)
	}
	return b.emit(Instr{Op: OpFMA, Args: [3]Value{x, y, z}})
}

// unary emits op on x, which must be of kind k.
func (b *Builder) unary(op Op, k Kind, x Value) Value {
	b.want(k, op, x)
	return b.emit(Instr{Op: op, Args: [3]Value{x}})
}

func (b *Builder) Neg(x Value) Value { return b.unary(OpNeg, KindFloat, x) }
func (b *Builder) Abs(x Value) Value { return b.unary(OpAbs, KindFloat, x) }

// Cmp yields a mask; op is one of OpLT, OpLE, OpGT, OpGE, OpNE.
func (b *Builder) Cmp(op Op, x, y Value) Value {
	if op.Kind() != KindMask {
		panic("ir: Cmp with non-compare op " + op.String())
	}
	return b.float2(op, x, y)
}

// Select is mask ? x : y.
func (b *Builder) Select(mask, x, y Value) Value {
	b.want(KindMask, OpSelect, mask)
	b.want(KindFloat, OpSelect, x, y)
	return b.emit(Instr{Op: OpSelect, Args: [3]Value{mask, x, y}})
}

// ToInt truncates x to an integer; x must be within int32 range.
func (b *Builder) ToInt(x Value) Value { return b.unary(OpToInt, KindFloat, x) }

// Shl shifts an integer left.
func (b *Builder) Shl(i Value, n int) Value {
	b.want(KindInt, OpShl, i)
	return b.emit(Instr{Op: OpShl, Args: [3]Value{i}, Shift: n})
}

// FromBits reinterprets an integer as the float type's bit pattern.
func (b *Builder) FromBits(i Value) Value { return b.unary(OpFromBits, KindInt, i) }

// ToBits reinterprets a float's bit pattern as an integer.
func (b *Builder) ToBits(x Value) Value { return b.unary(OpToBits, KindFloat, x) }

// Lookup reads table at integer index i, clamped to the table.
func (b *Builder) Lookup(table []float64, i Value) Value {
	b.want(KindInt, OpLookup, i)
	t := make([]float64, len(table))
	for k, v := range table {
		t[k] = b.Round(v)
	}
	b.p.Tables = append(b.p.Tables, t)
	return b.emit(Instr{Op: OpLookup, Args: [3]Value{i}, Table: len(b.p.Tables) - 1})
}

// Program finishes the program with result r, dropping instructions r does not use.
func (b *Builder) Program(r Value) *Program {
	if b.kind(r) != KindFloat {
		panic("ir: result must be a float")
	}
	used := make([]bool, len(b.p.Instrs))
	used[0] = true
	used[r] = true
	for i := int(r); i >= 0; i-- {
		if used[i] {
			in := b.p.Instrs[i]
			for _, a := range in.Args[:in.Op.Arity()] {
				used[a] = true
			}
		}
	}
	p := &Program{Type: b.p.Type}
	renum := make([]Value, len(b.p.Instrs))
	tables := map[int]int{}
	for i, in := range b.p.Instrs {
		if !used[i] {
			continue
		}
		for k := range in.Args[:in.Op.Arity()] {
			in.Args[k] = renum[in.Args[k]]
		}
		if in.Op == OpLookup {
			if _, ok := tables[in.Table]; !ok {
				tables[in.Table] = len(p.Tables)
				p.Tables = append(p.Tables, b.p.Tables[in.Table])
			}
			in.Table = tables[in.Table]
		}
		renum[i] = Value(len(p.Instrs))
		p.Instrs = append(p.Instrs, in)
	}
	p.Result = renum[r]
	return p
}
