package banner

import (
	"fmt"
	"regexp"
)

// Listening returns the line saying where the portal listens, ending in a
// newline: the portal's base URL first, then the family portal's and the staff pages'.
func Listening(addr string) string {
	return fmt.Sprintf("portal: listening on http://%s (family portal: http://%s/family, staff: http://%s/staff)\n",
		addr, addr, addr)
}

// Metrics returns the line saying where the metrics (and, when on, the
// profiler) are served, ending in a newline.
func Metrics(addr string) string {
	return fmt.Sprintf("metrics: http://%s/metrics (not on the public address)\n", addr)
}

// An address is taken up to the first space or parenthesis, so whatever the
// banner says after it on the same line never becomes part of it.
var (
	listeningURL = regexp.MustCompile(`(?m)^portal: listening on (https?://[^\s()]+)`)
	metricsURL   = regexp.MustCompile(`(?m)^metrics: (https?://[^\s()]+)`)
)

// ListeningURL returns the portal's base URL (such as http://127.0.0.1:8080)
// from text holding a line written by Listening, and whether it found one.
func ListeningURL(text string) (string, bool) {
	return find(listeningURL, text)
}

// MetricsURL returns the metrics URL (such as http://127.0.0.1:9464/metrics)
// from text holding a line written by Metrics, and whether it found one.
func MetricsURL(text string) (string, bool) {
	return find(metricsURL, text)
}

func find(re *regexp.Regexp, text string) (string, bool) {
	m := re.FindStringSubmatch(text)
	if m == nil {
		return "", false
	}
	return m[1], true
}
