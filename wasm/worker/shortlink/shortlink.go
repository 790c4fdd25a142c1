// Package shortlink is the short-link service of CONTRACT 5 as a plain
// net/http handler over a Store, so that it is tested natively with
// httptest and an in-memory store while the worker serves it from Workers
// KV. It imports only the share-link codec (with core/jsontext, which it
// reads and writes JSON with) and the ids from the core.
//
//	POST /api/share        a scenario (application/json, at most 64 KiB)
//	                       → 201 {"id": ID} when new, 200 {"id": ID} when already stored
//	                       → 429 with Retry-After past a client's Rate
//	GET  /api/share/{id}   → 200 the scenario's minified JSON; 404 for an unknown id, 400 for a malformed one
//
// Ids are content-addressed (shortid.Of): the same scenario, whatever its
// layout, always gets the same id, so a repeat stores nothing and answers
// 200 with that id. What the store holds is checked against its id before
// it is answered, so a damaged value or another scenario with the same id
// (66 bits of a hash) is never given out as the one asked for. A trailing
// slash is ignored. Other methods get 405 with an Allow header, OPTIONS
// answers CORS preflights for the allowed origins, and every error is JSON:
// {"error": "what went wrong and what to do"}.
package shortlink

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"slrplay/core/jsontext"
	"slrplay/core/share"
	"slrplay/core/share/shortid"
)

// Prefix is the path the service answers under.
const Prefix = "/api/share"

// MaxBody is the largest scenario a POST may carry, in bytes. Larger ones
// still travel as #s= links, which hold up to share.MaxScenario.
const MaxBody = 64 << 10

// Config says who may call the service from a page.
type Config struct {
	// AllowedOrigins are the origins (scheme://host[:port]) of pages on
	// other sites that may call the service; "*" allows any. A page the
	// service's own site serves needs no entry: it is not a cross-origin
	// caller.
	AllowedOrigins []string
	// Rate limits each client's POSTs (clientOf names clients); the zero
	// Rate sets no limit.
	Rate Rate
	// TTL is how long a stored scenario is kept from its first POST (a
	// repeat stores nothing, so it does not extend it); 0 keeps it for good.
	TTL time.Duration
}

// DefaultTTL keeps a scenario for about a school term after it was first
// shared.
const DefaultTTL = 90 * 24 * time.Hour

// DefaultOrigins are the allowed origins when none are configured: the
// page as `slrplay serve` runs it.
var DefaultOrigins = []string{"http://127.0.0.1:8080"}

// ParseOrigins reads a list of origins separated by commas or spaces, as a
// deployment's setting holds them; an empty list gives DefaultOrigins.
func ParseOrigins(list string) []string {
	var origins []string
	for _, o := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' }) {
		origins = append(origins, strings.TrimSuffix(o, "/"))
	}
	if len(origins) == 0 {
		return DefaultOrigins
	}
	return origins
}

const (
	collectionMethods = "POST, OPTIONS"
	itemMethods       = "GET, HEAD, OPTIONS"
	// immutable is the caching of a stored scenario: an id never changes
	// what it names.
	immutable = "public, max-age=31536000, immutable"
)

type handler struct {
	store   Store
	origins map[string]bool
	any     bool
	limit   *limiter
	ttl     time.Duration
	idOf    func(scenario []byte) (string, error) // shortid.Of; tests make collisions with it
}

