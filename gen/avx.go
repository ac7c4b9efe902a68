package main

import (
	"github.com/actapprox/approx/gen/amd64"
	"github.com/actapprox/approx/gen/emit"
)

// The amd64 backend: AVX2+FMA and AVX-512 assembly printed by avo (gen/amd64).
func init() { backends = append(backends, amd64Backend) }

func amd64Backend(cfg emit.Config, ks []*emit.Kernel) (map[string][]byte, error) {
	var aks []amd64.Kernel
	for _, k := range ks {
		for _, t := range k.Types {
			aks = append(aks, amd64.Kernel{Name: k.FuncName(t), Prog: k.Progs[t]})
		}
	}
	files := map[string][]byte{}
	for _, l := range amd64.Levels {
		s, err := amd64.Assembly(l, aks)
		if err != nil {
			return nil, err
		}
		files[l.File] = s
	}
	g, err := amd64.GoFile(emit.Header, cfg.Pkg, aks)
	if err != nil {
		return nil, err
	}
	files["kernels_amd64.go"] = g
	return files, nil
}
