package portal_test

import (
	"testing"
	"time"

	"github.com/schoolpass/portal/backend/internal/apitest"
	"github.com/schoolpass/portal/backend/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// TestHousekeepingRunsAtStart checks the assembled portal schedules its
// periodic clean-up and that the job runs to completion.
func TestHousekeepingRunsAtStart(t *testing.T) {
	h := apitest.New(t)
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if h.Count(`select count(*) from river_job where kind = 'housekeeping_cleanup' and state = 'completed'`) > 0 {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("no completed housekeeping_cleanup job 20 s after start")
}
