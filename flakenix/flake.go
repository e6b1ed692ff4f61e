// Package flakenix reads and edits flake.nix files without disturbing a
// byte it does not have to.
//
// It is two layers, like golang.org/x/mod/modfile: a lossless syntax tree
// of the whole Nix language (every byte belongs to a token, printing the
// tree gives the input back), and a small view of what a flake declares —
// its description, inputs, follows and overrides, the "# flake-unify: …"
// comments beside them, and the formals of its outputs function — whose
// items point back at their syntax. Edits are byte splices at places a
// person would choose, and every edited text is parsed again before it
// replaces the old one.
package flakenix

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/flake-unify/flake-unify/diag"
)

// File is a parsed flake.nix.
type File struct {
	name string
	src  []byte
	toks []token
	root *Root

	top         *AttrSet
	description *string
	inputs      []*Input
	outputs     *Outputs
	blocks      []*block
	directives  []pendingDirective

	byName map[string]*Input // the root inputs, while the view is built
	names  []string          // backing for the attribute names of entries
}

// Input is one input declaration, either a root input (Path has one
// element) or an override of a dependency's input (inputs.A.inputs.B… gives
// Path [A, B, …]). One input may be spread over several bindings.
type Input struct {
	Path []string
	// Attrs are the flake reference attributes (url, type, owner, …) and
	// flake, in source order; follows and inputs are not among them.
	Attrs []Attr
	// Follows is the target of a follows declaration, as written; ok only
	// when HasFollows.
	Follows    string
	HasFollows bool
	// Inputs are the overrides declared for this input's own inputs.
	Inputs []*Input
	// Pos is where the input is first mentioned.
	Pos diag.Pos
	// Directives are the `# flake-unify: …` comments on the line of one of
	// the bindings that declare this input, or alone on the line just above
	// such a binding, in source order (see Directive).
	Directives []Directive

	follows *Binding
	blocks  []*block // attribute sets that belong to this input
	leaves  []*Binding
}

// Attr is a flake reference attribute: Value is a string, int64 or bool
// (a path literal, accepted as url by Nix ≥ 2.26, is a PathValue). An
// unquoted URI (url = github:owner/repo;) is the string it spells, as Nix
// reads it.
type Attr struct {
	Name  string
	Value any
	Pos   diag.Pos
}

// PathValue is the source text of a path literal used as an attribute value.
type PathValue string

// Outputs describes the outputs function's parameters, which decide whether
// Nix can call it with one more input.
type Outputs struct {
	// Formals are the names in { … }, in order; nil when the function takes
	// a plain parameter (outputs = inputs: …).
	Formals  []string
	Ellipsis bool
	// At is the name bound with @ (or the plain parameter), "" if none.
	At  string
	Pos diag.Pos

	HasFormals bool
}

// Accepts reports whether the outputs function can be called with an input
// of that name: Nix passes every input as an argument.
func (o *Outputs) Accepts(name string) bool {
	if !o.HasFormals || o.Ellipsis || name == "self" {
		return true
	}
	for _, f := range o.Formals {
		if f == name {
			return true
		}
	}
	return false
}

// Name is the last element of the input's path.
func (in *Input) Name() string { return in.Path[len(in.Path)-1] }

// Attr returns the attribute with that name.
func (in *Input) Attr(name string) (Attr, bool) {
	for _, a := range in.Attrs {
		if a.Name == name {
			return a, true
		}
	}
	return Attr{}, false
}

// URL returns the url attribute when it is a string.
func (in *Input) URL() (string, bool) {
	a, ok := in.Attr("url")
	s, isStr := a.Value.(string)
	return s, ok && isStr
}

// IsFlake is false for an input declared with flake = false.
func (in *Input) IsFlake() bool {
	a, ok := in.Attr("flake")
	return !ok || a.Value != false
}

// hasRef reports whether the input names a flake reference of its own
// (url, type or any attribute of an attribute-set reference).
func (in *Input) hasRef() bool {
	for _, a := range in.Attrs {
		if a.Name != "flake" {
			return true
		}
	}
	return false
}

