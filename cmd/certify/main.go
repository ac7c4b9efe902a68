// Command certify certifies approx's kernels exhaustively: it runs every float32 kernel on all
// 2^32 inputs, at every implementation level the machine has (approx.Implementations), against
// the float64 reference, and every float64 kernel on a sampled sweep over every exponent, and
// writes the report: docs/CERTIFICATION.md for people, spec/certified.json for the generator
// (read it with package gen/certified).
//
//	go run ./cmd/certify                      # everything: about 13 minutes on 2 cores
//	go run ./cmd/certify -step 4096 -run Tanh # a quick look at the tanh kernels
//
// Measured on the shared 2-core AMD EPYC (Zen 4): all 2^32 inputs of the 23 float32 kernels at
// the purego, avx2, avx512 and avx512-amd levels took 11m42s, the float64 sweep 49s (Intel
// Xeon, three levels: 9m58s and 44s).
//
// For each kernel and level it reports the maximum absolute, ULP and relative error on the
// kernel's domain and an input where each is reached, whether the spec's bound holds,
// monotonicity between consecutive floats, odd symmetry (f(-x) == -f(x)), outputs outside the
// target's range, NaN and ±Inf behaviour, denormal outputs, and how many outputs differ from the
// pure-Go level. Each target's reference is evaluated once per input for all its kernels.
//
// The report is deterministic: re-running on the same code gives the same files but for the
// machine line. A run with -step or -run other than the defaults does not write the report
// unless -md and -json name the files.
package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	approx "github.com/actapprox/approx"
	"github.com/actapprox/approx/gen/certified"
	"github.com/actapprox/approx/gen/emit"
	"github.com/actapprox/approx/gen/ir"
	"github.com/actapprox/approx/gen/lower"
	"github.com/actapprox/approx/spec"
	"github.com/actapprox/approx/tests"
)

const (
	defaultSpecs     = "spec/*.toml"
	defaultPerBinade = 1 << 15
)

// config is what a run certifies and where it writes.
type config struct {
	specs     []string       // spec files
	specArg   string         // the -spec flag as given
	run       *regexp.Regexp // kernels: matched against the per-type name (TanhPade44F32) and the spec name
	types     []string       // "float32", "float64"
	levels    []string       // level names; empty: all
	step      uint64         // float32: every step-th bit pattern
	perBinade int            // float64: inputs per exponent and sign
	binadeArg int            // the -per-binade flag as given
	seed      uint64         // float64: the random mantissas' seed
	workers   int
	skipStale bool      // leave out kernels whose pure-Go code is not the spec's program as fitted here
	md, json  string    // output files; "" writes none
	progress  io.Writer // progress bar; nil for none
}

