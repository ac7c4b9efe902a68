package main

import (
	"fmt"
	"math/rand/v2"
	"slices"
)

// A space is the set of input magnitudes (bit patterns without the sign bit) a sweep visits,
// cut into units that workers take one at a time. Every magnitude is visited with both signs.
type space interface {
	units() int
	// unit appends unit u's magnitudes to buf in increasing order. With prefix, the first is the
	// previous unit's last magnitude: there only to pair with its successor (monotonicity), it
	// was checked by the previous unit.
	unit(u int, buf []uint64) (mags []uint64, prefix bool)
	// visited reports whether some unit visits magnitude m.
	visited(m uint64) bool
	// describe says what the sweep covers, for the report.
	describe() string
}

// chunk is the number of magnitudes a unit holds (with both signs, twice as many inputs): small
// enough that a unit's inputs, references and outputs stay in the L2 cache.
const chunk = 8192

// space32 visits every step-th float32 bit pattern: all 2^32 when step is 1.
type space32 struct{ step uint64 }

const mags32 = 1 << 31 // magnitudes of float32: 0 .. 0x7fffffff

func (s space32) count() uint64 { return (mags32 + s.step - 1) / s.step }
func (s space32) units() int    { return int((s.count() + chunk - 1) / chunk) }

func (s space32) unit(u int, buf []uint64) ([]uint64, bool) {
	k0, k1 := uint64(u)*chunk, min(uint64(u+1)*chunk, s.count())
	if u > 0 {
		buf = append(buf, (k0-1)*s.step)
	}
	for k := k0; k < k1; k++ {
		buf = append(buf, k*s.step)
	}
	return buf, u > 0
}

func (s space32) visited(m uint64) bool { return m < mags32 && m%s.step == 0 }

func (s space32) describe() string {
	if s.step == 1 {
		return "all 2^32 inputs"
	}
	return fmt.Sprintf("1 in %d bit patterns (%d inputs)", s.step, 2*s.count())
}

// space64 samples float64 inputs: for every exponent (the denormals' included, and the
// Inf/NaN exponent) perBinade magnitudes, in strata of at most chunk: each stratum's first and
// last mantissa and random ones between them, drawn with a fixed seed.
type space64 struct {
	perBinade int
	seed      uint64
}

const mantissa64 = 1 << 52

func (s space64) strata() int { return max((s.perBinade+chunk-1)/chunk, 1) }
func (s space64) units() int  { return 2048 * s.strata() }

// bounds returns unit u's first and last magnitude and how many it visits.
func (s space64) bounds(u int) (lo, hi uint64, n int) {
	p := uint64(s.strata())
	e, k := uint64(u)/p, uint64(u)%p
	lo = e<<52 | k*mantissa64/p
	hi = e<<52 | ((k+1)*mantissa64/p - 1)
	n = s.perBinade / int(p)
	if int(k) < s.perBinade%int(p) {
		n++
	}
	return lo, hi, max(n, 2)
}

func (s space64) unit(u int, buf []uint64) ([]uint64, bool) {
	lo, hi, n := s.bounds(u)
	if u > 0 {
		buf = append(buf, lo-1)
	}
	start := len(buf)
	buf = append(buf, lo, hi)
	r := rand.New(rand.NewPCG(s.seed, uint64(u)))
	for range n - 2 {
		buf = append(buf, lo+1+r.Uint64N(hi-lo-1))
	}
	slices.Sort(buf[start:])
	return append(buf[:start], slices.Compact(buf[start:])...), u > 0
}

func (s space64) visited(m uint64) bool {
	if m >= 1<<63 {
		return false
	}
	p := uint64(s.strata())
	e, k := m>>52, (m&(mantissa64-1))*p/mantissa64
	u := int(e*p + k)
	// k may be one too high or low where strata bounds round; look at the neighbours too.
	for v := max(u-1, 0); v <= min(u+1, s.units()-1); v++ {
		ms, prefix := s.unit(v, nil)
		if prefix {
			ms = ms[1:]
		}
		if _, ok := slices.BinarySearch(ms, m); ok {
			return true
		}
	}
	return false
}

func (s space64) describe() string {
	return fmt.Sprintf("%d sampled inputs (%d per exponent and sign, seed %d) plus edges and specials",
		2*2048*s.perBinade, s.perBinade, s.seed)
}

// listSpace is one unit holding the given magnitudes: the special inputs and edges a sampled
// sweep may miss.
type listSpace []uint64

func (l listSpace) units() int                                { return min(len(l), 1) }
func (l listSpace) unit(_ int, buf []uint64) ([]uint64, bool) { return append(buf, l...), false }
func (l listSpace) visited(m uint64) bool                     { _, ok := slices.BinarySearch(l, m); return ok }
func (l listSpace) describe() string                          { return fmt.Sprintf("%d special inputs", 2*len(l)) }
