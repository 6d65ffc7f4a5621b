package config

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/schoolpass/portal/backend/internal/policy"
	// The time-zone database ships inside the binary, so PORTAL_TIME_ZONE works on machines
	// (and containers) without /usr/share/zoneinfo.
	_ "time/tzdata"
)

// Config is every setting of the portal. The README lists each variable.
type Config struct {
	// Addr is where the portal listens (PORTAL_ADDR).
	Addr string
	// MetricsAddr is where the Prometheus metrics are served
	// (PORTAL_METRICS_ADDR), never on Addr; empty serves none.
	MetricsAddr string
	// Pprof serves Go's profiler (net/http/pprof) beside the metrics on
	// MetricsAddr (PORTAL_PPROF), for `make bench` and for diagnosing a live
	// server; it needs MetricsAddr.
	Pprof bool
	// PublicOrigin is the origin people reach the portal at (PORTAL_PUBLIC_ORIGIN);
	// https origins get Secure, __Host- cookies.
	PublicOrigin string
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names the client
	// (PORTAL_TRUSTED_PROXIES: comma-separated CIDRs). Empty: the client is the
	// connection's address, so no request can claim another address to slip past a
	// per-address limit (badge sign-in) or to write one into the audit trail.
	TrustedProxies []*net.IPNet
	// BadgeTriesPerMinute is how many badge sign-ins one client address may try a minute
	// (PORTAL_BADGE_TRIES_PER_MINUTE, default 30).
	BadgeTriesPerMinute int
	// PictureTriesPerMinute is how many picture sign-ins (and class picture pages) one client
	// address may try a minute (PORTAL_PICTURE_TRIES_PER_MINUTE, default 120: a whole class
	// may share one school address).
	PictureTriesPerMinute int
	// BulkMailWorkers is how many confirmation emails of bulk changes (district
	// regeneration) one instance sends at once, on their own queue beside the other emails
	// (PORTAL_BULK_MAIL_WORKERS, default 16).
	BulkMailWorkers int
	// RegenChunk is how many students one transaction of a district regeneration changes
	// (PORTAL_REGEN_CHUNK, default 10000); tests lower it to stop a request mid-run.
	RegenChunk int
	// DatabaseURL names a PostgreSQL server (DATABASE_URL); empty starts the
	// embedded one in DataDir.
	DatabaseURL string
	// DataDir holds the embedded database and generated development keys (PORTAL_DATA_DIR).
	DataDir string
	// PostgresBinDir names the PostgreSQL binaries of the embedded database
	// (PORTAL_PG_BIN_DIR); empty searches Debian's and then npm's.
	PostgresBinDir string
	// WebDir holds the built SPA (PORTAL_WEB_DIR).
	WebDir string
	// Demo seeds the demo district into an empty database (PORTAL_DEMO).
	Demo bool
	// TestAPI serves POST /api/test/students, which creates students with
	// known secrets for the end-to-end suite (PORTAL_TEST_API). Never in
	// production: anyone who can reach it can make accounts.
	TestAPI bool

	SMTP SMTP
	// MailCatcherAddr is where the built-in mail catcher's web page listens
	// when no SMTP server is configured (PORTAL_MAIL_CATCHER_ADDR).
	MailCatcherAddr string

	// SessionKeys sign tokens; DataKeys seal school-issued passwords. The first
	// key of each signs or seals; all are accepted (PORTAL_SESSION_KEYS,
	// PORTAL_DATA_KEYS: "id:base64,id:base64"). Empty: generated once into DataDir.
	SessionKeys []Key
	DataKeys    []Key
	SessionTTL  time.Duration

	// Hash sets the argon2id cost (PORTAL_HASH_TIME, PORTAL_HASH_MEMORY_KIB).
	HashTime      uint32
	HashMemoryKiB uint32
	// HashConcurrency is how many hashes may run at once: one per core, so a
	// flood of sign-ins queues instead of exhausting memory.
	HashConcurrency int

	Policy   policy.Settings
	LogLevel string

	// District is the district's name, logo, colour, help contact and
	// notices, shown on every page and in every email.
	District District
	// Directory is the LDAP directory student passwords are written back to; zero: none.
	Directory Directory
	// SSO is the staff single sign-on provider (PORTAL_SSO_*); Issuer empty: none.
	SSO SSO
}

// SMTP is the outgoing mail server (SMTP_HOST etc.). An empty Host means the
// portal starts its own mail catcher.
type SMTP struct {
	Host     string
	Port     int
	Username string
	Password string
	TLS      string // none | starttls | tls
	From     string
	// FromName is the sender's display name (MAIL_FROM_NAME); empty takes
	// the district's name.
	FromName string
}

// Key is one named key.
type Key struct {
	ID     string
	Secret []byte
}

