package emit

import (
	"fmt"
	"go/format"
)

// FallbackCheckFile is fallback/check.go: the argument check every kernel makes, at every level.
func FallbackCheckFile() ([]byte, error) {
	src := fmt.Sprintf(`// %s

package fallback

import (
	"fmt"
	"unsafe"
)

// Check panics unless dst and src have the same length and either are the same slice or
// share no memory: a kernel reads src in blocks and writes dst, so a partial overlap would give
// results that depend on the level and the block size. Every kernel calls it first.
func Check[F float32 | float64](name string, dst, src []F) {
	if len(dst) != len(src) {
		panic(fmt.Sprintf("approx: %%s: len(dst) = %%d, len(src) = %%d: lengths differ", name, len(dst), len(src)))
	}
	if len(dst) == 0 || &dst[0] == &src[0] {
		return
	}
	d, s := uintptr(unsafe.Pointer(&dst[0])), uintptr(unsafe.Pointer(&src[0]))
	if size := uintptr(len(dst)) * unsafe.Sizeof(dst[0]); d < s+size && s < d+size {
		panic(fmt.Sprintf("approx: %%s: dst and src overlap without being the same slice", name))
	}
}
`, Header)
	return format.Source([]byte(src))
}
