"""Search benchmark: the guide's search over 2 000 items, on SQLite and PostgreSQL.

Usage: .venv/bin/python bench/search_bench.py [--engine sqlite|postgresql|both] [--items 2000]
       [--rounds 30] [--write]   (append the results to bench/RESULTS.md)

The demo hall (52 items with their aliases and materials) is loaded through the ordinary
services, then grown to `--items` by copies of its items under other names (each with the
demo item's aliases, department and materials, its search text built as the services build
it). Each query of QUERIES runs `--rounds` times, in turn, three ways:

- `service`: `search_items(q, limit=101)`, the query behind the kiosk's page: every match
  found and ranked in SQL, the first 101 loaded;
- `kiosk`: `GET /guide/results?q=` through the whole Flask stack (the live search of the
  on-screen keyboard: at most 100 results rendered);
- `api`: `GET /api/v1/items?q=` through the whole Flask stack, every match as JSON (a
  one-letter search is nearly the whole catalogue: its time is building 2 000 objects).

The target (issue #12): search p95 <= 50 ms with 2 000 items.
"""
import argparse
import contextlib
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG_SERVER = "host=127.0.0.1 user=postgres dbname=postgres"
# What citizens type: characters, aliases, full pinyin, initials, two words, a miss, and the
# worst case, one letter that is in nearly every item's pinyin.
QUERIES = ["营业执照", "yyzz", "yingyezhizhao", "社保卡", "社保", "企业设立", "个体工商户",
           "结婚证", "jhz", "身份证", "hukou", "房产证", "不动产", "健康证", "居民户口簿",
           "营业执照 设立", "宠物登记", "y"]
TARGET_MS = 50


@contextlib.contextmanager
def database(engine: str):
    """An empty throwaway database; yields its URL."""
    if engine == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/bench.sqlite"
        return
    import psycopg
    name = f"hall_search_bench_{os.getpid()}"
    with psycopg.connect(PG_SERVER, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name}")
        connection.execute(f"CREATE DATABASE {name}")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_SERVER, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def build_hall(items: int) -> None:
    """The demo hall, grown to `items` items by renamed copies of the demo's."""
    from sqlalchemy import select

    from hall.cli import upgrade_schema
    from hall.core import clock
    from hall.core.extensions import db
    from hall.demo.seed import load_demo
    from hall.items.models import Item, Material
    from hall.items.search import build_search_text
    upgrade_schema()
    load_demo(clock.now())
    db.session.commit()
    demo = db.session.scalars(select(Item).order_by(Item.id)).all()
    places = ["城关镇", "东关", "西街", "南川", "北山", "河口", "新寨", "李家堡", "马营", "高崖"]
    for n in range(items - len(demo)):
        model = demo[n % len(demo)]
        name = f"{model.name}（{places[n % len(places)]}{n // len(places) + 1}号便民点）"
        copy = Item(**{c.name: getattr(model, c.name) for c in Item.__table__.columns
                       if c.name not in ("id", "code", "name", "search_text")},
                    code=f"{model.code}-{n:05d}", name=name)
        materials = [m.name for m in model.materials]
        copy.materials = [Material(name=m, position=p) for p, m in enumerate(materials)]
        copy.search_text = build_search_text(name, model.alias_list, model.department.name,
                                             materials, copy.code)
        db.session.add(copy)
        if n % 500 == 499:
            db.session.flush()
    db.session.commit()


