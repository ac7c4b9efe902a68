package spec

import (
	"fmt"
	"go/token"
	"strings"
)

// goWords spells whole parts of a spec name that do not simply get an upper-case first letter.
var goWords = map[string]string{
	"sigm":       "Sigmoid",
	"fastexp":    "FastExp",
	"relu":       "ReLU",
	"branchfree": "BranchFree",
	"word2vec":   "Word2Vec",
}

// reservedGoNames are Go names the generated package uses for itself.
var reservedGoNames = map[string]bool{
	"Implementation":  true,
	"Implementations": true,
}

// GoName converts a snake_case spec name to its Go name: the name is split on "_" and each
// part gets an upper-case first letter, except for the parts sigm (Sigmoid), fastexp
// (FastExp), relu (ReLU), branchfree (BranchFree) and word2vec (Word2Vec). Digits stay:
// "tanh_pade_4_4" gives "TanhPade44", "sigm_fastexp_512" gives "SigmoidFastExp512".
//
// GoName does not check its result; Load rejects names whose Go name is not a valid exported
// identifier.
func GoName(name string) string {
	var b strings.Builder
	for part := range strings.SplitSeq(name, "_") {
		if w, ok := goWords[part]; ok {
			b.WriteString(w)
		} else if part != "" {
			b.WriteString(strings.ToUpper(part[:1]))
			b.WriteString(part[1:])
		}
	}
	return b.String()
}

// checkName returns the Go name of a spec name, or what is wrong with the name.
func checkName(name string) (string, error) {
	if name == "" {
		return "", fmt.Errorf("empty")
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return "", fmt.Errorf("%q: not snake_case: %q not in [a-z0-9_]", name, c)
		}
	}
	if strings.HasPrefix(name, "_") || strings.HasSuffix(name, "_") || strings.Contains(name, "__") {
		return "", fmt.Errorf("%q: not snake_case: empty part between underscores", name)
	}
	g := GoName(name)
	if !token.IsIdentifier(g) || !token.IsExported(g) {
		return "", fmt.Errorf("%q converts to %q, not a valid Go identifier", name, g)
	}
	if reservedGoNames[g] {
		return "", fmt.Errorf("%q converts to %q, a name reserved for the generated package", name, g)
	}
	return g, nil
}
