// Package ir is the kernel IR: a straight-line SSA program over one lane, built by the family
// lowerings and printed by every backend. A program computes y = f(x) for one float type; the
// interpreter (Eval) is the reference semantics every backend must reproduce.
package ir

import (
	"fmt"
	"math"
	"strings"
)

// Type is the float type a program computes in.
type Type int

const (
	F32 Type = iota
	F64
)

func (t Type) String() string {
	if t == F32 {
		return "float32"
	}
	return "float64"
}

// Op is an operation. Operands are earlier values of the same program.
type Op uint8

const (
	OpX        Op = iota // the input
	OpConst              // Instr.Const, rounded to the program's type
	OpAdd                // a + b
	OpSub                // a - b
	OpMul                // a * b
	OpDiv                // a / b
	OpFMA                // a*b + c rounded once (float32: through float64's FMA, then rounded)
	OpNeg                // -a
	OpAbs                // |a|
	OpMin                // min(a, b); NaN if either is NaN; min(-0, +0) = -0
	OpMax                // max(a, b); NaN if either is NaN; max(-0, +0) = +0
	OpCopySign           // |a| with the sign of b
	OpLT                 // mask a < b (false if either is NaN)
	OpLE                 // mask a <= b
	OpGT                 // mask a > b
	OpGE                 // mask a >= b
	OpNE                 // mask a != b (true if either is NaN: x != x tests NaN)
	OpSelect             // mask ? a : b (args: mask, a, b)
	OpToInt              // float -> int32 (F32) or int64 (F64), truncating; a must be in range
	OpLookup             // Tables[Instr.Table][clamp(int a, 0, len-1)] (a is an int value)
	OpShl                // int a << Instr.Shift (F32: in 32 bits, the bits above dropped)
	OpFromBits           // reinterpret int a as the float type's bits (F32: low 32 bits)
	OpToBits             // reinterpret float a's bits as an int (F32: sign-extended 32 bits)
	// CopySign for an a whose sign bit is clear (a >= +0, or a NaN): a | (b & sign bit),
	// which on AVX2 is one operation less. Eval panics where a is negative or -0.
	OpOrSign
)

var opNames = [...]string{"x", "const", "add", "sub", "mul", "div", "fma", "neg", "abs", "min", "max",
	"copysign", "lt", "le", "gt", "ge", "ne", "select", "toint", "lookup", "shl", "frombits", "tobits", "orsign"}

func (o Op) String() string { return opNames[o] }

// Kind is the kind of value an op yields.
type Kind uint8

const (
	KindFloat Kind = iota
	KindMask
	KindInt
)

// Kind returns what op o yields.
func (o Op) Kind() Kind {
	switch o {
	case OpLT, OpLE, OpGT, OpGE, OpNE:
		return KindMask
	case OpToInt, OpShl, OpToBits:
		return KindInt
	}
	return KindFloat
}

// Arity is the number of operands o takes.
func (o Op) Arity() int {
	switch o {
	case OpX, OpConst:
		return 0
	case OpNeg, OpAbs, OpToInt, OpLookup, OpShl, OpFromBits, OpToBits:
		return 1
	case OpFMA, OpSelect:
		return 3
	}
	return 2
}

// Value names an instruction's result: its index in Program.Instrs.
type Value int

// Instr is one operation.
type Instr struct {
	Op    Op
	Args  [3]Value
	Const float64 // OpConst
	Shift int     // OpShl
	Table int     // OpLookup: index into Program.Tables
	// Approx (OpDiv): a vector backend may multiply by a reciprocal estimate refined by one
	// Newton-Raphson step (XNNPACK's nr1fma), within 2 ULP of the quotient for a finite
	// nonzero divisor; the interpreter and pure Go divide exactly.
	Approx bool
}

// Program is a kernel body: Instrs in dependency order, the result in Result.
type Program struct {
	Type   Type
	Instrs []Instr
	Tables [][]float64 // values already rounded to Type
	Result Value
}

// String prints the program one instruction a line, for messages and debugging.
func (p *Program) String() string {
	var b strings.Builder
	for i, in := range p.Instrs {
		fmt.Fprintf(&b, "v%d = %s", i, in.Op)
		for _, a := range in.Args[:in.Op.Arity()] {
			fmt.Fprintf(&b, " v%d", a)
		}
		switch in.Op {
		case OpConst:
			fmt.Fprintf(&b, " %v", in.Const)
		case OpShl:
			fmt.Fprintf(&b, " %d", in.Shift)
		case OpLookup:
			fmt.Fprintf(&b, " table%d[%d]", in.Table, len(p.Tables[in.Table]))
		case OpDiv:
			if in.Approx {
				b.WriteString(" approx")
			}
		}
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "return v%d\n", p.Result)
	return b.String()
}

// Uses returns how many operands refer to each value; the result counts as one use.
func (p *Program) Uses() []int {
	uses := make([]int, len(p.Instrs))
	for _, in := range p.Instrs {
		for _, a := range in.Args[:in.Op.Arity()] {
			uses[a]++
		}
	}
	uses[p.Result]++
	return uses
}

// Consts returns the program's constants in order of first use, without duplicates.
func (p *Program) Consts() []float64 {
	var cs []float64
	seen := map[uint64]bool{}
	for _, in := range p.Instrs {
		if in.Op == OpConst && !seen[math.Float64bits(in.Const)] {
			seen[math.Float64bits(in.Const)] = true
			cs = append(cs, in.Const)
		}
	}
	return cs
}