// block is an attribute set literal inside the flake's structure, with the
// full static attribute path it sits at ([] for the top level).
type block struct {
	path    []string
	set     *AttrSet
	entries []entry
	parent  *block   // nil for the top level
	holder  *Binding // the binding in parent whose value is set
}

type entry struct {
	names []string
	bind  *Binding
}

// Parse parses a flake.nix. Besides syntax errors it refuses, with a
// positioned error and a hint, what Nix would refuse in a flake.nix and
// what cannot be edited safely: a top level that is not an attribute set
// literal, unknown top-level attributes, and inputs that are computed.
func Parse(filename string, src []byte) (*File, error) {
	root, toks, serr := parseTokens(src)
	if serr != nil {
		return nil, &diag.Error{File: filename, Pos: diag.PosOf(src, serr.off), What: serr.what, Why: serr.why,
			Hint: "Nix cannot parse this file either; fix it, then check with `nix-instantiate --parse " + filename + "`"}
	}
	f := &File{name: filename, src: src, toks: toks, root: root}
	if err := f.buildView(); err != nil {
		return nil, err
	}
	return f, nil
}

// Root returns the syntax tree.
func (f *File) Root() *Root { return f.root }

// Bytes returns the current source.
func (f *File) Bytes() []byte { return f.src }

// Description returns the description string, if the flake has one.
func (f *File) Description() (string, bool) {
	if f.description == nil {
		return "", false
	}
	return *f.description, true
}

// Inputs returns the root inputs in order of first mention.
func (f *File) Inputs() []*Input { return f.inputs }

// Outputs describes the outputs function; nil when there is none or it is
// not written as a function literal.
func (f *File) Outputs() *Outputs { return f.outputs }

// Input finds the input (or override) at path.
func (f *File) Input(path ...string) *Input {
	list := f.inputs
	var found *Input
	for _, name := range path {
		found = nil
		for _, in := range list {
			if in.Name() == name {
				found = in
				break
			}
		}
		if found == nil {
			return nil
		}
		list = found.Inputs
	}
	return found
}

// Follows returns the follows target declared for the input at path.
func (f *File) Follows(path []string) (target string, ok bool) {
	in := f.Input(path...)
	if in == nil || !in.HasFollows {
		return "", false
	}
	return in.Follows, true
}

func (f *File) errAt(n Node, what, why, hint string) *diag.Error {
	var pos diag.Pos
	if n != nil {
		pos = n.Pos()
	}
	return &diag.Error{File: f.name, Pos: pos, What: what, Why: why, Hint: hint}
}

const hintLiteral = "Nix reads flake inputs without evaluating them: write them as plain attribute sets and string literals (no let, with, variables, interpolation or function calls)"

func (f *File) buildView() error {
	x := unparen(f.root.X)
	top, ok := x.(*AttrSet)
	if !ok || top.LegacyLet {
		why := "found " + describe(x)
		return f.errAt(x, "flake.nix is not a literal attribute set", why,
			"Nix requires the top level of flake.nix to be { … } or rec { … }; move let bindings and with into outputs")
	}
	f.top = top
	tb := &block{path: nil, set: top}
	f.blocks = append(f.blocks, tb)
	f.byName = make(map[string]*Input)
	f.findDirectives()
	err := f.collect(tb)
	f.byName, f.names = nil, nil
	if err != nil {
		return err
	}
	return f.checkRefs(f.inputs)
}

// checkRefs refuses what Nix refuses once it has all of an input's
// attributes: without type, a flake reference is its url alone, and any
// other attribute (dir, ref, rev, …) is unexpected; they go in the url's
// query, or every attribute goes beside a type.
func (f *File) checkRefs(ins []*Input) error {
	for _, in := range ins {
		if _, typed := in.Attr("type"); !typed {
			for _, a := range in.Attrs {
				if a.Name == "url" || a.Name == "flake" {
					continue
				}
				return &diag.Error{File: f.name, Pos: a.Pos,
					What: fmt.Sprintf("input '%s' attribute '%s' is unexpected", strings.Join(in.Path, "/"), a.Name),
					Why:  "without type, Nix reads a flake reference from url alone",
					Hint: fmt.Sprintf("put %s in the url's query (e.g. url = \"github:owner/repo?%s=…\";), or give the input a type and all its attributes", a.Name, a.Name)}
			}
		}
		if err := f.checkRefs(in.Inputs); err != nil {
			return err
		}
	}
	return nil
}

