package postgres_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/schoolpass/portal/backend/internal/accounts"
	"github.com/schoolpass/portal/backend/internal/policy"
)

func defaultSettings() policy.Settings { return policy.DefaultSettings() }

// insertStudent adds a district, a school and one grade-7 student with password.
func insertStudent(t *testing.T, pool *pgxpool.Pool, h *accounts.Hasher, password string) string {
	t.Helper()
	ctx := context.Background()
	hash, err := h.Hash(ctx, password)
	if err != nil {
		t.Fatal(err)
	}
	var id string
	err = pool.QueryRow(ctx, `
		with d as (insert into districts (psu_code, name) values ('902', 'Test') returning id),
		     s as (insert into schools (district_id, campus_code, display_code, name)
		           select id, '90T002', 'T002', 'Test School' from d returning id)
		insert into students (school_id, student_number, username, email, first_name, last_name, grade,
			date_of_birth, password_hash)
		select s.id, '123456789', 'robinq1234', 'robin@students.test.example', 'Robin', 'Quill', 7,
			'2014-03-14', $1 from s
		returning id`, hash).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}
