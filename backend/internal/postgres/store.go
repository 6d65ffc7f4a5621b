package postgres

// SelfService is the storage of the student's own flows: students, their
// recovery secrets and counters, in transactions of one DB.
type SelfService struct {
	*DB
	*Students
	*Recovery
}

// NewSelfService returns the self-service store on db.
func NewSelfService(db *DB) *SelfService {
	return &SelfService{DB: db, Students: &Students{DB: db}, Recovery: &Recovery{DB: db}}
}
