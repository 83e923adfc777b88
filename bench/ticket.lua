-- wrk script: each request opens a random ticket's page; the summary comes from report.lua.
dofile("bench/report.lua")
local n = tonumber(os.getenv("TICKETS") or "100000")
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/tickets/" .. math.random(1, n), wrk.headers)
end
