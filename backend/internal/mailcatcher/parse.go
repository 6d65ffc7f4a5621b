package mailcatcher

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/encoding/htmlindex"
)

// maxPartDepth bounds multipart nesting so a hostile message cannot recurse
// without end; real mail nests three or four levels at most.
const maxPartDepth = 10

// wordDecoder decodes RFC 2047 encoded words in any charset the WHATWG
// encoding index knows, not only the UTF-8 and Latin-1 the standard library
// handles by itself.
var wordDecoder = &mime.WordDecoder{CharsetReader: charsetReader}

// parse turns a raw message into a Message. It never fails: a message that is
// not valid RFC 5322 is kept with its raw text as the body, because a catcher
// that drops malformed mail would hide exactly the bugs it is there to show.
func parse(raw []byte, envelopeFrom string, rcpts []string, received time.Time) Message {
	m := Message{
		From:    envelopeFrom,
		To:      slices.Clone(rcpts),
		Date:    received,
		Headers: map[string][]string{},
		Raw:     string(raw),
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		m.Text = string(raw)
		return m
	}
	for k, vs := range msg.Header {
		for _, v := range vs {
			m.Headers[k] = append(m.Headers[k], decodeHeader(v))
		}
	}
	if addr, err := mail.ParseAddress(msg.Header.Get("From")); err == nil {
		m.From = formatAddress(addr)
	}
	m.Subject = decodeHeader(msg.Header.Get("Subject"))
	if d, err := msg.Header.Date(); err == nil {
		m.Date = d
	}
	walk(textproto.MIMEHeader(msg.Header), msg.Body, &m, 0)
	return m
}

// walk visits a MIME entity and keeps the first text/plain and the first
// text/html body that are not attachments; in multipart/alternative the
// plain part comes first, and in multipart/mixed the first text is the body.
func walk(h textproto.MIMEHeader, body io.Reader, m *Message, depth int) {
	mediaType, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		// RFC 2045 section 5.2: a missing or unreadable type means plain text.
		mediaType, params = "text/plain", nil
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		if depth >= maxPartDepth || params["boundary"] == "" {
			return
		}
		// NextRawPart, not NextPart: NextPart decodes quoted-printable but
		// not base64, and decoding both here keeps one code path.
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err != nil {
				return
			}
			walk(p.Header, p, m, depth+1)
		}
	}
	if disposition, _, _ := mime.ParseMediaType(h.Get("Content-Disposition")); disposition == "attachment" {
		return
	}
	var dst *string
	switch mediaType {
	case "text/plain":
		dst = &m.Text
	case "text/html":
		dst = &m.HTML
	default:
		return
	}
	if *dst != "" {
		return
	}
	// A truncated or badly encoded part still shows what could be decoded.
	data, _ := io.ReadAll(transferDecoder(h.Get("Content-Transfer-Encoding"), body))
	*dst = decodeCharset(params["charset"], data)
}

func transferDecoder(encoding string, r io.Reader) io.Reader {
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "base64":
		// The standard decoder skips the CR LF line breaks of MIME base64.
		return base64.NewDecoder(base64.StdEncoding, r)
	case "quoted-printable":
		return quotedprintable.NewReader(r)
	default:
		return r
	}
}

func decodeCharset(charset string, data []byte) string {
	switch strings.ToLower(charset) {
	case "", "utf-8", "utf8", "us-ascii":
		return string(data)
	}
	enc, err := htmlindex.Get(charset)
	if err != nil {
		return string(data)
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return string(data)
	}
	return string(out)
}

func charsetReader(charset string, input io.Reader) (io.Reader, error) {
	enc, err := htmlindex.Get(charset)
	if err != nil {
		return nil, fmt.Errorf("mailcatcher: unknown charset %q: %w", charset, err)
	}
	return enc.NewDecoder().Reader(input), nil
}

// decodeHeader decodes encoded words, keeping the raw value when they are
// malformed so that nothing is silently dropped.
func decodeHeader(v string) string {
	d, err := wordDecoder.DecodeHeader(v)
	if err != nil {
		return v
	}
	return d
}

// formatAddress renders an address for people to read; mail.Address.String
// would re-encode non-ASCII names as RFC 2047 words.
func formatAddress(a *mail.Address) string {
	if a.Name == "" {
		return a.Address
	}
	return fmt.Sprintf("%s <%s>", a.Name, a.Address)
}
