package data

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func gz(t *testing.T, path string, b []byte) {
	t.Helper()
	var buf bytes.Buffer
	z := gzip.NewWriter(&buf)
	z.Write(b)
	z.Close()
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func idx(magic uint32, dims []uint32, body []byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, magic)
	binary.Write(&b, binary.BigEndian, dims)
	b.Write(body)
	return b.Bytes()
}

// writeSet writes a valid n-image MNIST set (train and test alike) into dir.
func writeSet(t *testing.T, dir string, n int) {
	t.Helper()
	img := make([]byte, n*Side*Side)
	for i := range img {
		img[i] = byte(i)
	}
	lab := make([]byte, n)
	for i := range lab {
		lab[i] = byte(i % 10)
	}
	for _, f := range []string{TrainImages, TestImages} {
		gz(t, filepath.Join(dir, f), idx(0x803, []uint32{uint32(n), Side, Side}, img))
	}
	for _, f := range []string{TrainLabels, TestLabels} {
		gz(t, filepath.Join(dir, f), idx(0x801, []uint32{uint32(n)}, lab))
	}
}

func TestLoadMNISTSynthetic(t *testing.T) {
	dir := t.TempDir()
	writeSet(t, dir, 5)
	train, test, err := LoadMNIST(dir, 3, 0)
	if err != nil {
		t.Fatal(err)
	}
	if train.N != 3 || test.N != 5 || train.Labels[2] != 2 || train.Pixels[1] != 1.0/255 {
		t.Fatalf("unexpected sets: train %d test %d labels %v", train.N, test.N, train.Labels)
	}
}

// Every broken file gives an error naming it, never a panic.
func TestLoadMNISTErrors(t *testing.T) {
	cases := []struct {
		name, file string
		content    []byte // nil: delete the file
		gzipped    bool
		want       string
	}{
		{"missing", TrainImages, nil, false, "no such file"},
		{"not gzip", TrainLabels, []byte("hello"), false, "not a gzip file"},
		{"bad magic", TestImages, idx(0x802, []uint32{5, Side, Side}, make([]byte, 5*Side*Side)), true, "bad IDX magic"},
		{"truncated", TestImages, idx(0x803, []uint32{5, Side, Side}, make([]byte, 100)), true, "truncated"},
		{"short header", TrainLabels, []byte{0, 0, 8}, true, "truncated"},
		{"huge count", TrainLabels, idx(0x801, []uint32{0xffffffff}, nil), true, "implausible item count"},
		{"wrong size", TrainImages, idx(0x803, []uint32{5, 10, 10}, make([]byte, 500)), true, "want 28×28"},
		{"label count", TestLabels, idx(0x801, []uint32{4}, make([]byte, 4)), true, "holds 5 images but"},
		{"bad label", TrainLabels, idx(0x801, []uint32{5}, []byte{1, 2, 3, 44, 5}), true, "not a digit"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			writeSet(t, dir, 5)
			path := filepath.Join(dir, c.file)
			switch {
			case c.content == nil:
				os.Remove(path)
			case c.gzipped:
				gz(t, path, c.content)
			default:
				os.WriteFile(path, c.content, 0o644)
			}
			_, _, err := LoadMNIST(dir, 0, 0)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.file) {
				t.Fatalf("error %q: want it to contain %q and name %s", err, c.want, c.file)
			}
		})
	}
}

// The real MNIST files the GoMNIST module ships.
func TestLoadMNISTReal(t *testing.T) {
	dir, err := MNISTDir()
	if err != nil {
		t.Fatal(err)
	}
	train, test, err := LoadMNIST(dir, 100, 100)
	if err != nil {
		t.Fatal(err)
	}
	// The first training digits of MNIST are 5, 0, 4, 1, 9; the first test digits 7, 2, 1, 0, 4.
	for i, want := range []int{5, 0, 4, 1, 9} {
		if train.Labels[i] != want {
			t.Fatalf("train label %d = %d, want %d", i, train.Labels[i], want)
		}
	}
	for i, want := range []int{7, 2, 1, 0, 4} {
		if test.Labels[i] != want {
			t.Fatalf("test label %d = %d, want %d", i, test.Labels[i], want)
		}
	}
}

func TestLoadText(t *testing.T) {
	dir := t.TempDir()
	if _, err := LoadText(filepath.Join(dir, "nope.txt"), 0); err == nil || !strings.Contains(err.Error(), "nope.txt") {
		t.Fatalf("missing file: %v", err)
	}
	short := filepath.Join(dir, "short.txt")
	os.WriteFile(short, []byte("abc"), 0o644)
	if _, err := LoadText(short, 0); err == nil || !strings.Contains(err.Error(), "short.txt") {
		t.Fatalf("short file: %v", err)
	}
	path, err := TextPath()
	if err != nil {
		t.Fatal(err)
	}
	txt, err := LoadText(path, 5000)
	if err != nil {
		t.Fatal(err)
	}
	if len(txt.Codes) != 5000 {
		t.Fatalf("%d codes", len(txt.Codes))
	}
	for i, c := range txt.Codes[:200] {
		if txt.Alphabet[c] == 0 {
			t.Fatalf("code %d at %d", c, i)
		}
	}
}
