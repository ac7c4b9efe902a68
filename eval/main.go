// Command eval reproduces Table 1 of Timmons and Rice, "Approximating Activation Functions", in
// Go: it trains three real workloads (an MNIST convnet, an MNIST autoencoder and a two-layer
// character LSTM on Newton's Opticks) once per activation kernel, with fixed seeds and epochs, and
// reports the final training loss and the training time, absolute and relative to the exact
// function each approximant replaces, plus the time spent inside the activation kernels.
//
//	go run ./eval                       # the full table (about 25 minutes), printed
//	go run ./eval -out eval/RESULTS.md  # ... and written as markdown
//	go run ./eval -quick                # the same networks on little data, under a minute
//
// Activations come from the public approx API only (approx.Implementations, by reflection), plus
// the standard library's tanh and logistic as the exact references.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/actapprox/approx/eval/internal/data"
	"github.com/actapprox/approx/eval/internal/nn"
)

func main() {
	var o options
	flag.BoolVar(&o.quick, "quick", false, "small data and one epoch: the whole table in under a minute")
	flag.StringVar(&o.out, "out", "", "also write the table as markdown to this `file`")
	flag.StringVar(&o.mnist, "mnist", "", "`dir`ectory with the four MNIST *-ubyte.gz files (default: the GoMNIST module's data/)")
	flag.StringVar(&o.text, "text", "", "text `file` for the LSTM (default: $GOROOT/src/testdata/Isaac.Newton-Opticks.txt)")
	flag.StringVar(&o.workloads, "workloads", "convnet,autoencoder,charrnn", "comma-separated workloads to run")
	flag.StringVar(&o.run, "run", "", "only rows whose workload/activation matches this `regexp` (references always run)")
	flag.BoolVar(&o.all, "all", false, "every tanh and sigmoid kernel approx exports, not only the paper's picks")
	flag.StringVar(&o.set, "set", "", "override sizes, e.g. `RNNBytes=60000,ConvEpochs=1` (fields of Config in workloads.go)")
	flag.IntVar(&o.procs, "procs", 1, "GOMAXPROCS while training (1 keeps timings steady on a shared machine)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile to `file`")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "eval:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	o.pre = strings.TrimSpace("go run ./eval " + strings.Join(os.Args[1:], " "))
	if err := o.main(os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "eval:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

type options struct {
	quick            bool
	out, mnist, text string
	workloads, run   string
	set              string
	all              bool
	procs            int
	cfg              *Config // overrides Full/Quick (tests)
	pre              string  // command line recorded in the report
}

func (o *options) main(stdout, progress io.Writer) error {
	cfg := Full
	if o.quick {
		cfg = Quick
	}
	if o.cfg != nil {
		cfg = *o.cfg
	}
	if err := cfg.set(o.set); err != nil {
		return fmt.Errorf("-set: %v", err)
	}
	var filter *regexp.Regexp
	if o.run != "" {
		var err error
		if filter, err = regexp.Compile(o.run); err != nil {
			return fmt.Errorf("-run: %v", err)
		}
	}
	want := map[string]bool{}
	for _, w := range strings.Split(o.workloads, ",") {
		switch w = strings.TrimSpace(w); w {
		case "convnet", "autoencoder", "charrnn":
			want[w] = true
		case "":
		default:
			return fmt.Errorf("-workloads: unknown workload %q (want convnet, autoencoder, charrnn)", w)
		}
	}
	if o.procs > 0 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(o.procs))
	}

	reg := newRegistry()
	plan, notes := buildPlan(reg, want, o.all, filter)

	// Load the data first, so a missing or corrupt file fails before any training.
	var train, test *data.Set
	if want["convnet"] || want["autoencoder"] {
		dir := o.mnist
		if dir == "" {
			var err error
			if dir, err = data.MNISTDir(); err != nil {
				return err
			}
		}
		var err error
		if train, test, err = data.LoadMNIST(dir, max(cfg.ConvTrain, cfg.AETrain), cfg.ConvTest); err != nil {
			return err
		}
	}
	var text *data.Text
	if want["charrnn"] {
		path := o.text
		if path == "" {
			var err error
			if path, err = data.TextPath(); err != nil {
				return err
			}
		}
		var err error
		if text, err = data.LoadText(path, cfg.RNNBytes); err != nil {
			return err
		}
	}

	start := time.Now()
	var results []Result
	warmed := map[string]bool{}
	for i, p := range plan {
		if !warmed[p.workload] {
			// An untimed pass over a few batches first, so the group's reference (which runs
			// first) does not pay for page faults and heap growth.
			warmed[p.workload] = true
			w := cfg.warmup()
			wt := text
			if text != nil {
				wt = &data.Text{Alphabet: text.Alphabet, Codes: text.Codes[:min(len(text.Codes), w.RNNBytes)]}
			}
			w.runOne(p, train, test, wt, &trainer{})
		}
		tr := &trainer{progress: progress, tag: fmt.Sprintf("[%d/%d] %s %s", i+1, len(plan), p.workload, p.label)}
		r := cfg.runOne(p, train, test, text, tr)
		tr.note("done in %.1fs (%.1fs CPU): loss %.4g, %.2fs in activations", r.Wall.Seconds(), r.CPU.Seconds(), r.Loss, r.ActTime.Seconds())
		results = append(results, r)
	}

	mode := "full"
	if o.quick {
		mode = "quick"
	}
	if o.cfg != nil || o.set != "" {
		mode += " (custom sizes)"
	}
	md := renderMarkdown(results, cfg, mode, notes, o.pre, time.Since(start))
	fmt.Fprint(stdout, md)
	if o.out != "" {
		if err := os.WriteFile(o.out, []byte(md), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// runOne trains p's workload with p's activations.
func (cfg Config) runOne(p planned, train, test *data.Set, text *data.Text, tr *trainer) Result {
	var spentS, spentT time.Duration
	actS := nn.Activation{Name: p.acts[0].Label, Kind: p.acts[0].Kind, F: p.acts[0].F, Spent: &spentS, Clock: threadClock}
	var r Result
	switch p.workload {
	case "convnet":
		r = cfg.convnet(train, test, actS, tr)
	case "autoencoder":
		r = cfg.autoencoder(train, actS, tr)
	case "charrnn":
		actT := nn.Activation{Name: p.acts[1].Label, Kind: p.acts[1].Kind, F: p.acts[1].F, Spent: &spentT, Clock: threadClock}
		r = cfg.charRNN(text, actS, actT, tr)
	}
	r.Group, r.Label, r.Exact = p.group, p.label, p.exact
	return r
}

// warmup is cfg cut to a few batches of one epoch.
func (cfg Config) warmup() Config {
	w := cfg
	w.ConvTrain, w.ConvTest, w.ConvEpochs = 3*cfg.ConvBatch, cfg.ConvBatch, 1
	w.AETrain, w.AEEpochs = 3*cfg.AEBatch, 1
	w.RNNBytes, w.RNNEpochs = 2*cfg.RNNBatch*cfg.RNNSeq+1, 1
	return w
}

// A planned run: one workload with one activation (two for the LSTM: sigmoid, tanh).
type planned struct {
	workload, group, label string
	acts                   []candidate
	exact                  bool
}

// buildPlan lists the runs: for each MNIST workload relu, then the sigmoid group and the tanh
// group, each led by its exact reference; for the LSTM the exact pair, the paper's pairs and
// relu everywhere.
func buildPlan(reg *registry, want map[string]bool, all bool, filter *regexp.Regexp) (plan []planned, notes []string) {
	missing := map[string]bool{}
	resolve := func(name string) (candidate, bool) {
		c, err := reg.lookup(name)
		if err != nil || reg.level[name] != "" {
			if !missing[name] {
				missing[name] = true
				if err != nil {
					notes = append(notes, fmt.Sprintf("skipped %s: %v", name, err))
				} else {
					notes = append(notes, fmt.Sprintf("%s: the active level %q lacks it (approx.%s would panic), so its %q kernel is used", name, implName(), name, reg.level[name]))
				}
			}
		}
		return c, err == nil
	}
	keep := func(workload, label string, exact bool) bool {
		return exact || filter == nil || filter.MatchString(workload+"/"+label)
	}
	sig, tanh := sigmoidPicks, tanhPicks
	if all {
		sig, tanh = appendNew(sig, reg.all(nn.Sigmoid)), appendNew(tanh, reg.all(nn.Tanh))
	}
	relu, reluOK := resolve("ReLU")
	for _, w := range []string{"convnet", "autoencoder"} {
		if !want[w] {
			continue
		}
		if reluOK && keep(w, relu.Label, false) {
			plan = append(plan, planned{w, "relu", relu.Label, []candidate{relu}, true})
		}
		for _, g := range []struct {
			group string
			ref   candidate
			names []string
		}{{"sigmoid", exactSigmoid, sig}, {"tanh", exactTanh, tanh}} {
			plan = append(plan, planned{w, g.group, g.ref.Label, []candidate{g.ref}, true})
			for _, n := range g.names {
				if c, ok := resolve(n); ok && keep(w, c.Label, false) {
					plan = append(plan, planned{w, g.group, c.Label, []candidate{c}, false})
				}
			}
		}
	}
	if want["charrnn"] {
		plan = append(plan, planned{"charrnn", "lstm", "sigm/tanh", []candidate{exactSigmoid, exactTanh}, true})
		pairs := lstmPicks
		if reluOK {
			pairs = append(pairs, [2]string{"ReLU", "ReLU"})
		}
		for _, p := range pairs {
			s, ok1 := resolve(p[0])
			t, ok2 := resolve(p[1])
			label := s.Label + "/" + t.Label
			if ok1 && ok2 && keep("charrnn", label, false) {
				plan = append(plan, planned{"charrnn", "lstm", label, []candidate{s, t}, false})
			}
		}
	}
	return plan, notes
}

func appendNew(list, more []string) []string {
	seen := map[string]bool{}
	for _, n := range list {
		seen[n] = true
	}
	for _, n := range more {
		if !seen[n] {
			list = append(list, n)
			seen[n] = true
		}
	}
	return list
}
