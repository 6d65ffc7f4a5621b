package httpapi

import "testing"

func TestUploadName(t *testing.T) {
	for header, want := range map[string]string{
		"":                                       "",
		`attachment; filename="sis-nightly.zip"`: "sis-nightly.zip",
		`attachment; filename="C:\\exports\\a.zip"`:              "a.zip",
		`attachment; filename="../../etc/passwd"`:                "passwd",
		`attachment; filename*=UTF-8''Lista%20de%20a%C3%B1o.zip`: "Lista de año.zip",
		"attachment; filename=\"a\tb.zip\"":                      "ab.zip",
		`attachment`:                                             "",
		`attachment; filename="/"`:                               "",
		`not a header;;`:                                         "",
	} {
		if got := uploadName(header); got != want {
			t.Errorf("uploadName(%q): got %q, want %q", header, got, want)
		}
	}
}
