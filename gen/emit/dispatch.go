package emit

import (
	"fmt"
	"go/format"
)

// DispatchFile is the root package's level table: the levels the machine can run, the active
// one, and the argument check the assembly levels make before entering assembly.
func DispatchFile(cfg Config) ([]byte, error) {
	src := fmt.Sprintf(`// %s

package %s

import "%s/fallback"

// levels are the implementation levels this machine can run, best first; active is the first.
// Architecture files add their levels at start-up with register.
var (
	levels = []*Implementation{&pureGo}
	active = &pureGo
)

// register puts level l ahead of the levels registered before it and makes it the active one.
// Architecture files call it from init, slowest level first.
func register(l *Implementation) {
	levels = append([]*Implementation{l}, levels...)
	active = l
}

// Implementations returns the implementation levels this machine can run, best first; the first
// is the one the package functions use. Tests and benchmarks use it to reach every level.
func Implementations() []Implementation {
	out := make([]Implementation, len(levels))
	for i, l := range levels {
		out[i] = *l
	}
	return out
}

// checkArgs is the check every kernel makes (fallback.Check). Assembly levels make it before
// entering assembly, which then may assume equal lengths and no partial overlap.
func checkArgs[F float32 | float64](name string, dst, src []F) { fallback.Check(name, dst, src) }
`, Header, cfg.Pkg, cfg.ImportPath)
	return format.Source([]byte(src))
}
