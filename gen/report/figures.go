// Package report draws the report's figures (gonum.org/v1/plot) and writes REPORT.md: the
// approximants against the exact functions and their errors (the paper's Figures 1-3), and
// the speed-accuracy chart.
package report

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"slices"
	"sort"
	"strconv"

	"github.com/actapprox/approx/gen/fit"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Curve is one approximant sampled on a grid.
type Curve struct {
	Name string
	X, Y []float64
}

// Sample evaluates f on n evenly spaced points of [lo, hi].
func Sample(name string, f func(float64) float64, lo, hi float64, n int) Curve {
	c := Curve{Name: name, X: fit.Grid(lo, hi, n), Y: make([]float64, n)}
	for i, x := range c.X {
		c.Y[i] = f(x)
	}
	return c
}

// errorFloor keeps exact points visible on a log axis.
const errorFloor = 1e-10

// FunctionFigures draws two stacked panels as one PNG: the curves against the exact function
// (drawn thick and grey) with the value axis fixed to [ylo, yhi], and their absolute error on a
// log scale.
func FunctionFigures(title, fname string, exact func(float64) float64, ylo, yhi float64, curves []Curve) ([]byte, error) {
	top := plot.New()
	top.Y.Min, top.Y.Max = ylo, yhi
	top.Title.Text = title
	top.X.Label.Text = "x"
	top.Y.Label.Text = fname + "(x)"
	bottom := plot.New()
	bottom.Title.Text = "absolute error |approximation - " + fname + "(x)|"
	bottom.X.Label.Text = "x"
	bottom.Y.Label.Text = "absolute error (log scale)"
	bottom.Y.Scale = plot.LogScale{}
	bottom.Y.Tick.Marker = logTicks{}

	if len(curves) > 0 {
		ref := Sample("exact "+fname, exact, curves[0].X[0], curves[0].X[len(curves[0].X)-1], len(curves[0].X))
		l, err := plotter.NewLine(xy(ref.X, ref.Y))
		if err != nil {
			return nil, err
		}
		l.Color = color.Gray{Y: 160}
		l.Width = vg.Points(4)
		top.Add(l)
		top.Legend.Add(ref.Name, l)
	}
	for i, c := range curves {
		style := draw.LineStyle{Color: plotutil.Color(i), Width: vg.Points(1.2), Dashes: plotutil.Dashes(i / 7)}
		l, err := plotter.NewLine(xy(c.X, c.Y))
		if err != nil {
			return nil, err
		}
		l.LineStyle = style
		top.Add(l)
		top.Legend.Add(c.Name, l)
		errs := make([]float64, len(c.X))
		for j, x := range c.X {
			e := math.Abs(c.Y[j] - exact(x))
			if math.IsNaN(e) || math.IsInf(e, 0) {
				e = 1
			}
			errs[j] = math.Max(e, errorFloor)
		}
		le, err := plotter.NewLine(xy(c.X, errs))
		if err != nil {
			return nil, err
		}
		le.LineStyle = style
		bottom.Add(le)
	}
	top.Y.Min, top.Y.Max = ylo, yhi // lines leaving the window are clipped
	top.Legend.Top = true
	top.Legend.Left = true
	top.Legend.TextStyle.Font.Size = vg.Points(8)
	top.Add(plotter.NewGrid())
	bottom.Add(plotter.NewGrid())
	return stack(vg.Points(640), vg.Points(760), top, bottom)
}

// Point is one kernel on the speed-accuracy chart.
type Point struct {
	Name    string
	Group   string  // kernels compared with each other: the target function
	MaxErr  float64 // max abs error on its domain
	NsPerEl float64 // time per element
}

