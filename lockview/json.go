package lockview

import (
	"encoding/json"
	"io"

	"github.com/flake-unify/flake-unify/lockgraph"
)

// CopyJSON is a nixpkgs copy in Nix's vocabulary.
type CopyJSON struct {
	Node         string   `json:"node"`
	Class        string   `json:"class"`  // "nixpkgs" or "nixpkgs-like"
	Source       string   `json:"source"` // why it was classified so
	URL          string   `json:"url"`    // the original, as a flake reference
	Ref          string   `json:"ref,omitempty"`
	PinnedRev    string   `json:"pinnedRev,omitempty"`
	Rev          string   `json:"rev,omitempty"`
	LastModified uint64   `json:"lastModified,omitempty"`
	Flake        *bool    `json:"flake,omitempty"` // present (false) for flake = false
	Paths        []string `json:"paths"`           // input paths that reach it, e.g. "home-manager/nixpkgs"
}

// CopiesJSON returns v's copies for JSON output.
func (v *View) CopiesJSON() []CopyJSON {
	out := make([]CopyJSON, 0, len(v.Copies))
	for _, cp := range v.Copies {
		c := CopyJSON{
			Node: cp.Key, Class: cp.Source.Class.String(), Source: cp.Source.Why,
			URL: lockgraph.FlakeURL(cp.Node.Original), Ref: cp.Branch, PinnedRev: cp.PinnedRev,
			Rev: cp.Rev, LastModified: cp.LastModified,
		}
		if cp.Node.NotFlake {
			f := false
			c.Flake = &f
		}
		for _, p := range cp.Paths {
			c.Paths = append(c.Paths, p.String())
		}
		out = append(out, c)
	}
	return out
}

// GroupJSON returns the copies of one source identity for JSON output.
func GroupJSON(g lockgraph.Group) []CopyJSON {
	return (&View{Copies: g.Copies}).CopiesJSON()
}

type graphJSON struct {
	Root   string              `json:"root"`
	Nodes  map[string]nodeJSON `json:"nodes"`
	Copies []CopyJSON          `json:"nixpkgs"`
}

type nodeJSON struct {
	URL    string         `json:"url,omitempty"`
	Class  string         `json:"class,omitempty"`
	Input  string         `json:"input,omitempty"`  // the identity of a marked copy (MarkInputs)
	Inputs map[string]any `json:"inputs,omitempty"` // node key, or follows path as an array
	// The store view (MarkStore); absent when the store was not asked about.
	StorePath string      `json:"storePath,omitempty"`
	InStore   *bool       `json:"inStore,omitempty"`
	StoreWhy  string      `json:"storeWhy,omitempty"` // why no path, or why presence is unknown
	Caches    *cachesJSON `json:"caches,omitempty"`   // MarkCaches
}

// JSON writes the reachable graph: every node with its source and inputs
// (string = node key, array = follows path, as in flake.lock), and the
// nixpkgs copies.
func (v *View) JSON(w io.Writer) error {
	keys, _, err := v.reachable()
	if err != nil {
		return err
	}
	g := graphJSON{Root: v.Lock.Root, Nodes: map[string]nodeJSON{}, Copies: v.CopiesJSON()}
	for _, k := range keys {
		n := v.Lock.Nodes[k]
		nj := nodeJSON{}
		if k != v.Lock.Root {
			nj.URL = lockgraph.FlakeURL(n.Original)
		}
		if cp := v.Copy(k); cp != nil {
			nj.Class = cp.Source.Class.String()
		}
		if d, ok := v.dups[k]; ok {
			nj.Input = d.input
		}
		if len(n.Inputs) > 0 {
			nj.Inputs = map[string]any{}
			for _, in := range n.Inputs {
				if in.IsFollows {
					nj.Inputs[in.Name] = append([]string{}, in.Follows...)
				} else {
					nj.Inputs[in.Name] = in.Node
				}
			}
		}
		v.storeJSON(k, &nj)
		v.cacheJSON(k, &nj)
		g.Nodes[k] = nj
	}
	return WriteJSON(w, g)
}

// WriteJSON writes one indented JSON document without HTML escaping.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
