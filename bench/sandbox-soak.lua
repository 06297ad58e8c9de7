-- wrk script for bench/sandbox-soak.sh: every request is the POST given in the environment
-- (SOAK_PATH, SOAK_BODY), so one script drives both the valid and the invalid case.
wrk.method = "POST"
wrk.path = os.getenv("SOAK_PATH")
wrk.body = os.getenv("SOAK_BODY")
wrk.headers["Content-Type"] = "application/json"
