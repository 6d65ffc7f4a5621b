package config

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// EnsureKeys fills in keys missing from the environment from a file in the
// data folder, generating them on first use. It lets `make run` work with no
// setup; a deployment with several instances sets the variables instead.
func (c *Config) EnsureKeys() (generated bool, err error) {
	if len(c.SessionKeys) > 0 && len(c.DataKeys) > 0 {
		return false, nil
	}
	path := filepath.Join(c.DataDir, "keys.json")
	var stored struct {
		Session []byte `json:"session"`
		Data    []byte `json:"data"`
	}
	b, err := os.ReadFile(path)
	switch {
	case err == nil:
		if err := json.Unmarshal(b, &stored); err != nil || len(stored.Session) != 32 || len(stored.Data) != 32 {
			return false, fmt.Errorf("%s is damaged; remove it to generate new keys", path)
		}
	case errors.Is(err, fs.ErrNotExist):
		stored.Session, stored.Data = make([]byte, 32), make([]byte, 32)
		rand.Read(stored.Session)
		rand.Read(stored.Data)
		b, _ := json.Marshal(stored)
		if err := os.MkdirAll(c.DataDir, 0o755); err != nil {
			return false, err
		}
		if err := os.WriteFile(path, b, 0o600); err != nil {
			return false, fmt.Errorf("write generated keys: %w", err)
		}
		generated = true
	default:
		return false, err
	}
	if len(c.SessionKeys) == 0 {
		c.SessionKeys = []Key{{ID: "local-1", Secret: stored.Session}}
	}
	if len(c.DataKeys) == 0 {
		c.DataKeys = []Key{{ID: "local-1", Secret: stored.Data}}
	}
	return generated, nil
}
