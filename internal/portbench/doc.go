// Package portbench measures, with hand-written AVX2 loops, how many operations of each kind a
// core completes a cycle and which of them compete for the same execution pipes: the limits
// that decide how close a kernel can come to the divide floor. It is a benchmark only:
//
//	go test -bench . ./internal/portbench
//
// Each loop runs independent operations (no dependency chains), so its time per iteration is
// set by throughput: compare a mix (8 FMAs and 4 ADDs) with its parts to see whether they
// share pipes. On the AMD EPYC (Zen 3) development machine: FMA, ADD, MIN 12 per 6 cycles
// each; 8 FMA + 4 ADD or MIN in 4 cycles (other pipes), 8 FMA + 4 BLEND in 6 (the same
// pipes); AND 12 per 3 cycles; one VDIVPS per 3.5 cycles, and a division with 8 FMAs in 5.4.
// On the Intel Xeon (AVX-512) that replaced it, at about 4.1 GHz (from FMA's 2 a cycle): FMA,
// ADD, MIN 12 per 6 cycles; 8 FMA + 4 MIN in 6 (the same two ports), + 4 ADD in 5.2 (a third
// port, not used fully); BLEND one a cycle, 8 FMA + 4 BLEND in 6.7 (three operations each);
// AND 12 per 4 cycles; one VDIVPS per 5 cycles, and a division with 8 FMAs in 5.75.
// On the AMD EPYC (Zen 4, AVX-512) after it, at about 3.6 GHz: FMA, ADD, MIN, BLEND, CMP and
// SHL (VPSLLD) 12 per 6 cycles each; 8 FMA + 4 ADD, MIN, CMP or SHL in 4.5 (other pipes),
// 8 FMA + 4 BLEND in 6 (the same pipes); AND 12 per 3.3 cycles; one VDIVPS per 3 cycles, and
// a division with 8 FMAs in 5.2.
package portbench
