package shortlink

import (
	"context"
	"errors"
	"sync"
)

// ErrNotFound is what a Store's Get returns for an id it does not hold.
var ErrNotFound = errors.New("no scenario has this id")

// Store keeps scenarios by id. Ids are content-addressed, so a Put of an
// id already held stores the same bytes again: a Store need not guard it.
type Store interface {
	// Get returns the scenario stored under id, or ErrNotFound.
	Get(ctx context.Context, id string) ([]byte, error)
	// Put stores the scenario under id.
	Put(ctx context.Context, id string, scenario []byte) error
}

// MemStore is a Store in memory, safe for concurrent use: for tests and
// for running the handler without Workers KV.
type MemStore struct {
	mu   sync.RWMutex
	docs map[string][]byte
}

// NewMemStore returns an empty MemStore.
func NewMemStore() *MemStore {
	return &MemStore{docs: map[string][]byte{}}
}

// Get implements Store.
func (m *MemStore) Get(_ context.Context, id string) ([]byte, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	doc, ok := m.docs[id]
	if !ok {
		return nil, ErrNotFound
	}
	return doc, nil
}

// Put implements Store. It keeps its own copy of the scenario.
func (m *MemStore) Put(_ context.Context, id string, scenario []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.docs[id] = append([]byte(nil), scenario...)
	return nil
}

// Len returns how many scenarios the store holds.
func (m *MemStore) Len() int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return len(m.docs)
}
