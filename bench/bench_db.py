"""Database benchmark: indicator rows/s loaded into SQLite and PostgreSQL, with peers in the same run.

    make bench          (or: .venv/bin/python bench/bench_db.py [--dumps N])

A batch of generated dumps (tests/generator.py) is read into records first (not timed).
Then, for each database, the best of a few rounds of:
- jixiao load: `load_records` of the whole batch into a new database (documents, records with
  their JSON, indicators, warnings; one transaction), counted in indicator rows/s;
- jixiao reload: the same batch again (every source's old rows deleted, the new inserted);
- peer: pandas `DataFrame.to_sql` of the same indicator rows (one flat table, no keys, no
  records or warnings), chunks of 1,000 rows, `method="multi"`;
- floor (PostgreSQL): psycopg `COPY … FROM STDIN` of the same flat rows.
PostgreSQL is a throwaway cluster the benchmark starts (fsync on, default settings) and stops.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jixiao.db import load_records, open_database  # noqa: E402
from jixiao.db.rows import rows_of  # noqa: E402
from jixiao.pipeline import records_from_text  # noqa: E402
from tests.generator import make_case  # noqa: E402
from tests.pgcluster import ClusterUnavailable, start_cluster  # noqa: E402

ROUNDS = 3
PANDAS_CHUNK = 10_000  # rows per executemany; pandas' default method (method="multi" was slower on both)
VARIANTS = ("clean", "combined", "funds_sum_mismatch", "shifted_names")


def batch(dumps: int) -> list[dict[str, Any]]:
    """Records of generated dumps, clean and distorted (so that records carry warnings)."""
    return [r for seed in range(dumps) for r in records_from_text(
        make_case(seed, "tsv", VARIANTS[seed % len(VARIANTS)]).text, f"bench/g{seed}.txt")]


def indicator_frame(records: list[dict[str, Any]]) -> Any:
    import pandas as pd

    rows = [row | {"record": k} for k, record in enumerate(records) for row in rows_of(1, record).indicators]
    return pd.DataFrame(rows)


def best(prepare: Callable[[], Any], work: Callable[[Any], None], rounds: int = ROUNDS) -> float:
    """The fastest of `rounds` runs of work(prepare()); only work is timed (each round on a new database)."""
    times = []
    for _ in range(rounds):
        prepared = prepare()
        start = time.perf_counter()
        work(prepared)
        times.append(time.perf_counter() - start)
    return min(times)


def jixiao_load(records: list[dict[str, Any]], loaded_first: bool) -> tuple[Callable, Callable]:
    """(prepare, work) of load_records on a new database at head (the batch already in it for a reload)."""
    def prepare_for(make_url: Callable[[], str]) -> Callable[[], Any]:
        def prepare() -> Any:
            engine = open_database(make_url())
            if loaded_first:
                load_records(engine, records, sizes=False)
            return engine
        return prepare

    def work(engine: Any) -> None:
        load_records(engine, records, sizes=False)
        engine.dispose()
    return prepare_for, work


def pandas_to_sql(frame: Any) -> Callable[[Any], None]:
    def work(engine: Any) -> None:
        frame.to_sql("indicators_peer", engine, index=False, chunksize=PANDAS_CHUNK)
        engine.dispose()
    return work


def psycopg_copy(frame: Any) -> Callable[[Any], None]:
    columns = list(frame.columns)
    rows = [[None if v != v else v for v in row] for row in frame.itertuples(index=False)]  # NaN as NULL

    def work(engine: Any) -> None:
        import psycopg

        url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        engine.dispose()
        with psycopg.connect(url) as connection:
            connection.execute(f"CREATE TABLE indicators_peer ({', '.join(f'{c} text' for c in columns)})")
            with connection.cursor().copy(f"COPY indicators_peer ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
    return work


def report(name: str, seconds: float, n_rows: int) -> None:
    print(f"  {name:<44} {seconds:7.3f} s   {n_rows / seconds:>10,.0f} indicator rows/s")


def run_backend(label: str, make_url: Callable[[], str], records: list[dict[str, Any]], frame: Any,
                extra: dict[str, Callable[[Any], None]]) -> None:
    from jixiao.db.engine import make_engine

    n = len(frame)
    print(f"{label}:")
    prepare_for, work = jixiao_load(records, loaded_first=False)
    report("jixiao load (documents+records+indicators+warnings)", best(prepare_for(make_url), work), n)
    prepare_for, work = jixiao_load(records, loaded_first=True)
    report("jixiao reload (every source replaced)", best(prepare_for(make_url), work), n)
    report("peer: pandas to_sql (indicators only, flat)", best(lambda: make_engine(make_url()), pandas_to_sql(frame)), n)
    for name, job in extra.items():
        report(name, best(lambda: make_engine(make_url()), job), n)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dumps", type=int, default=600, help="generated dumps in the batch (default 600)")
    args = parser.parse_args()
    records = batch(args.dumps)
    frame = indicator_frame(records)
    warnings = sum(len(r["warnings"]) for r in records)
    print(f"batch: {args.dumps} dumps, {len(records)} records, {len(frame)} indicators, {warnings} warnings; "
          f"best of {ROUNDS}, each on a new database")
    with tempfile.TemporaryDirectory() as folder:
        counter = iter(range(10_000))
        run_backend("SQLite (file, journal default)", lambda: f"sqlite:///{folder}/{next(counter)}.db",
                    records, frame, {})
    try:
        cluster = start_cluster(fsync=True)
    except ClusterUnavailable as error:
        print(f"PostgreSQL: not measured ({error})")
        return
    try:
        numbers = iter(range(10_000))
        version = cluster.bindir.parent.name
        run_backend(f"PostgreSQL {version} (throwaway cluster on 127.0.0.1, fsync on)",
                    lambda: cluster.create_database(f"bench{next(numbers)}"), records, frame,
                    {"floor: psycopg COPY (indicators only, flat)": psycopg_copy(frame)})
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
