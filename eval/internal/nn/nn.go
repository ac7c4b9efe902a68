// Package nn is the small float32 neural-network toolkit the evaluation trains with: dense,
// convolution (im2col + GEMM), max-pooling and LSTM layers, softmax cross-entropy and squared-error
// losses, and Adam. Matrix products go through gonum's blas32; the backward passes are written
// here. Activations are pluggable (see Activation) and their derivatives are computed from their
// outputs, so any kernel with the right shape can be dropped in.
package nn

import (
	"math"
	"math/rand/v2"
	"time"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
)

// Kind is the function an activation kernel computes (or approximates). It decides the
// derivative, which is always taken from the output y.
type Kind int

const (
	Tanh    Kind = iota // derivative 1 - y²
	Sigmoid             // derivative y (1 - y)
	ReLU                // derivative 1 where y > 0, else 0
)

func (k Kind) String() string {
	switch k {
	case Tanh:
		return "tanh"
	case Sigmoid:
		return "sigmoid"
	case ReLU:
		return "relu"
	}
	return "unknown"
}

// Activation is an element-wise kernel f(dst, src) (dst may be src) with the function it stands
// for. Apply adds the time spent inside the kernel to *Spent when Spent is not nil, read from
// Clock (e.g. the thread's CPU clock) or else from the wall clock.
type Activation struct {
	Name  string
	Kind  Kind
	F     func(dst, src []float32)
	Spent *time.Duration
	Clock func() time.Duration
}

// Apply computes dst = f(src) and accounts the time spent.
func (a Activation) Apply(dst, src []float32) {
	if a.Spent == nil {
		a.F(dst, src)
		return
	}
	if a.Clock != nil {
		// A thread clock is only meaningful if the goroutine stayed on its thread: never
		// count more than the wall time.
		w, t := time.Now(), a.Clock()
		a.F(dst, src)
		d, dw := a.Clock()-t, time.Since(w)
		if d < 0 || d > dw {
			d = dw
		}
		*a.Spent += d
		return
	}
	t := time.Now()
	a.F(dst, src)
	*a.Spent += time.Since(t)
}

// Grad computes dx = dy · f'(x) from the activation's outputs y; dx may be dy.
func (a Activation) Grad(dx, dy, y []float32) {
	_ = dx[len(y)-1]
	_ = dy[len(y)-1]
	switch a.Kind {
	case Tanh:
		for i, v := range y {
			dx[i] = dy[i] * (1 - v*v)
		}
	case Sigmoid:
		for i, v := range y {
			dx[i] = dy[i] * v * (1 - v)
		}
	case ReLU:
		for i, v := range y {
			if v > 0 {
				dx[i] = dy[i]
			} else {
				dx[i] = 0
			}
		}
	default:
		panic("nn: unknown activation kind")
	}
}

// ExactTanh is tanh computed in float64 by the standard library, rounded to float32.
func ExactTanh(dst, src []float32) {
	_ = dst[len(src)-1:]
	for i, x := range src {
		dst[i] = float32(math.Tanh(float64(x)))
	}
}

// ExactSigmoid is 1/(1+e^-x) computed in float64 by the standard library, rounded to float32.
func ExactSigmoid(dst, src []float32) {
	_ = dst[len(src)-1:]
	for i, x := range src {
		dst[i] = float32(1 / (1 + math.Exp(-float64(x))))
	}
}

// Param is one trainable tensor: its values, its gradient and Adam's moments.
type Param struct {
	Name string
	W, G []float32
	m, v []float32
}

// NewParam returns a parameter of n values drawn uniformly from [-scale, scale].
func NewParam(name string, n int, scale float32, rng *rand.Rand) *Param {
	p := &Param{Name: name, W: make([]float32, n), G: make([]float32, n)}
	for i := range p.W {
		p.W[i] = (2*rng.Float32() - 1) * scale
	}
	return p
}

// glorot is the Glorot/Xavier uniform scale for a fan-in and fan-out.
func glorot(in, out int) float32 { return float32(math.Sqrt(6 / float64(in+out))) }

// Adam is the Adam optimiser with optional global gradient-norm clipping.
type Adam struct {
	LR, Beta1, Beta2, Eps float32
	Clip                  float32 // clip the global gradient norm to this when > 0
	t                     int
}

// NewAdam returns Adam with the usual constants and learning rate lr.
func NewAdam(lr float32) *Adam { return &Adam{LR: lr, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8} }

// ZeroGrad clears the gradients of ps.
func ZeroGrad(ps []*Param) {
	for _, p := range ps {
		clear(p.G)
	}
}

// Step updates ps from their gradients.
func (o *Adam) Step(ps []*Param) {
	o.t++
	scale := float32(1)
	if o.Clip > 0 {
		var s float64
		for _, p := range ps {
			for _, g := range p.G {
				s += float64(g) * float64(g)
			}
		}
		if n := float32(math.Sqrt(s)); n > o.Clip {
			scale = o.Clip / n
		}
	}
	c1 := 1 - float32(math.Pow(float64(o.Beta1), float64(o.t)))
	c2 := 1 - float32(math.Pow(float64(o.Beta2), float64(o.t)))
	lr := o.LR * float32(math.Sqrt(float64(c2))) / c1
	for _, p := range ps {
		if p.m == nil {
			p.m = make([]float32, len(p.W))
			p.v = make([]float32, len(p.W))
		}
		for i, g := range p.G {
			g *= scale
			p.m[i] = o.Beta1*p.m[i] + (1-o.Beta1)*g
			p.v[i] = o.Beta2*p.v[i] + (1-o.Beta2)*g*g
			p.W[i] -= lr * p.m[i] / (float32(math.Sqrt(float64(p.v[i]))) + o.Eps)
		}
	}
}

// gemm computes C = alpha op(A) op(B) + beta C for row-major A (ar×ac), B (br×bc), C.
func gemm(tA, tB bool, alpha float32, a []float32, ar, ac int, b []float32, br, bc int, beta float32, c []float32, cr, cc int) {
	ta, tb := blas.NoTrans, blas.NoTrans
	if tA {
		ta = blas.Trans
	}
	if tB {
		tb = blas.Trans
	}
	blas32.Gemm(ta, tb, alpha,
		blas32.General{Rows: ar, Cols: ac, Stride: ac, Data: a[:ar*ac]},
		blas32.General{Rows: br, Cols: bc, Stride: bc, Data: b[:br*bc]},
		beta,
		blas32.General{Rows: cr, Cols: cc, Stride: cc, Data: c[:cr*cc]})
}

// grow returns buf resized to n values, reallocating only when it is too small.
func grow(buf []float32, n int) []float32 {
	if cap(buf) < n {
		return make([]float32, n)
	}
	return buf[:n]
}
