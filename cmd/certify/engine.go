package main

import (
	"bytes"
	"math"
	"sort"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/actapprox/approx/tests"
)

// A kernel is one approximant in one float type, with the implementation levels to certify.
type kernel[F float32 | float64] struct {
	c       tests.Case
	spec    string     // spec entry name, e.g. "tanh_pade_4_4"
	program string     // certified.Fingerprint of the IR program the kernels were made from
	levels  []level[F] // purego first when it is among them: the others are compared with it
	missing []string   // levels without this kernel
}

type level[F float32 | float64] struct {
	name string
	f    func(dst, src []F)
}

// An engine runs kernels of one float type over sweep spaces. Workers take units (a chunk of
// magnitudes, with both signs); per unit they evaluate each target's reference once, then run
// every kernel at every level on the unit and fold what they see into per-kernel, per-level
// stats. Stats merge commutatively (of equal maxima the first visited wins, of examples the
// smallest input), so the result does not depend on the number of workers or the order units
// finish in.
type engine[F float32 | float64] struct {
	kernels []*kernel[F]
	targets []string // distinct targets of the kernels
	tgt     []int    // kernel index → target index
	workers int

	bits      int    // mantissa bits: 24 or 53
	infMag    uint64 // magnitude (bits) of +Inf
	nanBits   uint64 // bits of the default NaN (float32(math.NaN()) or math.NaN())
	sign      uint64
	minNormal float64
	maxFloat  float64
	minMag    uint64 // magnitude (bits) of the smallest normal

	// How tests.Errors measures, probed from it (see newEngine).
	overflowIsInf bool // an exact value that rounds past the type's largest float counts as ±Inf
	ulpNormalOnly bool // the ULP error counts only where the exact value is a normal float

	done atomic.Int64 // units finished, for the progress bar
}

func newEngine[F float32 | float64](ks []*kernel[F], workers int) *engine[F] {
	e := &engine[F]{kernels: ks, workers: max(workers, 1), bits: tests.MantissaBits[F]()}
	if e.bits == 24 {
		e.infMag, e.nanBits, e.sign = 0x7f800000, uint64(math.Float32bits(float32(math.NaN()))), 1<<31
		e.minNormal, e.maxFloat, e.minMag = 0x1p-126, math.MaxFloat32, 1<<23
	} else {
		e.infMag, e.nanBits, e.sign = 0x7ff0000000000000, math.Float64bits(math.NaN()), 1<<63
		e.minNormal, e.maxFloat, e.minMag = 0x1p-1022, math.MaxFloat64, 1<<52
	}
	// The fast loop must filter as tests.Errors measures: ask it. An output of +Inf where the
	// exact value is 1.5 times the largest float; an output of 0 where it is a tenth of the
	// smallest normal.
	over := tests.NewErrors(e.bits)
	over.Add(1, math.Inf(1), e.maxFloat*1.5)
	e.overflowIsInf = over.Abs == 0 && !math.IsInf(e.maxFloat*1.5, 0)
	tiny := tests.NewErrors(e.bits)
	tiny.Add(1, 0, e.minNormal/10)
	e.ulpNormalOnly = tiny.ULP == 0
	index := map[string]int{}
	for _, k := range ks {
		t, ok := index[k.c.Target]
		if !ok {
			t = len(e.targets)
			index[k.c.Target] = t
			e.targets = append(e.targets, k.c.Target)
		}
		e.tgt = append(e.tgt, t)
	}
	return e
}

func (e *engine[F]) fromBits(b uint64) F {
	var z F
	if _, ok := any(z).(float32); ok {
		return F(math.Float32frombits(uint32(b)))
	}
	return F(math.Float64frombits(b))
}

// run sweeps the spaces and returns the stats, indexed by kernel, then level.
func (e *engine[F]) run(spaces ...space) [][]stats {
	type task struct {
		sp space
		u  int
	}
	var tasks []task
	for _, sp := range spaces {
		for u := range sp.units() {
			tasks = append(tasks, task{sp, u})
		}
	}
	var (
		next atomic.Int64
		wg   sync.WaitGroup
		accs = make([][][]stats, e.workers)
	)
	for w := range e.workers {
		wg.Go(func() {
			wk := e.newWorker()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(tasks) {
					break
				}
				wk.do(tasks[i].sp, tasks[i].u, int64(i))
				e.done.Add(1)
			}
			accs[w] = wk.acc
		})
	}
	wg.Wait()
	out := accs[0]
	for _, acc := range accs[1:] {
		for k := range out {
			for l := range out[k] {
				out[k][l].merge(&acc[k][l])
			}
		}
	}
	return out
}

