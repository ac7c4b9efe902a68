package amd64

import (
	"fmt"
	"sort"

	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
	"github.com/mmcloughlin/avo/x86"

	"github.com/actapprox/approx/gen/ir"
)

// val is one IR value in one vector lane group: a register (an opmask register for an AVX-512
// compare), or a constant's memory operand.
type val struct {
	r     reg.Register
	m     operand.Mem
	mem   bool   // a constant read from the pool
	konst bool   // a constant (in the pool, or hoisted into r)
	bits  uint64 // the constant's bits, when konst
	owned bool   // r dies at the current instruction: it may be overwritten
}

// kernel prints function name computing program p over slices: unroll vectors per main-loop
// iteration, inter of them printed instruction by instruction side by side, the hoist most
// used constants kept in registers across the loop; divisions by estimates where p allows it if
// nr1.
func (g *gen) kernel(name string, p *ir.Program, nr1 bool, unroll, inter, hoist int) {
	t := p.Type
	g.nr1 = nr1
	last := make([]int, len(p.Instrs))
	for i, in := range p.Instrs {
		for _, a := range in.Args[:in.Op.Arity()] {
			last[a] = i
		}
	}
	last[p.Result] = len(p.Instrs)
	fuse := fusable(p)
	narrow := make([]bool, len(p.Instrs)) // see lookup
	if t == ir.F64 && !g.lv.evex {
		for i, in := range p.Instrs {
			narrow[i] = in.Op == ir.OpToInt && ir.Value(i) != p.Result
		}
		for _, in := range p.Instrs {
			for _, a := range in.Args[:in.Op.Arity()] {
				if in.Op != ir.OpLookup {
					narrow[a] = false
				}
			}
		}
	}
	tables := make([]string, len(p.Tables))
	for i, tb := range p.Tables {
		tables[i] = fmt.Sprintf("%s_table%d", name, i)
		g.tables = append(g.tables, table{name: tables[i], t: t, vals: tb})
	}
	hoisted := map[int]reg.VecVirtual{}
	prologue := func() {
		for _, i := range mostUsedConsts(p)[:hoist] {
			hoisted[i] = g.vec()
			g.movu(t, g.constant(t, floatBits(t, p.Instrs[i].Const)), hoisted[i])
		}
	}
	g.loop(name, t, unroll, prologue, func(n int, load func(int) reg.VecVirtual, store func(int, reg.Register)) {
		for base := 0; base < n; base += inter {
			m := min(inter, n-base)
			vals := make([][]val, m)
			for l := range vals {
				vals[l] = make([]val, len(p.Instrs))
			}
			for i, in := range p.Instrs {
				for l := range m {
					v := vals[l]
					arg := func(k int) val {
						a := in.Args[k]
						x := v[a]
						x.owned = !x.konst && last[a] == i
						// An operand that appears twice is not free to overwrite.
						for j := range in.Op.Arity() {
							if j != k && in.Args[j] == a {
								x.owned = false
							}
						}
						return x
					}
					switch in.Op {
					case ir.OpX:
						v[i] = val{r: load(base + l)}
					case ir.OpConst:
						bits := floatBits(t, in.Const)
						if r, ok := hoisted[i]; ok {
							v[i] = val{r: r, konst: true, bits: bits}
						} else {
							v[i] = val{m: g.constant(t, bits), mem: true, konst: true, bits: bits}
						}
					default:
						v[i] = val{r: g.instr(p, ir.Value(i), in, arg, fuse[i], narrow, tables)}
					}
				}
			}
			for l := range m {
				store(base+l, g.inReg(t, vals[l][p.Result]))
			}
		}
	})
}

// mostUsedConsts returns the program's constants, the most used first (then in program order).
func mostUsedConsts(p *ir.Program) []int {
	uses := p.Uses()
	var cs []int
	for i, in := range p.Instrs {
		if in.Op == ir.OpConst {
			cs = append(cs, i)
		}
	}
	sort.SliceStable(cs, func(a, b int) bool { return uses[cs[a]] > uses[cs[b]] })
	return cs
}