func main() {
	specs := flag.String("spec", defaultSpecs, "comma-separated spec files (globs allowed)")
	run := flag.String("run", "", "certify only kernels whose name (e.g. TanhPade44F32) or spec name matches this regexp")
	types := flag.String("types", "float32,float64", "float types to certify")
	levels := flag.String("levels", "", "comma-separated implementation levels (default: every level this machine has)")
	step := flag.Uint64("step", 1, "visit every N-th float32 bit pattern and 1/N of the float64 samples (1: exhaustive)")
	perBinade := flag.Int("per-binade", defaultPerBinade, "float64: sampled inputs per exponent and sign (divided by -step)")
	seed := flag.Uint64("seed", 1, "float64: seed of the sampled mantissas")
	workers := flag.Int("workers", runtime.GOMAXPROCS(0), "goroutines sweeping in parallel")
	md := flag.String("md", "", "markdown report (default docs/CERTIFICATION.md for a full run)")
	js := flag.String("json", "", "machine-readable report (default spec/certified.json for a full run)")
	skipStale := flag.Bool("skip-stale", false, "leave out, and name in the report, kernels whose pure-Go code differs from the spec's program as fitted here, instead of stopping (for a machine whose fits round differently)")
	quiet := flag.Bool("q", false, "no progress bar")
	prof := flag.String("cpuprofile", "", "write a CPU profile to this file")
	flag.Parse()
	if *prof != "" {
		f, err := os.Create(*prof)
		if err != nil {
			fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fatal(err)
		}
		defer pprof.StopCPUProfile()
	}

	cfg := config{
		specArg:   *specs,
		types:     split(*types),
		levels:    split(*levels),
		step:      max(*step, 1),
		perBinade: max(*perBinade/int(max(*step, 1)), 16),
		binadeArg: *perBinade,
		seed:      *seed,
		workers:   *workers,
		skipStale: *skipStale,
		md:        *md,
		json:      *js,
	}
	if *step <= 1 && *run == "" && *specs == defaultSpecs && *perBinade == defaultPerBinade && *levels == "" && *types == "float32,float64" {
		cfg.md = cmp.Or(cfg.md, "docs/CERTIFICATION.md")
		cfg.json = cmp.Or(cfg.json, "spec/certified.json")
	}
	var err error
	if cfg.run, err = regexp.Compile(*run); err != nil {
		fatal(err)
	}
	for _, p := range split(*specs) {
		m, err := filepath.Glob(p)
		if err != nil || len(m) == 0 {
			fatal(fmt.Errorf("-spec %s: no such file", p))
		}
		cfg.specs = append(cfg.specs, m...)
	}
	if !*quiet {
		cfg.progress = os.Stderr
	}
	t0 := time.Now()
	r, err := certify(cfg)
	if err != nil {
		fatal(err)
	}
	if err := write(cfg, r); err != nil {
		fatal(err)
	}
	fmt.Fprintf(os.Stderr, "certified in %v\n", time.Since(t0).Round(time.Second))
	if n := r.problems(); n > 0 {
		fmt.Fprintf(os.Stderr, "%d broken promises: see the report\n", n)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "certify:", err)
	os.Exit(1)
}