// unitsOf is how many units the spaces hold (the progress bar's total).
func unitsOf(spaces ...space) int {
	n := 0
	for _, sp := range spaces {
		n += sp.units()
	}
	return n
}

type worker[F float32 | float64] struct {
	e    *engine[F]
	mags []uint64
	xs   [2][]F            // inputs: positive, negative
	ref  [][3][2][]float64 // per target: reference, 1/ULP, 1/|reference|; per sign
	ys   [][2][]F          // per level: outputs
	unit []stats           // per level: this unit's stats for the current kernel
	acc  [][]stats         // per kernel, level: everything so far

	// The current unit's position (the task number << 24; sign << 23 | index are added), and
	// the current kernel's maxima at every level so far (the least of them): a unit records
	// only errors above them, which an earlier unit has not reached.
	pos  int64
	seed [3]float64
}

// seed returns the least maxima (abs, ULP, rel) of levels, -1 where one has none yet.
func seed(levels []stats) [3]float64 {
	s := [3]float64{math.Inf(1), math.Inf(1), math.Inf(1)}
	for i := range levels {
		l := &levels[i]
		if !l.abs.has {
			return [3]float64{-1, -1, -1}
		}
		s = [3]float64{min(s[0], l.abs.v), min(s[1], l.ulp.v), min(s[2], l.rel.v)}
	}
	return s
}

func (e *engine[F]) newWorker() *worker[F] {
	w := &worker[F]{e: e, ref: make([][3][2][]float64, len(e.targets))}
	nl := 0
	for _, k := range e.kernels {
		nl = max(nl, len(k.levels))
		w.acc = append(w.acc, make([]stats, len(k.levels)))
	}
	w.ys = make([][2][]F, nl)
	w.unit = make([]stats, nl)
	return w
}

// grow returns s resliced to n elements, reallocated if too short.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, n+n/4)
	}
	return s[:n]
}

// bounds of a unit's magnitudes: [0, fin) finite, [fin, nan) +Inf if present, [nan, n) NaN.
type bounds struct{ start, fin, nan, n int }

// do runs unit u of sp, task number task (the units' order: ties between equal maximum errors
// go to the input visited first in that order).
func (w *worker[F]) do(sp space, u int, task int64) {
	e := w.e
	mags, prefix := sp.unit(u, w.mags[:0])
	w.mags = mags
	n := len(mags)
	b := bounds{n: n}
	if prefix {
		b.start = 1
	}
	b.fin = sort.Search(n, func(i int) bool { return mags[i] >= e.infMag })
	b.nan = b.fin
	if b.fin < n && mags[b.fin] == e.infMag {
		b.nan++
	}
	for h := range 2 {
		w.xs[h] = grow(w.xs[h], n)
		s := uint64(h) * e.sign
		for i, m := range mags {
			w.xs[h][i] = e.fromBits(m | s)
		}
	}
	for t, name := range e.targets {
		f := tests.ReferenceFor(name, e.bits)
		for h := range 2 {
			r := &w.ref[t]
			for j := range 3 {
				r[j][h] = grow(r[j][h], b.fin)
			}
			refs, inv, invRef := r[0][h], r[1][h], r[2][h]
			lastExp, lastInv := ^uint64(0), 0.0
			overflow, maxFloat := e.overflowIsInf && e.bits == 24, e.maxFloat
			for i, x := range w.xs[h][:b.fin] {
				y := f(float64(x))
				if overflow && math.Abs(y) > maxFloat && math.IsInf(float64(float32(y)), 0) {
					y = math.Copysign(math.Inf(1), y)
				}
				refs[i] = y
				// The ULP is constant within a binade of the reference (denormals included);
				// the Inf/NaN exponent is left uncached.
				if ex := math.Float64bits(y) >> 52; ex != lastExp || ex&0x7ff == 0x7ff {
					lastExp, lastInv = ex, 1/tests.ULP(y, e.bits)
					if e.ulpNormalOnly && math.Abs(y) < e.minNormal {
						lastInv = 0
					}
				}
				inv[i] = lastInv
				invRef[i] = 1 / math.Abs(y)
			}
		}
	}
	w.pos = task << 24
	for k, kn := range e.kernels {
		w.seed = seed(w.acc[k])
		for l, lv := range kn.levels {
			ys := &w.ys[l]
			for h := range 2 {
				ys[h] = grow(ys[h], n)
				lv.f(ys[h], w.xs[h])
			}
			same := -1
			for m := range l {
				if equalBits(w.ys[m][0], ys[0]) && equalBits(w.ys[m][1], ys[1]) {
					same = m
					break
				}
			}
			if same >= 0 {
				w.unit[l] = w.unit[same]
			} else {
				w.unit[l] = stats{}
				w.scan(&w.unit[l], kn, e.tgt[k], ys, b)
				if l > 0 && kn.levels[0].name == "purego" {
					w.diff(&w.unit[l], ys, &w.ys[0], b)
				}
			}
			w.acc[k][l].merge(&w.unit[l])
		}
	}
}

