package selfservice_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/change"
	"github.com/schoolpass/portal/backend/internal/mail"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/postgres"
	"github.com/schoolpass/portal/backend/internal/selfservice"
	"github.com/schoolpass/portal/backend/internal/testdb"
	"github.com/schoolpass/portal/backend/internal/tokens"
)

// forgotCountingHasher counts the argon2id work a flow asks for.
type forgotCountingHasher struct {
	inner                     *accounts.Hasher
	hash, verify, verifyDummy atomic.Int64
}

func (h *forgotCountingHasher) Hash(ctx context.Context, secret string) (string, error) {
	h.hash.Add(1)
	return h.inner.Hash(ctx, secret)
}

func (h *forgotCountingHasher) Verify(ctx context.Context, secret, encoded string) (bool, error) {
	h.verify.Add(1)
	return h.inner.Verify(ctx, secret, encoded)
}

func (h *forgotCountingHasher) VerifyDummy(ctx context.Context, secret string) {
	h.verifyDummy.Add(1)
	h.inner.VerifyDummy(ctx, secret)
}

// reset zeroes the counters.
func (h *forgotCountingHasher) reset() {
	h.hash.Store(0)
	h.verify.Store(0)
	h.verifyDummy.Store(0)
}

// forgotMailer records the confirmation emails enqueued.
type forgotMailer struct {
	mu   sync.Mutex
	sent []mail.ConfirmationArgs
}

func (m *forgotMailer) Enqueue(_ context.Context, args mail.ConfirmationArgs) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, args)
	return nil
}

type forgotEnv struct {
	t      *testing.T
	pool   *pgxpool.Pool
	hasher *forgotCountingHasher
	mailer *forgotMailer
	svc    *selfservice.Service
	school string
	seq    int
}

func newForgotEnv(t *testing.T) *forgotEnv {
	t.Helper()
	pool := testdb.New(t)
	db := &postgres.DB{Pool: pool}
	store := postgres.NewSelfService(db)
	inner := accounts.NewHasher(accounts.TestHashParams(), 0)
	hasher := &forgotCountingHasher{inner: inner}
	issuer, err := tokens.NewIssuer("https://portal.test", []tokens.Key{{ID: "k1", Secret: []byte("0123456789abcdef0123456789abcdef")}})
	if err != nil {
		t.Fatal(err)
	}
	mailer := &forgotMailer{}
	e := &forgotEnv{t: t, pool: pool, hasher: hasher, mailer: mailer}
	auditLog := &postgres.AuditLog{DB: db}
	e.svc = &selfservice.Service{
		Store: store, Changes: &change.Writer{Store: store.Students, Audit: auditLog, Mail: mailer},
		Audit: auditLog, Hasher: hasher,
		Passwords: &accounts.Authenticator{Students: store.Students, Hasher: inner},
		Tokens:    issuer, Settings: policy.DefaultSettings(),
	}
	ctx := context.Background()
	var district string
	if err := pool.QueryRow(ctx, `insert into districts (psu_code, name) values ('902', 'Unit District') returning id`).Scan(&district); err != nil {
		t.Fatal(err)
	}
	if err := pool.QueryRow(ctx, `insert into schools (district_id, campus_code, display_code, name)
		values ($1, '90U001', 'U001', 'Unit School') returning id`, district).Scan(&e.school); err != nil {
		t.Fatal(err)
	}
	return e
}

// student inserts a student with the given grade, PIN and answers (either may
// be empty) and returns its username.
func (e *forgotEnv) student(grade int, pin string, answers [][2]string) string {
	e.t.Helper()
	ctx := context.Background()
	e.seq++
	username := fmt.Sprintf("unitkid%d", e.seq)
	pwHash, err := e.hasher.inner.Hash(ctx, "Lantern-Moss-47")
	if err != nil {
		e.t.Fatal(err)
	}
	var id string
	err = e.pool.QueryRow(ctx, `insert into students (school_id, student_number, username, email, first_name,
			last_name, grade, date_of_birth, password_hash)
		values ($1, $2, $3, $4, 'Robin', 'Quill', $5, '2014-03-14', $6) returning id`,
		e.school, fmt.Sprintf("%09d", 300000000+e.seq*7919), username, username+"@students.unit.example", grade, pwHash).Scan(&id)
	if err != nil {
		e.t.Fatal(err)
	}
	if pin != "" {
		h, err := e.hasher.inner.Hash(ctx, pin)
		if err != nil {
			e.t.Fatal(err)
		}
		if _, err := e.pool.Exec(ctx, `update students set pin_hash = $2, pin_set_at = now() where id = $1`, id, h); err != nil {
			e.t.Fatal(err)
		}
	}
	for i, qa := range answers {
		h, err := e.hasher.inner.Hash(ctx, policy.FoldAnswer(qa[1]))
		if err != nil {
			e.t.Fatal(err)
		}
		if _, err := e.pool.Exec(ctx, `insert into student_security_answers (student_id, position, question_id, answer_hash)
			values ($1, $2, $3, $4)`, id, i, qa[0], h); err != nil {
			e.t.Fatal(err)
		}
	}
	if len(answers) > 0 {
		if _, err := e.pool.Exec(ctx, `update students set questions_set_at = now() where id = $1`, id); err != nil {
			e.t.Fatal(err)
		}
	}
	return username
}

