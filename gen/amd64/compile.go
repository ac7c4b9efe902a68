package amd64

import (
	"errors"
	"fmt"
	"strings"

	avoir "github.com/mmcloughlin/avo/ir"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/pass"
	"github.com/mmcloughlin/avo/reg"
)

// compile is avo's pass.Compile with one change: vector registers are allocated from the
// level's own, X0-X15 (Y0-Y15) for AVX2. avo's own allocator also hands out X16-X31, which exist
// only with AVX-512 and whose EVEX encodings would fault on an AVX2 machine (or do not exist at
// all for VEX-only instructions such as VBLENDVPS).
func compile(l Level) pass.Interface {
	return pass.Concat(
		pass.Verify,
		pass.FunctionPass(pass.PruneJumpToFollowingLabel),
		pass.FunctionPass(pass.PruneDanglingLabels),
		pass.FunctionPass(pass.LabelTarget),
		pass.FunctionPass(pass.CFG),
		pass.InstructionPass(pass.ZeroExtend32BitOutputs),
		pass.FunctionPass(pass.Liveness),
		pass.FunctionPass(func(fn *avoir.Function) error { return allocate(fn, l.regs) }),
		pass.FunctionPass(pass.BindRegisters),
		pass.FunctionPass(pass.VerifyAllocation),
		pass.FunctionPass(checkGathers),
		pass.FunctionPass(pass.EnsureBasePointerCalleeSaved),
		pass.Func(pass.IncludeTextFlagHeader),
		pass.FunctionPass(pass.PruneSelfMoves),
		pass.FunctionPass(pass.RequiredISAExtensions),
	)
}

// allocate follows avo's pass.AllocateRegisters, with vector registers X0 to X(vecRegs-1).
func allocate(fn *avoir.Function, vecRegs int) error {
	as := map[reg.Kind]*pass.Allocator{}
	for _, i := range fn.Instructions() {
		for _, r := range i.Registers() {
			k := r.Kind()
			if _, ok := as[k]; ok {
				continue
			}
			f := reg.FamilyOfKind(k)
			if f == nil {
				return errors.New("unknown register family")
			}
			var rs []reg.Physical
			for _, p := range f.Registers() {
				if k == reg.KindVector && int(p.PhysicalIndex()) >= vecRegs {
					continue
				}
				rs = append(rs, p)
			}
			a, err := pass.NewAllocator(rs)
			if err != nil {
				return err
			}
			for _, p := range rs {
				if p.Info()&reg.BasePointer != 0 {
					a.SetPriority(p.ID(), -1)
				}
			}
			as[k] = a
		}
	}
	for _, i := range fn.Instructions() {
		for _, r := range i.Registers() {
			as[r.Kind()].Add(r.ID())
		}
	}
	for _, i := range fn.Instructions() {
		for _, d := range i.OutputRegisters() {
			out := i.LiveOut.OfKind(d.Kind())
			out.DiscardRegister(d)
			as[d.Kind()].AddInterferenceSet(d, out)
		}
	}
	fn.Allocation = reg.NewEmptyAllocation()
	for _, k := range []reg.Kind{reg.KindGP, reg.KindVector, reg.KindOpmask} { // fixed order
		a, ok := as[k]
		if !ok {
			continue
		}
		al, err := a.Allocate()
		if err != nil {
			return err
		}
		if err := fn.Allocation.Merge(al); err != nil {
			return err
		}
	}
	return nil
}

// checkGathers fails if a gather's mask, index and destination are not three different
// registers (the instruction faults otherwise; avo's allocator does not know the rule).
func checkGathers(fn *avoir.Function) error {
	for _, i := range fn.Instructions() {
		if !strings.HasPrefix(i.Opcode, "VGATHER") {
			continue
		}
		var rs []reg.Register
		for _, op := range i.Operands {
			rs = append(rs, operand.Registers(op)...)
		}
		seen := map[reg.ID]bool{}
		for _, r := range rs {
			if r.Kind() != reg.KindVector {
				continue
			}
			if seen[r.ID()] {
				return fmt.Errorf("%s: %s uses a register twice", fn.Name, i.Opcode)
			}
			seen[r.ID()] = true
		}
	}
	return nil
}
