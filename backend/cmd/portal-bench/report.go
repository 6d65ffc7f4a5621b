package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"
)

// figure is one measured number; a figure with a target passes or misses it,
// one without (Target empty) is a reference for the others.
type figure struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
	Unit  string  `json:"unit"`
	// Target is the goal as printed, such as "≥ 90 %"; empty for a reference figure.
	Target string `json:"target,omitempty"`
	// Pass is set only when there is a target.
	Pass *bool `json:"pass,omitempty"`
	// Note says how the figure was measured.
	Note string `json:"note,omitempty"`
}

// benchResult is one benchmark: its figures, and details that explain them.
type benchResult struct {
	Name    string         `json:"name"`
	Figures []figure       `json:"figures"`
	Details map[string]any `json:"details,omitempty"`
	// Info lines are printed under the figures (CPU split, status codes).
	Info  []string `json:"info,omitempty"`
	Error string   `json:"error,omitempty"`
}

func (r *benchResult) ref(name string, value float64, unit, note string) {
	r.Figures = append(r.Figures, figure{Name: name, Value: value, Unit: unit, Note: note})
}

// atMost and atLeast add a figure with a target.
func (r *benchResult) atMost(name string, value float64, unit string, limit float64, note string) {
	pass := value <= limit
	r.Figures = append(r.Figures, figure{Name: name, Value: value, Unit: unit,
		Target: strings.TrimSpace("≤ " + formatNumber(limit) + " " + unit), Pass: &pass, Note: note})
}

func (r *benchResult) atLeast(name string, value float64, unit string, limit float64, note string) {
	pass := value >= limit
	r.Figures = append(r.Figures, figure{Name: name, Value: value, Unit: unit,
		Target: strings.TrimSpace("≥ " + formatNumber(limit) + " " + unit), Pass: &pass, Note: note})
}

func (r *benchResult) detail(key string, v any) {
	if r.Details == nil {
		r.Details = map[string]any{}
	}
	r.Details[key] = v
}

func (r *benchResult) info(format string, args ...any) {
	r.Info = append(r.Info, fmt.Sprintf(format, args...))
}

func (r *benchResult) print() {
	for _, f := range r.Figures {
		target, verdict := "(reference)", ""
		if f.Pass != nil {
			target, verdict = "target "+f.Target, "MISS"
			if *f.Pass {
				verdict = "PASS"
			}
		}
		fmt.Printf("   %-44s %12s %-5s  %-22s %s\n", f.Name, formatNumber(f.Value), f.Unit, target, verdict)
		if f.Note != "" {
			fmt.Printf("   %44s   %s\n", "", f.Note)
		}
	}
	for _, line := range r.Info {
		fmt.Printf("   · %s\n", line)
	}
	if r.Error != "" {
		fmt.Printf("   ERROR: %s\n", r.Error)
	}
}

func formatNumber(v float64) string {
	switch {
	case v >= 1000:
		s := fmt.Sprintf("%.0f", v)
		// thousands separators
		var b strings.Builder
		for i, c := range s {
			if i > 0 && (len(s)-i)%3 == 0 {
				b.WriteByte(',')
			}
			b.WriteRune(c)
		}
		return b.String()
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	default:
		return fmt.Sprintf("%.2f", v)
	}
}

type serverInfo struct {
	Binary         string  `json:"binary"`
	PID            int     `json:"pid"`
	URL            string  `json:"url"`
	MetricsURL     string  `json:"metricsUrl"`
	StartupSeconds float64 `json:"startupSeconds"`
}

// report is what bench-results.json holds.
type report struct {
	Started    time.Time      `json:"started"`
	Finished   time.Time      `json:"finished"`
	Host       map[string]any `json:"host"`
	Settings   map[string]any `json:"settings"`
	Server     serverInfo     `json:"server"`
	Benchmarks []benchResult  `json:"benchmarks"`
	// Passed and Missed count the figures with a target; Errors the benchmarks
	// that could not be measured.
	Passed int  `json:"passed"`
	Missed int  `json:"missed"`
	Errors int  `json:"errors"`
	AllMet bool `json:"allTargetsMet"`

	want int // benchmarks selected
}

func newReport(o options) *report {
	host, _ := os.Hostname()
	return &report{
		Started: time.Now(),
		Host: map[string]any{
			"hostname": host, "goos": runtime.GOOS, "goarch": runtime.GOARCH, "numCPU": runtime.NumCPU(),
			"gomaxprocs": runtime.GOMAXPROCS(0), "go": runtime.Version(),
		},
		Settings: map[string]any{
			"durationSeconds": o.duration.Seconds(), "hashDurationSeconds": o.hashDuration.Seconds(),
			"signInClients": o.signInClients, "accountClients": o.accountClients, "burst": o.burst,
			"healthIntervalMs": ms(o.healthEvery), "only": o.only, "rounds": o.rounds, "smoke": o.smoke,
		},
	}
}

// finish counts the verdicts and returns the exit code: 0 when every
// benchmark produced its figures, whether or not they met their targets.
func (r *report) finish() int {
	r.Finished = time.Now()
	for _, b := range r.Benchmarks {
		if b.Error != "" {
			r.Errors++
		}
		for _, f := range b.Figures {
			if f.Pass == nil {
				continue
			}
			if *f.Pass {
				r.Passed++
			} else {
				r.Missed++
			}
		}
	}
	r.AllMet = r.Missed == 0 && r.Errors == 0 && len(r.Benchmarks) == r.want
	if r.Errors > 0 || len(r.Benchmarks) < r.want {
		return 1
	}
	return 0
}

func (r *report) printSummary() {
	fmt.Printf("portal-bench: %d targets met, %d missed", r.Passed, r.Missed)
	if r.Errors > 0 {
		fmt.Printf(", %d of the benchmarks could not be measured", r.Errors)
	}
	fmt.Println()
}

func (r *report) write(path string) error {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("encode results: %w", err)
	}
	if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("write results: %w", err)
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