func describe(n Node) string {
	switch n := n.(type) {
	case *Let:
		return "let … in"
	case *With:
		return "with …;"
	case *Lambda:
		return "a function"
	case *Apply:
		return "a function call"
	case *Ident:
		return "the variable " + n.Name
	case *AttrSet:
		if n.LegacyLet {
			return "let { … }"
		}
		return "an attribute set"
	case *String:
		if len(n.Parts) > 0 {
			if _, ok := stringValue(n); !ok {
				return "an interpolated string"
			}
		}
		return "a string"
	case *Select:
		return "an attribute selection"
	case *Literal:
		switch n.Kind {
		case FloatLit:
			return "a float"
		case URILit:
			return "the unquoted URI " + n.Raw
		case SearchPathLit:
			return "the search path " + n.Raw
		}
	case *Inherit:
		return "inherit"
	case *If:
		return "if … then … else"
	}
	return "an expression"
}

// isTopLevel: the attributes a flake may define (a switch, not a map, so
// that nothing is allocated when a program starts).
func isTopLevel(name string) bool {
	switch name {
	case "description", "inputs", "outputs", "nixConfig":
		return true
	}
	return false
}

func (f *File) collect(b *block) error {
	for _, bn := range b.set.Binds {
		if inh, ok := bn.(*Inherit); ok {
			if len(b.path) == 0 || b.path[0] == "inputs" {
				return f.errAt(inh, "inherit is not supported here", "Nix would see a computed value", hintLiteral)
			}
			continue
		}
		bind := bn.(*Binding)
		if b.entries == nil {
			b.entries = make([]entry, 0, len(b.set.Binds))
		}
		// names and full share one allocation: full is b.path then names.
		full := f.strings(len(b.path) + len(bind.Path.Attrs))
		full = append(full, b.path...)
		for _, a := range bind.Path.Attrs {
			name, ok := staticName(a)
			if !ok {
				return f.errAt(a, "dynamic attribute name", "Nix requires the names in a flake's top level and inputs to be literal", hintLiteral)
			}
			full = append(full, name)
		}
		names := full[len(b.path):]
		b.entries = append(b.entries, entry{names: names, bind: bind})
		if !isTopLevel(full[0]) {
			return f.errAt(bind.Path.Attrs[len(b.path)], fmt.Sprintf("unsupported top-level attribute '%s'", full[0]),
				"a flake may only define description, inputs, outputs and nixConfig",
				"move helper values into a let inside outputs")
		}
		if full[0] != "inputs" {
			if len(full) == 1 {
				f.topLevel(full[0], bind)
			}
			continue
		}
		v := unparen(bind.Value)
		if set, ok := v.(*AttrSet); ok && !set.LegacyLet {
			if err := f.inputsNode(full, bind, nil); err != nil {
				return err
			}
			f.declared(full, bind)
			nb := &block{path: full, set: set, parent: b, holder: bind}
			f.blocks = append(f.blocks, nb)
			if in := f.inputAt(full); in != nil {
				in.blocks = append(in.blocks, nb)
			}
			if err := f.collect(nb); err != nil {
				return err
			}
			continue
		}
		if err := f.inputsNode(full, bind, v); err != nil {
			return err
		}
		f.declared(full, bind)
	}
	return nil
}

// declared notes that bind, at the full path under inputs, declares the
// deepest input that path names, for the directives beside it.
func (f *File) declared(full []string, bind *Binding) {
	if len(f.directives) == 0 {
		return
	}
	if ip, _, _ := splitInputsPath(full); ip != nil {
		f.attachDirectives(f.ensureInput(ip, bind.Path), bind)
	}
}

