// Command gen is approx's generator: it reads the approximant specs, fits their coefficients,
// lowers each to the kernel IR, checks every kernel against its spec's bound, writes the Go
// kernels, slice loops, assembly, API, property tests and the report (REPORT.md, docs/), then
// runs the benchmarks, records them for the report, and prints the speed and accuracy tables.
//
//	go run ./gen                     # everything (a few minutes: the benchmarks)
//	go run ./gen -bench=false        # code, report and accuracy table only (what go generate runs)
//	go run ./gen -kernels TanhPade44 # benchmark some kernels only (the others' figures are kept)
//	go run ./gen -spec my.toml -out ./internal/act -pkg act
//
// A spec error, a failed fit or a kernel that misses its bound stops it before any file is
// written.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/actapprox/approx/gen/certified"
	"github.com/actapprox/approx/gen/emit"
	"github.com/actapprox/approx/gen/ir"
	"github.com/actapprox/approx/gen/lower"
	"github.com/actapprox/approx/spec"
	"github.com/actapprox/approx/tests"
)

func main() {
	specs := flag.String("spec", "spec/paper.toml,spec/accurate.toml", "comma-separated spec files")
	out := flag.String("out", ".", "output directory: the API package; kernels/, fallback/ and tests/ go below it")
	pkg := flag.String("pkg", "approx", "package name of the API package")
	imp := flag.String("import", "", "import path of the output directory (default: from the enclosing go.mod)")
	samples := flag.Int("samples", tests.DefaultSamples, "inputs per kernel in the generator's accuracy sweep")
	quiet := flag.Bool("q", false, "do not print the tables")
	bench := flag.Bool("bench", true, "run the benchmarks after generating, record them in docs/bench.json for the report, print the speed table")
	benchtime := flag.String("benchtime", "100ms", "go test's -benchtime for each benchmark")
	count := flag.Int("count", 5, "runs of each benchmark; the tables show the fastest")
	kernels := flag.String("kernels", "", "benchmark only the kernels whose Go name matches this regexp")
	flag.Parse()

	cfg := emit.Config{Pkg: *pkg, ImportPath: *imp}
	var bo *benchOptions
	if *bench {
		bo = &benchOptions{benchtime: *benchtime, count: *count}
		if *kernels != "" {
			re, err := regexp.Compile(*kernels)
			if err != nil {
				fmt.Fprintln(os.Stderr, "-kernels:", err)
				os.Exit(2)
			}
			bo.keep = re
		}
	}
	if err := run(os.Stdout, strings.Split(*specs, ","), *out, cfg, *samples, *quiet, bo); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// run generates the package in out from the spec files, runs its benchmarks unless bench is
// nil, and prints the tables to w.
func run(w io.Writer, specFiles []string, out string, cfg emit.Config, samples int, quiet bool, bench *benchOptions) error {
	if cfg.ImportPath == "" {
		p, err := importPath(out)
		if err != nil {
			return err
		}
		cfg.ImportPath = p
	}
	ks, err := build(specFiles, samples)
	if err != nil {
		return err
	}
	files, err := render(cfg, out, ks)
	if err != nil {
		return err
	}
	if err := write(out, files); err != nil {
		return err
	}
	if bench != nil {
		entries := make([]spec.Entry, len(ks))
		for i, k := range ks {
			entries[i] = *k.A.Entry
		}
		r, err := runBenchmarks(w, out, entries, *bench)
		if err != nil {
			return err
		}
		if err := record(out, r); err != nil {
			return err
		}
		// The report's speed columns and chart come from the record just made; the code is
		// already written.
		cfg.Out = out
		if files, err = reportBackend(cfg, ks); err != nil {
			return err
		}
		if err := write(out, files); err != nil {
			return err
		}
		if !quiet {
			printBench(w, r, entries, bench.keep)
			fmt.Fprintln(w)
		}
	}
	if !quiet {
		printTable(w, ks)
	}
	return nil
}

// build loads the specs, fits and lowers every entry, and checks every kernel against its
// bound with the IR interpreter. All problems are reported together.
func build(specFiles []string, samples int) ([]*emit.Kernel, error) {
	entries, err := spec.Load(specFiles...)
	if err != nil {
		return nil, err
	}
	ks := make([]*emit.Kernel, len(entries))
	errs := make([]error, len(entries))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i := range entries {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			ks[i], errs[i] = buildOne(&entries[i], samples)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return ks, nil
}

func buildOne(e *spec.Entry, samples int) (*emit.Kernel, error) {
	a, err := lower.New(e)
	if err != nil {
		return nil, err
	}
	k := &emit.Kernel{A: a, Progs: map[ir.Type]*ir.Program{}, Measured: map[ir.Type]*tests.Errors{}}
	where := fmt.Sprintf("%s:%d: %s", e.Pos.File, e.Pos.Line, e.Name)
	if e.Class == spec.ClassSafe && (e.Bound.Domain[0] > -maxFloat || e.Bound.Domain[1] < maxFloat) {
		p := e.FieldPos("bound")
		return nil, fmt.Errorf("%s:%d: %s: bound: a safe kernel's bound covers every finite input: domain must be [-inf, inf]", p.File, p.Line, e.Name)
	}
	c := emit.CaseOf(a)
	var problems []string
	for _, ts := range e.Types {
		t := ir.F64
		if ts == "float32" {
			t = ir.F32
		}
		p, err := a.Program(t)
		if err != nil {
			return nil, err
		}
		var r tests.Report
		if t == ir.F32 {
			r = tests.Check(c, interpret[float32](p), samples)
		} else {
			r = tests.Check(c, interpret[float64](p), samples)
		}
		for _, msg := range r.Problems {
			problems = append(problems, fmt.Sprintf("%s: %s: %s", where, t, msg))
		}
		k.Types = append(k.Types, t)
		k.Progs[t] = p
		k.Measured[t] = r.Errors
	}
	if len(problems) > 0 {
		return nil, errors.New(strings.Join(problems, "\n"))
	}
	return k, nil
}

const maxFloat = 1.7976931348623157e308

// interpret runs a program through the IR interpreter as a slice kernel.
func interpret[F float32 | float64](p *ir.Program) func(dst, src []F) {
	return func(dst, src []F) { ir.EvalSlice(p, dst, src) }
}

// A backend prints files from the kernels, keyed by path relative to the output directory.
// The Go files below are always printed; assembly backends add themselves to backends (each in
// a file of its own, from an init function).
type backend func(cfg emit.Config, ks []*emit.Kernel) (map[string][]byte, error)

var backends = []backend{goBackend}

func goBackend(cfg emit.Config, ks []*emit.Kernel) (map[string][]byte, error) {
	files := map[string][]byte{}
	for name, f := range map[string]func() ([]byte, error){
		"kernels/kernels.go":   func() ([]byte, error) { return emit.KernelsFile(ks) },
		"fallback/fallback.go": func() ([]byte, error) { return emit.FallbackFile(cfg, ks) },
		"approx.go":            func() ([]byte, error) { return emit.APIFile(cfg, ks) },
		"tests/approx_test.go": func() ([]byte, error) { return emit.TestsFile(cfg, ks) },
		"dispatch.go":          func() ([]byte, error) { return emit.DispatchFile(cfg) },
		"fallback/check.go":    func() ([]byte, error) { return emit.FallbackCheckFile(cfg) },
	} {
		b, err := f()
		if err != nil {
			return nil, fmt.Errorf("printing %s: %w", name, err)
		}
		files[name] = b
	}
	if cfg.ImportPath != selfModule {
		// Another package's tests need the harness beside them (this module's tests/ is it).
		names, err := fs.Glob(tests.Harness, "*.go")
		if err != nil {
			return nil, err
		}
		for _, name := range names {
			b, err := tests.Harness.ReadFile(name)
			if err != nil {
				return nil, err
			}
			files["tests/"+name] = bytes.ReplaceAll(b, []byte(strconv.Quote(selfModule)), []byte(strconv.Quote(cfg.ImportPath)))
		}
	}
	return files, nil
}

// selfModule is this module's import path: the package whose tests/ holds the harness.
const selfModule = "github.com/actapprox/approx"

// render prints every generated file for output directory out, keyed by its path relative to it.
func render(cfg emit.Config, out string, ks []*emit.Kernel) (map[string][]byte, error) {
	for _, k := range ks {
		k.SpecFile = emit.SpecPath(out, k.A.Entry.Pos.File)
	}
	cfg.Out = out
	if err := loadCertified(out, ks); err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for _, b := range backends {
		fs, err := b(cfg, ks)
		if err != nil {
			return nil, err
		}
		for name, data := range fs {
			if _, dup := files[name]; dup {
				return nil, fmt.Errorf("two backends print %s", name)
			}
			files[name] = data
		}
	}
	return files, nil
}

// certifiedFile is the exhaustive certification's machine-readable report (go run ./cmd/certify),
// relative to the output directory.
const certifiedFile = "spec/certified.json"

// loadCertified attaches the certified figures of every kernel whose program is the one that
// was certified; a missing report is no error (nothing is certified yet).
func loadCertified(out string, ks []*emit.Kernel) error {
	r, err := certified.Load(filepath.Join(out, certifiedFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, k := range ks {
		k.Certified = map[ir.Type]certified.Summary{}
		for _, t := range k.Types {
			if r.Fresh(k.A.Entry.GoName, t.String(), certified.Fingerprint(k.Progs[t])) {
				if s, ok := r.Summary(k.A.Entry.GoName, t.String()); ok {
					k.Certified[t] = s
				}
			}
		}
	}
	return nil
}

// write stores the files under out, leaving unchanged files untouched.
func write(out string, files map[string][]byte) error {
	for name, b := range files {
		path := filepath.Join(out, name)
		if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, b) {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// importPath derives dir's import path from the enclosing go.mod's module line.
func importPath(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := abs; ; d = filepath.Dir(d) {
		b, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil {
			for _, line := range strings.Split(string(b), "\n") {
				if mod, ok := strings.CutPrefix(strings.TrimSpace(line), "module "); ok {
					rel, err := filepath.Rel(d, abs)
					if err != nil {
						return "", err
					}
					return strings.TrimSuffix(strings.Trim(mod, "\" ")+"/"+filepath.ToSlash(rel), "/."), nil
				}
			}
			return "", fmt.Errorf("%s has no module line; pass -import", filepath.Join(d, "go.mod"))
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no go.mod above %s; pass -import", abs)
		}
	}
}
