package main

import (
	"io"
	"strings"
	"testing"
)

// TestServeNeedsADistrictName: outside the demo, the portal does not serve pages and emails
// that name no district; it says which setting is missing before it touches anything.
func TestServeNeedsADistrictName(t *testing.T) {
	dataDir := t.TempDir()
	t.Setenv("PORTAL_DEMO", "")
	t.Setenv("PORTAL_DISTRICT_NAME", "")
	t.Setenv("PORTAL_DATA_DIR", dataDir)
	err := run(t.Context(), "serve", nil, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "PORTAL_DISTRICT_NAME is not set") {
		t.Fatalf("got %v, want a refusal naming PORTAL_DISTRICT_NAME", err)
	}
}
