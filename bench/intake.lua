-- wrk script for the durable-intake benchmark: POST /api/v1/cases with
-- realistic bodies (real complaint texts, the demo's services and kelurahan;
-- written by `seed_cases --bodies`) and a fresh Idempotency-Key per request.
--
--   SIGAP_INTAKE_BODIES=bodies.jsonl wrk -t2 -c64 -d15s --latency \
--     -s bench/intake.lua http://127.0.0.1:PORT
--
-- Prints how many answers were not 201 (they must be none).
--
-- The keys are shaped as the portal's (32 hex digits, the time first, so
-- that each is stored after the one before): wrk's Lua has no clock finer
-- than a second, so the second, then the request's number within it and
-- the thread's, then random digits. SIGAP_INTAKE_KEYS=random sends random
-- ones instead (a UUIDv4, as some other systems send), to measure what
-- they cost; SIGAP_INTAKE_KEYS=runs sends "bench-RUN-THREAD-N" (the keys
-- before the forty-eighth session: two runs of keys, each a point the
-- server inserts at).

local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("id", next_id)
  table.insert(threads, thread)
end

function init(args)
  local path = os.getenv("SIGAP_INTAKE_BODIES")
  assert(path, "set SIGAP_INTAKE_BODIES to a file of request bodies")
  bodies = {}
  for line in io.lines(path) do bodies[#bodies + 1] = line end
  assert(#bodies > 0, "no bodies in " .. path)
  -- Each thread starts at its own place in the file.
  n = (id * 7919) % #bodies
  run = tostring(os.time()) .. "-" .. tostring(math.random(1, 1e9))
  created, other = 0, 0
  key_style = os.getenv("SIGAP_INTAKE_KEYS") or "portal"
  second, in_second = 0, 0
  math.randomseed(os.time() + id * 1000003)
  headers = {["Content-Type"] = "application/json"}
end

function request()
  n = n + 1
  if key_style == "random" then
    headers["Idempotency-Key"] = string.format("%08x-%04x-4%03x-%04x-%06x%06x",
      math.random(0, 0xffffffff), math.random(0, 0xffff), math.random(0, 0xfff),
      math.random(0x8000, 0xbfff), math.random(0, 0xffffff), math.random(0, 0xffffff))
  elseif key_style == "runs" then
    headers["Idempotency-Key"] = "bench-" .. run .. "-" .. id .. "-" .. n
  else
    local now = os.time()
    if now ~= second then second, in_second = now, 0 end
    in_second = in_second + 1
    headers["Idempotency-Key"] = string.format("%09x%05x%x%05x%06x%06x", now, in_second, id % 16,
      math.random(0, 0xfffff), math.random(0, 0xffffff), math.random(0, 0xffffff))
  end
  return wrk.format("POST", "/api/v1/cases", headers, bodies[(n % #bodies) + 1])
end

function response(status, headers, body)
  if status == 201 then
    created = created + 1
  else
    other = other + 1
    if other <= 3 then io.stderr:write("intake.lua: HTTP " .. status .. " " .. body .. "\n") end
  end
end

function done(summary, latency, requests)
  local created_total, other_total = 0, 0
  for _, t in ipairs(threads) do
    created_total = created_total + t:get("created")
    other_total = other_total + t:get("other")
  end
  io.write(string.format("intake.lua: %d answered 201, %d answered otherwise\n",
                         created_total, other_total))
end
