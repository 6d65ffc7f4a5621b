package schoolreset_test

import (
	"sync"
	"testing"

	"github.com/schoolpass/portal/backend/internal/schoolreset"
)

// TestBurst: simultaneous reissues of a student's access code leave exactly one live code
// (each ends the others under the student's row lock), and simultaneous generated resets
// each write one change with its audit event, the last one's default staying.
func TestBurst(t *testing.T) {
	w := newWorld(t)
	const n = 12
	var wg sync.WaitGroup
	errs := make(chan error, 2*n)
	for range n {
		wg.Add(2)
		go func() {
			defer wg.Done()
			_, err := w.svc.IssueAccessCode(w.ctx, w.sam, w.omar)
			errs <- err
		}()
		go func() {
			defer wg.Done()
			_, err := w.svc.ResetPassword(w.ctx, w.sam, w.ines, schoolreset.Reset{Generate: true})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	var codes, live int
	w.scan(t, `select count(*), count(*) filter (where used_at is null and expires_at > now())
		from parent_access_codes where student_id = $1`, []any{w.omar}, &codes, &live)
	if codes != n || live != 1 {
		t.Errorf("got %d codes, %d live; want %d codes, 1 live", codes, live, n)
	}
	before := 1 // the world's students start at token version 1
	if s := w.secrets(t, w.ines); s.TokenVersion != before+n || !s.Sealed {
		t.Errorf("after %d resets: got %+v, want token version %d and a sealed default", n, s, before+n)
	}
	if got := w.events(t, w.sam, "password_changed", "succeeded", ""); got != n {
		t.Errorf("got %d resets audited, want %d", got, n)
	}
}
