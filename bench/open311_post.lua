-- wrk script for the Open311 intake benchmark: POST /open311/v2/requests.xml
-- (form-urlencoded, as FixMyStreet sends it) with the api_key from
-- $SIGAP_OPEN311_KEY, a demo service with its questions answered, a point
-- in Kota Semarang and a varying description.
--
--   SIGAP_OPEN311_KEY=sgp_... wrk -t2 -c64 -d15s --latency \
--     -s bench/open311_post.lua http://127.0.0.1:PORT
--
-- Prints how many answers were not 200 (they must be none).

local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("id", next_id)
  table.insert(threads, thread)
end

local services = {
  "service_code=PU-JALAN&attribute%5BJENIS_KERUSAKAN%5D=berlubang&attribute%5BLEBAR_M%5D=1.5",
  "service_code=PU-DRAINASE&attribute%5BKEDALAMAN_CM%5D=30",
  "service_code=PERKIM-PJU&attribute%5BKONDISI%5D=mati",
  "service_code=DLH-SAMPAH&attribute%5BJENIS_SAMPAH%5D%5B%5D=plastik" ..
    "&attribute%5BJENIS_SAMPAH%5D%5B%5D=rumah_tangga",
}

function init(args)
  key = os.getenv("SIGAP_OPEN311_KEY")
  assert(key, "set SIGAP_OPEN311_KEY to a Sigap API key")
  math.randomseed(os.time() + id * 7919)
  n = 0
  created, other = 0, 0
  headers = {["Content-Type"] = "application/x-www-form-urlencoded"}
end

function request()
  n = n + 1
  local lat = -7.05 + math.random() * 0.08
  local long = 110.36 + math.random() * 0.10
  local body = string.format(
    "api_key=%s&%s&lat=%.6f&long=%.6f&address_string=Jl.+Pemuda+%d" ..
    "&description=Laporan+uji+beban+%d-%d%%3A+mohon+segera+ditangani",
    key, services[(n % #services) + 1], lat, long, n % 200, id, n)
  return wrk.format("POST", "/open311/v2/requests.xml", headers, body)
end

function response(status, headers, body)
  if status == 200 then
    created = created + 1
  else
    other = other + 1
    if other <= 3 then io.stderr:write("open311_post.lua: HTTP " .. status .. " " .. body .. "\n") end
  end
end

function done(summary, latency, requests)
  local created_total, other_total = 0, 0
  for _, t in ipairs(threads) do
    created_total = created_total + t:get("created")
    other_total = other_total + t:get("other")
  end
  io.write(string.format("open311_post.lua: %d answered 200, %d answered otherwise\n",
                         created_total, other_total))
end
