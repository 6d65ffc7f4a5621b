// Package demo builds the demonstration district that `make run` seeds into an empty
// database: two schools, their classes and staff, about 300 students, a guardian and a
// parent access code, with a handful of named sign-ins whose secrets are fixed so a person
// can try every path of the portal.
//
// The package is pure: [Build] draws names and numbers from the random source it is given
// (seeded for reproducible data) and does no I/O. Storing the data set, hashing the named
// secrets and generating the other students' school default passwords belong to the
// caller (postgres.SeedDemo).
package demo
