package testapi_test

import (
	"testing"

	"github.com/schoolpass/portal/backend/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }
