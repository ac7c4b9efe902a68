package nn

import (
	"math"
	"math/rand/v2"
)

// Layer is one stage of a feed-forward network over a batch of row-major samples. Forward's
// result and Backward's input gradient belong to the layer and stay valid until its next call.
type Layer interface {
	Forward(x []float32, batch int) []float32
	Backward(dy []float32) []float32
	Params() []*Param
}

// Sequential chains layers.
type Sequential []Layer

// Forward runs every layer in order.
func (s Sequential) Forward(x []float32, batch int) []float32 {
	for _, l := range s {
		x = l.Forward(x, batch)
	}
	return x
}

// Backward runs every layer's backward pass in reverse order and returns the input gradient
// (nil when the first layer does not compute it).
func (s Sequential) Backward(dy []float32) []float32 {
	for i := len(s) - 1; i >= 0; i-- {
		dy = s[i].Backward(dy)
	}
	return dy
}

// Params lists every layer's parameters.
func (s Sequential) Params() []*Param {
	var ps []*Param
	for _, l := range s {
		ps = append(ps, l.Params()...)
	}
	return ps
}

// Dense is y = x W + b with W of In×Out.
type Dense struct {
	In, Out     int
	W, B        *Param
	NoInputGrad bool // skip dx (first layer)
	x, y, dx    []float32
	batch       int
}

// NewDense returns a Glorot-initialised dense layer.
func NewDense(in, out int, rng *rand.Rand) *Dense {
	return &Dense{In: in, Out: out,
		W: NewParam("dense.W", in*out, glorot(in, out), rng),
		B: NewParam("dense.b", out, 0, rng)}
}

func (d *Dense) Params() []*Param { return []*Param{d.W, d.B} }

func (d *Dense) Forward(x []float32, batch int) []float32 {
	d.x, d.batch = x, batch
	d.y = grow(d.y, batch*d.Out)
	for r := range batch {
		copy(d.y[r*d.Out:(r+1)*d.Out], d.B.W)
	}
	gemm(false, false, 1, x, batch, d.In, d.W.W, d.In, d.Out, 1, d.y, batch, d.Out)
	return d.y
}

func (d *Dense) Backward(dy []float32) []float32 {
	gemm(true, false, 1, d.x, d.batch, d.In, dy, d.batch, d.Out, 1, d.W.G, d.In, d.Out)
	colSum(d.B.G, dy, d.batch, d.Out)
	if d.NoInputGrad {
		return nil
	}
	d.dx = grow(d.dx, d.batch*d.In)
	gemm(false, true, 1, dy, d.batch, d.Out, d.W.W, d.In, d.Out, 0, d.dx, d.batch, d.In)
	return d.dx
}

// colSum adds the column sums of the rows×cols matrix m to dst.
func colSum(dst, m []float32, rows, cols int) {
	for r := range rows {
		row := m[r*cols : (r+1)*cols]
		for j, v := range row {
			dst[j] += v
		}
	}
}

// Act applies an activation element-wise; its gradient comes from the outputs.
type Act struct {
	A     Activation
	y, dx []float32
}

func (a *Act) Params() []*Param { return nil }

func (a *Act) Forward(x []float32, batch int) []float32 {
	a.y = grow(a.y, len(x))
	a.A.Apply(a.y, x)
	return a.y
}

func (a *Act) Backward(dy []float32) []float32 {
	a.dx = grow(a.dx, len(dy))
	a.A.Grad(a.dx, dy, a.y)
	return a.dx
}

// Conv is a valid, stride-1 convolution of K×K filters over NHWC images (H×W×C per sample),
// computed as im2col followed by one GEMM over the whole batch: output NHWC of OH×OW×F.
type Conv struct {
	H, W, C, K, F int
	Wt, B         *Param // Wt is (K·K·C)×F, rows ordered (ky, kx, c)
	NoInputGrad   bool
	cols, y, dc   []float32
	dx            []float32
	batch         int
}

// NewConv returns a Glorot-initialised convolution.
func NewConv(h, w, c, k, f int, rng *rand.Rand) *Conv {
	return &Conv{H: h, W: w, C: c, K: k, F: f,
		Wt: NewParam("conv.W", k*k*c*f, glorot(k*k*c, k*k*f), rng),
		B:  NewParam("conv.b", f, 0, rng)}
}

// OH and OW are the output height and width.
func (c *Conv) OH() int { return c.H - c.K + 1 }
func (c *Conv) OW() int { return c.W - c.K + 1 }

func (c *Conv) Params() []*Param { return []*Param{c.Wt, c.B} }

