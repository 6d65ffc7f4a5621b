package httpapi_test

import "github.com/schoolpass/portal/backend/internal/apitest"

// studentSecrets is every student's stored password, must-change flag and token version, to
// show that a refusal changed nothing.
func studentSecrets(h *apitest.Harness) string {
	return h.Text(`select string_agg(id || coalesce(password_hash, '') || encode(coalesce(default_password_sealed, ''), 'hex')
		|| must_change_password::text || token_version::text, ',' order by id) from students`)
}
