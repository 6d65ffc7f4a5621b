// Command portal-bench runs the portal's benchmarks against the real server
// process and prints every figure with its target.
//
//	portal-bench [-server bin/portal] [-duration 10s] [-out bench-results.json] [-only 1,2,3] [-rounds 1]
//	             [-profile signin.pprof] [-smoke]
//
// It builds nothing: it starts the given server binary (`portal serve`) with a
// fresh temporary data folder (embedded PostgreSQL), the demo district, its
// test API (PORTAL_TEST_API: the benchmarks create their own students with one
// known password; acceptable because the server is a throwaway), free ports
// (its metrics on one of their own, PORTAL_METRICS_ADDR) and the production
// hash parameters, waits for /readyz and its metrics, runs the benchmarks,
// stops the server with SIGTERM and removes the folder. The server
// never outlives it: the kernel kills the server when the bench dies
// (Pdeathsig on Linux), and Ctrl-C or SIGTERM stop the server first.
//
// The benchmarks:
//
//  1. Raw argon2id hashes per second with the production parameters, GOMAXPROCS
//     goroutines in this process while the server is idle, then password
//     sign-ins per second through the server with enough clients to keep every
//     core busy, then the raw rate again. The clients sign in as twice as many
//     created students in turn, so no account nears the sign-in throttle.
//     Target: sign-ins/s ≥ 90 % of the mean raw rate (the two raw phases
//     bracket the sign-ins, so a drifting machine does not bias the share;
//     -rounds N alternates the phases N times).
//  2. Authenticated GET /api/v1/me/account from 64 concurrent clients.
//     Targets: ≥ 4,000 requests/s in all, p99 ≤ 20 ms.
//  3. 1,000 simultaneous sign-ins while /healthz is polled every 20 ms: 100
//     created students with 7 right and 2 wrong passwords each (9 in flight,
//     under the throttle's 10), 100 unknown usernames. Targets: the server's
//     peak resident memory ≤ 300 MB, /healthz p99 ≤ 100 ms with no failure.
//
// -profile FILE turns the server's profiler on (PORTAL_PPROF, on the metrics
// address only) and saves a CPU profile of the first sign-in phase to FILE:
// `go tool pprof -top bin/portal FILE`.
//
// -smoke runs every benchmark for about a second with a burst of 50, writes no
// results file unless -out is given, and is what `make test` runs: it proves
// the bench still starts the server and measures, its figures mean little.
//
// A missed target is reported, not fatal: the exit status is 0 whenever every
// figure was measured, so the numbers are always printed and written (as JSON
// to -out). It is 1 when the server could not be started or a benchmark could
// not be measured at all, and 2 for bad flags.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"time"
)

type options struct {
	server         string
	duration       time.Duration
	hashDuration   time.Duration
	out            string
	signInClients  int
	accountClients int
	burst          int
	healthEvery    time.Duration
	startupTimeout time.Duration
	keep           bool
	only           string
	rounds         int
	profile        string
	smoke          bool
}

func main() {
	os.Exit(run())
}

// applySmoke shortens every flag the command line left at its default.
func (o *options) applySmoke() {
	set := map[string]bool{}
	flag.Visit(func(f *flag.Flag) { set[f.Name] = true })
	for name, apply := range map[string]func(){
		"duration":        func() { o.duration = time.Second },
		"hash-duration":   func() { o.hashDuration = time.Second },
		"burst":           func() { o.burst = 50 },
		"account-clients": func() { o.accountClients = 8 },
		"out":             func() { o.out = "" },
	} {
		if !set[name] {
			apply()
		}
	}
}

