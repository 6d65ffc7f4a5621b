package portal_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/textproto"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/schoolpass/portal/backend/internal/config"
	"github.com/schoolpass/portal/backend/internal/mail"
	"github.com/schoolpass/portal/backend/internal/portal"
	"github.com/schoolpass/portal/backend/internal/postgres"
	"github.com/schoolpass/portal/backend/internal/testdb"
)

// sink is an SMTP server that counts the Message-IDs it receives and forgets the rest, so
// 100,000 messages cost a map of IDs, not their bodies.
type sink struct {
	mu       sync.Mutex
	ids      map[string]int
	received atomic.Int64
	// open and maxOpen count the messages in flight (MAIL FROM to the end of DATA): one per
	// worker sending at most, as a worker starts the next only once DATA is answered.
	open, maxOpen atomic.Int64
	srv           *smtp.Server
	addr          string
}

func startSink(tb testing.TB) *sink {
	tb.Helper()
	s := &sink{ids: make(map[string]int)}
	s.srv = smtp.NewServer(s)
	s.srv.Domain = "sink.localhost"
	s.srv.ReadTimeout, s.srv.WriteTimeout = time.Minute, time.Minute
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	s.addr = ln.Addr().String()
	go func() { _ = s.srv.Serve(ln) }()
	tb.Cleanup(func() { _ = s.srv.Close() })
	return s
}

// NewSession implements smtp.Backend.
func (s *sink) NewSession(*smtp.Conn) (smtp.Session, error) { return sinkSession{s}, nil }

type sinkSession struct{ s *sink }

func (ss sinkSession) Mail(string, *smtp.MailOptions) error {
	open := ss.s.open.Add(1)
	for m := ss.s.maxOpen.Load(); open > m && !ss.s.maxOpen.CompareAndSwap(m, open); m = ss.s.maxOpen.Load() {
	}
	return nil
}
func (sinkSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (sinkSession) Reset()                               {}
func (sinkSession) Logout() error                        { return nil }

// Data reads the headers for the Message-ID and discards the body.
func (ss sinkSession) Data(r io.Reader) error {
	defer ss.s.open.Add(-1)
	br := bufio.NewReader(r)
	h, err := textproto.NewReader(br).ReadMIMEHeader()
	if err != nil {
		return err
	}
	if _, err := io.Copy(io.Discard, br); err != nil {
		return err
	}
	id := strings.Trim(h.Get("Message-Id"), "<>")
	ss.s.mu.Lock()
	ss.s.ids[id]++
	ss.s.mu.Unlock()
	ss.s.received.Add(1)
	return nil
}

// drainSize is how many emails BenchmarkMailDrain queues: PORTAL_BENCH_MAIL_N, default
// 100,000 (a district regeneration's worth).
func drainSize(b *testing.B) int {
	n := 100_000
	if v := os.Getenv("PORTAL_BENCH_MAIL_N"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			b.Fatalf("PORTAL_BENCH_MAIL_N %q: want a whole number of at least 1", v)
		}
	}
	return n
}

// BenchmarkMailDrain queues a district regeneration's confirmation emails on the bulk
// queue (through the outbox, as Defaults does), then runs River with the portal's queues
// and the real ConfirmationWorker and Sender against an in-process SMTP sink until every
// job is completed. It reports messages/s and fails if a message is lost or duplicated
// (by Message-ID, which the worker derives from the job).
func BenchmarkMailDrain(b *testing.B) {
	n := drainSize(b)
	// The portal's settings, but for PORTAL_BULK_MAIL_WORKERS, which a run may vary.
	cfg, err := config.Load(func(name string) string {
		if name == "PORTAL_BULK_MAIL_WORKERS" {
			return os.Getenv(name)
		}
		return ""
	})
	if err != nil {
		b.Fatal(err)
	}
	pool := testdb.NewWithConfig(b, func(c *pgxpool.Config) { c.MaxConns = 20 })
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s := startSink(b)
		client := drainClient(b, pool, cfg, s.addr)
		queue(b, pool, client, n)
		b.StartTimer()
		start := time.Now()
		if err := client.Start(ctx); err != nil {
			b.Fatal(err)
		}
		waitDrained(b, pool, s, n)
		elapsed := time.Since(start)
		b.StopTimer()
		stopCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
		if err := client.Stop(stopCtx); err != nil {
			b.Fatal(err)
		}
		cancel()
		checkExactlyOnce(b, pool, s, n)
		// The queue's worker limit holds: never more messages in flight than bulk workers.
		if m := s.maxOpen.Load(); m > int64(cfg.BulkMailWorkers) {
			b.Fatalf("%d messages in flight at once, want at most %d (PORTAL_BULK_MAIL_WORKERS)", m, cfg.BulkMailWorkers)
		}
		b.ReportMetric(float64(n)/elapsed.Seconds(), "msgs/s")
		b.Logf("%d emails drained in %v (%.0f msgs/s, %d bulk workers, at most %d messages in flight), 0 lost, 0 duplicated",
			n, elapsed.Round(time.Millisecond), float64(n)/elapsed.Seconds(), cfg.BulkMailWorkers, s.maxOpen.Load())
		if _, err := pool.Exec(ctx, `delete from river_job`); err != nil {
			b.Fatal(err)
		}
	}
}

