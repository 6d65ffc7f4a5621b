// Command testop is the OpenID provider of the end-to-end suite: zitadel/oidc's example
// provider (package testop) on a loopback address, with one client for the portal. Tests
// add the people who can sign in with POST /test/users. It is built beside the portal by
// `make build`, never into it, and needs no network beyond loopback.
//
//	testop -addr 127.0.0.1:0 -client-id portal -client-secret s3cret \
//	  -redirect-url http://127.0.0.1:8080/api/v1/staff/sso/callback
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/schoolpass/portal/backend/internal/testop"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "testop:", err)
		os.Exit(1)
	}
}

func run() error {
	addr := flag.String("addr", "127.0.0.1:0", "loopback address to listen on")
	clientID := flag.String("client-id", "portal", "the portal's client id")
	secret := flag.String("client-secret", "", "the portal's client secret")
	redirect := flag.String("redirect-url", "", "the portal's callback address")
	flag.Parse()
	if *secret == "" || *redirect == "" {
		return errors.New("-client-secret and -redirect-url are required")
	}
	host, _, err := net.SplitHostPort(*addr)
	if err != nil || !(host == "localhost" || strings.HasPrefix(host, "127.") || host == "::1") {
		return fmt.Errorf("-addr %q: want a loopback address such as 127.0.0.1:0", *addr)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	issuer := "http://" + ln.Addr().String()
	op := testop.New(issuer, testop.Options{ClientID: *clientID, ClientSecret: *secret, RedirectURL: *redirect})
	mux := http.NewServeMux()
	mux.HandleFunc("POST /test/users", func(w http.ResponseWriter, r *http.Request) {
		var u testop.User
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4096)).Decode(&u); err != nil || u.Username == "" || u.Password == "" {
			http.Error(w, "want {username, password, email, emailVerified}", http.StatusBadRequest)
			return
		}
		op.AddUser(u)
		w.WriteHeader(http.StatusCreated)
	})
	mux.Handle("/", op.Handler)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	fmt.Printf("testop: listening on %s\n", issuer)

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		<-stop
		_ = srv.Close()
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
