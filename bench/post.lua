-- wrk script: POST one JSON body with a bearer token, to /api/v1/audit/events unless PHIGUARD_PATH names another
-- path. run.sh writes the body (a batch of audit events, or of access requests for /api/v1/authorize/batch) to
-- the file PHIGUARD_BODY names and checks it once before wrk runs; wrk counts any non-2xx answer.
local file = assert(io.open(os.getenv("PHIGUARD_BODY"), "rb"))
wrk.method = "POST"
wrk.path = os.getenv("PHIGUARD_PATH") or "/api/v1/audit/events"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("PHIGUARD_TOKEN")
