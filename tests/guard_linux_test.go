//go:build linux

package tests

import (
	"os"
	"syscall"
	"testing"
	"unsafe"

	approx "github.com/actapprox/approx"
)

// guarded is a buffer with an inaccessible page on each side: touching a byte outside
// data faults.
type guarded struct {
	mem  []byte
	data []byte
}

func newGuarded(t *testing.T, size int) *guarded {
	t.Helper()
	page := os.Getpagesize()
	n := (size + page - 1) / page * page
	mem, err := syscall.Mmap(-1, 0, n+2*page, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Skipf("mmap: %v", err)
	}
	if err := syscall.Mprotect(mem[:page], syscall.PROT_NONE); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mprotect(mem[page+n:], syscall.PROT_NONE); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Munmap(mem) })
	return &guarded{mem: mem, data: mem[page : page+n]}
}

// slice returns n elements of type F starting byteOff bytes into the data.
func slice[F float32 | float64](g *guarded, byteOff, n int) []F {
	return unsafe.Slice((*F)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(g.data)), byteOff)), n)
}

// TestGuardPages runs every kernel at every level with src and dst flush against inaccessible
// pages, before and after, for every length 0..67 and element offset 0..7: a kernel that reads
// or writes one element past either end of a slice faults.
func TestGuardPages(t *testing.T) {
	for _, impl := range approx.Implementations() {
		f32, f64 := kernelFuncs(impl)
		t.Run(impl.Name, func(t *testing.T) {
			for name, f := range f32 {
				guardRun(t, name, f)
			}
			for name, f := range f64 {
				guardRun(t, name, f)
			}
		})
	}
}

func guardRun[F float32 | float64](t *testing.T, name string, f func(dst, src []F)) {
	const maxLen, maxOff = 67, 7
	size := int(unsafe.Sizeof(F(0)))
	src, dst := newGuarded(t, (maxLen+maxOff)*size), newGuarded(t, (maxLen+maxOff)*size)
	end := len(src.data)
	for n := 0; n <= maxLen; n++ {
		for off := 0; off <= maxOff; off++ {
			// Starting off elements after the leading guard page, and ending off elements
			// before the trailing one.
			for _, start := range []int{off * size, end - (n+off)*size} {
				s, d := slice[F](src, start, n), slice[F](dst, start, n)
				for i := range s {
					s[i] = F(i%13) - 6
				}
				f(d, s)
				f(s, s) // in place
			}
		}
	}
}
