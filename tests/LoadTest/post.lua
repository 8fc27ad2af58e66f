-- wrk script: POST the getUserProfile result (result.json) with the bearer token, the same request to both servers.
local file = io.open(os.getenv("LOAD_BODY"), "rb")
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("LOAD_TOKEN")
