package main

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/actapprox/approx/gen/certified"
	"github.com/actapprox/approx/tests"
)

// figures turns what the sweep saw of kernel k at level l into certified figures. The
// verdicts on the bound and the safe class's promises come from the generated tests' harness
// (tests.CheckInputs), run on the worst inputs, the first broken inputs and the specials; the
// sweep adds the counts, and the claimed monotonicity and symmetry.
func (e *engine[F]) figures(k *kernel[F], l int, st *stats, sweep string) certified.Figures {
	c := k.c
	f := certified.Figures{
		Spec:    k.spec,
		Program: k.program,
		Target:  c.Target,
		Class:   c.Class,
		Domain:  [2]certified.Num{certified.Num(c.Lo), certified.Num(c.Hi)},
		Bound:   certified.Bound{Abs: certified.Num(c.Abs), Rel: certified.Num(c.Rel), ULP: certified.Num(c.ULP)},
		Sweep:   sweep,
		Inputs:  st.n,

		MaxAbs: certified.Num(st.abs.v), MaxAbsAt: certified.Num(st.abs.x),
		MaxULP: certified.Num(st.ulp.v), MaxULPAt: certified.Num(st.ulp.x),
		MaxRel: certified.Num(st.rel.v), MaxRelAt: certified.Num(st.rel.x),

		BoundHolds: (c.Abs == 0 || st.abs.v <= c.Abs) && (c.ULP == 0 || st.ulp.v <= c.ULP) &&
			(c.Rel == 0 || st.rel.v <= c.Rel),

		Monotone:    e.example(&st.mono, "f(%s) = %s > f(%s) = %s"),
		MonotoneAll: e.example(&st.monoAll, "f(%s) = %s > f(%s) = %s"),
		Odd:         e.example(&st.odd, "f(%s) = %s but f(%s) = %s"),
		OddAll:      e.example(&st.oddAll, "f(%s) = %s but f(%s) = %s"),
		Range:       e.example(&st.rng, "f(%s) = %s"),
		NaNOut:      e.example(&st.nanOut, "f(%s) = %s"),
		NaNIn:       e.example(&st.nanIn, "f(%s) = %s"),
		Denormal:    e.example(&st.denorm, "f(%s) = %s"),
		DiffPureGo:  e.example(&st.diff, "f(%s) = %s, purego %s"),
		Tiny:        e.example(&st.tiny, "f(%s) = %s"),

		AtNegInf: certified.Num(st.atNegInf),
		AtPosInf: certified.Num(st.atPosInf),
		AtNaN:    certified.Num(st.atNaN),
	}
	if st.nanIn.has {
		f.NaNIn.Example = fmt.Sprintf("f(NaN 0x%x) = %s", e.bitsOfKey(st.nanIn.key), e.num(st.nanIn.y1))
	}

	// The harness's verdict at the inputs that matter.
	var xs []F
	for _, m := range []*maxAt{&st.abs, &st.ulp, &st.rel} {
		if m.has {
			xs = append(xs, F(m.x))
		}
	}
	for _, n := range []*count{&st.rng, &st.nanOut} {
		if n.has {
			xs = append(xs, F(n.x1))
		}
	}
	xs = append(xs, tests.Specials[F]()...)
	slices.SortFunc(xs, func(a, b F) int { return cmp.Compare(a, b) })
	xs = slices.CompactFunc(xs, func(a, b F) bool { return a == b || a != a && b != b })
	lv := k.levels[l]
	rep := tests.CheckInputs(c, lv.f, xs)
	f.Problems = append(f.Problems, rep.Problems...)
	if re := rep.Errors; st.abs.has && (re.Abs != st.abs.v || re.ULP != st.ulp.v || re.Rel != st.rel.v) {
		f.Problems = append(f.Problems, fmt.Sprintf(
			"the kernel gives other outputs on a short slice than in the sweep (max abs error %.4g, not %.4g): results depend on the position or the length",
			re.Abs, st.abs.v))
	}
	if !f.BoundHolds && len(rep.Problems) == 0 {
		f.Problems = append(f.Problems, fmt.Sprintf("max errors abs %.4g, %.4g ULP, rel %.4g exceed the bound",
			st.abs.v, st.ulp.v, st.rel.v))
	}
	if c.Monotone && st.mono.n > 0 {
		f.Problems = append(f.Problems, fmt.Sprintf("not monotone on the domain: %d pairs of consecutive inputs, first %s",
			st.mono.n, f.Monotone.Example))
	}
	if c.Odd && st.odd.n > 0 {
		f.Problems = append(f.Problems, fmt.Sprintf("not odd on the domain: %d inputs, first %s", st.odd.n, f.Odd.Example))
	}
	if c.Tiny && st.tiny.n > 0 {
		f.Problems = append(f.Problems, fmt.Sprintf("%d tiny inputs not x itself, or more than one float from it where the %s rounds to x, first %s",
			st.tiny.n, c.Target, f.Tiny.Example))
	}
	if c.Class == "safe" {
		for _, p := range []struct {
			n    count
			what string
			ex   string
		}{
			{st.rng, "outputs outside the " + c.Target + " range", f.Range.Example},
			{st.nanOut, "non-NaN inputs give NaN", f.NaNOut.Example},
			{st.nanIn, "NaN inputs give a number", f.NaNIn.Example},
		} {
			if p.n.n > 0 {
				f.Problems = append(f.Problems, fmt.Sprintf("%d %s, first %s", p.n.n, p.what, p.ex))
			}
		}
	}
	return f
}

// example prints a count's first example with format (two or four floats).
func (e *engine[F]) example(n *count, format string) certified.Count {
	if !n.has {
		return certified.Count{N: n.n}
	}
	args := []any{e.num(n.x1), e.num(n.y1), e.num(n.x2), e.num(n.y2)}
	return certified.Count{N: n.n, Example: fmt.Sprintf(format, args[:strings.Count(format, "%s")]...)}
}

// num prints v, a value of type F, as briefly as reads back exactly.
func (e *engine[F]) num(v float64) string {
	if e.bits == 24 {
		return strconv.FormatFloat(v, 'g', -1, 32)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// bitsOfKey recovers an input's bits from its key.
func (e *engine[F]) bitsOfKey(k int64) uint64 {
	if k < 0 {
		return uint64(-k-1) | e.sign
	}
	return uint64(k)
}
