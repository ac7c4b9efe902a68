// Package lower turns a spec entry into kernel IR: it fits the family's coefficients (package
// fit), builds the family's program, and wraps it in the entry's clamps and saturation. Each
// family is one builder here; backends never see families.
package lower

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/actapprox/approx/gen/fit"
	"github.com/actapprox/approx/gen/ir"
	"github.com/actapprox/approx/spec"
	"github.com/actapprox/approx/tests"
)

// Approximant is a spec entry made concrete: its formula and coefficients, ready to be lowered
// to IR for each float type.
type Approximant struct {
	Entry   *spec.Entry
	Formula string              // human-readable, for doc comments
	P, Q    []float64           // rational families: numerator and denominator, lowest power first
	clamps  map[ir.Type]float64 // automatic clamps (see spec.Entry.AutoClamp)
	f64     *Approximant        // the float64 kernel's own, when the entry overrides its fit
	docType ir.Type             // the float type whose coefficients Formula shows
	body    func(b *ir.Builder, x ir.Value) ir.Value
}

// New fits and builds the approximant e describes.
func New(e *spec.Entry) (*Approximant, error) {
	// Where only the float32 kernel uses the fit (a float64 override, or no float64 kernel),
	// the formula shows the coefficients as that kernel rounds them.
	a := &Approximant{Entry: e, docType: ir.F64}
	if e.Float64 != nil || !slices.Contains(e.Types, "float64") {
		a.docType = ir.F32
	}
	if err := a.build(); err != nil {
		return nil, fmt.Errorf("%s:%d: %s: %w", e.Pos.File, e.Pos.Line, e.Name, err)
	}
	if e.Float64 != nil {
		f64, err := New(e.ForType("float64"))
		if err != nil {
			return nil, err
		}
		a.f64 = f64
	}
	a.clamps = map[ir.Type]float64{}
	for _, ts := range e.Types {
		if !e.AutoClamp {
			break
		}
		t := ir.F64
		if ts == "float32" {
			t = ir.F32
		}
		if a.For(t) != a {
			continue
		}
		b := ir.NewBuilder(t)
		c, err := a.autoClamp(t, b.Program(a.body(b, b.X())))
		if err != nil {
			p := e.FieldPos("auto_clamp")
			return nil, fmt.Errorf("%s:%d: %s: auto_clamp: %w", p.File, p.Line, e.Name, err)
		}
		a.clamps[t] = c
	}
	return a, nil
}

func (a *Approximant) build() error {
	e := a.Entry
	switch e.Family {
	case spec.FamilyContFrac:
		p, q := fit.ContFracTanh(e.Depth, e.Variant == "authors")
		a.rational(p, q)
	case spec.FamilySerpentine:
		a.rational([]float64{0, 4}, []float64{4, 0, 1})
	case spec.FamilyPoly:
		p, q, err := fitRational(e.Fit, e.Target, nil, e.Degree, 0)
		if err != nil {
			return err
		}
		a.rational(p, q)
	case spec.FamilyPade:
		p, q, err := fitRational(e.Fit, e.Target, nil, e.Num, e.Den)
		if err != nil {
			return err
		}
		a.rational(p, q)
	case spec.FamilyExpReduced:
		if err := a.expReduced(); err != nil {
			return err
		}
	case spec.FamilySigmoidExp:
		if err := a.sigmoidExp(); err != nil {
			return err
		}
	case spec.FamilyTanhExp:
		if err := a.tanhExp(); err != nil {
			return err
		}
	case spec.FamilyTanhExpm1:
		if err := a.tanhExpm1(); err != nil {
			return err
		}
	case spec.FamilyFastExp:
		a.fastExp()
	case spec.FamilyUltraFast:
		a.ultraFastSigmoid()
	case spec.FamilyHardSigmoid:
		a.Formula = "clip(0.2x + 0.5, 0, 1)"
		a.body = func(b *ir.Builder, x ir.Value) ir.Value {
			y := b.FMA(x, b.Const(0.2), b.Const(0.5))
			return b.Min(b.Max(y, b.Const(0)), b.Const(1))
		}
	case spec.FamilyTable:
		a.table()
	case spec.FamilySchraudolph:
		a.schraudolph()
	case spec.FamilyReLU:
		a.Formula = "max(x, 0)"
		a.body = func(b *ir.Builder, x ir.Value) ir.Value { return b.Max(x, b.Const(0)) }
	case spec.FamilyReLUBranchFree:
		a.Formula = "(x + |x|) * 0.5"
		a.body = func(b *ir.Builder, x ir.Value) ir.Value {
			return b.Mul(b.Add(x, b.Abs(x)), b.Const(0.5))
		}
	default:
		return fmt.Errorf("family %q has no builder", e.Family)
	}
	return nil
}

