// Package certified reads and writes spec/certified.json, the machine-readable half of the
// certification report that `go run ./cmd/certify` produces: for every kernel, float type and
// implementation level, the figures measured on all 2^32 float32 inputs (or, for float64, on a
// sampled sweep over every exponent). The generator reads it to quote certified figures in doc
// comments.
//
//	r, err := certified.Load("spec/certified.json")
//	s, ok := r.Summary("TanhPade44", "float32") // worst over the levels
//	fresh := r.Fresh("TanhPade44", "float32", certified.Fingerprint(prog))
//
// Figures are keyed by the kernel's exported Go name (spec.Entry.GoName), then by float type
// ("float32", "float64"), then by level ("avx512", "avx2", "purego", "neon").
package certified

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/actapprox/approx/gen/ir"
)

// Version is the file format's version; Load rejects other versions.
const Version = 1

// Report is the whole file.
type Report struct {
	Version int    `json:"version"`
	Machine string `json:"machine"` // CPU, OS/architecture and Go version of the run
	// Step: every Step-th float32 bit pattern was visited (1: exhaustive).
	Step uint64 `json:"step"`
	// PerBinade: float64 inputs per binade and sign in the sampled sweep.
	PerBinade int `json:"per_binade"`
	// Seed of the float64 sweep's random mantissas.
	Seed uint64 `json:"seed"`
	// Kernels: Go name → float type → level → figures.
	Kernels map[string]map[string]map[string]Figures `json:"kernels"`
}

// Figures are one kernel's certified figures, for one float type at one level.
type Figures struct {
	Spec    string `json:"spec"`    // spec entry name, e.g. "tanh_pade_4_4"
	Program string `json:"program"` // Fingerprint of the IR program certified
	Target  string `json:"target"`
	Class   string `json:"class"`
	Domain  [2]Num `json:"domain"`
	Bound   Bound  `json:"bound"`

	Sweep  string `json:"sweep"`  // what was visited, e.g. "all 2^32 inputs"
	Inputs uint64 `json:"inputs"` // finite inputs in the domain compared with the reference

	// Maxima over the domain and the input where each is reached (an input, not the only one).
	MaxAbs   Num `json:"max_abs"`
	MaxAbsAt Num `json:"max_abs_at"`
	MaxULP   Num `json:"max_ulp"`
	MaxULPAt Num `json:"max_ulp_at"`
	MaxRel   Num `json:"max_rel"`
	MaxRelAt Num `json:"max_rel_at"`

	BoundHolds bool `json:"bound_holds"` // the maxima are within the spec's bound

	// Monotone: consecutive visited inputs x1 < x2, both in the domain, with f(x1) > f(x2).
	// MonotoneAll: the same over every non-NaN input (±Inf included).
	Monotone    Count `json:"monotone"`
	MonotoneAll Count `json:"monotone_all"`
	// Odd: inputs x > 0 (or +0), x and -x in the domain, with f(-x) != -f(x) (NaN equals NaN).
	// OddAll: the same over every non-NaN input. Both are counted only where the spec claims
	// oddness (zero elsewhere).
	Odd    Count `json:"odd"`
	OddAll Count `json:"odd_all"`
	// Range: outputs outside the target's range (tanh [-1, 1], sigmoid [0, 1], exp and relu
	// [0, +Inf]), over every non-NaN input.
	Range Count `json:"range"`
	// NaNOut: non-NaN inputs giving NaN. NaNIn: NaN inputs not giving NaN.
	NaNOut Count `json:"nan_out"`
	NaNIn  Count `json:"nan_in"`
	// Denormal: normal or infinite inputs giving a denormal (nonzero, below the smallest
	// normal) output; denormal inputs are left out (tanh(x) = x there).
	Denormal Count `json:"denormal"`
	// Tiny: where the spec claims tiny_identity, inputs |x| <= 2^-(p+1) (p the precision) whose
	// output is not x itself (the sign of zero included), and larger inputs, where the
	// reference rounds to x, whose output is more than one float from x. Zero elsewhere.
	Tiny Count `json:"tiny"`
	// AtNegInf, AtPosInf, AtNaN: the outputs at -Inf, +Inf and the default NaN.
	AtNegInf Num `json:"at_neg_inf"`
	AtPosInf Num `json:"at_pos_inf"`
	AtNaN    Num `json:"at_nan"`
	// DiffPureGo: visited inputs where this level's output differs from the purego level's.
	DiffPureGo Count `json:"diff_purego"`

	// Problems are the broken promises, each a sentence (empty: every promise kept).
	Problems []string `json:"problems,omitempty"`
}

// Bound is the spec's bound (zero: unchecked).
type Bound struct {
	Abs Num `json:"abs,omitempty"`
	Rel Num `json:"rel,omitempty"`
	ULP Num `json:"ulp,omitempty"`
}

