package accounts_test

import (
	"context"
	"errors"
	"testing"

	"github.com/schoolpass/portal/backend/internal/accounts"
)

// TestHashMany: each hash is the hash of the secret at its place, and an ended context ends
// the batch with its error and no hashes.
func TestHashMany(t *testing.T) {
	h := accounts.NewHasher(accounts.TestHashParams(), 4)
	ctx := context.Background()
	secrets := []string{"cat,moon,star", "dog,boat,tree", "ABCD-EFGH", "apple,ball,bird", "x"}
	hashes, err := h.HashMany(ctx, secrets)
	if err != nil {
		t.Fatal(err)
	}
	if len(hashes) != len(secrets) {
		t.Fatalf("got %d hashes, want %d", len(hashes), len(secrets))
	}
	for i, secret := range secrets {
		for j, hash := range hashes {
			ok, err := h.Verify(ctx, secret, hash)
			if err != nil {
				t.Fatal(err)
			}
			if ok != (i == j) {
				t.Errorf("secret %d against hash %d: got %v, want %v", i, j, ok, i == j)
			}
		}
	}
	if got, err := h.HashMany(ctx, nil); err != nil || len(got) != 0 {
		t.Errorf("no secrets: got %v, %v; want none and no error", got, err)
	}

	ended, cancel := context.WithCancel(ctx)
	cancel()
	if got, err := h.HashMany(ended, secrets); !errors.Is(err, context.Canceled) || got != nil {
		t.Errorf("ended context: got %v, %v; want no hashes and context.Canceled", got, err)
	}
}
