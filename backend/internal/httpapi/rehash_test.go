package httpapi_test

import (
	"context"
	"testing"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/policy"
)

// TestSignInRehashesOldHashes checks that a password hashed with older (here weaker)
// parameters is rehashed with the current ones at the next good sign-in, for students and
// guardians, without ending any session; a school-issued default stays sealed.
func TestSignInRehashesOldHashes(t *testing.T) {
	h := apitest.New(t)
	ctx := context.Background()
	older := accounts.NewHasher(accounts.HashParams{Time: 1, MemoryKiB: 32, Threads: 1, SaltLen: 16, KeyLen: 32}, 1)
	oldHash := func(password string) string {
		hash, err := older.Hash(ctx, policy.NormalizePassword(password))
		if err != nil {
			t.Fatal(err)
		}
		return hash
	}
	read := func(sql, id string) (hash string, version int) {
		t.Helper()
		if err := h.Pool.QueryRow(ctx, sql, id).Scan(&hash, &version); err != nil {
			t.Fatal(err)
		}
		return hash, version
	}

	st := h.Student(apitest.StudentOpts{})
	before := oldHash(st.Password)
	if _, err := h.Pool.Exec(ctx, `update students set password_hash = $2 where id = $1`, st.ID, before); err != nil {
		t.Fatal(err)
	}
	g := h.Guardian(apitest.GuardianOpts{})
	if _, err := h.Pool.Exec(ctx, `update guardians set password_hash = $2 where id = $1`, g.ID, oldHash(g.Password)); err != nil {
		t.Fatal(err)
	}
	const studentRow = `select coalesce(password_hash, ''), token_version from students where id = $1`
	const guardianRow = `select password_hash, token_version from guardians where id = $1`
	_, studentVersion := read(studentRow, st.ID)
	_, guardianVersion := read(guardianRow, g.ID)

	h.Client().SignIn(st.Username, st.Password)
	h.Client().FamilySignIn(g.Email, g.Password)

	for _, row := range []struct {
		name, sql, id string
		version       int
	}{{"student", studentRow, st.ID, studentVersion}, {"guardian", guardianRow, g.ID, guardianVersion}} {
		hash, version := read(row.sql, row.id)
		if h.Portal.Hasher.NeedsRehash(hash) {
			t.Errorf("%s: the hash still has the old parameters after a good sign-in: %s", row.name, hash)
		}
		if version != row.version {
			t.Errorf("%s: got token version %d, want %d (a rehash ends no session)", row.name, version, row.version)
		}
	}
	// The new hashes open with the same passwords.
	h.Client().SignIn(st.Username, st.Password)
	h.Client().FamilySignIn(g.Email, g.Password)

	def := h.Student(apitest.StudentOpts{DefaultPassword: true, Password: "Kettle-Plum-93"})
	h.Client().SignIn(def.Username, def.Password)
	if n := h.Count(`select count(*) from students where id = $1 and password_hash is null
		and default_password_sealed is not null`, def.ID); n != 1 {
		t.Errorf("the school-issued default password is no longer sealed after a sign-in")
	}
}
