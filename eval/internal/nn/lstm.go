package nn

import "math/rand/v2"

// LSTM is one LSTM layer run over a whole sequence of T steps. It works feature-major: the input
// of step t is an In×B matrix (one column per sample) and its output an H×B matrix, so each
// step's pre-activations form one 4H×B block whose first 3H rows (input, forget and output gates)
// go through the sigmoid in a single call and whose last H rows (the candidate) through tanh.
//
//	z = Wxᵀ x_t + Whᵀ h_{t-1} + b;  i, f, o = σ(z_i, z_f, z_o);  g = tanh(z_g)
//	c_t = f c_{t-1} + i g;  h_t = o tanh(c_t)
//
// The state starts at zero for every sequence.
type LSTM struct {
	In, H       int
	Wx, Wh, B   *Param // Wx is In×4H, Wh is H×4H, B is 4H
	Sig, Tanh   Activation
	NoInputGrad bool

	t, batch int
	xs       []float32 // T·In·B, the caller's input
	a        []float32 // T·4H·B activated gates
	c, h     []float32 // (T+1)·H·B, c[0] = h[0] = 0
	tc       []float32 // T·H·B, tanh(c_t)
	dxs, dz  []float32
	dh, dc   []float32
}

// NewLSTM returns an LSTM layer with Glorot-initialised weights and forget-gate bias 1.
func NewLSTM(in, h int, sig, tanh Activation, rng *rand.Rand) *LSTM {
	l := &LSTM{In: in, H: h, Sig: sig, Tanh: tanh,
		Wx: NewParam("lstm.Wx", in*4*h, glorot(in, 4*h), rng),
		Wh: NewParam("lstm.Wh", h*4*h, glorot(h, 4*h), rng),
		B:  NewParam("lstm.b", 4*h, 0, rng)}
	for j := h; j < 2*h; j++ {
		l.B.W[j] = 1
	}
	return l
}

func (l *LSTM) Params() []*Param { return []*Param{l.Wx, l.Wh, l.B} }

// Forward runs the layer over xs (T blocks of In×B) and returns the hidden states (T blocks of
// H×B), valid until the next call.
func (l *LSTM) Forward(xs []float32, T, batch int) []float32 {
	l.t, l.batch, l.xs = T, batch, xs
	H, B := l.H, batch
	hb := H * B
	l.a = grow(l.a, T*4*hb)
	l.c = grow(l.c, (T+1)*hb)
	l.h = grow(l.h, (T+1)*hb)
	l.tc = grow(l.tc, T*hb)
	clear(l.c[:hb])
	clear(l.h[:hb])
	for t := range T {
		x := xs[t*l.In*B : (t+1)*l.In*B]
		z := l.a[t*4*hb : (t+1)*4*hb]
		for r := range 4 * H {
			row := z[r*B : (r+1)*B]
			bias := l.B.W[r]
			for j := range row {
				row[j] = bias
			}
		}
		gemm(true, false, 1, l.Wx.W, l.In, 4*H, x, l.In, B, 1, z, 4*H, B)
		gemm(true, false, 1, l.Wh.W, H, 4*H, l.h[t*hb:(t+1)*hb], H, B, 1, z, 4*H, B)
		l.Sig.Apply(z[:3*hb], z[:3*hb])
		l.Tanh.Apply(z[3*hb:], z[3*hb:])
		ig, fg, og, gg := z[:hb], z[hb:2*hb], z[2*hb:3*hb], z[3*hb:4*hb]
		cp := l.c[t*hb : (t+1)*hb]
		c := l.c[(t+1)*hb : (t+2)*hb]
		for j := range c {
			c[j] = fg[j]*cp[j] + ig[j]*gg[j]
		}
		tc := l.tc[t*hb : (t+1)*hb]
		l.Tanh.Apply(tc, c)
		h := l.h[(t+1)*hb : (t+2)*hb]
		for j := range h {
			h[j] = og[j] * tc[j]
		}
	}
	return l.h[hb : (T+1)*hb]
}

// Backward takes the gradient of the loss with respect to every hidden state (T blocks of H×B),
// accumulates the parameter gradients and returns the input gradient (nil with NoInputGrad).
func (l *LSTM) Backward(dhs []float32) []float32 {
	T, H, B := l.t, l.H, l.batch
	hb := H * B
	l.dz = grow(l.dz, 4*hb)
	l.dh = grow(l.dh, hb)
	l.dc = grow(l.dc, hb)
	clear(l.dh)
	clear(l.dc)
	if !l.NoInputGrad {
		l.dxs = grow(l.dxs, T*l.In*B)
	}
	dz := l.dz
	for t := T - 1; t >= 0; t-- {
		z := l.a[t*4*hb : (t+1)*4*hb]
		ig, fg, og, gg := z[:hb], z[hb:2*hb], z[2*hb:3*hb], z[3*hb:4*hb]
		di, df, do, dg := dz[:hb], dz[hb:2*hb], dz[2*hb:3*hb], dz[3*hb:]
		tc := l.tc[t*hb : (t+1)*hb]
		cp := l.c[t*hb : (t+1)*hb]
		dht := dhs[t*hb : (t+1)*hb]
		// dh = incoming + carried; do = dh·tanh(c); d tanh(c) = dh·o, then through tanh.
		for j := range l.dh {
			d := dht[j] + l.dh[j]
			do[j] = d * tc[j]
			dg[j] = d * og[j] // temporarily d tanh(c)
		}
		l.Tanh.Grad(dg, dg, tc)
		for j := range l.dc {
			dct := l.dc[j] + dg[j]
			di[j] = dct * gg[j]
			df[j] = dct * cp[j]
			dg[j] = dct * ig[j]
			l.dc[j] = dct * fg[j]
		}
		l.Sig.Grad(dz[:3*hb], dz[:3*hb], z[:3*hb])
		l.Tanh.Grad(dg, dg, gg)
		x := l.xs[t*l.In*B : (t+1)*l.In*B]
		hp := l.h[t*hb : (t+1)*hb]
		gemm(false, true, 1, x, l.In, B, dz, 4*H, B, 1, l.Wx.G, l.In, 4*H)
		gemm(false, true, 1, hp, H, B, dz, 4*H, B, 1, l.Wh.G, H, 4*H)
		for r := range 4 * H {
			var s float32
			for _, v := range dz[r*B : (r+1)*B] {
				s += v
			}
			l.B.G[r] += s
		}
		if !l.NoInputGrad {
			gemm(false, false, 1, l.Wx.W, l.In, 4*H, dz, 4*H, B, 0, l.dxs[t*l.In*B:(t+1)*l.In*B], l.In, B)
		}
		gemm(false, false, 1, l.Wh.W, H, 4*H, dz, 4*H, B, 0, l.dh, H, B)
	}
	if l.NoInputGrad {
		return nil
	}
	return l.dxs
}

// ToRows turns T blocks of H×B (feature-major) into T·B rows of H: row t·B+b.
func ToRows(dst, src []float32, T, H, B int) {
	for t := range T {
		blk := src[t*H*B : (t+1)*H*B]
		for j := range H {
			col := blk[j*B : (j+1)*B]
			for b, v := range col {
				dst[(t*B+b)*H+j] = v
			}
		}
	}
}

// FromRows is the inverse of ToRows.
func FromRows(dst, src []float32, T, H, B int) {
	for t := range T {
		blk := dst[t*H*B : (t+1)*H*B]
		for j := range H {
			col := blk[j*B : (j+1)*B]
			for b := range col {
				col[b] = src[(t*B+b)*H+j]
			}
		}
	}
}
