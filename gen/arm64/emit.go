package arm64

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/actapprox/approx/gen/ir"
)

// Func is one kernel to print: Name is the assembly symbol (without the package's middle dot),
// Prog the program it applies to every element.
type Func struct {
	Name string
	Prog *ir.Program
}

// General-purpose registers the kernels use: R0 dst, R1 src, R2 elements left, R3 constant
// scratch, R4 table base, R5 table's last index, R6 and R7 lookup scratch.
const (
	rDst, rSrc, rLeft, rConst, rTab, rLast, rIdx, rVal = "R0", "R1", "R2", "R3", "R4", "R5", "R6", "R7"
)

// maxUnroll is the most vectors one loop iteration handles; maxHoist the most constants kept
// in registers for a whole call (variables, so that tests can force the fallbacks).
var maxUnroll, maxHoist = 4, 24

// layout is a type's vector shape.
type layout struct {
	arr   Arr
	lanes int
	size  int // bytes per element
	fmov  string
}

func layoutOf(t ir.Type) layout {
	if t == ir.F32 {
		return layout{S4, 4, 4, "FMOVS"}
	}
	return layout{D2, 2, 8, "FMOVD"}
}

// bitsOf is c's bit pattern in type t.
func bitsOf(t ir.Type, c float64) uint64 {
	if t == ir.F32 {
		return uint64(math.Float32bits(float32(c)))
	}
	return math.Float64bits(c)
}

// kernel is the state of printing one function.
type kernel struct {
	f      Func
	p      *ir.Program
	l      layout
	consts map[uint64]int // constant bits -> pinned register
	order  []uint64       // constants in order of first use
	sign   uint64         // the sign-bit mask, when CopySign needs it
	hoist  int            // the first hoist constants of order live in V0... for the whole call
	uses   []int          // uses of each value in the program (the result counts once)
}

// Asm prints f as a Go assembler function (TEXT ... RET) and the DATA of its tables.
func Asm(f Func) (string, error) {
	k := &kernel{f: f, p: f.Prog, l: layoutOf(f.Prog.Type), consts: map[uint64]int{}}
	k.uses = k.p.Uses()
	for _, in := range k.p.Instrs {
		switch in.Op {
		case ir.OpConst:
			b := bitsOf(k.p.Type, in.Const)
			if _, ok := k.consts[b]; !ok {
				k.consts[b] = -1
				k.order = append(k.order, b)
			}
		case ir.OpCopySign, ir.OpOrSign:
			k.sign = bitsOf(k.p.Type, math.Copysign(0, -1))
			if _, ok := k.consts[k.sign]; !ok {
				k.consts[k.sign] = -1
				k.order = append(k.order, k.sign)
			}
		}
	}
	if k.sign != 0 { // the sign mask first: it is hoisted whenever anything is
		for i, b := range k.order {
			if b == k.sign {
				k.order = append(append([]uint64{b}, k.order[:i]...), k.order[i+1:]...)
				break
			}
		}
	}
	for i, b := range k.order {
		k.consts[b] = i // hoisted constants take V0, V1, ... in order
	}
	// As many constants hoisted as leave registers for the values, then the widest unrolling
	// that fits; constants not hoisted are loaded where they are used.
	var body, one, tail *block
	var err error
	for h := min(len(k.order), maxHoist); h >= 0 && body == nil; h-- {
		k.hoist = h
		for u := maxUnroll; u >= 1 && body == nil; u /= 2 {
			body, err = k.block(u, false)
		}
	}
	if body == nil {
		return "", fmt.Errorf("arm64: %s: %v", f.Name, err)
	}
	if one, err = k.block(1, false); err != nil {
		return "", err
	}
	if tail, err = k.block(1, true); err != nil {
		return "", err
	}

	var w strings.Builder
	for ti, tab := range k.p.Tables {
		sym := k.table(ti)
		for i, x := range tab {
			fmt.Fprintf(&w, "DATA %s+%d(SB)/%d, $0x%0*x\n", sym, i*k.l.size, k.l.size, 2*k.l.size, bitsOf(k.p.Type, x))
		}
		fmt.Fprintf(&w, "GLOBL %s(SB), RODATA|NOPTR, $%d\n\n", sym, len(tab)*k.l.size)
	}
	fmt.Fprintf(&w, "// func %s(dst, src []%s)\n", f.Name, k.p.Type)
	fmt.Fprintf(&w, "TEXT ·%s(SB), NOSPLIT, $0-48\n", f.Name)
	fmt.Fprintf(&w, "\tMOVD dst_base+0(FP), %s\n", rDst)
	fmt.Fprintf(&w, "\tMOVD src_base+24(FP), %s\n", rSrc)
	fmt.Fprintf(&w, "\tMOVD src_len+32(FP), %s\n", rLeft)
	for _, b := range k.order[:k.hoist] {
		k.materialize(&w, b, k.consts[b])
	}
	step := body.unroll * k.l.lanes
	loop := func(label, next string, b *block) {
		n := b.unroll * k.l.lanes
		fmt.Fprintf(&w, "%s:\n", label)
		fmt.Fprintf(&w, "\tCMP $%d, %s\n", n, rLeft)
		fmt.Fprintf(&w, "\tBLT %s\n", next)
		for _, r := range b.in {
			fmt.Fprintf(&w, "\tVLD1.P %d(%s), [V%d.%s]\n", 16, rSrc, r, k.l.arr.goName())
		}
		w.WriteString(b.code)
		for _, r := range b.out {
			fmt.Fprintf(&w, "\tVST1.P [V%d.%s], %d(%s)\n", r, k.l.arr.goName(), 16, rDst)
		}
		fmt.Fprintf(&w, "\tSUB $%d, %s\n", n, rLeft)
		fmt.Fprintf(&w, "\tB %s\n", label)
	}
	if step > k.l.lanes {
		fmt.Fprintf(&w, "\t// %d vectors (%d elements) an iteration\n", body.unroll, step)
		loop("body", "one", body)
	}
	fmt.Fprintf(&w, "\t// one vector (%d elements) an iteration\n", k.l.lanes)
	loop("one", "tail", one)
	fmt.Fprintf(&w, "\t// one element an iteration, computed in lane 0 exactly as in the loops above\n")
	fmt.Fprintf(&w, "tail:\n")
	fmt.Fprintf(&w, "\tCBZ %s, done\n", rLeft)
	fmt.Fprintf(&w, "\t%s.P %d(%s), F%d\n", k.l.fmov, k.l.size, rSrc, tail.in[0])
	w.WriteString(tail.code)
	fmt.Fprintf(&w, "\t%s.P F%d, %d(%s)\n", k.l.fmov, tail.out[0], k.l.size, rDst)
	fmt.Fprintf(&w, "\tSUB $1, %s\n", rLeft)
	fmt.Fprintf(&w, "\tB tail\n")
	fmt.Fprintf(&w, "done:\n\tRET\n")
	return w.String(), nil
}

