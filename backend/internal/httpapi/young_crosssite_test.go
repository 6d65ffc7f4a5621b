package httpapi_test

import (
	"net/http"
	"testing"
)

// TestYoungSignInsRefuseCrossSite: a page on another site cannot sign a child in with a
// badge or pictures (a stolen card's token or a guess sent from the attacker's page), open a
// class's list, or make a signed-in teacher set, unlock or remove pictures or issue a badge:
// each is 403 cross_site_request, no cookie is set, no try is counted and nothing changes.
func TestYoungSignInsRefuseCrossSite(t *testing.T) {
	w := newBadgeWorld(t)
	h, tc := w.h, w.h.StaffClient(w.teacher)
	right := setPictures(t, tc, w.young.ID, []string{"cat", "moon", "star"})
	token, _ := issue(t, tc, w.young.ID)
	code := tc.Expect(tc.Do(http.MethodGet, "/api/v1/staff/classes/"+w.classID+"/picture-sign-in", nil), 200, "").String("code")
	before, _ := pictureRowOf(t, h, w.young.ID)
	events := func() int { return h.Count(`select count(*) from audit_events`) }
	eventsBefore := events()

	for _, from := range [][]string{
		{"Sec-Fetch-Site", "cross-site"},
		{"Origin", "https://evil.example"},
	} {
		anon := h.Client()
		for _, req := range []struct {
			path string
			body any
		}{
			{"/api/v1/session/badge", map[string]string{"token": token}},
			{"/api/v1/session/pictures", byUsername(w.young.Username, right)},
			{"/api/v1/session/pictures", byClass(code, w.young.ID, right)},
			{"/api/v1/pictures/class", map[string]string{"code": code}},
		} {
			r := anon.Do(http.MethodPost, req.path, req.body, from...)
			if r.Status != http.StatusForbidden || r.Code() != "cross_site_request" || len(r.Header.Values("Set-Cookie")) != 0 {
				t.Errorf("%s from %v: got %d %s, want 403 cross_site_request and no cookie", req.path, from, r.Status, r.Raw)
			}
		}
		for _, req := range []struct{ method, path string }{
			{http.MethodPost, "/api/v1/staff/students/" + w.young.ID + "/pictures"},
			{http.MethodPost, "/api/v1/staff/students/" + w.young.ID + "/pictures/unlock"},
			{http.MethodDelete, "/api/v1/staff/students/" + w.young.ID + "/pictures"},
			{http.MethodPost, "/api/v1/staff/students/" + w.young.ID + "/badge"},
			{http.MethodPost, "/api/v1/staff/classes/" + w.classID + "/picture-sign-in"},
		} {
			tc.Expect(tc.Do(req.method, req.path, map[string]any{}, from...), http.StatusForbidden, "cross_site_request")
		}
	}

	if after, ok := pictureRowOf(t, h, w.young.ID); !ok || after != before {
		t.Errorf("pictures after the cross-site requests: %+v (stored %v), want %+v", after, ok, before)
	}
	if n := h.Count(`select count(*) from badge_attempts`); n != 0 {
		t.Errorf("%d address tries counted, want none", n)
	}
	if n := events(); n != eventsBefore {
		t.Errorf("audit events: %d, want %d (nothing done)", n, eventsBefore)
	}
	// The same requests from the portal's own pages still work.
	if _, r := badgeSignIn(h, token); r.Status != 200 {
		t.Errorf("same-site badge sign-in: %d %s", r.Status, r.Raw)
	}
	if _, r := pictureSignIn(h, byClass(code, w.young.ID, right)); r.Status != 200 {
		t.Errorf("same-site picture sign-in: %d %s", r.Status, r.Raw)
	}
	if got := tc.Expect(tc.Do(http.MethodGet, "/api/v1/staff/classes/"+w.classID+"/picture-sign-in", nil), 200, "").String("code"); got != code {
		t.Errorf("class code after a cross-site renew: %s, want %s", got, code)
	}
}