var forgotUnitAnswers = [][2]string{
	{"first-pet", "Biscuit"},
	{"birth-city", "San Juan"},
	{"grandmother-name", "Maria Elena"},
}

// TestForgotVerifyBurnsTheSameHashWork is the timing-equivalence guarantee:
// whoever the username is and whatever it has set up, a verification runs
// the same number of argon2id verifications (one for a PIN, three for
// answers) and hashes nothing.
func TestForgotVerifyBurnsTheSameHashWork(t *testing.T) {
	e := newForgotEnv(t)
	ctx := context.Background()
	const pin, wrongPIN = "583920", "694102"
	wrong := [][2]string{{"first-pet", "Rex"}, {"birth-city", "Boston"}, {"grandmother-name", "Rosa"}}
	swapped := [][2]string{forgotUnitAnswers[1], forgotUnitAnswers[0], forgotUnitAnswers[2]}

	cases := []struct {
		name     string
		username string
		method   selfservice.Method
		pin      string
		answers  [][2]string // nil: answer the questions the flow shows
		ok       bool
	}{
		{"PIN: unknown username", "nosuchunitkid", selfservice.MethodPIN, pin, nil, false},
		{"PIN: student, wrong PIN", e.student(7, pin, nil), selfservice.MethodPIN, wrongPIN, nil, false},
		{"PIN: student without PIN", e.student(7, "", nil), selfservice.MethodPIN, pin, nil, false},
		{"PIN: young student, right PIN", e.student(1, pin, nil), selfservice.MethodPIN, pin, nil, false},
		{"PIN: student, right PIN", e.student(7, pin, nil), selfservice.MethodPIN, pin, nil, true},
		{"questions: unknown username", "nosuchunitkid2", selfservice.MethodQuestions, "", nil, false},
		{"questions: student, wrong answers", e.student(7, pin, forgotUnitAnswers), selfservice.MethodQuestions, "", wrong, false},
		{"questions: student, first answer wrong", e.student(7, pin, forgotUnitAnswers), selfservice.MethodQuestions, "",
			[][2]string{{"first-pet", "Rex"}, forgotUnitAnswers[1], forgotUnitAnswers[2]}, false},
		{"questions: student, answers to other questions", e.student(7, pin, forgotUnitAnswers), selfservice.MethodQuestions, "", swapped, false},
		{"questions: student without questions", e.student(7, pin, nil), selfservice.MethodQuestions, "", nil, false},
		{"questions: young student, right answers", e.student(1, pin, forgotUnitAnswers), selfservice.MethodQuestions, "", forgotUnitAnswers, false},
		{"questions: student, right answers", e.student(7, pin, forgotUnitAnswers), selfservice.MethodQuestions, "", forgotUnitAnswers, true},
		{"PIN: unknown email", "nosuchunitkid@students.unit.example", selfservice.MethodPIN, pin, nil, false},
		{"PIN: student by email, wrong PIN", unitEmail(e.student(7, pin, nil)), selfservice.MethodPIN, wrongPIN, nil, false},
		{"PIN: student by email, right PIN", unitEmail(e.student(7, pin, nil)), selfservice.MethodPIN, pin, nil, true},
		{"questions: unknown email", "Nosuchunitkid2@Students.Unit.Example", selfservice.MethodQuestions, "", nil, false},
		{"questions: student by email, right answers", unitEmail(e.student(7, pin, forgotUnitAnswers)), selfservice.MethodQuestions, "", forgotUnitAnswers, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			flow, questions, err := e.svc.Start(ctx, tc.username)
			if err != nil {
				t.Fatal(err)
			}
			var answers []selfservice.QuestionAnswer
			if tc.method == selfservice.MethodQuestions {
				if tc.answers == nil {
					for _, q := range questions {
						answers = append(answers, selfservice.QuestionAnswer{QuestionID: q.ID, Answer: "Pancake"})
					}
				}
				for _, a := range tc.answers {
					answers = append(answers, selfservice.QuestionAnswer{QuestionID: a[0], Answer: a[1]})
				}
			}
			e.hasher.reset()
			resetToken, err := e.svc.Verify(ctx, flow, tc.method, tc.pin, answers)
			if tc.ok {
				if err != nil || resetToken == "" {
					t.Fatalf("got token %q, error %v, want a reset token", resetToken, err)
				}
			} else if !errors.Is(err, selfservice.ErrVerificationFailed) || resetToken != "" {
				t.Fatalf("got token %q, error %v, want ErrVerificationFailed", resetToken, err)
			}
			want := int64(1)
			if tc.method == selfservice.MethodQuestions {
				want = 3
			}
			v, d, h := e.hasher.verify.Load(), e.hasher.verifyDummy.Load(), e.hasher.hash.Load()
			if v+d != want || h != 0 {
				t.Errorf("got %d Verify + %d VerifyDummy = %d and %d Hash, want %d verifications and no Hash", v, d, v+d, h, want)
			}
		})
	}
}

