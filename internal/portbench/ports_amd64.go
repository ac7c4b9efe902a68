//go:build amd64 && !purego

// Code for the port benchmarks; see ports_test.go.

package portbench

// loopFMA runs its 12 operations n times.
func loopFMA(n int)

// loopAdd runs its 12 operations n times.
func loopAdd(n int)

// loopMin runs its 12 operations n times.
func loopMin(n int)

// loopBlend runs its 12 operations n times.
func loopBlend(n int)

// loopAnd runs its 12 operations n times.
func loopAnd(n int)

// loopDiv runs its 12 operations n times.
func loopDiv(n int)

// loopFMA8Add4 runs its 12 operations n times.
func loopFMA8Add4(n int)

// loopFMA8Min4 runs its 12 operations n times.
func loopFMA8Min4(n int)

// loopFMA8Blend4 runs its 12 operations n times.
func loopFMA8Blend4(n int)

// loopDiv1FMA8 runs its 9 operations n times.
func loopDiv1FMA8(n int)

// loopCmp runs its 12 operations n times.
func loopCmp(n int)

// loopShl runs its 12 operations n times.
func loopShl(n int)

// loopFMA8Cmp4 runs its 12 operations n times.
func loopFMA8Cmp4(n int)

// loopFMA8Shl4 runs its 12 operations n times.
func loopFMA8Shl4(n int)
