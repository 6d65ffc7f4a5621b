package accounts

import (
	"context"
	"testing"
)

// BenchmarkHashProduction measures one hash with the production parameters (about 30 ms a
// core on the development machines).
func BenchmarkHashProduction(b *testing.B) {
	h := NewHasher(ProductionHashParams(), 0)
	ctx := context.Background()
	for b.Loop() {
		if _, err := h.Hash(ctx, "Purple7Giraffe"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyProductionParallel measures verification throughput with every core busy,
// the sign-in flood the concurrency limit guards against.
func BenchmarkVerifyProductionParallel(b *testing.B) {
	h := NewHasher(ProductionHashParams(), 0)
	ctx := context.Background()
	encoded, err := h.Hash(ctx, "Purple7Giraffe")
	if err != nil {
		b.Fatal(err)
	}
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if ok, err := h.Verify(ctx, "Purple7Giraffe", encoded); err != nil || !ok {
				b.Fatalf("Verify: got %v, %v", ok, err)
			}
		}
	})
}
