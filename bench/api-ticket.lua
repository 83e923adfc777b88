-- wrk script: each request reads a random ticket over the API (GET /api/v1/tickets/{n}); the summary comes from report.lua.
dofile("bench/report.lua")
local n = tonumber(os.getenv("TICKETS") or "100000")
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/api/v1/tickets/" .. math.random(1, n), wrk.headers)
end
