//go:build js && wasm

package main

import (
	"context"
	"time"

	"github.com/syumai/workers/cloudflare/kv"

	"slrplay/wasm/worker/shortlink"
)

// kvStore is a shortlink.Store in a Workers KV namespace: one key per id,
// the minified scenario as its text value, which KV deletes once its TTL
// is over.
type kvStore struct{ binding string }

// missing is what syumai/workers' GetString gives for an absent key: the
// JavaScript null, as Go's syscall/js prints it. A stored scenario is a
// JSON object, so it can never be this text.
const missing = "<null>"

func (s kvStore) Get(_ context.Context, id string) ([]byte, error) {
	ns, err := kv.NewNamespace(s.binding)
	if err != nil {
		return nil, err
	}
	v, err := ns.GetString(id, nil)
	if err != nil {
		return nil, err
	}
	if v == missing {
		return nil, shortlink.ErrNotFound
	}
	return []byte(v), nil
}

func (s kvStore) Put(_ context.Context, id string, scenario []byte, ttl time.Duration) error {
	ns, err := kv.NewNamespace(s.binding)
	if err != nil {
		return err
	}
	return ns.PutString(id, string(scenario), &kv.PutOptions{ExpirationTTL: int(ttl / time.Second)})
}