func equalBits[F float32 | float64](a, b []F) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) == 0 {
		return true
	}
	size := int(unsafe.Sizeof(a[0]))
	return bytes.Equal(unsafe.Slice((*byte)(unsafe.Pointer(&a[0])), len(a)*size),
		unsafe.Slice((*byte)(unsafe.Pointer(&b[0])), len(b)*size))
}

// key orders inputs by value (-0 before +0): the first example of a broken property is the one
// with the smallest key.
func key(mag uint64, neg bool) int64 {
	if neg {
		return -int64(mag) - 1
	}
	return int64(mag)
}

// domainRange returns the indices [lo, hi) of xs[:end] inside [dlo, dhi]; xs is increasing,
// or decreasing when neg.
func domainRange[F float32 | float64](xs []F, end int, dlo, dhi float64, neg bool) (int, int) {
	if neg {
		lo := sort.Search(end, func(i int) bool { return float64(xs[i]) <= dhi })
		hi := sort.Search(end, func(i int) bool { return float64(xs[i]) < dlo })
		return lo, max(lo, hi)
	}
	lo := sort.Search(end, func(i int) bool { return float64(xs[i]) >= dlo })
	hi := sort.Search(end, func(i int) bool { return float64(xs[i]) > dhi })
	return lo, max(lo, hi)
}

// scan folds one kernel's outputs ys on the current unit into st.
func (w *worker[F]) scan(st *stats, kn *kernel[F], t int, ys *[2][]F, b bounds) {
	c := &kn.c
	rlo, rhi := targetRange(c.Target)
	var dom [2][2]int
	for h := range 2 {
		neg := h == 1
		xs, y := w.xs[h], ys[h]
		lo, hi := domainRange(xs, b.nan, c.Lo, c.Hi, neg)
		dom[h] = [2]int{lo, hi}
		r := &w.ref[t]
		w.errors(st, neg, y, r[0][h], r[1][h], r[2][h], max(lo, b.start), min(hi, b.fin))
		w.props(st, neg, xs, y, b, lo, hi, F(rlo), F(rhi))
	}
	yp, yn := ys[0][:b.nan], ys[1][:b.nan]
	if c.Odd {
		// Odd symmetry, pair by pair (NaN is -NaN), with the sign of zero: f(-0) = -f(+0).
		olo, ohi := max(dom[0][0], dom[1][0], b.start), min(dom[0][1], dom[1][1])
		var all, in tally
		for i := b.start; i < len(yp); i++ {
			if !tests.SameSigned(yn[i], -yp[i]) {
				all.hit(i, false)
				if i >= olo && i < ohi {
					in.hit(i, false)
				}
			}
		}
		for _, o := range []struct {
			c *count
			t tally
		}{{&st.oddAll, all}, {&st.odd, in}} {
			if i := o.t.i; o.t.n > 0 {
				x := float64(w.xs[0][i])
				o.c.addN(o.t.n, int64(w.mags[i]), x, float64(yp[i]), -x, float64(yn[i]))
			}
		}
	}
	if c.Tiny {
		for h := range 2 {
			w.tiny(st, h, ys[h], w.ref[t][0][h], b)
		}
	}
	// -0 and +0 are consecutive: f(-0) <= f(+0).
	if b.start == 0 && b.nan > 0 && w.mags[0] == 0 && yn[0] > yp[0] {
		in := c.Lo <= 0 && 0 <= c.Hi
		st.monoAll.add(key(0, true), math.Copysign(0, -1), float64(yn[0]), 0, float64(yp[0]))
		if in {
			st.mono.add(key(0, true), math.Copysign(0, -1), float64(yn[0]), 0, float64(yp[0]))
		}
	}
}