// maxBulkMailWorkers bounds PORTAL_BULK_MAIL_WORKERS: each worker holds an SMTP connection
// while it sends, and relays refuse far fewer at once than River would run (10,000).
const maxBulkMailWorkers = 1000

// Load reads the configuration from the environment.
func Load(getenv func(string) string) (Config, error) {
	c := Config{
		Addr:            or(getenv("PORTAL_ADDR"), "127.0.0.1:8080"),
		MetricsAddr:     getenv("PORTAL_METRICS_ADDR"),
		DatabaseURL:     getenv("DATABASE_URL"),
		DataDir:         or(getenv("PORTAL_DATA_DIR"), ".data"),
		PostgresBinDir:  getenv("PORTAL_PG_BIN_DIR"),
		WebDir:          or(getenv("PORTAL_WEB_DIR"), "frontend/dist"),
		MailCatcherAddr: or(getenv("PORTAL_MAIL_CATCHER_ADDR"), "127.0.0.1:8025"),
		LogLevel:        or(getenv("LOG_LEVEL"), "info"),
		Policy:          policy.DefaultSettings(),
		SessionTTL:      time.Hour,
		HashTime:        2,
		HashMemoryKiB:   19456,
		HashConcurrency: runtime.GOMAXPROCS(0),
		SMTP: SMTP{
			Host: getenv("SMTP_HOST"), Username: getenv("SMTP_USERNAME"), Password: getenv("SMTP_PASSWORD"),
			TLS: or(getenv("SMTP_TLS"), "starttls"), From: or(getenv("MAIL_FROM"), "no-reply@portal.example"),
			FromName: oneLine(getenv("MAIL_FROM_NAME")),
		},
	}
	c.PublicOrigin = or(getenv("PORTAL_PUBLIC_ORIGIN"), "http://"+c.Addr)
	c.BadgeTriesPerMinute = 30
	c.PictureTriesPerMinute = 120
	c.BulkMailWorkers = 16
	c.RegenChunk = 10000
	for _, cidr := range strings.Split(getenv("PORTAL_TRUSTED_PROXIES"), ",") {
		if cidr = strings.TrimSpace(cidr); cidr == "" {
			continue
		}
		_, n, err := net.ParseCIDR(cidr)
		if err != nil {
			return c, fmt.Errorf("PORTAL_TRUSTED_PROXIES %q: want CIDRs such as 10.0.0.0/8, comma-separated", cidr)
		}
		c.TrustedProxies = append(c.TrustedProxies, n)
	}
	if u, err := url.Parse(c.PublicOrigin); err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return c, fmt.Errorf("PORTAL_PUBLIC_ORIGIN %q: want an origin such as https://portal.district.org", c.PublicOrigin)
	}
	zone := or(getenv("PORTAL_TIME_ZONE"), "America/New_York")
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return c, fmt.Errorf("PORTAL_TIME_ZONE %q: want an IANA time zone such as America/Chicago", zone)
	}
	c.Policy.Location = loc
	if c.Demo, err = boolVar(getenv, "PORTAL_DEMO", false); err != nil {
		return c, err
	}
	if c.TestAPI, err = boolVar(getenv, "PORTAL_TEST_API", false); err != nil {
		return c, err
	}
	if c.District, err = loadDistrict(getenv, c.Demo); err != nil {
		return c, err
	}
	if c.SSO, err = loadSSO(getenv); err != nil {
		return c, err
	}
	if c.SMTP.FromName == "" {
		// Families recognise the district, not the software: its name is the sender's.
		c.SMTP.FromName = c.District.Name
	}
	if err := c.checkMetrics(getenv); err != nil {
		return c, err
	}
	ints := []struct {
		name string
		dst  *int
		min  int
	}{
		{"SMTP_PORT", &c.SMTP.Port, 1},
		{"PORTAL_SELF_SERVICE_MIN_GRADE", &c.Policy.SelfServiceMinGrade, -9},
		{"PORTAL_GUARDIAN_RESETS_PER_DAY", &c.Policy.GuardianResetsPerDay, 1},
		{"PORTAL_LINK_FAILURE_LIMIT", &c.Policy.LinkFailureLimit, 1},
		{"PORTAL_BADGE_MAX_GRADE", &c.Policy.BadgeMaxGrade, -5},
		{"PORTAL_BADGE_TRIES_PER_MINUTE", &c.BadgeTriesPerMinute, 1},
		{"PORTAL_PICTURE_TRIES_PER_MINUTE", &c.PictureTriesPerMinute, 1},
		{"PORTAL_BULK_MAIL_WORKERS", &c.BulkMailWorkers, 1},
		{"PORTAL_REGEN_CHUNK", &c.RegenChunk, 1},
	}
	c.SMTP.Port = 587
	for _, iv := range ints {
		if v := getenv(iv.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < iv.min {
				return c, fmt.Errorf("%s %q: want a whole number of at least %d", iv.name, v, iv.min)
			}
			*iv.dst = n
		}
	}
	if c.BulkMailWorkers > maxBulkMailWorkers {
		return c, fmt.Errorf("PORTAL_BULK_MAIL_WORKERS %d: want at most %d (one SMTP connection each)", c.BulkMailWorkers, maxBulkMailWorkers)
	}
	if c.Policy.BadgeMaxGrade > policy.MaxGrade {
		return c, fmt.Errorf("PORTAL_BADGE_MAX_GRADE %d: want a grade from -5 to %d", c.Policy.BadgeMaxGrade, policy.MaxGrade)
	}
	for _, dv := range []struct {
		name string
		dst  *time.Duration
		min  int
	}{{"PORTAL_SELF_RESET_WINDOW_DAYS", &c.Policy.SelfResetWindow, 0}, {"PORTAL_ACCESS_CODE_DAYS", &c.Policy.AccessCodeTTL, 1}} {
		if v := getenv(dv.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < dv.min {
				return c, fmt.Errorf("%s %q: want a whole number of days, at least %d", dv.name, v, dv.min)
			}
			*dv.dst = time.Duration(n) * 24 * time.Hour
		}
	}
	for _, hv := range []struct {
		name string
		dst  *uint32
		min  uint64
	}{{"PORTAL_HASH_TIME", &c.HashTime, 1}, {"PORTAL_HASH_MEMORY_KIB", &c.HashMemoryKiB, 8}} {
		if v := getenv(hv.name); v != "" {
			n, err := strconv.ParseUint(v, 10, 32)
			if err != nil || n < hv.min {
				return c, fmt.Errorf("%s %q: want a whole number of at least %d", hv.name, v, hv.min)
			}
			*hv.dst = uint32(n)
		}
	}
	switch c.SMTP.TLS {
	case "none", "starttls", "tls":
	default:
		return c, fmt.Errorf("SMTP_TLS %q: want none, starttls or tls", c.SMTP.TLS)
	}
	if c.SessionKeys, err = parseKeys("PORTAL_SESSION_KEYS", getenv("PORTAL_SESSION_KEYS")); err != nil {
		return c, err
	}
	if c.DataKeys, err = parseKeys("PORTAL_DATA_KEYS", getenv("PORTAL_DATA_KEYS")); err != nil {
		return c, err
	}
	if c.Directory, err = loadDirectory(getenv); err != nil {
		return c, err
	}
	return c, nil
}

