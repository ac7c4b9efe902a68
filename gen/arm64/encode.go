// Package arm64 prints the kernel IR as NEON assembly for Go's arm64 assembler: a register
// allocator over V0–V31, unrolled vector loops and single-lane tails, native Go mnemonics where
// Go 1.26 has them and, for the vector instructions it lacks (FADD, FMUL, FDIV, FMIN, FCMGT,
// FCVTZS, ...), WORD directives from the small instruction encoder in this file.
package arm64

import "fmt"

// Arr is a vector arrangement.
type Arr uint8

const (
	S4  Arr = iota // four 32-bit lanes
	D2             // two 64-bit lanes
	B16            // sixteen bytes (bitwise operations)
)

// gnu is the arrangement's suffix in GNU (ARM) syntax.
func (a Arr) gnu() string { return [...]string{"4s", "2d", "16b"}[a] }

// goName is the arrangement's suffix in Go's arm64 assembler syntax.
func (a Arr) goName() string { return [...]string{"S4", "D2", "B16"}[a] }

// Mnemonic is an instruction the encoder knows, in ARM's spelling.
type Mnemonic uint8

const (
	FADD Mnemonic = iota
	FSUB
	FMUL
	FDIV
	FMAX
	FMIN
	FCMEQ
	FCMGE
	FCMGT
	FABS
	FNEG
	FCVTZS
	NOT
	numMnemonics
)

// encoding describes one mnemonic: its fixed bits (for the .4s or .16b arrangement, registers
// zero), whether it takes a second source register, and which arrangements it has.
type encoding struct {
	name   string
	bits   uint32
	binary bool // three registers (Vd, Vn, Vm); else two (Vd, Vn)
	arrs   []Arr
}

var fp = []Arr{S4, D2}

// The encodings, from the Arm A64 reference: "Advanced SIMD three same" is
// 0 Q U 01110 a sz 1 Rm opcode 1 Rn Rd, "two-register miscellaneous" is
// 0 Q U 01110 a sz 10000 opcode 10 Rn Rd; Q = 1 (128 bits) throughout, sz = 1 for .2d.
var encodings = [numMnemonics]encoding{
	FADD:   {"fadd", 0x4e20d400, true, fp},  // U=0 a=0 opcode 11010
	FSUB:   {"fsub", 0x4ea0d400, true, fp},  // U=0 a=1 opcode 11010
	FMUL:   {"fmul", 0x6e20dc00, true, fp},  // U=1 a=0 opcode 11011
	FDIV:   {"fdiv", 0x6e20fc00, true, fp},  // U=1 a=0 opcode 11111
	FMAX:   {"fmax", 0x4e20f400, true, fp},  // U=0 a=0 opcode 11110
	FMIN:   {"fmin", 0x4ea0f400, true, fp},  // U=0 a=1 opcode 11110
	FCMEQ:  {"fcmeq", 0x4e20e400, true, fp}, // U=0 a=0 opcode 11100
	FCMGE:  {"fcmge", 0x6e20e400, true, fp}, // U=1 a=0 opcode 11100
	FCMGT:  {"fcmgt", 0x6ea0e400, true, fp}, // U=1 a=1 opcode 11100
	FABS:   {"fabs", 0x4ea0f800, false, fp}, // U=0 a=1 opcode 01111
	FNEG:   {"fneg", 0x6ea0f800, false, fp}, // U=1 a=1 opcode 01111
	FCVTZS: {"fcvtzs", 0x4ea1b800, false, fp},
	NOT:    {"not", 0x6e205800, false, []Arr{B16}}, // U=1 size=00 opcode 00101
}

// Form is one instruction form: a mnemonic with an arrangement.
type Form struct {
	M   Mnemonic
	Arr Arr
}

// Forms lists every form the encoder can produce.
func Forms() []Form {
	var fs []Form
	for m := Mnemonic(0); m < numMnemonics; m++ {
		for _, a := range encodings[m].arrs {
			fs = append(fs, Form{m, a})
		}
	}
	return fs
}

// Binary reports whether the form takes two source registers.
func (f Form) Binary() bool { return encodings[f.M].binary }

func (f Form) check(regs ...int) {
	ok := false
	for _, a := range encodings[f.M].arrs {
		ok = ok || a == f.Arr
	}
	if !ok {
		panic(fmt.Sprintf("arm64: %s has no .%s form", encodings[f.M].name, f.Arr.gnu()))
	}
	for _, r := range regs {
		if r < 0 || r > 31 {
			panic(fmt.Sprintf("arm64: no register v%d", r))
		}
	}
}

// Encode returns the instruction word for Vd = op(Vn, Vm); m is ignored by unary forms.
func (f Form) Encode(d, n, m int) uint32 {
	f.check(d, n, m)
	e := encodings[f.M]
	w := e.bits | uint32(n)<<5 | uint32(d)
	if e.binary {
		w |= uint32(m) << 16
	}
	if f.Arr == D2 {
		w |= 1 << 22
	}
	return w
}

// GNU returns the instruction in GNU assembler syntax, e.g. "fmul v2.4s, v0.4s, v1.4s".
func (f Form) GNU(d, n, m int) string {
	f.check(d, n, m)
	e := encodings[f.M]
	a := f.Arr.gnu()
	if e.binary {
		return fmt.Sprintf("%s v%d.%s, v%d.%s, v%d.%s", e.name, d, a, n, a, m, a)
	}
	return fmt.Sprintf("%s v%d.%s, v%d.%s", e.name, d, a, n, a)
}

// Word returns the Go assembler line for the instruction: a WORD with the GNU text as comment.
func (f Form) Word(d, n, m int) string {
	return fmt.Sprintf("WORD $0x%08x // %s", f.Encode(d, n, m), f.GNU(d, n, m))
}
