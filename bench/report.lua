-- Shared by the XSEN benchmark scripts: prints figures in one parseable line.
function report(summary, latency)
	local seconds = summary.duration / 1e6
	local non2xx = summary.errors.status
	io.write(string.format(
		"RESULT requests=%d rps=%.1f p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f non2xx=%d socket_errors=%d\n",
		summary.requests, summary.requests / seconds,
		latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
		non2xx, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
