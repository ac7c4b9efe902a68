package spec

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// Every base entry has the same layout, so that a test can replace a line and know its
// number:
//
//	1 [[approximant]]   6 param or comment   11 odd
//	2 name              7 param or comment   12 monotone
//	3 doc               8 class              13 clamp_in
//	4 target            9 types              14 saturate
//	5 family           10 bound              15 clamp_out
var (
	padeBase = []string{
		`[[approximant]]`,
		`name = "tanh_pade_4_4"`,
		`doc = "the paper's safe tanh pick"  # a comment`,
		`target = "tanh"`,
		`family = "pade"`,
		`pade = [4, 4]`,
		`fit = { method = "lsq", range = [-5.5, 5.5], points = 5000, symmetry = "odd" }`,
		`class = "ranged"`,
		`types = ["float32", "float64"]`,
		`bound = { abs = 4.7e-3, domain = [-5.5, 5.5] }`,
		`odd = true`,
		`monotone = true`,
		`clamp_in = [-9.0, 9.0]`,
		`saturate = 3.0`,
		`clamp_out = [-1.0, 1.0]`,
	}
	polyBase = []string{
		`[[approximant]]`,
		`name = "tanh_poly_9"`,
		`#`,
		`target = "tanh"`,
		`family = "poly"`,
		`degree = 9`,
		`fit = { method = "lsq", range = [-3, 3], points = 100 }`,
		`class = "ranged"`,
		`types = ["float64"]`,
		`bound = { rel = 1e-3, domain = [-3, 3] }`,
		`#`, `#`, `#`, `#`, `#`,
	}
	contBase = []string{
		`[[approximant]]`,
		`name = "tanh_cont_4_plain"`,
		`#`,
		`target = "tanh"`,
		`family = "cont_frac"`,
		`depth = 4`,
		`variant = "plain"`,
		`class = "safe"`,
		`types = ["float32"]`,
		`bound = { abs = 1e-2, ulp = 4, domain = [-inf, inf] }`,
		`#`, `#`, `#`, `#`, `#`,
	}
	tanhExpBase = []string{
		`[[approximant]]`,
		`name = "tanh"`,
		`near_zero = { degree = 9, fit = { method = "minimax", error = "relative", range = [0, 0.55], points = 5000, symmetry = "odd", exact_origin = true } }`,
		`target = "tanh"`,
		`family = "tanh_exp"`,
		`degree = 5`,
		`fit = { method = "minimax", error = "relative", range = [-0.0001, 0.6933], points = 5000, exact_origin = true }`,
		`class = "safe"`,
		`types = ["float32", "float64"]`,
		`bound = { ulp = 4, domain = [-inf, inf] }`,
		`#`, `#`, `#`, `#`, `#`,
	}
	fastexpBase = []string{
		`[[approximant]]`,
		`name = "sigm_fastexp_512"`,
		`#`,
		`target = "sigmoid"`,
		`family = "fastexp"`,
		`n = 512`,
		`#`,
		`class = "ranged"`,
		`types = ["float32"]`,
		`bound = { abs = 1e-3, domain = [-10, 10] }`,
		`#`, `#`, `#`, `#`, `#`,
	}
	tableBase = []string{
		`[[approximant]]`,
		`name = "word2vec_sigmoid"`,
		`#`,
		`target = "sigmoid"`,
		`family = "table"`,
		`table_size = 1000`,
		`table_max = 6.0`,
		`class = "ranged"`,
		`types = ["float32"]`,
		`bound = { abs = 1e-2, domain = [-6, 6] }`,
		`#`, `#`, `#`, `#`, `#`,
	}
	schraudolphBase = []string{
		`[[approximant]]`,
		`name = "schraudolph_exp"`,
		`#`,
		`target = "exp"`,
		`family = "schraudolph"`,
		`schraudolph_c = 45799.0`,
		`#`,
		`class = "ranged"`,
		`types = ["float64"]`,
		`bound = { rel = 0.04, domain = [-700, 700] }`,
		`#`, `#`, `#`, `#`, `#`,
	}
	serpentineBase = []string{
		`[[approximant]]`,
		`name = "tanh_serpentine"`,
		`#`,
		`target = "tanh"`,
		`family = "serpentine"`,
		`#`,
		`#`,
		`class = "safe"`,
		`types = ["float32", "float64"]`,
		`bound = { abs = 0.1, domain = [-1, 1] }`,
		`#`, `#`, `#`, `#`, `#`,
	}
)

// edit returns base with the line of key replaced by line; an empty line replaces it by a
// comment, keeping the numbering.
func edit(base []string, key, line string) []string {
	out := append([]string(nil), base...)
	for i, l := range out {
		if strings.HasPrefix(l, key+" =") {
			if line == "" {
				line = "# dropped " + key
			}
			out[i] = line
			return out
		}
	}
	panic("edit: no key " + key)
}

// set returns base with line n (from 1) replaced.
func set(base []string, n int, line string) []string {
	out := append([]string(nil), base...)
	out[n-1] = line
	return out
}

// add returns base with lines appended (from line 16 on).
func add(base []string, lines ...string) []string {
	return append(append([]string(nil), base...), lines...)
}

