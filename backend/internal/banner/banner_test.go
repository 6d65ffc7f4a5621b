package banner

import "testing"

func TestListeningURL(t *testing.T) {
	for _, tc := range []struct {
		name, text, want string
		ok               bool
	}{
		{"the line serve prints", Listening("127.0.0.1:8080"), "http://127.0.0.1:8080", true},
		{"an IPv6 address", Listening("[::1]:43211"), "http://[::1]:43211", true},
		{"among other lines", "\nmail catcher: http://127.0.0.1:8025\n" + Listening("127.0.0.1:5"), "http://127.0.0.1:5", true},
		{"the line before the family portal was added", "portal: listening on http://127.0.0.1:8080\n", "http://127.0.0.1:8080", true},
		{"the line before the staff pages were added", "portal: listening on http://127.0.0.1:8080 (family portal: http://127.0.0.1:8080/family)\n",
			"http://127.0.0.1:8080", true},
		{"no address", "portal: listening on\n", "", false},
		{"another line", "mail catcher: http://127.0.0.1:8025\n", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := ListeningURL(tc.text)
			if got != tc.want || ok != tc.ok {
				t.Errorf("ListeningURL(%q) = %q, %v; want %q, %v", tc.text, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestMetricsURL(t *testing.T) {
	for _, tc := range []struct {
		name, text, want string
		ok               bool
	}{
		{"the line serve prints", Metrics("127.0.0.1:9464"), "http://127.0.0.1:9464/metrics", true},
		{"after the listening line", Listening("127.0.0.1:8080") + Metrics("10.0.0.5:9464"), "http://10.0.0.5:9464/metrics", true},
		{"metrics off", Listening("127.0.0.1:8080"), "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := MetricsURL(tc.text)
			if got != tc.want || ok != tc.ok {
				t.Errorf("MetricsURL(%q) = %q, %v; want %q, %v", tc.text, got, ok, tc.want, tc.ok)
			}
		})
	}
}
