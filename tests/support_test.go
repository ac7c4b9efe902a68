package tests

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// Every hand-written file of the harness is embedded in Harness, so that a package generated
// elsewhere gets it too; only the embedding (support.go), the harness's own tests and the
// generated files stay out.
func TestHarnessEmbedsEveryFile(t *testing.T) {
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		if slices.Contains([]string{"support.go", "support_test.go", "precise_test.go"}, name) {
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.HasPrefix(b, []byte("// Code generated ")) {
			continue
		}
		if _, err := fs.Stat(Harness, name); err != nil {
			t.Errorf("%s is not in Harness (tests/support.go's go:embed line)", name)
		}
	}
}