// fusable reports, per instruction, whether an FMA is printed as one VFMADD. The IR's FMA
// rounds once, so every FMA is fused.
func fusable(p *ir.Program) []bool {
	f := make([]bool, len(p.Instrs))
	for i := range f {
		f[i] = true
	}
	return f
}

// inReg returns v in a register (loading a constant).
func (g *gen) inReg(t ir.Type, v val) reg.Register {
	if !v.mem {
		return v.r
	}
	r := g.vec()
	g.movu(t, v.m, r)
	return r
}

// owned returns a register holding v that the caller may overwrite.
func (g *gen) owned(t ir.Type, v val) reg.Register {
	if v.mem {
		return g.inReg(t, v)
	}
	if v.owned {
		return v.r
	}
	r := g.vec()
	g.movu(t, v.r, r)
	return r
}

// rm returns v as a register-or-memory operand.
func rm(v val) operand.Op {
	if v.mem {
		return v.m
	}
	return v.r
}

var ops2 = map[string][2]func(g *gen, ops ...operand.Op){
	"add":  {func(g *gen, o ...operand.Op) { g.ctx.I(x86.VADDPS(o...)) }, func(g *gen, o ...operand.Op) { g.ctx.I(x86.VADDPD(o...)) }},
	"sub":  {func(g *gen, o ...operand.Op) { g.ctx.I(x86.VSUBPS(o...)) }, func(g *gen, o ...operand.Op) { g.ctx.I(x86.VSUBPD(o...)) }},
	"mul":  {func(g *gen, o ...operand.Op) { g.ctx.I(x86.VMULPS(o...)) }, func(g *gen, o ...operand.Op) { g.ctx.I(x86.VMULPD(o...)) }},
	"div":  {func(g *gen, o ...operand.Op) { g.ctx.I(x86.VDIVPS(o...)) }, func(g *gen, o ...operand.Op) { g.ctx.I(x86.VDIVPD(o...)) }},
	"min":  {func(g *gen, o ...operand.Op) { g.ctx.I(x86.VMINPS(o...)) }, func(g *gen, o ...operand.Op) { g.ctx.I(x86.VMINPD(o...)) }},
	"max":  {func(g *gen, o ...operand.Op) { g.ctx.I(x86.VMAXPS(o...)) }, func(g *gen, o ...operand.Op) { g.ctx.I(x86.VMAXPD(o...)) }},
	"and":  {func(g *gen, o ...operand.Op) { g.ctx.I(x86.VANDPS(o...)) }, func(g *gen, o ...operand.Op) { g.ctx.I(x86.VANDPD(o...)) }},
	"andn": {func(g *gen, o ...operand.Op) { g.ctx.I(x86.VANDNPS(o...)) }, func(g *gen, o ...operand.Op) { g.ctx.I(x86.VANDNPD(o...)) }},
	"or":   {func(g *gen, o ...operand.Op) { g.ctx.I(x86.VORPS(o...)) }, func(g *gen, o ...operand.Op) { g.ctx.I(x86.VORPD(o...)) }},
	"xor":  {func(g *gen, o ...operand.Op) { g.ctx.I(x86.VXORPS(o...)) }, func(g *gen, o ...operand.Op) { g.ctx.I(x86.VXORPD(o...)) }},
}

// op2 prints dst = a op b in Intel's order (dst, src1 = a, src2 = b); b may be memory.
func (g *gen) op2(t ir.Type, op string, b operand.Op, a, dst reg.Register) {
	f := ops2[op]
	if t == ir.F32 {
		f[0](g, b, a, dst)
	} else {
		f[1](g, b, a, dst)
	}
}

// Compare predicates (VCMPPS imm8): ordered and quiet, false on NaN, except NEQ_UQ which is
// true on NaN, as the IR says.
const (
	cmpLT   = 0x11 // LT_OQ
	cmpLE   = 0x12 // LE_OQ
	cmpNEQ  = 0x04 // NEQ_UQ
	cmpUNO  = 0x03 // UNORD_Q
	cmpGE   = 0x1D // GE_OQ
	cmpGT   = 0x1E // GT_OQ
	cmpNone = -1
)

