-- wrk script: POSTs the JSON body in $BODY with the key in $KEY (and the Prefer header in $PREFER, if set).
wrk.method = "POST"
wrk.body = os.getenv("BODY")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("KEY") or "")
local prefer = os.getenv("PREFER")
if prefer and prefer ~= "" then
  wrk.headers["Prefer"] = prefer
end
