package shortlink

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"slrplay/core/share"
	"slrplay/core/share/shortid"
)

const page = "http://127.0.0.1:8080"

// gallery returns the scenarios of testdata/scenarios, the documents people
// will share.
func gallery(t testing.TB) map[string][]byte {
	t.Helper()
	names, err := filepath.Glob("../../../testdata/scenarios/*.json")
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string][]byte{}
	for _, name := range names {
		if strings.HasSuffix(name, ".golden.json") {
			continue
		}
		doc, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		docs[filepath.Base(name)] = doc
	}
	if len(docs) == 0 {
		t.Fatal("no scenarios in testdata/scenarios")
	}
	return docs
}

func newService(t testing.TB) (http.Handler, *MemStore) {
	t.Helper()
	store := NewMemStore()
	return Handler(store, Config{AllowedOrigins: ParseOrigins("")}), store
}

// do sends one request through h; body nil sends no body at all, as the
// Workers runtime gives an empty request.
func do(h http.Handler, method, target string, body []byte, header ...string) *httptest.ResponseRecorder {
	var r *http.Request
	if body == nil {
		r = httptest.NewRequest(method, target, nil)
		r.Body = nil
	} else {
		r = httptest.NewRequest(method, target, bytes.NewReader(body))
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func decodeID(t testing.TB, w *httptest.ResponseRecorder) string {
	t.Helper()
	var got struct{ ID string }
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || !shortid.Valid(got.ID) {
		t.Fatalf("answer %q: no valid id (%v)", w.Body, err)
	}
	return got.ID
}

func errorOf(t testing.TB, w *httptest.ResponseRecorder) string {
	t.Helper()
	var got struct{ Error string }
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || got.Error == "" {
		t.Fatalf("answer %d %q: not a JSON error (%v)", w.Code, w.Body, err)
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("error Content-Type %q", ct)
	}
	if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("error Cache-Control %q: an error must not be cached", cc)
	}
	return got.Error
}

func TestShareAndGetBack(t *testing.T) {
	h, store := newService(t)
	for name, doc := range gallery(t) {
		t.Run(name, func(t *testing.T) {
			w := do(h, "POST", "/api/share", doc, "Content-Type", "application/json")
			if w.Code != http.StatusCreated {
				t.Fatalf("POST: %d %s", w.Code, w.Body)
			}
			id := decodeID(t, w)
			if want, _ := shortid.Of(doc); id != want {
				t.Errorf("id %s, shortid.Of gives %s", id, want)
			}
			if loc := w.Header().Get("Location"); loc != "/api/share/"+id {
				t.Errorf("Location %q", loc)
			}
			g := do(h, "GET", "/api/share/"+id, nil)
			min, _ := share.Minify(doc)
			if g.Code != http.StatusOK || !bytes.Equal(g.Body.Bytes(), min) {
				t.Fatalf("GET: %d, %d bytes; want the %d bytes of the minified scenario", g.Code, g.Body.Len(), len(min))
			}
			if ct, cc := g.Header().Get("Content-Type"), g.Header().Get("Cache-Control"); ct != "application/json" || !strings.Contains(cc, "immutable") {
				t.Errorf("GET headers: Content-Type %q, Cache-Control %q", ct, cc)
			}
			if tr := do(h, "GET", "/api/share/"+id+"/", nil); tr.Code != http.StatusOK || !bytes.Equal(tr.Body.Bytes(), min) {
				t.Errorf("GET with a trailing slash: %d", tr.Code)
			}
			hd := do(h, "HEAD", "/api/share/"+id, nil)
			if hd.Code != http.StatusOK || hd.Body.Len() != 0 || hd.Header().Get("Content-Type") != "application/json" {
				t.Errorf("HEAD: %d, %d bytes of body, Content-Type %q", hd.Code, hd.Body.Len(), hd.Header().Get("Content-Type"))
			}
		})
	}
	if store.Len() != len(gallery(t)) {
		t.Errorf("the store holds %d scenarios, want %d", store.Len(), len(gallery(t)))
	}
}

func TestRepeatGivesTheSameID(t *testing.T) {
	h, store := newService(t)
	doc := gallery(t)["mfa-required.json"]
	first := do(h, "POST", "/api/share", doc)
	// The same scenario laid out differently, and sent to the collection
	// with a trailing slash.
	var indented bytes.Buffer
	json.Indent(&indented, doc, "", "\t")
	again := do(h, "POST", "/api/share/", indented.Bytes(), "Content-Type", "application/json; charset=utf-8")
	if first.Code != http.StatusCreated || again.Code != http.StatusOK {
		t.Fatalf("first %d, again %d: want 201 then 200", first.Code, again.Code)
	}
	if a, b := decodeID(t, first), decodeID(t, again); a != b {
		t.Errorf("ids %s and %s for the same scenario", a, b)
	}
	if store.Len() != 1 {
		t.Errorf("the store holds %d scenarios", store.Len())
	}
	other := bytes.Replace(doc, []byte(`"seed": 1`), []byte(`"seed": 2`), 1)
	if bytes.Equal(other, doc) {
		t.Fatal("the fixture has no seed to change")
	}
	if o := do(h, "POST", "/api/share", other); o.Code != http.StatusCreated || decodeID(t, o) == decodeID(t, first) {
		t.Errorf("another scenario: %d %s", o.Code, o.Body)
	}
}

func TestRefusals(t *testing.T) {
	h, _ := newService(t)
	valid := gallery(t)["trust-policy.json"]
	padded := append(append([]byte(nil), valid[:len(valid)-1]...), bytes.Repeat([]byte(" "), MaxBody)...)
	padded = append(padded, '}')
	atLimit := append(append([]byte(nil), valid...), bytes.Repeat([]byte(" "), MaxBody-len(valid))...)
	for _, c := range []struct {
		name, method, target string
		body                 []byte
		header               []string
		status               int
		reason               string // part of the error message
	}{
		{"no body", "POST", "/api/share", nil, nil, 400, "empty"},
		{"empty body", "POST", "/api/share", []byte{}, nil, 400, "empty"},
		{"blank body", "POST", "/api/share", []byte(" \n"), nil, 400, "empty"},
		{"broken JSON", "POST", "/api/share", []byte(`{"scenario": 1,`), nil, 400, "not a scenario"},
		{"an array", "POST", "/api/share", []byte(`[1]`), nil, 400, "not a scenario"},
		{"no version", "POST", "/api/share", []byte(`{"steps": []}`), nil, 400, `"scenario": 1`},
		{"no steps", "POST", "/api/share", []byte(`{"scenario": 1}`), nil, 400, `"steps"`},
		{"not UTF-8", "POST", "/api/share", []byte("{\"scenario\": 1, \"title\": \"\xff\", \"steps\": []}"), nil, 400, "UTF-8"},
		{"a form", "POST", "/api/share", valid, []string{"Content-Type", "application/x-www-form-urlencoded"}, 415, "application/json"},
		{"text", "POST", "/api/share", valid, []string{"Content-Type", "text/plain;charset=UTF-8"}, 415, "application/json"},
		{"too large", "POST", "/api/share", padded, nil, 413, "64 KiB"},
		{"too large, as declared", "POST", "/api/share", padded, []string{"Content-Type", "application/json"}, 413, "64 KiB"},
		{"unknown id", "GET", "/api/share/AAAAAAAAAAA", nil, nil, 404, "no scenario"},
		{"short id", "GET", "/api/share/abc", nil, nil, 400, "not a short-link id"},
		{"id with a bad character", "GET", "/api/share/AAAAAAAAAA.", nil, nil, 400, "not a short-link id"},
		{"long id", "GET", "/api/share/AAAAAAAAAAAA", nil, nil, 400, "not a short-link id"},
		{"deeper path", "GET", "/api/share/AAAAAAAAAAA/x", nil, nil, 404, "nothing here"},
		{"outside the service", "GET", "/api/shares", nil, nil, 404, "nothing here"},
		{"another path", "GET", "/index.html", nil, nil, 404, "nothing here"},
		{"GET the collection", "GET", "/api/share", nil, nil, 405, "POST"},
		{"PUT an id", "PUT", "/api/share/AAAAAAAAAAA", valid, nil, 405, "GET"},
		{"DELETE an id", "DELETE", "/api/share/AAAAAAAAAAA", nil, nil, 405, "GET"},
		{"POST to an id", "POST", "/api/share/AAAAAAAAAAA", valid, nil, 405, "GET"},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := do(h, c.method, c.target, c.body, c.header...)
			if w.Code != c.status {
				t.Fatalf("%s %s: %d %s, want %d", c.method, c.target, w.Code, w.Body, c.status)
			}
			if msg := errorOf(t, w); !strings.Contains(msg, c.reason) {
				t.Errorf("reason %q does not say %q", msg, c.reason)
			}
			if c.status == 405 && w.Header().Get("Allow") == "" {
				t.Error("405 without an Allow header")
			}
		})
	}
	if w := do(h, "POST", "/api/share", atLimit); w.Code != http.StatusCreated {
		t.Errorf("a scenario of exactly %d bytes: %d %s", len(atLimit), w.Code, w.Body)
	}
}