// drainClient is a River client with the portal's queues and the confirmation worker,
// sending to smtpAddr.
func drainClient(b *testing.B, pool *pgxpool.Pool, cfg config.Config, smtpAddr string) *river.Client[pgx.Tx] {
	b.Helper()
	host, port, _ := net.SplitHostPort(smtpAddr)
	portNum, _ := strconv.Atoi(port)
	sender, err := mail.NewSender(mail.SMTPConfig{Host: host, Port: portNum, TLS: mail.TLSNone, From: "no-reply@portal.example"})
	if err != nil {
		b.Fatal(err)
	}
	quiet := slog.New(slog.DiscardHandler)
	workers := river.NewWorkers()
	river.AddWorker(workers, &mail.ConfirmationWorker{Sender: sender, Logger: quiet})
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{Logger: quiet, Queues: portal.Queues(cfg), Workers: workers})
	if err != nil {
		b.Fatal(err)
	}
	return client
}

// queue inserts n confirmation jobs on the bulk queue in chunks of 5,000, each chunk in
// one transaction through the outbox.
func queue(b *testing.B, pool *pgxpool.Pool, client *river.Client[pgx.Tx], n int) {
	b.Helper()
	db := &postgres.DB{Pool: pool}
	outbox := &postgres.Outbox{DB: db, River: client}
	at := time.Now()
	for from := 0; from < n; from += 5000 {
		chunk := make([]mail.ConfirmationArgs, 0, min(5000, n-from))
		for i := from; i < from+cap(chunk); i++ {
			chunk = append(chunk, mail.ConfirmationArgs{
				To: fmt.Sprintf("kid%d@students.test.example", i), RecipientName: "Kid", Locale: []string{"en", "es"}[i%2],
				StudentName: "Kid Number", Username: fmt.Sprintf("kid%d", i), Change: mail.PasswordChanged,
				Path: mail.PathDistrict, OccurredAt: at, SchoolName: "Bench School", SchoolContact: "Front desk",
			})
		}
		if err := db.InTx(context.Background(), func(ctx context.Context) error { return outbox.EnqueueBulk(ctx, chunk) }); err != nil {
			b.Fatal(err)
		}
	}
}

// waitDrained waits until the sink has n messages and River has completed n jobs, or
// fails when nothing moves for a minute.
func waitDrained(b *testing.B, pool *pgxpool.Pool, s *sink, n int) {
	b.Helper()
	last, lastMove := int64(-1), time.Now()
	for {
		got := s.received.Load()
		if got >= int64(n) {
			var completed int
			if err := pool.QueryRow(context.Background(),
				`select count(*) from river_job where state = 'completed'`).Scan(&completed); err != nil {
				b.Fatal(err)
			}
			if completed >= n {
				return
			}
		}
		if got != last {
			last, lastMove = got, time.Now()
		} else if time.Since(lastMove) > time.Minute {
			b.Fatalf("stuck: %d of %d messages after a minute without progress", got, n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// checkExactlyOnce fails unless the sink holds exactly the Message-ID of every job, once.
func checkExactlyOnce(b *testing.B, pool *pgxpool.Pool, s *sink, n int) {
	b.Helper()
	rows, err := pool.Query(context.Background(), `select id from river_job where queue = $1`, mail.QueueMailBulk)
	if err != nil {
		b.Fatal(err)
	}
	jobIDs, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		b.Fatal(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	lost, duplicated := 0, 0
	for _, id := range jobIDs {
		switch c := s.ids[fmt.Sprintf("confirmation-%d@portal.example", id)]; {
		case c == 0:
			lost++
		case c > 1:
			duplicated += c - 1
		}
	}
	if len(jobIDs) != n || lost != 0 || duplicated != 0 || len(s.ids) != n {
		b.Fatalf("%d jobs for %d emails queued, %d distinct Message-IDs received: %d lost, %d duplicated",
			len(jobIDs), n, len(s.ids), lost, duplicated)
	}
}
