// Package spec reads and validates the declarative approximant specs (spec/*.toml).
//
// A spec file holds one [[approximant]] table per approximant. Load parses the files, rejects
// unknown keys and impossible values with compiler-style messages
// ("spec/paper.toml:14: tanh_pade_4_4: pade: den degree -1: must be >= 0"), and returns the
// entries in file order.
package spec

// Targets an approximant may replace.
const (
	TargetTanh    = "tanh"
	TargetSigmoid = "sigmoid"
	TargetExp     = "exp"
	TargetReLU    = "relu"
)

// Families: how an approximant is built.
const (
	FamilyContFrac       = "cont_frac"          // Lambert's continued fraction for tanh (Depth, Variant)
	FamilyPoly           = "poly"               // least-squares polynomial (Degree, Fit)
	FamilyPade           = "pade"               // least-squares rational P_n/Q_m (Num, Den, Fit)
	FamilySerpentine     = "serpentine"         // 4x/(x^2+4)
	FamilyFastExp        = "fastexp"            // (1+t/n)^n by log2(n) squarings (N)
	FamilyUltraFast      = "ultra_fast_sigmoid" // Theano's piecewise sigmoid
	FamilyHardSigmoid    = "hard_sigmoid"       // Theano's clip(0.2x+0.5, 0, 1)
	FamilyTable          = "table"              // word2vec's lookup table (TableSize, TableMax)
	FamilySchraudolph    = "schraudolph"        // exponent-bit exp (SchraudolphC)
	FamilyReLU           = "relu"               // max(x, 0)
	FamilyReLUBranchFree = "relu_branchfree"    // (x + |x|) / 2
	FamilyExpReduced     = "exp_reduced"        // exp: 2^n scaling, two-constant ln 2, polynomial (Degree, Fit)
	FamilySigmoidExp     = "sigmoid_exp"        // sigmoid as 4/(4 + 4e^-x), e^-x as in exp_reduced (Degree, Fit)
	FamilyTanhExp        = "tanh_exp"           // tanh(|x|): an odd polynomial near 0 (NearZero), 1 - 2/(e^(2|x|) + 1) above, e^ as in exp_reduced (Degree, Fit)
	FamilyTanhExpm1      = "tanh_expm1"         // tanh(|x|) = m/(2 - m), m = 1 - e^(-2|x|) by 2^n scaling and a polynomial with an exact w term (Degree, Fit)
)

// Classes of error bound.
const (
	ClassRanged = "ranged" // the bound holds inside Bound.Domain only
	ClassSafe   = "safe"   // the bound holds on Bound.Domain, and every input gives a sane output
)

// Entry is one approximant.
type Entry struct {
	Name   string // snake_case spec name, e.g. "tanh_pade_4_4"
	GoName string // exported Go name, e.g. "TanhPade44"
	Doc    string // optional one-line description for the doc comment
	Target string // one of the Target constants
	Family string // one of the Family constants
	Class  string // ClassRanged or ClassSafe

	// Family parameters; only those of Family are set.
	Depth        int     // cont_frac: levels of the fraction
	Variant      string  // cont_frac: "authors" (last level (2n-1)+x^2) or "plain" (tail dropped)
	Degree       int     // poly: degree
	Num, Den     int     // pade: numerator and denominator degrees
	N            int     // fastexp: the n of (1+t/n)^n, a power of two
	TableSize    int     // table: entries
	TableMax     float64 // table: the table covers (-TableMax, TableMax)
	SchraudolphC float64 // schraudolph: the float64 correction c; float32 uses 8c

	Fit Fit // poly and pade only

	NearZero *NearZero // tanh_exp: the polynomial below the switch point

	ClampIn  *[2]float64 // optional: x = min(max(x, lo), hi) before the approximant
	Saturate float64     // optional (0 = none): for |x| > Saturate return the target's limit
	ClampOut *[2]float64 // optional: y = min(max(y, lo), hi) after the approximant
	// AutoClamp clamps x to ±c, c the first float (per type) at which the approximant rounds
	// to the target's limit, so the output reaches the limit exactly and never passes it.
	AutoClamp bool

	Types []string // "float32", "float64"

	// Float64, if set, replaces Degree and Fit for the float64 kernel.
	Float64 *Override

	// Division is "" or "exact", or "nr1fma": the AVX-512 kernels multiply by a reciprocal
	// estimate refined by Newton-Raphson steps (one for float32, two for float64; within 2 ULP
	// of the quotient) instead of dividing, and so does the float32 AVX2 one where that
	// measured faster (a kernel bound by the divider: see gen/amd64). Only for rational
	// families; only where the divisor stays finite and nonzero on the domain (an infinite one
	// gives NaN, not 0).
	Division string

	Bound Bound

	Odd      bool // claims f(-x) == -f(x) exactly
	Monotone bool // claims non-decreasing on Bound.Domain
	// TinyIdentity claims f(x) == x for |x| <= 2^-(p+1), p the float type's precision, and f(x)
	// within one float of x above that while the target rounds to x (tanh only).
	TinyIdentity bool

	Pos Pos // where the entry starts
	// Field positions, keyed by the TOML key ("fit", "bound", "pade", ...).
	Fields map[string]Pos
}

// Fit says how coefficients are fitted (poly and pade).
type Fit struct {
	Method      string     // "lsq": linearized least squares, as the paper did; "minimax"; "chebyshev": interpolation in extended precision (float64 accuracy; Points unused)
	Range       [2]float64 // fit interval
	Points      int        // lsq: evenly spaced points, both ends included; minimax: the check grid
	Symmetry    string     // "", "none", "odd" or "even": restrict the fitted terms
	Error       string     // minimax: "absolute" (default), "relative" or "ulp", the error minimised
	ExactOrigin bool       // minimax, chebyshev: exact at 0 (odd: P's x term equals Q's constant)
}

// NearZero is tanh_exp's odd polynomial x + c3·x^3 + ... + c_Degree·x^Degree, used for |x|
// below Fit.Range[1], the switch point. Its fit is odd, on [0, switch point], with the exact
// origin (the x coefficient is 1, so the kernel adds x itself, exactly).
type NearZero struct {
	Degree int // odd, >= 3
	Fit    Fit
}

// Override is a float64 kernel's own degree and fit, and near-zero polynomial where the
// family has one (nil: the entry's) (see Entry.Float64).
type Override struct {
	Degree   int
	Fit      Fit
	NearZero *NearZero
}

// ForType returns the entry as it applies to float type typ ("float32" or "float64"): for
// float64, with Float64's degree, fit and near-zero polynomial.
func (e *Entry) ForType(typ string) *Entry {
	if typ != "float64" || e.Float64 == nil {
		return e
	}
	c := *e
	c.Degree, c.Fit, c.Float64 = e.Float64.Degree, e.Float64.Fit, nil
	if e.Float64.NearZero != nil {
		c.NearZero = e.Float64.NearZero
	}
	c.Types = []string{"float64"}
	return &c
}

// Bound is the error an approximant must meet on Domain. Zero fields are unchecked; at least
// one of Abs, Rel and ULP is set.
type Bound struct {
	Abs    float64    // max |y - ref|
	Rel    float64    // max |y - ref| / |ref|
	ULP    float64    // max |y - ref| in units of the last place of ref in the output type
	Domain [2]float64 // inputs the bound covers; may be infinite
}

// Pos is a place in a spec file.
type Pos struct {
	File string
	Line int
}

// FieldPos returns the position of field key in e, or the entry's position.
func (e *Entry) FieldPos(key string) Pos {
	if p, ok := e.Fields[key]; ok {
		return p
	}
	return e.Pos
}
