package shortlink

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"time"

	"slrplay/core/jsontext"
)

// Warm gives each of the service's answers once, over a store of its own,
// and reports any that is not what it should be. The worker calls it while
// the runtime starts an isolate, so that this work, WebAssembly compiled
// function by function as it first runs, is start-up time and not the
// CPU time of the isolate's first request.
func Warm() error {
	const origin = "http://warm-up.invalid"
	const scenario = `{"scenario": 1, "title": "warm-up", "steps": []}`
	// Three POSTs pass, the fourth meets the limit.
	h := Handler(NewMemStore(), Config{AllowedOrigins: []string{origin}, Rate: Rate{Burst: 3, Every: time.Hour}, TTL: DefaultTTL})
	var id string
	for _, c := range []struct {
		method, path, body string
		status             int
	}{
		{"OPTIONS", Prefix, "", http.StatusNoContent},
		{"POST", Prefix, scenario, http.StatusCreated},
		{"POST", Prefix, scenario, http.StatusOK},
		{"GET", "", "", http.StatusOK}, // "": the id just made
		{"HEAD", "", "", http.StatusOK},
		{"GET", Prefix + "/AAAAAAAAAAA", "", http.StatusNotFound},
		{"GET", Prefix + "/x", "", http.StatusBadRequest},
		{"POST", Prefix, `{"scenario": 1}`, http.StatusBadRequest},
		{"POST", Prefix, scenario, http.StatusTooManyRequests},
		{"PUT", Prefix, "", http.StatusMethodNotAllowed},
	} {
		path := c.path
		if path == "" {
			path = Prefix + "/" + id
		}
		r, err := http.NewRequest(c.method, origin+path, strings.NewReader(c.body))
		if err != nil {
			return err
		}
		r.Header.Set("Origin", origin)
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Access-Control-Request-Method", "POST")
		w := &recorder{header: http.Header{}}
		h.ServeHTTP(w, r)
		if w.status != c.status {
			return fmt.Errorf("warm-up %s %s: %d %s, want %d", c.method, path, w.status, w.body.Bytes(), c.status)
		}
		if c.status == http.StatusCreated {
			answer, err := jsontext.Parse(w.body.String())
			if err != nil || answer.Get("id").Kind() != jsontext.String {
				return fmt.Errorf("warm-up: the answer %q has no id", w.body.Bytes())
			}
			id = answer.Get("id").Str()
		}
	}
	return nil
}

// recorder is the least ResponseWriter: Warm needs the status only.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	return r.body.Write(b)
}
