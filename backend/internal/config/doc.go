// Package config loads the portal's one Config from the environment. It is
// passed down explicitly, never kept in a global.
package config