// Count is how many inputs broke a property, and the first one (the smallest input).
type Count struct {
	N       uint64 `json:"n"`
	Example string `json:"example,omitempty"`
}

// Num is a float64 that JSON carries as a number, or as the string "+Inf", "-Inf" or "NaN".
type Num float64

// MarshalJSON writes the shortest representation that reads back exactly.
func (n Num) MarshalJSON() ([]byte, error) {
	f := float64(n)
	switch {
	case math.IsNaN(f):
		return []byte(`"NaN"`), nil
	case math.IsInf(f, 1):
		return []byte(`"+Inf"`), nil
	case math.IsInf(f, -1):
		return []byte(`"-Inf"`), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

// UnmarshalJSON reads a number or one of the strings MarshalJSON writes.
func (n *Num) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		switch s {
		case "NaN":
			*n = Num(math.NaN())
		case "+Inf":
			*n = Num(math.Inf(1))
		case "-Inf":
			*n = Num(math.Inf(-1))
		default:
			return fmt.Errorf("certified: bad number %q", s)
		}
		return nil
	}
	f, err := strconv.ParseFloat(string(b), 64)
	*n = Num(f)
	return err
}

// Load reads a report written by Marshal.
func Load(path string) (*Report, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r Report
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&r); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if r.Version != Version {
		return nil, fmt.Errorf("%s: version %d, want %d", path, r.Version, Version)
	}
	return &r, nil
}

// Marshal encodes r deterministically (sorted keys, indented, a final newline).
func (r *Report) Marshal() ([]byte, error) {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// Levels returns the levels certified for a kernel and float type, sorted.
func (r *Report) Levels(goName, typ string) []string {
	var ls []string
	for l := range r.Kernels[goName][typ] {
		ls = append(ls, l)
	}
	slices.Sort(ls)
	return ls
}

// Fresh reports whether the kernel was certified at every level with the program whose
// fingerprint is given: false when the kernel is missing or its coefficients changed since.
func (r *Report) Fresh(goName, typ, fingerprint string) bool {
	ls := r.Kernels[goName][typ]
	for _, f := range ls {
		if f.Program != fingerprint {
			return false
		}
	}
	return len(ls) > 0
}

// Summary is what a doc comment quotes: the worst figures over every certified level.
type Summary struct {
	Type       string   // "float32" or "float64"
	Sweep      string   // e.g. "all 2^32 inputs"
	Levels     []string // sorted
	MaxAbs     float64
	MaxULP     float64
	MaxRel     float64
	BoundHolds bool // at every level
	Problems   int  // broken promises, summed over the levels
	// Counts summed over the levels (see Figures): decreasing pairs on the domain, inputs not
	// odd, tiny inputs off x. The last two are counted only where the spec claims them.
	Decreasing, NotOdd, Tiny uint64
}

// Summary returns the worst figures over the levels of a kernel and float type; false if the
// report has none.
func (r *Report) Summary(goName, typ string) (Summary, bool) {
	levels := r.Levels(goName, typ)
	if len(levels) == 0 {
		return Summary{}, false
	}
	s := Summary{Type: typ, Levels: levels, BoundHolds: true}
	for _, l := range levels {
		f := r.Kernels[goName][typ][l]
		s.Sweep = f.Sweep
		s.MaxAbs = worse(s.MaxAbs, float64(f.MaxAbs))
		s.MaxULP = worse(s.MaxULP, float64(f.MaxULP))
		s.MaxRel = worse(s.MaxRel, float64(f.MaxRel))
		s.BoundHolds = s.BoundHolds && f.BoundHolds
		s.Problems += len(f.Problems)
		s.Decreasing += f.Monotone.N
		s.NotOdd += f.Odd.N
		s.Tiny += f.Tiny.N
	}
	return s, true
}

func worse(a, b float64) float64 {
	if math.IsNaN(b) || b > a {
		return b
	}
	return a
}

// Sentence prints the summary for a doc comment, e.g. "Certified float32 on all 2^32 inputs
// (avx2, purego): max abs error 0.00457, max 2.39e+05 ULP."
func (s Summary) Sentence() string {
	return fmt.Sprintf("Certified %s on %s (%s): max abs error %.3g, max %.3g ULP.",
		s.Type, s.Sweep, strings.Join(s.Levels, ", "), s.MaxAbs, s.MaxULP)
}

// Fingerprint identifies a kernel's IR program: its instructions, constants and tables. A
// certification holds for the program it was made with only.
func Fingerprint(p *ir.Program) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s", p.Type, p)
	for _, t := range p.Tables {
		for _, v := range t {
			fmt.Fprintf(h, "%x\n", math.Float64bits(v))
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}
