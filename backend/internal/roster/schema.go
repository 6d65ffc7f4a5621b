package roster

// File names of the set, as OneRoster 1.1 names them.
const (
	fileManifest = "manifest.csv"
	fileOrgs     = "orgs.csv"
	fileSessions = "academicSessions.csv"
	fileClasses  = "classes.csv"
	fileUsers    = "users.csv"
	fileEnrol    = "enrollments.csv"
	// fileDemographics is optional: read when present, for students' dates of birth.
	fileDemographics = "demographics.csv"
)

// columns are the header of a file as the OneRoster 1.1 CSV binding lists it; required
// columns must be in the header and non-empty on every row. Columns the portal does not
// use are listed so their absence is not an error; columns beyond these are ignored.
type column struct {
	name     string
	required bool
}

var headers = map[string][]column{
	fileManifest: {{"propertyName", true}, {"value", true}},
	fileOrgs: {
		{"sourcedId", true}, {"status", false}, {"dateLastModified", false},
		{"name", true}, {"type", true}, {"identifier", false}, {"parentSourcedId", false},
	},
	fileSessions: {
		{"sourcedId", true}, {"status", false}, {"dateLastModified", false},
		{"title", true}, {"type", true}, {"startDate", true}, {"endDate", true},
		{"parentSourcedId", false}, {"schoolYear", true},
	},
	fileClasses: {
		{"sourcedId", true}, {"status", false}, {"dateLastModified", false},
		{"title", true}, {"grades", false}, {"courseSourcedId", true}, {"classCode", false},
		{"classType", true}, {"location", false}, {"schoolSourcedId", true},
		{"termSourcedIds", true}, {"subjects", false}, {"subjectCodes", false}, {"periods", false},
	},
	fileUsers: {
		{"sourcedId", true}, {"status", false}, {"dateLastModified", false},
		{"enabledUser", true}, {"orgSourcedIds", true}, {"role", true}, {"username", true},
		{"userIds", false}, {"givenName", true}, {"familyName", true}, {"middleName", false},
		{"identifier", false}, {"email", false}, {"sms", false}, {"phone", false},
		{"agentSourcedIds", false}, {"grades", false}, {"password", false},
	},
	fileDemographics: {
		{"sourcedId", true}, {"status", false}, {"dateLastModified", false},
		{"birthDate", false}, {"sex", false},
	},
	fileEnrol: {
		{"sourcedId", true}, {"status", false}, {"dateLastModified", false},
		{"classSourcedId", true}, {"schoolSourcedId", true}, {"userSourcedId", true},
		{"role", true}, {"primary", false}, {"beginDate", false}, {"endDate", false},
	},
}

// Enumerations of OneRoster 1.1.
var (
	orgTypes     = enum("department", "school", "district", "local", "state", "national")
	sessionTypes = enum("calendar", "gradingPeriod", "semester", "schoolYear", "term")
	classTypes   = enum("homeroom", "scheduled")
	userRoles    = enum("administrator", "aide", "guardian", "parent", "proctor", "relative", "student", "teacher")
	enrolRoles   = enum("administrator", "proctor", "student", "teacher")
	statuses     = enum("active", "tobedeleted")
	booleans     = enum("true", "false")
)

// enumSet is an enumeration; values maps each value to itself so a row's value can be
// replaced by the set's copy, and not keep its CSV line alive.
type enumSet struct {
	values map[string]string
	list   string
}

func enum(values ...string) enumSet {
	e := enumSet{values: make(map[string]string, len(values))}
	for i, v := range values {
		e.values[v] = v
		if i > 0 {
			e.list += ", "
		}
		e.list += v
	}
	return e
}
