package apitest

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/schoolpass/portal/backend/internal/policy"
	"github.com/schoolpass/portal/backend/internal/staff"
)

// StaffCookieName is the staff session cookie of a portal served over plain http.
const StaffCookieName = "portal_staff"

// StaffMember is a staff account created for one test. TOTPSecret is its enrolled
// authenticator secret (empty until enrolled); SignInStaff keeps it and the last time
// step used, so sign-ins in a row never replay a code.
type StaffMember struct {
	ID         string
	Email      string
	Password   string
	FirstName  string
	LastName   string
	Role       policy.StaffRole
	SchoolID   string
	DistrictID string
	TOTPSecret string
	lastStep   int64
}

// StaffClass is an official class of a teacher, with its students.
type StaffClass struct {
	Number     string
	StudentIDs []string
}

// StaffOpts shape a new staff member; zero values get a teacher of the test school with
// an authenticator enrolled.
type StaffOpts struct {
	Role policy.StaffRole
	// SchoolID defaults to the test school; a district admin has none.
	SchoolID string
	// OtherDistrict puts the staff member (and their school) in a second district.
	OtherDistrict bool
	Classes       []StaffClass
	// NotEnrolled leaves the account without a second factor: the first sign-in enrols.
	NotEnrolled bool
	Title       string
}

