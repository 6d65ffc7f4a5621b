package main

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"sync/atomic"
	"syscall"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/schoolpass/portal/backend/internal/accounts"
)

// Targets of the issue.
const (
	signInShareTarget = 90.0  // % of the raw hash rate
	accountRateTarget = 4000  // requests/s
	accountP99Target  = 20.0  // ms
	burstRSSTarget    = 300.0 // MB (10^6 bytes)
	healthP99Target   = 100.0 // ms
)

type bench struct {
	o   options
	srv *server
}

// 1. Raw argon2id hashes/s in this process (the server idle), then sign-ins/s
// through the server, then the raw rate again, all in the same run. The
// reference is the mean of the raw measurements around the sign-ins, so a
// machine whose speed drifts (a shared VM) does not bias the share. With
// -rounds N the sign-in and raw phases alternate N times and the figures are
// their totals, which evens out a noisy machine.
func (b *bench) signInThroughput(ctx context.Context) benchResult {
	var r benchResult
	setup := newClient(4, 30*time.Second)
	defer setup.CloseIdleConnections()
	students, err := timedStudents(ctx, &r, setup, b.srv.base, b.o.signInStudents())
	if err == nil {
		_, err = signIn(ctx, setup, b.srv.base, students[0])
	}
	if err != nil {
		r.Error = err.Error()
		return r
	}
	// The clients take the students in turn, so each student has about one
	// sign-in in flight, far from the throttle's limit.
	targets := make([]vegeta.Target, len(students))
	for i, c := range students {
		targets[i] = signInTarget(b.srv.base, c)
	}

	params := accounts.ProductionHashParams()
	procs := runtime.GOMAXPROCS(0)
	h := accounts.NewHasher(params, procs)
	hashRate(ctx, h, procs, time.Second) // warm-up: heap and CPU caches
	raws := []rawMeasure{b.rawPhase(ctx, h, procs)}

	// Enough clients that a hash slot of the server never waits for the next
	// request; the rest queue on the server's hashing limit.
	client := newClient(b.o.signInClients, 60*time.Second)
	defer client.CloseIdleConnections()
	var phases []*summary
	var uses []cpuUse
	var gcs int64 // the server's garbage collections during the sign-in phases
	for round := range b.o.rounds {
		if ctx.Err() != nil {
			return r
		}
		var profile *cpuProfile
		if round == 0 && b.o.profile != "" {
			profile = startCPUProfile(ctx, b.srv.metrics, b.o.profile, b.o.duration)
		}
		gc0, c0 := gcCycles(ctx, b.srv.metrics), takeCPU(b.srv.pid)
		s := runAttack(ctx, attacker(client, b.o.signInClients), vegeta.NewStaticTargeter(targets...),
			maxRate, b.o.duration, "signin", codeIs(http.StatusOK))
		c1, gc1 := takeCPU(b.srv.pid), gcCycles(ctx, b.srv.metrics)
		client.CloseIdleConnections()
		phases, uses = append(phases, s), append(uses, cpuBetween(c0, c1))
		if gc0 >= 0 && gc1 >= 0 && s.OK > 0 {
			gcs += gc1 - gc0
		}
		if profile != nil {
			if err := profile.wait(); err != nil {
				r.Error = err.Error()
				return r
			}
			r.info("CPU profile of sign-in phase 1 saved: go tool pprof -top %s %s", b.srv.path, b.o.profile)
		}
		raws = append(raws, b.rawPhase(ctx, h, procs))
	}
	var ok, requests int
	var wall time.Duration
	var use cpuUse
	for i, s := range phases {
		ok, requests, wall = ok+s.OK, requests+s.Requests, wall+s.wall()
		use.Server += uses[i].Server / float64(len(uses))
		use.Postgres += uses[i].Postgres / float64(len(uses))
		use.Bench += uses[i].Bench / float64(len(uses))
		use.Other += uses[i].Other / float64(len(uses))
		use.Steal += uses[i].Steal / float64(len(uses))
		use.ServerSys += uses[i].ServerSys / float64(len(uses))
		use.ServerFaults += uses[i].ServerFaults
	}
	signIns := 0.0
	if wall > 0 {
		signIns = float64(ok) / wall.Seconds()
	}
	// Trapezoid: the first and last raw phases each border one sign-in
	// phase, the others two.
	raw := 0.0
	for i, m := range raws {
		w := 1.0
		if i == 0 || i == len(raws)-1 {
			w = 0.5
		}
		raw += w * m.rate / float64(len(raws)-1)
	}
	first, last := raws[0], raws[len(raws)-1]

	r.ref("raw argon2id hashes/s before the sign-ins", first.rate, "/s", fmt.Sprintf(
		"t=%d m=%d KiB p=%d, %d goroutines in the bench for %.1f s, the server idle",
		params.Time, params.MemoryKiB, params.Threads, procs, first.elapsed.Seconds()))
	r.ref("password sign-ins/s through the server", signIns, "/s", fmt.Sprintf(
		"POST /api/v1/session as %d students in turn, %d clients for %.1f s: %d signed in, %d failed",
		len(students), b.o.signInClients, wall.Seconds(), ok, requests-ok))
	r.ref("raw argon2id hashes/s after the sign-ins", last.rate, "/s", "")
	r.atLeast("sign-ins/s ÷ mean raw hashes/s", share(signIns, raw), "%", signInShareTarget, fmt.Sprintf(
		"%.1f ÷ %.1f; against the raw rate before alone %.1f %%, after alone %.1f %%",
		signIns, raw, share(signIns, first.rate), share(signIns, last.rate)))
	for i, m := range raws {
		r.info("raw phase %d: %.1f hashes/s; %s", i+1, m.rate, m.cpu)
		if i < len(phases) {
			r.info("sign-in phase %d: %s", i+1, phases[i].describe())
			r.info("sign-in phase %d: %.1f sign-ins/s; %s", i+1, phases[i].okRate(), uses[i])
		}
	}
	if use.Server > 0 && first.cpu.Bench > 0 {
		rawPerCPU, n := 0.0, 0
		for _, m := range raws {
			if m.cpu.Bench > 0 {
				rawPerCPU += m.rate / m.cpu.Bench
				n++
			}
		}
		rawPerCPU /= float64(max(n, 1))
		r.info("per CPU-second: server %.1f sign-ins, bench %.1f raw hashes (%.1f %%); CPU per sign-in %.1f ms, per raw hash %.1f ms",
			signIns/use.Server, rawPerCPU, share(signIns/use.Server, rawPerCPU), 1000*use.Server/signIns, 1000/rawPerCPU)
	}
	if ok > 0 {
		r.info("server garbage collections: %d during the sign-in phases, %.2f per sign-in", gcs, float64(gcs)/float64(ok))
		var rawHashes, rawFaults int64
		var rawSys, rawCPU float64
		for _, m := range raws {
			rawHashes, rawFaults = rawHashes+m.hashes, rawFaults+m.cpu.BenchFaults
			rawSys, rawCPU = rawSys+m.cpu.BenchSys*m.elapsed.Seconds(), rawCPU+m.cpu.Bench*m.elapsed.Seconds()
		}
		r.info("in the kernel: server %.0f %% of its CPU, %.0f page faults per sign-in; bench %.0f %% of its raw hashing CPU, %.0f page faults per raw hash",
			share(use.ServerSys, use.Server), float64(use.ServerFaults)/float64(ok), share(rawSys, rawCPU), float64(rawFaults)/float64(max(rawHashes, 1)))
	}
	r.warnBusy(append(uses, first.cpu, last.cpu)...)
	var rawJSON []map[string]any
	for _, m := range raws {
		rawJSON = append(rawJSON, m.json())
	}
	var phaseJSON []map[string]any
	for i, s := range phases {
		phaseJSON = append(phaseJSON, map[string]any{"summary": s, "latency": s.latencyDetails(),
			"seconds": s.wall().Seconds(), "perSecond": s.okRate(), "cpu": uses[i]})
	}
	r.detail("rawHashes", map[string]any{"params": params, "goroutines": procs, "perSecond": raw, "phases": rawJSON})
	r.detail("signIns", map[string]any{"perSecond": signIns, "ok": ok, "requests": requests, "seconds": wall.Seconds(),
		"cpu": use, "phases": phaseJSON})
	if ok == 0 {
		r.Error = "no sign-in succeeded"
	}
	return r
}

