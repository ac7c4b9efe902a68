package tests

import (
	"reflect"
	"slices"
	"testing"

	approx "github.com/actapprox/approx"
)

// TestExpectedLevels fails if a level this machine and build should have is missing, so an
// assembly level cannot silently fall back to pure Go. wantLevels (per architecture and build
// tag, in levels_*_test.go) says what to expect.
func TestExpectedLevels(t *testing.T) {
	var got []string
	for _, impl := range approx.Implementations() {
		got = append(got, impl.Name)
	}
	want := wantLevels(t)
	if !slices.Equal(got, want) {
		t.Fatalf("implementation levels %v, want %v", got, want)
	}
}

// TestLevelsAreComplete: every level fills every kernel.
func TestLevelsAreComplete(t *testing.T) {
	for _, impl := range approx.Implementations() {
		v := reflect.ValueOf(impl)
		for i := 0; i < v.NumField(); i++ {
			if f := v.Field(i); f.Kind() == reflect.Func && f.IsNil() {
				t.Errorf("level %s has no %s", impl.Name, v.Type().Field(i).Name)
			}
		}
	}
}

// kernelFuncs lists a level's kernels by field name, typed.
func kernelFuncs(impl approx.Implementation) (f32 map[string]func(dst, src []float32), f64 map[string]func(dst, src []float64)) {
	f32, f64 = map[string]func(dst, src []float32){}, map[string]func(dst, src []float64){}
	v := reflect.ValueOf(impl)
	for i := 0; i < v.NumField(); i++ {
		switch f := v.Field(i).Interface().(type) {
		case func(dst, src []float32):
			f32[v.Type().Field(i).Name] = f
		case func(dst, src []float64):
			f64[v.Type().Field(i).Name] = f
		}
	}
	return f32, f64
}
