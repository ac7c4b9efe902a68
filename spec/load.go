package spec

import (
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

var (
	targets  = []string{TargetTanh, TargetSigmoid, TargetExp, TargetReLU}
	families = []string{
		FamilyContFrac, FamilyPoly, FamilyPade, FamilySerpentine, FamilyFastExp, FamilyUltraFast,
		FamilyHardSigmoid, FamilyTable, FamilySchraudolph, FamilyReLU, FamilyReLUBranchFree,
		FamilyExpReduced, FamilySigmoidExp, FamilyTanhExp, FamilyTanhExpm1,
	}
	classes    = []string{ClassRanged, ClassSafe}
	types      = []string{"float32", "float64"}
	variants   = []string{"authors", "plain"}
	methods    = []string{"lsq", "minimax", "chebyshev"}
	measures   = []string{"absolute", "relative", "ulp"}
	symmetries = []string{"", "none", "odd", "even"}

	// familyParams are the parameter keys each family needs, all of them required.
	familyParams = map[string][]string{
		FamilyContFrac:    {"depth", "variant"},
		FamilyPoly:        {"degree", "fit"},
		FamilyPade:        {"pade", "fit"},
		FamilyFastExp:     {"n"},
		FamilyTable:       {"table_size", "table_max"},
		FamilySchraudolph: {"schraudolph_c"},
		FamilyExpReduced:  {"degree", "fit"},
		FamilySigmoidExp:  {"degree", "fit"},
		FamilyTanhExp:     {"degree", "fit", "near_zero"},
		FamilyTanhExpm1:   {"degree", "fit"},
	}
	// familyTargets are the targets a family can approximate (every target where absent).
	familyTargets = map[string][]string{
		FamilyContFrac:       {TargetTanh},
		FamilySerpentine:     {TargetTanh},
		FamilyFastExp:        {TargetSigmoid, TargetExp},
		FamilyUltraFast:      {TargetSigmoid},
		FamilyHardSigmoid:    {TargetSigmoid},
		FamilyTable:          {TargetSigmoid},
		FamilySigmoidExp:     {TargetSigmoid},
		FamilyTanhExp:        {TargetTanh},
		FamilyTanhExpm1:      {TargetTanh},
		FamilySchraudolph:    {TargetExp},
		FamilyExpReduced:     {TargetExp},
		FamilyReLU:           {TargetReLU},
		FamilyReLUBranchFree: {TargetReLU},
	}
	// bounded are the targets with limits that saturate and auto_clamp can clamp to.
	bounded = []string{TargetTanh, TargetSigmoid}
	// paramKeys are all family parameter keys.
	paramKeys = []string{"depth", "variant", "degree", "pade", "fit", "near_zero", "n", "table_size", "table_max", "schraudolph_c"}
	// commonKeys are the keys any entry may have.
	commonKeys = []string{
		"name", "doc", "target", "family", "class", "types", "bound",
		"odd", "monotone", "tiny_identity", "clamp_in", "saturate", "clamp_out", "auto_clamp", "float64",
		"division",
	}
	divisions = []string{"exact", "nr1fma"}
	// rationals are the families whose kernels divide, where division may be "nr1fma".
	rationals = []string{FamilyContFrac, FamilySerpentine, FamilyPade}
	fitKeys   = []string{"method", "range", "points", "symmetry", "error", "exact_origin"}
	boundKeys = []string{"abs", "rel", "ulp", "domain"}
)

// Load reads the spec files at paths and returns their entries, files in argument order and
// entries in file order.
//
// Every problem is reported, not only the first: the error is then an [Errors] holding all of
// them, sorted by file and line, and no entries are returned. Names and Go names must be
// unique across all the files.
func Load(paths ...string) ([]Entry, error) {
	var (
		all    []Entry
		errs   Errors
		byName = map[string]*Entry{}
		byGo   = map[string]*Entry{}
	)
	fileIndex := map[string]int{}
	for _, path := range paths {
		if _, ok := fileIndex[path]; !ok {
			fileIndex[path] = len(fileIndex)
		}
		entries := loadFile(path, &errs)
		for i := range entries {
			e := &entries[i]
			if e.GoName == "" { // the name is wrong, and was reported
				continue
			}
			pos := e.FieldPos("name")
			if prev, ok := byName[e.Name]; ok {
				errs = append(errs, &Error{File: pos.File, Line: pos.Line, Entry: e.Name, Field: "name",
					Msg: fmt.Sprintf("duplicate name, first defined at %s", posString(prev.FieldPos("name")))})
				continue
			}
			byName[e.Name] = e
			if prev, ok := byGo[e.GoName]; ok {
				errs = append(errs, &Error{File: pos.File, Line: pos.Line, Entry: e.Name, Field: "name",
					Msg: fmt.Sprintf("converts to Go name %q, as does %q at %s", e.GoName, prev.Name, posString(prev.FieldPos("name")))})
				continue
			}
			byGo[e.GoName] = e
		}
		// byName and byGo point into entries; appending to all copies them, which is fine as
		// the maps are only read for names and positions.
		all = append(all, entries...)
	}
	if len(errs) > 0 {
		sort.SliceStable(errs, func(i, j int) bool {
			fi, fj := fileIndex[errs[i].File], fileIndex[errs[j].File]
			if fi != fj {
				return fi < fj
			}
			return errs[i].Line < errs[j].Line
		})
		return nil, errs
	}
	return all, nil
}

func posString(p Pos) string { return fmt.Sprintf("%s:%d", p.File, p.Line) }

// loadFile parses and checks one file, appending its problems to errs.
func loadFile(path string, errs *Errors) []Entry {
	data, err := os.ReadFile(path)
	if err != nil {
		*errs = append(*errs, &Error{File: path, Msg: err.Error()})
		return nil
	}
	src := string(data)
	var doc map[string]any
	if _, err := toml.Decode(src, &doc); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			*errs = append(*errs, &Error{File: path, Line: pe.Position.Line, Msg: "syntax error: " + pe.Message})
		} else {
			*errs = append(*errs, &Error{File: path, Msg: err.Error()})
		}
		return nil
	}
	sc := scanKeys(src)
	for _, k := range sortedKeys(doc, sc.top) {
		if k != entryTable {
			*errs = append(*errs, &Error{File: path, Line: sc.top[k], Field: k, Msg: "unknown key"})
		}
	}
	raw, ok := doc[entryTable]
	if !ok {
		return nil
	}
	tables, ok := raw.([]map[string]any)
	if !ok || len(tables) != len(sc.entries) {
		*errs = append(*errs, &Error{File: path, Line: sc.top[entryTable], Field: entryTable,
			Msg: "must be written as [[approximant]] tables, one per entry"})
		return nil
	}
	var entries []Entry
	for i, m := range tables {
		d := &entryDec{file: path, index: i + 1, line: sc.entries[i].line, keys: sc.entries[i].keys, errs: errs}
		e := d.decode(m)
		entries = append(entries, e)
	}
	return entries
}

