-- wrk script: when the run is done, print one line of JSON for bench/run.py to read.
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    '{"rps": %.1f, "p50_ms": %.2f, "p99_ms": %.2f, "requests": %d, "errors": %d, "bytes": %.0f}\n',
    summary.requests / seconds,
    latency:percentile(50) / 1000,
    latency:percentile(99) / 1000,
    summary.requests,
    e.connect + e.read + e.write + e.status + e.timeout,
    summary.bytes / math.max(summary.requests, 1)
  ))
end
