package fit

// ContFracTanh returns Lambert's continued fraction for tanh,
//
//	tanh x = x / (1 + x^2/(3 + x^2/(5 + ... x^2/(2n-1 + tail)))),
//
// cut after depth levels and simplified to one rational P/Q with integer coefficients.
// With authors set the last level is (2n-1) + x^2, as in the paper's code; otherwise the tail is
// dropped. Depth 2 with authors gives x(x^2+3)/(2x^2+3).
func ContFracTanh(depth int, authors bool) (p, q []float64) {
	// Work in polynomials of x^2 (index k multiplies x^(2k)); the level value is n/d.
	last := []float64{float64(2*depth - 1)}
	if authors {
		last = append(last, 1)
	}
	n, d := last, []float64{1}
	for k := depth - 1; k >= 1; k-- {
		// (2k-1) + x^2 d/n = ((2k-1) n + x^2 d) / n
		n, d = addPoly(scalePoly(n, float64(2*k-1)), shiftPoly(d)), n
	}
	// tanh = x / (n/d) = x d / n.
	return oddFromSquares(d), evenFromSquares(n)
}

func scalePoly(a []float64, s float64) []float64 {
	r := make([]float64, len(a))
	for i, v := range a {
		r[i] = v * s
	}
	return r
}

// shiftPoly multiplies by the variable (here x^2).
func shiftPoly(a []float64) []float64 { return append([]float64{0}, a...) }

func addPoly(a, b []float64) []float64 {
	r := make([]float64, max(len(a), len(b)))
	for i, v := range a {
		r[i] += v
	}
	for i, v := range b {
		r[i] += v
	}
	return r
}

// oddFromSquares turns sum a_k (x^2)^k into x * sum a_k x^(2k), in powers of x.
func oddFromSquares(a []float64) []float64 {
	r := make([]float64, 2*len(a))
	for k, v := range a {
		r[2*k+1] = v
	}
	return r
}

// evenFromSquares turns sum a_k (x^2)^k into powers of x.
func evenFromSquares(a []float64) []float64 {
	r := make([]float64, 2*len(a)-1)
	for k, v := range a {
		r[2*k] = v
	}
	return r
}
