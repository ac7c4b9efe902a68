package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/actapprox/approx/gen/emit"
	"github.com/actapprox/approx/gen/ir"
)

// printTable prints, per approximant, its class, domain and the max abs and ULP errors the
// generator measured in each float type.
func printTable(w io.Writer, ks []*emit.Kernel) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "name\tclass\tdomain\tf32 max abs\tf32 max rel\tf32 max ULP\tf64 max abs\tf64 max rel\tf64 max ULP\t")
	for _, k := range ks {
		e := k.A.Entry
		row := fmt.Sprintf("%s\t%s\t[%g, %g]\t", e.Name, e.Class, e.Bound.Domain[0], e.Bound.Domain[1])
		for _, t := range []ir.Type{ir.F32, ir.F64} {
			if m, ok := k.Measured[t]; ok {
				row += fmt.Sprintf("%.3g\t%.3g\t%.3g\t", m.Abs, m.Rel, m.ULP)
			} else {
				row += "-\t-\t-\t"
			}
		}
		fmt.Fprintln(tw, row)
	}
	tw.Flush()
}
