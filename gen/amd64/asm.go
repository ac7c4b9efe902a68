package amd64

import (
	"errors"
	"fmt"
	"path/filepath"
	"runtime"

	"github.com/mmcloughlin/avo/attr"
	"github.com/mmcloughlin/avo/buildtags"
	"github.com/mmcloughlin/avo/gotypes"
	avoir "github.com/mmcloughlin/avo/ir"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// asm builds an avo file. It stands in for avo's build.Context, whose package registers
// command-line flags (-out, -pkg) that clash with the generator's own.
type asm struct {
	file   *avoir.File
	fn     *avoir.Function
	global *avoir.Global
	coll   *reg.Collection
	errs   []error
}

func newAsm(constraint string) *asm {
	a := &asm{file: avoir.NewFile(), coll: reg.NewCollection()}
	c, err := buildtags.ParseConstraint(constraint)
	a.err(err)
	a.file.Constraints = buildtags.Constraints{c}
	return a
}

func (a *asm) err(err error) {
	if err != nil {
		a.errs = append(a.errs, err)
	}
}

// I appends an instruction from one of avo's x86 constructors.
func (a *asm) I(i *avoir.Instruction, err error) {
	if err != nil {
		_, file, line, _ := runtime.Caller(1)
		a.err(fmt.Errorf("%s: %s:%d: %v", a.fn.Name, filepath.Base(file), line, err))
		return
	}
	a.fn.AddInstruction(i)
}

// Function starts function name with the given Go signature.
func (a *asm) Function(name string, at attr.Attribute, sig string) {
	a.fn = avoir.NewFunction(name)
	a.fn.Attributes = at
	s, err := gotypes.ParseSignature(sig)
	if err != nil {
		a.err(err)
		return
	}
	a.fn.SetSignature(s)
	a.file.AddSection(a.fn)
}

// Param is the address of a parameter component such as "dst" base or length; part nil is
// the whole (scalar) parameter.
func (a *asm) Param(name string, part func(gotypes.Component) gotypes.Component) operand.Mem {
	c := a.fn.Signature.Params().Lookup(name)
	if part != nil {
		c = part(c)
	}
	return a.addr(c)
}

// Return is the address of result name, a scalar.
func (a *asm) Return(name string) operand.Mem { return a.addr(a.fn.Signature.Results().Lookup(name)) }

func (a *asm) addr(c gotypes.Component) operand.Mem {
	b, err := c.Resolve()
	if err != nil {
		a.err(err)
		return operand.Mem{}
	}
	return b.Addr
}

func (a *asm) Label(name string) { a.fn.AddLabel(avoir.Label(name)) }

func (a *asm) YMM() reg.VecVirtual  { return a.coll.YMM() }
func (a *asm) ZMM() reg.VecVirtual  { return a.coll.ZMM() }
func (a *asm) K() reg.OpmaskVirtual { return a.coll.K() }
func (a *asm) XMM() reg.VecVirtual  { return a.coll.XMM() }
func (a *asm) GP64() reg.GPVirtual  { return a.coll.GP64() }

// Global starts a read-only data section.
func (a *asm) Global(name string) {
	a.global = avoir.NewStaticGlobal(name)
	a.global.Attributes = attr.RODATA | attr.NOPTR
	a.file.AddSection(a.global)
}

func (a *asm) Append(v operand.Constant) { a.global.Append(v) }

func (a *asm) Result() (*avoir.File, error) { return a.file, errors.Join(a.errs...) }
