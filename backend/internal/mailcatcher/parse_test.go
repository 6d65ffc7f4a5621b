package mailcatcher

import (
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	received := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	tests := []struct {
		name        string
		raw         string
		wantSubject string
		wantFrom    string
		wantText    string
		wantHTML    string
		wantDate    time.Time
	}{
		{
			name: "plain text without content type",
			raw: "From: noreply@portal.test\r\nSubject: Hi\r\n\r\n" +
				"Just text.\r\n",
			wantSubject: "Hi",
			wantFrom:    "noreply@portal.test",
			wantText:    "Just text.\r\n",
			wantDate:    received,
		},
		{
			name: "alternative with quoted-printable text and base64 html",
			raw: "From: =?UTF-8?q?Portal_Escolar?= <noreply@portal.test>\r\n" +
				"Subject: =?UTF-8?q?Se_cambi=C3=B3_la_contrase=C3=B1a?=\r\n" +
				"Date: Tue, 03 Mar 2026 09:30:00 +0000\r\n" +
				"MIME-Version: 1.0\r\n" +
				"Content-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n" +
				"--b1\r\n" +
				"Content-Type: text/plain; charset=UTF-8\r\n" +
				"Content-Transfer-Encoding: quoted-printable\r\n\r\n" +
				"Se cambi=C3=B3 la contrase=C3=B1a de una l=C3=ADnea muy larga que se =\r\n" +
				"parte.\r\n" +
				"--b1\r\n" +
				"Content-Type: text/html; charset=UTF-8\r\n" +
				"Content-Transfer-Encoding: base64\r\n\r\n" +
				"PHA+U2UgY2FtYmnDsyBsYSBjb250cmFzZcOxYS48L3A+\r\n" +
				"--b1--\r\n",
			wantSubject: "Se cambió la contraseña",
			wantFrom:    "Portal Escolar <noreply@portal.test>",
			wantText:    "Se cambió la contraseña de una línea muy larga que se parte.",
			wantHTML:    "<p>Se cambió la contraseña.</p>",
			wantDate:    time.Date(2026, 3, 3, 9, 30, 0, 0, time.UTC),
		},
		{
			name: "mixed with nested alternative and an attachment",
			raw: "Subject: Cards\r\n" +
				"Content-Type: multipart/mixed; boundary=outer\r\n\r\n" +
				"--outer\r\n" +
				"Content-Type: multipart/alternative; boundary=inner\r\n\r\n" +
				"--inner\r\n" +
				"Content-Type: text/plain\r\n\r\n" +
				"See the cards.\r\n" +
				"--inner\r\n" +
				"Content-Type: text/html\r\n\r\n" +
				"<b>See the cards.</b>\r\n" +
				"--inner--\r\n" +
				"--outer\r\n" +
				"Content-Type: text/plain\r\n" +
				"Content-Disposition: attachment; filename=\"cards.txt\"\r\n\r\n" +
				"not the body\r\n" +
				"--outer--\r\n",
			wantSubject: "Cards",
			wantText:    "See the cards.",
			wantHTML:    "<b>See the cards.</b>",
			wantDate:    received,
		},
		{
			name: "latin-1 body",
			raw: "Subject: =?ISO-8859-1?q?Contrase=F1a?=\r\n" +
				"Content-Type: text/plain; charset=iso-8859-1\r\n" +
				"Content-Transfer-Encoding: quoted-printable\r\n\r\n" +
				"Contrase=F1a cambiada.",
			wantSubject: "Contraseña",
			wantText:    "Contraseña cambiada.",
			wantDate:    received,
		},
		{
			name:     "not a message at all",
			raw:      "garbage without headers",
			wantText: "garbage without headers",
			wantFrom: "bounce@portal.test",
			wantDate: received,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parse([]byte(tt.raw), "bounce@portal.test", []string{"alex@school.test"}, received)
			if got.Subject != tt.wantSubject {
				t.Errorf("Subject: got %q, want %q", got.Subject, tt.wantSubject)
			}
			wantFrom := tt.wantFrom
			if wantFrom == "" {
				wantFrom = "bounce@portal.test" // the envelope sender
			}
			if got.From != wantFrom {
				t.Errorf("From: got %q, want %q", got.From, wantFrom)
			}
			if strings.TrimSpace(got.Text) != strings.TrimSpace(tt.wantText) {
				t.Errorf("Text: got %q, want %q", got.Text, tt.wantText)
			}
			if strings.TrimSpace(got.HTML) != strings.TrimSpace(tt.wantHTML) {
				t.Errorf("HTML: got %q, want %q", got.HTML, tt.wantHTML)
			}
			if !got.Date.Equal(tt.wantDate) {
				t.Errorf("Date: got %v, want %v", got.Date, tt.wantDate)
			}
			if got.Raw != tt.raw {
				t.Errorf("Raw: got %q, want the input unchanged", got.Raw)
			}
		})
	}
}
