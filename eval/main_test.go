package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/actapprox/approx/eval/internal/nn"
)

// tiny is Quick cut further so the whole table trains in a few seconds under go test.
var tiny = Config{
	Seed:      1,
	ConvTrain: 100, ConvTest: 100, ConvEpochs: 1, ConvBatch: 25,
	ConvC1: 4, ConvC2: 8, ConvDense: 16,
	AETrain: 200, AEEpochs: 1, AEBatch: 50, AEHidden: 32, AECode: 8,
	RNNBytes: 2000, RNNEpochs: 1, RNNSeq: 20, RNNBatch: 8, RNNHidden: 16,
	ConvLR: 1e-3, AELR: 1e-3, RNNLR: 2e-3,
}

// The required rows of the table: the paper's picks, its peers and relu.
var required = []string{
	"convnet/relu", "convnet/sigm", "convnet/tanh", "convnet/sigm_fastexp_512", "convnet/tanh_pade_4_4",
	"convnet/sigm_fastexp_2", "convnet/serp", "convnet/word2vec", "convnet/ultra_fast_sigmoid",
	"autoencoder/relu", "autoencoder/sigm", "autoencoder/tanh", "autoencoder/sigm_fastexp_512",
	"autoencoder/tanh_pade_4_4", "autoencoder/sigm_fastexp_2", "autoencoder/serp",
	"autoencoder/word2vec", "autoencoder/ultra_fast_sigmoid",
	"charrnn/sigm/tanh", "charrnn/sigm_fastexp_512/tanh_pade_4_4", "charrnn/sigm_fastexp_2/serp",
	"charrnn/word2vec/tanh", "charrnn/ultra_fast_sigmoid/tanh", "charrnn/relu/relu",
}

func TestPlanHasThePapersRows(t *testing.T) {
	plan, notes := buildPlan(newRegistry(), map[string]bool{"convnet": true, "autoencoder": true, "charrnn": true}, false, nil)
	have := map[string]bool{}
	for _, p := range plan {
		have[p.workload+"/"+p.label] = true
	}
	for _, r := range required {
		if !have[r] {
			t.Errorf("plan lacks %s (notes: %v)", r, notes)
		}
	}
	// The accurate tier joins by itself once approx exports it.
	reg := newRegistry()
	for _, n := range []string{"Tanh", "Sigmoid"} {
		_, err := reg.lookup(n)
		if (err == nil) != have["convnet/approx."+n] {
			t.Errorf("%s: lookup error %v, in plan %v", n, err, have["convnet/approx."+n])
		}
	}
}

// Every float32 kernel approx exports gets its target from the name rule, or is an exp kernel.
func TestKindOfEveryKernel(t *testing.T) {
	reg := newRegistry()
	if len(reg.order) == 0 {
		t.Fatal("no kernels found by reflection over approx.Implementation")
	}
	for _, n := range reg.order {
		k, ok := kindOf(n)
		switch {
		case !ok && !strings.Contains(n, "Exp"):
			t.Errorf("%s: no target", n)
		case ok && k == nn.Sigmoid && !strings.Contains(n, "Sigmoid"):
			t.Errorf("%s: sigmoid?", n)
		}
		if !ok {
			continue
		}
		// The kernel really computes its target: compare at a few points.
		c, err := reg.lookup(n)
		if err != nil {
			t.Fatal(err)
		}
		x := []float32{-1, -0.5, 0, 0.5, 1}
		y := make([]float32, len(x))
		c.F(y, x)
		want := make([]float32, len(x))
		switch k {
		case nn.Tanh:
			nn.ExactTanh(want, x)
		case nn.Sigmoid:
			nn.ExactSigmoid(want, x)
		case nn.ReLU:
			for i, v := range x {
				want[i] = max(v, 0)
			}
		}
		for i := range x {
			if d := y[i] - want[i]; d > 0.1 || d < -0.1 {
				t.Errorf("%s(%v) = %v, want about %v: wrong target", n, x[i], y[i], want[i])
			}
		}
	}
}

// The whole evaluation on tiny data: every row trains, the table has every required row, and the
// markdown file is written.
func TestEvalTiny(t *testing.T) {
	out := filepath.Join(t.TempDir(), "RESULTS.md")
	var stdout, progress bytes.Buffer
	o := &options{workloads: "convnet,autoencoder,charrnn", out: out, cfg: &tiny, procs: 1}
	if err := o.main(&stdout, &progress); err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if string(md) != stdout.String() {
		t.Error("printed table and file differ")
	}
	for _, r := range required {
		w, label, _ := strings.Cut(r, "/")
		sec := string(md)[strings.Index(string(md), "## "+w):]
		if !strings.Contains(sec, " | "+label+" | ") {
			t.Errorf("table lacks %s", r)
		}
	}
	if !strings.Contains(progress.String(), "done in") {
		t.Errorf("no progress lines:\n%s", progress.String())
	}
	if strings.Contains(string(md), "NaN |") {
		t.Errorf("table shows NaN:\n%s", md)
	}
	if testing.Verbose() {
		t.Log("\n" + string(md))
	}
}

// -quick is the same networks as the full run, on less data.
func TestQuickIsFullShrunk(t *testing.T) {
	q, f := Quick, Full
	if q.ConvC1 != f.ConvC1 || q.ConvC2 != f.ConvC2 || q.ConvDense != f.ConvDense || q.AEHidden != f.AEHidden ||
		q.AECode != f.AECode || q.RNNHidden != f.RNNHidden || q.RNNSeq != f.RNNSeq || q.Seed != f.Seed {
		t.Fatalf("quick and full networks differ:\n%+v\n%+v", q, f)
	}
	if q.ConvTrain*q.ConvEpochs >= f.ConvTrain*f.ConvEpochs || q.RNNBytes >= f.RNNBytes {
		t.Fatal("quick is not smaller than full")
	}
}

func TestMissingData(t *testing.T) {
	dir := t.TempDir()
	var stdout, progress bytes.Buffer
	o := &options{workloads: "autoencoder", mnist: dir, cfg: &tiny}
	err := o.main(&stdout, &progress)
	if err == nil || !strings.Contains(err.Error(), "train-images-idx3-ubyte.gz") {
		t.Fatalf("missing MNIST: %v", err)
	}
	o = &options{workloads: "charrnn", text: filepath.Join(dir, "opticks.txt"), cfg: &tiny}
	err = o.main(&stdout, &progress)
	if err == nil || !strings.Contains(err.Error(), "opticks.txt") {
		t.Fatalf("missing text: %v", err)
	}
	o = &options{workloads: "mnist"}
	if err := o.main(&stdout, &progress); err == nil {
		t.Fatal("unknown workload accepted")
	}
}

// The -quick configuration itself, cut to the autoencoder's two references to stay fast (the whole
// -quick table takes under a minute: go run ./eval -quick).
func TestQuickFlag(t *testing.T) {
	var stdout, progress bytes.Buffer
	o := &options{quick: true, workloads: "autoencoder", run: "^$", procs: 1}
	if err := o.main(&stdout, &progress); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "Mode quick,") || !strings.Contains(stdout.String(), "| sigmoid | sigm |") {
		t.Fatalf("unexpected -quick output:\n%s", stdout.String())
	}
}
