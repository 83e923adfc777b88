-- wrk script: each request opens a random ticket's page; prints the same summary as report.lua.
local n = tonumber(os.getenv("TICKETS") or "100000")
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/tickets/" .. math.random(1, n), wrk.headers)
end
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("requests/s %.1f  p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  errors %d\n",
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
