package arm64

import (
	"debug/elf"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// gnuAs is Debian's binutils-aarch64-linux-gnu assembler, an independent check of the encoder.
const gnuAs = "aarch64-linux-gnu-as"

// assemble assembles GNU-syntax lines, one instruction each, and returns their words.
func assemble(t *testing.T, lines []string) []uint32 {
	t.Helper()
	as, err := exec.LookPath(gnuAs)
	if err != nil && os.Getenv("CI") != "" {
		t.Fatalf("%s not found: CI must check the NEON encoder (.ci/run installs binutils-aarch64-linux-gnu)", gnuAs)
	}
	if err != nil {
		t.Skipf("%s not found: install Debian's binutils-aarch64-linux-gnu to check the NEON encoder (.ci/run does)", gnuAs)
	}
	dir := t.TempDir()
	src, obj := filepath.Join(dir, "forms.s"), filepath.Join(dir, "forms.o")
	if err := os.WriteFile(src, []byte(".text\n"+strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(as, "-o", obj, src).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", gnuAs, err, out)
	}
	f, err := elf.Open(obj)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	text, err := f.Section(".text").Data()
	if err != nil {
		t.Fatal(err)
	}
	if len(text) != 4*len(lines) {
		t.Fatalf("%s gave %d bytes for %d instructions", gnuAs, len(text), len(lines))
	}
	words := make([]uint32, len(lines))
	for i := range words {
		words[i] = binary.LittleEndian.Uint32(text[4*i:])
	}
	return words
}

// TestEncoderMatchesGNU: every form the encoder has, with registers at both ends of the file
// and in between, encodes as GNU as assembles the same text.
func TestEncoderMatchesGNU(t *testing.T) {
	regs := [][3]int{{0, 0, 0}, {0, 1, 2}, {31, 30, 29}, {5, 17, 26}, {16, 8, 31}, {1, 31, 4}, {27, 2, 13}}
	var lines []string
	var want []uint32
	for _, f := range Forms() {
		for _, r := range regs {
			lines = append(lines, f.GNU(r[0], r[1], r[2]))
			want = append(want, f.Encode(r[0], r[1], r[2]))
		}
	}
	got := assemble(t, lines)
	for i := range lines {
		if got[i] != want[i] {
			t.Errorf("%s: encoder 0x%08x, %s 0x%08x (differ in bits %032b)", lines[i], want[i], gnuAs, got[i], want[i]^got[i])
		}
	}
}

var wordLine = regexp.MustCompile(`^WORD \$0x([0-9a-f]{8}) // (.+)$`)

// TestGeneratedWordsMatchGNU: every WORD in the generated kernels_arm64.s is the instruction
// its comment names, as GNU as assembles it, and names a form the encoder has.
func TestGeneratedWordsMatchGNU(t *testing.T) {
	b, err := os.ReadFile("../../kernels_arm64.s")
	if err != nil {
		t.Skipf("no generated kernels_arm64.s: %v", err)
	}
	known := map[string]bool{}
	for _, f := range Forms() {
		known[strings.Fields(f.GNU(0, 0, 0))[0]+"."+f.Arr.gnu()] = true
	}
	ws := Words(string(b))
	if len(ws) == 0 {
		t.Fatal("kernels_arm64.s has no WORD lines")
	}
	var lines []string
	var want []uint32
	for _, w := range ws {
		m := wordLine.FindStringSubmatch(w)
		if m == nil {
			t.Fatalf("malformed WORD line %q", w)
		}
		x, _ := strconv.ParseUint(m[1], 16, 32)
		fs := strings.Fields(m[2])
		if arr := strings.SplitN(strings.TrimSuffix(fs[1], ","), ".", 2); len(arr) != 2 || !known[fs[0]+"."+arr[1]] {
			t.Errorf("%q: not a form the encoder has", w)
		}
		lines = append(lines, m[2])
		want = append(want, uint32(x))
	}
	got := assemble(t, lines)
	for i := range lines {
		if got[i] != want[i] {
			t.Errorf("%s: kernels_arm64.s has 0x%08x, %s gives 0x%08x", lines[i], want[i], gnuAs, got[i])
		}
	}
	t.Logf("%d distinct WORD instructions checked", len(lines))
}

// TestWordsRoundTrip: a form's WORD line parses back to its encoding and text.
func TestWordsRoundTrip(t *testing.T) {
	f := Form{FMUL, S4}
	line := f.Word(2, 0, 1)
	if want := "WORD $0x6e21dc02 // fmul v2.4s, v0.4s, v1.4s"; line != want {
		t.Fatalf("Word = %q, want %q", line, want)
	}
	if got := Words("\t" + line + "\n\t" + line + "\n"); len(got) != 1 || got[0] != line {
		t.Fatalf("Words = %q", got)
	}
	if n := len(Forms()); n != 2*int(numMnemonics)-1 { // every mnemonic in .4s and .2d, NOT in .16b
		t.Fatalf("%d forms: %v", n, Forms())
	}
}
