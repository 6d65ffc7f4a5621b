package apitest

import (
	"log/slog"
	"net"
	"net/http"
	"strconv"

	"github.com/schoolpass/portal/backend/internal/mail"
	"github.com/schoolpass/portal/backend/internal/portal"
	"github.com/schoolpass/portal/backend/internal/tokens"
)

// SessionCookieName is the session cookie of a portal served over plain
// http, as the harness serves it.
const SessionCookieName = "portal_session"

// SessionKey returns the key the harness's portal signs tokens with.
func (h *Harness) SessionKey() tokens.Key {
	k := h.Config.SessionKeys[0]
	return tokens.Key{ID: k.ID, Secret: k.Secret}
}

// TokenIssuer returns an issuer with the portal's own issuer name and keys,
// so a test can mint tokens the portal accepts (or, with a negative ttl,
// tokens that have already expired).
func (h *Harness) TokenIssuer() *tokens.Issuer {
	h.T.Helper()
	iss, err := portal.NewTokenIssuer(h.Config)
	if err != nil {
		h.T.Fatalf("token issuer: %v", err)
	}
	return iss
}

// PortalAt assembles a second portal on the harness's database and mail
// catcher that believes it is reached at origin, such as
// "https://portal.example". The harness's own portal is always at its
// httptest URL; this one is for checks that depend on the public origin
// (Secure, __Host- cookies), driven with httptest.NewRequest. Its job queue
// is not started: the harness's own queue delivers the jobs it inserts.
func (h *Harness) PortalAt(origin string) http.Handler {
	h.T.Helper()
	cfg := h.Config
	cfg.PublicOrigin = origin
	host, port, err := net.SplitHostPort(h.Mail.SMTPAddr())
	if err != nil {
		h.T.Fatalf("mail catcher address: %v", err)
	}
	portNum, err := strconv.Atoi(port)
	if err != nil {
		h.T.Fatalf("mail catcher port: %v", err)
	}
	p, err := portal.Assemble(cfg, h.Pool, mail.SMTPConfig{Host: host, Port: portNum, TLS: "none", From: "no-reply@portal.example"},
		slog.New(slog.DiscardHandler))
	if err != nil {
		h.T.Fatalf("assemble portal at %s: %v", origin, err)
	}
	return p.Handler
}
