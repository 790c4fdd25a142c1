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
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

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
		{"short id", "GET", "/api/share/abc", nil, nil, 404, "not a short-link id"},
		{"id with a bad character", "GET", "/api/share/AAAAAAAAAA.", nil, nil, 404, "not a short-link id"},
		{"long id", "GET", "/api/share/AAAAAAAAAAAA", nil, nil, 404, "not a short-link id"},
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

func (f failing) Get(context.Context, string) ([]byte, error) { return nil, f.get }
func (f failing) Put(context.Context, string, []byte) error   { return f.put }

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
	if w := do(h, "GET", "/api/share/bad", nil); w.Code != http.StatusNotFound {
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
