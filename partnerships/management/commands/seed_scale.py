"""``manage.py seed_scale --umkm N --firms M``: a database at national scale, synthetic.

Loads realistic synthetic UMKM (with KBLI codes, products, certifications), firms (with
sectors, sites and needs) and what happens between them (interests, matches, commitments and
their realisation reports) through PostgreSQL's COPY (partnerships/synthetic_data.py), then
VACUUMs and ANALYZEs what it loaded, and checks that the directory's search finds the new
rows. A million UMKM and ten thousand firms take a few minutes on two cores; it prints the
rows, seconds and rows per second of each table.

Safe by construction:

- PostgreSQL only (COPY); on SQLite it stops with a message saying so.
- Idempotent: it brings the database *up to* N synthetic UMKM and M firms. Run again with the
  same figures it finds them there and changes nothing; with larger ones it adds only what is
  missing (new firms come with their own needs, interests, matches and commitments); it never
  deletes.
- It never touches a database holding real records (UMKM or firms without the synthetic
  marks, bridging sessions, accounts of people who signed up): it stops and names what it
  found, before writing anything.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor

from partnerships import synthetic_data

# A word most synthetic documents of food makers hold, to check the search index answers.
SEARCH_CHECK_WORD = "keripik"


class Command(BaseCommand):
    help = (
        "Loads synthetic UMKM, firms, needs, interests, matches and commitments at national "
        "scale into a PostgreSQL database of its own (up to the figures given; idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--umkm", type=int, required=True, help="synthetic UMKM the database should hold"
        )
        parser.add_argument(
            "--firms", type=int, required=True, help="synthetic firms the database should hold"
        )
        parser.add_argument("--seed", type=int, default=2021, help="seed of the generator")
        parser.add_argument(
            "--batch-size", type=int, default=20_000, help="UMKM generated per COPY batch"
        )
        parser.add_argument(
            "--no-vacuum",
            action="store_true",
            help="ANALYZE inside the load's transaction instead of VACUUM (ANALYZE) after it",
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="database alias (default: default)"
        )

    def handle(self, *args, umkm, firms, seed, batch_size, no_vacuum, database, **options):
        if umkm < 0 or firms < 0 or batch_size < 1:
            raise CommandError(
                "--umkm and --firms are counts (0 or more); --batch-size is 1 or more."
            )
        connection = connections[database]
        if connection.vendor != "postgresql":
            raise CommandError(
                f"seed_scale loads through PostgreSQL's COPY and runs on PostgreSQL only; this "
                f"database is {connection.vendor}. Point DATABASE_URL at a PostgreSQL database "
                "of its own, e.g. postgres://postgres@127.0.0.1:5432/portal_scale."
            )
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("The database is not fully migrated: run `manage.py migrate` first.")
        # VACUUM cannot run inside a transaction (a test's, or a caller's atomic block).
        vacuum = not no_vacuum and not connection.in_atomic_block
        started = time.perf_counter()
        with transaction.atomic(using=database):
            connection.ensure_connection()
            with connection.cursor() as cursor:
                synthetic_data.lock_tables(cursor)
                try:
                    synthetic_data.refuse_real_records(cursor)
                except synthetic_data.RealRecordsPresent as refusal:
                    raise CommandError(f"Refused, nothing was written. {refusal}") from None
                have_umkm, have_firms = synthetic_data.synthetic_counts(cursor)
            missing_umkm, missing_firms = max(0, umkm - have_umkm), max(0, firms - have_firms)
            self.stdout.write(
                f"The database holds {have_umkm:,} synthetic UMKM and {have_firms:,} synthetic "
                f"firms; asked for {umkm:,} and {firms:,}."
            )
            if not missing_umkm and not missing_firms:
                self.stdout.write(self.style.SUCCESS("Nothing to load: already seeded."))
                return
            self.stdout.write(f"Loading {missing_umkm:,} UMKM and {missing_firms:,} firms...")
            report = synthetic_data.load(
                connection.connection,
                umkm=missing_umkm,
                firms=missing_firms,
                seed=seed,
                batch_size=batch_size,
                analyze=not vacuum,
                progress=self._progress,
            )
            committing = time.perf_counter()
        committed = time.perf_counter()
        self._print_report(report)
        self.stdout.write(f"Generated and copied in {report.seconds:.1f} s.")
        self.stdout.write(
            f"Committed (deferred foreign-key checks) in {committed - committing:.1f} s."
        )
        if vacuum:
            self.stdout.write(f"VACUUM (ANALYZE) in {self._vacuum(connection, report):.1f} s.")
        else:
            self.stdout.write("ANALYZEd inside the load's transaction (no VACUUM).")
        self._check_search(database)
        total = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {report.umkm:,} UMKM, {report.firms:,} firms, {report.needs:,} needs: "
                f"{report.total_rows:,} rows in {total:.1f} s "
                f"({report.total_rows / total:,.0f} rows/s overall)."
            )
        )

    def _progress(self, done: int, total: int) -> None:
        if done % 100_000 == 0 or done == total:
            self.stdout.write(f"  {done:,} / {total:,} UMKM")
            self.stdout.flush()

    def _print_report(self, report: synthetic_data.LoadReport) -> None:
        for line in report.table_lines():
            self.stdout.write(f"  {line}")

    def _vacuum(self, connection, report) -> float:
        """Sets the visibility map (index-only scans), merges the search index's pending
        entries, and gathers the planner's statistics of every table loaded and of the
        reference tables."""
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for table in report.rows:
                if table in synthetic_data.TABLES:  # our own names, never typed ones
                    cursor.execute(f"VACUUM (ANALYZE) {table}")
            for table in synthetic_data.REFERENCE_TABLES:
                cursor.execute(f"ANALYZE {table}")
        return time.perf_counter() - started

    def _check_search(self, database: str) -> None:
        from partnerships.models import Umkm
        from partnerships.search import search_umkm

        started = time.perf_counter()
        found = search_umkm(Umkm.objects.using(database).verified(), SEARCH_CHECK_WORD).count()
        self.stdout.write(
            f"Search check: “{SEARCH_CHECK_WORD}” finds {found:,} verified UMKM "
            f"({(time.perf_counter() - started) * 1000:.0f} ms)."
        )
