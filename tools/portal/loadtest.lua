-- wrk script for tools/portal/loadtest.sh: cycles through varied searches around real places
-- (words, radius, themes, a person's profile), POSTed as the page sends them, then prints a
-- summary table.
local places = {"Paris", "Lyon", "Marseille", "Toulouse", "Lille", "Bordeaux", "Nantes",
                "Strasbourg", "Melun", "Montreuil (93)", "Saint-Denis (93)", "Rennes",
                "Grenoble", "75011", "13001", "Amiens", "Limoges", "Clermont-Ferrand",
                "Besançon", "Rouen", "Metz", "Nice", "Brest", "Créteil"}
local words = {"", "", "emploi", "numérique", "chantier insertion", "formation",
               "logement", "santé", "mobilité", "accompagnement"}
local radii = {5, 10, 20, 30, 50}
local themes = {"", "", "", ',"themes":["trouver-un-emploi"]', ',"themes":["numerique"]',
                ',"themes":["mobilite"]', ',"types":["atelier"]'}
local persons = {"", "", "", ',"age":23,"statuses":["rsa"]',
                 ',"age":52,"statuses":["demandeur-emploi"],"mode":"inclusive"',
                 ',"age":19,"genre":"femme"'}

local bodies = {}
local seed = 1
local function pick(list)
  -- a fixed linear congruential sequence: every run sends the same queries in the same order
  seed = (seed * 1103515245 + 12345) % 2147483648
  return list[(seed % #list) + 1]
end
for i = 1, 600 do
  bodies[i] = '{"place":"' .. pick(places) .. '","radius_km":' .. pick(radii) ..
              ',"words":"' .. pick(words) .. '"' .. pick(themes) .. pick(persons) .. ',"limit":20}'
end
local headers = {["Content-Type"] = "application/json"}

local counter = 0
function setup(thread)
  thread:set("counter", counter)
  counter = counter + 157  -- each wrk thread starts elsewhere in the list
end

function request()
  counter = counter + 1
  return wrk.format("POST", "/api/search", headers, bodies[(counter % #bodies) + 1])
end

function done(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  local seconds = summary.duration / 1e6
  io.write("\n| requests | seconds | req/s | p50 ms | p90 ms | p99 ms | max ms | errors |\n")
  io.write("|---|---|---|---|---|---|---|---|\n")
  io.write(string.format("| %d | %.1f | %.0f | %.2f | %.2f | %.2f | %.2f | %d |\n",
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000, errors))
  io.write(string.format("errors: connect %d, read %d, write %d, non-2xx %d, timeout %d\n",
    e.connect, e.read, e.write, e.status, e.timeout))
end
