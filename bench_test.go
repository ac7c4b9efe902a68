package approx

import (
	"fmt"
	"math"
	"reflect"
	"testing"
	"time"
	"unsafe"
)

// The benchmarks behind `go run ./gen -bench`, which prints them side by side. Names:
//
//	BenchmarkKernel/<field>/n=<n>/<level>   every kernel of Implementation, at every level
//	BenchmarkMath/<target>/<F32|F64>/n=<n>  the exact loop over package math
//	BenchmarkFloor/<floor>/<F32|F64>/n=<n>  plain copy and load→divide→store loops (assembly)
//
// Inputs are spread over [-5, 5), inside every kernel's domain. Nothing here names a kernel:
// the kernels are found through Implementations() by reflection.

var benchSizes = []int{1024, 1 << 20}

// floor is a benchmark floor loop; architecture files (floors_*_test.go) add theirs.
type floor struct {
	name string
	f32  func(dst, src []float32)
	f64  func(dst, src []float64)
}

var floors []floor

func benchInput[F float32 | float64](n int) (dst, src []F) {
	src = make([]F, n)
	for i := range src {
		src[i] = F(i%1000)/100 - 5
	}
	return make([]F, n), src
}

// benchLoop times f over n elements. Besides ns/op (the mean) it reports best-ns/op, the
// fastest batch of calls: on a shared, loaded machine the mean measures the neighbours too,
// and the least disturbed batch is the better estimate of the kernel's own speed.
func benchLoop[F float32 | float64](b *testing.B, n int, f func(dst, src []F)) {
	dst, src := benchInput[F](n)
	b.SetBytes(int64(n) * int64(unsafe.Sizeof(F(0))))
	batch := max(1, 1<<14/n) // calls per timed batch: about 16k elements
	best := time.Duration(math.MaxInt64)
	calls := 0
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		f(dst, src)
		if calls++; calls == batch {
			now := time.Now()
			best = min(best, now.Sub(start))
			calls, start = 0, now
		}
	}
	if best < math.MaxInt64 {
		b.ReportMetric(float64(best.Nanoseconds())/float64(batch), "best-ns/op")
	}
}

func BenchmarkKernel(b *testing.B) {
	impls := Implementations()
	typ := reflect.TypeOf(Implementation{})
	for i := range typ.NumField() {
		field := typ.Field(i)
		if field.Type.Kind() != reflect.Func {
			continue
		}
		for _, n := range benchSizes {
			for _, impl := range impls {
				name := fmt.Sprintf("%s/n=%d/%s", field.Name, n, impl.Name)
				switch f := reflect.ValueOf(impl).Field(i).Interface().(type) {
				case func(dst, src []float32):
					b.Run(name, func(b *testing.B) { benchLoop(b, n, f) })
				case func(dst, src []float64):
					b.Run(name, func(b *testing.B) { benchLoop(b, n, f) })
				}
			}
		}
	}
}

// mathLoops are the exact functions the approximants replace, by spec target.
var mathLoops = []struct {
	target string
	f32    func(dst, src []float32)
	f64    func(dst, src []float64)
}{
	{"tanh", func(dst, src []float32) {
		for i, x := range src {
			dst[i] = float32(math.Tanh(float64(x)))
		}
	}, func(dst, src []float64) {
		for i, x := range src {
			dst[i] = math.Tanh(x)
		}
	}},
	{"sigmoid", func(dst, src []float32) {
		for i, x := range src {
			dst[i] = float32(1 / (1 + math.Exp(-float64(x))))
		}
	}, func(dst, src []float64) {
		for i, x := range src {
			dst[i] = 1 / (1 + math.Exp(-x))
		}
	}},
	{"exp", func(dst, src []float32) {
		for i, x := range src {
			dst[i] = float32(math.Exp(float64(x)))
		}
	}, func(dst, src []float64) {
		for i, x := range src {
			dst[i] = math.Exp(x)
		}
	}},
	{"relu", func(dst, src []float32) {
		for i, x := range src {
			dst[i] = max(x, 0)
		}
	}, func(dst, src []float64) {
		for i, x := range src {
			dst[i] = max(x, 0)
		}
	}},
}

func BenchmarkMath(b *testing.B) {
	for _, m := range mathLoops {
		for _, n := range benchSizes {
			b.Run(fmt.Sprintf("%s/F32/n=%d", m.target, n), func(b *testing.B) { benchLoop(b, n, m.f32) })
			b.Run(fmt.Sprintf("%s/F64/n=%d", m.target, n), func(b *testing.B) { benchLoop(b, n, m.f64) })
		}
	}
}

func BenchmarkFloor(b *testing.B) {
	if len(floors) == 0 {
		b.Skip("no floor loops on this architecture and build")
	}
	for _, f := range floors {
		for _, n := range benchSizes {
			b.Run(fmt.Sprintf("%s/F32/n=%d", f.name, n), func(b *testing.B) { benchLoop(b, n, f.f32) })
			b.Run(fmt.Sprintf("%s/F64/n=%d", f.name, n), func(b *testing.B) { benchLoop(b, n, f.f64) })
		}
	}
}

// TestFloors checks the floor loops compute what they claim, for every length up to 67.
func TestFloors(t *testing.T) {
	for _, f := range floors {
		for n := range 68 {
			src32, src64 := make([]float32, n), make([]float64, n)
			for i := range src32 {
				src32[i], src64[i] = float32(i)-6.5, float64(i)-6.5
			}
			dst32, dst64 := make([]float32, n+1), make([]float64, n+1)
			f.f32(dst32[:n], src32)
			f.f64(dst64[:n], src64)
			for i := range n {
				want32, want64 := src32[i], src64[i]
				if f.name == "divide" {
					want32, want64 = 1/want32, 1/want64
				}
				if dst32[i] != want32 || dst64[i] != want64 {
					t.Fatalf("%s: n %d: element %d: got %v, %v, want %v, %v", f.name, n, i, dst32[i], dst64[i], want32, want64)
				}
			}
			if dst32[n] != 0 || dst64[n] != 0 {
				t.Fatalf("%s: n %d: wrote past the end", f.name, n)
			}
		}
	}
}
