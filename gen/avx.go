package main

import (
	"github.com/actapprox/approx/gen/amd64"
	"github.com/actapprox/approx/gen/emit"
)

// The amd64 backend: AVX2+FMA assembly printed by avo (gen/amd64).
func init() { backends = append(backends, amd64Backend) }

func amd64Backend(cfg emit.Config, ks []*emit.Kernel) (map[string][]byte, error) {
	var aks []amd64.Kernel
	for _, k := range ks {
		for _, t := range k.Types {
			aks = append(aks, amd64.Kernel{Name: k.FuncName(t), Prog: k.Progs[t]})
		}
	}
	s, err := amd64.Assembly(aks)
	if err != nil {
		return nil, err
	}
	g, err := amd64.GoFile(emit.Header, cfg.Pkg, aks)
	if err != nil {
		return nil, err
	}
	return map[string][]byte{"kernels_amd64.s": s, "kernels_amd64.go": g}, nil
}
