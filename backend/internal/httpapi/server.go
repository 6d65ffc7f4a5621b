package httpapi

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/labstack/echo-contrib/echoprometheus"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/audit"
	"github.com/schoolpass/portal/backend/internal/badges"
	"github.com/schoolpass/portal/backend/internal/config"
	"github.com/schoolpass/portal/backend/internal/family"
	"github.com/schoolpass/portal/backend/internal/regen"
	"github.com/schoolpass/portal/backend/internal/reports"
	"github.com/schoolpass/portal/backend/internal/rosterimport"
	"github.com/schoolpass/portal/backend/internal/schoolreset"
	"github.com/schoolpass/portal/backend/internal/selfservice"
	"github.com/schoolpass/portal/backend/internal/sso"
	"github.com/schoolpass/portal/backend/internal/staff"
	"github.com/schoolpass/portal/backend/internal/tokens"
	"github.com/schoolpass/portal/backend/internal/writeback"
)

// maxBody is the largest request body accepted; every request of the API is
// a few hundred bytes.
const maxBody = "64K"

// Deps are what the HTTP layer needs.
type Deps struct {
	Logger        *slog.Logger
	Tokens        *tokens.Issuer
	Auth          *accounts.Authenticator
	Students      accounts.StudentStore
	Sessions      SessionStore
	SelfService   *selfservice.Service
	Family        *family.Service
	Staff         *staff.Service
	StaffSessions StaffSessionStore
	// SchoolReset serves By Student; Audit the staff audit view and its export; Rosters
	// View Report.
	SchoolReset *schoolreset.Service
	// Badges serves QR badges: staff issue them, young students sign in with them.
	Badges  *badges.Service
	Audit   *reports.Audit
	Rosters *reports.Rosters
	// StudentAccounts serves the per-school Student Accounts report (passwords; admins).
	StudentAccounts *reports.StudentAccounts
	// Regen serves district default-password regeneration.
	Regen *regen.Service
	// RosterImports serves the district's OneRoster uploads and their history.
	RosterImports *rosterimport.Service
	// Directory is the directory write-back's status (nil or zero: not configured).
	Directory *writeback.Status
	// SSO signs staff in with the district's identity provider; nil or unconfigured: none.
	SSO           *sso.Service
	SessionTTL    time.Duration
	SecureCookies bool
	// PublicOrigin is trusted for cross-origin checks besides the request's own host.
	PublicOrigin string
	// TrustedProxies are the proxies whose X-Forwarded-For names the client; none: the
	// client is the connection's address (so no header can dodge a per-address limit).
	TrustedProxies []*net.IPNet
	// WebDir holds the built SPA; empty serves none.
	WebDir string
	// District is the district's identity, served to the SPA (GET /district).
	District config.District
	// Ready reports whether the portal can serve (database reachable).
	Ready func(ctx context.Context) error
	// Metrics receives the request metrics; the portal serves them on their
	// own address, never through this handler. Nil keeps them in a registry of
	// this server's own that nobody reads (tests build many servers in one process).
	Metrics prometheus.Registerer
	// Extra, when set, registers more routes (the test-only data API) before the SPA.
	Extra func(e *echo.Echo)
}

// Server implements the generated ServerInterface.
type Server struct {
	logger        *slog.Logger
	tokens        *tokens.Issuer
	auth          *accounts.Authenticator
	students      accounts.StudentStore
	sessions      SessionStore
	self          *selfservice.Service
	family        *family.Service
	staff         *staff.Service
	staffSessions StaffSessionStore
	schoolReset   *schoolreset.Service
	badges        *badges.Service
	audit         *reports.Audit
	rosters       *reports.Rosters
	regen         *regen.Service
	rosterImports *rosterimport.Service
	directory     *writeback.Status
	sso           *sso.Service
	sessionTTL    time.Duration
	secureCookies bool
	district      District

	// studentAccounts serves the Student Accounts report, which holds default passwords.
	studentAccounts *reports.StudentAccounts
}

var _ ServerInterface = (*Server)(nil)

