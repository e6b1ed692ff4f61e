package forge

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// transport sends the JSON requests of one forge client: authentication,
// retries, error explanation and redaction live here, the forges' own
// files only know their endpoints and payloads.
type transport struct {
	kind string
	root *url.URL
	repo string
	http *http.Client

	// authorize sets the credential header. The token is captured by this
	// closure and by redact only, so printing a client (%+v) cannot show it.
	authorize func(http.Header)
	redact    func(string) string
	clean     func(error) error // redactErr with the token

	maxAttempts int
	maxWait     time.Duration
	branchWait  time.Duration
	sleep       func(context.Context, time.Duration) error
	jitter      func(time.Duration) time.Duration
}

// request is one API call. path is below the API root and already escaped.
type request struct {
	op     string // what is being done, for error messages: "create pull request main ← x"
	base   string // the branches concerned, for hints; may be empty
	head   string
	method string
	path   string
	query  url.Values
	body   any // marshalled as JSON when not nil

	// branchUnseen recognises the forge's answer meaning "head branch
	// unknown", which Create retries for Config.BranchWait after a push.
	branchUnseen func(*response) bool
	// settled, when set, is asked before a request is sent again after an
	// answer that leaves open whether it took effect (5xx, lost connection);
	// true ends the retries without an error.
	settled func(context.Context) (bool, error)
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func newTransport(kind string, root *url.URL, cfg Config) *transport {
	token := cfg.Token
	t := &transport{
		kind: kind, root: root, repo: cfg.Repo,
		http:        safeClient(cfg.HTTP),
		redact:      func(s string) string { return strings.ReplaceAll(s, token, redactedText) },
		clean:       func(err error) error { return redactErr(err, token) },
		maxAttempts: cmp0(cfg.MaxAttempts, 5),
		maxWait:     cmp0(cfg.MaxWait, 2*time.Minute),
		branchWait:  cmp0(cfg.BranchWait, 30*time.Second),
		sleep:       cfg.Sleep,
		jitter:      fullJitter,
	}
	if t.sleep == nil {
		t.sleep = sleepCtx
	}
	switch kind {
	case "github":
		t.authorize = func(h http.Header) {
			h.Set("Authorization", "Bearer "+token)
			h.Set("Accept", "application/vnd.github+json")
			h.Set("X-GitHub-Api-Version", "2022-11-28")
		}
	case "gitea":
		t.authorize = func(h http.Header) { h.Set("Authorization", "token "+token) }
	case "gitlab":
		t.authorize = func(h http.Header) { h.Set("PRIVATE-TOKEN", token) }
	}
	return t
}

func cmp0[T int | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// safeClient copies c (or makes a client) so that redirects stay on the
// host and scheme they started from. Go drops Authorization on a redirect
// to another host but keeps custom headers such as GitLab's PRIVATE-TOKEN;
// refusing the redirect covers every header.
func safeClient(c *http.Client) *http.Client {
	var cp http.Client
	if c != nil {
		cp = *c
	} else {
		cp.Timeout = 30 * time.Second
	}
	next := cp.CheckRedirect
	cp.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		from := via[0].URL
		if !strings.EqualFold(req.URL.Host, from.Host) || req.URL.Scheme != from.Scheme {
			return &redirectRefused{from: from.Scheme + "://" + from.Host, to: req.URL.Scheme + "://" + req.URL.Host}
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	return &cp
}

// endpoint is the absolute URL of path (escaped) below the API root.
func (t *transport) endpoint(path string, q url.Values) string {
	s := t.root.String() + path
	if len(q) > 0 {
		s += "?" + q.Encode()
	}
	return s
}

// call sends r and decodes a 2xx answer into out (when not nil).
func (t *transport) call(ctx context.Context, r request, out any) error {
	resp, err := t.send(ctx, r, t.endpoint(r.path, r.query))
	if err != nil || resp == nil || out == nil {
		return err
	}
	return t.decode(r, resp, out)
}

func (t *transport) decode(r request, resp *response, out any) error {
	if err := json.Unmarshal(resp.body, out); err != nil {
		return fmt.Errorf("%s: %s: reading the answer: %w", t.kind, r.op, err)
	}
	return nil
}

// list sends the GET r and every following page (the Link header's "next"),
// handing each page's JSON array to each.
func (t *transport) list(ctx context.Context, r request, each func(json.RawMessage) error) error {
	next := t.endpoint(r.path, r.query)
	for page := 0; next != ""; page++ {
		if page == 100 {
			return fmt.Errorf("%s: %s: more than 100 pages", t.kind, r.op)
		}
		resp, err := t.send(ctx, r, next)
		if err != nil {
			return err
		}
		var items []json.RawMessage
		if err := t.decode(r, resp, &items); err != nil {
			return err
		}
		for _, it := range items {
			if err := each(it); err != nil {
				return err
			}
		}
		if next = nextLink(resp.header.Get("Link")); next != "" {
			u, err := url.Parse(next)
			if err != nil || u.Host != t.root.Host || u.Scheme != t.root.Scheme {
				return fmt.Errorf("%s: %s: the next page is on another host", t.kind, r.op)
			}
		}
	}
	return nil
}

var linkNext = regexp.MustCompile(`<([^>]*)>\s*;[^,]*\brel="?next"?`)

func nextLink(h string) string {
	if m := linkNext.FindStringSubmatch(h); m != nil {
		return m[1]
	}
	return ""
}

// once sends one HTTP request and reads the whole answer.
func (t *transport) once(ctx context.Context, r request, target string) (*response, error) {
	var body io.Reader
	var payload []byte
	if r.body != nil {
		var err error
		if payload, err = json.Marshal(r.body); err != nil {
			return nil, err
		}
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, target, body)
	if err != nil {
		return nil, err
	}
	t.authorize(req.Header)
	if req.Header.Get("Accept") == "" {
		req.Header.Set("Accept", "application/json")
	}
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("User-Agent", "flake-unify")
	resp, err := t.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return nil, err
	}
	return &response{status: resp.StatusCode, header: resp.Header, body: data}, nil
}

// redirectRefused is the error of a redirect that would carry the token
// to another host or over plain http.
type redirectRefused struct{ from, to string }

func (e *redirectRefused) Error() string {
	return fmt.Sprintf("the forge redirected from %s to %s; refusing to send the token there", e.from, e.to)
}