// Handler returns the service over store.
func Handler(store Store, cfg Config) http.Handler {
	h := &handler{store: store, origins: map[string]bool{}, limit: newLimiter(cfg.Rate), ttl: cfg.TTL, idOf: shortid.Of}
	for _, o := range cfg.AllowedOrigins {
		if o == "*" {
			h.any = true
		}
		h.origins[o] = true
	}
	return h
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// In the worker one Go program serves every request of an isolate, and
	// nothing above this handler recovers: a bug answers 500 for its own
	// request instead of ending the program under the others.
	defer func() {
		if v := recover(); v != nil {
			fmt.Fprintf(os.Stderr, "shortlink: %s %s: panic: %v\n%s", r.Method, r.URL.Path, v, debug.Stack())
			fail(w, http.StatusInternalServerError, "the short-link service failed on this request")
		}
	}()
	w.Header().Set("X-Content-Type-Options", "nosniff")
	rest, ok := strings.CutPrefix(r.URL.Path, Prefix)
	if !ok || rest != "" && rest[0] != '/' {
		fail(w, http.StatusNotFound, "nothing here: the short-link service is at "+Prefix)
		return
	}
	h.cors(w, r)
	id := strings.TrimSuffix(strings.TrimPrefix(rest, "/"), "/")
	if strings.Contains(id, "/") {
		fail(w, http.StatusNotFound, "nothing here: scenarios are at "+Prefix+"/{id}")
		return
	}
	allow := itemMethods
	if id == "" {
		allow = collectionMethods
	}
	switch {
	case r.Method == http.MethodOptions:
		h.preflight(w, r, allow)
	case id == "" && r.Method == http.MethodPost:
		h.create(w, r)
	case id != "" && (r.Method == http.MethodGet || r.Method == http.MethodHead):
		h.read(w, r, id)
	default:
		w.Header().Set("Allow", allow)
		fail(w, http.StatusMethodNotAllowed, fmt.Sprintf("%s is not answered here: use %s", r.Method, allow))
	}
}

// cors lets an allowed origin's page read the answer. Answers differ by
// Origin, so caches are told so even when the origin is refused.
func (h *handler) cors(w http.ResponseWriter, r *http.Request) {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return
	}
	w.Header().Add("Vary", "Origin")
	if h.allowed(origin) {
		w.Header().Set("Access-Control-Allow-Origin", origin)
		w.Header().Set("Access-Control-Expose-Headers", "Location")
	}
}

func (h *handler) allowed(origin string) bool {
	return h.any || h.origins[origin]
}