func share(part, whole float64) float64 {
	if whole <= 0 {
		return 0
	}
	return 100 * part / whole
}

// warnBusy notes when other processes took a noticeable share of the CPU
// during a phase: the figures then understate what the portal can do.
func (r *benchResult) warnBusy(uses ...cpuUse) {
	for _, u := range uses {
		if u.Other >= 0.2 || u.Steal >= 0.2 {
			r.info("WARNING: other work on the machine used %.2f cores (steal %.2f) during a phase: "+
				"the figures are lower than on a quiet machine", u.Other, u.Steal)
			r.detail("machineBusy", true)
			return
		}
	}
}

// 2. GET /api/v1/me/account from many concurrent clients, each request with
// one of three students' sessions.
func (b *bench) accountReads(ctx context.Context) benchResult {
	var r benchResult
	setup := newClient(4, 30*time.Second)
	defer setup.CloseIdleConnections()
	url := b.srv.base + "/api/v1/me/account"
	var targets []vegeta.Target
	var logins []string
	for _, c := range namedStudents[:3] {
		cookie, err := signIn(ctx, setup, b.srv.base, c)
		if err == nil {
			err = get(ctx, setup, url, cookie)
		}
		if err != nil {
			r.Error = err.Error()
			return r
		}
		targets = append(targets, vegeta.Target{Method: http.MethodGet, URL: url,
			Header: http.Header{"Cookie": {"portal_session=" + cookie}, "Accept": {"application/json"}}})
		logins = append(logins, c.Login)
	}
	workers := b.o.accountClients
	client := newClient(workers, 30*time.Second)
	defer client.CloseIdleConnections()
	// Warm-up, not counted: open the connections, fill the database pool.
	runAttack(ctx, attacker(client, workers), vegeta.NewStaticTargeter(targets...), maxRate, time.Second, "warmup",
		codeIs(http.StatusOK))
	c0 := takeCPU(b.srv.pid)
	s := runAttack(ctx, attacker(client, workers), vegeta.NewStaticTargeter(targets...), maxRate, b.o.duration,
		"account", codeIs(http.StatusOK))
	c1 := takeCPU(b.srv.pid)
	rate := s.okRate()
	r.atLeast("requests/s (200 OK)", rate, "/s", accountRateTarget, fmt.Sprintf(
		"%d clients for %.1f s, sessions of %v: %d OK, %d not", workers, s.wall().Seconds(), logins, s.OK, s.Requests-s.OK))
	r.atMost("latency p99", ms(s.quantile(0.99)), "ms", accountP99Target, "")
	use := cpuBetween(c0, c1)
	r.info("%s", s.describe())
	r.info("%s", use)
	r.warnBusy(use)
	r.detail("summary", s)
	r.detail("latency", s.latencyDetails())
	r.detail("seconds", s.wall().Seconds())
	r.detail("cpu", use)
	if s.OK == 0 {
		r.Error = "no request succeeded: " + s.describe()
	}
	return r
}

