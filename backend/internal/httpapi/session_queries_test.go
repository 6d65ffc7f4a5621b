package httpapi_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/audit"
)

// queryCounter counts the queries the portal makes for requests, by the request's
// User-Agent, so the job queue's own queries in the background are not counted.
type queryCounter struct {
	mu  sync.Mutex
	sql map[string][]string
}

func (q *queryCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	if ua := audit.OriginFrom(ctx).UserAgent; ua != "" {
		q.mu.Lock()
		defer q.mu.Unlock()
		q.sql[ua] = append(q.sql[ua], strings.Join(strings.Fields(d.SQL), " "))
	}
	return ctx
}

func (q *queryCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

func (q *queryCounter) queries(ua string) []string {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.sql[ua]
}

// TestSignedInReadIsOneQuery checks that a signed-in read costs one query: the check that
// the session was not signed out rides along the account read the session needed anyway.
func TestSignedInReadIsOneQuery(t *testing.T) {
	counter := &queryCounter{sql: map[string][]string{}}
	h := apitest.New(t, apitest.WithQueryTracer(counter))
	st := h.Student(apitest.StudentOpts{})
	g := h.Guardian(apitest.GuardianOpts{})
	student, guardian := h.Client(), h.Client()
	student.SignIn(st.Username, st.Password)
	guardian.FamilySignIn(g.Email, g.Password)
	tests := []struct {
		client *apitest.Client
		path   string
	}{
		{student, "/api/v1/session"},
		{student, "/api/v1/me/account"},
		{guardian, "/api/v1/family/session"},
	}
	for _, tt := range tests {
		ua := "query-count " + tt.path
		tt.client.Expect(tt.client.Do(http.MethodGet, tt.path, nil, "User-Agent", ua), http.StatusOK, "")
		if got := counter.queries(ua); len(got) != 1 {
			t.Errorf("GET %s: got %d queries %q, want 1", tt.path, len(got), got)
		}
	}
}