// New builds the Echo instance with every route and middleware.
func New(d Deps) (*echo.Echo, error) {
	if d.Metrics == nil {
		d.Metrics = prometheus.NewRegistry()
	}
	s := &Server{
		logger: d.Logger, tokens: d.Tokens, auth: d.Auth, students: d.Students, sessions: d.Sessions,
		self: d.SelfService, family: d.Family, staff: d.Staff, staffSessions: d.StaffSessions,
		schoolReset: d.SchoolReset, badges: d.Badges, audit: d.Audit, rosters: d.Rosters, regen: d.Regen, rosterImports: d.RosterImports, studentAccounts: d.StudentAccounts,
		directory:  d.Directory,
		sessionTTL: d.SessionTTL, secureCookies: d.SecureCookies, district: districtOut(d.District),
		sso: d.SSO,
	}
	if s.sso == nil {
		s.sso = &sso.Service{}
	}
	if s.sso.Configured() {
		s.district.StaffSignOn = ptr(s.sso.Settings.Label)
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = errorHandler(d.Logger)
	e.IPExtractor = ipExtractor(d.TrustedProxies)

	crossOrigin := http.NewCrossOriginProtection()
	if d.PublicOrigin != "" {
		if err := crossOrigin.AddTrustedOrigin(d.PublicOrigin); err != nil {
			return nil, err
		}
	}
	e.Use(
		middleware.Recover(),
		requestLog(d.Logger),
		echoprometheus.NewMiddlewareWithConfig(echoprometheus.MiddlewareConfig{
			Subsystem: "portal", Registerer: d.Metrics, DoNotUseRequestPathFor404: true,
		}),
		securityHeaders(d.SecureCookies),
		noStore,
		middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: maxBody, Skipper: largeUpload}),
		func(next echo.HandlerFunc) echo.HandlerFunc {
			return func(c echo.Context) error {
				if err := crossOrigin.Check(c.Request()); err != nil {
					return errCrossSite
				}
				r := c.Request()
				c.SetRequest(r.WithContext(audit.WithOrigin(r.Context(), audit.Origin{
					IP: c.RealIP(), UserAgent: r.UserAgent(),
				})))
				return next(c)
			}
		},
		edgeCheck,
	)
	e.GET("/healthz", func(c echo.Context) error { return c.JSON(http.StatusOK, map[string]string{"status": "ok"}) })
	e.GET("/readyz", func(c echo.Context) error {
		ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
		defer cancel()
		if err := d.Ready(ctx); err != nil {
			return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
		}
		return c.JSON(http.StatusOK, map[string]string{"status": "ready"})
	})
	RegisterHandlersWithBaseURL(e, s, "/api/v1")
	if d.Extra != nil {
		d.Extra(e)
	}
	if d.WebDir != "" {
		if err := serveSPA(e, d.WebDir, s.district); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// ipExtractor reads the client's address: the connection's, or, from a trusted proxy, the
// X-Forwarded-For entry that proxy added. Echo's default would believe any client's header.
func ipExtractor(proxies []*net.IPNet) echo.IPExtractor {
	if len(proxies) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, p := range proxies {
		opts = append(opts, echo.TrustIPRange(p))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}

// requestLog logs one structured line per request, without bodies, cookies
// or query strings, so no secret reaches the logs.
func requestLog(logger *slog.Logger) echo.MiddlewareFunc {
	return middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		LogStatus: true, LogMethod: true, LogURIPath: true, LogLatency: true, LogError: true,
		HandleError: true,
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			level := slog.LevelInfo
			if v.Status >= 500 {
				level = slog.LevelError
			}
			attrs := []slog.Attr{
				slog.String("method", v.Method), slog.String("path", v.URIPath),
				slog.Int("status", v.Status), slog.Duration("latency", v.Latency),
			}
			if v.Error != nil && v.Status >= 500 {
				attrs = append(attrs, slog.String("error", v.Error.Error()))
			}
			logger.LogAttrs(c.Request().Context(), level, "request", attrs...)
			return nil
		},
	})
}
