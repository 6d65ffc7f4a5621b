package accounts

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
	"golang.org/x/sync/semaphore"
)

// NoPassword is the stored hash of an account without a usable password.
const NoPassword = ""

// ErrMalformedHash reports an encoded hash that is not a PHC argon2id string this package
// can verify.
var ErrMalformedHash = errors.New("accounts: malformed password hash")

// HashParams are the argon2id cost parameters and sizes.
type HashParams struct {
	Time      uint32
	MemoryKiB uint32
	Threads   uint8
	SaltLen   uint32
	KeyLen    uint32
}

// ProductionHashParams returns the parameters for real secrets: t=2, m=19 MiB, p=1 (the
// OWASP minimum for argon2id), a 16-byte salt and a 32-byte key.
func ProductionHashParams() HashParams {
	return HashParams{Time: 2, MemoryKiB: 19456, Threads: 1, SaltLen: 16, KeyLen: 32}
}

// TestHashParams returns cheap parameters for tests: t=1, m=64 KiB. They are far too weak
// for real secrets.
func TestHashParams() HashParams {
	return HashParams{Time: 1, MemoryKiB: 64, Threads: 1, SaltLen: 16, KeyLen: 32}
}

// Limits on the parameters read back from an encoded hash, so a corrupted or planted row
// cannot make one verification take gigabytes or minutes.
const (
	maxMemoryKiB = 1 << 20 // 1 GiB
	maxTime      = 64
	minSaltLen   = 8
	minKeyLen    = 16
	maxLen       = 1024
)

// Hasher hashes and verifies secrets with argon2id. Each argon2id run holds MemoryKiB of
// memory, so a Hasher runs at most a fixed number at once and makes the rest wait: a flood
// of sign-ins queues instead of exhausting memory. A Hasher is safe for concurrent use.
type Hasher struct {
	params HashParams
	sem    *semaphore.Weighted
	// dummySalt and dummyKey give VerifyDummy a hash to compare against.
	dummySalt []byte
	dummyKey  []byte
	// derive is argon2.IDKey; tests replace it to observe concurrency.
	derive func(secret, salt []byte, time, memory uint32, threads uint8, keyLen uint32) []byte
}

// NewHasher returns a Hasher that makes new hashes with p and runs at most maxConcurrent
// argon2id computations at once; zero or less means runtime.GOMAXPROCS(0). It panics if p
// makes hashes that Verify would refuse, a programming error found at start-up.
func NewHasher(p HashParams, maxConcurrent int) *Hasher {
	if _, _, _, err := decodeHash(encodeHash(p, make([]byte, p.SaltLen), make([]byte, p.KeyLen))); err != nil {
		panic(fmt.Sprintf("accounts: NewHasher: unusable parameters %+v: %v", p, err))
	}
	if maxConcurrent <= 0 {
		maxConcurrent = runtime.GOMAXPROCS(0)
	}
	h := &Hasher{
		params:    p,
		sem:       semaphore.NewWeighted(int64(maxConcurrent)),
		dummySalt: make([]byte, p.SaltLen),
		dummyKey:  make([]byte, p.KeyLen),
		derive:    argon2.IDKey,
	}
	// crypto/rand.Read never returns an error: it crashes the program instead.
	rand.Read(h.dummySalt)
	rand.Read(h.dummyKey)
	return h
}

// Hash returns the PHC string of secret under a new random salt, such as
// "$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>" (unpadded standard base64). It waits for
// a free slot and returns ctx's error if ctx ends first.
func (h *Hasher) Hash(ctx context.Context, secret string) (string, error) {
	salt := make([]byte, h.params.SaltLen)
	rand.Read(salt)
	key, err := h.run(ctx, secret, salt, h.params)
	if err != nil {
		return "", err
	}
	return encodeHash(h.params, salt, key), nil
}