func split(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// result is a certification: the JSON report plus what the markdown report needs.
type result struct {
	cfg    config
	report *certified.Report
	rows   map[string][]row    // per type, in spec order then level order
	lack   map[string][]string // per type: "Tanh (avx2)" for a level without the kernel
	stale  map[string][]string // per type: kernels left out by -skip-stale
}

// row is one kernel at one level.
type row struct {
	name, level string
	fig         certified.Figures
	same        string // a level this one's outputs are identical to (purego), or ""
	mono, odd   bool   // the spec claims monotonicity, odd symmetry
	tiny        bool   // the spec claims tiny_identity
}

func (r *result) problems() int {
	n := 0
	for _, rows := range r.rows {
		for _, w := range rows {
			n += len(w.fig.Problems)
		}
	}
	return n
}

// certify loads the specs, finds the kernels at every level and sweeps them.
func certify(cfg config) (*result, error) {
	k32, k64, stale, err := load(cfg)
	if err != nil {
		return nil, err
	}
	res := &result{cfg: cfg, rows: map[string][]row{}, stale: stale, lack: map[string][]string{
		"float32": lacking(k32), "float64": lacking(k64),
	}, report: &certified.Report{
		Version:   certified.Version,
		Machine:   machine(),
		Step:      cfg.step,
		PerBinade: cfg.perBinade,
		Seed:      cfg.seed,
		Kernels:   map[string]map[string]map[string]certified.Figures{},
	}}
	if len(k32) > 0 {
		sp := space32{step: cfg.step}
		res.add("float32", sweep(cfg, "float32", k32, sp))
	}
	if len(k64) > 0 {
		sp := space64{perBinade: cfg.perBinade, seed: cfg.seed}
		res.add("float64", sweep(cfg, "float64", k64, sp))
	}
	return res, nil
}

// load loads the specs and finds their kernels at every level, float32 and float64.
func load(cfg config) ([]*kernel[float32], []*kernel[float64], map[string][]string, error) {
	entries, err := spec.Load(cfg.specs...)
	if err != nil {
		return nil, nil, nil, err
	}
	impls := approx.Implementations()
	slices.Reverse(impls) // purego first: the others are compared with it
	impls = slices.DeleteFunc(impls, func(i approx.Implementation) bool {
		return len(cfg.levels) > 0 && !slices.Contains(cfg.levels, i.Name)
	})
	for _, l := range cfg.levels {
		if !slices.ContainsFunc(impls, func(i approx.Implementation) bool { return i.Name == l }) {
			return nil, nil, nil, fmt.Errorf("-levels: this machine has no level %q", l)
		}
	}
	var k32 []*kernel[float32]
	var k64 []*kernel[float64]
	var errs []error
	stale := map[string][]string{}
	for i := range entries {
		e := &entries[i]
		a, err := lower.New(e)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, ts := range e.Types {
			if !slices.Contains(cfg.types, ts) {
				continue
			}
			t := ir.F64
			if ts == "float32" {
				t = ir.F32
			}
			name := (&emit.Kernel{A: a}).FuncName(t)
			if !cfg.run.MatchString(name) && !cfg.run.MatchString(e.Name) {
				continue
			}
			p, err := a.Program(t)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %s: %v", e.Name, ts, err))
				continue
			}
			c := emit.CaseOf(a)
			if t == ir.F32 {
				k, err := newKernel[float32](c, e.Name, name, p, impls)
				if err == nil {
					k32 = append(k32, k)
				}
				errs = skipOrKeep(cfg, stale, ts, name, errs, err)
			} else {
				k, err := newKernel[float64](c, e.Name, name, p, impls)
				if err == nil {
					k64 = append(k64, k)
				}
				errs = skipOrKeep(cfg, stale, ts, name, errs, err)
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, nil, nil, err
	}
	if len(k32)+len(k64) == 0 {
		return nil, nil, nil, fmt.Errorf("no kernel matches -run %q", cfg.run)
	}
	return k32, k64, stale, nil
}

// lacking lists the kernels some level lacks, as "Tanh (avx2)".
func lacking[F float32 | float64](ks []*kernel[F]) []string {
	var out []string
	for _, k := range ks {
		for _, l := range k.missing {
			out = append(out, fmt.Sprintf("%s (%s)", k.c.Name, l))
		}
	}
	return out
}

// skipOrKeep records a kernel's error: with -skip-stale a stale kernel is named in stale under
// its type, else the error joins errs.
func skipOrKeep(cfg config, stale map[string][]string, typ, name string, errs []error, err error) []error {
	var se *staleError
	switch {
	case err == nil:
		return errs
	case cfg.skipStale && errors.As(err, &se):
		stale[typ] = append(stale[typ], name)
		return errs
	}
	return append(errs, err)
}

func (r *result) add(typ string, rows []row) {
	for _, w := range rows {
		byType := r.report.Kernels[w.name]
		if byType == nil {
			byType = map[string]map[string]certified.Figures{}
			r.report.Kernels[w.name] = byType
		}
		if byType[typ] == nil {
			byType[typ] = map[string]certified.Figures{}
		}
		byType[typ][w.level] = w.fig
	}
	r.rows[typ] = rows
}

// newKernel finds kernel name (e.g. TanhPade44F32) at every level by its field in
// approx.Implementation, after checking that the pure-Go kernel is the spec's program: the
// generated code must be current.
func newKernel[F float32 | float64](c tests.Case, specName, name string, p *ir.Program, impls []approx.Implementation) (*kernel[F], error) {
	k := &kernel[F]{c: c, spec: specName, program: certified.Fingerprint(p)}
	for _, impl := range impls {
		v := reflect.ValueOf(impl).FieldByName(name)
		if !v.IsValid() {
			return nil, fmt.Errorf("approx.Implementation has no %s: the generated code is older than the specs (go run ./gen)", name)
		}
		f, ok := v.Interface().(func(dst, src []F))
		if !ok || f == nil {
			k.missing = append(k.missing, impl.Name)
			continue
		}
		k.levels = append(k.levels, level[F]{impl.Name, f})
	}
	for _, l := range k.levels {
		if l.name != "purego" {
			continue
		}
		xs := probe[F](c)
		want, got := make([]F, len(xs)), make([]F, len(xs))
		ir.EvalSlice(p, want, xs)
		l.f(got, xs)
		for i := range xs {
			if !equalBits(want[i:i+1], got[i:i+1]) && !(want[i] != want[i] && got[i] != got[i]) {
				return nil, &staleError{fmt.Sprintf("%s: the pure-Go kernel gives %v at %v, the spec's program %v: the generated code is stale (go run ./gen)", name, got[i], xs[i], want[i])}
			}
		}
	}
	return k, nil
}

// probe returns inputs spread over every binade, the edges and the specials.
func probe[F float32 | float64](c tests.Case) []F {
	xs := tests.Specials[F]()
	for _, e := range c.Edges {
		xs = append(xs, F(e))
	}
	if tests.MantissaBits[F]() == 24 {
		for x := range tests.Floats32(math.Inf(-1), math.Inf(1), 4096) {
			xs = append(xs, F(x))
		}
	} else {
		for x := range tests.Floats64(math.Inf(-1), math.Inf(1), 2048) {
			xs = append(xs, F(x))
		}
	}
	return xs
}

// sweep certifies the kernels of one float type: the space, then the specials and edges it
// does not visit.
func sweep[F float32 | float64](cfg config, typ string, ks []*kernel[F], sp space) []row {
	e := newEngine(ks, cfg.workers)
	extra := specials(e, sp)
	total := unitsOf(sp, extra)
	t0 := time.Now()
	stop := startProgress(cfg.progress, typ, total, &e.done)
	st := e.run(sp, extra)
	stop()
	if cfg.progress != nil {
		fmt.Fprintf(cfg.progress, "%s: %d kernels, %s, in %v\n", typ, len(ks), sp.describe(), time.Since(t0).Round(time.Second))
	}
	sweep := sp.describe()
	var rows []row
	for i, k := range ks {
		for l, lv := range k.levels {
			w := row{name: k.c.Name, level: lv.name, fig: e.figures(k, l, &st[i][l], sweep), mono: k.c.Monotone, odd: k.c.Odd, tiny: k.c.Tiny}
			if l > 0 && k.levels[0].name == "purego" && st[i][l].diff.n == 0 {
				w.same = "purego"
			}
			rows = append(rows, w)
		}
	}
	return rows
}

// specials is a one-unit space of the specials and every kernel's edges (with their neighbours)
// that sp does not visit.
func specials[F float32 | float64](e *engine[F], sp space) listSpace {
	var mags []uint64
	addMag := func(x F) {
		var m uint64
		if e.bits == 24 {
			m = uint64(math.Float32bits(float32(x)))
		} else {
			m = math.Float64bits(float64(x))
		}
		m &^= e.sign
		for _, n := range []uint64{m - 1, m, m + 1} {
			if n < e.sign && !sp.visited(n) {
				mags = append(mags, n)
			}
		}
	}
	for _, x := range tests.Specials[F]() {
		addMag(x)
	}
	for _, k := range e.kernels {
		for _, x := range k.c.Edges {
			addMag(F(x))
		}
	}
	slices.Sort(mags)
	return slices.Compact(mags)
}

// startProgress draws a progress bar on w until the returned stop is called.
func startProgress(w io.Writer, typ string, total int, done interface{ Load() int64 }) (stop func()) {
	if w == nil || total == 0 {
		return func() {}
	}
	t0 := time.Now()
	draw := func() {
		d := int(done.Load())
		frac := float64(d) / float64(total)
		const width = 30
		bar := strings.Repeat("#", int(frac*width)) + strings.Repeat(".", width-int(frac*width))
		el := time.Since(t0)
		eta := "?"
		if d > 0 {
			eta = (time.Duration(float64(el)/frac) - el).Round(time.Second).String()
		}
		fmt.Fprintf(w, "\rcertify %s [%s] %5.1f%% %d/%d chunks, %v elapsed, %s left   ",
			typ, bar, 100*frac, d, total, el.Round(time.Second), eta)
	}
	quit, over := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(over)
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
				draw()
			case <-quit:
				draw()
				fmt.Fprintln(w)
				return
			}
		}
	}()
	return func() { close(quit); <-over }
}

// staleError says a pure-Go kernel is not the spec's program as fitted on this machine.
type staleError struct{ msg string }

func (e *staleError) Error() string { return e.msg }