// sortedKeys returns the keys of m sorted by line, then name.
func sortedKeys(m map[string]any, lines keyLines) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		li, lj := lines[keys[i]], lines[keys[j]]
		if li != lj {
			return li < lj
		}
		return keys[i] < keys[j]
	})
	return keys
}

// entryDec decodes one [[approximant]] table.
type entryDec struct {
	file  string
	index int // 1-based, in the file
	line  int // of the header
	keys  keyLines
	label string // entry name for messages
	errs  *Errors
}

// lineOf returns the line of a dotted key path, of its closest recorded prefix, or of the header.
func (d *entryDec) lineOf(path string) int {
	for {
		if l, ok := d.keys[path]; ok {
			return l
		}
		i := strings.LastIndexByte(path, '.')
		if i < 0 {
			return d.line
		}
		path = path[:i]
	}
}

func (d *entryDec) errorAt(path, field, msg string) {
	*d.errs = append(*d.errs, &Error{File: d.file, Line: d.lineOf(path), Entry: d.label, Field: field, Msg: msg})
}

func (d *entryDec) decode(m map[string]any) Entry {
	e := Entry{Pos: Pos{File: d.file, Line: d.line}, Fields: map[string]Pos{}}
	for k := range m {
		e.Fields[k] = Pos{File: d.file, Line: d.lineOf(k)}
	}
	t := table{d: d, m: m}

	// The name labels every other message, so it comes first.
	d.label = fmt.Sprintf("approximant #%d", d.index)
	if name, ok := t.str("name", true); ok {
		if isLabel(name) {
			d.label = name
		}
		if g, err := checkName(name); err != nil {
			t.fail("name", err.Error())
		} else {
			e.Name, e.GoName = name, g
		}
	}

	if doc, ok := t.str("doc", false); ok {
		if strings.ContainsAny(doc, "\r\n") {
			t.fail("doc", "must be one line")
		}
		e.Doc = doc
	}
	var targetOK bool
	e.Target, targetOK = t.oneOf("target", "target", targets)
	family, familyOK := t.oneOf("family", "family", families)
	e.Family = family
	e.Class, _ = t.oneOf("class", "class", classes)
	e.Types = t.types("types")

	if familyOK {
		d.params(t, &e)
		if o, ok := t.sub("float64", false); ok {
			e.Float64 = o.override(&e)
		}
	} else {
		// Still check the parameters' types so that fixing the family shows no new errors
		// of that kind; their presence cannot be judged without a family.
		for _, k := range paramKeys {
			if k != "fit" && k != "pade" && k != "variant" && k != "near_zero" {
				t.number(k, false, k == "depth" || k == "degree" || k == "n" || k == "table_size")
			}
		}
	}

	if b, ok := t.sub("bound", true); ok {
		e.Bound = b.bound()
	}
	e.Odd, _ = t.boolean("odd")
	e.Monotone, _ = t.boolean("monotone")
	e.TinyIdentity, _ = t.boolean("tiny_identity")
	if e.TinyIdentity && targetOK && e.Target != TargetTanh {
		t.fail("tiny_identity", fmt.Sprintf("target %s is not x + O(x^3) near 0", e.Target))
	}
	e.AutoClamp, _ = t.boolean("auto_clamp")
	if ts, ok := familyTargets[e.Family]; ok && targetOK && !slices.Contains(ts, e.Target) {
		t.fail("target", fmt.Sprintf("family %q approximates %s, not %s", e.Family, strings.Join(ts, " or "), e.Target))
	}
	if e.AutoClamp && targetOK && !slices.Contains(bounded, e.Target) {
		t.fail("auto_clamp", fmt.Sprintf("target %s has no limit to clamp to", e.Target))
	}
	if r, ok := t.pair("clamp_in", false); ok {
		if t.interval("clamp_in", r) {
			e.ClampIn = &r
		}
	}
	if s, ok := t.number("saturate", false, false); ok {
		t.positive("saturate", s)
		if targetOK && !slices.Contains(bounded, e.Target) {
			t.fail("saturate", fmt.Sprintf("target %s has no limits to saturate to", e.Target))
		}
		e.Saturate = s
	}
	if r, ok := t.pair("clamp_out", false); ok {
		if t.interval("clamp_out", r) {
			e.ClampOut = &r
		}
	}
	if _, ok := t.m["division"]; ok {
		e.Division, _ = t.oneOf("division", "division", divisions)
		if e.Division == "nr1fma" && familyOK && !slices.Contains(rationals, e.Family) {
			t.fail("division", fmt.Sprintf("family %q has no division to approximate", e.Family))
		}
	}
	t.unknown(commonKeys, paramKeys)
	return e
}

