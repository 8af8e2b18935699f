-- wrk script for the read benchmark: GET /api/v1/cases/{code} with codes
-- drawn at random from a file of tracking codes (one per line, written by
-- `seed_cases --codes`; a confidential case's line adds its reporter
-- secret, sent as X-Reporter-Secret as the citizen's app would).
--
--   SIGAP_READ_CODES=codes.txt wrk -t2 -c64 -d15s --latency \
--     -s bench/read.lua http://127.0.0.1:PORT
--
-- Prints how many answers were not 200 (they must be none).

local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("id", next_id)
  table.insert(threads, thread)
end

function init(args)
  local path = os.getenv("SIGAP_READ_CODES")
  assert(path, "set SIGAP_READ_CODES to a file of tracking codes")
  requests = {}
  for line in io.lines(path) do
    local code, secret = line:match("^(%S+)%s*(%S*)$")
    local headers = {}
    if secret ~= "" then headers["X-Reporter-Secret"] = secret end
    requests[#requests + 1] = wrk.format("GET", "/api/v1/cases/" .. code, headers)
  end
  assert(#requests > 0, "no codes in " .. path)
  math.randomseed(os.time() + id * 1000003)
  found, other = 0, 0
end

function request()
  return requests[math.random(#requests)]
end

function response(status, headers, body)
  if status == 200 then
    found = found + 1
  else
    other = other + 1
    if other <= 3 then io.stderr:write("read.lua: HTTP " .. status .. " " .. body .. "\n") end
  end
end

function done(summary, latency, requests)
  local found_total, other_total = 0, 0
  for _, t in ipairs(threads) do
    found_total = found_total + t:get("found")
    other_total = other_total + t:get("other")
  end
  io.write(string.format("read.lua: %d answered 200, %d answered otherwise\n",
                         found_total, other_total))
end