// preflight answers OPTIONS: a browser's CORS preflight from an allowed
// origin gets the methods and the Content-Type header it may use, a refused
// origin a 403 that says why, and a plain OPTIONS the Allow header.
func (h *handler) preflight(w http.ResponseWriter, r *http.Request, allow string) {
	origin := r.Header.Get("Origin")
	if origin == "" || r.Header.Get("Access-Control-Request-Method") == "" {
		w.Header().Set("Allow", allow)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if !h.allowed(origin) {
		fail(w, http.StatusForbidden, fmt.Sprintf("pages from %s may not use this short-link service: add the origin to its ALLOWED_ORIGINS", origin))
		return
	}
	hd := w.Header()
	hd.Set("Access-Control-Allow-Methods", allow)
	hd.Set("Access-Control-Allow-Headers", "Content-Type")
	hd.Set("Access-Control-Max-Age", "86400")
	w.WriteHeader(http.StatusNoContent)
}

// create stores a scenario and answers its id.
func (h *handler) create(w http.ResponseWriter, r *http.Request) {
	if ok, wait := h.limit.allow(clientOf(r.Header.Get("CF-Connecting-IP"), r.RemoteAddr)); !ok {
		secs := int((wait + time.Second - 1) / time.Second)
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		fail(w, http.StatusTooManyRequests, fmt.Sprintf("too many shares from your address: try again in %d s, or share this one as a #s= link", secs))
		return
	}
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			fail(w, http.StatusUnsupportedMediaType, fmt.Sprintf("the body is %q: send the scenario as application/json", ct))
			return
		}
	}
	tooLarge := fmt.Sprintf("the scenario is larger than %d KiB: share it as a #s= link instead", MaxBody>>10)
	if r.ContentLength > MaxBody {
		fail(w, http.StatusRequestEntityTooLarge, tooLarge)
		return
	}
	var doc []byte
	if r.Body != nil { // nil for an empty request in the Workers runtime
		var err error
		doc, err = io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
		if err != nil {
			fail(w, http.StatusBadRequest, "the body could not be read: "+err.Error())
			return
		}
	}
	if len(doc) > MaxBody {
		fail(w, http.StatusRequestEntityTooLarge, tooLarge)
		return
	}
	if len(bytes.TrimSpace(doc)) == 0 {
		fail(w, http.StatusBadRequest, "the body is empty: send a scenario document")
		return
	}
	if !utf8.Valid(doc) {
		fail(w, http.StatusBadRequest, "not a scenario: the body is not UTF-8 text")
		return
	}
	if err := share.Check(doc); err != nil {
		fail(w, http.StatusBadRequest, err.Error())
		return
	}
	min, err := share.Minify(doc)
	if err != nil {
		fail(w, http.StatusBadRequest, err.Error())
		return
	}
	id, err := h.idOf(min)
	if err != nil {
		fail(w, http.StatusBadRequest, err.Error())
		return
	}
	status := http.StatusOK
	stored, err := h.store.Get(r.Context(), id)
	switch {
	case err == nil && bytes.Equal(stored, min):
		// already stored: no write
	case err == nil && h.matches(stored, id) && !sameScenario(stored, min):
		fail(w, http.StatusConflict, fmt.Sprintf("another scenario already has the id %s (66 bits of its hash): share this one as a #s= link", id))
		return
	case err == nil || errors.Is(err, ErrNotFound):
		// New, or a damaged value, which this write repairs (or the same
		// scenario stored in another layout, which it minifies).
		if err := h.store.Put(r.Context(), id, min, h.ttl); err != nil {
			fail(w, http.StatusServiceUnavailable, "the scenario could not be stored: "+err.Error())
			return
		}
		status = http.StatusCreated
	default:
		fail(w, http.StatusServiceUnavailable, "the store did not answer: "+err.Error())
		return
	}
	w.Header().Set("Location", Prefix+"/"+id)
	writeJSON(w, status, "id", id)
}

// read answers a stored scenario.
func (h *handler) read(w http.ResponseWriter, r *http.Request, id string) {
	if !shortid.Valid(id) {
		fail(w, http.StatusBadRequest, fmt.Sprintf("%q is not a short-link id: ids are %d characters of base64url", id, shortid.Len))
		return
	}
	doc, err := h.store.Get(r.Context(), id)
	if errors.Is(err, ErrNotFound) {
		fail(w, http.StatusNotFound, "no scenario has the id "+id+": check the link")
		return
	}
	if err != nil {
		fail(w, http.StatusServiceUnavailable, "the store did not answer: "+err.Error())
		return
	}
	if !h.matches(doc, id) {
		fail(w, http.StatusInternalServerError, "what is stored under "+id+" is not the scenario of that id: share the scenario again to store it anew")
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "application/json")
	hd.Set("Cache-Control", immutable)
	if r.Method == http.MethodHead {
		w.WriteHeader(http.StatusOK)
		return
	}
	hd.Set("Content-Length", strconv.Itoa(len(doc)))
	w.WriteHeader(http.StatusOK)
	w.Write(doc)
}

// matches reports whether a stored value is the scenario an id names.
func (h *handler) matches(stored []byte, id string) bool {
	got, err := h.idOf(stored)
	return err == nil && got == id
}

// sameScenario reports whether a stored value is min, the minified
// scenario, in another layout.
func sameScenario(stored, min []byte) bool {
	m, err := share.Minify(stored)
	return err == nil && bytes.Equal(m, min)
}

// fail answers an error as {"error": reason}, never cached: an id unknown
// now may be stored a moment later.
func fail(w http.ResponseWriter, status int, reason string) {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, status, "error", reason)
}

// writeJSON answers {key: value}.
func writeJSON(w http.ResponseWriter, status int, key, value string) {
	o := jsontext.StartObject(nil)
	o.Str(key, value)
	body := append(o.End(), '\n')
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}
