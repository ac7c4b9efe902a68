package main

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/actapprox/approx/eval/internal/data"
	"github.com/actapprox/approx/eval/internal/nn"
)

// Config sizes the three workloads. Every run of a workload uses the same seed, so every
// activation starts from the same weights and sees the same batches in the same order.
type Config struct {
	Seed uint64

	ConvTrain, ConvTest, ConvEpochs, ConvBatch int
	ConvC1, ConvC2, ConvDense                  int // filters of the two 5×5 convolutions, dense width

	AETrain, AEEpochs, AEBatch int
	AEHidden, AECode           int // 784 → hidden → code → hidden → 784

	RNNBytes, RNNEpochs, RNNSeq, RNNBatch, RNNHidden int

	ConvLR, AELR, RNNLR float64 // Adam learning rates
}

// Full is the configuration of the published table: about 10 minutes of CPU time, under 25
// minutes of wall time on the project's shared 2-core machine.
var Full = Config{
	Seed:      1,
	ConvTrain: 12000, ConvTest: 10000, ConvEpochs: 2, ConvBatch: 50,
	ConvC1: 8, ConvC2: 16, ConvDense: 64,
	AETrain: 20000, AEEpochs: 3, AEBatch: 100, AEHidden: 128, AECode: 32,
	RNNBytes: 80000, RNNEpochs: 1, RNNSeq: 25, RNNBatch: 16, RNNHidden: 64,
	ConvLR: 1e-3, AELR: 1e-3, RNNLR: 1e-2,
}

// Quick is the -quick configuration: the same networks on little data.
var Quick = Config{
	Seed:      1,
	ConvTrain: 600, ConvTest: 500, ConvEpochs: 1, ConvBatch: 50,
	ConvC1: 8, ConvC2: 16, ConvDense: 64,
	AETrain: 1000, AEEpochs: 1, AEBatch: 100, AEHidden: 128, AECode: 32,
	RNNBytes: 8000, RNNEpochs: 1, RNNSeq: 25, RNNBatch: 16, RNNHidden: 64,
	ConvLR: 1e-3, AELR: 1e-3, RNNLR: 1e-2,
}

// set applies "Field=value,..." overrides to c's integer fields.
func (c *Config) set(s string) error {
	if s == "" {
		return nil
	}
	v := reflect.ValueOf(c).Elem()
	for _, kv := range strings.Split(s, ",") {
		k, val, ok := strings.Cut(strings.TrimSpace(kv), "=")
		f := v.FieldByName(k)
		if !ok || !f.IsValid() {
			return fmt.Errorf("%q: want Field=value with a field of Config", kv)
		}
		if f.Kind() == reflect.Float64 {
			x, err := strconv.ParseFloat(val, 64)
			if err != nil || !(x > 0) {
				return fmt.Errorf("%q: want a positive number", kv)
			}
			f.SetFloat(x)
			continue
		}
		n, err := strconv.ParseUint(val, 10, 64)
		if err != nil || (n == 0 && k != "Seed") {
			return fmt.Errorf("%q: want a positive integer", kv)
		}
		if f.Kind() == reflect.Uint64 {
			f.SetUint(n)
		} else {
			f.SetInt(int64(n))
		}
	}
	return nil
}

// Result is one training run.
type Result struct {
	Workload string
	Group    string // "sigmoid", "tanh", "relu" or "lstm": rows are relative within a group
	Label    string
	Loss     float64       // mean training loss over the last epoch (Inf when diverged)
	Acc      float64       // test accuracy of the classifier, NaN for the others
	Wall     time.Duration // training wall time
	CPU      time.Duration // process CPU time while training (0 where unknown)
	ActTime  time.Duration // time inside the activation kernels (forward passes)
	Diverged bool
	Exact    bool // the group's reference row
}

// trainer is the shared loop: it runs epochs of batches through step, which returns the batch
// loss, and stops at the first NaN or Inf loss (the paper's ∞).
type trainer struct {
	progress io.Writer
	tag      string
	last     time.Time
	start    time.Time
	cpu0     time.Duration
}

// begin starts the training clocks.
func (tr *trainer) begin() { tr.start, tr.cpu0 = time.Now(), cpuTime() }

