package approx

// levels are the implementation levels this machine can run, best first. Architecture files
// put their levels ahead of pureGo at start-up; active is the first.
var (
	levels = []*Implementation{&pureGo}
	active = &pureGo
)

// Implementations returns the implementation levels this machine can run, best first; the first
// is the one the package functions use. Tests and benchmarks use it to reach every level.
func Implementations() []Implementation {
	out := make([]Implementation, len(levels))
	for i, l := range levels {
		out[i] = *l
	}
	return out
}
