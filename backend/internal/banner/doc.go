// Package banner holds the lines `portal serve` prints that other programs
// read back (where the portal listens, where its metrics are), with their
// parsers, so the benchmark and the tests that start the server read an
// address exactly the way the server writes it: a change of wording that a
// parser no longer understands fails this package's tests, not a benchmark
// run weeks later.
package banner