// strings returns an empty slice with room for n strings, carved from a
// shared backing array; appending beyond n reallocates.
func (f *File) strings(n int) []string {
	if cap(f.names)-len(f.names) < n {
		f.names = make([]string, 0, max(n, 256))
	}
	l := f.names[len(f.names) : len(f.names) : len(f.names)+n]
	f.names = f.names[:len(f.names)+n]
	return l
}

func (f *File) topLevel(name string, bind *Binding) {
	switch name {
	case "description":
		if s, ok := unparen(bind.Value).(*String); ok {
			if v, ok := stringValue(s); ok {
				f.description = &v
			}
		}
	case "outputs":
		lam, ok := unparen(bind.Value).(*Lambda)
		if !ok {
			return
		}
		o := &Outputs{Pos: lam.Pos()}
		if lam.Param != nil {
			o.At = lam.Param.Name
		}
		if lam.Formals != nil {
			o.HasFormals = true
			o.Ellipsis = lam.Formals.Ellipsis
			for _, fm := range lam.Formals.List {
				o.Formals = append(o.Formals, fm.Name.Name)
			}
		}
		f.outputs = o
	}
}

// splitInputsPath reads a full path under "inputs": the input path it
// names and, when it goes further, the attribute of that input.
// inputs → (nil, ""); inputs.a → ([a], ""); inputs.a.url → ([a], "url");
// inputs.a.inputs → ([a], "inputs"); inputs.a.inputs.b → ([a b], "").
// rest holds whatever comes after the attribute (inputs.a.url.x).
func splitInputsPath(full []string) (ip []string, attr string, rest []string) {
	if len(full) >= 2 && (len(full) == 2 || full[2] != "inputs") {
		// The common case, a root input: ip is a piece of full.
		ip = full[1:2:2]
		if len(full) == 2 {
			return ip, "", nil
		}
		return ip, full[2], full[3:]
	}
	j := 1
	for j < len(full) {
		ip = append(ip, full[j])
		j++
		if j == len(full) {
			return ip, "", nil
		}
		if full[j] != "inputs" {
			return ip, full[j], full[j+1:]
		}
		j++
		if j == len(full) {
			return ip, "inputs", nil
		}
	}
	return nil, "", nil
}

// inputAt returns the Input for a path whose last part is an input name.
func (f *File) inputAt(full []string) *Input {
	ip, attr, _ := splitInputsPath(full)
	if ip == nil || attr != "" {
		return nil
	}
	if f.byName != nil && len(ip) == 1 {
		return f.byName[ip[0]]
	}
	return f.Input(ip...)
}

func (f *File) ensureInput(ip []string, at Node) *Input {
	list := &f.inputs
	var in *Input
	for i, name := range ip {
		in = nil
		if i == 0 && f.byName != nil {
			in = f.byName[name]
		} else {
			for _, c := range *list {
				if c.Name() == name {
					in = c
					break
				}
			}
		}
		if in == nil {
			in = &Input{Path: append([]string(nil), ip[:i+1]...), Pos: at.Pos()}
			*list = append(*list, in)
			if i == 0 && f.byName != nil {
				f.byName[name] = in
			}
		}
		list = &in.Inputs
	}
	return in
}

