package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// The process figures come from /proc (Linux); elsewhere they read as zero.

// memKB returns a field of /proc/<pid>/status in KiB, such as VmRSS (resident
// now) or VmHWM (the peak resident size).
func memKB(pid int, field string) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), ":")
		if !ok || name != field {
			continue
		}
		fields := strings.Fields(value)
		if len(fields) == 0 {
			break
		}
		return strconv.ParseInt(fields[0], 10, 64)
	}
	return 0, fmt.Errorf("no %s in /proc/%d/status", field, pid)
}

// resetPeakRSS resets VmHWM to the current VmRSS (Linux 4.0+), so the next
// peak belongs to what runs from now on.
func resetPeakRSS(pid int) error {
	return os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0)
}

const clockTick = 100 // USER_HZ, 100 on every Linux build that matters

// procStat is what we read of /proc/<pid>/stat.
type procStat struct {
	ppid        int
	cpu         time.Duration // utime + stime
	sys         time.Duration // stime: in the kernel (page faults among it)
	minflt      int64         // minor page faults
	childrenCPU time.Duration // cutime + cstime: reaped children
}

func readStat(pid int) (procStat, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return procStat{}, err
	}
	// The command name is in parentheses and may hold spaces.
	i := bytes.LastIndexByte(data, ')')
	if i < 0 {
		return procStat{}, fmt.Errorf("malformed /proc/%d/stat", pid)
	}
	f := strings.Fields(string(data[i+1:]))
	if len(f) < 15 {
		return procStat{}, fmt.Errorf("malformed /proc/%d/stat", pid)
	}
	n := func(k int) int64 { v, _ := strconv.ParseInt(f[k], 10, 64); return v }
	tick := time.Second / clockTick
	return procStat{
		ppid:        int(n(1)),
		cpu:         time.Duration(n(11)+n(12)) * tick,
		sys:         time.Duration(n(12)) * tick,
		minflt:      n(7),
		childrenCPU: time.Duration(n(13)+n(14)) * tick,
	}, nil
}

// cpuSnapshot is the CPU time used so far by the server process, by its
// descendants (the embedded PostgreSQL), and by this bench process.
type cpuSnapshot struct {
	at       time.Time
	server   time.Duration
	postgres time.Duration
	bench    time.Duration
	// The kernel's share of the server's and the bench's time, and their
	// minor page faults: the hash memory faulted in again after the Go
	// runtime returned it shows here.
	serverSys, benchSys       time.Duration
	serverFaults, benchFaults int64
	// busy is the whole machine's non-idle time (every process, including
	// those of other containers on it); steal is what the hypervisor gave to
	// other machines.
	busy, steal time.Duration
}

// machineCPU reads the first line of /proc/stat.
func machineCPU() (busy, steal time.Duration) {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0
	}
	line, _, _ := strings.Cut(string(data), "\n")
	f := strings.Fields(line)
	if len(f) < 9 || f[0] != "cpu" {
		return 0, 0
	}
	n := func(k int) time.Duration {
		v, _ := strconv.ParseInt(f[k], 10, 64)
		return time.Duration(v) * (time.Second / clockTick)
	}
	// user nice system idle iowait irq softirq steal
	return n(1) + n(2) + n(3) + n(6) + n(7), n(8)
}

func takeCPU(serverPID int) cpuSnapshot {
	s := cpuSnapshot{at: time.Now()}
	s.busy, s.steal = machineCPU()
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		s.bench = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		s.benchSys, s.benchFaults = time.Duration(ru.Stime.Nano()), ru.Minflt
	}
	if st, err := readStat(serverPID); err == nil {
		s.server, s.serverSys, s.serverFaults = st.cpu, st.sys, st.minflt
	}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return s
	}
	children := map[int][]int{}
	stats := map[int]procStat{}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		st, err := readStat(pid)
		if err != nil {
			continue
		}
		stats[pid] = st
		children[st.ppid] = append(children[st.ppid], pid)
	}
	// Every descendant's own time plus what it reaped from exited children.
	queue := append([]int(nil), children[serverPID]...)
	for len(queue) > 0 {
		pid := queue[0]
		queue = queue[1:]
		s.postgres += stats[pid].cpu + stats[pid].childrenCPU
		queue = append(queue, children[pid]...)
	}
	return s
}

// cpuUse is the CPU used between two snapshots, in cores (1.0 = one core busy).
type cpuUse struct {
	Server   float64 `json:"serverCores"`
	Postgres float64 `json:"postgresCores"`
	Bench    float64 `json:"benchCores"`
	// Other is every other process on the machine: load that competes
	// with the benchmark and makes its figures lower than they should be.
	Other float64 `json:"otherCores"`
	Steal float64 `json:"stealCores"`
	// ServerSys and BenchSys are the kernel's part of Server and Bench;
	// ServerFaults and BenchFaults count minor page faults.
	ServerSys    float64 `json:"serverSysCores"`
	BenchSys     float64 `json:"benchSysCores"`
	ServerFaults int64   `json:"serverMinorFaults"`
	BenchFaults  int64   `json:"benchMinorFaults"`
}

func cpuBetween(a, b cpuSnapshot) cpuUse {
	wall := b.at.Sub(a.at).Seconds()
	if wall <= 0 {
		return cpuUse{}
	}
	return cpuUse{
		Server:   (b.server - a.server).Seconds() / wall,
		Postgres: (b.postgres - a.postgres).Seconds() / wall,
		Bench:    (b.bench - a.bench).Seconds() / wall,
		Other:    max(0, ((b.busy-a.busy)-(b.server-a.server)-(b.postgres-a.postgres)-(b.bench-a.bench)).Seconds()/wall),
		Steal:    (b.steal - a.steal).Seconds() / wall,

		ServerSys:    (b.serverSys - a.serverSys).Seconds() / wall,
		BenchSys:     (b.benchSys - a.benchSys).Seconds() / wall,
		ServerFaults: b.serverFaults - a.serverFaults,
		BenchFaults:  b.benchFaults - a.benchFaults,
	}
}

func (u cpuUse) String() string {
	s := fmt.Sprintf("CPU in cores: server %.2f, its PostgreSQL %.2f, this bench %.2f, other processes %.2f",
		u.Server, u.Postgres, u.Bench, u.Other)
	if u.Steal >= 0.05 {
		s += fmt.Sprintf(", stolen by the hypervisor %.2f", u.Steal)
	}
	return s
}