var predicate = map[ir.Op][2]int{ // predicate, and the predicate with operands swapped
	ir.OpLT: {cmpLT, cmpGT},
	ir.OpLE: {cmpLE, cmpGE},
	ir.OpGT: {cmpGT, cmpLT},
	ir.OpGE: {cmpGE, cmpLE},
	ir.OpNE: {cmpNEQ, cmpNEQ},
}

// instr prints one instruction for one lane group and returns its result register.
func (g *gen) instr(p *ir.Program, self ir.Value, in ir.Instr, arg func(int) val, fuse bool, narrow []bool, tables []string) reg.Register {
	c := g.ctx
	t := p.Type
	dst := g.vec()
	switch in.Op {
	case ir.OpAdd, ir.OpMul:
		a, b := arg(0), arg(1)
		if a.mem { // the commutative ops take the memory operand second
			a, b = b, a
		}
		g.op2(t, in.Op.String(), rm(b), g.inReg(t, a), dst)
	case ir.OpSub, ir.OpDiv:
		a, b := arg(0), arg(1)
		if in.Op == ir.OpDiv && in.Approx && g.nr1 {
			g.divNR(t, a, b, dst)
			break
		}
		g.op2(t, in.Op.String(), rm(b), g.inReg(t, a), dst)
	case ir.OpFMA:
		a, b, cc := arg(0), arg(1), arg(2)
		if !fuse {
			prod := g.vec()
			if a.mem {
				a, b = b, a
			}
			g.op2(t, "mul", rm(b), g.inReg(t, a), prod)
			g.op2(t, "add", rm(cc), prod, dst)
			break
		}
		return g.fma(t, a, b, cc)
	case ir.OpNeg:
		g.op2(t, "xor", g.constant(t, signBit(t)), g.inReg(t, arg(0)), dst)
	case ir.OpAbs:
		g.op2(t, "and", g.constant(t, ^signBit(t)&allOnes(t)), g.inReg(t, arg(0)), dst)
	case ir.OpMin, ir.OpMax:
		g.minMax(t, in.Op.String(), arg(0), arg(1), dst)
	case ir.OpCopySign, ir.OpOrSign:
		a, b := arg(0), arg(1)
		switch {
		case b.konst && b.bits&signBit(t) == 0:
			g.op2(t, "and", g.constant(t, ^signBit(t)&allOnes(t)), g.inReg(t, a), dst)
		case b.konst:
			g.op2(t, "or", g.constant(t, signBit(t)), g.inReg(t, a), dst)
		case a.konst:
			s := g.vec()
			g.op2(t, "and", g.constant(t, signBit(t)), b.r, s)
			g.op2(t, "or", g.constant(t, a.bits&^signBit(t)), s, dst)
		case g.lv.evex:
			// One bitwise select: the sign bit from b, the rest from a (VPTERNLOG's table
			// 0xD8 is C ? B : A, with A = a, B = b, C the sign mask).
			d := g.owned(t, a)
			tern := x86.VPTERNLOGD
			if t == ir.F64 {
				tern = x86.VPTERNLOGQ
			}
			c.I(tern(operand.Imm(0xD8), g.constant(t, signBit(t)), b.r, d))
			return d
		case in.Op == ir.OpOrSign: // a's sign bit is clear already
			s := g.vec()
			g.op2(t, "and", g.constant(t, signBit(t)), b.r, s)
			g.op2(t, "or", g.inReg(t, a), s, dst)
		default:
			m, s := g.vec(), g.vec()
			g.op2(t, "and", g.constant(t, ^signBit(t)&allOnes(t)), a.r, m)
			g.op2(t, "and", g.constant(t, signBit(t)), b.r, s)
			g.op2(t, "or", m, s, dst)
		}
	case ir.OpLT, ir.OpLE, ir.OpGT, ir.OpGE, ir.OpNE:
		a, b := arg(0), arg(1)
		pr := predicate[in.Op][0]
		if a.mem && !b.mem {
			a, b = b, a
			pr = predicate[in.Op][1]
		}
		if g.lv.evex {
			k := c.K()
			g.cmp(t, pr, rm(b), g.inReg(t, a), k)
			return k
		}
		g.cmp(t, pr, rm(b), g.inReg(t, a), dst)
	case ir.OpSelect:
		m, a, b := arg(0), arg(1), arg(2)
		if g.lv.evex {
			g.blendm(t, m.r, rm(a), g.inReg(t, b), dst)
			break
		}
		if b.konst && b.bits == 0 { // m ? a : +0 is m & a
			g.op2(t, "and", rm(a), m.r, dst)
			break
		}
		if a.konst && a.bits == 0 { // m ? +0 : b is ^m & b, off the FMA ports that VBLENDV uses
			g.op2(t, "andn", rm(b), m.r, dst)
			break
		}
		if t == ir.F32 {
			c.I(x86.VBLENDVPS(m.r, rm(a), g.inReg(t, b), dst))
		} else {
			c.I(x86.VBLENDVPD(m.r, rm(a), g.inReg(t, b), dst))
		}
	case ir.OpToInt:
		a := arg(0)
		switch {
		case t == ir.F32:
			c.I(x86.VCVTTPS2DQ(rm(a), dst))
		case g.lv.evex:
			c.I(x86.VCVTTPD2QQ(rm(a), dst))
		default:
			x := c.XMM()
			c.I(x86.VCVTTPD2DQY(rm(a), x))
			if narrow[self] {
				return x
			}
			c.I(x86.VPMOVSXDQ(x, dst))
		}
	case ir.OpShl:
		if t == ir.F32 {
			c.I(x86.VPSLLD(operand.Imm(uint64(in.Shift)), g.inReg(t, arg(0)), dst))
		} else {
			c.I(x86.VPSLLQ(operand.Imm(uint64(in.Shift)), g.inReg(t, arg(0)), dst))
		}
	case ir.OpFromBits, ir.OpToBits: // the bits are already in place
		return g.inReg(t, arg(0))
	case ir.OpLookup:
		g.lookup(t, g.inReg(t, arg(0)), narrow[in.Args[0]], len(p.Tables[in.Table]), tables[in.Table], dst)
	default:
		panic("amd64: no vector form for " + in.Op.String())
	}
	return dst
}