// endless is a body far longer than the limit (it ends only so that a
// handler reading it all fails instead of hanging): the handler must stop
// reading at the limit.
type endless struct{ read int }

func (e *endless) Read(p []byte) (int, error) {
	if e.read > 64*MaxBody {
		return 0, io.EOF
	}
	for i := range p {
		p[i] = ' '
	}
	e.read += len(p)
	return len(p), nil
}

func TestBodyIsReadOnlyUpToTheLimit(t *testing.T) {
	h, _ := newService(t)
	body := &endless{}
	r := httptest.NewRequest("POST", "/api/share", io.NopCloser(body))
	r.ContentLength = -1 // unknown, as with a streamed body
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	if body.read > 2*MaxBody {
		t.Errorf("read %d bytes of an endless body", body.read)
	}
}

// TestChunkedBodyJustOverTheLimit: a streamed body (no Content-Length)
// one byte over the limit, in chunks as the runtime gives them, is 413
// every time, whatever the chunks' sizes.
func TestChunkedBodyJustOverTheLimit(t *testing.T) {
	h, _ := newService(t)
	doc := gallery(t)["trust-policy.json"]
	over := append(append([]byte(nil), doc...), bytes.Repeat([]byte(" "), MaxBody+1-len(doc))...)
	for _, chunk := range []int{1 << 10, 16 << 10, 16640, MaxBody, MaxBody + 1} {
		r := httptest.NewRequest("POST", "/api/share", io.NopCloser(&chunked{data: over, size: chunk}))
		r.ContentLength = -1
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("chunks of %d: %d %s", chunk, w.Code, w.Body)
		}
	}
}

