package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// The gradient checks perturb one value at a time by ±eps and compare the central difference of
// a float64-accumulated scalar loss with the analytic gradient. The network itself is float32, so
// the tolerance is relative 2% plus a small absolute floor.
const (
	eps    = 2e-3
	relTol = 2e-2
	absTol = 2e-3
)

func rng(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 99)) }

func randVec(r *rand.Rand, n int, scale float32) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = (2*r.Float32() - 1) * scale
	}
	return v
}

// dot is Σ r·y in float64: the scalar loss whose gradient with respect to y is r.
func dot(r, y []float32) float64 {
	var s float64
	for i := range r {
		s += float64(r[i]) * float64(y[i])
	}
	return s
}

// check compares analytic[i] with the numeric derivative of loss with respect to vals[i], for
// every i (or a sample of at most 40 when vals is large).
func check(t *testing.T, name string, vals, analytic []float32, loss func() float64) {
	t.Helper()
	if len(vals) != len(analytic) {
		t.Fatalf("%s: %d values, %d gradients", name, len(vals), len(analytic))
	}
	idx := make([]int, 0, len(vals))
	step := max(1, len(vals)/40)
	for i := 0; i < len(vals); i += step {
		idx = append(idx, i)
	}
	bad := 0
	for _, i := range idx {
		old := vals[i]
		vals[i] = old + eps
		lp := loss()
		vals[i] = old - eps
		lm := loss()
		vals[i] = old
		num := (lp - lm) / (2 * eps)
		ana := float64(analytic[i])
		if math.Abs(num-ana) > relTol*math.Max(math.Abs(num), math.Abs(ana))+absTol {
			if bad < 5 {
				t.Errorf("%s[%d]: analytic %.6g, numeric %.6g", name, i, ana, num)
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d of %d gradients disagree", name, bad, len(idx))
	}
}

func exact(k Kind) Activation {
	switch k {
	case Tanh:
		return Activation{Name: "tanh", Kind: Tanh, F: ExactTanh}
	case Sigmoid:
		return Activation{Name: "sigmoid", Kind: Sigmoid, F: ExactSigmoid}
	}
	return Activation{Name: "relu", Kind: ReLU, F: func(dst, src []float32) {
		for i, x := range src {
			dst[i] = max(x, 0)
		}
	}}
}

// checkLayer runs the gradient check on a feed-forward layer: its input and every parameter.
func checkLayer(t *testing.T, name string, l Layer, x []float32, batch int, r *rand.Rand) {
	t.Helper()
	y := l.Forward(x, batch)
	w := randVec(r, len(y), 1)
	loss := func() float64 { return dot(w, l.Forward(x, batch)) }
	l.Forward(x, batch)
	ZeroGrad(l.Params())
	dx := l.Backward(w)
	if dx != nil {
		check(t, name+".x", x, append([]float32(nil), dx...), loss)
	}
	for _, p := range l.Params() {
		check(t, name+"."+p.Name, p.W, append([]float32(nil), p.G...), loss)
	}
}

func TestDenseGrad(t *testing.T) {
	r := rng(1)
	d := NewDense(7, 5, r)
	for i := range d.B.W {
		d.B.W[i] = r.Float32() - 0.5
	}
	checkLayer(t, "dense", d, randVec(r, 3*7, 1), 3, r)
}

func TestActGrad(t *testing.T) {
	for _, k := range []Kind{Tanh, Sigmoid, ReLU} {
		r := rng(2)
		x := randVec(r, 40, 3)
		for i := range x { // keep ReLU's kink away from the perturbation
			if math.Abs(float64(x[i])) < 0.05 {
				x[i] += 0.1
			}
		}
		checkLayer(t, "act."+k.String(), &Act{A: exact(k)}, x, 4, r)
	}
}

func TestConvGrad(t *testing.T) {
	r := rng(3)
	c := NewConv(6, 5, 2, 3, 4, r)
	for i := range c.B.W {
		c.B.W[i] = r.Float32() - 0.5
	}
	checkLayer(t, "conv", c, randVec(r, 2*6*5*2, 1), 2, r)
}

func TestMaxPoolGrad(t *testing.T) {
	r := rng(4)
	// Distinct values 0.05 apart, so no perturbation changes which input is the maximum.
	n := 2 * 4 * 6 * 3
	x := make([]float32, n)
	for i, p := range r.Perm(n) {
		x[i] = float32(p)*0.05 - 3
	}
	checkLayer(t, "maxpool", &MaxPool2{H: 4, W: 6, C: 3}, x, 2, r)
}

func TestSoftmaxCEGrad(t *testing.T) {
	r := rng(5)
	const batch, k = 4, 6
	logits := randVec(r, batch*k, 3)
	labels := []int{0, 5, 2, 2}
	d := make([]float32, len(logits))
	loss := func() float64 { l, _ := SoftmaxCE(d, logits, labels, k); return l }
	loss()
	check(t, "softmaxce", logits, append([]float32(nil), d...), loss)
}

func TestSquaredErrorGrad(t *testing.T) {
	r := rng(6)
	y, tg := randVec(r, 30, 1), randVec(r, 30, 1)
	d := make([]float32, 30)
	loss := func() float64 { return SquaredError(d, y, tg, 3) }
	loss()
	check(t, "squarederror", y, append([]float32(nil), d...), loss)
}

func TestLSTMGrad(t *testing.T) {
	for _, tc := range []struct{ sig, tanh Kind }{{Sigmoid, Tanh}, {Tanh, Sigmoid}} {
		t.Run(fmt.Sprintf("%v-%v", tc.sig, tc.tanh), func(t *testing.T) {
			r := rng(7)
			const T, in, h, batch = 4, 5, 3, 2
			l := NewLSTM(in, h, exact(tc.sig), exact(tc.tanh), r)
			for i := range l.B.W {
				l.B.W[i] += r.Float32() - 0.5
			}
			xs := randVec(r, T*in*batch, 1)
			w := randVec(r, T*h*batch, 1)
			loss := func() float64 { return dot(w, l.Forward(xs, T, batch)) }
			loss()
			ZeroGrad(l.Params())
			dx := append([]float32(nil), l.Backward(w)...)
			check(t, "lstm.x", xs, dx, loss)
			for _, p := range l.Params() {
				check(t, "lstm."+p.Name, p.W, append([]float32(nil), p.G...), loss)
			}
		})
	}
}

func TestRowsRoundTrip(t *testing.T) {
	const T, H, B = 3, 4, 5
	src := randVec(rng(8), T*H*B, 1)
	rows := make([]float32, len(src))
	back := make([]float32, len(src))
	ToRows(rows, src, T, H, B)
	FromRows(back, rows, T, H, B)
	for i := range src {
		if back[i] != src[i] {
			t.Fatalf("round trip differs at %d", i)
		}
	}
	// Row t·B+b, column j holds block t's element (j, b).
	if got, want := rows[(1*B+2)*H+3], src[1*H*B+3*B+2]; got != want {
		t.Fatalf("ToRows layout: got %v want %v", got, want)
	}
}

func TestAdamDescends(t *testing.T) {
	p := &Param{Name: "w", W: []float32{3, -2}, G: make([]float32, 2)}
	o := NewAdam(0.1)
	for range 200 {
		ZeroGrad([]*Param{p})
		for i, w := range p.W {
			p.G[i] = 2 * w // d/dw of w²
		}
		o.Step([]*Param{p})
	}
	if math.Abs(float64(p.W[0])) > 0.05 || math.Abs(float64(p.W[1])) > 0.05 {
		t.Fatalf("Adam did not reach the minimum of w²: %v", p.W)
	}
}
