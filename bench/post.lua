-- wrk script: POST one batch of native audit events to /api/v1/audit/events with a bearer token.
-- run.sh writes the batch (100 events: users, patients and categories vary; the source time is now) to the file
-- PHIGUARD_BODY names and checks once with curl that it is answered 201; wrk counts any non-2xx answer.
local file = assert(io.open(os.getenv("PHIGUARD_BODY"), "rb"))
wrk.method = "POST"
wrk.path = "/api/v1/audit/events"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("PHIGUARD_TOKEN")
