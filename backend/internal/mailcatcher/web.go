package mailcatcher

import (
	"context"
	"encoding/json"
	"errors"
	"html/template"
	"net/http"
	"strings"
	"time"
)

// maxWait caps ?wait= so a forgotten long poll cannot pin a connection.
const maxWait = 30 * time.Second

// Content-Security-Policy values. The inbox pages need only their own inline
// style. An email's HTML is served under "sandbox", which gives it an opaque
// origin and no script, forms or navigation, and it may load nothing but
// inline images: a test email must not be able to phone home or act on the
// catcher's API.
const (
	pageCSP      = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
	emailHTMLCSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

func (c *Catcher) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", c.handleIndex)
	mux.HandleFunc("GET /messages/{id}", c.handleMessagePage)
	mux.HandleFunc("GET /messages/{id}/html", c.handleMessageHTML)
	mux.HandleFunc("GET /messages/{id}/raw", c.handleMessageRaw)
	mux.HandleFunc("GET /api/messages", c.handleList)
	mux.HandleFunc("GET /api/messages/{id}", c.handleGet)
	mux.HandleFunc("DELETE /api/messages", c.handleDelete)
	// Browsers may not clear the inbox from another origin's page; tools
	// such as curl and Playwright's request API send no Origin and pass.
	return securityHeaders(http.NewCrossOriginProtection().Handler(mux))
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", pageCSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

func (c *Catcher) handleIndex(w http.ResponseWriter, _ *http.Request) {
	// The Refresh header lets a person watch mail arrive during `make run`
	// without any script, which the page's CSP forbids.
	w.Header().Set("Refresh", "5")
	c.renderPage(w, "index", c.Messages())
}

func (c *Catcher) handleMessagePage(w http.ResponseWriter, r *http.Request) {
	m, ok := c.Message(r.PathValue("id"))
	if !ok {
		http.NotFound(w, r)
		return
	}
	c.renderPage(w, "message", m)
}

func (c *Catcher) handleMessageHTML(w http.ResponseWriter, r *http.Request) {
	m, ok := c.Message(r.PathValue("id"))
	if !ok || m.HTML == "" {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Security-Policy", emailHTMLCSP)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write([]byte(m.HTML))
}

func (c *Catcher) handleMessageRaw(w http.ResponseWriter, r *http.Request) {
	m, ok := c.Message(r.PathValue("id"))
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte(m.Raw))
}

// handleList serves GET /api/messages. With ?wait=DURATION and no match yet
// it holds the request until a matching message arrives, so Playwright can
// wait for an email without a polling loop.
func (c *Catcher) handleList(w http.ResponseWriter, r *http.Request) {
	to := strings.TrimSpace(r.URL.Query().Get("to"))
	match := func(m Message) bool { return to == "" || hasRecipient(m, to) }

	var wait time.Duration
	if s := r.URL.Query().Get("wait"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d < 0 {
			writeJSONError(w, http.StatusBadRequest, "wait must be a duration such as 5s")
			return
		}
		wait = min(d, maxWait)
	}

	out := []Message{} // encode an empty list as [], never null
	for _, m := range c.Messages() {
		if match(m) {
			out = append(out, m)
		}
	}
	if len(out) == 0 && wait > 0 {
		ctx, cancel := context.WithTimeout(r.Context(), wait)
		defer cancel()
		m, err := c.WaitFor(ctx, match)
		switch {
		case err == nil:
			out = append(out, m)
		case errors.Is(err, context.DeadlineExceeded):
			// Nothing arrived in time: an empty list is the honest answer.
		default:
			writeJSONError(w, http.StatusServiceUnavailable, err.Error())
			return
		}
	}
	writeJSON(w, http.StatusOK, out)
}

func (c *Catcher) handleGet(w http.ResponseWriter, r *http.Request) {
	m, ok := c.Message(r.PathValue("id"))
	if !ok {
		writeJSONError(w, http.StatusNotFound, "no message with this id")
		return
	}
	writeJSON(w, http.StatusOK, m)
}

func (c *Catcher) handleDelete(w http.ResponseWriter, _ *http.Request) {
	c.Clear()
	w.WriteHeader(http.StatusNoContent)
}

// hasRecipient compares addresses case-insensitively; the local part is
// case-sensitive in theory, but no school mail system treats it so, and a
// test should not fail on "Alex@" versus "alex@".
func hasRecipient(m Message, addr string) bool {
	addr = strings.Trim(addr, "<>")
	for _, to := range m.To {
		if strings.EqualFold(strings.Trim(to, "<>"), addr) {
			return true
		}
	}
	return false
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeJSONError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

func (c *Catcher) renderPage(w http.ResponseWriter, name string, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := pages.ExecuteTemplate(w, name, data); err != nil {
		c.logger.Warn("mailcatcher: render page", "page", name, "err", err)
	}
}

var pages = template.Must(template.New("").Funcs(template.FuncMap{
	"when": func(t time.Time) string { return t.Local().Format("2006-01-02 15:04:05 MST") },
	"join": strings.Join,
}).Parse(`
{{define "head"}}<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.}} · Mail catcher</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1a1a1a}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #ddd;vertical-align:top}
pre{white-space:pre-wrap;background:#f5f5f5;padding:1rem;border-radius:4px}
a{color:#0645ad}dt{font-weight:600}dd{margin:0 0 .5rem 0}
</style></head><body>{{end}}

{{define "index"}}{{template "head" "Inbox"}}
<h1>Mail catcher</h1>
<p>{{len .}} message(s), newest first. This page refreshes every 5 seconds.
JSON: <a href="/api/messages">/api/messages</a>.</p>
{{if .}}<table>
<thead><tr><th scope="col">Received</th><th scope="col">To</th><th scope="col">Subject</th></tr></thead>
<tbody>{{range .}}<tr><td>{{when .Date}}</td><td>{{join .To ", "}}</td>
<td><a href="/messages/{{.ID}}">{{if .Subject}}{{.Subject}}{{else}}(no subject){{end}}</a></td></tr>
{{end}}</tbody></table>{{else}}<p>No messages yet.</p>{{end}}
</body></html>{{end}}

{{define "message"}}{{template "head" .Subject}}
<p><a href="/">← Inbox</a></p>
<h1>{{if .Subject}}{{.Subject}}{{else}}(no subject){{end}}</h1>
<dl>
<dt>From</dt><dd>{{.From}}</dd>
<dt>To</dt><dd>{{join .To ", "}}</dd>
<dt>Date</dt><dd>{{when .Date}}</dd>
{{with index .Headers "Message-Id"}}<dt>Message-ID</dt><dd>{{index . 0}}</dd>{{end}}
</dl>
<p>{{if .HTML}}<a href="/messages/{{.ID}}/html">HTML version</a> · {{end}}<a href="/messages/{{.ID}}/raw">Raw source</a></p>
<h2>Text</h2>
<pre>{{if .Text}}{{.Text}}{{else}}(no text part){{end}}</pre>
</body></html>{{end}}
`))
