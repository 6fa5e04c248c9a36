"""Dashboard benchmark: the manager's figures on a hall with 1 million cases and 3 million
tickets (about three years of a busy hall, ~1.1 million ratings).

Usage: .venv/bin/python bench/dashboard_bench.py [--engine sqlite|postgresql|both]
       [--requests 200] [--report-requests 30] [--rebuild] [--sql] [--write]

The database is built once (bench/dashboard_build.py: a few minutes) and kept for later
runs: SQLite at --db-path, PostgreSQL as database --pg-name. Times are server-side: each
request goes through the whole Flask application in-process (the test client, no network,
no HTTP server), with the clock frozen at the build's "now" (15:00 on a working day) and a
session logged in as a hall manager; 20 warm-up requests, then --requests timed ones per
endpoint (--report-requests for the month report). --sql prints each endpoint's slowest
SQL statements with their query plans.
"""
import argparse
import os
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HALL_RATELIMIT", "off")
from bench import dashboard_build  # noqa: E402
from bench.queue_bench import machine, percentile  # noqa: E402

TARGET_MS = 150
WARMUP = int(os.environ.get("BENCH_WARMUP", 20))


def endpoints(app, now: datetime) -> list[tuple[str, str]]:
    """(label, path) of what exists in this application; a missing one is noted and skipped."""
    rules = {rule.rule for rule in app.url_map.iter_rules()}
    month_end = date(now.year, now.month, 1) - timedelta(days=1)
    month = f"start={month_end.replace(day=1)}&end={month_end}"
    wanted = [("/api/v1/stats/today", "/api/v1/stats/today", "/api/v1/stats/today"),
              ("/dashboard", "/dashboard", "/dashboard"),
              ("/api/v1/dashboard", "/api/v1/dashboard", "/api/v1/dashboard"),
              ("/reports/", f"/reports/?{month}", f"/reports（{month_end:%Y年%m月}，一个月）")]
    found = []
    for rule, path, label in wanted:
        if rule in rules:
            found.append((label, path))
        else:
            print(f"  跳过 {rule}：应用中没有这个地址")
    return found


def logged_in(app):
    client = app.test_client()
    response = client.post("/login", data={"username": "bench",
                                           "password": dashboard_build.PASSWORD})
    if response.status_code != 302:
        raise RuntimeError(f"login failed: {response.status_code}")
    return client


def timed(client, path: str, count: int) -> tuple[list[float], list[float]]:
    """Wall-clock and this thread's CPU milliseconds of each request. The CPU time leaves
    out waiting for a core that other processes hold (and PostgreSQL's own work)."""
    times, cpu = [], []
    for _ in range(count):
        began, began_cpu = time.perf_counter(), time.thread_time()
        response = client.get(path)
        cpu.append((time.thread_time() - began_cpu) * 1000)
        times.append((time.perf_counter() - began) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{path}: HTTP {response.status_code}")
    return times, cpu


def slowest_sql(app, client, path: str, top: int = 5) -> list[tuple[float, str, object]]:
    """The slowest statements of one request to `path`, with their parameters."""
    from sqlalchemy import event

    from hall.core.extensions import db
    with app.app_context():
        engine = db.engine
    seen: list[tuple[float, str, object]] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        conn.info["bench_began"] = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany):
        seen.append(((time.perf_counter() - conn.info["bench_began"]) * 1000, statement,
                     parameters))

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        client.get(path)
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)
    return sorted(seen, key=lambda s: -s[0])[:top]


def plan(app, statement: str, parameters) -> list[str]:
    """EXPLAIN QUERY PLAN (SQLite) or EXPLAIN (PostgreSQL) of a captured statement."""
    from hall.core.extensions import db
    with app.app_context():
        raw = db.engine.raw_connection()
        try:
            cursor = raw.cursor()
            sqlite = db.engine.dialect.name == "sqlite"
            cursor.execute(("EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN ") + statement,
                           parameters)
            return [" ".join(str(c) for c in row[-1:]) for row in cursor.fetchall()]
        finally:
            raw.close()


def print_sql(app, client, path: str) -> None:
    for number, (ms, statement, parameters) in enumerate(slowest_sql(app, client, path)):
        print(f"      {ms:8.1f} ms  {' '.join(statement.split())[:300]}")
        if number < 2 and ms > 5:
            for line in plan(app, statement, parameters):
                print(f"                   {line}")


