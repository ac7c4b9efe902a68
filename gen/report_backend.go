package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/actapprox/approx/gen/emit"
	"github.com/actapprox/approx/gen/fit"
	"github.com/actapprox/approx/gen/ir"
	"github.com/actapprox/approx/gen/report"
	"github.com/actapprox/approx/tests"
)

// The report: REPORT.md and the figures under docs/, printed from the kernels (accuracy,
// figures) and from the last benchmark run recorded in docs/bench.json (speed), so that
// go generate reproduces them byte for byte without running a benchmark.
func init() { backends = append(backends, reportBackend) }

// benchFile records the last benchmark run, relative to the output directory.
const benchFile = "docs/bench.json"

// speeds is a benchmark run: ns per element by benchmark name (bench_test.go's names, e.g.
// "BenchmarkKernel/TanhPade44F32/n=1024/avx2", "BenchmarkMath/tanh/F32/n=1024",
// "BenchmarkFloor/divide/F32/n=1024").
type speeds struct {
	CPU     string             `json:"cpu"`
	NsPerEl map[string]float64 `json:"ns_per_element"`
}

func loadSpeeds(out string) (*speeds, error) {
	b, err := os.ReadFile(filepath.Join(out, benchFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var s speeds
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("%s: %w", benchFile, err)
	}
	return &s, nil
}

// figureCurves samples every kernel of a target on [-6, 6] (float64 where the spec has it).
func figureCurves(ks []*emit.Kernel, keep func(*emit.Kernel) bool) []report.Curve {
	var cs []report.Curve
	for _, k := range ks {
		if !keep(k) {
			continue
		}
		t := k.Types[len(k.Types)-1] // float64 when present
		p := k.Progs[t]
		c := report.Curve{Name: k.A.Entry.Name, X: fit.Grid(-6, 6, 1201), Y: make([]float64, 1201)}
		ir.EvalSlice(p, c.Y, c.X)
		if t == ir.F32 {
			c.Name += " (float32)"
		}
		cs = append(cs, c)
	}
	return cs
}

func reportBackend(cfg emit.Config, ks []*emit.Kernel) (map[string][]byte, error) {
	files := map[string][]byte{}
	var figs []report.Figure
	target := func(tg string) func(*emit.Kernel) bool {
		return func(k *emit.Kernel) bool { return k.A.Entry.Target == tg }
	}
	named := func(names ...string) func(*emit.Kernel) bool {
		return func(k *emit.Kernel) bool { return slices.Contains(names, k.A.Entry.Name) }
	}
	for _, f := range []struct {
		path, title, fn, caption string
		ylo, yhi                 float64
		keep                     func(*emit.Kernel) bool
	}{
		{"docs/tanh.png", "tanh approximants on [-6, 6]", "tanh", "Figure 1: the tanh approximants against tanh, and their absolute error.", -1.3, 1.3, target("tanh")},
		{"docs/sigmoid.png", "sigmoid approximants on [-6, 6]", "sigmoid", "Figure 2: the sigmoid approximants against the logistic function, and their absolute error.", -0.15, 1.15, target("sigmoid")},
		{"docs/ultra_fast_sigmoid.png", "ultra_fast_sigmoid, sigm_fastexp_512 and the accurate sigmoid", "sigmoid",
			"Figure 3: Theano's ultra_fast_sigmoid against sigm_fastexp_512 and approx.Sigmoid.", -0.15, 1.15, named("ultra_fast_sigmoid", "sigm_fastexp_512", "sigmoid")},
	} {
		cs := figureCurves(ks, f.keep)
		if len(cs) == 0 {
			continue
		}
		b, err := report.FunctionFigures(f.title, f.fn, tests.Reference(f.fn), f.ylo, f.yhi, cs)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.path, err)
		}
		files[f.path] = b
		figs = append(figs, report.Figure{Path: f.path, Caption: f.caption})
	}

	sp, err := loadSpeeds(cfg.Out)
	if err != nil {
		return nil, err
	}
	r := report.Report{Figures: figs}
	levelSet := map[string]bool{}
	for _, k := range ks {
		e := k.A.Entry
		for _, t := range k.Types {
			m := k.Measured[t]
			ts := "F32"
			if t == ir.F64 {
				ts = "F64"
			}
			row := report.Row{Name: e.Name, GoName: e.GoName, Type: t.String(), Class: e.Class,
				Domain: e.Bound.Domain, Abs: m.Abs, ULP: m.ULP}
			if c, ok := k.Certified[t]; ok {
				row.Abs, row.ULP, row.Certified = c.MaxAbs, c.MaxULP, true
			}
			if sp != nil {
				row.Speed = map[string]float64{}
				prefix := fmt.Sprintf("BenchmarkKernel/%s/n=1024/", k.FuncName(t))
				for name, v := range sp.NsPerEl {
					if l, ok := strings.CutPrefix(name, prefix); ok {
						row.Speed[l] = v
						levelSet[l] = true
					}
				}
				row.Math = sp.NsPerEl[fmt.Sprintf("BenchmarkMath/%s/%s/n=1024", e.Target, ts)]
				row.Copy = sp.NsPerEl[fmt.Sprintf("BenchmarkFloor/copy/%s/n=1024", ts)]
				row.Divide = sp.NsPerEl[fmt.Sprintf("BenchmarkFloor/divide/%s/n=1024", ts)]
			}
			r.Rows = append(r.Rows, row)
		}
	}
	if sp != nil {
		r.CPU = sp.CPU
		for l := range levelSet {
			r.Levels = append(r.Levels, l)
		}
		r.Levels = report.SortLevels(r.Levels)
		targetOf := map[string]string{}
		for _, k := range ks {
			targetOf[k.A.Entry.GoName] = k.A.Entry.Target
		}
		var pts []report.Point
		for _, row := range r.Rows {
			best := 0.0
			for _, v := range row.Speed {
				if best == 0 || v < best {
					best = v
				}
			}
			// tanh and sigmoid kernels: errors of exp (absolute) or ReLU (exact) do not compare.
			if tg := targetOf[row.GoName]; row.Type == "float32" && best > 0 && (tg == "tanh" || tg == "sigmoid") {
				pts = append(pts, report.Point{Name: row.Name, Group: tg, MaxErr: row.Abs, NsPerEl: best})
			}
		}
		if len(pts) > 0 {
			b, err := report.SpeedAccuracyFigure("tanh and sigmoid kernels, float32, n = 1024, best level: speed against accuracy", pts)
			if err != nil {
				return nil, err
			}
			files["docs/speed_accuracy.png"] = b
			r.Figures = append([]report.Figure{{Path: "docs/speed_accuracy.png",
				Caption: "Speed against accuracy: every float32 tanh and sigmoid kernel's max error and time per element; the lines join each target's frontier."}}, r.Figures...)
		}
	}
	var md bytes.Buffer
	if err := report.WriteMarkdown(&md, r); err != nil {
		return nil, err
	}
	files["REPORT.md"] = md.Bytes()
	// The README's summary table, where the README has the markers for it.
	if doc, err := os.ReadFile(filepath.Join(cfg.Out, "README.md")); err == nil {
		if b, ok := report.SpliceSummary(doc, report.Summary(r)); ok {
			files["README.md"] = b
		}
	}
	return files, nil
}
