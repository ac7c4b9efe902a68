package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/actapprox/approx/spec"
)

// The speed table: `go run ./gen -bench` runs the root package's benchmarks (bench_test.go) and
// prints, per kernel, float type and length, each assembly level's time per element beside pure
// Go, the exact math loop and the floors (a plain copy and a load→divide→store loop):
//
//	go run ./gen -bench [-benchtime 100ms] [-count 5] [-kernels regexp] [-spec files] [-out dir]
//
// (-spec defaults to every spec/*.toml in -out.)
//
// Each figure is the fastest batch of calls over -count runs (best-ns/op: on a shared machine
// the least disturbed measurement is the best estimate). Instead of generating, it only measures; it does not change any file.
func init() {
	flag.Bool("bench", false, "measure instead of generating: run the benchmarks and print the speed table")
	flag.String("benchtime", "100ms", "with -bench: go test's -benchtime for each benchmark")
	flag.Int("count", 5, "with -bench: runs of each benchmark; the table shows the fastest")
	flag.String("kernels", "", "with -bench: only kernels whose Go name matches this regexp")
	for _, a := range os.Args[1:] {
		if a == "-bench" || a == "--bench" || a == "-bench=true" || a == "--bench=true" {
			if err := benchMain(os.Args[1:], os.Stdout); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			os.Exit(0)
		}
	}
}

func benchMain(args []string, w io.Writer) error {
	fs := flag.NewFlagSet("gen -bench", flag.ContinueOnError)
	fs.Bool("bench", true, "")
	specs := fs.String("spec", "", "comma-separated spec files (default: every spec/*.toml in -out)")
	out := fs.String("out", ".", "the generated package's directory")
	benchtime := fs.String("benchtime", "100ms", "")
	count := fs.Int("count", 5, "")
	only := fs.String("kernels", "", "")
	fs.String("pkg", "", "")
	fs.String("import", "", "")
	fs.Int("samples", 0, "")
	fs.Bool("q", false, "")
	if err := fs.Parse(args); err != nil {
		return err
	}
	files := strings.Split(*specs, ",")
	if *specs == "" {
		files, _ = filepath.Glob(filepath.Join(*out, "spec", "*.toml"))
		if len(files) == 0 {
			return errors.New("gen -bench: no spec/*.toml in " + *out + "; pass -spec")
		}
	}
	entries, err := spec.Load(files...)
	if err != nil {
		return err
	}
	var keep *regexp.Regexp
	if *only != "" {
		if keep, err = regexp.Compile(*only); err != nil {
			return err
		}
	}
	// go test matches each /-separated element of a benchmark's name with one part of the
	// pattern: the second is a kernel (BenchmarkKernel), a target (BenchmarkMath) or a floor.
	names := []string{"copy", "divide"}
	for _, e := range entries {
		if keep == nil || keep.MatchString(e.GoName) {
			names = append(names, regexp.QuoteMeta(e.GoName)+"F(32|64)")
			if !slices.Contains(names, e.Target) {
				names = append(names, e.Target)
			}
		}
	}
	if len(names) == 2 {
		return errors.New("gen -bench: no kernel matches -kernels")
	}
	pattern := fmt.Sprintf("^Benchmark(Kernel|Math|Floor)$/^(%s)$", strings.Join(names, "|"))
	cmd := exec.Command("go", "test", "-run", "^$", "-bench", pattern, "-benchtime", *benchtime,
		"-count", strconv.Itoa(*count), ".")
	cmd.Dir = *out
	cmd.Stderr = os.Stderr
	fmt.Fprintf(w, "$ (cd %s && %s)\n", *out, strings.Join(quoteArgs(cmd.Args), " "))
	raw, err := cmd.Output()
	if err != nil {
		os.Stderr.Write(raw)
		return fmt.Errorf("gen -bench: go test: %w", err)
	}
	r := parseBench(raw)
	printBench(w, r, entries, keep)
	return nil
}

func quoteArgs(args []string) []string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = a
		if strings.ContainsAny(a, "^$|()/ *") {
			q[i] = "'" + a + "'"
		}
	}
	return q
}

// benchResults maps a benchmark's name (without the -GOMAXPROCS suffix) to its fastest ns/op,
// and records the preamble (cpu line).
type benchResults struct {
	ns  map[string]float64
	cpu string
}

