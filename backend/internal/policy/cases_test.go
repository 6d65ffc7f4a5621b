package policy

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// passwordCase is one entry of testdata/password-cases.json: the shared test vectors of the
// password rules. The SPA's checklist (frontend/src/lib/password-rules.ts) is tested against the
// same file, so both agree with this package's verdict.
type passwordCase struct {
	Name     string   `json:"name"`
	Password string   `json:"password"`
	Username string   `json:"username"`
	Names    []string `json:"names"`
	// Want is every rule CheckPassword reports (SameAsCurrent false), in its order.
	Want []Rule `json:"want"`
}

func TestCheckPasswordSharedCases(t *testing.T) {
	data, err := os.ReadFile("testdata/password-cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []passwordCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatalf("testdata/password-cases.json: %v", err)
	}
	if len(cases) < 60 {
		t.Fatalf("got %d shared cases, want at least 60", len(cases))
	}
	seen := make(map[Rule]bool)
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			got := rules(CheckPassword(PasswordCandidate{Password: tc.Password, Username: tc.Username, Names: tc.Names}))
			if diff := cmp.Diff(tc.Want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("CheckPassword(%q, username %q, names %q) rules (-want +got):\n%s", tc.Password, tc.Username, tc.Names, diff)
			}
		})
		for _, r := range tc.Want {
			seen[r] = true
		}
	}
	// Every rule the SPA shows is exercised, with and without a violation.
	for _, r := range []Rule{RuleMinLength, RuleMaxLength, RuleLowercase, RuleUppercase, RuleDigit, RuleCommon, RuleContainsUsername, RuleContainsName} {
		if !seen[r] {
			t.Errorf("no shared case fails rule %s", r)
		}
	}
}