func text(lines ...[]string) string {
	var b strings.Builder
	for _, ls := range lines {
		for _, l := range ls {
			b.WriteString(l)
			b.WriteString("\n")
		}
	}
	return b.String()
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// wantErrors loads the files and checks the error lines exactly; in want, "F:" stands for the
// first file's path and "G:" for the second's.
func wantErrors(t *testing.T, files []string, want []string) {
	t.Helper()
	entries, err := Load(files...)
	if err == nil {
		t.Fatalf("no error; want\n%s", strings.Join(want, "\n"))
	}
	if entries != nil {
		t.Errorf("got %d entries along with the error; want none", len(entries))
	}
	var errs Errors
	if !errors.As(err, &errs) {
		t.Fatalf("error %T is not Errors: %v", err, err)
	}
	var exp []string
	for _, w := range want {
		switch {
		case strings.HasPrefix(w, "F:"):
			w = files[0] + w[1:]
		case strings.HasPrefix(w, "G:"):
			w = files[1] + w[1:]
		}
		exp = append(exp, w)
	}
	got := strings.Split(err.Error(), "\n")
	if !reflect.DeepEqual(got, exp) {
		t.Errorf("errors:\n%s\nwant:\n%s", err, strings.Join(exp, "\n"))
	}
	if len(errs) != len(got) {
		t.Errorf("%d Errors but %d lines", len(errs), len(got))
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name string
		toml string
		want []string
	}{
		// Syntax and layout.
		{"syntax", "[[approximant]]\nname = \"x\nfamily = 3\n",
			[]string{`F:2: syntax error: strings cannot contain newlines`}},
		{"unknown top key", text([]string{`version = 2`}, padeBase),
			[]string{`F:1: version: unknown key`}},
		{"unknown top table", text(padeBase, []string{`[extra]`, `x = 1`}),
			[]string{`F:16: extra: unknown key`}},
		{"approximant not tables", `approximant = 3`,
			[]string{`F:1: approximant: must be written as [[approximant]] tables, one per entry`}},
		{"approximant inline array", `approximant = [{name = "x"}]`,
			[]string{`F:1: approximant: must be written as [[approximant]] tables, one per entry`}},
		{"approximant single table", "[approximant]\nname = \"x\"\n",
			[]string{`F:1: approximant: must be written as [[approximant]] tables, one per entry`}},

		// Unknown keys.
		{"unknown entry key", text(add(padeBase, `colour = "red"`)),
			[]string{`F:16: tanh_pade_4_4: colour: unknown key`}},
		{"unknown fit key", text(edit(padeBase, "fit", `fit = { method = "lsq", range = [-5.5, 5.5], points = 5000, weight = 2 }`)),
			[]string{`F:7: tanh_pade_4_4: fit: unknown key "weight"`}},
		{"unknown bound key", text(edit(padeBase, "bound", `bound = { abs = 1e-3, max = 2, domain = [-5.5, 5.5] }`)),
			[]string{`F:10: tanh_pade_4_4: bound: unknown key "max"`}},
		{"unknown key in sub-table", text(edit(padeBase, "fit", ""), []string{`[approximant.fit]`, `method = "lsq"`, `range = [-5.5, 5.5]`, `points = 5000`, `weight = 2`}),
			[]string{`F:20: tanh_pade_4_4: fit: unknown key "weight"`}},

		// Missing required keys: on the header line.
		{"missing name", text(edit(padeBase, "name", "")),
			[]string{`F:1: approximant #1: name: missing`}},
		{"missing target", text(edit(padeBase, "target", "")),
			[]string{`F:1: tanh_pade_4_4: target: missing`}},
		{"missing family", text(edit(padeBase, "family", "")),
			[]string{`F:1: tanh_pade_4_4: family: missing`}},
		{"missing class", text(edit(padeBase, "class", "")),
			[]string{`F:1: tanh_pade_4_4: class: missing`}},
		{"missing types", text(edit(padeBase, "types", "")),
			[]string{`F:1: tanh_pade_4_4: types: missing`}},
		{"missing bound", text(edit(padeBase, "bound", "")),
			[]string{`F:1: tanh_pade_4_4: bound: missing`}},
		{"missing domain", text(edit(padeBase, "bound", `bound = { abs = 1e-3 }`)),
			[]string{`F:10: tanh_pade_4_4: bound: domain: missing`}},
		{"bound without abs rel ulp", text(edit(padeBase, "bound", `bound = { domain = [-1, 1] }`)),
			[]string{`F:10: tanh_pade_4_4: bound: needs at least one of abs, rel, ulp`}},
		{"missing fit", text(edit(padeBase, "fit", "")),
			[]string{`F:1: tanh_pade_4_4: fit: missing (family "pade" needs pade, fit)`}},
		{"missing pade", text(edit(padeBase, "pade", "")),
			[]string{`F:1: tanh_pade_4_4: pade: missing (family "pade" needs pade, fit)`}},
		{"missing degree", text(edit(polyBase, "degree", "")),
			[]string{`F:1: tanh_poly_9: degree: missing (family "poly" needs degree, fit)`}},
		{"missing depth", text(edit(contBase, "depth", "")),
			[]string{`F:1: tanh_cont_4_plain: depth: missing (family "cont_frac" needs depth, variant)`}},
		{"missing variant", text(edit(contBase, "variant", "")),
			[]string{`F:1: tanh_cont_4_plain: variant: missing (family "cont_frac" needs depth, variant)`}},
		{"missing n", text(edit(fastexpBase, "n", "")),
			[]string{`F:1: sigm_fastexp_512: n: missing (family "fastexp" needs n)`}},
		{"missing table_max", text(edit(tableBase, "table_max", "")),
			[]string{`F:1: word2vec_sigmoid: table_max: missing (family "table" needs table_size, table_max)`}},
		{"missing schraudolph_c", text(edit(schraudolphBase, "schraudolph_c", "")),
			[]string{`F:1: schraudolph_exp: schraudolph_c: missing (family "schraudolph" needs schraudolph_c)`}},
		{"missing fit keys", text(edit(padeBase, "fit", `fit = { symmetry = "odd" }`)),
			[]string{
				`F:7: tanh_pade_4_4: fit: method: missing`,
				`F:7: tanh_pade_4_4: fit: range: missing`,
				`F:7: tanh_pade_4_4: fit: points: missing`,
			}},

		// Unknown enumerated values.
		{"unknown target", text(edit(padeBase, "target", `target = "erf"`)),
			[]string{`F:4: tanh_pade_4_4: target: unknown target "erf" (want "tanh", "sigmoid", "exp", "relu")`}},
		{"family for another target", text(edit(contBase, "target", `target = "sigmoid"`)),
			[]string{`F:4: tanh_cont_4_plain: target: family "cont_frac" approximates tanh, not sigmoid`}},
		{"saturate without limits", text(edit(padeBase, "target", `target = "exp"`)),
			[]string{`F:14: tanh_pade_4_4: saturate: target exp has no limits to saturate to`}},
		{"auto_clamp without limits", text(edit(edit(padeBase, "target", `target = "relu"`), "saturate", `auto_clamp = true`)),
			[]string{`F:14: tanh_pade_4_4: auto_clamp: target relu has no limit to clamp to`}},
		{"tiny_identity for sigmoid", text(edit(edit(padeBase, "target", `target = "sigmoid"`), "saturate", `tiny_identity = true`)),
			[]string{`F:14: tanh_pade_4_4: tiny_identity: target sigmoid is not x + O(x^3) near 0`}},
		{"unknown family", text(edit(padeBase, "family", `family = "chebyshev"`)),
			[]string{`F:5: tanh_pade_4_4: family: unknown family "chebyshev" (want "cont_frac", "poly", "pade", "serpentine", "fastexp", "ultra_fast_sigmoid", "hard_sigmoid", "table", "schraudolph", "relu", "relu_branchfree", "exp_reduced", "sigmoid_exp", "tanh_exp", "tanh_expm1")`}},
		{"unknown class", text(edit(padeBase, "class", `class = "exact"`)),
			[]string{`F:8: tanh_pade_4_4: class: unknown class "exact" (want "ranged", "safe")`}},
		{"unknown type", text(edit(padeBase, "types", `types = ["float32", "float16"]`)),
			[]string{`F:9: tanh_pade_4_4: types: unknown type "float16" (want "float32", "float64")`}},
		{"unknown fit method", text(edit(padeBase, "fit", `fit = { method = "remez", range = [-5.5, 5.5], points = 5000 }`)),
			[]string{`F:7: tanh_pade_4_4: fit: method: unknown fit method "remez" (want "lsq", "minimax", "chebyshev")`}},
		{"unknown error measure", text(edit(padeBase, "fit", `fit = { method = "minimax", error = "bits", range = [-5.5, 5.5], points = 5000 }`)),
			[]string{`F:7: tanh_pade_4_4: fit: error: unknown error measure "bits" (want "absolute", "relative", "ulp")`}},
		{"error measure without minimax", text(edit(padeBase, "fit", `fit = { method = "lsq", error = "relative", range = [-5.5, 5.5], points = 5000 }`)),
			[]string{`F:7: tanh_pade_4_4: fit: error: only for method "minimax"`}},
		{"unknown symmetry", text(edit(padeBase, "fit", `fit = { method = "lsq", range = [-5.5, 5.5], points = 5000, symmetry = "skew" }`)),
			[]string{`F:7: tanh_pade_4_4: fit: symmetry: unknown symmetry "skew" (want "", "none", "odd", "even")`}},
		{"unknown variant", text(edit(contBase, "variant", `variant = "lambert"`)),
			[]string{`F:7: tanh_cont_4_plain: variant: unknown variant "lambert" (want "authors", "plain")`}},

		// Family parameters.
		{"degree on pade", text(add(padeBase, `degree = 3`)),
			[]string{`F:16: tanh_pade_4_4: degree: not a parameter of family "pade" (want pade, fit)`}},
		{"pade on poly", text(add(polyBase, `pade = [1, 1]`)),
			[]string{`F:16: tanh_poly_9: pade: not a parameter of family "poly" (want degree, fit)`}},
		{"fit on fastexp", text(set(fastexpBase, 7, `fit = { method = "lsq", range = [-1, 1], points = 10 }`)),
			[]string{`F:7: sigm_fastexp_512: fit: not a parameter of family "fastexp" (want n)`}},
		{"depth on serpentine", text(add(serpentineBase, `depth = 4`)),
			[]string{`F:16: tanh_serpentine: depth: not a parameter of family "serpentine", which has none`}},
		{"table_max on table-less", text(add(schraudolphBase, `table_max = 4.0`)),
			[]string{`F:16: schraudolph_exp: table_max: not a parameter of family "schraudolph" (want schraudolph_c)`}},
		{"degree < 0", text(edit(polyBase, "degree", `degree = -1`)),
			[]string{`F:6: tanh_poly_9: degree: -1: must be >= 0`}},
		{"degree float", text(edit(polyBase, "degree", `degree = 9.0`)),
			[]string{`F:6: tanh_poly_9: degree: must be an integer, not float 9`}},
		{"pade num < 0", text(edit(padeBase, "pade", `pade = [-2, 4]`)),
			[]string{`F:6: tanh_pade_4_4: pade: num degree -2: must be >= 0`}},
		{"pade den < 0", text(edit(padeBase, "pade", `pade = [4, -1]`)),
			[]string{`F:6: tanh_pade_4_4: pade: den degree -1: must be >= 0`}},
		{"pade length 3", text(edit(padeBase, "pade", `pade = [4, 4, 4]`)),
			[]string{`F:6: tanh_pade_4_4: pade: must be [num degree, den degree], not 3 values`}},
		{"pade length 1", text(edit(padeBase, "pade", `pade = [4]`)),
			[]string{`F:6: tanh_pade_4_4: pade: must be [num degree, den degree], not 1 values`}},
		{"pade not array", text(edit(padeBase, "pade", `pade = 4`)),
			[]string{`F:6: tanh_pade_4_4: pade: must be an array, not integer 4`}},
		{"pade string degree", text(edit(padeBase, "pade", `pade = [4, "4"]`)),
			[]string{`F:6: tanh_pade_4_4: pade: den degree: must be an integer, not string "4"`}},
		{"depth < 1", text(edit(contBase, "depth", `depth = 0`)),
			[]string{`F:6: tanh_cont_4_plain: depth: 0: must be >= 1`}},
		{"fastexp n not power of two", text(edit(fastexpBase, "n", `n = 100`)),
			[]string{`F:6: sigm_fastexp_512: n: 100: must be a power of two >= 2`}},
		{"fastexp n = 1", text(edit(fastexpBase, "n", `n = 1`)),
			[]string{`F:6: sigm_fastexp_512: n: 1: must be a power of two >= 2`}},
		{"fastexp n = 0", text(edit(fastexpBase, "n", `n = 0`)),
			[]string{`F:6: sigm_fastexp_512: n: 0: must be a power of two >= 2`}},
		{"fastexp n < 0", text(edit(fastexpBase, "n", `n = -512`)),
			[]string{`F:6: sigm_fastexp_512: n: -512: must be a power of two >= 2`}},
		{"table_size < 2", text(edit(tableBase, "table_size", `table_size = 1`)),
			[]string{`F:6: word2vec_sigmoid: table_size: 1: must be >= 2`}},
		{"table_max 0", text(edit(tableBase, "table_max", `table_max = 0.0`)),
			[]string{`F:7: word2vec_sigmoid: table_max: 0: must be > 0`}},
		{"table_max inf", text(edit(tableBase, "table_max", `table_max = inf`)),
			[]string{`F:7: word2vec_sigmoid: table_max: inf: must be finite`}},
		{"schraudolph_c < 0", text(edit(schraudolphBase, "schraudolph_c", `schraudolph_c = -1.5`)),
			[]string{`F:6: schraudolph_exp: schraudolph_c: -1.5: must be >= 0`}},
		{"schraudolph_c nan", text(edit(schraudolphBase, "schraudolph_c", `schraudolph_c = nan`)),
			[]string{`F:6: schraudolph_exp: schraudolph_c: must be a number, not nan`}},
		{"param types checked without a family", text(edit(add(padeBase, `n = "big"`), "family", `family = "nope"`)),
			[]string{
				`F:5: tanh_pade_4_4: family: unknown family "nope" (want "cont_frac", "poly", "pade", "serpentine", "fastexp", "ultra_fast_sigmoid", "hard_sigmoid", "table", "schraudolph", "relu", "relu_branchfree", "exp_reduced", "sigmoid_exp", "tanh_exp", "tanh_expm1")`,
				`F:16: tanh_pade_4_4: n: must be an integer, not string "big"`,
			}},

		// Fit.
		{"fit range empty", text(edit(polyBase, "fit", `fit = { method = "lsq", range = [3, 3], points = 100 }`)),
			[]string{`F:7: tanh_poly_9: fit: range [3, 3]: empty (lo == hi)`}},
		{"fit range reversed", text(edit(polyBase, "fit", `fit = { method = "lsq", range = [3, -3], points = 100 }`)),
			[]string{`F:7: tanh_poly_9: fit: range [3, -3]: reversed (lo > hi)`}},
		{"fit range infinite", text(edit(polyBase, "fit", `fit = { method = "lsq", range = [-inf, 3], points = 100 }`)),
			[]string{`F:7: tanh_poly_9: fit: range [-inf, 3]: must be finite`}},
		{"fit range nan", text(edit(polyBase, "fit", `fit = { method = "lsq", range = [nan, 3], points = 100 }`)),
			[]string{`F:7: tanh_poly_9: fit: range: must be [lo, hi] numbers, not nan`}},
		{"fit range length", text(edit(polyBase, "fit", `fit = { method = "lsq", range = [1, 2, 3], points = 100 }`)),
			[]string{`F:7: tanh_poly_9: fit: range: must be [lo, hi], not 3 values`}},
		{"fit points < 2", text(edit(polyBase, "fit", `fit = { method = "lsq", range = [-3, 3], points = 1 }`)),
			[]string{`F:7: tanh_poly_9: fit: points 1: must be >= 2`}},
		{"fit points < poly coefficients", text(edit(polyBase, "fit", `fit = { method = "lsq", range = [-3, 3], points = 9 }`)),
			[]string{`F:7: tanh_poly_9: fit: points 9: fewer than the 10 coefficients of a degree-9 poly`}},
		{"fit points < pade coefficients", text(edit(padeBase, "fit", `fit = { method = "lsq", range = [-3, 3], points = 8 }`)),
			[]string{`F:7: tanh_pade_4_4: fit: points 8: fewer than the 9 coefficients of a [4/4] pade`}},
		{"fit not a table", text(edit(polyBase, "fit", `fit = "lsq"`)),
			[]string{`F:7: tanh_poly_9: fit: must be a table, not string "lsq"`}},
		{"fit sub-table lines", text(edit(polyBase, "fit", ""), []string{`[approximant.fit]`, `method = "lsq"`, `range = [3, -3]`, `points = 1`}),
			[]string{
				`F:18: tanh_poly_9: fit: range [3, -3]: reversed (lo > hi)`,
				`F:19: tanh_poly_9: fit: points 1: must be >= 2`,
			}},

		// Bound.
		{"bound abs 0", text(edit(padeBase, "bound", `bound = { abs = 0, domain = [-5.5, 5.5] }`)),
			[]string{`F:10: tanh_pade_4_4: bound: abs 0: must be > 0`}},
		{"bound rel < 0", text(edit(padeBase, "bound", `bound = { rel = -1e-3, domain = [-5.5, 5.5] }`)),
			[]string{`F:10: tanh_pade_4_4: bound: rel -0.001: must be > 0`}},
		{"bound ulp 0 next to good abs", text(edit(padeBase, "bound", `bound = { abs = 1e-3, ulp = 0, domain = [-5.5, 5.5] }`)),
			[]string{`F:10: tanh_pade_4_4: bound: ulp 0: must be > 0`}},
		{"bound abs inf", text(edit(padeBase, "bound", `bound = { abs = inf, domain = [-5.5, 5.5] }`)),
			[]string{`F:10: tanh_pade_4_4: bound: abs inf: must be finite`}},
		{"bound abs nan", text(edit(padeBase, "bound", `bound = { abs = nan, domain = [-5.5, 5.5] }`)),
			[]string{`F:10: tanh_pade_4_4: bound: abs: must be a number, not nan`}},
		{"bound abs string", text(edit(padeBase, "bound", `bound = { abs = "small", domain = [-5.5, 5.5] }`)),
			[]string{`F:10: tanh_pade_4_4: bound: abs: must be a number, not string "small"`}},
		{"domain empty", text(edit(padeBase, "bound", `bound = { abs = 1e-3, domain = [1, 1] }`)),
			[]string{`F:10: tanh_pade_4_4: bound: domain [1, 1]: empty (lo == hi)`}},
		{"domain reversed", text(edit(padeBase, "bound", `bound = { abs = 1e-3, domain = [inf, -inf] }`)),
			[]string{`F:10: tanh_pade_4_4: bound: domain [inf, -inf]: reversed (lo > hi)`}},
		{"domain nan", text(edit(padeBase, "bound", `bound = { abs = 1e-3, domain = [-1, nan] }`)),
			[]string{`F:10: tanh_pade_4_4: bound: domain: must be [lo, hi] numbers, not nan`}},
		{"bound in sub-table", text(edit(padeBase, "bound", ""), []string{`[approximant.bound]`, `domain = [-5.5, 5.5]`, `abs = 0`}),
			[]string{`F:18: tanh_pade_4_4: bound: abs 0: must be > 0`}},
		{"bound in dotted keys", text(edit(padeBase, "bound", `bound.domain = [-5.5, 5.5]`), []string{`bound.rel = -1`}),
			[]string{`F:16: tanh_pade_4_4: bound: rel -1: must be > 0`}},

		// float64 overrides.
		{"float64 override without degree", text(add(padeBase, `float64 = { degree = 9 }`)),
			[]string{`F:16: tanh_pade_4_4: float64: family "pade" has no degree and fit to override`}},
		{"float64 override unknown key", text(add(polyBase, `float64 = { degree = 11, depth = 2 }`)),
			[]string{`F:16: tanh_poly_9: float64: unknown key "depth"`}},
		{"float64 override negative degree", text(add(polyBase, `float64 = { degree = -1 }`)),
			[]string{`F:16: tanh_poly_9: float64: degree -1: must be >= 0`}},
		{"float64 override chebyshev without range", text(add(polyBase, `float64 = { fit = { method = "chebyshev" } }`)),
			[]string{`F:16: tanh_poly_9: float64.fit: range: missing`}},

		// tanh_exp's near-zero polynomial.
		{"near_zero missing", text(edit(tanhExpBase, "near_zero", "")),
			[]string{`F:1: tanh: near_zero: missing (family "tanh_exp" needs degree, fit, near_zero)`}},
		{"near_zero even degree", text(edit(tanhExpBase, "near_zero", `near_zero = { degree = 8, fit = { method = "minimax", range = [0, 0.55], points = 50, symmetry = "odd", exact_origin = true } }`)),
			[]string{`F:3: tanh: near_zero: degree 8: must be odd and >= 3`}},
		{"near_zero fit not odd", text(edit(tanhExpBase, "near_zero", `near_zero = { degree = 9, fit = { method = "minimax", range = [0, 0.55], points = 50, exact_origin = true } }`)),
			[]string{`F:3: tanh: near_zero.fit: must have symmetry = "odd", exact_origin = true and a range [0, switch point]`}},
		{"near_zero fit off 0", text(edit(tanhExpBase, "near_zero", `near_zero = { degree = 9, fit = { method = "chebyshev", range = [0.1, 0.55], symmetry = "odd", exact_origin = true } }`)),
			[]string{`F:3: tanh: near_zero.fit: must have symmetry = "odd", exact_origin = true and a range [0, switch point]`}},
		{"near_zero in another family", text(add(polyBase, `near_zero = { degree = 9 }`)),
			[]string{`F:16: tanh_poly_9: near_zero: not a parameter of family "poly" (want degree, fit)`}},
		{"float64 near_zero unknown key", text(add(tanhExpBase, `float64 = { near_zero = { degree = 21, depth = 1, fit = { method = "chebyshev", range = [0, 0.55], symmetry = "odd", exact_origin = true } } }`)),
			[]string{`F:16: tanh: float64.near_zero: unknown key "depth"`}},

		// Division.
		{"division unknown", text(add(padeBase, `division = "newton"`)),
			[]string{`F:16: tanh_pade_4_4: division: unknown division "newton" (want "exact", "nr1fma")`}},
		{"division nr1fma without a division", text(add(polyBase, `division = "nr1fma"`)),
			[]string{`F:16: tanh_poly_9: division: family "poly" has no division to approximate`}},

		// Clamps and saturation.
		{"clamp_in reversed", text(edit(padeBase, "clamp_in", `clamp_in = [9.0, -9.0]`)),
			[]string{`F:13: tanh_pade_4_4: clamp_in: [9, -9]: reversed (lo > hi)`}},
		{"clamp_in empty", text(edit(padeBase, "clamp_in", `clamp_in = [0, 0]`)),
			[]string{`F:13: tanh_pade_4_4: clamp_in: [0, 0]: empty (lo == hi)`}},
		{"clamp_out reversed", text(edit(padeBase, "clamp_out", `clamp_out = [1.0, 0.0]`)),
			[]string{`F:15: tanh_pade_4_4: clamp_out: [1, 0]: reversed (lo > hi)`}},
		{"clamp_out empty", text(edit(padeBase, "clamp_out", `clamp_out = [0.5, 0.5]`)),
			[]string{`F:15: tanh_pade_4_4: clamp_out: [0.5, 0.5]: empty (lo == hi)`}},
		{"clamp_out nan", text(edit(padeBase, "clamp_out", `clamp_out = [nan, 1]`)),
			[]string{`F:15: tanh_pade_4_4: clamp_out: must be [lo, hi] numbers, not nan`}},
		{"clamp_in not numbers", text(edit(padeBase, "clamp_in", `clamp_in = ["lo", 1]`)),
			[]string{`F:13: tanh_pade_4_4: clamp_in: must be [lo, hi] numbers, not string "lo"`}},
		{"saturate datetime", text(edit(padeBase, "saturate", `saturate = 1979-05-27`)),
			[]string{`F:14: tanh_pade_4_4: saturate: must be a number, not datetime`}},
		{"saturate 0", text(edit(padeBase, "saturate", `saturate = 0.0`)),
			[]string{`F:14: tanh_pade_4_4: saturate: 0: must be > 0`}},
		{"saturate < 0", text(edit(padeBase, "saturate", `saturate = -3`)),
			[]string{`F:14: tanh_pade_4_4: saturate: -3: must be > 0`}},
		{"saturate nan", text(edit(padeBase, "saturate", `saturate = nan`)),
			[]string{`F:14: tanh_pade_4_4: saturate: must be a number, not nan`}},

		// Types.
		{"types empty", text(edit(padeBase, "types", `types = []`)),
			[]string{`F:9: tanh_pade_4_4: types: empty (want float32, float64 or both)`}},
		{"types duplicated", text(edit(padeBase, "types", `types = ["float64", "float64"]`)),
			[]string{`F:9: tanh_pade_4_4: types: "float64" listed twice`}},
		{"types not strings", text(edit(padeBase, "types", `types = [32]`)),
			[]string{`F:9: tanh_pade_4_4: types: must be strings, not integer 32`}},

		// Other value types.
		{"odd not bool", text(edit(padeBase, "odd", `odd = "yes"`)),
			[]string{`F:11: tanh_pade_4_4: odd: must be true or false, not string "yes"`}},
		{"doc two lines", text(edit(padeBase, "doc", `doc = "one\ntwo"`)),
			[]string{`F:3: tanh_pade_4_4: doc: must be one line`}},
		{"target not string", text(edit(padeBase, "target", `target = 1`)),
			[]string{`F:4: tanh_pade_4_4: target: must be a string, not integer 1`}},

		// Names.
		{"name empty", text(edit(padeBase, "name", `name = ""`)),
			[]string{`F:2: approximant #1: name: empty`}},
		{"name not a string", text(edit(padeBase, "name", `name = 4`)),
			[]string{`F:2: approximant #1: name: must be a string, not integer 4`}},
		{"name invalid Go identifier", text(edit(padeBase, "name", `name = "4tanh"`)),
			[]string{`F:2: 4tanh: name: "4tanh" converts to "4tanh", not a valid Go identifier`}},
		{"name upper case", text(edit(padeBase, "name", `name = "TanhPade"`)),
			[]string{`F:2: TanhPade: name: "TanhPade": not snake_case: 'T' not in [a-z0-9_]`}},
		{"name with dash", text(edit(padeBase, "name", `name = "tanh-pade"`)),
			[]string{`F:2: tanh-pade: name: "tanh-pade": not snake_case: '-' not in [a-z0-9_]`}},
		{"name with space", text(edit(padeBase, "name", `name = "tanh pade"`)),
			[]string{`F:2: approximant #1: name: "tanh pade": not snake_case: ' ' not in [a-z0-9_]`}},
		{"name double underscore", text(edit(padeBase, "name", `name = "tanh__pade"`)),
			[]string{`F:2: tanh__pade: name: "tanh__pade": not snake_case: empty part between underscores`}},
		{"name leading underscore", text(edit(padeBase, "name", `name = "_tanh"`)),
			[]string{`F:2: _tanh: name: "_tanh": not snake_case: empty part between underscores`}},
		{"name trailing underscore", text(edit(padeBase, "name", `name = "tanh_"`)),
			[]string{`F:2: tanh_: name: "tanh_": not snake_case: empty part between underscores`}},
		{"name reserved", text(edit(padeBase, "name", `name = "implementation"`)),
			[]string{`F:2: implementation: name: "implementation" converts to "Implementation", a name reserved for the generated package`}},
		{"name reserved plural", text(edit(padeBase, "name", `name = "implementations"`)),
			[]string{`F:2: implementations: name: "implementations" converts to "Implementations", a name reserved for the generated package`}},
		{"duplicate name in a file", text(padeBase, padeBase),
			[]string{`F:17: tanh_pade_4_4: name: duplicate name, first defined at F:2`}},
		{"duplicate Go name in a file", text(padeBase, edit(padeBase, "name", `name = "tanh_pade_44"`)),
			[]string{`F:17: tanh_pade_44: name: converts to Go name "TanhPade44", as does "tanh_pade_4_4" at F:2`}},

		// Several problems, several entries: all reported, sorted by line.
		{"all errors collected", text(
			add(edit(padeBase, "bound", `bound = { abs = 0, domain = [2, 1] }`), `degree = 2`),
			edit(edit(fastexpBase, "n", `n = 3`), "class", ""),
		), []string{
			`F:10: tanh_pade_4_4: bound: abs 0: must be > 0`,
			`F:10: tanh_pade_4_4: bound: domain [2, 1]: reversed (lo > hi)`,
			`F:16: tanh_pade_4_4: degree: not a parameter of family "pade" (want pade, fit)`,
			`F:17: sigm_fastexp_512: class: missing`,
			`F:22: sigm_fastexp_512: n: 3: must be a power of two >= 2`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// "F:" in want stands for the path; repeat it inside messages too.
			path := writeFile(t, t.TempDir(), "s.toml", tt.toml)
			var want []string
			for _, w := range tt.want {
				want = append(want, strings.ReplaceAll(w, " F:", " "+path+":"))
			}
			wantErrors(t, []string{path}, want)
		})
	}
}

func TestDuplicatesAcrossFiles(t *testing.T) {
	dir := t.TempDir()
	a := writeFile(t, dir, "a.toml", text(padeBase))
	b := writeFile(t, dir, "b.toml", text(edit(polyBase, "name", `name = "tanh_pade_4_4"`)))
	wantErrors(t, []string{a, b}, []string{
		`G:2: tanh_pade_4_4: name: duplicate name, first defined at ` + a + `:2`,
	})

	// Two names converting to the same Go name.
	c := writeFile(t, dir, "c.toml", text(edit(polyBase, "name", `name = "sigm_x"`)))
	d := writeFile(t, dir, "d.toml", text(edit(polyBase, "name", `name = "sigmoid_x"`)))
	wantErrors(t, []string{c, d}, []string{
		`G:2: sigmoid_x: name: converts to Go name "SigmoidX", as does "sigm_x" at ` + c + `:2`,
	})

	// Errors come sorted by file in argument order, then line.
	e := writeFile(t, dir, "e.toml", text(edit(padeBase, "class", `class = "x"`)))
	wantErrors(t, []string{e, a, b}, []string{
		`F:8: tanh_pade_4_4: class: unknown class "x" (want "ranged", "safe")`,
		`G:2: tanh_pade_4_4: name: duplicate name, first defined at ` + e + `:2`,
		b + `:2: tanh_pade_4_4: name: duplicate name, first defined at ` + e + `:2`,
	})
	wantErrors(t, []string{b, a, e}, []string{
		`G:2: tanh_pade_4_4: name: duplicate name, first defined at ` + b + `:2`,
		e + `:2: tanh_pade_4_4: name: duplicate name, first defined at ` + b + `:2`,
		e + `:8: tanh_pade_4_4: class: unknown class "x" (want "ranged", "safe")`,
	})
}

// tiny_identity loads for tanh (the refusal for other targets is in TestLoadErrors).
func TestTinyIdentity(t *testing.T) {
	for _, line := range []string{`tiny_identity = true`, `# no tiny_identity`} {
		p := writeFile(t, t.TempDir(), "t.toml", text(padeBase, []string{line}))
		entries, err := Load(p)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := entries[0].TinyIdentity, !strings.HasPrefix(line, "#"); got != want {
			t.Errorf("%s: TinyIdentity = %v, want %v", line, got, want)
		}
	}
}

func TestMissingFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "none.toml")
	_, err := Load(p)
	var errs Errors
	if !errors.As(err, &errs) || len(errs) != 1 || errs[0].File != p || errs[0].Line != 0 {
		t.Fatalf("err = %v", err)
	}
	if !strings.HasPrefix(err.Error(), p+": ") {
		t.Errorf("err = %q, want the path first", err)
	}
}