// end stops them and records the times in r.
func (tr *trainer) end(r *Result) {
	r.Wall = time.Since(tr.start)
	if c := cpuTime(); c > 0 {
		r.CPU = c - tr.cpu0
	}
}

func (tr *trainer) run(epochs, items, batches int, rng *rand.Rand, step func(b int, perm []int) float64) (loss float64, diverged bool) {
	perm := make([]int, items) // the order items are visited in, shuffled every epoch
	for i := range perm {
		perm[i] = i
	}
	for e := range epochs {
		rng.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		var sum float64
		for b := range batches {
			l := step(b, perm)
			if math.IsNaN(l) || math.IsInf(l, 0) {
				tr.note("epoch %d/%d batch %d/%d: loss %v, diverged", e+1, epochs, b+1, batches, l)
				return math.Inf(1), true
			}
			sum += l
			if time.Since(tr.last) > 5*time.Second {
				tr.note("epoch %d/%d batch %d/%d loss %.4f", e+1, epochs, b+1, batches, sum/float64(b+1))
			}
		}
		loss = sum / float64(batches)
		tr.note("epoch %d/%d loss %.4f", e+1, epochs, loss)
	}
	return loss, false
}

func (tr *trainer) note(format string, args ...any) {
	tr.last = time.Now()
	if tr.progress != nil {
		fmt.Fprintf(tr.progress, "%s: %s\n", tr.tag, fmt.Sprintf(format, args...))
	}
}

func (c *Config) newRNG(salt uint64) *rand.Rand { return rand.New(rand.NewPCG(c.Seed, salt)) }

// convnet trains the MNIST classifier: conv 5×5 (C1) → act → pool 2 → conv 5×5 (C2) → act →
// pool 2 → dense (Dense) → act → dense 10 → softmax cross-entropy.
func (c *Config) convnet(train, test *data.Set, act nn.Activation, tr *trainer) Result {
	rng := c.newRNG(1)
	s := data.Side
	c1 := nn.NewConv(s, s, 1, 5, c.ConvC1, rng)
	c1.NoInputGrad = true
	p1 := &nn.MaxPool2{H: c1.OH(), W: c1.OW(), C: c.ConvC1}
	c2 := nn.NewConv(p1.H/2, p1.W/2, c.ConvC1, 5, c.ConvC2, rng)
	p2 := &nn.MaxPool2{H: c2.OH(), W: c2.OW(), C: c.ConvC2}
	flat := (p2.H / 2) * (p2.W / 2) * c.ConvC2
	net := nn.Sequential{c1, &nn.Act{A: act}, p1, c2, &nn.Act{A: act}, p2,
		nn.NewDense(flat, c.ConvDense, rng), &nn.Act{A: act}, nn.NewDense(c.ConvDense, 10, rng)}
	params := net.Params()
	opt := nn.NewAdam(float32(c.ConvLR))

	n := min(c.ConvTrain, train.N)
	B := c.ConvBatch
	x := make([]float32, B*s*s)
	labels := make([]int, B)
	dl := make([]float32, B*10)
	spent0 := *act.Spent
	tr.begin()
	loss, div := tr.run(c.ConvEpochs, n, n/B, rng, func(b int, perm []int) float64 {
		for i := range B {
			k := perm[b*B+i]
			copy(x[i*s*s:], train.Image(k))
			labels[i] = train.Labels[k]
		}
		logits := net.Forward(x, B)
		l, _ := nn.SoftmaxCE(dl, logits, labels, 10)
		nn.ZeroGrad(params)
		net.Backward(dl)
		opt.Step(params)
		return l
	})
	r := Result{Workload: "convnet", Loss: loss, Diverged: div, ActTime: *act.Spent - spent0, Acc: math.NaN()}
	tr.end(&r)
	if div {
		return r
	}
	correct, nt := 0, min(c.ConvTest, test.N)
	for i := 0; i+B <= nt; i += B {
		copy(x, test.Pixels[i*s*s:(i+B)*s*s])
		logits := net.Forward(x, B)
		_, ok := nn.SoftmaxCE(dl, logits, test.Labels[i:i+B], 10)
		correct += ok
	}
	r.Acc = float64(correct) / float64(nt/B*B)
	return r
}