def measure(engine: str, args) -> dict:
    from hall import create_app
    from hall.core import clock
    url = dashboard_build.url_for(engine, args)
    meta = dashboard_build.read_meta(url)
    if meta is None or args.rebuild:
        print(f"[{engine}] 建库：{url}")
        meta = dashboard_build.build(engine, args)
    else:
        print(f"[{engine}] 沿用已建好的库：{url}")
        dashboard_build.upgrade(url)
    now = datetime.fromisoformat(meta["now"])
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                      "RATELIMIT": False})
    clock.freeze(now)
    try:
        client = logged_in(app)
        results = []
        for label, path in endpoints(app, now):
            count = args.report_requests if path.startswith("/reports") else args.requests
            timed(client, path, min(WARMUP, count))
            load = os.getloadavg()[0]
            times, cpu = timed(client, path, count)
            results.append({"label": label, "path": path, "n": count,
                            "p50": percentile(times, 0.5), "p95": percentile(times, 0.95),
                            "max": max(times), "cpu50": percentile(cpu, 0.5),
                            "cpu95": percentile(cpu, 0.95),
                            "load": max(load, os.getloadavg()[0])})
            print(f"  {label}: p50 {results[-1]['p50']:.1f} ms, p95 {results[-1]['p95']:.1f} ms,"
                  f" max {results[-1]['max']:.1f} ms, CPU p50 {results[-1]['cpu50']:.1f} ms")
            if args.sql:
                print_sql(app, client, path)
    finally:
        clock.freeze(None)
    return {"engine": engine, "meta": meta, "results": results, "url": url}


def report(run: dict) -> str:
    meta, counts = run["meta"], run["meta"]["counts"]
    lines = [
        f"### {run['engine']} — {time.strftime('%Y-%m-%d %H:%M')}", "",
        f"Machine: {machine()}. Database: {counts['case']:,} cases ({counts['open_cases']:,} "
        f"open), {counts['ticket']:,} tickets, {counts['rating']:,} ratings, "
        f"{counts['follow_up']:,} follow-ups, {counts['audit_entry']:,} audit entries; built in "
        f"{meta['build_seconds']} s. \"Now\" is {meta['now']} (UTC). In-process test client, "
        f"up to {WARMUP} warm-up requests, then the timed ones.", "",
        "| endpoint | requests | p50 ms | p95 ms | max ms | p95 ≤ 150 ms | CPU p50 / p95 ms "
        "| load |",
        "| --- | ---: | ---: | ---: | ---: | :---: | ---: | ---: |"]
    for r in run["results"]:
        ok = "yes" if r["p95"] <= TARGET_MS else "**no**"
        lines.append(f"| {r['label']} | {r['n']} | {r['p50']:.1f} | {r['p95']:.1f} | "
                     f"{r['max']:.1f} | {ok} | {r['cpu50']:.1f} / {r['cpu95']:.1f} | "
                     f"{r['load']:.1f} |")
    lines += ["", "CPU: the benchmark thread's CPU time per request (the application and, on "
              "SQLite, the database; not PostgreSQL's server processes). Load: the machine's "
              "1-minute load average while the endpoint ran (2 cores, shared)."]
    return "\n".join(lines + [""])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--db-path", default="/tmp/hall-bench/dashboard.sqlite")
    parser.add_argument("--pg-name", default="hall_dashboard_bench")
    parser.add_argument("--tickets", type=int, default=3_000_000)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--years", type=float, default=3)
    parser.add_argument("--today-arrivals", type=int, default=1000,
                        help="citizens on the simulated live day (the demo hall's 23 windows)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--report-requests", type=int, default=30,
                        help="timed requests of the month report (seconds each today)")
    parser.add_argument("--rebuild", action="store_true", help="build the database again")
    parser.add_argument("--sql", action="store_true", help="print the slowest SQL statements")
    parser.add_argument("--write", action="store_true", help="append to bench/RESULTS.md")
    args = parser.parse_args()
    engines = ["sqlite", "postgresql"] if args.engine == "both" else [args.engine]
    for engine in engines:
        text = report(measure(engine, args))
        print(text)
        if args.write:
            with open(ROOT / "bench" / "RESULTS.md", "a", encoding="utf-8") as results:
                results.write(text + "\n")


if __name__ == "__main__":
    main()
