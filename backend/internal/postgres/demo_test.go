package postgres_test

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/badges"
	"github.com/schoolpass/portal/backend/internal/demo"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/postgres"
	"github.com/schoolpass/portal/backend/internal/staff"
	"github.com/schoolpass/portal/backend/internal/testdb"
)

func TestSeedDemo(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	h := accounts.NewHasher(accounts.TestHashParams(), 0)
	s, err := accounts.NewSealer(map[string][]byte{"demo-1": make([]byte, 32)}, "demo-1")
	if err != nil {
		t.Fatal(err)
	}
	d := demo.Build(rand.New(rand.NewPCG(2026, 317)))

	start := time.Now()
	seeded, err := postgres.SeedDemo(ctx, pool, d, h, s)
	if err != nil {
		t.Fatalf("SeedDemo: %v", err)
	}
	t.Logf("SeedDemo took %v", time.Since(start))
	if !seeded {
		t.Fatal("SeedDemo on an empty database returned seeded=false")
	}

	first := demoSnapshot(ctx, t, pool)
	want := map[string]int64{
		"districts":                      1,
		"schools":                        2,
		"classes":                        14,
		"students":                       300,
		"student grades":                 14,
		"class_enrollments":              300,
		"classes without a teacher":      0,
		"staff teacher":                  14,
		"staff school_admin":             2,
		"staff district_admin":           1,
		"guardians":                      1,
		"unused access codes":            3, // and one expired
		"students without a password":    0,
		"students with hash and default": 0,
		"staff with a TOTP secret":       4, // the named ones but praman, who enrols at first sign-in
		"student pictures":               1,
		"class picture codes":            1,
	}
	for k, v := range want {
		if first.counts[k] != v {
			t.Errorf("%s: got %d, want %d", k, first.counts[k], v)
		}
	}
	if got := first.counts["students with questions"]; got < 10 {
		t.Errorf("students with questions: got %d, want some", got)
	}
	if got := first.counts["students with a PIN"]; got < 10 {
		t.Errorf("students with a PIN: got %d, want some", got)
	}

	seeded, err = postgres.SeedDemo(ctx, pool, demo.Build(rand.New(rand.NewPCG(1, 2))), h, s)
	if err != nil {
		t.Fatalf("second SeedDemo: %v", err)
	}
	if seeded {
		t.Error("second SeedDemo returned seeded=true")
	}
	if diff := cmp.Diff(first, demoSnapshot(ctx, t, pool), cmp.AllowUnexported(demoState{})); diff != "" {
		t.Errorf("second SeedDemo changed the database (-before +after):\n%s", diff)
	}

	for _, si := range d.SignIns() {
		t.Run(si.Role+" "+si.Login, func(t *testing.T) {
			checkDemoSignIn(ctx, t, pool, h, s, si)
		})
	}
	checkDemoRecovery(ctx, t, pool, h, d)
}

// demoState is what a second SeedDemo must leave unchanged.
type demoState struct {
	counts      map[string]int64
	fingerprint string
}

