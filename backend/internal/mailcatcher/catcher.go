package mailcatcher

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/emersion/go-smtp"
)

// Limits keep a long `make run` session or a runaway test from growing the
// process without bound; the oldest messages are forgotten first.
const (
	maxMessages     = 500
	maxStoredBytes  = 256 << 20
	maxMessageBytes = 10 << 20
)

// ErrClosed is returned by WaitFor once the catcher has been closed.
var ErrClosed = errors.New("mailcatcher: closed")

// Message is one email as the catcher received it.
//
// To holds the envelope recipients (RCPT TO), not the To header, so that Bcc
// recipients are found too. Headers uses canonical MIME keys ("Message-Id",
// "Content-Type") with RFC 2047 encoded words decoded. Date is the message's
// Date header, or the time of receipt when it has none.
type Message struct {
	ID      string              `json:"id"`
	From    string              `json:"from"`
	To      []string            `json:"to"`
	Subject string              `json:"subject"`
	Date    time.Time           `json:"date"`
	Text    string              `json:"text"`
	HTML    string              `json:"html"`
	Headers map[string][]string `json:"headers"`
	Raw     string              `json:"-"`
}

// clone copies the slices and maps so callers can never reach into the
// store, which other goroutines read concurrently.
func (m Message) clone() Message {
	m.To = slices.Clone(m.To)
	m.Headers = maps.Clone(m.Headers)
	for k, v := range m.Headers {
		m.Headers[k] = slices.Clone(v)
	}
	return m
}

// Catcher is a running SMTP server plus its web UI and JSON API.
type Catcher struct {
	logger  *slog.Logger
	smtpLn  net.Listener
	httpLn  net.Listener
	smtpSrv *smtp.Server
	httpSrv *http.Server
	serving sync.WaitGroup
	stop    func() bool

	mu    sync.Mutex
	msgs  []Message // oldest first
	bytes int
	seq   uint64
	// arrived is closed and replaced whenever a message is stored, waking
	// every WaitFor at once without polling.
	arrived chan struct{}

	closeOnce sync.Once
	closeErr  error
	done      chan struct{}
}

// Start listens on smtpAddr and httpAddr (use "127.0.0.1:0" for free ports)
// and serves until ctx is done or Close is called. A nil logger discards logs.
func Start(ctx context.Context, smtpAddr, httpAddr string, logger *slog.Logger) (*Catcher, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	var lc net.ListenConfig
	smtpLn, err := lc.Listen(ctx, "tcp", smtpAddr)
	if err != nil {
		return nil, fmt.Errorf("mailcatcher: listen for SMTP on %s: %w", smtpAddr, err)
	}
	httpLn, err := lc.Listen(ctx, "tcp", httpAddr)
	if err != nil {
		smtpLn.Close()
		return nil, fmt.Errorf("mailcatcher: listen for HTTP on %s: %w", httpAddr, err)
	}

	c := &Catcher{
		logger:  logger,
		smtpLn:  smtpLn,
		httpLn:  httpLn,
		arrived: make(chan struct{}),
		done:    make(chan struct{}),
	}
	c.smtpSrv = newSMTPServer(c, logger)
	c.httpSrv = &http.Server{
		Handler:           c.routes(),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	c.serving.Go(func() {
		if err := c.smtpSrv.Serve(smtpLn); err != nil && !errors.Is(err, smtp.ErrServerClosed) {
			logger.Error("mailcatcher: SMTP server stopped", "err", err)
		}
	})
	c.serving.Go(func() {
		if err := c.httpSrv.Serve(httpLn); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("mailcatcher: HTTP server stopped", "err", err)
		}
	})
	c.stop = context.AfterFunc(ctx, func() { c.shutdown() })

	logger.Info("mailcatcher listening", "smtp", c.SMTPAddr(), "web", c.HTTPURL())
	return c, nil
}

// SMTPAddr returns the host:port the SMTP server listens on.
func (c *Catcher) SMTPAddr() string { return c.smtpLn.Addr().String() }

// HTTPURL returns the base URL of the web UI and API, without a trailing
// slash. A wildcard listen address is reported as loopback so the URL can be
// opened as is.
func (c *Catcher) HTTPURL() string {
	addr := c.httpLn.Addr().(*net.TCPAddr)
	host := addr.IP.String()
	if addr.IP.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, strconv.Itoa(addr.Port))
}

// Messages returns every stored message, newest first.
func (c *Catcher) Messages() []Message {
	return c.since(0)
}

// Message returns the stored message with the given ID.
func (c *Catcher) Message(id string) (Message, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, m := range c.msgs {
		if m.ID == id {
			return m.clone(), true
		}
	}
	return Message{}, false
}

// Clear forgets every stored message.
func (c *Catcher) Clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.msgs = nil
	c.bytes = 0
}