// inputsNode records a binding under inputs: a set (value nil) or a leaf.
func (f *File) inputsNode(full []string, bind *Binding, v Node) error {
	ip, attr, rest := splitInputsPath(full)
	at := Node(bind.Path)
	if v == nil {
		switch {
		case ip != nil && attr == "":
			f.ensureInput(ip, at)
		case attr != "" && attr != "inputs":
			return f.errAt(bind.Value, fmt.Sprintf("input '%s' attribute '%s' is not a literal value", strings.Join(ip, "/"), attr),
				"found an attribute set", hintLiteral)
		case attr == "inputs":
			f.ensureInput(ip, at)
		}
		return nil
	}
	switch {
	case ip == nil:
		return f.errAt(v, "inputs is not a literal attribute set", "found "+describe(v), hintLiteral)
	case attr == "":
		return f.errAt(v, fmt.Sprintf("input '%s' is not a literal attribute set", strings.Join(ip, "/")), "found "+describe(v), hintLiteral)
	case attr == "inputs":
		return f.errAt(v, fmt.Sprintf("the inputs of input '%s' are not a literal attribute set", strings.Join(ip, "/")), "found "+describe(v), hintLiteral)
	case len(rest) > 0:
		return f.errAt(bind.Path, fmt.Sprintf("input '%s' attribute '%s' is not a literal value", strings.Join(ip, "/"), attr),
			"it is given attributes of its own", hintLiteral)
	}
	in := f.ensureInput(ip, at)
	in.leaves = append(in.leaves, bind)
	name := strings.Join(ip, "/")
	switch attr {
	case "follows":
		s, ok := v.(*String)
		var val string
		if ok {
			val, ok = stringValue(s)
		}
		if !ok {
			return f.errAt(v, fmt.Sprintf("input '%s' follows is not a string literal", name), "found "+describe(v), hintLiteral)
		}
		in.Follows, in.HasFollows, in.follows = val, true, bind
		return nil
	}
	val, ok := literalValue(v)
	if !ok {
		return f.errAt(v, fmt.Sprintf("input '%s' attribute '%s' is not a literal value", name, attr), "found "+describe(v), hintLiteral)
	}
	if err := f.checkAttrType(name, attr, val, v); err != nil {
		return err
	}
	in.Attrs = append(in.Attrs, Attr{Name: attr, Value: val, Pos: v.Pos()})
	return nil
}

// checkAttrType refuses, as Nix does when it reads the inputs, a literal of
// a type the attribute cannot have: url, type and flake have one type each,
// every other attribute is a string, a Boolean or an integer.
func (f *File) checkAttrType(input, attr string, val any, at Node) error {
	var ok bool
	switch attr {
	case "flake":
		_, ok = val.(bool)
		if !ok {
			return f.errAt(at, fmt.Sprintf("input '%s' attribute 'flake' is not a boolean", input), "", "write flake = false; (or leave it out)")
		}
		return nil
	case "url":
		switch val.(type) {
		case string, PathValue:
			ok = true
		}
	case "type":
		_, ok = val.(string)
	default:
		switch val.(type) {
		case string, bool, int64:
			ok = true
		}
	}
	if ok {
		return nil
	}
	want := "a string, a Boolean or an integer"
	if attr == "url" || attr == "type" {
		want = "a string"
	}
	return f.errAt(at, fmt.Sprintf("input '%s' attribute '%s' is %s", input, attr, typeName(val)),
		"Nix accepts only "+want+" here",
		fmt.Sprintf("write %s = \"…\"; with the value in quotes, or leave the attribute out", attr))
}

// nullValue is what literalValue reads from null: a literal Nix refuses
// for every input attribute.
type nullValue struct{}

// typeName names the type of a literal value as Nix's messages do.
func typeName(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case bool:
		return "a Boolean"
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case PathValue:
		return "a path"
	case nullValue:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}

// literalValue accepts the values Nix can read from a flake input without
// evaluating anything: the constants of the syntax, whatever their type
// (checkAttrType decides which types an attribute may have). An unquoted
// URI is one of them: Nix reads it as the string it spells.
func literalValue(v Node) (any, bool) {
	switch v := v.(type) {
	case *String:
		return stringValue(v)
	case *Ident:
		switch v.Name {
		case "true":
			return true, true
		case "false":
			return false, true
		case "null":
			return nullValue{}, true
		}
	case *Literal:
		switch v.Kind {
		case URILit:
			return v.Raw, true
		case FloatLit:
			x, err := strconv.ParseFloat(v.Raw, 64)
			return x, err == nil
		}
		if v.Kind == IntLit {
			var n int64
			for _, c := range v.Raw {
				if n > (1<<63-1-int64(c-'0'))/10 {
					return nil, false
				}
				n = n*10 + int64(c-'0')
			}
			return n, true
		}
	case *Path:
		if len(v.Parts) == 1 {
			return PathValue(v.Parts[0].(*Text).Raw), true
		}
	}
	return nil, false
}
