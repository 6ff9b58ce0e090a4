"""The PostGIS stand-in of bench/api_v1.sh: data·inclusion's /api/v1/search/services as its
PostgreSQL + PostGIS answers it, over the same offers as the cartoffre index, served by the
same stack as the portal (FastAPI on uvicorn, 2 workers) so that only the search differs.

    python3 api_v1_postgis.py load INDEX PORT      services and communes into PostgreSQL
    PG_PORT=PORT uvicorn api_v1_postgis:app ...     the stand-in API

One table of services: the v1 service with its structure as jsonb (what the API returns), the
zones, the themes with their categories (a category matches its sub-themes), remote and
in-person flags and a geography point (GiST); a table of communes (centre, zone keys). The SQL
is data·inclusion's rule: zones empty or sharing a key with [commune, département, EPCI,
france, 99100]; in person within 50 km of the commune centre, or remote; distance in whole km
(integer cast) for in-person offers within range; ordered by distance, nulls last, then id;
count and page as two statements, as fastapi-pagination does. The JSON is the rows' jsonb
text joined, which is cheaper than data·inclusion's pydantic serialization: the stand-in is
flattered, not handicapped.
"""

import csv
import io
import json
import os
import sys
import threading
from pathlib import Path
from typing import List

# In person within 50 km (the GiST index) and remote (the partial index), as two branches: one
# WHERE with "remote OR ST_DWithin" scans the table (560 ms a request at 150,000 services).
MATCHES = """
WITH c AS (SELECT geog, keys FROM communes WHERE code = %(commune)s),
m AS (
  SELECT s.id FROM services s, c
  WHERE ST_DWithin(s.geog, c.geog, 50000, false) AND s.in_person
    AND (cardinality(s.zones) = 0 OR s.zones && c.keys)
    AND (%(themes)s::text[] IS NULL OR s.themes && %(themes)s::text[])
  UNION
  SELECT s.id FROM services s, c
  WHERE s.remote
    AND (cardinality(s.zones) = 0 OR s.zones && c.keys)
    AND (%(themes)s::text[] IS NULL OR s.themes && %(themes)s::text[]))"""

SERVICE_SQL = MATCHES + """
SELECT s.data::text,
       CASE WHEN s.in_person AND ST_DWithin(s.geog, c.geog, 50000, false)
            THEN (ST_Distance(s.geog, c.geog, false) / 1000)::int END AS distance
FROM m JOIN services s USING (id), c
ORDER BY distance NULLS LAST, s.id
LIMIT %(size)s OFFSET %(offset)s"""

COUNT_SQL = MATCHES + """
SELECT count(*) FROM m"""


def connect(port):
    import psycopg2

    return psycopg2.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres")


def load(index_path, port, gazetteer):
    """Every offer of the index (read through the bindings) and every commune."""
    import cartoffre

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools" / "portal"))
    from api_v1_common import every_offer, service_of

    connection = connect(port)
    cursor = connection.cursor()
    cursor.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    cursor.execute("DROP TABLE IF EXISTS services; DROP TABLE IF EXISTS communes")
    cursor.execute("""CREATE TABLE services (id text PRIMARY KEY, data jsonb, zones text[],
        themes text[], remote bool, in_person bool, geog geography(Point, 4326))""")
    cursor.execute("""CREATE TABLE communes (code text PRIMARY KEY, geog geography(Point, 4326),
        keys text[])""")
    rows = io.StringIO()

    def array(values):
        return "{" + ",".join('"' + v + '"' for v in values) + "}"

    def text(value):
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")

    count = 0
    for offer in every_offer(cartoffre.Index.open(index_path)):
        themes = set(offer.thematiques) | {t.split("--")[0] for t in offer.thematiques}
        point = (f"SRID=4326;POINT({offer.longitude} {offer.latitude})"
                 if offer.latitude is not None else "\\N")
        data = json.dumps(service_of(offer), ensure_ascii=False)
        rows.write("\t".join([text(offer.id), text(data), array(offer.zone_eligibilite),
                              array(sorted(themes)), str("a-distance" in offer.modes_accueil),
                              str("en-presentiel" in offer.modes_accueil), point]) + "\n")
        count += 1
    rows.seek(0)
    cursor.copy_expert("COPY services FROM STDIN", rows)
    communes = io.StringIO()
    with open(gazetteer, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    # An arrondissement (Paris, Lyon, Marseille) is in its commune's zones and EPCI.
    epci = {row["code_insee"]: row["epci"] for row in rows if row["type"] == "commune-actuelle"}
    for row in rows:
        # Delegated and associated communes share their commune's code.
        if not row["latitude"] or row["type"] not in ("commune-actuelle",
                                                  "arrondissement-municipal"):
            continue
        keys = [row["code_insee"], row["departement"], "france", "99100"]
        if row["type"] == "arrondissement-municipal":
            keys += [row["chef_lieu"], epci.get(row["chef_lieu"], "")]
        keys += [row["epci"]]
        keys = [k for k in keys if k]
        communes.write(f"{row['code_insee']}\tSRID=4326;POINT({row['longitude']} "
                       f"{row['latitude']})\t{array(keys)}\n")
    communes.seek(0)
    cursor.copy_expert("COPY communes FROM STDIN", communes)
    cursor.execute("CREATE INDEX services_geog ON services USING gist (geog)")
    cursor.execute("CREATE INDEX services_themes ON services USING gin (themes)")
    cursor.execute("CREATE INDEX services_zones ON services USING gin (zones)")
    cursor.execute("CREATE INDEX services_remote ON services (id) WHERE remote")
    connection.commit()
    connection.autocommit = True  # VACUUM runs outside a transaction
    cursor.execute("VACUUM ANALYZE services")
    print(f"PostGIS: {count} services")


def make_app():
    from fastapi import FastAPI, Query
    from fastapi.responses import Response

    app = FastAPI()
    local = threading.local()

    def cursor():
        if not hasattr(local, "connection"):
            local.connection = connect(os.environ["PG_PORT"])
            local.connection.autocommit = True
        return local.connection.cursor()

    @app.get("/api/v1/search/services")
    def search(code_commune: str, thematiques: List[str] = Query([]),
               page: int = Query(1, ge=1), size: int = Query(5000, ge=1, le=10000)):
        arguments = {"commune": code_commune, "themes": thematiques or None,
                     "size": size, "offset": (page - 1) * size}
        c = cursor()
        c.execute(COUNT_SQL, arguments)
        total = c.fetchone()[0]
        c.execute(SERVICE_SQL, arguments)
        items = ",".join('{"service":%s,"distance":%s}' % (data, "null" if d is None else d)
                         for data, d in c.fetchall())
        pages = -(-total // size)
        return Response('{"items":[%s],"total":%d,"page":%d,"size":%d,"pages":%d}'
                        % (items, total, page, size, pages), media_type="application/json")

    return app


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "load":
        load(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit("usage: api_v1_postgis.py load INDEX PG_PORT GAZETTEER_CSV")
else:
    app = make_app() if os.environ.get("PG_PORT") else None
