//go:build !purego

package approx

// The AVX2 floors (kernels_amd64.s), measured only where the avx2 level runs.
func init() {
	for _, l := range levels {
		if l.Name == "avx2" {
			floors = append(floors,
				floor{"copy", floorCopyF32AVX2, floorCopyF64AVX2},
				floor{"divide", floorDivideF32AVX2, floorDivideF64AVX2})
		}
	}
}