// chunked reads data at most size bytes at a time.
type chunked struct {
	data []byte
	size int
}

func (c *chunked) Read(p []byte) (int, error) {
	if len(c.data) == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), c.size)], c.data)
	c.data = c.data[n:]
	return n, nil
}

func TestCORS(t *testing.T) {
	store := NewMemStore()
	h := Handler(store, Config{AllowedOrigins: ParseOrigins("https://class.example.org, http://127.0.0.1:8080/")})
	doc := gallery(t)["trust-policy.json"]
	t.Run("preflight from an allowed origin", func(t *testing.T) {
		w := do(h, "OPTIONS", "/api/share", nil, "Origin", "https://class.example.org",
			"Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type")
		hd := w.Header()
		if w.Code != http.StatusNoContent || hd.Get("Access-Control-Allow-Origin") != "https://class.example.org" ||
			!strings.Contains(hd.Get("Access-Control-Allow-Methods"), "POST") ||
			!strings.EqualFold(hd.Get("Access-Control-Allow-Headers"), "Content-Type") || hd.Get("Vary") != "Origin" {
			t.Errorf("%d %v", w.Code, hd)
		}
	})
	t.Run("preflight for an id", func(t *testing.T) {
		w := do(h, "OPTIONS", "/api/share/AAAAAAAAAAA", nil, "Origin", "http://127.0.0.1:8080", "Access-Control-Request-Method", "GET")
		if w.Code != http.StatusNoContent || w.Header().Get("Access-Control-Allow-Methods") != itemMethods {
			t.Errorf("%d %v", w.Code, w.Header())
		}
	})
	t.Run("preflight from another origin", func(t *testing.T) {
		w := do(h, "OPTIONS", "/api/share", nil, "Origin", "https://evil.example.com", "Access-Control-Request-Method", "POST")
		if w.Code != http.StatusForbidden || w.Header().Get("Access-Control-Allow-Origin") != "" {
			t.Fatalf("%d %v", w.Code, w.Header())
		}
		if msg := errorOf(t, w); !strings.Contains(msg, "https://evil.example.com") || !strings.Contains(msg, "ALLOWED_ORIGINS") {
			t.Errorf("reason %q", msg)
		}
	})
	t.Run("plain OPTIONS", func(t *testing.T) {
		w := do(h, "OPTIONS", "/api/share", nil)
		if w.Code != http.StatusNoContent || w.Header().Get("Allow") != collectionMethods {
			t.Errorf("%d %v", w.Code, w.Header())
		}
	})
	t.Run("POST and GET from an allowed origin", func(t *testing.T) {
		p := do(h, "POST", "/api/share", doc, "Origin", "http://127.0.0.1:8080", "Content-Type", "application/json")
		if p.Code != http.StatusCreated || p.Header().Get("Access-Control-Allow-Origin") != "http://127.0.0.1:8080" ||
			p.Header().Get("Access-Control-Expose-Headers") != "Location" {
			t.Fatalf("POST %d %v", p.Code, p.Header())
		}
		g := do(h, "GET", "/api/share/"+decodeID(t, p), nil, "Origin", "https://class.example.org")
		if g.Code != http.StatusOK || g.Header().Get("Access-Control-Allow-Origin") != "https://class.example.org" || g.Header().Get("Vary") != "Origin" {
			t.Errorf("GET %d %v", g.Code, g.Header())
		}
	})
	t.Run("errors carry CORS too", func(t *testing.T) {
		w := do(h, "GET", "/api/share/AAAAAAAAAAA", nil, "Origin", "https://class.example.org")
		if w.Code != http.StatusNotFound || w.Header().Get("Access-Control-Allow-Origin") != "https://class.example.org" {
			t.Errorf("%d %v", w.Code, w.Header())
		}
	})
	t.Run("another origin's request gets no CORS grant", func(t *testing.T) {
		w := do(h, "GET", "/api/share/AAAAAAAAAAA", nil, "Origin", "https://evil.example.com")
		if w.Header().Get("Access-Control-Allow-Origin") != "" || w.Header().Get("Vary") != "Origin" {
			t.Errorf("%v", w.Header())
		}
	})
	t.Run("any origin", func(t *testing.T) {
		h := Handler(store, Config{AllowedOrigins: ParseOrigins("*")})
		w := do(h, "OPTIONS", "/api/share", nil, "Origin", "https://anywhere.example", "Access-Control-Request-Method", "POST")
		if w.Code != http.StatusNoContent || w.Header().Get("Access-Control-Allow-Origin") != "https://anywhere.example" {
			t.Errorf("%d %v", w.Code, w.Header())
		}
	})
}

