package postgres

// SearchSQL exposes the search query to the tests that EXPLAIN it.
var SearchSQL = searchSQL
