// Package housekeeping runs the portal's periodic clean-up as River jobs:
// data that has served its purpose is removed on a schedule, so tables that
// strangers can add rows to (attempt counters of typed usernames) stay small.
package housekeeping