// divNR prints dst = n/d as n·r1, r1 = r0 + r0·(1 - d·r0), r0 = VRCPPS(d): the estimate's
// 12 bits doubled by one Newton-Raphson step, then the product, within 2 ULP of n/d. AVX-512's
// VRCP14PS starts from 14 bits; its float64 VRCP14PD takes two steps (14, 28, then 53 bits).
func (g *gen) divNR(t ir.Type, n, d val, dst reg.Register) {
	c := g.ctx
	r, e := g.vec(), g.vec()
	fnmadd, fmadd := x86.VFNMADD231PS, x86.VFMADD231PS
	steps := 1
	switch {
	case t == ir.F64:
		c.I(x86.VRCP14PD(rm(d), r))
		fnmadd, fmadd = x86.VFNMADD231PD, x86.VFMADD231PD
		steps = 2
	case g.lv.evex:
		c.I(x86.VRCP14PS(rm(d), r))
	default:
		c.I(x86.VRCPPS(rm(d), r))
	}
	for range steps {
		g.movu(t, g.constant(t, floatBits(t, 1)), e)
		c.I(fnmadd(rm(d), r, e)) // e = 1 - d·r
		c.I(fmadd(e, r, r))      // r = r + r·e
	}
	g.op2(t, "mul", rm(n), r, dst)
}

