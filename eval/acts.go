package main

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/actapprox/approx"
	"github.com/actapprox/approx/eval/internal/nn"
)

// An activation candidate: a float32 slice kernel, the function it stands for, and its label in
// the table (the paper's name where it has one).
type candidate struct {
	Label string
	Kind  nn.Kind
	F     func(dst, src []float32)
}

// Exact references: the standard library's tanh and logistic, in float64, rounded to float32.
// Every relative figure in a group is against these. ReLU is approx.ReLU (max(x, 0)).
var (
	exactTanh    = candidate{"tanh", nn.Tanh, nn.ExactTanh}
	exactSigmoid = candidate{"sigm", nn.Sigmoid, nn.ExactSigmoid}
)

// paperNames labels the approx kernels with the paper's names (the accurate tier with its Go
// name). Kernels not listed keep their Go name.
var paperNames = map[string]string{
	"TanhCont4":              "tanh_cont_4",
	"TanhCont4Plain":         "tanh_cont_4_plain",
	"TanhCont4Clamp":         "tanh_cont_4_clamp",
	"TanhTaylor9":            "tanh_taylor_9",
	"TanhPade44":             "tanh_pade_4_4",
	"TanhPade55":             "tanh_pade_5_5",
	"Serp":                   "serp",
	"SerpClamp":              "serp_clamp",
	"SigmoidFastExp2":        "sigm_fastexp_2",
	"SigmoidFastExp512":      "sigm_fastexp_512",
	"SigmoidFastExp512Clamp": "sigm_fastexp_512_clamp",
	"SigmoidTaylor9":         "sigm_taylor_9",
	"SigmoidPade44":          "sigm_pade_4_4",
	"UltraFastSigmoid":       "ultra_fast_sigmoid",
	"HardSigmoid":            "hard_sigmoid",
	"Word2VecSigmoid":        "word2vec",
	"ReLU":                   "relu",
	"ReLUBranchFree":         "relu_branch_free",
	"Tanh":                   "approx.Tanh",
	"Sigmoid":                "approx.Sigmoid",
}

// The paper's picks, by approx API name, in table order. A name the approx package does not
// export (yet) is skipped with a note, so "Tanh" and "Sigmoid" (the accurate tier) join the table
// as soon as they exist, and deleting a spec entry does not break the build.
var (
	sigmoidPicks = []string{"Sigmoid", "SigmoidFastExp512", "SigmoidFastExp2", "UltraFastSigmoid", "Word2VecSigmoid"}
	tanhPicks    = []string{"Tanh", "TanhPade44", "Serp"}
	// LSTM rows: (sigmoid, tanh) pairs; "sigm" and "tanh" are the exact references.
	lstmPicks = [][2]string{
		{"Sigmoid", "Tanh"},
		{"SigmoidFastExp512", "tanh"},
		{"SigmoidFastExp2", "tanh"},
		{"UltraFastSigmoid", "tanh"},
		{"Word2VecSigmoid", "tanh"},
		{"sigm", "TanhPade44"},
		{"sigm", "Serp"},
		{"SigmoidFastExp512", "TanhPade44"},
		{"SigmoidFastExp2", "Serp"},
	}
)

// choice marks the paper's recommendations.
var choice = map[string]string{
	"sigm_fastexp_512":               "Safe",
	"tanh_pade_4_4":                  "Safe",
	"sigm_fastexp_2":                 "Ranged",
	"serp":                           "Ranged",
	"sigm_fastexp_512/tanh_pade_4_4": "Safe",
	"sigm_fastexp_2/serp":            "Ranged",
}

// kindOf is the name rule that gives an approx kernel's target: names containing "Sigmoid"
// approximate the logistic function, names starting with "Tanh" or "Serp" tanh, "ReLU" ReLU;
// anything else (the exp kernels) is not an activation here.
func kindOf(name string) (nn.Kind, bool) {
	switch {
	case strings.Contains(name, "Sigmoid"):
		return nn.Sigmoid, true
	case strings.HasPrefix(name, "Tanh"), strings.HasPrefix(name, "Serp"):
		return nn.Tanh, true
	case strings.HasPrefix(name, "ReLU"):
		return nn.ReLU, true
	}
	return 0, false
}

// kernels are the float32 kernels approx exports, by API name, found by reflection over
// approx.Implementation's fields (NameF32), each from the best implementation level that has it
// (normally the active one; level names the level used where it is not the active one).
func kernels() (k map[string]func(dst, src []float32), order []string, level map[string]string) {
	k, level = map[string]func(dst, src []float32){}, map[string]string{}
	for i, impl := range approx.Implementations() {
		v := reflect.ValueOf(impl)
		for j := range v.NumField() {
			name, ok := strings.CutSuffix(v.Type().Field(j).Name, "F32")
			if !ok || k[name] != nil {
				continue
			}
			fn, ok := v.Field(j).Interface().(func(dst, src []float32))
			if !ok || fn == nil {
				continue
			}
			k[name] = fn
			order = append(order, name)
			if i > 0 {
				level[name] = impl.Name
			}
		}
	}
	return k, order, level
}

// registry resolves names to candidates: "tanh" and "sigm" are the exact references, anything
// else an approx API name.
type registry struct {
	k     map[string]func(dst, src []float32)
	order []string
	level map[string]string
}

func newRegistry() *registry {
	k, order, level := kernels()
	return &registry{k: k, order: order, level: level}
}

// implName is the approx implementation level in use (e.g. "avx2" or "purego").
func implName() string { return approx.Implementations()[0].Name }

func (r *registry) lookup(name string) (candidate, error) {
	switch name {
	case "tanh":
		return exactTanh, nil
	case "sigm":
		return exactSigmoid, nil
	}
	f, ok := r.k[name]
	if !ok {
		return candidate{}, fmt.Errorf("approx has no kernel %s", name)
	}
	kind, ok := kindOf(name)
	if !ok {
		return candidate{}, fmt.Errorf("approx kernel %s is not an activation", name)
	}
	label := paperNames[name]
	if label == "" {
		label = name
	}
	return candidate{Label: label, Kind: kind, F: f}, nil
}

// all lists every activation kernel approx exports for the kind, in declaration order.
func (r *registry) all(kind nn.Kind) []string {
	var out []string
	for _, n := range r.order {
		if k, ok := kindOf(n); ok && k == kind {
			out = append(out, n)
		}
	}
	return out
}