// 3. burst simultaneous sign-ins while /healthz is polled and the server's
// resident memory sampled.
func (b *bench) signInBurst(ctx context.Context) benchResult {
	var r benchResult
	n := b.o.burst
	raiseFileLimit(2*n + 256)
	setup := newClient(4, 30*time.Second)
	defer setup.CloseIdleConnections()
	students, err := timedStudents(ctx, &r, setup, b.srv.base, burstStudents(n))
	if err != nil {
		r.Error = err.Error()
		return r
	}
	targets, right, wrong := burstTargets(b.srv.base, n, students)
	pid := b.srv.pid

	lifetimeHWM, _ := memKB(pid, "VmHWM")
	rssBefore, _ := memKB(pid, "VmRSS")
	peakNote := "VmHWM of the server process, reset just before the burst"
	if err := resetPeakRSS(pid); err != nil {
		peakNote = fmt.Sprintf("VmHWM of the server process over its whole life (could not reset it: %v)", err)
	}

	// Sample VmRSS every 20 ms.
	var maxRSS, samples atomic.Int64
	samplerDone := make(chan struct{})
	stopSampler := make(chan struct{})
	go func() {
		defer close(samplerDone)
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			if kb, err := memKB(pid, "VmRSS"); err == nil {
				samples.Add(1)
				if kb > maxRSS.Load() {
					maxRSS.Store(kb)
				}
			}
			select {
			case <-stopSampler:
				return
			case <-t.C:
			}
		}
	}()

	// Poll /healthz every health-interval, each poll on its own worker so a
	// slow answer does not delay the next poll.
	healthClient := newClient(32, 10*time.Second)
	defer healthClient.CloseIdleConnections()
	healthAtk := vegeta.NewAttacker(vegeta.Client(healthClient), vegeta.Workers(4), vegeta.MaxBody(0))
	healthTarget := vegeta.NewStaticTargeter(vegeta.Target{Method: http.MethodGet, URL: b.srv.base + "/healthz"})
	var health *summary
	healthDone := make(chan struct{})
	go func() {
		defer close(healthDone)
		health = runAttack(ctx, healthAtk, healthTarget, vegeta.ConstantPacer{Freq: 1, Per: b.o.healthEvery}, 0,
			"healthz", codeIs(http.StatusOK))
	}()
	time.Sleep(200 * time.Millisecond) // a baseline of polls before the burst

	client := newClient(n, 5*time.Minute)
	defer client.CloseIdleConnections()
	c0 := takeCPU(pid)
	s := runAttack(ctx, attacker(client, n), vegeta.NewStaticTargeter(targets...), hits(n), 0, "burst",
		func(r *vegeta.Result) bool { return r.Code == http.StatusOK || r.Code == http.StatusUnauthorized })
	c1 := takeCPU(pid)
	healthAtk.Stop()
	<-healthDone
	close(stopSampler)
	<-samplerDone
	peak, err := memKB(pid, "VmHWM")
	if err != nil {
		r.Error = fmt.Sprintf("read the server's peak memory: %v", err)
	}
	peakMB := float64(peak) * 1024 / 1e6

	r.atMost("server peak resident memory", peakMB, "MB", burstRSSTarget, fmt.Sprintf(
		"%s; highest VmRSS sampled every 20 ms: %.1f MB (%d samples)", peakNote, float64(maxRSS.Load())*1024/1e6, samples.Load()))
	healthFailed := health.Requests - health.OK
	r.atMost("/healthz latency p99 during the burst", ms(health.quantile(0.99)), "ms", healthP99Target, fmt.Sprintf(
		"%d polls every %s, %d failed, max %.1f ms", health.Requests, b.o.healthEvery, healthFailed, ms(health.quantile(1))))
	if healthFailed > 0 {
		// A poll that got no 200 did not "keep answering".
		fail := false
		r.Figures[len(r.Figures)-1].Pass = &fail
	}
	answered := min(s.Codes["200"], right) + min(s.Codes["401"], wrong)
	r.atLeast("sign-ins answered correctly", float64(answered), "", float64(n), fmt.Sprintf(
		"%d right passwords of %d created students → 200, %d wrong (≤ %d a student) or unknown → 401",
		right, len(students), wrong, burstWrongPerStudent))
	r.info("burst: %s; %.1f sign-ins/s", s.describe(), float64(s.Requests)/s.wall().Seconds())
	r.info("burst %s", cpuBetween(c0, c1))
	r.warnBusy(cpuBetween(c0, c1))
	r.info("server memory: VmRSS %.1f MB before the burst; lifetime VmHWM before the reset %.1f MB (includes seeding and benchmarks 1-2)",
		float64(rssBefore)*1024/1e6, float64(lifetimeHWM)*1024/1e6)
	r.detail("burst", map[string]any{"summary": s, "latency": s.latencyDetails(), "seconds": s.wall().Seconds(),
		"right": right, "wrong": wrong, "cpu": cpuBetween(c0, c1)})
	r.detail("healthz", map[string]any{"summary": health, "latency": health.latencyDetails()})
	r.detail("memory", map[string]any{"peakKiB": peak, "maxSampledRSSKiB": maxRSS.Load(), "samples": samples.Load(),
		"rssBeforeKiB": rssBefore, "lifetimeHWMBeforeResetKiB": lifetimeHWM, "peakNote": peakNote})
	if s.Requests < n && r.Error == "" {
		r.Error = fmt.Sprintf("only %d of %d sign-ins were sent", s.Requests, n)
	}
	return r
}

// raiseFileLimit raises the soft limit on open files towards want (Go already
// raises it to the hard limit at start; this covers a lower hard limit by
// saying so).
func raiseFileLimit(want int) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return
	}
	if lim.Cur < lim.Max {
		lim.Cur = lim.Max
		_ = syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim)
	}
	if lim.Cur < uint64(want) {
		fmt.Printf("   warning: open-file limit %d is below %d; raise it (ulimit -n) for the burst\n", lim.Cur, want)
	}
}