// fitRational fits P_n/Q_m (m = 0: a polynomial) to the target function as the spec's fit
// says. Least squares fits to the double-double references (tests.ReferenceFor), which round
// the same on every machine, so the fit does too (see fit's solve); minimax fits to Go's math
// functions.
//
// Method chebyshev needs big, the target in extended precision, and fits polynomials only.
func fitRational(f spec.Fit, target string, big fit.BigFunc, n, m int) (p, q []float64, err error) {
	lo, hi := f.Range[0], f.Range[1]
	switch f.Method {
	case "minimax":
		fn := tests.Reference(target)
		o := fit.MinimaxOptions{Measure: measure(f.Error), Symmetry: symmetry(f.Symmetry), ExactOrigin: f.ExactOrigin, Grid: f.Points}
		p, q, _, err = fit.Minimax(fn, n, m, lo, hi, o)
	case "chebyshev":
		if big == nil || m != 0 {
			return nil, nil, fmt.Errorf("fit: method chebyshev fits only polynomials with an extended-precision target (families exp_reduced, sigmoid_exp, tanh_exp)")
		}
		p, err = fit.Chebyshev(big, n, lo, hi, f.ExactOrigin, symmetry(f.Symmetry))
		q = []float64{1}
	case "lsq":
		fn := tests.ReferenceFor(target, 53)
		if m == 0 {
			p, err = fit.Polynomial(fn, n, lo, hi, f.Points, symmetry(f.Symmetry))
			q = []float64{1}
		} else {
			p, q, err = fit.Rational(fn, n, m, lo, hi, f.Points, symmetry(f.Symmetry))
		}
	default:
		err = fmt.Errorf("fit method %q has no fitter", f.Method)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("fit: %w", err)
	}
	return p, q, nil
}

// fitPinned fits a polynomial of the given degree whose lowest coefficients are low (x^0,
// x^1, ...) to fn (method minimax) or to big, fn in extended precision (method chebyshev).
func fitPinned(f spec.Fit, fn func(float64) float64, big fit.BigFunc, degree int, low []float64) ([]float64, error) {
	var p []float64
	var err error
	switch f.Method {
	case "minimax":
		o := fit.MinimaxOptions{Measure: measure(f.Error), Low: low, Grid: f.Points}
		p, _, _, err = fit.Minimax(fn, degree, 0, f.Range[0], f.Range[1], o)
	case "chebyshev":
		p, err = fit.ChebyshevFixed(big, degree, f.Range[0], f.Range[1], low)
	default:
		err = fmt.Errorf("method %q: this family fits by minimax or chebyshev", f.Method)
	}
	if err != nil {
		return nil, fmt.Errorf("fit: %w", err)
	}
	return p, nil
}

func measure(e string) fit.ErrorMeasure {
	switch e {
	case "relative":
		return fit.Relative
	case "ulp":
		return fit.ULP
	}
	return fit.Absolute
}

func symmetry(s string) fit.Symmetry {
	switch s {
	case "odd":
		return fit.Odd
	case "even":
		return fit.Even
	}
	return fit.None
}

// For returns the approximant as lowered for type t: a itself, or the float64 variant when
// the entry overrides the float64 fit.
func (a *Approximant) For(t ir.Type) *Approximant {
	if t == ir.F64 && a.f64 != nil {
		return a.f64
	}
	return a
}

// Program lowers the approximant for float type t, clamps and saturation included.
func (a *Approximant) Program(t ir.Type) (*ir.Program, error) {
	if v := a.For(t); v != a {
		return v.Program(t)
	}
	e := a.Entry
	autoClamp := a.clamps[t]
	b := ir.NewBuilder(t)
	x := b.X()
	in := x
	if c := e.ClampIn; c != nil {
		in = b.Min(b.Max(in, b.Const(c[0])), b.Const(c[1]))
	}
	if autoClamp != 0 {
		in = b.Min(b.Max(in, b.Const(-autoClamp)), b.Const(autoClamp))
	}
	y := a.body(b, in)
	if s := e.Saturate; s != 0 {
		lim, _ := tests.Limits(e.Target) // spec allows saturate for tanh and sigmoid only
		y = b.Select(b.Cmp(ir.OpGT, x, b.Const(s)), b.Const(lim[1]), y)
		y = b.Select(b.Cmp(ir.OpLT, x, b.Const(-s)), b.Const(lim[0]), y)
	}
	if c := e.ClampOut; c != nil {
		y = b.Min(b.Max(y, b.Const(c[0])), b.Const(c[1]))
	}
	return b.Program(y), nil
}

// AutoClamp returns the automatic clamp of type t (see spec.Entry.AutoClamp), if any.
func (a *Approximant) AutoClamp(t ir.Type) (float64, bool) {
	c, ok := a.For(t).clamps[t]
	return c, ok
}

