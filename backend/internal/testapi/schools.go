package testapi

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// SchoolRequest is the body of POST /api/test/schools; the name is optional.
type SchoolRequest struct {
	Name string `json:"name"`
}

// School is what POST /api/test/schools answers: a new empty school of the test district.
type School struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	CampusCode string `json:"campusCode"`
}

// CreateSchool makes an empty school in the district of the first school. Its campus code
// starts with "ZZ" so it sorts after the schools of the seed: the first school, where
// students and staff go by default, stays the same.
func (cr *Creator) CreateSchool(ctx context.Context, r SchoolRequest) (School, error) {
	name := strings.TrimSpace(r.Name)
	if utf8.RuneCountInString(name) > maxNameLength {
		return School{}, &InputError{Message: fmt.Sprintf("a school name has at most %d characters", maxNameLength)}
	}
	for try := 0; ; try++ {
		campus := "ZZ" + rand.Text()[:4]
		if strings.TrimSpace(r.Name) == "" {
			name = "Test School " + campus[2:]
		}
		id, err := cr.Store.CreateTestSchool(ctx, campus, name)
		if errors.Is(err, ErrConflict) && try < 5 {
			continue
		}
		if err != nil {
			return School{}, err
		}
		return School{ID: id, Name: name, CampusCode: campus}, nil
	}
}
