-- wrk reporter: prints one machine-readable line after a run; bench/run.sh greps for "BENCH ".
-- summary.duration is in microseconds and latency percentiles are in microseconds too.
-- wrk counts any HTTP status above 399 in errors.status (so: the non-2xx/3xx responses);
-- connect/read/write/timeout are socket-level errors.
done = function(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "BENCH requests=%d rps=%.1f p50_ms=%.3f p99_ms=%.3f non2xx=%d sockerr=%d\n",
    summary.requests,
    summary.requests / seconds,
    latency:percentile(50) / 1000,
    latency:percentile(99) / 1000,
    e.status,
    e.connect + e.read + e.write + e.timeout))
end
