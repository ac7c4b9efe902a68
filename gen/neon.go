package main

import (
	"github.com/actapprox/approx/gen/arm64"
	"github.com/actapprox/approx/gen/emit"
)

// The NEON backend: kernels_arm64.s and kernels_arm64.go (stubs and the "neon" level), printed
// by gen/arm64 from the same programs as the Go kernels.
//
// FMA is VFMLA, rounded once, as in the pure-Go reference (ir.OpFMA).
func init() { backends = append(backends, neonBackend) }

func neonBackend(cfg emit.Config, ks []*emit.Kernel) (map[string][]byte, error) {
	var nks []arm64.Kernel
	for _, k := range ks {
		for _, t := range k.Types {
			name := k.FuncName(t)
			nks = append(nks, arm64.Kernel{Field: name, Func: arm64.Func{Name: "neon" + name, Prog: k.Progs[t]}})
		}
	}
	s, g, err := arm64.Files(emit.Header, cfg.Pkg, nks)
	if err != nil {
		return nil, err
	}
	return map[string][]byte{"kernels_arm64.s": s, "kernels_arm64.go": g}, nil
}