func (c *Conv) Forward(x []float32, batch int) []float32 {
	c.batch = batch
	oh, ow, kkc := c.OH(), c.OW(), c.K*c.K*c.C
	rows := batch * oh * ow
	c.cols = grow(c.cols, rows*kkc)
	for b := range batch {
		img := x[b*c.H*c.W*c.C : (b+1)*c.H*c.W*c.C]
		for oy := range oh {
			for ox := range ow {
				col := c.cols[((b*oh+oy)*ow+ox)*kkc:][:kkc]
				for ky := range c.K {
					src := img[((oy+ky)*c.W+ox)*c.C:][:c.K*c.C]
					copy(col[ky*c.K*c.C:], src)
				}
			}
		}
	}
	c.y = grow(c.y, rows*c.F)
	for r := range rows {
		copy(c.y[r*c.F:(r+1)*c.F], c.B.W)
	}
	gemm(false, false, 1, c.cols, rows, kkc, c.Wt.W, kkc, c.F, 1, c.y, rows, c.F)
	return c.y
}

func (c *Conv) Backward(dy []float32) []float32 {
	oh, ow, kkc := c.OH(), c.OW(), c.K*c.K*c.C
	rows := c.batch * oh * ow
	gemm(true, false, 1, c.cols, rows, kkc, dy, rows, c.F, 1, c.Wt.G, kkc, c.F)
	colSum(c.B.G, dy, rows, c.F)
	if c.NoInputGrad {
		return nil
	}
	c.dc = grow(c.dc, rows*kkc)
	gemm(false, true, 1, dy, rows, c.F, c.Wt.W, kkc, c.F, 0, c.dc, rows, kkc)
	c.dx = grow(c.dx, c.batch*c.H*c.W*c.C)
	clear(c.dx)
	for b := range c.batch {
		img := c.dx[b*c.H*c.W*c.C : (b+1)*c.H*c.W*c.C]
		for oy := range oh {
			for ox := range ow {
				col := c.dc[((b*oh+oy)*ow+ox)*kkc:][:kkc]
				for ky := range c.K {
					dst := img[((oy+ky)*c.W+ox)*c.C:][:c.K*c.C]
					src := col[ky*c.K*c.C:][:c.K*c.C]
					for i, v := range src {
						dst[i] += v
					}
				}
			}
		}
	}
	return c.dx
}

// MaxPool2 is 2×2 max-pooling with stride 2 over NHWC images of H×W×C (H and W even).
type MaxPool2 struct {
	H, W, C int
	arg     []int32
	y, dx   []float32
	batch   int
}

func (p *MaxPool2) Params() []*Param { return nil }

func (p *MaxPool2) Forward(x []float32, batch int) []float32 {
	p.batch = batch
	oh, ow := p.H/2, p.W/2
	n := batch * oh * ow * p.C
	p.y = grow(p.y, n)
	if cap(p.arg) < n {
		p.arg = make([]int32, n)
	}
	p.arg = p.arg[:n]
	for b := range batch {
		base := b * p.H * p.W * p.C
		for oy := range oh {
			for ox := range ow {
				o := ((b*oh+oy)*ow + ox) * p.C
				i00 := base + ((2*oy)*p.W+2*ox)*p.C
				i01 := i00 + p.C
				i10 := i00 + p.W*p.C
				i11 := i10 + p.C
				for c := range p.C {
					best, bi := x[i00+c], i00+c
					if v := x[i01+c]; v > best {
						best, bi = v, i01+c
					}
					if v := x[i10+c]; v > best {
						best, bi = v, i10+c
					}
					if v := x[i11+c]; v > best {
						best, bi = v, i11+c
					}
					p.y[o+c], p.arg[o+c] = best, int32(bi)
				}
			}
		}
	}
	return p.y
}

func (p *MaxPool2) Backward(dy []float32) []float32 {
	p.dx = grow(p.dx, p.batch*p.H*p.W*p.C)
	clear(p.dx)
	for j, g := range dy {
		p.dx[p.arg[j]] += g
	}
	return p.dx
}

// SoftmaxCE is the mean softmax cross-entropy of logits (batch×k) against labels. It returns the
// loss, the number of correct argmax predictions, and writes the gradient into dlogits.
func SoftmaxCE(dlogits, logits []float32, labels []int, k int) (loss float64, correct int) {
	batch := len(labels)
	inv := 1 / float32(batch)
	for b, lab := range labels {
		row := logits[b*k : (b+1)*k]
		d := dlogits[b*k : (b+1)*k]
		mx, arg := row[0], 0
		for j, v := range row {
			if v > mx {
				mx, arg = v, j
			}
		}
		if arg == lab {
			correct++
		}
		var s float64
		for j, v := range row {
			e := math.Exp(float64(v - mx))
			d[j] = float32(e)
			s += e
		}
		loss += math.Log(s) - float64(row[lab]-mx)
		for j := range d {
			d[j] = d[j] / float32(s) * inv
		}
		d[lab] -= inv
	}
	return loss / float64(batch), correct
}

// SquaredError is the per-sample sum of squared errors, averaged over the batch:
// (1/batch) Σ (y - t)². It writes the gradient into dy.
func SquaredError(dy, y, t []float32, batch int) float64 {
	var loss float64
	s := 2 / float32(batch)
	for i, v := range y {
		e := v - t[i]
		loss += float64(e) * float64(e)
		dy[i] = s * e
	}
	return loss / float64(batch)
}
