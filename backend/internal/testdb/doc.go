// Package testdb gives each database test its own fresh, fully migrated
// PostgreSQL database, so tests can run in parallel and never see each
// other's rows.
//
// The first use in a test binary picks a server: the one TEST_DATABASE_URL
// names (a database on a server where we may CREATE DATABASE), or else a
// private embeddedpg server in a temp folder, tuned for speed over
// durability. It then migrates one template database; every New or URL
// clones it with CREATE DATABASE ... TEMPLATE, which copies files instead
// of replaying migrations, and drops the clone when the test ends.
//
// A package's TestMain should call Main, so the server is stopped and a
// template on a shared server is dropped when the tests are done.
package testdb