// SpeedAccuracyFigure draws max error against time per element, both on log scales, one
// labelled point per kernel, and per group the frontier (no other kernel of the group both
// faster and more accurate) joined by a line of the group's colour.
func SpeedAccuracyFigure(title string, pts []Point) ([]byte, error) {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "time per element, ns (log scale)"
	p.Y.Label.Text = "max absolute error on the kernel's domain (log scale)"
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	p.X.Tick.Marker, p.Y.Tick.Marker = logTicks{}, logTicks{}
	at := func(q Point) plotter.XY { return plotter.XY{X: q.NsPerEl, Y: math.Max(q.MaxErr, errorFloor)} }
	var groups []string
	for _, q := range pts {
		if !slices.Contains(groups, q.Group) {
			groups = append(groups, q.Group)
		}
	}
	// Explicit ranges with a margin: a log axis must not collapse to one value.
	p.X.Min, p.Y.Min = math.Inf(1), math.Inf(1)
	var all plotter.XYs
	var labels []string
	for _, q := range pts {
		xy := at(q)
		all = append(all, xy)
		labels = append(labels, q.Name)
		p.X.Min, p.X.Max = math.Min(p.X.Min, xy.X/1.5), math.Max(p.X.Max, xy.X*2.5)
		p.Y.Min, p.Y.Max = math.Min(p.Y.Min, xy.Y/3), math.Max(p.Y.Max, xy.Y*3)
	}
	for i, g := range groups {
		var mine []Point
		var xys plotter.XYs
		for _, q := range pts {
			if q.Group == g {
				mine = append(mine, q)
				xys = append(xys, at(q))
			}
		}
		s, err := plotter.NewScatter(xys)
		if err != nil {
			return nil, err
		}
		s.GlyphStyle.Radius = vg.Points(3.5)
		s.GlyphStyle.Color = plotutil.Color(i)
		s.GlyphStyle.Shape = plotutil.Shape(i)
		p.Add(s)
		p.Legend.Add(g+" kernels", s)
		var front plotter.XYs
		for _, q := range Frontier(mine) {
			front = append(front, at(q))
		}
		l, err := plotter.NewLine(front)
		if err != nil {
			return nil, err
		}
		l.Color = plotutil.Color(i)
		l.Width = vg.Points(1.5)
		p.Add(l)
		p.Legend.Add(g+" frontier", l)
	}
	lab, err := plotter.NewLabels(plotter.XYLabels{XYs: all, Labels: labels})
	if err != nil {
		return nil, err
	}
	for i := range lab.TextStyle {
		lab.TextStyle[i].Font.Size = vg.Points(9)
		lab.TextStyle[i].XAlign = draw.XLeft
	}
	lab.Offset = vg.Point{X: vg.Points(5)}
	p.Add(lab)
	p.Add(plotter.NewGrid())
	p.Legend.Top = true
	return stack(vg.Points(760), vg.Points(600), p)
}

// Frontier returns the points no other point beats on both time and error, fastest first.
func Frontier(pts []Point) []Point {
	s := append([]Point(nil), pts...)
	sort.Slice(s, func(i, j int) bool {
		if s[i].NsPerEl != s[j].NsPerEl {
			return s[i].NsPerEl < s[j].NsPerEl
		}
		return s[i].MaxErr < s[j].MaxErr
	})
	var f []Point
	best := math.Inf(1)
	for _, q := range s {
		if q.MaxErr < best {
			f = append(f, q)
			best = q.MaxErr
		}
	}
	return f
}

// logTicks marks powers of ten on a log axis, adding 2 and 5 times them when the range spans
// few decades, labelled with one significant digit.
type logTicks struct{}

func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	var ticks []plot.Tick
	steps := []float64{1}
	if math.Log10(hi/lo) < 3 {
		steps = []float64{1, 2, 5}
	}
	for e := math.Floor(math.Log10(lo)); e <= math.Ceil(math.Log10(hi)); e++ {
		for _, s := range steps {
			v := s * math.Pow(10, e)
			if v >= lo*(1-1e-9) && v <= hi*(1+1e-9) {
				ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'g', 1, 64)})
			}
		}
	}
	return ticks
}

func xy(x, y []float64) plotter.XYs {
	pts := make(plotter.XYs, len(x))
	for i := range x {
		pts[i] = plotter.XY{X: x[i], Y: y[i]}
	}
	return pts
}

// stack renders plots one above the other into a PNG.
func stack(w, h vg.Length, plots ...*plot.Plot) ([]byte, error) {
	img := vgimg.New(w, h)
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: len(plots), Cols: 1, PadX: vg.Millimeter, PadY: vg.Millimeter * 4,
		PadTop: vg.Millimeter * 2, PadBottom: vg.Millimeter * 2, PadLeft: vg.Millimeter * 2, PadRight: vg.Millimeter * 2}
	grid := make([][]*plot.Plot, len(plots))
	for i, p := range plots {
		grid[i] = []*plot.Plot{p}
	}
	canvases := plot.Align(grid, tiles, dc)
	for i, p := range plots {
		p.Draw(canvases[i][0])
	}
	var b bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(&b); err != nil {
		return nil, fmt.Errorf("png: %w", err)
	}
	return b.Bytes(), nil
}