// materialize loads constant bits into every lane of V{r}.
func (k *kernel) materialize(w *strings.Builder, bits uint64, r int) {
	fmt.Fprintf(w, "\tMOVD $0x%x, %s\n", bits, rConst)
	fmt.Fprintf(w, "\tVDUP %s, V%d.%s\n", rConst, r, k.l.arr.goName())
}

// table is the symbol of the function's table ti.
func (k *kernel) table(ti int) string { return fmt.Sprintf("·%sTable%d", k.f.Name, ti) }

// block is the straight-line code for unroll vectors: inputs loaded into in, outputs in out.
type block struct {
	unroll  int
	in, out []int
	code    string
}

// slot is one value of one unrolled copy.
type slot struct {
	v ir.Value
	u int
}

// block allocates registers and prints the program for unroll copies, interleaved instruction
// by instruction so that independent copies overlap in the pipeline. tail marks the
// single-element block (its input register is loaded by a scalar FMOV).
func (k *kernel) block(unroll int, tail bool) (*block, error) {
	p := k.p
	// Positions: every non-constant instruction of every copy, in emission order; the stores
	// come after the last.
	last := map[slot]int{}
	pos := 0
	for i, in := range p.Instrs {
		if in.Op == ir.OpConst {
			continue
		}
		for u := 0; u < unroll; u++ {
			for _, a := range in.Args[:in.Op.Arity()] {
				last[slot{a, u}] = pos
			}
			if _, ok := last[slot{ir.Value(i), u}]; !ok {
				last[slot{ir.Value(i), u}] = pos // a value nobody uses dies where it is made
			}
			pos++
		}
	}
	end := pos
	for u := 0; u < unroll; u++ {
		last[slot{p.Result, u}] = end
	}

	free := map[int]bool{}
	for r := k.hoist; r < 32; r++ {
		free[r] = true
	}
	reg := map[slot]int{}
	alloc := func(forbid ...int) (int, error) {
		for r := 0; r < 32; r++ {
			if free[r] && !contains(forbid, r) {
				free[r] = false
				return r, nil
			}
		}
		return 0, fmt.Errorf("out of vector registers at %d vectors an iteration", unroll)
	}
	b := &block{unroll: unroll}
	var w strings.Builder
	// constant returns the register holding constant bits: its hoisted register, or a new one
	// loaded here (temp) that the caller frees.
	constant := func(bits uint64) (r int, temp bool, err error) {
		if r := k.consts[bits]; r < k.hoist {
			return r, false, nil
		}
		if r, err = alloc(); err == nil {
			k.materialize(&w, bits, r)
		}
		return r, true, err
	}
	arr := k.l.arr
	word := func(m Mnemonic, a Arr, d, n, mm int) { fmt.Fprintf(&w, "\t%s\n", Form{m, a}.Word(d, n, mm)) }
	vmov := func(from, to int) { fmt.Fprintf(&w, "\tVMOV V%d.B16, V%d.B16\n", from, to) }

	pos = 0
	for i, in := range p.Instrs {
		if in.Op == ir.OpConst {
			continue
		}
		for u := 0; u < unroll; u++ {
			s := slot{ir.Value(i), u}
			args := in.Args[:in.Op.Arity()]
			ops := make([]int, len(args))
			dies := make([]bool, len(args))
			temps := map[uint64]int{} // constants loaded for this instruction, which die in it
			for j, a := range args {
				c := p.Instrs[a]
				if c.Op != ir.OpConst {
					ops[j], dies[j] = reg[slot{a, u}], last[slot{a, u}] == pos
					continue
				}
				bits := bitsOf(p.Type, c.Const)
				if r, ok := temps[bits]; ok {
					ops[j], dies[j] = r, true
					continue
				}
				r, temp, err := constant(bits)
				if err != nil {
					return nil, err
				}
				if temp {
					temps[bits] = r
				}
				ops[j], dies[j] = r, temp
			}
			release := func(j int) {
				if dies[j] {
					free[ops[j]] = true
				}
			}
			// releaseBut frees the dying operands' registers other than d, for the
			// destructive forms (BSL, BIT, BIF) whose destination is an operand's register.
			releaseBut := func(d int) {
				for j := range ops {
					if dies[j] && ops[j] != d {
						free[ops[j]] = true
					}
				}
			}
			var d int
			var err error
			extra := -1 // a register loaded for this instruction alone, beyond its operands
			switch in.Op {
			case ir.OpX:
				d, err = alloc()
				b.in = append(b.in, d)
			case ir.OpAdd, ir.OpSub, ir.OpMul, ir.OpDiv, ir.OpMin, ir.OpMax,
				ir.OpLT, ir.OpLE, ir.OpGT, ir.OpGE, ir.OpNE:
				release(0)
				release(1)
				if d, err = alloc(); err != nil {
					break
				}
				m, x, y := map[ir.Op]Mnemonic{
					ir.OpAdd: FADD, ir.OpSub: FSUB, ir.OpMul: FMUL, ir.OpDiv: FDIV, ir.OpMin: FMIN,
					ir.OpMax: FMAX, ir.OpLT: FCMGT, ir.OpLE: FCMGE, ir.OpGT: FCMGT, ir.OpGE: FCMGE,
					ir.OpNE: FCMEQ,
				}[in.Op], ops[0], ops[1]
				if in.Op == ir.OpLT || in.Op == ir.OpLE { // a < b is b > a
					x, y = y, x
				}
				word(m, arr, d, x, y)
				if in.Op == ir.OpNE {
					word(NOT, B16, d, d, 0)
				}
			case ir.OpFMA: // a*b + c, rounded once: d = c, then VFMLA adds a*b into d
				switch {
				case dies[2]:
					d = ops[2]
				default:
					// A fresh d: not a's or b's register, which the copy of c would clobber.
					if d, err = alloc(); err != nil {
						break
					}
					vmov(ops[2], d)
				}
				fmt.Fprintf(&w, "\tVFMLA V%d.%s, V%d.%s, V%d.%s\n", ops[1], arr.goName(), ops[0], arr.goName(), d, arr.goName())
				releaseBut(d)
			case ir.OpNeg, ir.OpAbs, ir.OpToInt:
				release(0)
				if d, err = alloc(); err != nil {
					break
				}
				word(map[ir.Op]Mnemonic{ir.OpNeg: FNEG, ir.OpAbs: FABS, ir.OpToInt: FCVTZS}[in.Op], arr, d, ops[0], 0)
			case ir.OpShl:
				release(0)
				if d, err = alloc(); err != nil {
					break
				}
				fmt.Fprintf(&w, "\tVSHL $%d, V%d.%s, V%d.%s\n", in.Shift, ops[0], arr.goName(), d, arr.goName())
			case ir.OpFromBits, ir.OpToBits: // the bits are already in place
				if dies[0] {
					d = ops[0]
					break
				}
				if d, err = alloc(); err == nil {
					vmov(ops[0], d)
				}
			case ir.OpSelect: // mask ? a : b
				mask, a, bb := ops[0], ops[1], ops[2]
				switch {
				case dies[0]:
					d = mask
					fmt.Fprintf(&w, "\tVBSL V%d.B16, V%d.B16, V%d.B16\n", bb, a, d) // d = d&a | ^d&b
				case dies[2]:
					d = bb
					fmt.Fprintf(&w, "\tVBIT V%d.B16, V%d.B16, V%d.B16\n", mask, a, d) // a where mask
				case dies[1]:
					d = a
					fmt.Fprintf(&w, "\tVBIF V%d.B16, V%d.B16, V%d.B16\n", mask, bb, d) // b where not mask
				default:
					if d, err = alloc(); err != nil {
						break
					}
					vmov(mask, d)
					fmt.Fprintf(&w, "\tVBSL V%d.B16, V%d.B16, V%d.B16\n", bb, a, d)
				}
				releaseBut(d)
			case ir.OpCopySign, ir.OpOrSign: // |a| with b's sign: the sign bit from b, the rest from a
				a, s := ops[0], ops[1]
				sign, temp, cerr := constant(k.sign)
				if cerr != nil {
					return nil, cerr
				}
				if temp {
					extra = sign // freed once d is chosen
				}
				switch {
				case dies[0]:
					d = a
					fmt.Fprintf(&w, "\tVBIT V%d.B16, V%d.B16, V%d.B16\n", sign, s, d)
				case dies[1]:
					d = s
					fmt.Fprintf(&w, "\tVBIF V%d.B16, V%d.B16, V%d.B16\n", sign, a, d)
				default:
					if d, err = alloc(); err != nil {
						break
					}
					vmov(a, d)
					fmt.Fprintf(&w, "\tVBIT V%d.B16, V%d.B16, V%d.B16\n", sign, s, d)
				}
				releaseBut(d)
			case ir.OpLookup:
				release(0) // lane k of the index is read before lane k of d is written
				if d, err = alloc(); err != nil {
					break
				}
				k.lookup(&w, in.Table, ops[0], d)
			default:
				return nil, fmt.Errorf("no NEON form for %s", in.Op)
			}
			if err != nil {
				return nil, err
			}
			if extra >= 0 && extra != d {
				free[extra] = true
			}
			reg[s] = d
			if last[s] == pos && ir.Value(i) != p.Result { // never used
				free[d] = true
			}
			pos++
		}
	}
	for u := 0; u < unroll; u++ {
		r, ok := reg[slot{p.Result, u}]
		if in := p.Instrs[p.Result]; in.Op == ir.OpConst { // a constant function
			var err error
			if r, _, err = constant(bitsOf(p.Type, in.Const)); err != nil {
				return nil, err
			}
		} else if !ok {
			return nil, fmt.Errorf("no register for the result")
		}
		b.out = append(b.out, r)
	}
	b.code = w.String()
	if tail && len(b.in) == 0 {
		return nil, fmt.Errorf("program does not read x")
	}
	return b, nil
}