// Verify reports whether secret matches encoded, using the parameters stored in encoded
// and a constant-time comparison. A malformed encoded returns an error wrapping
// ErrMalformedHash; ctx ending while waiting for a slot returns ctx's error.
//
// An empty encoded is an account without a usable password (staff and guardians a roster
// import made: they sign in through SSO or set one with "forgot password"): nothing matches
// it, after the same work as a real check, so it is refused like a wrong password.
func (h *Hasher) Verify(ctx context.Context, secret, encoded string) (bool, error) {
	if encoded == NoPassword {
		h.VerifyDummy(ctx, secret)
		return false, ctx.Err()
	}
	p, salt, want, err := decodeHash(encoded)
	if err != nil {
		return false, err
	}
	got, err := h.run(ctx, secret, salt, p)
	if err != nil {
		return false, err
	}
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// VerifyDummy does the work of a Verify against a hash made with the Hasher's parameters
// and discards the result. Sign-in and recovery call it for unknown accounts so that they
// take as long as known ones and do not reveal which usernames exist.
func (h *Hasher) VerifyDummy(ctx context.Context, secret string) {
	got, err := h.run(ctx, secret, h.dummySalt, h.params)
	if err != nil {
		return
	}
	subtle.ConstantTimeCompare(got, h.dummyKey)
}

// NeedsRehash reports whether encoded should be replaced by a new hash of the same secret
// (after a successful Verify): it is malformed or its parameters differ from the Hasher's.
func (h *Hasher) NeedsRehash(encoded string) bool {
	p, _, _, err := decodeHash(encoded)
	return err != nil || p != h.params
}

// run computes the argon2id key once a slot is free.
func (h *Hasher) run(ctx context.Context, secret string, salt []byte, p HashParams) ([]byte, error) {
	if err := h.sem.Acquire(ctx, 1); err != nil {
		return nil, fmt.Errorf("accounts: wait to hash: %w", err)
	}
	defer h.sem.Release(1)
	return h.derive([]byte(secret), salt, p.Time, p.MemoryKiB, p.Threads, p.KeyLen), nil
}

// b64 is the PHC encoding; Strict refuses non-canonical trailing bits, so each hash has one
// spelling.
var b64 = base64.RawStdEncoding.Strict()

func encodeHash(p HashParams, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.MemoryKiB, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// decodeHash parses a PHC argon2id string written by encodeHash and checks its parameters
// are within the limits this package accepts.
func decodeHash(encoded string) (HashParams, []byte, []byte, error) {
	fail := func(why string) (HashParams, []byte, []byte, error) {
		return HashParams{}, nil, nil, fmt.Errorf("%w: %s", ErrMalformedHash, why)
	}
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" {
		return fail("want $argon2id$v=…$m=…,t=…,p=…$salt$hash")
	}
	if parts[1] != "argon2id" {
		return fail("algorithm is not argon2id")
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return fail("unsupported version")
	}
	var p HashParams
	var threads uint32
	for i, kv := range strings.Split(parts[3], ",") {
		name, value, ok := strings.Cut(kv, "=")
		if !ok || i > 2 || name != "mtp"[i:i+1] {
			return fail("parameters are not m=…,t=…,p=…")
		}
		n, err := strconv.ParseUint(value, 10, 32)
		if err != nil {
			return fail("parameter " + name + " is not a number")
		}
		switch name {
		case "m":
			p.MemoryKiB = uint32(n)
		case "t":
			p.Time = uint32(n)
		case "p":
			threads = uint32(n)
		}
	}
	if threads < 1 || threads > 255 || p.Time < 1 || p.Time > maxTime ||
		p.MemoryKiB < 8*threads || p.MemoryKiB > maxMemoryKiB {
		return fail("parameters out of range")
	}
	p.Threads = uint8(threads)
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < minSaltLen || len(salt) > maxLen {
		return fail("bad salt")
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil || len(key) < minKeyLen || len(key) > maxLen {
		return fail("bad hash")
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	return p, salt, key, nil
}
