package emit

import (
	"bytes"
	"embed"
	"go/format"
	"text/template"
)

// The files every output gets as they are, but for the package's name and import path.
//
//go:embed templates/*.tmpl
var supportFiles embed.FS

var support = template.Must(template.ParseFS(supportFiles, "templates/*.tmpl"))

// supportFile prints the template name for cfg.
func supportFile(name string, cfg Config) ([]byte, error) {
	var b bytes.Buffer
	data := struct {
		Header, Pkg, ImportPath string
	}{Header, cfg.Pkg, cfg.ImportPath}
	if err := support.ExecuteTemplate(&b, name, data); err != nil {
		return nil, err
	}
	return format.Source(b.Bytes())
}

// DispatchFile is the root package's level table: the levels the machine can run, the active
// one, and the argument check the assembly levels make before entering assembly.
func DispatchFile(cfg Config) ([]byte, error) { return supportFile("dispatch.go.tmpl", cfg) }

// FallbackCheckFile is fallback/check.go: the argument check every kernel makes, at every level.
func FallbackCheckFile(cfg Config) ([]byte, error) { return supportFile("check.go.tmpl", cfg) }
