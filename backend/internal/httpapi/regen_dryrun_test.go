package httpapi_test

import (
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// summary prints a dry run as "campus name total: grade=count ...; ... = total".
func summary(d dryRun) string {
	var parts []string
	for _, s := range d.Schools {
		p := fmt.Sprintf("%s %s %d:", s.CampusCode, s.Name, s.Total)
		for _, g := range s.Grades {
			p += fmt.Sprintf(" %d=%d", g.Grade, g.Count)
		}
		parts = append(parts, p)
	}
	return fmt.Sprintf("%s = %d", strings.Join(parts, "; "), d.Total)
}

func TestRegenDryRunCountsBySchoolAndGrade(t *testing.T) {
	w := newRegenWorld(t)
	before := w.state(t)
	for _, tt := range []struct {
		name string
		body map[string]any
		want string
	}{
		{"two campuses, grades 3 and 4", regenBody(map[string]any{"campusCodes": "90T001, 90t002", "grades": "3, 4"}),
			"90T001 Test Middle School 3: 3=2 4=1; 90T002 Birch Elementary 3: 3=1 4=2 = 6"},
		{"items trimmed, empty ones ignored", regenBody(map[string]any{"campusCodes": " ,90t002,, ", "grades": " 4 ,"}),
			"90T002 Birch Elementary 2: 4=2 = 2"},
		{"empty lists: the whole district", regenBody(map[string]any{"campusCodes": "", "grades": ""}),
			"90T001 Test Middle School 5: 3=2 4=1 5=1 -9=1; 90T002 Birch Elementary 4: 3=1 4=2 7=1; 90T003 Cedar High School 1: 3=1 = 10"},
		{"lists left out: the whole district", regenBody(nil),
			"90T001 Test Middle School 5: 3=2 4=1 5=1 -9=1; 90T002 Birch Elementary 4: 3=1 4=2 7=1; 90T003 Cedar High School 1: 3=1 = 10"},
		{"grade 3 district-wide, not district 902's", regenBody(map[string]any{"grades": "3", "alsoReset": true, "forceChange": true}),
			"90T001 Test Middle School 2: 3=2; 90T002 Birch Elementary 1: 3=1; 90T003 Cedar High School 1: 3=1 = 4"},
		{"no student matches", regenBody(map[string]any{"campusCodes": "90T003", "grades": "-9", "comments": "spring"}), " = 0"},
	} {
		d := decodeDryRun(t, w.distC.Do(http.MethodPost, regenDryRunPath, tt.body))
		if got := summary(d); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
		if d.Schools == nil {
			t.Errorf("%s: schools must be a list, even empty", tt.name)
		}
	}
	if after := w.state(t); after != before {
		t.Errorf("a dry run changed something:\n%s\n%s", before, after)
	}
}

func TestRegenDryRunRefusesEachBadValue(t *testing.T) {
	w := newRegenWorld(t)
	before := w.state(t)
	for _, tt := range []struct {
		name  string
		extra map[string]any
		want  []violation // rule, field, value (message checked non-empty)
	}{
		{"psu of 2 digits", map[string]any{"psuCode": "12"}, []violation{{"psu_format", "psuCode", "12", ""}}},
		{"psu of 4 digits", map[string]any{"psuCode": "1234"}, []violation{{"psu_format", "psuCode", "1234", ""}}},
		{"psu of letters", map[string]any{"psuCode": "abc"}, []violation{{"psu_format", "psuCode", "abc", ""}}},
		{"psu left empty", map[string]any{"psuCode": " "}, []violation{{"psu_format", "psuCode", "", ""}}},
		{"another district's psu", map[string]any{"psuCode": "902"}, []violation{{"psu_other_district", "psuCode", "902", ""}}},
		{"psu of no district", map[string]any{"psuCode": "555"}, []violation{{"psu_other_district", "psuCode", "555", ""}}},
		{"campus of 5 characters", map[string]any{"campusCodes": "ABC12"}, []violation{{"campus_format", "campusCodes", "ABC12", ""}}},
		{"campus with a dash", map[string]any{"campusCodes": "90T-01"}, []violation{{"campus_format", "campusCodes", "90T-01", ""}}},
		{"unknown campus", map[string]any{"campusCodes": "90T001, 77X777"}, []violation{{"campus_unknown", "campusCodes", "77X777", ""}}},
		{"another district's campus", map[string]any{"campusCodes": "90t902"}, []violation{{"campus_unknown", "campusCodes", "90t902", ""}}},
		{"repeated campus, any case", map[string]any{"campusCodes": "90T001, 90t001"}, []violation{{"campus_repeated", "campusCodes", "90t001", ""}}},
		{"grade 14", map[string]any{"grades": "3, 14"}, []violation{{"grade_unknown", "grades", "14", ""}}},
		{"grade -6", map[string]any{"grades": "-6"}, []violation{{"grade_unknown", "grades", "-6", ""}}},
		{"grade x", map[string]any{"grades": "x"}, []violation{{"grade_unknown", "grades", "x", ""}}},
		{"grade 3.5", map[string]any{"grades": "3.5"}, []violation{{"grade_unknown", "grades", "3.5", ""}}},
		{"repeated grade", map[string]any{"grades": "3,3"}, []violation{{"grade_repeated", "grades", "3", ""}}},
		{"force without reset", map[string]any{"forceChange": true}, []violation{{"force_without_reset", "forceChange", "", ""}}},
		{"everything at once", map[string]any{"psuCode": "902", "campusCodes": "ABC12, 77X777, 90T001, 90T001",
			"grades": "14, x, 4, 4", "forceChange": true}, []violation{
			{"psu_other_district", "psuCode", "902", ""},
			{"campus_format", "campusCodes", "ABC12", ""},
			{"campus_repeated", "campusCodes", "90T001", ""},
			{"campus_unknown", "campusCodes", "77X777", ""},
			{"grade_unknown", "grades", "14", ""},
			{"grade_unknown", "grades", "x", ""},
			{"grade_repeated", "grades", "4", ""},
			{"force_without_reset", "forceChange", "", ""},
		}},
	} {
		r := w.distC.Do(http.MethodPost, regenDryRunPath, regenBody(tt.extra))
		if r.Status != http.StatusUnprocessableEntity || r.Code() != "regeneration_rules" {
			t.Errorf("%s: got %d %s, want 422 regeneration_rules", tt.name, r.Status, r.Raw)
			continue
		}
		got := violationsOf(t, r)
		var bare []violation
		for _, v := range got {
			if v.Message == "" {
				t.Errorf("%s: %s has no message", tt.name, v.Rule)
			}
			if v.Value != "" && !strings.Contains(v.Message, v.Value) {
				t.Errorf("%s: message %q does not name %q", tt.name, v.Message, v.Value)
			}
			bare = append(bare, violation{v.Rule, v.Field, v.Value, ""})
		}
		if !reflect.DeepEqual(bare, tt.want) {
			t.Errorf("%s: got %+v, want %+v", tt.name, bare, tt.want)
		}
	}
	r := w.distC.Do(http.MethodPost, regenDryRunPath, regenBody(map[string]any{"grades": "14"}))
	if v := violationsOf(t, r); len(v) != 1 || v[0].Message != "Grade 14 is not a grade code: use -5 to 13, or -9 for ungraded." {
		t.Errorf("grade 14's message: %s", r.Raw)
	}
	if after := w.state(t); after != before {
		t.Errorf("a refused dry run changed something:\n%s\n%s", before, after)
	}
}

func TestRegenDryRunPolicyAndMalformedRequests(t *testing.T) {
	w := newRegenWorld(t)
	audits := func() string {
		return w.h.Text(`select count(*)::text from audit_events where action = 'regeneration_dry_run' and outcome = 'refused'`)
	}
	for _, tt := range []struct {
		name   string
		status int
		code   string
		got    func() (int, string)
	}{
		{"school admin", 403, "not_allowed", func() (int, string) {
			r := w.adminC.Do(http.MethodPost, regenDryRunPath, regenBody(nil))
			return r.Status, r.Code()
		}},
		{"teacher", 403, "not_allowed", func() (int, string) {
			r := w.teacherC.Do(http.MethodPost, regenDryRunPath, regenBody(map[string]any{"grades": "14"}))
			return r.Status, r.Code()
		}},
		{"stale second factor", 403, "second_factor_stale", func() (int, string) {
			cookie, csrf := w.staleClient(t, w.distAdm)
			r := w.h.Client().Do(http.MethodPost, regenDryRunPath, regenBody(nil), "Cookie", cookie, "X-CSRF-Token", csrf)
			return r.Status, r.Code()
		}},
	} {
		before := audits()
		if status, code := tt.got(); status != tt.status || code != tt.code {
			t.Errorf("%s: got %d %s, want %d %s", tt.name, status, code, tt.status, tt.code)
		}
		if after := audits(); after == before {
			t.Errorf("%s: the refusal was not audited", tt.name)
		}
	}
	before := w.state(t)
	for _, tt := range []struct {
		name string
		body any
		code string
	}{
		{"unknown field", regenBody(map[string]any{"schools": "all"}), ""},
		{"psu missing", map[string]any{"alsoReset": false, "forceChange": false}, "missing_field"},
		{"alsoReset missing", map[string]any{"psuCode": "901", "forceChange": false}, "missing_field"},
		{"grades as a number", regenBody(map[string]any{"grades": 3}), ""},
		{"not JSON", "{", ""},
		{"psu too long", regenBody(map[string]any{"psuCode": strings.Repeat("9", 17)}), "too_long"},
		{"campus list too long", regenBody(map[string]any{"campusCodes": strings.Repeat("90T001,", 286)}), "too_long"},
		{"comments too long", regenBody(map[string]any{"comments": strings.Repeat("x", 1001)}), "too_long"},
	} {
		r := w.distC.Do(http.MethodPost, regenDryRunPath, tt.body)
		if r.Status != http.StatusBadRequest || tt.code != "" && r.Code() != tt.code {
			t.Errorf("%s: got %d %s, want 400 %s", tt.name, r.Status, r.Raw, tt.code)
		}
	}
	if r := w.h.Client().Do(http.MethodPost, regenDryRunPath, regenBody(nil)); r.Status != http.StatusUnauthorized {
		t.Errorf("signed out: got %d %s", r.Status, r.Raw)
	}
	if after := w.state(t); after != before {
		t.Errorf("a malformed request changed something:\n%s\n%s", before, after)
	}
}
