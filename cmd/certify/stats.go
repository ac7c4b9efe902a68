package main

import "github.com/actapprox/approx/tests"

// stats is what a sweep saw of one kernel at one level.
type stats struct {
	n                          uint64 // finite inputs in the domain compared with the reference
	abs, ulp, rel              maxAt
	mono, monoAll, odd, oddAll count
	rng, nanOut, nanIn         count
	denorm, diff, tiny         count

	atNegInf, atPosInf, atNaN       float64
	seenNegInf, seenPosInf, seenNaN bool
}

// maxAt is a maximum error and the input where it was reached; pos is where the sweep visited
// the input, and of equal maxima the first visited is kept.
type maxAt struct {
	v, x, y float64
	pos     int64
	has     bool
}

// count is how many inputs broke a property, and the example with the smallest key.
type count struct {
	n              uint64
	key            int64
	has            bool
	x1, y1, x2, y2 float64
}

func (c *count) add(key int64, x1, y1, x2, y2 float64) { c.addN(1, key, x1, y1, x2, y2) }

// addN counts n more and offers an example.
func (c *count) addN(n uint64, key int64, x1, y1, x2, y2 float64) {
	c.n += n
	if !c.has || key < c.key {
		*c = count{n: c.n, key: key, has: true, x1: x1, y1: y1, x2: x2, y2: y2}
	}
}

func (c *count) merge(o *count) {
	n := c.n + o.n
	if o.has && (!c.has || o.key < c.key) {
		*c = *o
	}
	c.n = n
}

// offer takes v at input x if it is larger than the maximum so far (inputs come in the order
// of the sweep).
func (m *maxAt) offer(v float64, pos int64, x, y float64) {
	if !m.has || v > m.v {
		*m = maxAt{v: v, x: x, y: y, pos: pos, has: true}
	}
}

func (m *maxAt) merge(o *maxAt) {
	if o.has && (!m.has || o.v > m.v || o.v == m.v && o.pos < m.pos) {
		*m = *o
	}
}

// exact measures output y at input x (exact value r) with tests.Errors and offers the result.
func (s *stats) exact(bits int, pos int64, x, y, r float64) {
	e := tests.NewErrors(bits)
	e.Add(x, y, r)
	if e.N == 0 {
		return
	}
	s.abs.offer(e.Abs, pos, x, y)
	s.ulp.offer(e.ULP, pos, x, y)
	s.rel.offer(e.Rel, pos, x, y)
}

// thresholds are the values above which an error may be a new maximum: the larger of the
// unit's maxima and the seed (the maxima of earlier units), the relative one with slack for
// the fast loop's rounding.
func (s *stats) thresholds(seed [3]float64) (abs, ulp, rel float64) {
	abs, ulp, rel = seed[0], seed[1], seed[2]
	if s.abs.has {
		abs, ulp, rel = max(abs, s.abs.v), max(ulp, s.ulp.v), max(rel, s.rel.v)
	}
	return abs, ulp, rel * (1 - 0x1p-48)
}

func (s *stats) setInf(neg bool, y float64) {
	if neg {
		s.atNegInf, s.seenNegInf = y, true
	} else {
		s.atPosInf, s.seenPosInf = y, true
	}
}

func (s *stats) merge(o *stats) {
	s.n += o.n
	s.abs.merge(&o.abs)
	s.ulp.merge(&o.ulp)
	s.rel.merge(&o.rel)
	for i, c := range s.counts() {
		c.merge(o.counts()[i])
	}
	if o.seenNegInf {
		s.atNegInf, s.seenNegInf = o.atNegInf, true
	}
	if o.seenPosInf {
		s.atPosInf, s.seenPosInf = o.atPosInf, true
	}
	if o.seenNaN {
		s.atNaN, s.seenNaN = o.atNaN, true
	}
}

func (s *stats) counts() []*count {
	return []*count{&s.mono, &s.monoAll, &s.odd, &s.oddAll, &s.rng, &s.nanOut, &s.nanIn, &s.denorm, &s.diff, &s.tiny}
}
