package main

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/schoolpass/portal/backend/internal/accounts"
)

// rawMeasure is one raw hashing phase.
type rawMeasure struct {
	rate    float64
	hashes  int64
	elapsed time.Duration
	cpu     cpuUse
}

func (m rawMeasure) json() map[string]any {
	return map[string]any{"perSecond": m.rate, "hashes": m.hashes, "seconds": m.elapsed.Seconds(), "cpu": m.cpu}
}

func (b *bench) rawPhase(ctx context.Context, h *accounts.Hasher, procs int) rawMeasure {
	c0 := takeCPU(b.srv.pid)
	n, elapsed := hashRate(ctx, h, procs, b.o.hashDuration)
	c1 := takeCPU(b.srv.pid)
	return rawMeasure{rate: float64(n) / elapsed.Seconds(), hashes: n, elapsed: elapsed, cpu: cpuBetween(c0, c1)}
}

// hashRate hashes with goroutines goroutines until d has passed and returns
// how many hashes were made and the time until the last one finished.
func hashRate(ctx context.Context, h *accounts.Hasher, goroutines int, d time.Duration) (int64, time.Duration) {
	var n atomic.Int64
	var wg sync.WaitGroup
	began := time.Now()
	deadline := began.Add(d)
	for range goroutines {
		wg.Go(func() {
			for time.Now().Before(deadline) && ctx.Err() == nil {
				if _, err := h.Hash(ctx, "Orchard-Lamp-73"); err != nil {
					return
				}
				n.Add(1)
			}
		})
	}
	wg.Wait()
	return n.Load(), time.Since(began)
}