func TestParseOrigins(t *testing.T) {
	for in, want := range map[string]string{
		"":    "http://127.0.0.1:8080",
		" , ": "http://127.0.0.1:8080",
		"https://a.example/ http://b.example:8080": "https://a.example|http://b.example:8080",
		"https://a.example,https://b.example":      "https://a.example|https://b.example",
	} {
		if got := strings.Join(ParseOrigins(in), "|"); got != want {
			t.Errorf("ParseOrigins(%q) = %s, want %s", in, got, want)
		}
	}
}

// failing is a store that does not answer.
type failing struct{ get, put error }

func (f failing) Get(context.Context, string) ([]byte, error)              { return nil, f.get }
func (f failing) Put(context.Context, string, []byte, time.Duration) error { return f.put }

func TestStoreFailures(t *testing.T) {
	doc := gallery(t)["trust-policy.json"]
	down := errors.New("KV is down")
	for _, c := range []struct {
		name           string
		store          failing
		method, target string
	}{
		{"read before a write", failing{get: down}, "POST", "/api/share"},
		{"write", failing{get: ErrNotFound, put: down}, "POST", "/api/share"},
		{"read", failing{get: down}, "GET", "/api/share/AAAAAAAAAAA"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := Handler(c.store, Config{})
			w := do(h, c.method, c.target, doc)
			if w.Code != http.StatusServiceUnavailable {
				t.Fatalf("%d %s", w.Code, w.Body)
			}
			if msg := errorOf(t, w); !strings.Contains(msg, "KV is down") {
				t.Errorf("reason %q", msg)
			}
		})
	}
}

