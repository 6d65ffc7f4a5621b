package postgres_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/badges"
	"github.com/schoolpass/portal/backend/internal/change"
	"github.com/schoolpass/portal/backend/internal/mail"
	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/postgres"
	"github.com/schoolpass/portal/backend/internal/schoolreset"
	"github.com/schoolpass/portal/backend/internal/testdb"
)

// pictureWorld is a first grader in a class of a school, and a district admin.
type pictureWorld struct {
	pool      *pgxpool.Pool
	db        *postgres.DB
	store     *postgres.Pictures
	hasher    *accounts.Hasher
	classID   string
	otherID   string
	admin     accounts.Staff
	studentID string
}

func newPictureWorld(t *testing.T) pictureWorld {
	t.Helper()
	ctx := context.Background()
	pool := testdb.New(t)
	db := &postgres.DB{Pool: pool}
	w := pictureWorld{pool: pool, db: db, store: &postgres.Pictures{DB: db}, hasher: accounts.NewHasher(accounts.TestHashParams(), 0)}
	w.studentID = insertStudent(t, pool, w.hasher, "Lantern-Moss-47")
	if _, err := pool.Exec(ctx, `update students set grade = 1 where id = $1`, w.studentID); err != nil {
		t.Fatal(err)
	}
	w.admin = accounts.Staff{Role: policy.RoleDistrictAdmin}
	err := pool.QueryRow(ctx, `with c as (insert into classes (school_id, class_number, name)
			select school_id, '1-A', 'Grade 1 - Room 4' from students where id = $1 returning id),
		o as (insert into classes (school_id, class_number) select school_id, '1-B' from students where id = $1 returning id),
		e as (insert into class_enrollments select c.id, $1 from c),
		m as (insert into staff (district_id, role, email, first_name, last_name, password_hash)
			select district_id, 'district_admin', 'admin@test.example', 'A', 'D', 'x'
			from schools where id = (select school_id from students where id = $1) returning id, district_id)
		select (select id::text from c), (select id::text from o), m.id::text, m.district_id::text from m`, w.studentID).
		Scan(&w.classID, &w.otherID, &w.admin.ID, &w.admin.DistrictID)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// TestPictureClaimTry: 40 simultaneous tries are claimed against one student's pictures:
// exactly 5 count, the others find them locked; a right try clears the count (and a lock);
// LockPictures locks only with every try counted; a student with no pictures claims nothing
// and is not locked.
func TestPictureClaimTry(t *testing.T) {
	w := newPictureWorld(t)
	ctx := context.Background()
	at := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	if _, ok, locked, err := w.store.ClaimPictureTry(ctx, w.studentID); err != nil || ok || locked {
		t.Fatalf("no pictures: ok %v locked %v (%v), want neither", ok, locked, err)
	}
	if replaced, err := w.store.SetPictures(ctx, w.studentID, w.admin.ID, "h1", at); err != nil || replaced {
		t.Fatalf("first set: replaced %v (%v), want a new row", replaced, err)
	}
	if locked, err := w.store.LockPictures(ctx, w.studentID, at); err != nil || locked {
		t.Fatalf("lock with no tries: %v (%v), want no lock", locked, err)
	}
	var counted, refused atomic.Int64
	var tries sync.Map
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range 40 {
		wg.Go(func() {
			<-start
			try, ok, locked, err := w.store.ClaimPictureTry(ctx, w.studentID)
			switch {
			case err != nil:
				t.Error(err)
			case ok && try.Hash == "h1":
				counted.Add(1)
				tries.Store(try.Tries, true)
			case locked:
				refused.Add(1)
			}
		})
	}
	close(start)
	wg.Wait()
	if counted.Load() != policy.MaxPictureTries || refused.Load() != 40-policy.MaxPictureTries {
		t.Fatalf("40 tries at once: %d counted, %d refused as locked; want %d and %d", counted.Load(), refused.Load(),
			policy.MaxPictureTries, 40-policy.MaxPictureTries)
	}
	for n := 1; n <= policy.MaxPictureTries; n++ {
		if _, ok := tries.Load(n); !ok {
			t.Errorf("no try was counted as number %d", n)
		}
	}
	if locked, err := w.store.LockPictures(ctx, w.studentID, at); err != nil || !locked {
		t.Fatalf("lock after 5 tries: %v (%v), want locked", locked, err)
	}
	if locked, _ := w.store.LockPictures(ctx, w.studentID, at); locked {
		t.Error("a second lock reported locking again")
	}
	st, err := w.store.PictureStatuses(ctx, []string{w.studentID})
	if err != nil || st[w.studentID].State != badges.PicturesLocked || !st[w.studentID].LockedAt.Equal(at) {
		t.Fatalf("status after the lock: %+v (%v), want locked at %s", st, err, at)
	}
	if err := w.store.PicturesRight(ctx, w.studentID, at); err != nil {
		t.Fatal(err)
	}
	if try, ok, _, err := w.store.ClaimPictureTry(ctx, w.studentID); err != nil || !ok || try.Tries != 1 {
		t.Fatalf("after a right try: %+v ok %v (%v), want the first try counted", try, ok, err)
	}
	if replaced, err := w.store.SetPictures(ctx, w.studentID, w.admin.ID, "h2", at); err != nil || !replaced {
		t.Fatalf("second set: replaced %v (%v), want the row replaced", replaced, err)
	}
	if st, _ := w.store.PictureStatuses(ctx, []string{w.studentID}); st[w.studentID].State != badges.PicturesActive ||
		!st[w.studentID].LastUsedAt.IsZero() {
		t.Errorf("status after new pictures: %+v, want active and unused", st[w.studentID])
	}
	if had, err := w.store.RemovePictures(ctx, w.studentID); err != nil || !had {
		t.Fatalf("remove: %v (%v)", had, err)
	}
	if _, ok, locked, _ := w.store.ClaimPictureTry(ctx, w.studentID); ok || locked {
		t.Error("removed pictures still claim tries")
	}
}

// TestClassPictureCodes: the first code stays the class's (a second first ask keeps it), a
// replace ends it, and a code another class holds is badges.ErrCodeTaken either way.
func TestClassPictureCodes(t *testing.T) {
	w := newPictureWorld(t)
	ctx := context.Background()
	at := time.Now()
	if code, err := w.store.ClassPictureCode(ctx, w.classID); err != nil || code != "" {
		t.Fatalf("no code yet: %q (%v)", code, err)
	}
	steps := []struct {
		class, code string
		replace     bool
		want        string
		err         error
	}{
		{w.classID, "AAAA2222", false, "AAAA2222", nil},
		{w.classID, "BBBB3333", false, "AAAA2222", nil},
		{w.classID, "BBBB3333", true, "BBBB3333", nil},
		{w.otherID, "BBBB3333", false, "", badges.ErrCodeTaken},
		{w.otherID, "CCCC4444", false, "CCCC4444", nil},
		{w.otherID, "BBBB3333", true, "", badges.ErrCodeTaken},
	}
	for i, s := range steps {
		var got string
		err := w.db.InTx(ctx, func(ctx context.Context) error {
			var err error
			got, err = w.store.PutClassPictureCode(ctx, s.class, w.admin.ID, s.code, at, s.replace)
			return err
		})
		if got != s.want || !errors.Is(err, s.err) {
			t.Errorf("step %d: got %q (%v), want %q (%v)", i, got, err, s.want, s.err)
		}
	}
	if id, name, err := w.store.ClassByPictureCode(ctx, "BBBB3333"); err != nil || id != w.classID || name != "Grade 1 - Room 4" {
		t.Errorf("class of the code: %s %q (%v), want %s", id, name, err, w.classID)
	}
	if id, name, err := w.store.ClassByPictureCode(ctx, "CCCC4444"); err != nil || id != w.otherID || name != "1-B" {
		t.Errorf("class of the other code: %s %q (%v), want %s named by its number", id, name, err, w.otherID)
	}
	if _, _, err := w.store.ClassByPictureCode(ctx, "AAAA2222"); !errors.Is(err, accounts.ErrNotFound) {
		t.Errorf("the replaced code: %v, want not found", err)
	}
}

// failingMailer refuses every email.
type failingMailer struct{}

func (failingMailer) Enqueue(context.Context, mail.ConfirmationArgs) error {
	return errors.New("queue down")
}

// TestSetPicturesOneTransaction: new pictures, their audit event and the confirmation email
// are one transaction: when the email cannot be queued, no pictures are stored and no event
// is written; with a working queue all three are.
func TestSetPicturesOneTransaction(t *testing.T) {
	w := newPictureWorld(t)
	ctx := context.Background()
	auditLog := &postgres.AuditLog{DB: w.db}
	school := postgres.NewSchoolReset(w.db)
	newService := func(m change.Mailer) *badges.Service {
		return &badges.Service{
			Store: &postgres.Badges{DB: w.db}, Audit: auditLog, Settings: policy.DefaultSettings(),
			Scope:    &schoolreset.Service{Store: school, Classrooms: school, Audit: auditLog, Settings: policy.DefaultSettings()},
			Pictures: w.store, Hasher: w.hasher,
			Changes: &change.Writer{Store: &postgres.Students{DB: w.db}, Audit: auditLog, Mail: m},
		}
	}
	count := func(sql string) int {
		var n int
		if err := w.pool.QueryRow(ctx, sql, w.studentID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if _, err := newService(failingMailer{}).SetPictures(ctx, w.admin, w.studentID, nil); err == nil {
		t.Fatal("set with a failing email queue: no error")
	}
	if n := count(`select count(*) from student_pictures where student_id = $1`) +
		count(`select count(*) from audit_events where subject_id = $1::text and action = 'pictures_changed'`); n != 0 {
		t.Fatalf("a failed set left %d rows", n)
	}
	var sent recorded
	issued, err := newService(&sent).SetPictures(ctx, w.admin, w.studentID, []string{"tree", "car", "cat"})
	if err != nil {
		t.Fatal(err)
	}
	if count(`select count(*) from student_pictures where student_id = $1`) != 1 ||
		count(`select count(*) from audit_events where subject_id = $1::text and action = 'pictures_changed'`) != 1 ||
		len(sent.args) != 1 || sent.args[0].Change != mail.PicturesChanged || sent.args[0].Path != mail.PathStaff {
		t.Fatalf("set: %d emails %+v, want pictures, event and one email to the student", len(sent.args), sent.args)
	}
	// The stored hash is the pictures in order, and no other order.
	var hash string
	if err := w.pool.QueryRow(ctx, `select hash from student_pictures where student_id = $1`, w.studentID).Scan(&hash); err != nil {
		t.Fatal(err)
	}
	for secret, want := range map[string]bool{badges.PictureSecret(issued.Pictures): true, "car,tree,cat": false, "tree car cat": false} {
		if ok, err := w.hasher.Verify(ctx, secret, hash); err != nil || ok != want {
			t.Errorf("verify %q: %v (%v), want %v", secret, ok, err, want)
		}
	}
}

// recorded keeps the emails queued.
type recorded struct{ args []mail.ConfirmationArgs }

func (r *recorded) Enqueue(_ context.Context, a mail.ConfirmationArgs) error {
	r.args = append(r.args, a)
	return nil
}
