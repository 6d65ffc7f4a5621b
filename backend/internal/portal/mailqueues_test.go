package portal_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/mail"
	"github.com/schoolpass/portal/backend/internal/mailcatcher"
	"github.com/schoolpass/portal/backend/internal/postgres"
)

// TestOwnChangeEmailOvertakesABulkBacklog: with thousands of a district regeneration's
// emails waiting on the bulk queue, a student's own password change still gets its
// confirmation within seconds, because it goes on queue "mail" with workers of its own.
func TestOwnChangeEmailOvertakesABulkBacklog(t *testing.T) {
	const backlog = 5000
	h := apitest.New(t)
	st := h.Student(apitest.StudentOpts{})
	c := h.Client()
	c.SignIn(st.Username, st.Password)

	db := &postgres.DB{Pool: h.Pool}
	outbox := &postgres.Outbox{DB: db, River: h.Portal.River}
	bulk := make([]mail.ConfirmationArgs, backlog)
	for i := range bulk {
		bulk[i] = mail.ConfirmationArgs{
			To: fmt.Sprintf("bulk%d@students.test.example", i), RecipientName: "Kid", Locale: "en",
			StudentName: "Kid Number", Username: fmt.Sprintf("bulk%d", i), Change: mail.PasswordChanged,
			Path: mail.PathDistrict, OccurredAt: time.Now(), SchoolName: "Bulk School", SchoolContact: "Front desk",
		}
	}
	if err := db.InTx(context.Background(), func(ctx context.Context) error { return outbox.EnqueueBulk(ctx, bulk) }); err != nil {
		t.Fatal(err)
	}
	// The backlog is draining: the bulk workers are busy when the student acts.
	h.WaitForMail("bulk0@students.test.example", nil)

	start := time.Now()
	c.Expect(c.Do(http.MethodPost, "/api/v1/me/password", map[string]string{
		"currentPassword": st.Password, "newPassword": "Harbor-Finch-82", "confirmPassword": "Harbor-Finch-82"}), http.StatusOK, "")
	h.WaitForMail(st.Email, func(m mailcatcher.Message) bool { return m.Subject == "Password changed for "+st.Username })
	took := time.Since(start)
	left := h.Count(`select count(*) from river_job where queue = $1 and state <> 'completed'`, mail.QueueMailBulk)
	t.Logf("own change's email after %v, %d of %d bulk emails still queued", took.Round(time.Millisecond), left, backlog)
	if took > 3*time.Second {
		t.Errorf("the student's email took %v behind the bulk backlog, want under 3 s", took)
	}
	if left == 0 {
		t.Errorf("the bulk backlog had drained before the student's email arrived: the test proves nothing; queue more")
	}
	if queue := h.Text(`select queue from river_job where args->>'to' = $1`, st.Email); queue != mail.QueueMail {
		t.Errorf("the student's email was on queue %q, want %q", queue, mail.QueueMail)
	}
}