// fma prints a*b + c fused, choosing the VFMADD form that overwrites an operand that dies here
// (or a copy) and leaves at most one constant as the memory operand.
func (g *gen) fma(t ir.Type, a, b, c val) reg.Register {
	// At most one memory operand.
	if a.mem && b.mem {
		a = val{r: g.inReg(t, a), owned: true}
	}
	if c.mem && (a.mem || b.mem) {
		c = val{r: g.inReg(t, c), owned: true}
	}
	x213, x231, x132 := x86.VFMADD213PS, x86.VFMADD231PS, x86.VFMADD132PS
	if t == ir.F64 {
		x213, x231, x132 = x86.VFMADD213PD, x86.VFMADD231PD, x86.VFMADD132PD
	}
	f213 := func(o ...operand.Op) { g.ctx.I(x213(o...)) }
	f231 := func(o ...operand.Op) { g.ctx.I(x231(o...)) }
	f132 := func(o ...operand.Op) { g.ctx.I(x132(o...)) }
	// Go operand order: op1 (r/m), op2, dst. 213: dst = op2*dst + op1; 231: dst = op2*op1 + dst;
	// 132: dst = dst*op1 + op2.
	switch {
	case c.mem:
		if b.owned && !a.owned {
			a, b = b, a
		}
		d := g.owned(t, a)
		f213(c.m, b.r, d)
		return d
	case a.mem || b.mem:
		if a.mem {
			a, b = b, a
		} // b is the memory operand
		if !c.owned && a.owned {
			f132(b.m, c.r, a.r)
			return a.r
		}
		d := g.owned(t, c)
		f231(b.m, a.r, d)
		return d
	default:
		switch {
		case c.owned || (!a.owned && !b.owned):
			d := g.owned(t, c)
			f231(b.r, a.r, d)
			return d
		case a.owned:
			f213(c.r, b.r, a.r)
			return a.r
		default:
			f213(c.r, a.r, b.r)
			return b.r
		}
	}
}

// minMax prints min or max with the IR's NaN propagation. VMINPS/VMAXPS return their second
// source (Go's first operand) when either input is NaN; a constant is never NaN, so the
// variable goes there. Between two variables, a NaN first operand is put back with a blend.
// Zeros: VMINPS/VMAXPS also return the second source when both inputs are zeros, where the IR
// wants min = -0 and max = +0. Against a constant that is right except max(-0, +0), which is
// fixed; between two variables min(-0, +0) and max(+0, -0) give the second operand's sign
// (no kernel has such an op; the tests compare zeros with ==).
func (g *gen) minMax(t ir.Type, op string, a, b val, dst reg.Register) {
	if a.konst && !b.konst {
		a, b = b, a
	}
	if b.konst {
		if op == "max" && b.bits == 0 {
			// max(-0, +0) is +0, but VMAXPS gives its second source, -0: adding +0 turns
			// -0 into +0 and changes nothing else (NaN stays NaN).
			m := g.vec()
			g.op2(t, op, a.r, g.inReg(t, b), m)
			g.op2(t, "add", g.constant(t, 0), m, dst)
			return
		}
		g.op2(t, op, a.r, g.inReg(t, b), dst)
		return
	}
	m := g.vec()
	g.op2(t, op, b.r, a.r, m) // NaN in either: b
	if g.lv.evex {
		n := g.ctx.K()
		g.cmp(t, cmpUNO, a.r, a.r, n)
		g.blendm(t, n, a.r, m, dst)
		return
	}
	n := g.vec()
	g.cmp(t, cmpUNO, a.r, a.r, n)
	if t == ir.F32 {
		g.ctx.I(x86.VBLENDVPS(n, a.r, m, dst))
	} else {
		g.ctx.I(x86.VBLENDVPD(n, a.r, m, dst))
	}
}

// blendm prints AVX-512's dst = k ? a : b; a may be memory.
func (g *gen) blendm(t ir.Type, k reg.Register, a operand.Op, b, dst reg.Register) {
	if t == ir.F32 {
		g.ctx.I(x86.VBLENDMPS(a, b, k, dst))
	} else {
		g.ctx.I(x86.VBLENDMPD(a, b, k, dst))
	}
}

// cmp prints dst = mask(a pred b); b may be memory. dst is an opmask register for AVX-512.
func (g *gen) cmp(t ir.Type, pred int, b operand.Op, a, dst reg.Register) {
	if t == ir.F32 {
		g.ctx.I(x86.VCMPPS(operand.Imm(uint64(pred)), b, a, dst))
	} else {
		g.ctx.I(x86.VCMPPD(operand.Imm(uint64(pred)), b, a, dst))
	}
}

