//go:build linux

package main

import (
	"syscall"
	"time"
	"unsafe"
)

// threadClock is the calling thread's CPU time (CLOCK_THREAD_CPUTIME_ID): around a kernel call
// it measures the kernel's CPU time, excluding time other processes take from the machine.
var threadClock = func() time.Duration {
	var ts syscall.Timespec
	if _, _, e := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, 3, uintptr(unsafe.Pointer(&ts)), 0); e != 0 {
		return 0
	}
	return time.Duration(ts.Nano())
}