func demoSnapshot(ctx context.Context, t *testing.T, pool *pgxpool.Pool) demoState {
	t.Helper()
	queries := map[string]string{
		"districts":                      `select count(*) from districts`,
		"schools":                        `select count(*) from schools`,
		"classes":                        `select count(*) from classes`,
		"students":                       `select count(*) from students`,
		"student grades":                 `select count(distinct grade) from students where grade between -1 and 12`,
		"class_enrollments":              `select count(*) from class_enrollments`,
		"classes without a teacher":      `select count(*) from classes c where not exists (select 1 from class_teachers t join staff s on s.id = t.staff_id where t.class_id = c.id and s.role = 'teacher')`,
		"staff teacher":                  `select count(*) from staff where role = 'teacher'`,
		"staff school_admin":             `select count(*) from staff where role = 'school_admin'`,
		"staff district_admin":           `select count(*) from staff where role = 'district_admin'`,
		"staff with a TOTP secret":       `select count(*) from staff where totp_sealed is not null and totp_enrolled_at is not null`,
		"guardians":                      `select count(*) from guardians where email = 'parent@family.example' and email_verified_at is not null`,
		"guardian_links":                 `select count(*) from guardian_links`,
		"unused access codes":            `select count(*) from parent_access_codes where used_at is null and expires_at > now() + interval '59 days'`,
		"students without a password":    `select count(*) from students where password_hash is null and default_password_sealed is null`,
		"students with hash and default": `select count(*) from students where password_hash is not null and default_password_sealed is not null`,
		"students with questions":        `select count(*) from students s where questions_set_at is not null and (select count(*) from student_security_answers a where a.student_id = s.id) = 3`,
		"students with a PIN":            `select count(*) from students where pin_hash is not null and pin_set_at is not null`,
		"security answers":               `select count(*) from student_security_answers`,
		"student pictures":               `select count(*) from student_pictures`,
		"class picture codes":            `select count(*) from class_picture_codes`,
	}
	st := demoState{counts: make(map[string]int64)}
	for k, q := range queries {
		var n int64
		if err := pool.QueryRow(ctx, q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		st.counts[k] = n
	}
	err := pool.QueryRow(ctx, `select md5(string_agg(id::text || username || coalesce(password_hash, '') ||
		coalesce(encode(default_password_sealed, 'hex'), ''), ',' order by id)) from students`).Scan(&st.fingerprint)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// checkDemoSignIn checks that the secret of a printed sign-in opens its account.
func checkDemoSignIn(ctx context.Context, t *testing.T, pool *pgxpool.Pool, h *accounts.Hasher, s *accounts.Sealer, si demo.SignIn) {
	var hash string
	switch si.Role {
	case "student":
		var (
			id, keyID  string
			pwHash     *string
			sealed     []byte
			mustChange bool
		)
		err := pool.QueryRow(ctx, `select id::text, password_hash, default_password_sealed,
			coalesce(default_password_key_id, ''), must_change_password
			from students where lower(username) = lower($1)`, si.Login).
			Scan(&id, &pwHash, &sealed, &keyID, &mustChange)
		if err != nil {
			t.Fatal(err)
		}
		if pwHash == nil {
			got, err := s.Open(sealed, keyID, []byte(id))
			if err != nil {
				t.Fatalf("open default password: %v", err)
			}
			if got != si.Password {
				t.Errorf("default password = %q, want %q", got, si.Password)
			}
			if !mustChange {
				t.Error("student on a named default password is not flagged must_change_password")
			}
			return
		}
		hash = *pwHash
	case demo.RoleTeacher, demo.RoleSchoolAdmin, demo.RoleDistrictAdmin:
		var (
			id, keyID string
			sealed    []byte
		)
		if err := pool.QueryRow(ctx, `select id::text, password_hash, totp_sealed, coalesce(totp_key_id, '')
			from staff where lower(email) = lower($1) and role = $2`,
			si.Login, si.Role).Scan(&id, &hash, &sealed, &keyID); err != nil {
			t.Fatal(err)
		}
		// A printed TOTP secret is the one enrolled; without one the first sign-in enrols.
		if si.TOTPSecret == "" {
			if sealed != nil {
				t.Error("staff sign-in printed without a TOTP secret has one enrolled")
			}
		} else if got, err := s.Open(sealed, keyID, staff.TOTPAD(id)); err != nil || got != si.TOTPSecret {
			t.Errorf("enrolled TOTP secret: got %q (%v), want %q", got, err, si.TOTPSecret)
		}
	case "guardian":
		if err := pool.QueryRow(ctx, `select password_hash from guardians where lower(email) = lower($1)`,
			si.Login).Scan(&hash); err != nil {
			t.Fatal(err)
		}
	case "pictures":
		// The note names the class page of the student's class, and its code is stored.
		var code string
		if err := pool.QueryRow(ctx, `select p.hash, pc.code from student_pictures p join students s on s.id = p.student_id
			join class_enrollments e on e.student_id = s.id join class_picture_codes pc on pc.class_id = e.class_id
			where s.username = $1`, si.Login).Scan(&hash, &code); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(si.Note, "/pictures#"+code) {
			t.Errorf("note %q: want the class page /pictures#%s", si.Note, code)
		}
		demoVerify(ctx, t, h, badges.PictureSecret(strings.Split(si.Password, ", ")), hash)
		return
	case "access code":
		if err := pool.QueryRow(ctx, `select c.code_hash from parent_access_codes c
			join students s on s.id = c.student_id where s.student_number = $1`, si.Login).Scan(&hash); err != nil {
			t.Fatal(err)
		}
	default:
		t.Fatalf("unknown role %q", si.Role)
	}
	secret := policy.NormalizePassword(si.Password)
	if si.Role == "access code" {
		// Printed as on a family letter; hashed as a guardian's typing is normalised.
		secret = policy.NormalizeAccessCode(si.Password)
	}
	demoVerify(ctx, t, h, secret, hash)
}

// checkDemoRecovery checks the known PINs and answers of the named students.
func checkDemoRecovery(ctx context.Context, t *testing.T, pool *pgxpool.Pool, h *accounts.Hasher, d demo.District) {
	for _, sc := range d.Schools {
		for _, c := range sc.Classes {
			for _, st := range c.Students {
				if st.PIN != "" {
					var pinHash string
					if err := pool.QueryRow(ctx, `select pin_hash from students where username = $1`,
						st.Username).Scan(&pinHash); err != nil {
						t.Fatal(err)
					}
					demoVerify(ctx, t, h, st.PIN, pinHash)
				}
				for i, a := range st.Questions {
					if a.Answer == "" {
						continue
					}
					var q, answerHash string
					if err := pool.QueryRow(ctx, `select a.question_id, a.answer_hash from student_security_answers a
						join students s on s.id = a.student_id where s.username = $1 and a.position = $2`,
						st.Username, i).Scan(&q, &answerHash); err != nil {
						t.Fatal(err)
					}
					if q != a.QuestionID {
						t.Errorf("%s question %d = %q, want %q", st.Username, i, q, a.QuestionID)
					}
					demoVerify(ctx, t, h, policy.FoldAnswer(a.Answer), answerHash)
				}
			}
		}
	}
}

func demoVerify(ctx context.Context, t *testing.T, h *accounts.Hasher, secret, hash string) {
	t.Helper()
	ok, err := h.Verify(ctx, secret, hash)
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	if !ok {
		t.Errorf("secret %q does not match its stored hash", secret)
	}
}
