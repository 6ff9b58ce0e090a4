-- wrk script for bench/api_v1.sh: /api/v1/search/services around 12 communes, each with a
-- category, SIZE (env) results a page; prints one table row (requests/s, p50, p99, errors).
local communes = {"59350", "75111", "69123", "13055", "31555", "33063", "44109", "67482",
                  "77288", "93066", "35238", "2A004"}
local themes = {"numerique", "mobilite", "trouver-un-emploi", "logement-hebergement",
                "choisir-un-metier", "famille"}
local size = os.getenv("SIZE") or "20"
local paths = {}
for i, commune in ipairs(communes) do
  for j, theme in ipairs(themes) do
    paths[#paths + 1] = "/api/v1/search/services?code_commune=" .. commune ..
                        "&thematiques=" .. theme .. "&size=" .. size
  end
end
local counter = 0
function setup(thread)
  thread:set("counter", counter)
  counter = counter + 31
end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
function done(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format("ROW %.0f | %.1f | %.1f | %d |\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, errors))
end
