package emit

import (
	"slices"
	"testing"

	"github.com/actapprox/approx/gen/certified"
	"github.com/actapprox/approx/gen/ir"
	"github.com/actapprox/approx/spec"
)

// A doc comment names the claimed properties the certification found held, and those it found
// broken; unclaimed ones are left out whatever their counts.
func TestClaims(t *testing.T) {
	e := &spec.Entry{Monotone: true, Odd: true, TinyIdentity: true}
	held, broken := claims(e, ir.F32, certified.Summary{NotOdd: 3})
	if !slices.Equal(held, []string{"monotone", "x itself for |x| <= 2^-25"}) || !slices.Equal(broken, []string{"exactly odd"}) {
		t.Errorf("held %q, broken %q", held, broken)
	}
	held, broken = claims(&spec.Entry{Odd: true}, ir.F64, certified.Summary{Decreasing: 7})
	if !slices.Equal(held, []string{"exactly odd"}) || broken != nil {
		t.Errorf("float64, only odd claimed: held %q, broken %q", held, broken)
	}
	if held, _ := claims(&spec.Entry{TinyIdentity: true}, ir.F64, certified.Summary{}); !slices.Equal(held, []string{"x itself for |x| <= 2^-54"}) {
		t.Errorf("float64 tiny: held %q", held)
	}
}
