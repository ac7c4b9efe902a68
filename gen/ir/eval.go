package ir

import "math"

// Eval runs the program on x (rounded to the program's type) with the semantics of the pure-Go
// backend: every op rounds to the program's type, FMA rounds twice.
func (p *Program) Eval(x float64) float64 {
	var dst [1]float64
	EvalSlice(p, dst[:], []float64{x})
	return dst[0]
}

// EvalSlice sets dst[i] = Eval(src[i]) for every i, reusing one scratch buffer.
func EvalSlice[F float32 | float64](p *Program, dst, src []F) {
	if p.Type == F32 {
		v := make([]lane[float32], len(p.Instrs))
		for i, x := range src {
			dst[i] = F(evalLanes(p, v, float32(x), from32, toInt32))
		}
		return
	}
	v := make([]lane[float64], len(p.Instrs))
	for i, x := range src {
		dst[i] = F(evalLanes(p, v, float64(x), from64, toInt64))
	}
}

func from32(i int64) float32  { return math.Float32frombits(uint32(i)) }
func from64(i int64) float64  { return math.Float64frombits(uint64(i)) }
func toInt32(f float32) int64 { return int64(int32(f)) }
func toInt64(f float64) int64 { return int64(f) }

// lane holds one value of any kind.
type lane[F float32 | float64] struct {
	f F
	i int64
	m bool
}

func evalLanes[F float32 | float64](p *Program, v []lane[F], x F, fromBits func(int64) F, toInt func(F) int64) F {
	for k, in := range p.Instrs {
		a, b, c := in.Args[0], in.Args[1], in.Args[2]
		var r lane[F]
		switch in.Op {
		case OpX:
			r.f = x
		case OpConst:
			r.f = F(in.Const)
		case OpAdd:
			r.f = v[a].f + v[b].f
		case OpSub:
			r.f = v[a].f - v[b].f
		case OpMul:
			r.f = v[a].f * v[b].f
		case OpDiv:
			r.f = v[a].f / v[b].f
		case OpFMA:
			r.f = F(v[a].f*v[b].f) + v[c].f
		case OpNeg:
			r.f = -v[a].f
		case OpAbs:
			r.f = F(math.Abs(float64(v[a].f)))
		case OpMin:
			r.f = min(v[a].f, v[b].f)
		case OpMax:
			r.f = max(v[a].f, v[b].f)
		case OpCopySign:
			r.f = F(math.Copysign(float64(v[a].f), float64(v[b].f)))
		case OpLT:
			r.m = v[a].f < v[b].f
		case OpLE:
			r.m = v[a].f <= v[b].f
		case OpGT:
			r.m = v[a].f > v[b].f
		case OpGE:
			r.m = v[a].f >= v[b].f
		case OpNE:
			r.m = v[a].f != v[b].f
		case OpSelect:
			if v[a].m {
				r.f = v[b].f
			} else {
				r.f = v[c].f
			}
		case OpToInt:
			r.i = toInt(v[a].f)
		case OpShl:
			r.i = v[a].i << in.Shift
		case OpFromBits:
			r.f = fromBits(v[a].i)
		case OpLookup:
			t := p.Tables[in.Table]
			r.f = F(t[min(max(v[a].i, 0), int64(len(t)-1))])
		default:
			panic("ir: eval: unknown op " + in.Op.String())
		}
		v[k] = r
	}
	return v[p.Result].f
}
