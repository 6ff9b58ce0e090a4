"""open_at in Python: a naive datetime is Paris time, an aware one the same instant wherever its
zone; the answers do not depend on the process's TZ."""

import datetime
import os
import time
import zoneinfo


def ids(results):
    return [h.offer.id for h in results.hits]


def test_aware_datetime_is_the_same_instant(generated):
    naive = datetime.datetime(2026, 11, 24, 10, 30)
    paris = naive.replace(tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))
    tokyo = paris.astimezone(zoneinfo.ZoneInfo("Asia/Tokyo"))  # 18:30 in Tokyo
    utc = paris.astimezone(datetime.timezone.utc)
    expected = ids(generated.search(near="Rennes", open_at=naive, limit=50))
    assert expected, "some offers are open at 10:30 on a Tuesday"
    for moment in (paris, tokyo, utc, "2026-11-24T09:30Z", "2026-11-24T18:30+09:00"):
        assert ids(generated.search(near="Rennes", open_at=moment, limit=50)) == expected, moment
    # 18:30 naive is Paris's evening, not Tokyo's 18:30: another answer.
    evening = datetime.datetime(2026, 11, 24, 18, 30)
    assert ids(generated.search(near="Rennes", open_at=evening, limit=50)) != expected


def test_answers_do_not_depend_on_tz(generated):
    moment = datetime.datetime(2026, 11, 24, 10, 30)
    saved = os.environ.get("TZ")
    try:
        answers = []
        for zone in ("UTC", "Asia/Tokyo", "America/Los_Angeles"):
            os.environ["TZ"] = zone
            time.tzset()
            answers.append(ids(generated.search(near="Rennes", open_at=moment, limit=50)))
        assert answers[0] == answers[1] == answers[2]
    finally:
        if saved is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = saved
        time.tzset()
