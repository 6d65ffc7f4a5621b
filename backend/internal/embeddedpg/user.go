package embeddedpg

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// osUser is the unprivileged account postgres runs as when we are root.
type osUser struct {
	name     string
	uid, gid int
}

// serverUser returns nil when the process is not root: postgres then simply
// runs as us. As root it returns the postgres account, or nobody, because
// initdb and postgres refuse to run as root.
func serverUser() (*osUser, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, errU := strconv.Atoi(u.Uid)
		gid, errG := strconv.Atoi(u.Gid)
		if errU != nil || errG != nil {
			continue
		}
		return &osUser{name: name, uid: uid, gid: gid}, nil
	}
	return nil, errors.New("running as root, but PostgreSQL refuses to run as root and there is " +
		"neither a postgres nor a nobody user to run it as; create one (useradd --system postgres)")
}

// credential drops root's supplementary groups too: an empty Groups list
// makes the child call setgroups with no groups.
func (u *osUser) credential() *syscall.Credential {
	return &syscall.Credential{Uid: uint32(u.uid), Gid: uint32(u.gid)}
}

// ensureReachable checks that u can pass through every folder from / down
// to path. A folder that blocks the way is opened for passing through
// (o+x: enter, not list) only when mayOpen allows it; otherwise the error
// says what the person can do.
func ensureReachable(path string, u *osUser, mayOpen func(string) bool, logger *slog.Logger) error {
	var chain []string
	for d := filepath.Clean(path); ; d = filepath.Dir(d) {
		chain = append(chain, d)
		if d == filepath.Dir(d) {
			break
		}
	}
	for i := len(chain) - 1; i >= 0; i-- {
		d := chain[i]
		fi, err := os.Stat(d)
		if err != nil {
			return err
		}
		if searchable(fi, u) {
			continue
		}
		if mayOpen != nil && mayOpen(d) {
			keep := fi.Mode() & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky)
			if err := os.Chmod(d, keep|0o001); err != nil {
				return err
			}
			if logger != nil {
				logger.Debug("embedded postgres: let the server's user pass through a folder", "folder", d, "user", u.name)
			}
			continue
		}
		return fmt.Errorf("PostgreSQL runs as user %q here (it refuses to run as root), and that user cannot "+
			"pass through %s (mode %s) to reach %s. Move the checkout or data folder out of %s, "+
			"or allow passing through with `chmod o+x %s`, or use an external PostgreSQL server",
			u.name, d, fi.Mode(), path, d, d)
	}
	return nil
}

// searchable applies the kernel's rule: the owner bits if u owns the
// folder, else the group bits if its group is u's, else the other bits.
// (ACLs are ignored; a folder they open is merely reported.)
func searchable(fi fs.FileInfo, u *osUser) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return true
	}
	perm := fi.Mode().Perm()
	switch {
	case int(st.Uid) == u.uid:
		return perm&0o100 != 0
	case int(st.Gid) == u.gid:
		return perm&0o010 != 0
	default:
		return perm&0o001 != 0
	}
}

// ownFolders says which folders on the way to dataDir we may open for
// passing through: those of the checkout that holds it (found by its go.work
// or .git; `make run` keeps data there) and the private folders of the temp
// dir (tests' t.TempDir() is 0700). These hold only the project's own files,
// so letting another local user enter them (not list them) costs nothing.
// A home directory such as /root, or any folder outside, is never changed:
// that is the owner's decision, and the error says so.
func ownFolders(dataDir string) func(string) bool {
	checkout := checkoutRoot(dataDir)
	tmp := filepath.Clean(os.TempDir())
	home, _ := os.UserHomeDir()
	return func(d string) bool {
		if d == home || d == "/" {
			return false
		}
		return (checkout != "" && within(d, checkout)) || (d != tmp && within(d, tmp))
	}
}

func checkoutRoot(dir string) string {
	for d := dir; ; d = filepath.Dir(d) {
		for _, marker := range []string{"go.work", ".git"} {
			if _, err := os.Stat(filepath.Join(d, marker)); err == nil {
				return d
			}
		}
		if d == filepath.Dir(d) {
			return ""
		}
	}
}

func within(path, root string) bool {
	return path == root || strings.HasPrefix(path, root+string(filepath.Separator))
}
