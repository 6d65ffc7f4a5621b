package portal

import (
	"net/http"
	"net/http/pprof"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// OpsHandler serves what operators and the benchmark read and the public must
// not: GET /metrics (Prometheus text) and, when withPprof is set, Go's
// profiler under /debug/pprof/. The command serves it on PORTAL_METRICS_ADDR,
// never on the public address: the metrics count requests per route and
// describe the process, and a CPU profile costs the server work.
func (p *Portal) OpsHandler(withPprof bool) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(p.Metrics, promhttp.HandlerOpts{}))
	if withPprof {
		// Registered on this mux, not http.DefaultServeMux, which nothing serves.
		mux.HandleFunc("/debug/pprof/", pprof.Index)
		mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
		mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
		mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
		mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	}
	return mux
}