// lookup prints dst = table[clamp(i, 0, n-1)] with a gather.
//
// A float64 program's integers are int64 lanes, but where every use of a ToInt is a lookup
// (narrow), its int32 lanes (an XMM register, straight from VCVTTPD2DQ) are the index: a
// 32-bit clamp and VGATHERDPD instead of a 64-bit compare-and-blend clamp and VGATHERQPD.
func (g *gen) lookup(t ir.Type, i reg.Register, narrow bool, n int, name string, dst reg.Register) {
	if g.lv.evex {
		g.lookup512(t, i, n, name, dst)
		return
	}
	c := g.ctx
	idx := c.YMM()
	top := g.constant(t, uint64(n-1))
	if narrow {
		idx = c.XMM()
		lo := c.XMM()
		c.I(x86.VPMAXSD(g.constant(ir.F32, 0), i, lo)) // int32 lanes: the float32 pool
		c.I(x86.VPMINSD(g.constant(ir.F32, uint64(n-1)), lo, idx))
	} else if t == ir.F32 {
		lo := c.YMM()
		c.I(x86.VPMAXSD(g.constant(t, 0), i, lo))
		c.I(x86.VPMINSD(top, lo, idx))
	} else {
		// No VPMAXSQ before AVX-512: compare and blend.
		zero, neg, lo, hi := c.YMM(), c.YMM(), c.YMM(), c.YMM()
		c.I(x86.VPXOR(zero, zero, zero))
		c.I(x86.VPCMPGTQ(i, zero, neg)) // 0 > i
		c.I(x86.VPANDN(i, neg, lo))     // i, or 0 where negative
		c.I(x86.VPCMPGTQ(top, lo, hi))  // lo > n-1
		c.I(x86.VPBLENDVB(hi, top, lo, idx))
	}
	base := c.GP64()
	c.I(x86.LEAQ(operand.Mem{Symbol: operand.NewStaticSymbol(name), Base: reg.StaticBase}, base))
	// The gather requires its mask, index and destination to be three different registers; and
	// avo counts the destination (merged under the mask) as read. Defining both mask and
	// destination here, after the index, with idioms avo knows read nothing, makes them
	// interfere with the index and with each other.
	mask := c.YMM()
	c.I(x86.VPCMPEQD(mask, mask, mask))
	c.I(x86.VPXOR(dst, dst, dst))
	switch {
	case t == ir.F32:
		c.I(x86.VGATHERDPS(mask, operand.Mem{Base: base, Index: idx, Scale: 4}, dst))
	case narrow:
		c.I(x86.VGATHERDPD(mask, operand.Mem{Base: base, Index: idx, Scale: 8}, dst))
	default:
		c.I(x86.VGATHERQPD(mask, operand.Mem{Base: base, Index: idx, Scale: 8}, dst))
	}
}

// lookup512 is lookup for AVX-512: the index clamped in its own lanes (int32 for float32, int64
// for float64, which has VPMAXSQ here), then a gather under an all-ones opmask.
func (g *gen) lookup512(t ir.Type, i reg.Register, n int, name string, dst reg.Register) {
	c := g.ctx
	lo, idx := g.vec(), g.vec()
	if t == ir.F32 {
		c.I(x86.VPMAXSD(g.constant(t, 0), i, lo))
		c.I(x86.VPMINSD(g.constant(t, uint64(n-1)), lo, idx))
	} else {
		c.I(x86.VPMAXSQ(g.constant(t, 0), i, lo))
		c.I(x86.VPMINSQ(g.constant(t, uint64(n-1)), lo, idx))
	}
	base := c.GP64()
	c.I(x86.LEAQ(operand.Mem{Symbol: operand.NewStaticSymbol(name), Base: reg.StaticBase}, base))
	// The opmask (the gather clears it) and the destination (merged under it), both written
	// after the index by instructions that read nothing, as in lookup.
	ones, k := c.GP64(), c.K()
	c.I(x86.MOVL(operand.U32(0xFFFF), ones.As32()))
	c.I(x86.KMOVW(ones.As32(), k))
	g.movu(t, g.constant(t, 0), dst)
	if t == ir.F32 {
		c.I(x86.VGATHERDPS(operand.Mem{Base: base, Index: idx, Scale: 4}, k, dst))
	} else {
		c.I(x86.VGATHERQPD(operand.Mem{Base: base, Index: idx, Scale: 8}, k, dst))
	}
}
