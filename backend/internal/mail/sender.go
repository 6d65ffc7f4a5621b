package mail

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	netmail "net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Sentinel errors of the sender.
var (
	// ErrInvalidConfig reports SMTP settings that can never work.
	ErrInvalidConfig = errors.New("mail: invalid SMTP configuration")
	// ErrInvalidMessage reports a message that cannot be sent as given, such
	// as a malformed recipient address; sending it again will not help.
	ErrInvalidMessage = errors.New("mail: invalid message")
)

// TLS modes of SMTPConfig.
const (
	TLSNone     = "none"     // plain SMTP, for a local relay or the mail catcher
	TLSStartTLS = "starttls" // STARTTLS required, usually on port 587
	TLSImplicit = "tls"      // TLS from the first byte, usually on port 465
)

// smtpTimeout bounds connecting and each SMTP command. It stays below the
// worker's 30 s attempt timeout so a hung server fails the attempt cleanly.
const smtpTimeout = 20 * time.Second

// SMTPConfig is how the portal reaches its mail relay.
type SMTPConfig struct {
	Host string
	// Port 0 means the usual port for TLS: 25, 587 or 465.
	Port     int
	Username string
	Password string
	// TLS is "none", "starttls" or "tls"; empty means "starttls", so a
	// forgotten setting never sends mail in the clear.
	TLS string
	// From is the sender address; its domain also names the host part of
	// every Message-ID.
	From     string
	FromName string
}

// Message is one email to one recipient.
type Message struct {
	To     string
	ToName string
	// Subject, Text and HTML are the content; Text is required because it is
	// what screen readers, watches and cautious mail clients show.
	Subject string
	Text    string
	HTML    string
	// MessageID without angle brackets, such as "confirmation-42@example.org".
	// Empty means a random one.
	MessageID string
	// Language is the Content-Language, such as "es"; empty leaves it out.
	Language string
}

// Sender delivers messages through one SMTP relay. It is safe for concurrent
// use: each Send opens its own connection, which keeps a broken connection from
// affecting other jobs and is fast enough even for a district regeneration's
// 100,000 emails (BenchmarkMailDrain: about 1,500 a second to a local relay with
// 16 workers), so no connection is kept between jobs.
type Sender struct {
	client   *gomail.Client
	from     string
	fromName string
	domain   string
}

// NewSender checks cfg and prepares a Sender; it does not connect.
func NewSender(cfg SMTPConfig) (*Sender, error) {
	if cfg.Host == "" {
		return nil, fmt.Errorf("%w: host is empty", ErrInvalidConfig)
	}
	from, err := netmail.ParseAddress(cfg.From)
	if err != nil {
		return nil, fmt.Errorf("%w: from address %q: %v", ErrInvalidConfig, cfg.From, err)
	}
	_, domain, _ := strings.Cut(from.Address, "@")

	opts := []gomail.Option{gomail.WithTimeout(smtpTimeout)}
	mode := strings.ToLower(cfg.TLS)
	defaultPort := 0
	switch mode {
	case TLSNone:
		defaultPort = 25
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case "", TLSStartTLS:
		mode, defaultPort = TLSStartTLS, 587
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case TLSImplicit:
		defaultPort = 465
		opts = append(opts, gomail.WithSSL())
	default:
		return nil, fmt.Errorf("%w: TLS must be %q, %q or %q, not %q",
			ErrInvalidConfig, TLSNone, TLSStartTLS, TLSImplicit, cfg.TLS)
	}
	port := cfg.Port
	if port == 0 {
		port = defaultPort
	}
	opts = append(opts, gomail.WithPort(port))

	if cfg.Username != "" {
		// go-mail would refuse PLAIN and LOGIN without TLS anyway, at every
		// send; refusing here reports the mistake once, at start-up.
		if mode == TLSNone {
			return nil, fmt.Errorf("%w: a username and password need TLS %q or %q",
				ErrInvalidConfig, TLSStartTLS, TLSImplicit)
		}
		opts = append(opts,
			gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(cfg.Username),
			gomail.WithPassword(cfg.Password))
	}

	client, err := gomail.NewClient(cfg.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidConfig, err)
	}
	return &Sender{client: client, from: from.Address, fromName: cfg.FromName, domain: domain}, nil
}

// Send delivers msg. It wraps ErrInvalidMessage when msg itself is at fault
// and returns the SMTP error otherwise, which may be temporary.
func (s *Sender) Send(ctx context.Context, msg *Message) error {
	m, err := s.build(msg)
	if err != nil {
		return err
	}
	if err := s.client.DialAndSendWithContext(ctx, m); err != nil {
		return fmt.Errorf("mail: deliver %s: %w", m.GetMessageID(), err)
	}
	return nil
}

func (s *Sender) build(msg *Message) (*gomail.Msg, error) {
	if msg.Text == "" {
		return nil, fmt.Errorf("%w: no text body", ErrInvalidMessage)
	}
	m := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	if err := m.FromFormat(s.fromName, s.from); err != nil {
		return nil, fmt.Errorf("%w: from: %v", ErrInvalidMessage, err)
	}
	if err := m.AddToFormat(oneLine(msg.ToName), msg.To); err != nil {
		return nil, fmt.Errorf("%w: to: %v", ErrInvalidMessage, err)
	}
	m.Subject(oneLine(msg.Subject))
	m.SetDate()
	id := msg.MessageID
	if id == "" {
		id = rand.Text() + "@" + s.domain
	}
	m.SetMessageIDWithValue(id)
	// RFC 3834: marks the email as automatic so out-of-office replies and
	// other auto-responders leave it alone.
	m.SetGenHeader(gomail.Header("Auto-Submitted"), "auto-generated")
	if msg.Language != "" {
		m.SetGenHeader(gomail.HeaderContentLang, msg.Language)
	}
	m.SetBodyString(gomail.TypeTextPlain, msg.Text)
	if msg.HTML != "" {
		m.AddAlternativeString(gomail.TypeTextHTML, msg.HTML)
	}
	return m, nil
}

// messageID derives a Message-ID from a River job, so every attempt of one
// job sends the same ID and a rare second delivery is recognisable.
func (s *Sender) messageID(kind string, jobID int64) string {
	return fmt.Sprintf("%s-%d@%s", kind, jobID, s.domain)
}