// WaitFor returns the newest stored message for which match is true, or, if
// there is none yet, waits for the next one that arrives. It fails with the
// context's error when ctx ends first, and with ErrClosed when the catcher is
// closed. match runs without the catcher's lock held, so it may call back into
// the catcher.
func (c *Catcher) WaitFor(ctx context.Context, match func(Message) bool) (Message, error) {
	var seen uint64
	for {
		c.mu.Lock()
		arrived := c.arrived
		c.mu.Unlock()
		// Reading arrived before the scan means a message stored in between
		// both shows up in the scan and wakes the select below; none is missed.
		fresh := c.since(seen)
		for _, m := range fresh {
			if match(m) {
				return m, nil
			}
		}
		if len(fresh) > 0 {
			seen = seqOf(fresh[0])
		}
		select {
		case <-arrived:
		case <-ctx.Done():
			return Message{}, fmt.Errorf("mailcatcher: waiting for a message: %w", ctx.Err())
		case <-c.done:
			return Message{}, ErrClosed
		}
	}
}

// Close stops both servers, wakes any WaitFor and waits for the serving
// goroutines to finish. It is safe to call more than once.
func (c *Catcher) Close() error {
	c.stop()
	return c.shutdown()
}

// shutdown is Close without unregistering the context callback: the callback
// calls it, possibly before Start has stored c.stop.
func (c *Catcher) shutdown() error {
	c.closeOnce.Do(func() {
		close(c.done)
		err := errors.Join(c.smtpSrv.Close(), c.httpSrv.Close())
		// A server whose Serve goroutine has not started yet does not know its
		// listener; closing the listeners here guarantees Serve returns.
		for _, ln := range []net.Listener{c.smtpLn, c.httpLn} {
			if lerr := ln.Close(); lerr != nil && !errors.Is(lerr, net.ErrClosed) {
				err = errors.Join(err, lerr)
			}
		}
		c.serving.Wait()
		c.closeErr = err
	})
	return c.closeErr
}

// since returns copies of the messages stored after sequence number seq,
// newest first.
func (c *Catcher) since(seq uint64) []Message {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []Message
	for i := len(c.msgs) - 1; i >= 0 && seqOf(c.msgs[i]) > seq; i-- {
		out = append(out, c.msgs[i].clone())
	}
	return out
}

// seqOf recovers the sequence number from an ID; IDs are the decimal
// sequence so that they stay short and sortable in URLs.
func seqOf(m Message) uint64 {
	n, _ := strconv.ParseUint(m.ID, 10, 64)
	return n
}

// add stores m, evicting the oldest messages past the limits, and wakes
// every waiter.
func (c *Catcher) add(m Message) Message {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seq++
	m.ID = strconv.FormatUint(c.seq, 10)
	c.msgs = append(c.msgs, m)
	c.bytes += len(m.Raw)
	for len(c.msgs) > maxMessages || (c.bytes > maxStoredBytes && len(c.msgs) > 1) {
		c.bytes -= len(c.msgs[0].Raw)
		c.msgs[0] = Message{} // let the evicted message be collected
		c.msgs = c.msgs[1:]
	}
	close(c.arrived)
	c.arrived = make(chan struct{})
	return m
}

// newSMTPServer configures a server that accepts any sender and recipient
// without AUTH or TLS: the catcher stands in for a relay in development, and
// refusing anything would only hide what the portal tried to send.
func newSMTPServer(c *Catcher, logger *slog.Logger) *smtp.Server {
	s := smtp.NewServer(backend{c: c})
	s.Domain = "mailcatcher.localhost"
	s.MaxMessageBytes = maxMessageBytes
	s.MaxRecipients = 100
	s.ReadTimeout = time.Minute
	s.WriteTimeout = time.Minute
	// go-smtp logs connection errors itself; route them into the portal's log
	// instead of a bare stderr logger.
	s.ErrorLog = slog.NewLogLogger(logger.Handler(), slog.LevelWarn)
	return s
}

type backend struct{ c *Catcher }

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) {
	return &session{c: b.c}, nil
}

// session collects one SMTP transaction's envelope; go-smtp calls it from a
// single connection goroutine, so it needs no lock.
type session struct {
	c    *Catcher
	from string
	to   []string
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	s.from = from
	s.to = nil
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		// go-smtp turns a too-large message into a 552 reply from this error.
		return err
	}
	m := s.c.add(parse(raw, s.from, s.to, time.Now()))
	s.c.logger.Info("mailcatcher: message received",
		"id", m.ID, "to", m.To, "subject", m.Subject, "url", s.c.HTTPURL()+"/messages/"+m.ID)
	return nil
}

func (s *session) Reset() {
	s.from = ""
	s.to = nil
}

func (s *session) Logout() error { return nil }