// TestForgotVerifyLockedDoesNoHashWork: once locked, a try is refused
// before any hashing, for a real student and an unknown username alike.
func TestForgotVerifyLockedDoesNoHashWork(t *testing.T) {
	e := newForgotEnv(t)
	ctx := context.Background()
	now := time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)
	e.svc.Now = func() time.Time { return now }
	for _, username := range []string{e.student(7, "583920", nil), "nosuchunitkid"} {
		flow, _, err := e.svc.Start(ctx, username)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 5 {
			if _, err := e.svc.Verify(ctx, flow, selfservice.MethodPIN, "694102", nil); !errors.Is(err, selfservice.ErrVerificationFailed) {
				t.Fatalf("%s try %d: got %v, want ErrVerificationFailed", username, i+1, err)
			}
		}
		e.hasher.reset()
		_, err = e.svc.Verify(ctx, flow, selfservice.MethodPIN, "583920", nil)
		var locked *selfservice.LockedError
		if !errors.As(err, &locked) || !locked.Until.Equal(now.Add(15*time.Minute)) {
			t.Errorf("%s: got %v, want locked until %v", username, err, now.Add(15*time.Minute))
		}
		if n := e.hasher.verify.Load() + e.hasher.verifyDummy.Load(); n != 0 {
			t.Errorf("%s: got %d verifications while locked, want 0", username, n)
		}
	}
}

// TestForgotResetSendsOneConfirmation: a reset enqueues exactly one email, to
// the student, about a self-reset password change.
func TestForgotResetSendsOneConfirmation(t *testing.T) {
	e := newForgotEnv(t)
	ctx := context.Background()
	username := e.student(7, "583920", nil)
	flow, _, err := e.svc.Start(ctx, username)
	if err != nil {
		t.Fatal(err)
	}
	token, err := e.svc.Verify(ctx, flow, selfservice.MethodPIN, "583920", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.Reset(ctx, token, "Harbor-Kettle-82", "Harbor-Kettle-82"); err != nil {
		t.Fatal(err)
	}
	if len(e.mailer.sent) != 1 {
		t.Fatalf("got %d emails, want 1", len(e.mailer.sent))
	}
	m := e.mailer.sent[0]
	if m.To != username+"@students.unit.example" || m.Change != mail.PasswordChanged || m.Path != mail.PathSelfReset {
		t.Errorf("got email %+v, want a self_reset password_changed email to the student", m)
	}
	err = e.svc.Reset(ctx, token, "Second-Otter-39", "Second-Otter-39")
	var window *policy.WindowError
	if !errors.As(err, &window) {
		t.Errorf("second reset: got %v, want a self-reset window refusal", err)
	}
	if len(e.mailer.sent) != 1 {
		t.Errorf("got %d emails after a refused reset, want still 1", len(e.mailer.sent))
	}
}