// Staff creates a staff member written straight to the database; unless NotEnrolled, with
// an authenticator whose secret is sealed as the portal seals it.
func (h *Harness) Staff(o StaffOpts) *StaffMember {
	h.T.Helper()
	if o.Role == "" {
		o.Role = policy.RoleTeacher
	}
	n := seq.Add(1)
	m := &StaffMember{Email: fmt.Sprintf("staff%d@district.test.example", n), Password: "Chalkboard-Otter-63",
		FirstName: "Avery", LastName: fmt.Sprintf("Staffer%c", 'a'+n%26), Role: o.Role}
	schoolID := o.SchoolID
	if schoolID == "" {
		if o.OtherDistrict {
			schoolID = h.otherSchool()
		} else {
			schoolID = h.school()
		}
	}
	if err := h.Pool.QueryRow(context.Background(), `select district_id from schools where id = $1`, schoolID).
		Scan(&m.DistrictID); err != nil {
		h.T.Fatalf("staff school: %v", err)
	}
	var school any = schoolID
	if o.Role == policy.RoleDistrictAdmin {
		school = nil
	} else {
		m.SchoolID = schoolID
	}
	err := h.Pool.QueryRow(context.Background(), `insert into staff (district_id, school_id, role, email, first_name,
		last_name, title, password_hash) values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
		m.DistrictID, school, string(o.Role), m.Email, m.FirstName, m.LastName, o.Title,
		h.hash(policy.NormalizePassword(m.Password))).Scan(&m.ID)
	if err != nil {
		h.T.Fatalf("insert staff: %v", err)
	}
	for _, class := range o.Classes {
		var classID string
		if err := h.Pool.QueryRow(context.Background(), `insert into classes (school_id, class_number, name)
			values ($1, $2, $2) on conflict (school_id, class_number) do update set name = excluded.name returning id`,
			schoolID, class.Number).Scan(&classID); err != nil {
			h.T.Fatalf("insert class: %v", err)
		}
		h.exec(`insert into class_teachers (class_id, staff_id) values ($1, $2)`, classID, m.ID)
		for _, st := range class.StudentIDs {
			h.exec(`insert into class_enrollments (class_id, student_id) values ($1, $2) on conflict do nothing`, classID, st)
		}
	}
	if !o.NotEnrolled {
		h.EnrolTOTP(m)
	}
	return m
}

// EnrolTOTP gives m an authenticator straight in the database, as a confirmed enrolment
// would.
func (h *Harness) EnrolTOTP(m *StaffMember) {
	h.T.Helper()
	key, err := totp.Generate(totp.GenerateOpts{Issuer: "Test", AccountName: m.Email})
	if err != nil {
		h.T.Fatal(err)
	}
	sealed, keyID, err := h.Portal.Sealer.Seal(key.Secret(), staff.TOTPAD(m.ID))
	if err != nil {
		h.T.Fatal(err)
	}
	h.exec(`update staff set totp_sealed = $2, totp_key_id = $3, totp_enrolled_at = now() where id = $1`, m.ID, sealed, keyID)
	m.TOTPSecret = key.Secret()
}

// otherSchool returns a school of a second district, made on first use.
func (h *Harness) otherSchool() string {
	h.T.Helper()
	h.school()
	var id string
	err := h.Pool.QueryRow(context.Background(), `select s.id from schools s join districts d on d.id = s.district_id
		where d.psu_code = '902'`).Scan(&id)
	if err == nil {
		return id
	}
	var districtID string
	if err := h.Pool.QueryRow(context.Background(),
		`insert into districts (psu_code, name) values ('902', 'Other District') returning id`).Scan(&districtID); err != nil {
		h.T.Fatalf("insert district: %v", err)
	}
	if err := h.Pool.QueryRow(context.Background(), `insert into schools (district_id, campus_code, display_code, name)
		values ($1, '90T902', 'T902', 'Other Middle School') returning id`, districtID).Scan(&id); err != nil {
		h.T.Fatalf("insert school: %v", err)
	}
	return id
}

// NextCode returns an authenticator code of m's secret for a time step newer than the last
// one this helper used, waiting for the next step when the window the portal accepts (one
// step either side of now) has none left. The portal never accepts a step twice. The step
// before now is used only while more than 5 seconds of the current step remain, since the
// portal stops accepting it when the current step ends.
func (m *StaffMember) NextCode() (string, error) {
	for {
		now := time.Now()
		current := now.Unix() / 30
		for _, step := range []int64{current - 1, current, current + 1} {
			if step <= m.lastStep || (step < current && time.Unix((current+1)*30, 0).Sub(now) < 5*time.Second) {
				continue
			}
			code, err := totp.GenerateCodeCustom(m.TOTPSecret, time.Unix(step*30, 0), totp.ValidateOpts{
				Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
			if err != nil {
				return "", err
			}
			m.lastStep = step
			return code, nil
		}
		time.Sleep(time.Until(time.Unix((current+1)*30, 0)))
	}
}

// SignInStaff runs a whole staff sign-in for m: password, then an authenticator code, or,
// for an account without a second factor, the enrolment (whose secret m keeps). It keeps
// the session's CSRF token and returns the final response (StaffSession, or StaffEnrolled
// after an enrolment); it fails the test unless every step succeeds.
func (c *Client) SignInStaff(m *StaffMember) Response {
	c.h.T.Helper()
	r := c.Expect(c.Do(http.MethodPost, "/api/v1/staff/session", map[string]string{"email": m.Email, "password": m.Password}), 200, "")
	c.CSRF = r.String("csrfToken")
	if r.String("step") == "enrol_totp" {
		e := c.Expect(c.Do(http.MethodPost, "/api/v1/staff/session/totp/enrol", nil), 200, "")
		m.TOTPSecret, m.lastStep = e.String("secret"), 0
		r = c.Expect(c.Do(http.MethodPost, "/api/v1/staff/session/totp/confirm", map[string]string{"code": c.code(m)}), 200, "")
		session, _ := r.Body["session"].(map[string]any)
		c.CSRF, _ = session["csrfToken"].(string)
		return r
	}
	r = c.Expect(c.Do(http.MethodPost, "/api/v1/staff/session/second-factor", map[string]string{"code": c.code(m)}), 200, "")
	c.CSRF = r.String("csrfToken")
	return r
}

func (c *Client) code(m *StaffMember) string {
	c.h.T.Helper()
	code, err := m.NextCode()
	if err != nil {
		c.h.T.Fatal(err)
	}
	return code
}