// Edges are inputs where the approximant changes behaviour (clamp, saturation and piece
// boundaries), which tests visit with their neighbours.
func (a *Approximant) Edges() []float64 {
	e := a.Entry
	var xs []float64
	if c := e.ClampIn; c != nil {
		xs = append(xs, c[0], c[1])
	}
	if s := e.Saturate; s != 0 {
		xs = append(xs, -s, s)
	}
	for _, t := range []ir.Type{ir.F32, ir.F64} {
		if c, ok := a.AutoClamp(t); ok {
			xs = append(xs, -c, c)
		}
	}
	switch e.Family {
	case spec.FamilyUltraFast:
		xs = append(xs, -6, -3.4, 3.4, 6)
	case spec.FamilyTable:
		xs = append(xs, -e.TableMax, e.TableMax)
	case spec.FamilyHardSigmoid:
		xs = append(xs, -2.5, 2.5)
	case spec.FamilyFastExp:
		n := float64(e.N)
		xs = append(xs, -n, n, 2*n)
	case spec.FamilyTanhExp: // the switch to the polynomial, per type
		for _, t := range []ir.Type{ir.F32, ir.F64} {
			if s := a.For(t).Entry.NearZero.Fit.Range[1]; !slices.Contains(xs, s) {
				xs = append(xs, -s, s)
			}
		}
	}
	return append(xs, e.Bound.Domain[0], e.Bound.Domain[1])
}

// rational sets the body to P(x)/Q(x) (no division when Q = 1), using x^2 when P and Q have
// opposite or matching parity so that symmetric fits stay exactly symmetric.
func (a *Approximant) rational(p, q []float64) {
	p, q = trim(p), trim(q)
	a.P, a.Q = p, q
	a.Formula = a.poly(p)
	if !(len(q) == 1 && q[0] == 1) {
		a.Formula = "(" + a.Formula + ") / (" + a.poly(q) + ")"
	}
	a.body = func(b *ir.Builder, x ir.Value) ir.Value {
		num := evalPoly(b, x, p)
		if len(q) == 1 && q[0] == 1 {
			return num
		}
		if a.Entry.Division == "nr1fma" {
			return b.DivApprox(num, evalPoly(b, x, q))
		}
		return b.Div(num, evalPoly(b, x, q))
	}
}

// evalPoly evaluates sum c_i x^i by Horner's rule, in x^2 when c is odd or even.
func evalPoly(b *ir.Builder, x ir.Value, c []float64) ir.Value {
	switch {
	case parity(c, 1) && len(c) > 2: // even: c0 + c2 x^2 + ...
		return horner(b, b.Mul(x, x), every2(c, 0))
	case parity(c, 0) && len(c) > 1: // odd: x (c1 + c3 x^2 + ...)
		h := every2(c, 1)
		if len(h) == 1 {
			return b.Mul(x, b.Const(h[0]))
		}
		return b.Mul(x, horner(b, b.Mul(x, x), h))
	}
	return horner(b, x, c)
}

// parity reports whether every coefficient of power ≡ zeroed (mod 2) is zero.
func parity(c []float64, zeroed int) bool {
	for i := zeroed; i < len(c); i += 2 {
		if c[i] != 0 {
			return false
		}
	}
	return true
}

func every2(c []float64, from int) []float64 {
	var r []float64
	for i := from; i < len(c); i += 2 {
		r = append(r, c[i])
	}
	return r
}

func horner(b *ir.Builder, x ir.Value, c []float64) ir.Value {
	h := b.Const(c[len(c)-1])
	for i := len(c) - 2; i >= 0; i-- {
		if c[i] == 0 {
			h = b.Mul(h, x)
		} else {
			h = b.FMA(h, x, b.Const(c[i]))
		}
	}
	return h
}

func trim(c []float64) []float64 {
	for len(c) > 1 && c[len(c)-1] == 0 {
		c = c[:len(c)-1]
	}
	return c
}

// poly prints c as "c0 + c1·x + c2·x^2 ...", skipping zero terms: float32 coefficients as
// rounded, in the fewest digits that give them back; float64 ones to 10 significant digits.
func (a *Approximant) poly(c []float64) string { return a.polyIn(c, "x") }

// polyIn is poly in the variable name.
func (a *Approximant) polyIn(c []float64, name string) string {
	var terms []string
	for i, v := range c {
		s := ""
		if a.docType == ir.F32 {
			v = float64(float32(v))
			s = strconv.FormatFloat(v, 'g', -1, 32)
		} else {
			s = strconv.FormatFloat(v, 'g', 10, 64)
		}
		if v == 0 {
			continue
		}
		x := name
		if i > 1 {
			x += "^" + strconv.Itoa(i)
		}
		switch {
		case i == 0:
		case v == 1:
			s = x
		default:
			s += "·" + x
		}
		terms = append(terms, s)
	}
	if len(terms) == 0 {
		return "0"
	}
	return strings.ReplaceAll(strings.Join(terms, " + "), "+ -", "- ")
}