func run() int {
	var o options
	flag.StringVar(&o.server, "server", "bin/portal", "the portal server binary to start (`portal serve`)")
	flag.DurationVar(&o.duration, "duration", 10*time.Second, "how long each load phase runs (sign-ins, account reads)")
	flag.DurationVar(&o.hashDuration, "hash-duration", 8*time.Second, "how long the raw argon2id measurement runs")
	flag.StringVar(&o.out, "out", "bench-results.json", "where to write the results as JSON (empty: nowhere)")
	flag.IntVar(&o.signInClients, "signin-clients", 8*runtime.GOMAXPROCS(0), "concurrent clients of the sign-in throughput benchmark")
	flag.IntVar(&o.accountClients, "account-clients", 64, "concurrent clients of the account-read benchmark")
	flag.IntVar(&o.burst, "burst", 1000, "simultaneous sign-ins of the burst benchmark")
	flag.DurationVar(&o.healthEvery, "health-interval", 20*time.Millisecond, "how often /healthz is polled during the burst")
	flag.DurationVar(&o.startupTimeout, "startup-timeout", 3*time.Minute, "how long to wait for the server to be ready")
	flag.BoolVar(&o.keep, "keep", false, "keep the temporary folder (server logs, database) and print where it is")
	flag.StringVar(&o.only, "only", "1,2,3", "which benchmarks to run, by number")
	flag.IntVar(&o.rounds, "rounds", 1, "benchmark 1: alternate sign-in and raw-hash phases this many times (evens out a noisy machine)")
	flag.StringVar(&o.profile, "profile", "", "save a CPU profile of the server during the first sign-in phase to this file")
	flag.BoolVar(&o.smoke, "smoke", false, "a few seconds in all: checks the bench works, the figures mean little (make test)")
	flag.Parse()
	if o.smoke {
		o.applySmoke()
	}
	selected := map[string]bool{}
	for _, n := range strings.Split(o.only, ",") {
		selected[strings.TrimSpace(n)] = true
	}
	if flag.NArg() > 0 || !(selected["1"] || selected["2"] || selected["3"]) || o.duration <= 0 || o.hashDuration <= 0 || o.signInClients < 1 ||
		o.accountClients < 1 || o.burst < 1 || o.healthEvery <= 0 || o.rounds < 1 {
		flag.Usage()
		return 2
	}

	// Ctrl-C, SIGTERM or SIGHUP end the benchmarks early; the deferred stop
	// below still stops the server before we exit.
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer cancel()

	report := newReport(o)
	fmt.Printf("portal-bench: starting %s (fresh data folder, demo district, test API, production hash parameters)...\n", o.server)
	srv, err := startServer(ctx, o.server, o.startupTimeout, o.profile != "")
	if err != nil {
		fmt.Fprintln(os.Stderr, "portal-bench:", err)
		return 1
	}
	defer func() {
		if err := srv.stop(30 * time.Second); err != nil {
			fmt.Fprintln(os.Stderr, "portal-bench: stop server:", err)
		}
		if o.keep {
			fmt.Printf("portal-bench: kept %s (server.log, server.out, data/)\n", srv.dir)
		} else {
			srv.removeDir()
		}
	}()
	report.Server = serverInfo{Binary: srv.path, PID: srv.pid, URL: srv.base, MetricsURL: srv.metrics, StartupSeconds: srv.startup.Seconds()}
	fmt.Printf("portal-bench: server pid %d ready at %s (metrics %s) after %.1f s; GOMAXPROCS %d, %d CPUs\n\n",
		srv.pid, srv.base, srv.metrics, srv.startup.Seconds(), runtime.GOMAXPROCS(0), runtime.NumCPU())
	if o.smoke {
		fmt.Print("portal-bench: smoke run: every phase is about a second, so the figures below are not meaningful\n\n")
	}

	b := &bench{o: o, srv: srv}
	for _, step := range []struct {
		num, name string
		fn        func(context.Context) benchResult
	}{
		{"1", "1. Sign-in throughput against raw argon2id", b.signInThroughput},
		{"2", "2. Authenticated GET /api/v1/me/account", b.accountReads},
		{"3", "3. Burst of simultaneous sign-ins", b.signInBurst},
	} {
		if ctx.Err() != nil {
			break
		}
		if !selected[step.num] {
			continue
		}
		report.want++
		fmt.Println(step.name)
		r := step.fn(ctx)
		r.Name = step.name
		if r.Error == "" && ctx.Err() != nil {
			r.Error = "interrupted"
		}
		if r.Error == "" && srv.exitedEarly() {
			r.Error = "the server exited during the benchmark (see its log)"
		}
		r.print()
		report.Benchmarks = append(report.Benchmarks, r)
		fmt.Println()
	}

	code := report.finish()
	report.printSummary()
	if o.out != "" {
		if err := report.write(o.out); err != nil {
			fmt.Fprintln(os.Stderr, "portal-bench:", err)
			code = 1
		} else {
			fmt.Printf("portal-bench: results written to %s\n", o.out)
		}
	}
	if ctx.Err() != nil {
		fmt.Fprintln(os.Stderr, "portal-bench: interrupted")
		code = 1
	}
	if srv.exitedEarly() {
		fmt.Fprintf(os.Stderr, "portal-bench: the server exited early: %v\n%s", srv.waitErr, srv.logTail(20))
	}
	return code
}