func TestErrorType(t *testing.T) {
	e := &Error{File: "spec/paper.toml", Line: 14, Entry: "tanh_pade_4_4", Field: "pade", Msg: "den degree -1: must be >= 0"}
	if got, want := e.Error(), "spec/paper.toml:14: tanh_pade_4_4: pade: den degree -1: must be >= 0"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	var target *Error
	if !errors.As(Errors{e}, &target) || target != e {
		t.Errorf("errors.As cannot find the *Error in Errors")
	}
	if got, want := (Errors{e, {File: "x", Msg: "m"}}).Error(), e.Error()+"\nx: m"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestLoadValid(t *testing.T) {
	dir := t.TempDir()
	first := writeFile(t, dir, "a.toml", "# approximants\n\n"+text(padeBase, polyBase))
	second := writeFile(t, dir, "b.toml", text(contBase, fastexpBase, tableBase, schraudolphBase, serpentineBase)+`
[[approximant]]
name = "ultra_fast_sigmoid"
target = "sigmoid"
family = "ultra_fast_sigmoid"
class = "safe"
types = ["float32", "float64"]
bound = { abs = 0.02, domain = [-inf, inf] }

[[approximant]]
name = "hard_sigmoid"
target = "sigmoid"
family = "hard_sigmoid"
class = "safe"
types = ["float32"]
bound = { abs = 0.1, domain = [-inf, inf] }

[[approximant]]
"name" = "relu"
target = "relu"
family = "relu"
class = "safe"
types = ["float32"]
bound = { ulp = 0.5, domain = [-inf, inf] }

[[approximant]]
name = 'relu_branchfree' # comment with = sign
target = "relu"
family = "relu_branchfree"
class = "safe"
types = [
  "float32",  # a comment
  "float64",
]
bound = {
  abs = 1e-300,
  domain = [-1e300, 1e300],
}
clamp_out = [0, inf]
monotone = false

[[approximant]]
name = "tanh_cont_2_authors"
doc = """a doc line with name = "x" in it"""
target = "tanh"
family = "cont_frac"
variant = "authors"
depth = 2
class = "ranged"
types = ["float64"]
[approximant.bound]
abs = 1
domain = [-1, 1]
`)
	entries, err := Load(first, second)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 12 {
		t.Fatalf("got %d entries, want 12", len(entries))
	}
	fields := func(file string, kv ...any) map[string]Pos {
		m := map[string]Pos{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = Pos{file, kv[i+1].(int)}
		}
		return m
	}
	wantPade := Entry{
		Name: "tanh_pade_4_4", GoName: "TanhPade44", Doc: "the paper's safe tanh pick",
		Target: TargetTanh, Family: FamilyPade, Class: ClassRanged,
		Num: 4, Den: 4,
		Fit:      Fit{Method: "lsq", Range: [2]float64{-5.5, 5.5}, Points: 5000, Symmetry: "odd"},
		ClampIn:  &[2]float64{-9, 9},
		Saturate: 3,
		ClampOut: &[2]float64{-1, 1},
		Types:    []string{"float32", "float64"},
		Bound:    Bound{Abs: 4.7e-3, Domain: [2]float64{-5.5, 5.5}},
		Odd:      true, Monotone: true,
		Pos: Pos{first, 3},
		Fields: fields(first, "name", 4, "doc", 5, "target", 6, "family", 7, "pade", 8, "fit", 9,
			"class", 10, "types", 11, "bound", 12, "odd", 13, "monotone", 14, "clamp_in", 15,
			"saturate", 16, "clamp_out", 17),
	}
	if !reflect.DeepEqual(entries[0], wantPade) {
		t.Errorf("pade entry:\n got %+v\nwant %+v", entries[0], wantPade)
	}
	wantPoly := Entry{
		Name: "tanh_poly_9", GoName: "TanhPoly9", Target: TargetTanh, Family: FamilyPoly, Class: ClassRanged,
		Degree: 9,
		Fit:    Fit{Method: "lsq", Range: [2]float64{-3, 3}, Points: 100},
		Types:  []string{"float64"},
		Bound:  Bound{Rel: 1e-3, Domain: [2]float64{-3, 3}},
		Pos:    Pos{first, 18},
		Fields: fields(first, "name", 19, "target", 21, "family", 22, "degree", 23, "fit", 24,
			"class", 25, "types", 26, "bound", 27),
	}
	if !reflect.DeepEqual(entries[1], wantPoly) {
		t.Errorf("poly entry:\n got %+v\nwant %+v", entries[1], wantPoly)
	}

	byName := map[string]Entry{}
	for _, e := range entries {
		byName[e.Name] = e
	}
	inf := math.Inf(1)
	checks := []struct {
		name, goName string
		check        func(e Entry) bool
	}{
		{"tanh_cont_4_plain", "TanhCont4Plain", func(e Entry) bool {
			return e.Family == FamilyContFrac && e.Depth == 4 && e.Variant == "plain" && e.Class == ClassSafe &&
				e.Bound == Bound{Abs: 1e-2, ULP: 4, Domain: [2]float64{-inf, inf}} && e.Fit == Fit{} &&
				e.Pos == Pos{second, 1} && e.FieldPos("depth") == Pos{second, 6}
		}},
		{"sigm_fastexp_512", "SigmoidFastExp512", func(e Entry) bool {
			return e.Target == TargetSigmoid && e.Family == FamilyFastExp && e.N == 512 && e.Pos == Pos{second, 16}
		}},
		{"word2vec_sigmoid", "Word2VecSigmoid", func(e Entry) bool {
			return e.Family == FamilyTable && e.TableSize == 1000 && e.TableMax == 6
		}},
		{"schraudolph_exp", "SchraudolphExp", func(e Entry) bool {
			return e.Target == TargetExp && e.Family == FamilySchraudolph && e.SchraudolphC == 45799 &&
				e.Bound.Rel == 0.04 && e.Bound.Domain == [2]float64{-700, 700}
		}},
		{"tanh_serpentine", "TanhSerpentine", func(e Entry) bool {
			return e.Family == FamilySerpentine && reflect.DeepEqual(e.Types, []string{"float32", "float64"})
		}},
		{"ultra_fast_sigmoid", "UltraFastSigmoid", func(e Entry) bool {
			return e.Family == FamilyUltraFast && e.Pos == Pos{second, 77} && e.FieldPos("bound") == Pos{second, 83} &&
				e.FieldPos("doc") == e.Pos
		}},
		{"hard_sigmoid", "HardSigmoid", func(e Entry) bool { return e.Family == FamilyHardSigmoid }},
		{"relu", "ReLU", func(e Entry) bool {
			return e.Family == FamilyReLU && e.Bound.ULP == 0.5 && e.FieldPos("name") == Pos{second, 94}
		}},
		{"relu_branchfree", "ReLUBranchFree", func(e Entry) bool {
			return e.Family == FamilyReLUBranchFree && e.Bound.Abs == 1e-300 &&
				e.Bound.Domain == [2]float64{-1e300, 1e300} && *e.ClampOut == [2]float64{0, inf} &&
				e.ClampIn == nil && !e.Monotone && !e.Odd && e.Saturate == 0 &&
				reflect.DeepEqual(e.Types, []string{"float32", "float64"}) &&
				e.FieldPos("name") == Pos{second, 102} && e.FieldPos("bound") == Pos{second, 110} &&
				e.FieldPos("clamp_out") == Pos{second, 114} && e.FieldPos("monotone") == Pos{second, 115}
		}},
		{"tanh_cont_2_authors", "TanhCont2Authors", func(e Entry) bool {
			return e.Doc == `a doc line with name = "x" in it` && e.Variant == "authors" &&
				e.Bound == Bound{Abs: 1, Domain: [2]float64{-1, 1}} &&
				e.Depth == 2 && e.FieldPos("name") == Pos{second, 118} && e.FieldPos("bound") == Pos{second, 126}
		}},
	}
	for _, c := range checks {
		e, ok := byName[c.name]
		if !ok {
			t.Errorf("no entry %s", c.name)
			continue
		}
		if e.GoName != c.goName {
			t.Errorf("%s: GoName %q, want %q", c.name, e.GoName, c.goName)
		}
		if !c.check(e) {
			t.Errorf("%s: wrong entry %+v", c.name, e)
		}
	}
	// File order, files in argument order.
	var names []string
	for _, e := range entries {
		names = append(names, e.Name)
	}
	wantNames := []string{"tanh_pade_4_4", "tanh_poly_9", "tanh_cont_4_plain", "sigm_fastexp_512",
		"word2vec_sigmoid", "schraudolph_exp", "tanh_serpentine", "ultra_fast_sigmoid", "hard_sigmoid",
		"relu", "relu_branchfree", "tanh_cont_2_authors"}
	if !reflect.DeepEqual(names, wantNames) {
		t.Errorf("order %v, want %v", names, wantNames)
	}
}

func TestLoadEmpty(t *testing.T) {
	entries, err := Load()
	if entries != nil || err != nil {
		t.Errorf("Load() = %v, %v", entries, err)
	}
	p := writeFile(t, t.TempDir(), "empty.toml", "# nothing yet\n")
	entries, err = Load(p)
	if len(entries) != 0 || err != nil {
		t.Errorf("Load(empty) = %v, %v", entries, err)
	}
}

func TestGoName(t *testing.T) {
	for name, want := range map[string]string{
		"tanh_pade_4_4":      "TanhPade44",
		"sigm_fastexp_512":   "SigmoidFastExp512",
		"tanh_cont_4_plain":  "TanhCont4Plain",
		"ultra_fast_sigmoid": "UltraFastSigmoid",
		"relu_branchfree":    "ReLUBranchFree",
		"word2vec_sigmoid":   "Word2VecSigmoid",
		"schraudolph_exp":    "SchraudolphExp",
		"sigm":               "Sigmoid",
		"tanh_relu6":         "TanhRelu6", // only whole parts are looked up
		"exp_2x":             "Exp2x",
		"4tanh":              "4tanh",
	} {
		if got := GoName(name); got != want {
			t.Errorf("GoName(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestScanKeys(t *testing.T) {
	src := `top = 1 # c
[[approximant]]
name = "a" # x = 1
'quoted key' = """
multi = 2
"""
arr = [
  1, # y = 2
  [2, 3],
]
inl = { a = { b = 1 } }
s = 'C:\path\'
dotted . key = 3
[approximant.sub]
k = 1
[other]
z = 2
[[approximant]]
  name = "b"
"esc\"aped" = "\"]"
`
	if _, err := toml.Decode(src, new(map[string]any)); err != nil {
		t.Fatal(err)
	}
	sc := scanKeys(src)
	if want := (keyLines{"top": 1, "approximant": 2, "other": 16}); !reflect.DeepEqual(sc.top, want) {
		t.Errorf("top = %v, want %v", sc.top, want)
	}
	if len(sc.entries) != 2 {
		t.Fatalf("%d entries", len(sc.entries))
	}
	want0 := keyLines{"name": 3, "quoted key": 4, "arr": 7, "inl": 11, "s": 12, "dotted": 13,
		"dotted.key": 13, "sub": 14, "sub.k": 15}
	if sc.entries[0].line != 2 || !reflect.DeepEqual(sc.entries[0].keys, want0) {
		t.Errorf("entry 0 = %d %v, want 2 %v", sc.entries[0].line, sc.entries[0].keys, want0)
	}
	want1 := keyLines{"name": 19, `esc"aped`: 20}
	if sc.entries[1].line != 18 || !reflect.DeepEqual(sc.entries[1].keys, want1) {
		t.Errorf("entry 1 = %d %v, want 18 %v", sc.entries[1].line, sc.entries[1].keys, want1)
	}
}

// TestRepoSpecs loads the project's own spec files, if there are any yet.
func TestRepoSpecs(t *testing.T) {
	files, err := filepath.Glob("../spec/*.toml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Skip("no spec/*.toml files yet")
	}
	entries, err := Load(files...)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 {
		t.Errorf("%v: no entries", files)
	}
}

func TestFloat64Override(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "a.toml", text(add(polyBase, `float64 = { degree = 11, fit = { method = "chebyshev", range = [0, 1], exact_origin = true } }`)))
	es, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	e := &es[0]
	if e.ForType("float32") != e {
		t.Error("float32 is not the entry itself")
	}
	f := e.ForType("float64")
	want := Fit{Method: "chebyshev", Range: [2]float64{0, 1}, ExactOrigin: true}
	if f.Degree != 11 || f.Fit != want || f.Float64 != nil {
		t.Errorf("float64: degree %d, fit %+v, override %v; want 11, %+v, none", f.Degree, f.Fit, f.Float64, want)
	}
	if e.Degree != 9 || e.Fit.Method != "lsq" {
		t.Errorf("the entry changed: degree %d, fit %+v", e.Degree, e.Fit)
	}
}

func TestFloat64OverrideNearZero(t *testing.T) {
	dir := t.TempDir()
	nz := `near_zero = { degree = 23, fit = { method = "chebyshev", range = [0, 0.5], symmetry = "odd", exact_origin = true } }`
	for _, c := range []struct {
		override string
		want     int // the float64 near-zero degree
	}{
		{`float64 = { degree = 11, ` + nz + ` }`, 23},
		{`float64 = { degree = 11 }`, 9},
	} {
		path := writeFile(t, dir, "a.toml", text(add(tanhExpBase, c.override)))
		es, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		e := &es[0]
		f := e.ForType("float64")
		if f.Degree != 11 || f.NearZero.Degree != c.want || e.NearZero.Degree != 9 {
			t.Errorf("%s: float64 degree %d, near-zero degree %d (entry's %d); want 11, %d (9)", c.override, f.Degree, f.NearZero.Degree, e.NearZero.Degree, c.want)
		}
		if c.want == 23 && f.NearZero.Fit.Range != [2]float64{0, 0.5} {
			t.Errorf("float64 near-zero fit %+v", f.NearZero.Fit)
		}
	}
}
