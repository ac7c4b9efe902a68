package ir

import (
	"fmt"
	"math"
)

// Eval runs the program on x (rounded to the program's type) with the semantics of the pure-Go
// backend: every op rounds to the program's type; FMA rounds once (for float32, the float64
// FMA of the float32 operands rounded to float32, which equals a float32 fused multiply-add
// except in rare double-rounding cases).
func (p *Program) Eval(x float64) float64 {
	var dst [1]float64
	EvalSlice(p, dst[:], []float64{x})
	return dst[0]
}

// chunk is how many inputs EvalSlice runs through the program at a time, one instruction over
// all of them before the next (a loop per op is much faster than a switch per op and input).
const chunk = 512

// EvalSlice sets dst[i] = Eval(src[i]) for every i.
func EvalSlice[F float32 | float64](p *Program, dst, src []F) {
	if p.Type == F32 {
		evalChunks(p, dst, src, func(i int64) float32 { return math.Float32frombits(uint32(i)) },
			func(f float32) int64 { return int64(int32(f)) },
			func(f float32) int64 { return int64(int32(math.Float32bits(f))) })
		return
	}
	evalChunks(p, dst, src, func(i int64) float64 { return math.Float64frombits(uint64(i)) },
		func(f float64) int64 { return int64(f) },
		func(f float64) int64 { return int64(math.Float64bits(f)) })
}

// column holds one value for every input of a chunk, of whichever kind the op yields.
type column[T float32 | float64] struct {
	f []T
	i []int64
	m []bool
}

func evalChunks[F, T float32 | float64](p *Program, dst, src []F, fromBits func(int64) T, toInt, toBits func(T) int64) {
	cols := make([]column[T], len(p.Instrs))
	for k, in := range p.Instrs {
		switch in.Op.Kind() {
		case KindFloat:
			cols[k].f = make([]T, chunk)
		case KindInt:
			cols[k].i = make([]int64, chunk)
		case KindMask:
			cols[k].m = make([]bool, chunk)
		}
	}
	for start := 0; start < len(src); start += chunk {
		n := min(chunk, len(src)-start)
		for k, in := range p.Instrs {
			r := cols[k]
			a, b, c := cols[in.Args[0]], cols[in.Args[1]], cols[in.Args[2]]
			switch in.Op {
			case OpX:
				for j := range n {
					r.f[j] = T(src[start+j])
				}
			case OpConst:
				for j := range n {
					r.f[j] = T(in.Const)
				}
			case OpAdd:
				for j := range n {
					r.f[j] = a.f[j] + b.f[j]
				}
			case OpSub:
				for j := range n {
					r.f[j] = a.f[j] - b.f[j]
				}
			case OpMul:
				for j := range n {
					r.f[j] = a.f[j] * b.f[j]
				}
			case OpDiv:
				for j := range n {
					r.f[j] = a.f[j] / b.f[j]
				}
			case OpFMA:
				for j := range n {
					r.f[j] = T(math.FMA(float64(a.f[j]), float64(b.f[j]), float64(c.f[j])))
				}
			case OpNeg:
				for j := range n {
					r.f[j] = -a.f[j]
				}
			case OpAbs:
				for j := range n {
					r.f[j] = T(math.Abs(float64(a.f[j])))
				}
			case OpMin:
				for j := range n {
					r.f[j] = min(a.f[j], b.f[j])
				}
			case OpMax:
				for j := range n {
					r.f[j] = max(a.f[j], b.f[j])
				}
			case OpCopySign:
				for j := range n {
					r.f[j] = T(math.Copysign(float64(a.f[j]), float64(b.f[j])))
				}
			case OpOrSign:
				for j := range n {
					if math.Signbit(float64(a.f[j])) && !math.IsNaN(float64(a.f[j])) {
						panic(fmt.Sprintf("ir: orsign of %v, whose sign bit is set", a.f[j]))
					}
					r.f[j] = T(math.Copysign(float64(a.f[j]), float64(b.f[j])))
				}
			case OpLT:
				for j := range n {
					r.m[j] = a.f[j] < b.f[j]
				}
			case OpLE:
				for j := range n {
					r.m[j] = a.f[j] <= b.f[j]
				}
			case OpGT:
				for j := range n {
					r.m[j] = a.f[j] > b.f[j]
				}
			case OpGE:
				for j := range n {
					r.m[j] = a.f[j] >= b.f[j]
				}
			case OpNE:
				for j := range n {
					r.m[j] = a.f[j] != b.f[j]
				}
			case OpSelect:
				for j := range n {
					if a.m[j] {
						r.f[j] = b.f[j]
					} else {
						r.f[j] = c.f[j]
					}
				}
			case OpToInt:
				for j := range n {
					r.i[j] = toInt(a.f[j])
				}
			case OpShl: // float32 programs shift 32-bit integers: the bits above fall off
				for j := range n {
					r.i[j] = a.i[j] << in.Shift
					if p.Type == F32 {
						r.i[j] = int64(int32(r.i[j]))
					}
				}
			case OpFromBits:
				for j := range n {
					r.f[j] = fromBits(a.i[j])
				}
			case OpToBits:
				for j := range n {
					r.i[j] = toBits(a.f[j])
				}
			case OpLookup:
				t := p.Tables[in.Table]
				for j := range n {
					r.f[j] = T(t[min(max(a.i[j], 0), int64(len(t)-1))])
				}
			default:
				panic("ir: eval: unknown op " + in.Op.String())
			}
		}
		res := cols[p.Result].f
		for j := range n {
			dst[start+j] = F(res[j])
		}
	}
}
