package portal_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/schoolpass/portal/backend/internal/apitest"
)

// TestOpsHandler checks the metrics and the profiler are served by the
// operations handler, with the requests the public handler answered, and
// that the public handler serves neither.
func TestOpsHandler(t *testing.T) {
	h := apitest.New(t)
	c := h.Client()
	c.Expect(c.Do(http.MethodGet, "/api/v1/security-questions", nil), http.StatusOK, "")
	withPprof := httptest.NewServer(h.Portal.OpsHandler(true))
	t.Cleanup(withPprof.Close)
	without := httptest.NewServer(h.Portal.OpsHandler(false))
	t.Cleanup(without.Close)
	requestMetric := `portal_requests_total{code="200",host=`
	for _, tc := range []struct {
		name, url  string
		wantStatus int
		wantText   []string
	}{
		{"metrics", without.URL + "/metrics", http.StatusOK,
			[]string{requestMetric, `url="/api/v1/security-questions"`, "portal_request_duration_seconds", "go_goroutines", "process_resident_memory_bytes"}},
		{"metrics beside the profiler", withPprof.URL + "/metrics", http.StatusOK, []string{requestMetric}},
		{"profiler on", withPprof.URL + "/debug/pprof/", http.StatusOK, []string{"goroutine"}},
		{"profiler off", without.URL + "/debug/pprof/", http.StatusNotFound, nil},
		{"public metrics", h.Server.URL + "/metrics", http.StatusNotFound, nil},
		{"public profiler", h.Server.URL + "/debug/pprof/", http.StatusNotFound, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := http.Get(tc.url)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.wantStatus {
				t.Errorf("got GET %s status %d, want %d", tc.url, resp.StatusCode, tc.wantStatus)
			}
			for _, want := range tc.wantText {
				if !strings.Contains(string(body), want) {
					t.Errorf("got GET %s without %q:\n%.800s", tc.url, want, body)
				}
			}
		})
	}
}