// autoencoder trains the dense MNIST autoencoder 784 → H → code → H → 784, the activation after
// every layer, on the per-image sum of squared errors.
func (c *Config) autoencoder(train *data.Set, act nn.Activation, tr *trainer) Result {
	rng := c.newRNG(2)
	const px = data.Side * data.Side
	net := nn.Sequential{
		nn.NewDense(px, c.AEHidden, rng), &nn.Act{A: act},
		nn.NewDense(c.AEHidden, c.AECode, rng), &nn.Act{A: act},
		nn.NewDense(c.AECode, c.AEHidden, rng), &nn.Act{A: act},
		nn.NewDense(c.AEHidden, px, rng), &nn.Act{A: act},
	}
	net[0].(*nn.Dense).NoInputGrad = true
	params := net.Params()
	opt := nn.NewAdam(float32(c.AELR))
	n := min(c.AETrain, train.N)
	B := c.AEBatch
	x := make([]float32, B*px)
	dy := make([]float32, B*px)
	spent0 := *act.Spent
	tr.begin()
	loss, div := tr.run(c.AEEpochs, n, n/B, rng, func(b int, perm []int) float64 {
		for i := range B {
			copy(x[i*px:], train.Image(perm[b*B+i]))
		}
		y := net.Forward(x, B)
		l := nn.SquaredError(dy, y, x, B)
		nn.ZeroGrad(params)
		net.Backward(dy)
		opt.Step(params)
		return l
	})
	r := Result{Workload: "autoencoder", Loss: loss, Diverged: div, ActTime: *act.Spent - spent0, Acc: math.NaN()}
	tr.end(&r)
	return r
}

// charRNN trains the two-layer character LSTM (one-hot → LSTM H → LSTM H → dense → softmax) on
// sequences of RNNSeq+1 bytes, predicting each next byte; the loss is the mean cross-entropy per
// character in nats.
func (c *Config) charRNN(text *data.Text, sig, tanh nn.Activation, tr *trainer) Result {
	rng := c.newRNG(3)
	V, H, T, B := len(text.Alphabet), c.RNNHidden, c.RNNSeq, c.RNNBatch
	l1 := nn.NewLSTM(V, H, sig, tanh, rng)
	l1.NoInputGrad = true
	l2 := nn.NewLSTM(H, H, sig, tanh, rng)
	out := nn.NewDense(H, V, rng)
	params := append(append(l1.Params(), l2.Params()...), out.Params()...)
	opt := nn.NewAdam(float32(c.RNNLR))
	opt.Clip = 5

	nseq := (len(text.Codes) - 1) / T
	onehot := make([]float32, T*V*B)
	labels := make([]int, T*B)
	rows := make([]float32, T*B*H)
	dh := make([]float32, T*H*B)
	dl := make([]float32, T*B*V)
	s0, t0 := *sig.Spent, *tanh.Spent
	tr.begin()
	loss, div := tr.run(c.RNNEpochs, nseq, nseq/B, rng, func(bi int, perm []int) float64 {
		clear(onehot)
		for b := range B {
			seq := text.Codes[perm[bi*B+b]*T:]
			for t := range T {
				onehot[t*V*B+seq[t]*B+b] = 1
				labels[t*B+b] = seq[t+1]
			}
		}
		h1 := l1.Forward(onehot, T, B)
		h2 := l2.Forward(h1, T, B)
		nn.ToRows(rows, h2, T, H, B)
		logits := out.Forward(rows, T*B)
		l, _ := nn.SoftmaxCE(dl, logits, labels, V)
		nn.ZeroGrad(params)
		drows := out.Backward(dl)
		nn.FromRows(dh, drows, T, H, B)
		dh1 := l2.Backward(dh)
		l1.Backward(dh1)
		opt.Step(params)
		return l
	})
	r := Result{Workload: "charrnn", Loss: loss, Diverged: div, Acc: math.NaN()}
	tr.end(&r)
	r.ActTime = *sig.Spent - s0
	if tanh.Spent != sig.Spent {
		r.ActTime += *tanh.Spent - t0
	}
	return r
}