def timed(call) -> tuple[float, float]:
    """Wall-clock and this process's CPU milliseconds of one call. On a shared machine the
    wall clock includes waiting for a core; the CPU time does not (for SQLite it covers the
    database's work too, which runs in this process; PostgreSQL's runs in the server)."""
    start, cpu = time.perf_counter(), time.process_time()
    call()
    return (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000


def measure(app, rounds: int) -> dict:
    """Milliseconds per (way, query) over the rounds, queries taken in turn."""
    from hall.core.extensions import db
    from hall.guide.views import SHOWN
    from hall.items.services import search_items
    client = app.test_client()

    def service(q):
        found = search_items(q, limit=SHOWN + 1)
        [item.department.name for item in found]
        db.session.remove()

    def get(url):
        def call(q):
            response = client.get(url, query_string={"q": q})
            assert response.status_code == 200, response.status_code
        return call

    ways = {"service": service, "kiosk": get("/guide/results"), "api": get("/api/v1/items")}
    times = {(way, q): [] for way in ways for q in QUERIES}
    cpu = {(way, q): [] for way in ways for q in QUERIES}
    for call in ways.values():
        for q in QUERIES:           # warm up: compile, cache pages
            call(q)
    for _ in range(rounds):
        for q in QUERIES:
            for way, call in ways.items():
                wall, used = timed(lambda call=call, q=q: call(q))
                times[(way, q)].append(wall)
                cpu[(way, q)].append(used)
    return times, cpu


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def run(engine: str, items: int, rounds: int) -> dict:
    from hall import create_app
    from hall.core.extensions import db
    from hall.items.models import Item
    from hall.items.services import search_items
    with database(engine) as url:
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench",
                          "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000", "RATELIMIT": False})
        with app.app_context():
            build_hall(items)
            count = db.session.query(Item).count()
            matches = {q: len(search_items(q)) for q in QUERIES}
            db.session.remove()
            times, cpu = measure(app, rounds)
            db.engine.dispose()
    return {"engine": engine, "items": count, "matches": matches, "times": times, "cpu": cpu,
            "load": os.getloadavg()[0]}


def report(result: dict) -> str:
    lines = [f"**{result['engine']}**, {result['items']} items (load average "
             f"{result['load']:.1f} at the end):", "",
             "| way | p50 ms | p95 ms | max ms | CPU p50 ms | CPU p95 ms | slowest query (p95) |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for way in ("service", "kiosk", "api"):
        every = _all(result["times"], way)
        used = _all(result["cpu"], way)
        worst = max(QUERIES, key=lambda q: p95(result["times"][(way, q)]))
        lines.append(f"| {way} | {statistics.median(every):.1f} | {p95(every):.1f} | "
                     f"{max(every):.1f} | {statistics.median(used):.1f} | {p95(used):.1f} | "
                     f"`{worst}` {p95(result['times'][(way, worst)]):.1f} "
                     f"({result['matches'][worst]} matches) |")
    return "\n".join(lines)


def _all(times: dict, way: str) -> list[float]:
    return [t for (w, _q), ts in times.items() if w == way for t in ts]


def verdict(results: list[dict]) -> str:
    worst = max(p95(_all(r["times"], "kiosk")) for r in results)
    service = max(p95(_all(r["times"], "service")) for r in results)
    api = max(p95(_all(r["times"], "api")) for r in results)
    ok = "met" if max(worst, service) <= TARGET_MS else "NOT met"
    return (f"Target p95 <= {TARGET_MS} ms for the kiosk's search ({ok}): service p95 "
            f"{service:.1f} ms, kiosk live search p95 {worst:.1f} ms; the API with every match "
            f"p95 {api:.1f} ms (worst engine each).")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    os.environ["HALL_RATELIMIT"] = "off"
    engines = ["sqlite", "postgresql"] if args.engine == "both" else [args.engine]
    results = [run(engine, args.items, args.rounds) for engine in engines]
    body = "\n\n".join(report(r) for r in results) + "\n\n" + verdict(results)
    matches = ", ".join(f"`{q}` {n}" for q, n in results[0]["matches"].items())
    text = (f"\n## Search benchmark, {date.today().isoformat()}\n\n"
            f"`bench/search_bench.py --items {args.items} --rounds {args.rounds}` on "
            f"{platform.python_implementation()} {platform.python_version()}, "
            f"{os.cpu_count()} cores (shared). {len(QUERIES)} queries × {args.rounds} rounds per "
            f"way; matches per query: {matches}.\n\n{body}\n")
    print(text)
    if args.write:
        with open(ROOT / "bench" / "RESULTS.md", "a", encoding="utf-8") as results_file:
            results_file.write(text)


if __name__ == "__main__":
    main()
