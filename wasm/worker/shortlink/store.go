package shortlink

import (
	"context"
	"errors"
	"sync"
	"time"
)

// ErrNotFound is what a Store's Get returns for an id it does not hold.
var ErrNotFound = errors.New("no scenario has this id")

// Store keeps scenarios by id. The handler checks what Get returns
// against the id, so a Store need not.
type Store interface {
	// Get returns the scenario stored under id, or ErrNotFound.
	Get(ctx context.Context, id string) ([]byte, error)
	// Put stores the scenario under id for ttl (0: for good), replacing
	// what was there.
	Put(ctx context.Context, id string, scenario []byte, ttl time.Duration) error
}

// MemStore is a Store in memory, safe for concurrent use: for tests and
// for running the handler without Workers KV.
type MemStore struct {
	// Now is the store's clock, which expires scenarios; nil is time.Now.
	Now func() time.Time

	mu   sync.RWMutex
	docs map[string]memDoc
}

type memDoc struct {
	scenario []byte
	expires  time.Time // zero: never
}

// NewMemStore returns an empty MemStore.
func NewMemStore() *MemStore {
	return &MemStore{docs: map[string]memDoc{}}
}

func (m *MemStore) now() time.Time {
	if m.Now == nil {
		return time.Now()
	}
	return m.Now()
}

// Get implements Store.
func (m *MemStore) Get(_ context.Context, id string) ([]byte, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	d, ok := m.docs[id]
	if !ok || !d.expires.IsZero() && !m.now().Before(d.expires) {
		return nil, ErrNotFound
	}
	return d.scenario, nil
}

// Put implements Store. It keeps its own copy of the scenario.
func (m *MemStore) Put(_ context.Context, id string, scenario []byte, ttl time.Duration) error {
	d := memDoc{scenario: append([]byte(nil), scenario...)}
	if ttl > 0 {
		d.expires = m.now().Add(ttl)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.docs[id] = d
	return nil
}

// Len returns how many scenarios the store holds.
func (m *MemStore) Len() int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return len(m.docs)
}
