package forge

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// pulls is what every forge does alike with pull requests: find, create,
// update and close one. The forges differ in the names below, in the
// query that lists open ones, and in the shape of the pull request they
// answer with (the type parameter P of find, create and update).
type pulls struct {
	t         *transport
	noun      string                // "pull request" or "merge request", for messages
	mark      string                // what precedes the number in messages: "#" or "!"
	at        func() string         // the collection; pull request N is at()/N
	edit      string                // the method that changes one: PATCH or PUT
	bodyField string                // the name the forge gives the body
	comments  func(n string) string // where comments on pull request n go
	closed    map[string]string     // the fields that close one
	// at and comments are functions rather than paths so that a printed
	// client shows no repository name, nor a token pasted into one.
}

// decoded is a forge's own shape of a pull request.
type decoded interface {
	pr() *PR
	// ours tells whether it is open, from head into base, and with head a
	// branch of repo rather than of a fork.
	ours(base, head, repo string) bool
}

func (p *pulls) name(n int) string { return p.noun + " " + p.mark + strconv.Itoa(n) }

// find returns the newest pull request of the list query selects that is
// ours, or nil.
func find[P decoded](ctx context.Context, p *pulls, base, head string, query url.Values) (*PR, error) {
	r := request{op: fmt.Sprintf("find the open %s %s ← %s", p.noun, base, head), method: http.MethodGet,
		path: p.at(), query: query}
	var best *PR
	err := p.t.list(ctx, r, func(raw json.RawMessage) error {
		var listed P
		if err := json.Unmarshal(raw, &listed); err != nil {
			return err
		}
		if pr := listed.pr(); listed.ours(base, head, p.t.repo) && (best == nil || pr.Number > best.Number) {
			best = pr
		}
		return nil
	})
	if err != nil || best == nil {
		return nil, p.t.clean(err)
	}
	return best, nil
}

// create opens a pull request with fields. After an answer that leaves
// open whether it was made, it looks with f.Find before it asks again, so
// a retry never opens a second one.
func create[P decoded](ctx context.Context, f Forge, p *pulls, base, head string, fields map[string]string, branchUnseen func(*response) bool) (*PR, error) {
	op := fmt.Sprintf("create a %s %s ← %s", p.noun, base, head)
	if err := p.t.checkBody(op, fields[p.bodyField]); err != nil {
		return nil, err
	}
	var found *PR
	r := request{op: op, base: base, head: head, method: http.MethodPost, path: p.at(), body: fields,
		branchUnseen: branchUnseen, settled: createChecked(f, base, head, &found)}
	var made P
	if err := p.t.call(ctx, r, &made); err != nil {
		return nil, p.t.clean(err)
	}
	if found != nil {
		return found, nil
	}
	return made.pr(), nil
}

// update sends the fields of pr that differ from title and body; when
// none does, it sends nothing and returns pr.
func update[P decoded](ctx context.Context, p *pulls, pr *PR, title, body string) (*PR, error) {
	op := "update " + p.name(prNumber(pr))
	if err := nilPR(op, pr); err != nil {
		return nil, err
	}
	fields := changes(pr, title, body, p.bodyField)
	if len(fields) == 0 {
		return pr, nil
	}
	if err := p.t.checkBody(op, body); err != nil {
		return nil, err
	}
	var updated P
	r := request{op: op, method: p.edit, path: p.at() + "/" + strconv.Itoa(pr.Number), body: fields}
	if err := p.t.call(ctx, r, &updated); err != nil {
		return nil, p.t.clean(err)
	}
	return updated.pr(), nil
}

// Close comments on pr (unless comment is empty), then closes it.
func (p *pulls) Close(ctx context.Context, pr *PR, comment string) error {
	op := "close " + p.name(prNumber(pr))
	if err := nilPR(op, pr); err != nil {
		return err
	}
	n := strconv.Itoa(pr.Number)
	if comment != "" {
		r := request{op: "comment on " + p.name(pr.Number), method: http.MethodPost,
			path: p.comments(n), body: map[string]string{"body": comment}}
		if err := p.t.call(ctx, r, nil); err != nil {
			return p.t.clean(err)
		}
	}
	r := request{op: op, method: p.edit, path: p.at() + "/" + n, body: p.closed}
	return p.t.clean(p.t.call(ctx, r, nil))
}

func (p *pulls) BodyLimit() int  { return bodyLimit[p.t.kind] }
func (p *pulls) GitUser() string { return gitUser[p.t.kind] }

// changes lists the fields of pr that differ from title and body, under
// the names the forge uses for them.
func changes(pr *PR, title, body, bodyField string) map[string]string {
	m := map[string]string{}
	if pr.Title != title {
		m["title"] = title
	}
	if pr.Body != body {
		m[bodyField] = body
	}
	return m
}

// createChecked looks for an existing pull request after an ambiguous
// failure of a create request, so that a retry never opens a second one.
func createChecked(f Forge, base, head string, found **PR) func(context.Context) (bool, error) {
	return func(ctx context.Context) (bool, error) {
		pr, err := f.Find(ctx, base, head)
		if err != nil {
			return false, err
		}
		*found = pr
		return pr != nil, nil
	}
}

func nilPR(op string, pr *PR) error {
	if pr == nil || pr.Number <= 0 {
		return fmt.Errorf("forge: %s: no pull request given", op)
	}
	return nil
}

func prNumber(pr *PR) int {
	if pr == nil {
		return 0
	}
	return pr.Number
}
