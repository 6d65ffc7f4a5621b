package directory

import (
	"context"
	"crypto/tls"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"net/url"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/go-ldap/ldap/v3"
)

var (
	// ErrUnavailable marks a failure that may pass: the directory could not be reached,
	// the connection broke or timed out, or the server said it is busy or unavailable.
	ErrUnavailable = errors.New("directory unavailable")
	// ErrRefused marks a permanent refusal by the directory (bad service credentials,
	// no right to write, a password its policy refuses).
	ErrRefused = errors.New("directory refused")
	// ErrNoEntry: no entry under BaseDN has the username.
	ErrNoEntry = errors.New("no directory entry has this username")
	// ErrAmbiguous: more than one entry under BaseDN has the username.
	ErrAmbiguous = errors.New("more than one directory entry has this username")
)

// Retryable reports whether trying the same write later may succeed.
func Retryable(err error) bool { return errors.Is(err, ErrUnavailable) }

// Writer sets passwords in one directory.
type Writer struct {
	cfg Config
}

// NewWriter checks the configuration and returns a Writer for it.
func NewWriter(cfg Config) (*Writer, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &Writer{cfg: cfg}, nil
}

// SetPassword sets the password of the one entry whose username attribute equals username.
// Each call uses a connection of its own.
func (w *Writer) SetPassword(ctx context.Context, username, password string) error {
	if username == "" {
		return fmt.Errorf("directory: empty username: %w", ErrNoEntry)
	}
	conn, err := w.connect(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// Closing the connection ends any operation waiting on it when ctx ends.
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()

	if err := conn.Bind(w.cfg.BindDN, w.cfg.BindPassword); err != nil {
		return classify(ctx, "bind as "+w.cfg.BindDN, err)
	}
	dn, err := w.find(ctx, conn, username)
	if err != nil {
		return err
	}
	switch w.cfg.Flavor {
	case FlavorActiveDirectory:
		enc, err := UnicodePwd(password)
		if err != nil {
			return err
		}
		req := ldap.NewModifyRequest(dn, nil)
		req.Replace("unicodePwd", []string{string(enc)})
		if err := conn.Modify(req); err != nil {
			return classify(ctx, "set unicodePwd of "+dn, err)
		}
	default:
		if _, err := conn.PasswordModify(ldap.NewPasswordModifyRequest(dn, "", password)); err != nil {
			return classify(ctx, "password modify of "+dn, err)
		}
	}
	return nil
}

// Check connects and binds as the service account, as SetPassword does first, and changes
// nothing: the district admin's "test the connection".
func (w *Writer) Check(ctx context.Context) error {
	conn, err := w.connect(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	if err := conn.Bind(w.cfg.BindDN, w.cfg.BindPassword); err != nil {
		return classify(ctx, "bind as "+w.cfg.BindDN, err)
	}
	return nil
}

func (w *Writer) connect(ctx context.Context) (*ldap.Conn, error) {
	timeout := w.cfg.timeout()
	if d, ok := ctx.Deadline(); ok && time.Until(d) < timeout {
		timeout = max(time.Until(d), time.Millisecond)
	}
	tlsConfig := w.tlsConfig()
	dialer := &net.Dialer{Timeout: timeout}
	conn, err := ldap.DialURL(w.cfg.URL, ldap.DialWithDialer(dialer), ldap.DialWithTLSConfig(tlsConfig))
	if err != nil {
		return nil, classify(ctx, "connect to "+w.cfg.URL, err)
	}
	conn.SetTimeout(timeout)
	if w.cfg.StartTLS {
		if err := conn.StartTLS(tlsConfig); err != nil {
			conn.Close()
			return nil, classify(ctx, "StartTLS with "+w.cfg.URL, err)
		}
	}
	return conn, nil
}

func (w *Writer) tlsConfig() *tls.Config {
	var c *tls.Config
	if w.cfg.TLS != nil {
		c = w.cfg.TLS.Clone()
	} else {
		c = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	if c.ServerName == "" {
		if u, err := url.Parse(w.cfg.URL); err == nil {
			c.ServerName = u.Hostname()
		}
	}
	return c
}

func (w *Writer) find(ctx context.Context, conn *ldap.Conn, username string) (string, error) {
	filter := fmt.Sprintf("(%s=%s)", w.cfg.usernameAttribute(), ldap.EscapeFilter(username))
	req := ldap.NewSearchRequest(w.cfg.BaseDN, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases,
		2, int(w.cfg.timeout()/time.Second), false, filter, []string{"1.1"}, nil)
	res, err := conn.Search(req)
	if err != nil {
		if ldap.IsErrorWithCode(err, ldap.LDAPResultSizeLimitExceeded) {
			return "", fmt.Errorf("directory: search %s under %s: %w", filter, w.cfg.BaseDN, ErrAmbiguous)
		}
		if ldap.IsErrorWithCode(err, ldap.LDAPResultNoSuchObject) {
			return "", fmt.Errorf("directory: base DN %s does not exist: %w: %w", w.cfg.BaseDN, ErrRefused, err)
		}
		return "", classify(ctx, "search "+filter, err)
	}
	switch len(res.Entries) {
	case 0:
		return "", fmt.Errorf("directory: search %s under %s: %w", filter, w.cfg.BaseDN, ErrNoEntry)
	case 1:
		return res.Entries[0].DN, nil
	default:
		return "", fmt.Errorf("directory: search %s under %s: %w", filter, w.cfg.BaseDN, ErrAmbiguous)
	}
}

// classify wraps err with ErrUnavailable when waiting may help and ErrRefused otherwise.
func classify(ctx context.Context, op string, err error) error {
	kind := ErrRefused
	var le *ldap.Error
	switch {
	case ctx.Err() != nil:
		kind = ErrUnavailable
		err = fmt.Errorf("%w (%w)", ctx.Err(), err)
	case errors.As(err, &le):
		switch le.ResultCode {
		case ldap.ErrorNetwork, ldap.LDAPResultBusy, ldap.LDAPResultUnavailable,
			ldap.LDAPResultTimeLimitExceeded, ldap.LDAPResultAdminLimitExceeded:
			kind = ErrUnavailable
		}
	default:
		var ne net.Error
		if errors.As(err, &ne) {
			kind = ErrUnavailable
		}
	}
	return fmt.Errorf("directory: %s: %w: %w", op, kind, err)
}

// UnicodePwd is the value Active Directory expects in unicodePwd: the password in double
// quotes, encoded as UTF-16 little-endian.
func UnicodePwd(password string) ([]byte, error) {
	if !utf8.ValidString(password) {
		return nil, fmt.Errorf("directory: the password is not valid UTF-8: %w", ErrRefused)
	}
	for _, r := range password {
		if r == 0 {
			return nil, fmt.Errorf("directory: a password cannot hold a NUL character: %w", ErrRefused)
		}
	}
	units := utf16.Encode([]rune(`"` + password + `"`))
	out := make([]byte, 0, 2*len(units))
	for _, u := range units {
		out = binary.LittleEndian.AppendUint16(out, u)
	}
	return out, nil
}
