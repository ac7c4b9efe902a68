package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
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

// The speed table. Unless -bench=false, `go run ./gen` runs the generated package's
// benchmarks (bench_test.go) after writing it, records them in docs/bench.json for the report,
// and prints, per kernel, float type and length, each assembly level's time per element beside
// pure Go, the exact math loop and the floors (a plain copy and a load→divide→store loop).
//
// Each figure is the fastest batch of calls over -count runs (best-ns/op: on a shared machine
// the least disturbed measurement is the best estimate).

// benchOptions tune the benchmark run.
type benchOptions struct {
	benchtime string
	count     int
	keep      *regexp.Regexp // kernels measured (by Go name); nil: all
}

// runBenchmarks runs the benchmarks of the package in out for the given entries.
func runBenchmarks(w io.Writer, out string, entries []spec.Entry, o benchOptions) (benchResults, error) {
	// go test matches each /-separated element of a benchmark's name with one part of the
	// pattern: the second is a kernel (BenchmarkKernel), a target (BenchmarkMath) or a floor.
	names := []string{"copy", "divide"}
	for _, e := range entries {
		if o.keep == nil || o.keep.MatchString(e.GoName) {
			names = append(names, regexp.QuoteMeta(e.GoName)+"F(32|64)")
			if !slices.Contains(names, e.Target) {
				names = append(names, e.Target)
			}
		}
	}
	if len(names) == 2 {
		return benchResults{}, errors.New("gen: no kernel matches -kernels")
	}
	pattern := fmt.Sprintf("^Benchmark(Kernel|Math|Floor)$/^(%s)$", strings.Join(names, "|"))
	cmd := exec.Command("go", "test", "-run", "^$", "-bench", pattern, "-benchtime", o.benchtime,
		"-count", strconv.Itoa(o.count), ".")
	cmd.Dir = out
	cmd.Stderr = os.Stderr
	fmt.Fprintf(w, "$ (cd %s && %s)\n", out, strings.Join(quoteArgs(cmd.Args), " "))
	var raw bytes.Buffer
	cmd.Stdout = &progress{w: &raw}
	err := cmd.Run()
	fmt.Fprintln(os.Stderr)
	if err != nil {
		os.Stderr.Write(raw.Bytes())
		return benchResults{}, fmt.Errorf("gen: benchmarks: go test: %w", err)
	}
	return parseBench(raw.Bytes()), nil
}

// progress passes go test's output through, counting finished benchmarks on stderr.
type progress struct {
	w    io.Writer
	done int
}

func (p *progress) Write(b []byte) (int, error) {
	if n := bytes.Count(b, []byte(" ns/op")); n > 0 {
		p.done += n
		fmt.Fprintf(os.Stderr, "\rbenchmarks: %d measurements done", p.done)
	}
	return p.w.Write(b)
}

// record merges a run into docs/bench.json (kept runs of kernels not measured this time stay).
func record(out string, r benchResults) error {
	old, err := loadSpeeds(out)
	if err != nil {
		return err
	}
	s := speeds{CPU: r.cpu, NsPerEl: map[string]float64{}}
	if old != nil {
		for k, v := range old.NsPerEl {
			s.NsPerEl[k] = v
		}
	}
	size := regexp.MustCompile(`/n=(\d+)`)
	for name, ns := range r.ns {
		m := size.FindStringSubmatch(name)
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[1])
		s.NsPerEl[name] = ns / float64(n)
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	path := filepath.Join(out, benchFile)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
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