// isLabel says whether a name is tame enough to label messages.
func isLabel(name string) bool {
	if name == "" {
		return false
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// params checks the family parameters of e against its (valid) family and fills them in.
func (d *entryDec) params(t table, e *Entry) {
	want := familyParams[e.Family]
	for _, k := range paramKeys {
		if _, ok := t.m[k]; ok && !slices.Contains(want, k) {
			if len(want) == 0 {
				t.fail(k, fmt.Sprintf("not a parameter of family %q, which has none", e.Family))
			} else {
				t.fail(k, fmt.Sprintf("not a parameter of family %q (want %s)", e.Family, strings.Join(want, ", ")))
			}
		}
	}
	missing := func(k string) {
		t.fail(k, fmt.Sprintf("missing (family %q needs %s)", e.Family, strings.Join(want, ", ")))
	}
	// coefs is the number of fitted coefficients (0: unknown, the degrees are wrong), and deg
	// describes the fitted function.
	coefs, deg := 0, ""
	for _, k := range want {
		if _, ok := t.m[k]; !ok {
			missing(k)
			continue
		}
		switch k {
		case "depth":
			if v, ok := t.integer(k, true); ok {
				if v < 1 {
					t.bad(k, strconv.Itoa(v), "must be >= 1")
				}
				e.Depth = v
			}
		case "variant":
			e.Variant, _ = t.oneOf(k, "variant", variants)
		case "degree":
			if v, ok := t.integer(k, true); ok {
				if v < 0 {
					t.bad(k, strconv.Itoa(v), "must be >= 0")
				} else if v < math.MaxInt/4 {
					coefs, deg = v+1, fmt.Sprintf("degree-%d poly", v)
				}
				e.Degree = v
			}
		case "pade":
			if nm, ok := d.pade(t); ok {
				e.Num, e.Den = nm[0], nm[1]
				// P_n/Q_m with Q's constant term fixed has n+m+1 coefficients.
				if nm[0] >= 0 && nm[1] >= 0 && nm[0] < math.MaxInt/4 && nm[1] < math.MaxInt/4 {
					coefs, deg = nm[0]+nm[1]+1, fmt.Sprintf("[%d/%d] pade", nm[0], nm[1])
				}
			}
		case "n":
			if v, ok := t.integer(k, true); ok {
				if v < 2 || v&(v-1) != 0 {
					t.bad(k, strconv.Itoa(v), "must be a power of two >= 2")
				}
				e.N = v
			}
		case "table_size":
			if v, ok := t.integer(k, true); ok {
				if v < 2 {
					t.bad(k, strconv.Itoa(v), "must be >= 2")
				}
				e.TableSize = v
			}
		case "table_max":
			if v, ok := t.number(k, true, false); ok {
				t.positive(k, v)
				e.TableMax = v
			}
		case "schraudolph_c":
			if v, ok := t.number(k, true, false); ok {
				switch {
				case v < 0:
					t.bad(k, fmtFloat(v), "must be >= 0")
				case math.IsInf(v, 0):
					t.bad(k, fmtFloat(v), "must be finite")
				}
				e.SchraudolphC = v
			}
		case "near_zero":
			if nz, ok := t.sub(k, true); ok {
				e.NearZero = nz.nearZero()
			}
		case "fit":
			// Checked below, once the degrees are known.
		}
	}
	if slices.Contains(want, "fit") {
		if f, ok := t.sub("fit", false); ok {
			e.Fit = f.fit(coefs, deg)
		}
	}
}

// override reads `float64 = { degree = ..., fit = { ... } }`: the float64 kernel's own degree
// and fit, for families fitted by degree, where float64 needs a higher degree than float32.
func (t table) override(e *Entry) *Override {
	want := familyParams[e.Family]
	if !slices.Contains(want, "degree") || !slices.Contains(want, "fit") {
		t.d.errorAt(t.path[:len(t.path)-1], t.field, fmt.Sprintf("family %q has no degree and fit to override", e.Family))
		return nil
	}
	if !slices.Contains(e.Types, "float64") {
		t.d.errorAt(t.path[:len(t.path)-1], t.field, "types has no float64")
	}
	o := &Override{Degree: e.Degree, Fit: e.Fit}
	keys := []string{"degree", "fit"}
	if slices.Contains(want, "near_zero") {
		keys = append(keys, "near_zero")
		if nz, ok := t.sub("near_zero", false); ok {
			o.NearZero = nz.nearZero()
		}
	}
	if v, ok := t.integer("degree", false); ok {
		if v < 0 {
			t.bad("degree", strconv.Itoa(v), "must be >= 0")
		}
		o.Degree = v
	}
	if f, ok := t.sub("fit", false); ok {
		o.Fit = f.fit(o.Degree+1, fmt.Sprintf("degree-%d poly", o.Degree))
	}
	t.unknown(keys)
	return o
}

// nearZero reads tanh_exp's `near_zero = { degree = ..., fit = { ... } }`.
func (t table) nearZero() *NearZero {
	nz := &NearZero{}
	coefs := 0
	if v, ok := t.integer("degree", true); ok {
		if v < 3 || v%2 == 0 {
			t.bad("degree", strconv.Itoa(v), "must be odd and >= 3")
		} else if v < math.MaxInt/4 {
			coefs = (v + 1) / 2
		}
		nz.Degree = v
	}
	if f, ok := t.sub("fit", true); ok {
		nz.Fit = f.fit(coefs, fmt.Sprintf("degree-%d odd poly", nz.Degree))
		if nz.Fit.Symmetry != "odd" || !nz.Fit.ExactOrigin || nz.Fit.Range[0] != 0 {
			f.d.errorAt(f.path[:len(f.path)-1], f.field, `must have symmetry = "odd", exact_origin = true and a range [0, switch point]`)
		}
	}
	t.unknown([]string{"degree", "fit"})
	return nz
}

// pade reads `pade = [num degree, den degree]`.
func (d *entryDec) pade(t table) ([2]int, bool) {
	arr, ok := t.array("pade", true)
	if !ok {
		return [2]int{}, false
	}
	if len(arr) != 2 {
		t.fail("pade", fmt.Sprintf("must be [num degree, den degree], not %d values", len(arr)))
		return [2]int{}, false
	}
	var nm [2]int
	good := true
	for i, what := range []string{"num", "den"} {
		v, ok := asInt(arr[i])
		if !ok {
			t.fail("pade", fmt.Sprintf("%s degree: must be an integer, not %s", what, describe(arr[i])))
			good = false
			continue
		}
		if v < 0 {
			t.fail("pade", fmt.Sprintf("%s degree %d: must be >= 0", what, v))
		}
		nm[i] = v
	}
	return nm, good
}

// fit reads a fit table. coefs is the number of fitted coefficients (0: not known), deg
// describes the fitted function.
func (t table) fit(coefs int, deg string) Fit {
	var f Fit
	f.Method, _ = t.oneOf("method", "fit method", methods)
	if r, ok := t.pair("range", true); ok {
		if math.IsInf(r[0], 0) || math.IsInf(r[1], 0) {
			t.bad("range", fmtPair(r), "must be finite")
		} else {
			t.interval("range", r)
		}
		f.Range = r
	}
	if p, ok := t.integer("points", f.Method != "chebyshev"); ok {
		switch {
		case p < 2:
			t.bad("points", strconv.Itoa(p), "must be >= 2")
		case coefs > 0 && p < coefs:
			t.bad("points", strconv.Itoa(p), fmt.Sprintf("fewer than the %d coefficients of a %s", coefs, deg))
		}
		f.Points = p
	}
	if _, ok := t.m["symmetry"]; ok {
		f.Symmetry, _ = t.oneOf("symmetry", "symmetry", symmetries)
	}
	if _, ok := t.m["error"]; ok && f.Method != "minimax" {
		t.fail("error", "only for method \"minimax\"")
	}
	if _, ok := t.m["exact_origin"]; ok && f.Method == "lsq" {
		t.fail("exact_origin", "only for methods \"minimax\" and \"chebyshev\"")
	}
	if _, ok := t.m["error"]; ok {
		f.Error, _ = t.oneOf("error", "error measure", measures)
	}
	f.ExactOrigin, _ = t.boolean("exact_origin")
	t.unknown(fitKeys)
	return f
}

// bound reads a bound table.
func (t table) bound() Bound {
	var b Bound
	var given bool
	for _, k := range []string{"abs", "rel", "ulp"} {
		v, ok := t.number(k, false, false)
		if !ok {
			if _, present := t.m[k]; present {
				given = true // wrong, and reported; do not also say none is given
			}
			continue
		}
		given = true
		t.positive(k, v)
		switch k {
		case "abs":
			b.Abs = v
		case "rel":
			b.Rel = v
		case "ulp":
			b.ULP = v
		}
	}
	if !given {
		t.d.errorAt(t.path, t.field, "needs at least one of abs, rel, ulp")
	}
	if r, ok := t.pair("domain", true); ok {
		t.interval("domain", r)
		b.Domain = r
	}
	t.unknown(boundKeys)
	return b
}

// table is a TOML table being decoded: an entry, or one of its sub-tables (fit, bound).
type table struct {
	d     *entryDec
	m     map[string]any
	field string // the entry key holding the table ("fit"); "" for the entry itself
	path  string // dotted path prefix for lines: "fit." or ""
}

// fail reports a problem with key.
func (t table) fail(key, msg string) {
	if t.field == "" {
		t.d.errorAt(t.path+key, key, msg)
	} else {
		t.d.errorAt(t.path+key, t.field, key+": "+msg)
	}
}

// bad reports a wrong value of key.
func (t table) bad(key, value, msg string) {
	if t.field == "" {
		t.d.errorAt(t.path+key, key, value+": "+msg)
	} else {
		t.d.errorAt(t.path+key, t.field, key+" "+value+": "+msg)
	}
}

// get returns the value of key, reporting it if it is required and missing.
func (t table) get(key string, required bool) (any, bool) {
	v, ok := t.m[key]
	if !ok && required {
		t.fail(key, "missing")
	}
	return v, ok
}

// unknown reports the keys of t not in any of known.
func (t table) unknown(known ...[]string) {
	for _, k := range sortedKeys(t.m, t.linesFor()) {
		found := false
		for _, ks := range known {
			found = found || slices.Contains(ks, k)
		}
		if !found {
			if t.field == "" {
				t.fail(k, "unknown key")
			} else {
				t.d.errorAt(t.path+k, t.field, fmt.Sprintf("unknown key %q", k))
			}
		}
	}
}

// linesFor returns the lines of t's keys, relative to t.
func (t table) linesFor() keyLines {
	l := keyLines{}
	for k := range t.m {
		l[k] = t.d.lineOf(t.path + k)
	}
	return l
}

func (t table) sub(key string, required bool) (table, bool) {
	v, ok := t.get(key, required)
	if !ok {
		return table{}, false
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.fail(key, "must be a table, not "+describe(v))
		return table{}, false
	}
	return table{d: t.d, m: m, field: t.path + key, path: t.path + key + "."}, true
}

func (t table) str(key string, required bool) (string, bool) {
	v, ok := t.get(key, required)
	if !ok {
		return "", false
	}
	s, ok := v.(string)
	if !ok {
		t.fail(key, "must be a string, not "+describe(v))
	}
	return s, ok
}

// oneOf reads a required string key that must be one of allowed; what names it in messages.
func (t table) oneOf(key, what string, allowed []string) (string, bool) {
	s, ok := t.str(key, true)
	if !ok {
		return "", false
	}
	if !slices.Contains(allowed, s) {
		var want []string
		for _, a := range allowed {
			want = append(want, strconv.Quote(a))
		}
		t.fail(key, fmt.Sprintf("unknown %s %q (want %s)", what, s, strings.Join(want, ", ")))
		return s, false
	}
	return s, true
}

func (t table) boolean(key string) (bool, bool) {
	v, ok := t.get(key, false)
	if !ok {
		return false, false
	}
	b, ok := v.(bool)
	if !ok {
		t.fail(key, "must be true or false, not "+describe(v))
	}
	return b, ok
}

func (t table) integer(key string, required bool) (int, bool) {
	v, ok := t.get(key, required)
	if !ok {
		return 0, false
	}
	n, ok := asInt(v)
	if !ok {
		t.fail(key, "must be an integer, not "+describe(v))
	}
	return n, ok
}

// number reads a float (an integer will do). NaN is an error; so is an integer-valued key
// given a float if integral is set.
func (t table) number(key string, required, integral bool) (float64, bool) {
	v, ok := t.get(key, required)
	if !ok {
		return 0, false
	}
	if integral {
		if _, ok := asInt(v); !ok {
			t.fail(key, "must be an integer, not "+describe(v))
			return 0, false
		}
	}
	f, ok := asFloat(v)
	if !ok {
		t.fail(key, "must be a number, not "+describe(v))
		return 0, false
	}
	if math.IsNaN(f) {
		t.fail(key, "must be a number, not nan")
		return 0, false
	}
	return f, true
}

func (t table) array(key string, required bool) ([]any, bool) {
	v, ok := t.get(key, required)
	if !ok {
		return nil, false
	}
	a, ok := v.([]any)
	if !ok {
		t.fail(key, "must be an array, not "+describe(v))
	}
	return a, ok
}

// pair reads [lo, hi]. Infinities are allowed; NaN is not.
func (t table) pair(key string, required bool) ([2]float64, bool) {
	a, ok := t.array(key, required)
	if !ok {
		return [2]float64{}, false
	}
	if len(a) != 2 {
		t.fail(key, fmt.Sprintf("must be [lo, hi], not %d values", len(a)))
		return [2]float64{}, false
	}
	var r [2]float64
	for i, x := range a {
		f, ok := asFloat(x)
		if !ok {
			t.fail(key, "must be [lo, hi] numbers, not "+describe(x))
			return r, false
		}
		if math.IsNaN(f) {
			t.fail(key, "must be [lo, hi] numbers, not nan")
			return r, false
		}
		r[i] = f
	}
	return r, true
}

// positive reports v if it is not finite and > 0.
func (t table) positive(key string, v float64) {
	switch {
	case v <= 0:
		t.bad(key, fmtFloat(v), "must be > 0")
	case math.IsInf(v, 0):
		t.bad(key, fmtFloat(v), "must be finite")
	}
}

// interval reports r if it is empty or reversed.
func (t table) interval(key string, r [2]float64) bool {
	switch {
	case r[0] == r[1]:
		t.bad(key, fmtPair(r), "empty (lo == hi)")
	case r[0] > r[1]:
		t.bad(key, fmtPair(r), "reversed (lo > hi)")
	default:
		return true
	}
	return false
}

// types reads the types list.
func (t table) types(key string) []string {
	a, ok := t.array(key, true)
	if !ok {
		return nil
	}
	if len(a) == 0 {
		t.fail(key, "empty (want float32, float64 or both)")
		return nil
	}
	var ts []string
	for _, v := range a {
		s, ok := v.(string)
		switch {
		case !ok:
			t.fail(key, "must be strings, not "+describe(v))
		case !slices.Contains(types, s):
			t.fail(key, fmt.Sprintf("unknown type %q (want \"float32\", \"float64\")", s))
		case slices.Contains(ts, s):
			t.fail(key, fmt.Sprintf("%q listed twice", s))
		default:
			ts = append(ts, s)
		}
	}
	return ts
}

func asInt(v any) (int, bool) {
	n, ok := v.(int64)
	if !ok || int64(int(n)) != n {
		return 0, false
	}
	return int(n), true
}

func asFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int64:
		return float64(x), true
	}
	return 0, false
}

// describe names the TOML type of v, with v itself if short.
func describe(v any) string {
	switch x := v.(type) {
	case string:
		if len(x) <= 20 {
			return fmt.Sprintf("string %q", x)
		}
		return "string"
	case int64:
		return fmt.Sprintf("integer %d", x)
	case float64:
		return "float " + fmtFloat(x)
	case bool:
		return fmt.Sprintf("boolean %t", x)
	case []any, []map[string]any:
		return "array"
	case map[string]any:
		return "table"
	default:
		return "datetime"
	}
}

func fmtFloat(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

func fmtPair(r [2]float64) string { return "[" + fmtFloat(r[0]) + ", " + fmtFloat(r[1]) + "]" }