// lookup prints table ti indexed by the integer lanes of V{idx} into V{d}, lane by lane, the
// index clamped to the table.
func (k *kernel) lookup(w *strings.Builder, ti, idx, d int) {
	n := len(k.p.Tables[ti])
	fmt.Fprintf(w, "\tMOVD $%s(SB), %s\n", k.table(ti), rTab)
	fmt.Fprintf(w, "\tMOVD $%d, %s\n", n-1, rLast)
	for lane := 0; lane < k.l.lanes; lane++ {
		if k.l.arr == S4 {
			fmt.Fprintf(w, "\tVMOV V%d.S[%d], %s\n", idx, lane, rIdx)
			fmt.Fprintf(w, "\tMOVW %s, %s\n", rIdx, rIdx) // sign-extend the int32
		} else {
			fmt.Fprintf(w, "\tVMOV V%d.D[%d], %s\n", idx, lane, rIdx)
		}
		fmt.Fprintf(w, "\tCMP $0, %s\n", rIdx)
		fmt.Fprintf(w, "\tCSEL LT, ZR, %s, %s\n", rIdx, rIdx)
		fmt.Fprintf(w, "\tCMP %s, %s\n", rLast, rIdx)
		fmt.Fprintf(w, "\tCSEL GT, %s, %s, %s\n", rLast, rIdx, rIdx)
		if k.l.arr == S4 {
			fmt.Fprintf(w, "\tMOVWU (%s)(%s<<2), %s\n", rTab, rIdx, rVal)
			fmt.Fprintf(w, "\tVMOV %s, V%d.S[%d]\n", rVal, d, lane)
		} else {
			fmt.Fprintf(w, "\tMOVD (%s)(%s<<3), %s\n", rTab, rIdx, rVal)
			fmt.Fprintf(w, "\tVMOV %s, V%d.D[%d]\n", rVal, d, lane)
		}
	}
}

func contains(xs []int, x int) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// Words lists the distinct WORD lines in assembler text s, sorted (for the encoder test).
func Words(s string) []string {
	seen := map[string]bool{}
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "WORD ") {
			seen[line] = true
		}
	}
	var ws []string
	for l := range seen {
		ws = append(ws, l)
	}
	sort.Strings(ws)
	return ws
}
