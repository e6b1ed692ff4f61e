package forge

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/flake-unify/flake-unify/internal/words"
)

// send sends r to target until it succeeds or fails for good. Transient
// failures (5xx, 429, rate limits, lost connections) are retried with
// exponential backoff, at most maxAttempts times and maxWait of sleep;
// a rate limit says how long to wait and is believed. The branch-unseen
// answer of r.branchUnseen is retried on its own budget, branchWait, since
// it means the forge is behind, not failing.
func (t *transport) send(ctx context.Context, r request, target string) (*response, error) {
	var slept, branchSlept time.Duration
	branchTries := 0
	for attempt := 1; ; attempt++ {
		resp, err := t.once(ctx, r, target)
		if err == nil && resp.status >= 200 && resp.status < 300 {
			return resp, nil
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%s: %s: %w", t.kind, r.op, ctx.Err())
		}
		if err == nil && r.branchUnseen != nil && r.branchUnseen(resp) {
			wait := t.backoff(branchTries)
			branchTries++
			if branchSlept+wait > t.branchWait {
				return nil, t.explain(r, resp, fmt.Sprintf("still so after waiting %s for the branch", branchSlept.Round(time.Second)))
			}
			branchSlept += wait
			if err := t.sleep(ctx, wait); err != nil {
				return nil, fmt.Errorf("%s: %s: %w", t.kind, r.op, err)
			}
			attempt-- // the forge is behind, not failing
			continue
		}
		var wait time.Duration
		ambiguous := true // the request may have taken effect
		if err != nil {
			var refused *redirectRefused
			if errors.As(err, &refused) {
				return nil, fmt.Errorf("%s: %s: %w", t.kind, r.op, refused)
			}
			wait = t.backoff(attempt - 1)
		} else {
			var ok bool
			if wait, ambiguous, ok = t.retryable(resp, attempt); !ok {
				return nil, t.explain(r, resp, "")
			}
		}
		if attempt >= t.maxAttempts || slept+wait > t.maxWait {
			note := "gave up after " + strconv.Itoa(attempt) + " " + words.Plural(attempt, "attempt", "attempts")
			if slept+wait > t.maxWait {
				note += fmt.Sprintf(": the next try would be in %s, beyond the %s allowed", wait.Round(time.Second), t.maxWait)
			}
			if err != nil {
				return nil, fmt.Errorf("%s: %s: %s: %w", t.kind, r.op, note, err)
			}
			return nil, t.explain(r, resp, note)
		}
		slept += wait
		if err := t.sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("%s: %s: %w", t.kind, r.op, err)
		}
		if ambiguous && r.settled != nil {
			done, err := r.settled(ctx)
			if err != nil || done {
				return nil, err
			}
		}
	}
}

// backoff is the wait before retry n+1 (n from 0): 1 s doubling to 30 s,
// jittered so that many bots failing together do not return together.
func (t *transport) backoff(n int) time.Duration {
	d := 30 * time.Second
	if n < 5 {
		d = time.Second << n
	}
	return t.jitter(d)
}

// fullJitter draws from [d/2, d]: never much less than the backoff asked for.
func fullJitter(d time.Duration) time.Duration {
	return d/2 + rand.N(d/2+1)
}

// retryable says whether resp is worth another try, after how long, and
// whether the request may have taken effect. Rate limits are the signals
// GitHub's "Rate limits for the REST API" ("Exceeding the rate limit")
// names: 403 or 429 with x-ratelimit-remaining 0 and x-ratelimit-reset, or
// with retry-after, and a secondary limit that says so in its message and
// sends neither means at least a minute. GitLab (RateLimit-* and
// Retry-After) and Gitea use them in part too.
func (t *transport) retryable(resp *response, attempt int) (wait time.Duration, ambiguous, ok bool) {
	if d, limited := rateLimitWait(resp, time.Now()); limited {
		if d == 0 {
			d = t.backoff(attempt - 1)
		}
		return d, false, true
	}
	switch {
	case resp.status == http.StatusTooManyRequests:
		return t.backoff(attempt - 1), false, true
	case resp.status >= 500 && resp.status != http.StatusNotImplemented && resp.status != http.StatusHTTPVersionNotSupported:
		return t.backoff(attempt - 1), true, true
	}
	return 0, false, false
}

// rateLimitWait reports whether resp is a rate-limit answer and how long it
// asks to wait (0 when it does not say).
func rateLimitWait(resp *response, now time.Time) (time.Duration, bool) {
	if resp.status != http.StatusForbidden && resp.status != http.StatusTooManyRequests {
		return 0, false
	}
	h := resp.header
	if s := h.Get("Retry-After"); s != "" {
		if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil && n >= 0 {
			return time.Duration(n) * time.Second, true
		}
		if at, err := http.ParseTime(s); err == nil {
			return max(at.Sub(now), 0), true
		}
	}
	for _, prefix := range []string{"X-RateLimit-", "RateLimit-"} {
		if strings.TrimSpace(h.Get(prefix+"Remaining")) != "0" {
			continue
		}
		if reset, err := strconv.ParseInt(strings.TrimSpace(h.Get(prefix+"Reset")), 10, 64); err == nil {
			// a second more, since the reset is truncated to whole seconds
			return max(time.Unix(reset, 0).Sub(now)+time.Second, 0), true
		}
		return 0, true
	}
	if strings.Contains(strings.ToLower(string(resp.body)), "secondary rate limit") {
		return time.Minute, true
	}
	return 0, resp.status == http.StatusTooManyRequests
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-tm.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