var (
	benchLine = regexp.MustCompile(`^(Benchmark\S+?)(-\d+)?\s+\d+\s+([0-9.]+) ns/op`)
	bestNs    = regexp.MustCompile(`\s([0-9.]+) best-ns/op`)
)

func parseBench(raw []byte) benchResults {
	r := benchResults{ns: map[string]float64{}}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for sc.Scan() {
		line := sc.Text()
		if c, ok := strings.CutPrefix(line, "cpu: "); ok {
			r.cpu = c
		}
		m := benchLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		num := m[3]
		if best := bestNs.FindStringSubmatch(line); best != nil {
			num = best[1] // the fastest batch, where the benchmark reports it
		}
		v, err := strconv.ParseFloat(num, 64)
		if err != nil {
			continue
		}
		if old, ok := r.ns[m[1]]; !ok || v < old {
			r.ns[m[1]] = v
		}
	}
	return r
}

func printBench(w io.Writer, r benchResults, entries []spec.Entry, keep *regexp.Regexp) {
	if r.cpu != "" {
		fmt.Fprintf(w, "cpu: %s\n", r.cpu)
	}
	// The levels measured, in the order first seen, pure Go last.
	var levels []string
	for name := range r.ns {
		if rest, ok := strings.CutPrefix(name, "BenchmarkKernel/"); ok {
			parts := strings.Split(rest, "/")
			if l := parts[len(parts)-1]; l != "purego" && !slices.Contains(levels, l) {
				levels = append(levels, l)
			}
		}
	}
	slices.Sort(levels)
	sizes := []int{1024, 1 << 20}
	per := func(name string, n int) float64 {
		v, ok := r.ns[name]
		if !ok {
			return math.NaN()
		}
		return v / float64(n)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "ns/el: nanoseconds per element (fastest batch of calls over all runs). ×purego, ×math: speed-up of the level.")
	fmt.Fprintln(w, "÷copy, ÷divide: the level's time over the floor's; ÷floor: over the higher of the two.")
	fmt.Fprintln(tw, "kernel\ttype\tn\tlevel\tns/el\tpurego ns/el\tmath ns/el\t×purego\t×math\t÷copy\t÷divide\t÷floor\t")
	for _, e := range entries {
		if keep != nil && !keep.MatchString(e.GoName) {
			continue
		}
		for _, typ := range []string{"F32", "F64"} {
			for _, n := range sizes {
				pure := per(fmt.Sprintf("BenchmarkKernel/%s%s/n=%d/purego", e.GoName, typ, n), n)
				if math.IsNaN(pure) {
					continue
				}
				mathNs := per(fmt.Sprintf("BenchmarkMath/%s/%s/n=%d", e.Target, typ, n), n)
				cp := per(fmt.Sprintf("BenchmarkFloor/copy/%s/n=%d", typ, n), n)
				dv := per(fmt.Sprintf("BenchmarkFloor/divide/%s/n=%d", typ, n), n)
				rows := append(slices.Clone(levels), "purego")
				for _, l := range rows {
					v := per(fmt.Sprintf("BenchmarkKernel/%s%s/n=%d/%s", e.GoName, typ, n, l), n)
					if math.IsNaN(v) {
						continue
					}
					fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", e.GoName, typ, n, l,
						fnum(v), fnum(pure), fnum(mathNs), ratio(pure, v), ratio(mathNs, v),
						ratio(v, cp), ratio(v, dv), ratio(v, max(cp, dv)))
				}
			}
		}
	}
	for _, f := range []string{"copy", "divide"} {
		for _, typ := range []string{"F32", "F64"} {
			for _, n := range sizes {
				v := per(fmt.Sprintf("BenchmarkFloor/%s/%s/n=%d", f, typ, n), n)
				if !math.IsNaN(v) {
					fmt.Fprintf(tw, "floor %s\t%s\t%d\t\t%s\t\t\t\t\t\t\t\t\n", f, typ, n, fnum(v))
				}
			}
		}
	}
	tw.Flush()
}

func fnum(v float64) string {
	switch {
	case math.IsNaN(v):
		return "-"
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.3f", v)
}

func ratio(a, b float64) string {
	if math.IsNaN(a) || math.IsNaN(b) || b == 0 {
		return "-"
	}
	r := a / b
	if r >= 10 {
		return fmt.Sprintf("%.0f×", r)
	}
	return fmt.Sprintf("%.2f×", r)
}