// checkMetrics reads PORTAL_PPROF and refuses a metrics address on the
// public port: metrics and the profiler tell an outsider too much (request
// counts per route, memory, goroutines, and a profile costs CPU).
func (c *Config) checkMetrics(getenv func(string) string) error {
	var err error
	if c.Pprof, err = boolVar(getenv, "PORTAL_PPROF", false); err != nil {
		return err
	}
	if c.MetricsAddr == "" {
		if c.Pprof {
			return errors.New("PORTAL_PPROF needs PORTAL_METRICS_ADDR: the profiler is served only on the metrics address")
		}
		return nil
	}
	_, port, err := net.SplitHostPort(c.MetricsAddr)
	if err != nil {
		return fmt.Errorf("PORTAL_METRICS_ADDR %q: want host:port, such as 127.0.0.1:9464", c.MetricsAddr)
	}
	if _, public, err := net.SplitHostPort(c.Addr); err == nil && port != "0" && port == public {
		return fmt.Errorf("PORTAL_METRICS_ADDR %q: metrics are never served on the public port (PORTAL_ADDR %q)", c.MetricsAddr, c.Addr)
	}
	return nil
}

// SecureCookies reports whether the portal is reached over https.
func (c Config) SecureCookies() bool { return strings.HasPrefix(c.PublicOrigin, "https://") }

func parseKeys(name, v string) ([]Key, error) {
	if v == "" {
		return nil, nil
	}
	var keys []Key
	for _, part := range strings.Split(v, ",") {
		id, b64, ok := strings.Cut(strings.TrimSpace(part), ":")
		secret, err := base64.StdEncoding.DecodeString(b64)
		if !ok || id == "" || err != nil || len(secret) != 32 {
			return nil, fmt.Errorf("%s: want id:base64 pairs of 32-byte keys, separated by commas", name)
		}
		keys = append(keys, Key{ID: id, Secret: secret})
	}
	return keys, nil
}

func boolVar(getenv func(string) string, name string, def bool) (bool, error) {
	v := getenv(name)
	if v == "" {
		return def, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%s %q: want true or false", name, v)
	}
	return b, nil
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// Getenv is os.Getenv, named for Load's callers.
var Getenv = os.Getenv
