package accounts

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/crypto/argon2"
)

func TestHashParamsPresets(t *testing.T) {
	tests := []struct {
		name string
		got  HashParams
		want HashParams
	}{
		{"production", ProductionHashParams(), HashParams{Time: 2, MemoryKiB: 19456, Threads: 1, SaltLen: 16, KeyLen: 32}},
		{"test", TestHashParams(), HashParams{Time: 1, MemoryKiB: 64, Threads: 1, SaltLen: 16, KeyLen: 32}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, tt.got); diff != "" {
			t.Errorf("%s params: got %+v, want %+v", tt.name, tt.got, tt.want)
		}
	}
}

func TestHashVerify(t *testing.T) {
	ctx := context.Background()
	h := NewHasher(TestHashParams(), 2)
	shape := regexp.MustCompile(`^\$argon2id\$v=19\$m=64,t=1,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)
	secrets := []string{"", "Purple7Giraffe", "123456", "newyork", "Ñandú 2024 🐱", strings.Repeat("x", 128)}
	for _, secret := range secrets {
		encoded, err := h.Hash(ctx, secret)
		if err != nil {
			t.Fatalf("Hash(%q): got error %v", secret, err)
		}
		if !shape.MatchString(encoded) {
			t.Errorf("Hash(%q): got %q, want a PHC argon2id string", secret, encoded)
		}
		ok, err := h.Verify(ctx, secret, encoded)
		if err != nil || !ok {
			t.Errorf("Verify(%q, own hash): got %v, %v, want true, nil", secret, ok, err)
		}
		for _, wrong := range []string{secret + "x", strings.ToUpper(secret) + "!", " " + secret} {
			ok, err := h.Verify(ctx, wrong, encoded)
			if err != nil || ok {
				t.Errorf("Verify(%q, hash of %q): got %v, %v, want false, nil", wrong, secret, ok, err)
			}
		}
		again, _ := h.Hash(ctx, secret)
		if again == encoded {
			t.Errorf("Hash(%q) twice: got the same string, want different salts", secret)
		}
	}
}

// TestVerifyReferenceVector checks interoperability with the argon2 reference
// implementation: echo -n password | argon2 somesalt -id -t 2 -m 16 -p 1 -l 32 -e
func TestVerifyReferenceVector(t *testing.T) {
	const encoded = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"
	h := NewHasher(TestHashParams(), 1)
	ok, err := h.Verify(context.Background(), "password", encoded)
	if err != nil || !ok {
		t.Errorf("Verify(password, reference): got %v, %v, want true, nil", ok, err)
	}
	got := encodeHash(HashParams{Time: 2, MemoryKiB: 65536, Threads: 1},
		[]byte("somesalt"), argon2.IDKey([]byte("password"), []byte("somesalt"), 2, 65536, 1, 32))
	if got != encoded {
		t.Errorf("encodeHash: got %q, want %q", got, encoded)
	}
}

func TestVerifyUsesParamsFromHash(t *testing.T) {
	ctx := context.Background()
	old := HashParams{Time: 2, MemoryKiB: 128, Threads: 2, SaltLen: 12, KeyLen: 24}
	encoded, err := NewHasher(old, 1).Hash(ctx, "Purple7Giraffe")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(encoded, "$argon2id$v=19$m=128,t=2,p=2$") {
		t.Errorf("Hash with %+v: got %q, want the parameters in the string", old, encoded)
	}
	current := NewHasher(TestHashParams(), 1)
	ok, err := current.Verify(ctx, "Purple7Giraffe", encoded)
	if err != nil || !ok {
		t.Errorf("Verify with other current params: got %v, %v, want true, nil", ok, err)
	}
	p, _, _, err := decodeHash(encoded)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(old, p); diff != "" {
		t.Errorf("decodeHash: got %+v, want %+v", p, old)
	}
}

func TestVerifyTampered(t *testing.T) {
	ctx := context.Background()
	h := NewHasher(TestHashParams(), 1)
	encoded, err := h.Hash(ctx, "Purple7Giraffe")
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(encoded, "$")
	flip := func(s string) string {
		c := byte('A')
		if s[0] == 'A' {
			c = 'B'
		}
		return string(c) + s[1:]
	}
	tests := []struct {
		name    string
		encoded string
	}{
		{"hash changed", strings.Join(append(parts[:5:5], flip(parts[5])), "$")},
		{"salt changed", strings.Join(append(parts[:4:4], flip(parts[4]), parts[5]), "$")},
		{"time changed", strings.Replace(encoded, "t=1", "t=2", 1)},
		{"memory changed", strings.Replace(encoded, "m=64", "m=72", 1)},
	}
	for _, tt := range tests {
		ok, err := h.Verify(ctx, "Purple7Giraffe", tt.encoded)
		if err != nil || ok {
			t.Errorf("%s: Verify(%q): got %v, %v, want false, nil", tt.name, tt.encoded, ok, err)
		}
	}
}

func TestVerifyMalformed(t *testing.T) {
	const salt, key = "c29tZXNhbHQ", "CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"
	tests := []string{
		"Purple7Giraffe",
		"$argon2id$v=19$m=64,t=1,p=1$" + salt,
		"$argon2i$v=19$m=64,t=1,p=1$" + salt + "$" + key,
		"$argon2d$v=19$m=64,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=16$m=64,t=1,p=1$" + salt + "$" + key,
		"$argon2id$m=64,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$t=1,m=64,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=64,t=1$" + salt + "$" + key,
		"$argon2id$v=19$m=64,t=1,p=1,x=2$" + salt + "$" + key,
		"$argon2id$v=19$m=sixty,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=64,t=0,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=64,t=1,p=0$" + salt + "$" + key,
		"$argon2id$v=19$m=64,t=1,p=256$" + salt + "$" + key,
		"$argon2id$v=19$m=4,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=4194304,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=64,t=1000,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=64,t=1,p=1$c29tZQ$" + key,
		"$argon2id$v=19$m=64,t=1,p=1$" + salt + "$c2hvcnQ",
		"$argon2id$v=19$m=64,t=1,p=1$" + salt + "=$" + key,
		"$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + key + "$",
		"$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + key[:len(key)-1] + "d",
		"$argon2id$v=19$m=64,t=1,p=1$" + salt + "$!!" + key,
	}
	h := NewHasher(TestHashParams(), 1)
	for _, encoded := range tests {
		ok, err := h.Verify(context.Background(), "password", encoded)
		if ok || !errors.Is(err, ErrMalformedHash) {
			t.Errorf("Verify(%q): got %v, %v, want false, ErrMalformedHash", encoded, ok, err)
		}
		if !h.NeedsRehash(encoded) {
			t.Errorf("NeedsRehash(%q): got false, want true", encoded)
		}
	}
}

func TestNeedsRehash(t *testing.T) {
	ctx := context.Background()
	base := TestHashParams()
	h := NewHasher(base, 1)
	tests := []struct {
		name string
		p    HashParams
		want bool
	}{
		{"same", base, false},
		{"more time", HashParams{Time: 2, MemoryKiB: 64, Threads: 1, SaltLen: 16, KeyLen: 32}, true},
		{"more memory", HashParams{Time: 1, MemoryKiB: 128, Threads: 1, SaltLen: 16, KeyLen: 32}, true},
		{"less memory", HashParams{Time: 1, MemoryKiB: 32, Threads: 1, SaltLen: 16, KeyLen: 32}, true},
		{"threads", HashParams{Time: 1, MemoryKiB: 64, Threads: 2, SaltLen: 16, KeyLen: 32}, true},
		{"salt", HashParams{Time: 1, MemoryKiB: 64, Threads: 1, SaltLen: 8, KeyLen: 32}, true},
		{"key", HashParams{Time: 1, MemoryKiB: 64, Threads: 1, SaltLen: 16, KeyLen: 16}, true},
	}
	for _, tt := range tests {
		encoded, err := NewHasher(tt.p, 1).Hash(ctx, "x")
		if err != nil {
			t.Fatal(err)
		}
		if got := h.NeedsRehash(encoded); got != tt.want {
			t.Errorf("%s: NeedsRehash(%q): got %v, want %v", tt.name, encoded, got, tt.want)
		}
	}
}

func TestNewHasherRejectsUnusableParams(t *testing.T) {
	tests := []HashParams{
		{},
		{Time: 1, MemoryKiB: 64, Threads: 1, SaltLen: 4, KeyLen: 32},
		{Time: 1, MemoryKiB: 64, Threads: 1, SaltLen: 16, KeyLen: 8},
		{Time: 1, MemoryKiB: 64, Threads: 0, SaltLen: 16, KeyLen: 32},
		{Time: 1, MemoryKiB: 4, Threads: 1, SaltLen: 16, KeyLen: 32},
	}
	for _, p := range tests {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("NewHasher(%+v): got no panic, want one", p)
				}
			}()
			NewHasher(p, 1)
		}()
	}
}

// blockingDerive replaces argon2 with a function that records how many calls run at once
// and blocks until release is closed.
type blockingDerive struct {
	inFlight, peak, calls atomic.Int32
	started               chan struct{}
	release               chan struct{}
}

func newBlockingDerive() *blockingDerive {
	return &blockingDerive{started: make(chan struct{}, 100), release: make(chan struct{})}
}

func (b *blockingDerive) derive(secret, salt []byte, _, _ uint32, _ uint8, keyLen uint32) []byte {
	n := b.inFlight.Add(1)
	for {
		p := b.peak.Load()
		if n <= p || b.peak.CompareAndSwap(p, n) {
			break
		}
	}
	b.calls.Add(1)
	b.started <- struct{}{}
	<-b.release
	b.inFlight.Add(-1)
	return argon2.IDKey(secret, salt, 1, 8, 1, keyLen)
}

func TestHasherConcurrencyLimit(t *testing.T) {
	const limit, workers = 3, 12
	h := NewHasher(TestHashParams(), limit)
	fake := newBlockingDerive()
	h.derive = fake.derive

	var wg sync.WaitGroup
	for i := range workers {
		wg.Go(func() {
			var err error
			switch i % 3 {
			case 0:
				_, err = h.Hash(context.Background(), "secret")
			case 1:
				_, err = h.Verify(context.Background(), "secret",
					"$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")
			default:
				h.VerifyDummy(context.Background(), "secret")
			}
			if err != nil {
				t.Errorf("worker %d: got error %v", i, err)
			}
		})
	}
	for range limit {
		<-fake.started
	}
	// The limit is reached: no further call may start while these are held.
	select {
	case <-fake.started:
		t.Errorf("a hash started beyond the limit of %d", limit)
	case <-time.After(50 * time.Millisecond):
	}
	close(fake.release)
	wg.Wait()
	if got := fake.peak.Load(); got != limit {
		t.Errorf("peak concurrent hashes: got %d, want %d", got, limit)
	}
	if got := fake.calls.Load(); got != workers {
		t.Errorf("hashes run: got %d, want %d", got, workers)
	}
}

func TestHasherContextWhileWaiting(t *testing.T) {
	h := NewHasher(TestHashParams(), 1)
	fake := newBlockingDerive()
	h.derive = fake.derive
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.Hash(context.Background(), "holds the only slot")
	}()
	<-fake.started

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := h.Hash(ctx, "x"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Hash while full: got %v, want context.DeadlineExceeded", err)
	}
	canceled, cancel2 := context.WithCancel(context.Background())
	cancel2()
	ok, err := h.Verify(canceled, "x", "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")
	if ok || !errors.Is(err, context.Canceled) {
		t.Errorf("Verify while full: got %v, %v, want false, context.Canceled", ok, err)
	}
	h.VerifyDummy(canceled, "x") // returns instead of waiting

	close(fake.release)
	<-done
	if got := fake.calls.Load(); got != 1 {
		t.Errorf("hashes run: got %d, want only the one holding the slot", got)
	}
	if _, err := h.Hash(context.Background(), "x"); err != nil {
		t.Errorf("Hash after the slot frees: got %v, want nil", err)
	}
}

func TestNewHasherDefaultConcurrency(t *testing.T) {
	h := NewHasher(TestHashParams(), 0)
	if h.sem == nil {
		t.Fatal("NewHasher(…, 0): got no semaphore")
	}
	if !h.sem.TryAcquire(1) {
		t.Errorf("NewHasher(…, 0): got no free slot, want GOMAXPROCS slots")
	}
}

// TestVerifyNoPassword: an account without a usable password (NoPassword) matches nothing,
// not even the empty password, and is no error (a refusal like a wrong password).
func TestVerifyNoPassword(t *testing.T) {
	h := NewHasher(TestHashParams(), 0)
	for _, secret := range []string{"", "Purple7Giraffe"} {
		ok, err := h.Verify(context.Background(), secret, NoPassword)
		if ok || err != nil {
			t.Errorf("Verify(%q, NoPassword) = %v, %v; want false, nil", secret, ok, err)
		}
	}
}
