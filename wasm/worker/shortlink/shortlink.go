// Package shortlink is the short-link service of CONTRACT 5 as a plain
// net/http handler over a Store, so that it is tested natively with
// httptest and an in-memory store while the worker serves it from Workers
// KV. It imports only the share-link codec (with core/jsontext, which it
// reads and writes JSON with) and the ids from the core.
//
//	POST /api/share        a scenario (application/json, at most 64 KiB)
//	                       → 201 {"id": ID} when new, 200 {"id": ID} when already stored
//	GET  /api/share/{id}   → 200 the scenario's minified JSON; 404 for an unknown or malformed id
//
// Ids are content-addressed (shortid.Of): the same scenario, whatever its
// layout, always gets the same id, so a repeat stores nothing and answers
// 200 with that id. A trailing slash is ignored. Other methods get 405 with
// an Allow header, OPTIONS answers CORS preflights for the allowed origins,
// and every error is JSON: {"error": "what went wrong and what to do"}.
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
}

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
}

// Handler returns the service over store.
func Handler(store Store, cfg Config) http.Handler {
	h := &handler{store: store, origins: map[string]bool{}}
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
	id, err := shortid.Of(min)
	if err != nil {
		fail(w, http.StatusBadRequest, err.Error())
		return
	}
	status := http.StatusOK
	switch _, err := h.store.Get(r.Context(), id); {
	case errors.Is(err, ErrNotFound):
		if err := h.store.Put(r.Context(), id, min); err != nil {
			fail(w, http.StatusServiceUnavailable, "the scenario could not be stored: "+err.Error())
			return
		}
		status = http.StatusCreated
	case err != nil:
		fail(w, http.StatusServiceUnavailable, "the store did not answer: "+err.Error())
		return
	}
	w.Header().Set("Location", Prefix+"/"+id)
	writeJSON(w, status, "id", id)
}

// read answers a stored scenario.
func (h *handler) read(w http.ResponseWriter, r *http.Request, id string) {
	if !shortid.Valid(id) {
		fail(w, http.StatusNotFound, fmt.Sprintf("%q is not a short-link id: ids are %d characters of base64url", id, shortid.Len))
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