// tally counts hits in a loop and keeps the index of one: the first, or the latest with last.
type tally struct {
	n uint64
	i int
}

func (t *tally) hit(i int, last bool) {
	if t.n == 0 || last {
		t.i = i
	}
	t.n++
}

// errors folds the error of ys[lo:hi] (finite inputs in the domain) into st. It filters, then
// measures: a first loop finds the largest errors the fast way; only if one may be a new
// maximum (or an output is NaN) does a second loop pass the inputs that reach them, first
// visited first, to st.exact, which measures them with tests.Errors as the generated tests do.
func (w *worker[F]) errors(st *stats, neg bool, ys []F, ref, inv, invRef []float64, lo, hi int) {
	if lo >= hi {
		return
	}
	st.n += uint64(hi - lo)
	mags := w.mags[lo:hi]
	ys, ref, inv, invRef = ys[lo:hi], ref[lo:hi], inv[lo:hi], invRef[lo:hi]
	ref, inv, invRef = ref[:len(ys)], inv[:len(ys)], invRef[:len(ys)]
	// d*inv[i] is exact (the ULP is a power of two); d*invRef[i] may be an ulp off, which the
	// relative threshold's slack absorbs. A NaN product (d == 0 against an infinite inverse)
	// means 0. A NaN d is a NaN output, or an infinite one against an infinite reference (no
	// error).
	maxD, maxU, maxQ, nan := -1.0, -1.0, -1.0, false
	for i, yf := range ys {
		y, r := float64(yf), ref[i]
		d := math.Abs(y - r)
		if d > maxD {
			maxD = d
		}
		if u := d * inv[i]; u > maxU {
			maxU = u
		}
		if q := d * invRef[i]; q > maxQ {
			maxQ = q
		}
		if d != d && y != r {
			nan = true
		}
	}
	mAbs, mULP, mRel := st.thresholds(w.seed)
	if maxD <= mAbs && maxU <= mULP && maxQ <= mRel && !nan {
		return
	}
	maxQ *= 1 - 0x1p-48
	pos := w.pos | int64(lo)
	if neg {
		pos |= 1 << 23
	}
	for i, yf := range ys {
		y, r := float64(yf), ref[i]
		d := math.Abs(y - r)
		u, q := d*inv[i], d*invRef[i]
		if d > mAbs && d >= maxD || u > mULP && u >= maxU || q > mRel && q >= maxQ ||
			d != d && y != r && (mAbs < math.MaxFloat64 || mULP < math.MaxFloat64 || mRel < math.MaxFloat64) {
			st.exact(w.e.bits, pos+int64(i), float64(w.fromSigned(mags[i], neg)), y, r)
			mAbs, mULP, mRel = st.thresholds(w.seed)
		}
	}
}

func (w *worker[F]) fromSigned(mag uint64, neg bool) F {
	if neg {
		return w.e.fromBits(mag | w.e.sign)
	}
	return w.e.fromBits(mag)
}

