package accounts

import (
	"cmp"
	"context"
	"sync"
)

// bulkHashers is how many secrets HashMany hashes at once: the Hasher has a concurrency
// limit of its own, and a bulk issue (a class's pictures, a school's access codes) must leave
// room for the sign-ins running beside it.
const bulkHashers = 2

// HashMany hashes each secret, bulkHashers at a time, and returns the hashes in the same
// order. It stops at the first error or when ctx ends.
func (h *Hasher) HashMany(ctx context.Context, secrets []string) ([]string, error) {
	out := make([]string, len(secrets))
	var (
		wg    sync.WaitGroup
		next  = make(chan int)
		errMu sync.Mutex
		first error
	)
	for range min(bulkHashers, len(secrets)) {
		wg.Go(func() {
			for i := range next {
				hash, err := h.Hash(ctx, secrets[i])
				if err != nil {
					errMu.Lock()
					first = cmp.Or(first, err)
					errMu.Unlock()
					continue
				}
				out[i] = hash
			}
		})
	}
	for i := range secrets {
		errMu.Lock()
		failed := first != nil
		errMu.Unlock()
		if failed || ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if first = cmp.Or(first, ctx.Err()); first != nil {
		return nil, first
	}
	return out, nil
}