// panicking is a store with a bug.
type panicking struct{ *MemStore }

func (panicking) Get(context.Context, string) ([]byte, error) { panic("a bug") }

func TestPanicAnswers500AndTheServiceGoesOn(t *testing.T) {
	store := panicking{NewMemStore()}
	h := Handler(store, Config{})
	w := do(h, "GET", "/api/share/AAAAAAAAAAA", nil)
	if w.Code != http.StatusInternalServerError {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	if msg := errorOf(t, w); !strings.Contains(msg, "failed") {
		t.Errorf("reason %q", msg)
	}
	if w := do(h, "GET", "/api/share/bad", nil); w.Code != http.StatusBadRequest {
		t.Errorf("after the panic: %d", w.Code)
	}
}

// TestConcurrentSharing posts and reads back many scenarios at once: none
// is lost or mixed up with another.
func TestConcurrentSharing(t *testing.T) {
	h, store := newService(t)
	base := gallery(t)["trust-policy.json"]
	const n = 200
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			doc := bytes.Replace(base, []byte(`"seed": 1`), []byte(fmt.Sprintf(`"seed": %d`, i+1)), 1)
			p := do(h, "POST", "/api/share", doc, "Content-Type", "application/json")
			var got struct{ ID string }
			if json.Unmarshal(p.Body.Bytes(), &got); p.Code/100 != 2 || got.ID == "" {
				errs <- fmt.Errorf("POST %d: %d %s", i, p.Code, p.Body)
				return
			}
			g := do(h, "GET", "/api/share/"+got.ID, nil)
			min, _ := share.Minify(doc)
			if g.Code != http.StatusOK || !bytes.Equal(g.Body.Bytes(), min) {
				errs <- fmt.Errorf("GET %d (%s): %d, not the scenario posted", i, got.ID, g.Code)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if store.Len() != n {
		t.Errorf("the store holds %d scenarios, want %d", store.Len(), n)
	}
}

func TestWarm(t *testing.T) {
	if err := Warm(); err != nil {
		t.Fatal(err)
	}
}

// clock is a time the test moves by hand.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// limited returns a service whose POSTs are limited to rate, on the clock.
func limited(t testing.TB, rate Rate, c *clock) http.Handler {
	t.Helper()
	h := Handler(NewMemStore(), Config{Rate: rate})
	h.(*handler).limit.now = c.now
	return h
}

func TestRateLimit(t *testing.T) {
	c := &clock{time.Unix(1_800_000_000, 0)}
	h := limited(t, Rate{Burst: 3, Every: 20 * time.Second}, c)
	doc := gallery(t)["trust-policy.json"]
	post := func(ip string, body []byte, header ...string) *httptest.ResponseRecorder {
		return do(h, "POST", "/api/share", body, append([]string{"CF-Connecting-IP", ip}, header...)...)
	}
	// Every POST counts, a refused one too: a burst of three, then 429.
	for i, w := range []*httptest.ResponseRecorder{post("203.0.113.7", doc), post("203.0.113.7", doc), post("203.0.113.7", doc, "Content-Type", "text/plain")} {
		if w.Code == http.StatusTooManyRequests {
			t.Fatalf("POST %d of a burst of 3: 429", i+1)
		}
	}
	w := post("203.0.113.7", doc)
	if w.Code != http.StatusTooManyRequests {
		t.Fatalf("the 4th POST: %d %s, want 429", w.Code, w.Body)
	}
	if ra := w.Header().Get("Retry-After"); ra != "20" {
		t.Errorf("Retry-After %q, want 20", ra)
	}
	if msg := errorOf(t, w); !strings.Contains(msg, "20 s") {
		t.Errorf("reason %q does not say when to try again", msg)
	}
	if w := post("203.0.113.8", doc); w.Code != http.StatusOK {
		t.Errorf("another address: %d %s", w.Code, w.Body)
	}
	if w := do(h, "GET", "/api/share/AAAAAAAAAAA", nil, "CF-Connecting-IP", "203.0.113.7"); w.Code != http.StatusNotFound {
		t.Errorf("a GET is not limited: %d", w.Code)
	}
	c.t = c.t.Add(19 * time.Second)
	if w := post("203.0.113.7", doc); w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") != "1" {
		t.Errorf("19 s later: %d, Retry-After %q; want 429 and 1", w.Code, w.Header().Get("Retry-After"))
	}
	c.t = c.t.Add(time.Second)
	if w := post("203.0.113.7", doc); w.Code != http.StatusOK {
		t.Errorf("20 s later: %d %s, want one more POST", w.Code, w.Body)
	}
	if w := post("203.0.113.7", doc); w.Code != http.StatusTooManyRequests {
		t.Errorf("and only one: %d", w.Code)
	}
	// An IPv6 client has a /64: its addresses share one bucket.
	for i := range 3 {
		if w := post(fmt.Sprintf("2001:db8:1:2::%x", i+1), doc); w.Code != http.StatusOK {
			t.Fatalf("IPv6 POST %d: %d", i+1, w.Code)
		}
	}
	if w := post("2001:db8:1:2:ffff::1", doc); w.Code != http.StatusTooManyRequests {
		t.Errorf("another address of the same /64: %d, want 429", w.Code)
	}
	if w := post("2001:db8:1:3::1", doc); w.Code != http.StatusOK {
		t.Errorf("another /64: %d", w.Code)
	}
}

func TestClientOf(t *testing.T) {
	for _, c := range []struct{ header, remote, want string }{
		{"203.0.113.7", "10.0.0.1:5000", "203.0.113.7"},
		{"", "192.0.2.1:1234", "192.0.2.1"},
		{"::ffff:203.0.113.7", "", "203.0.113.7"},
		{"2001:db8:1:2:3:4:5:6", "", "2001:db8:1:2::/64"},
		{"fe80::1%eth0", "", "fe80::/64"},
		{"", "[2001:db8::1]:443", "2001:db8::/64"},
		{"not an address", "", "not an address"},
	} {
		if got := clientOf(c.header, c.remote); got != c.want {
			t.Errorf("clientOf(%q, %q) = %q, want %q", c.header, c.remote, got, c.want)
		}
	}
}

// TestLimiterMemoryIsBounded: many addresses cannot grow the limiter's
// memory past maxClients; idle clients are forgotten first.
func TestLimiterMemoryIsBounded(t *testing.T) {
	c := &clock{time.Unix(1_800_000_000, 0)}
	l := newLimiter(Rate{Burst: 2, Every: time.Minute})
	l.now = c.now
	for i := range maxClients {
		l.allow(fmt.Sprint(i))
	}
	c.t = c.t.Add(time.Minute) // all idle again
	a, _ := l.allow("busy")
	b, _ := l.allow("busy")
	if n := len(l.full); !a || !b || n != 1 {
		t.Fatalf("allowed %v %v, %d clients remembered; want the idle ones forgotten", a, b, n)
	}
	if ok, _ := l.allow("busy"); ok {
		t.Error("a third request in a burst of 2")
	}
	for i := range maxClients + 100 {
		if ok, _ := l.allow(fmt.Sprint("new", i)); !ok {
			t.Fatalf("client %d refused on its first request", i)
		}
		if n := len(l.full); n > maxClients {
			t.Fatalf("the limiter remembers %d clients", n)
		}
	}
}

func TestStoredScenariosExpire(t *testing.T) {
	c := &clock{time.Unix(1_800_000_000, 0)}
	store := NewMemStore()
	store.Now = c.now
	h := Handler(store, Config{TTL: DefaultTTL})
	doc := gallery(t)["trust-policy.json"]
	id := decodeID(t, do(h, "POST", "/api/share", doc))
	c.t = c.t.Add(DefaultTTL / 2)
	if w := do(h, "POST", "/api/share", doc); w.Code != http.StatusOK {
		t.Fatalf("a repeat: %d, want 200 (no write)", w.Code)
	}
	c.t = c.t.Add(DefaultTTL/2 - time.Second)
	if w := do(h, "GET", "/api/share/"+id, nil); w.Code != http.StatusOK {
		t.Fatalf("a second before its TTL: %d", w.Code)
	}
	c.t = c.t.Add(time.Second)
	if w := do(h, "GET", "/api/share/"+id, nil); w.Code != http.StatusNotFound {
		t.Fatalf("after its TTL (a repeat does not extend it): %d, want 404", w.Code)
	}
	if w := do(h, "POST", "/api/share", doc); w.Code != http.StatusCreated {
		t.Fatalf("shared again after its TTL: %d, want 201", w.Code)
	}
	if w := do(h, "GET", "/api/share/"+id, nil); w.Code != http.StatusOK {
		t.Fatalf("after sharing again: %d", w.Code)
	}
	if DefaultTTL < 30*24*time.Hour {
		t.Errorf("DefaultTTL %v: a link should outlive a month", DefaultTTL)
	}
}

// recording is a store that counts what it is asked.
type recording struct {
	*MemStore
	gets, puts int
}

func (r *recording) Get(ctx context.Context, id string) ([]byte, error) {
	r.gets++
	return r.MemStore.Get(ctx, id)
}

func (r *recording) Put(ctx context.Context, id string, doc []byte, ttl time.Duration) error {
	r.puts++
	return r.MemStore.Put(ctx, id, doc, ttl)
}

// TestIDWithALineEnd: Go's base64 skips '\r' and '\n', so such an id once
// passed as valid and was looked up in the store as it came.
func TestIDWithALineEnd(t *testing.T) {
	store := &recording{MemStore: NewMemStore()}
	h := Handler(store, Config{})
	doc := gallery(t)["trust-policy.json"]
	id := decodeID(t, do(h, "POST", "/api/share", doc))
	min, _ := share.Minify(doc)
	for _, bad := range []string{id[:10] + "\n", id[:9] + "\r\n", "\n" + id[:10]} {
		store.MemStore.Put(context.Background(), bad, min, 0) // a store that would answer it
	}
	store.gets = 0
	for _, target := range []string{
		"/api/share/" + id[:10] + "\n", "/api/share/" + id[:10] + "%0A", "/api/share/" + id[:9] + "%0D%0A", "/api/share/%0A" + id[:10],
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.URL.Path, _ = url.PathUnescape(target) // as the runtime gives it; a raw "\n" would not parse as a target
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusBadRequest {
			t.Errorf("GET %q: %d %s, want 400", target, w.Code, w.Body)
			continue
		}
		if msg := errorOf(t, w); !strings.Contains(msg, "not a short-link id") {
			t.Errorf("GET %q: reason %q", target, msg)
		}
	}
	if store.gets != 0 {
		t.Errorf("the store was asked %d times for a malformed id", store.gets)
	}
}

func TestStoredValueIsChecked(t *testing.T) {
	ctx := context.Background()
	docs := gallery(t)
	a, _ := share.Minify(docs["trust-policy.json"])
	b, _ := share.Minify(docs["mfa-required.json"])
	id, _ := shortid.Of(a)
	for _, c := range []struct {
		name   string
		stored []byte
		post   int // the status of POSTing a
		after  []byte
	}{
		// A value cut short or altered in the store: a POST of a writes a again.
		{"damaged", a[:len(a)/2], http.StatusCreated, a},
		{"altered", bytes.Replace(a, []byte(`"seed":1`), []byte(`"seed":7`), 1), http.StatusCreated, a},
		{"another scenario", b, http.StatusCreated, a},
	} {
		t.Run(c.name, func(t *testing.T) {
			if bytes.Equal(c.stored, a) {
				t.Fatal("the fixture does not change the scenario")
			}
			store := &recording{MemStore: NewMemStore()}
			h := Handler(store, Config{})
			store.MemStore.Put(ctx, id, c.stored, 0)
			g := do(h, "GET", "/api/share/"+id, nil)
			if g.Code != http.StatusInternalServerError {
				t.Fatalf("GET: %d %q, want 500", g.Code, g.Body)
			}
			if msg := errorOf(t, g); !strings.Contains(msg, "not the scenario of that id") {
				t.Errorf("GET: reason %q", msg)
			}
			p := do(h, "POST", "/api/share", a)
			if p.Code != c.post {
				t.Fatalf("POST: %d %s, want %d", p.Code, p.Body, c.post)
			}
			if got, _ := store.MemStore.Get(ctx, id); !bytes.Equal(got, c.after) {
				t.Errorf("the store holds %.40q…", got)
			}
			if g := do(h, "GET", "/api/share/"+id, nil); g.Code != http.StatusOK || !bytes.Equal(g.Body.Bytes(), a) {
				t.Errorf("GET after the POST: %d", g.Code)
			}
		})
	}
	t.Run("a collision", func(t *testing.T) {
		// Two scenarios with one id, as a collision of 66 bits would give:
		// the one stored stays, and the other is refused, not answered
		// with the first one's id.
		store := &recording{MemStore: NewMemStore()}
		h := Handler(store, Config{})
		h.(*handler).idOf = func([]byte) (string, error) { return id, nil }
		if p := do(h, "POST", "/api/share", b); p.Code != http.StatusCreated {
			t.Fatalf("POST b: %d", p.Code)
		}
		p := do(h, "POST", "/api/share", a)
		if p.Code != http.StatusConflict {
			t.Fatalf("POST a: %d %s, want 409", p.Code, p.Body)
		}
		if msg := errorOf(t, p); !strings.Contains(msg, "#s=") {
			t.Errorf("reason %q", msg)
		}
		if g := do(h, "GET", "/api/share/"+id, nil); g.Code != http.StatusOK || !bytes.Equal(g.Body.Bytes(), b) {
			t.Errorf("GET: %d %.40q…, want b", g.Code, g.Body)
		}
	})
	t.Run("the same scenario in another layout", func(t *testing.T) {
		store := &recording{MemStore: NewMemStore()}
		h := Handler(store, Config{})
		store.MemStore.Put(ctx, id, docs["trust-policy.json"], 0)
		if g := do(h, "GET", "/api/share/"+id, nil); g.Code != http.StatusOK {
			t.Errorf("GET: %d, want 200: it is the scenario of that id", g.Code)
		}
		if p := do(h, "POST", "/api/share", a); p.Code/100 != 2 {
			t.Errorf("POST: %d %s", p.Code, p.Body)
		}
	})
	t.Run("a repeat reads once and writes nothing", func(t *testing.T) {
		store := &recording{MemStore: NewMemStore()}
		h := Handler(store, Config{})
		do(h, "POST", "/api/share", a)
		store.gets, store.puts = 0, 0
		if p := do(h, "POST", "/api/share", docs["trust-policy.json"]); p.Code != http.StatusOK || store.gets != 1 || store.puts != 0 {
			t.Errorf("%d, %d reads, %d writes", p.Code, store.gets, store.puts)
		}
	})
}