// props folds monotonicity, range, NaN and denormal outputs of one sign into st. Inputs run
// up in magnitude: on the negative side the smallest input is the last.
func (w *worker[F]) props(st *stats, neg bool, xs, ys []F, b bounds, lo, hi int, rlo, rhi F) {
	e := w.e
	ys, xs, mags := ys[:b.n], xs[:b.n], w.mags[:b.n]
	var mono, monoIn, rng, nan, den tally
	// A nonzero output below the smallest normal: its float64 bits without the sign, less one,
	// are below the smallest normal's less one.
	minNormal := math.Float64bits(e.minNormal)<<1 - 2
	if b.start < b.nan {
		y := ys[b.start:b.nan]
		m := mags[b.start:b.nan]
		m = m[:len(y)]
		p := y[0] // the previous output; none before the first of the first unit
		if b.start > 0 {
			p = ys[b.start-1]
		}
		for j, yi := range y {
			i := b.start + j
			if neg && yi > p || !neg && p > yi {
				mono.hit(i, neg)
				if i-1 >= lo && i < hi {
					monoIn.hit(i, neg)
				}
			}
			p = yi
			if !(yi >= rlo && yi <= rhi) {
				if yi != yi {
					nan.hit(i, neg)
				} else {
					rng.hit(i, neg)
				}
			}
			if math.Float64bits(float64(yi))<<1-2 < minNormal && m[j] >= e.minMag {
				den.hit(i, neg)
			}
		}
	}
	for _, m := range []struct {
		c *count
		t tally
	}{{&st.monoAll, mono}, {&st.mono, monoIn}} {
		if i := m.t.i; m.t.n > 0 {
			// The pair's smaller input first.
			a, b := i-1, i
			if neg {
				a, b = i, i-1
			}
			m.c.addN(m.t.n, key(mags[a], neg), float64(xs[a]), float64(ys[a]), float64(xs[b]), float64(ys[b]))
		}
	}
	for _, o := range []struct {
		c *count
		t tally
	}{{&st.rng, rng}, {&st.nanOut, nan}, {&st.denorm, den}} {
		if i := o.t.i; o.t.n > 0 {
			o.c.addN(o.t.n, key(mags[i], neg), float64(xs[i]), float64(ys[i]), 0, 0)
		}
	}
	if b.nan > b.fin && b.fin >= b.start {
		st.setInf(neg, float64(ys[b.fin]))
	}
	for i := b.nan; i < b.n; i++ {
		y := ys[i]
		if y == y {
			st.nanIn.add(key(mags[i], neg), float64(xs[i]), float64(y), 0, 0)
		}
		if !neg && mags[i] == e.nanBits {
			st.atNaN, st.seenNaN = float64(y), true
		}
	}
}

// tiny folds the tiny_identity claim for one sign into st (see certified.Figures.Tiny): up to
// 2^-(p+1), y must be x bit for bit; above, where the reference ref rounds to x, y's
// magnitude at most one float from x's, with x's sign.
func (w *worker[F]) tiny(st *stats, h int, ys []F, ref []float64, b bounds) {
	e, neg, xs := w.e, h == 1, w.xs[h]
	exact := tests.TinyExact(e.bits)
	var t tally
	for i := b.start; i < b.fin; i++ {
		x, y := xs[i], ys[i]
		switch {
		case math.Abs(float64(x)) <= exact:
			if !tests.SameSigned(y, x) {
				t.hit(i, neg)
			}
		case F(ref[i]) == x:
			ym, s := e.magSign(y)
			if s != neg || ym+1 < w.mags[i] || ym > w.mags[i]+1 {
				t.hit(i, neg)
			}
		}
	}
	if i := t.i; t.n > 0 {
		st.tiny.addN(t.n, key(w.mags[i], neg), float64(xs[i]), float64(ys[i]), 0, 0)
	}
}

// magSign returns y's bits without the sign, and whether the sign is set.
func (e *engine[F]) magSign(y F) (uint64, bool) {
	var bits uint64
	if e.bits == 24 {
		bits = uint64(math.Float32bits(float32(y)))
	} else {
		bits = math.Float64bits(float64(y))
	}
	return bits &^ e.sign, bits&e.sign != 0
}

// diff counts the inputs where level outputs ys and the purego outputs base differ.
func (w *worker[F]) diff(st *stats, ys, base *[2][]F, b bounds) {
	for h := range 2 {
		y, p := ys[h][:b.n], base[h][:b.n]
		for i := b.start; i < len(y); i++ {
			if y[i] != p[i] && (y[i] == y[i] || p[i] == p[i]) {
				x := w.fromSigned(w.mags[i], h == 1)
				st.diff.add(key(w.mags[i], h == 1), float64(x), float64(y[i]), float64(p[i]), 0)
			}
		}
	}
}

// targetRange is the range of the target function.
func targetRange(target string) (lo, hi float64) {
	switch target {
	case "tanh":
		return -1, 1
	case "sigmoid":
		return 0, 1
	case "exp", "relu":
		return 0, math.Inf(1)
	}
	return math.Inf(-1), math.Inf(1)
}
