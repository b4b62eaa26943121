"""Store imported items in the vault: ``ingest(db, items, ctx)`` → ``ImportReport`` (P10: crash-safe, resumable).

Items are written in batches, each in one transaction; a re-run after a crash or cancel skips what is already
there (``messages.dedupe_key`` is UNIQUE, ``raw_messages.sha256`` too), so it imports exactly the missing ones.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from sqlite_utils import Database

from privatrack.core import household as hh
from privatrack.core.errors import Cancelled, InvalidInput, NotFound, StorageError
from privatrack.core.models import ImportReport, RawMessage, Rejected
from privatrack.core.prepare import (
    _MSG_MERCHANT,
    Prepared,
    Preparer,
    RecipientMatcher,
    _clean,
    _init_worker,
    _key_of,
    _prepare_in_worker,
    dedupe_key,
)
from privatrack.core.store import search
from privatrack.core.store.connection import DatabaseError
from privatrack.core.tasks import TaskContext

log = logging.getLogger(__name__)
# Batches: 10,000 SMS per transaction write about twice as fast as 2,000 (fewer full-text index segments to flush
# and merge at commit). Mail costs ~10x an SMS to write, so its batches stop at 2,000 messages or 4 MB of
# originals (~500 x 8 KB): a batch stays around a second, for Cancel, and memory stays bounded.
BATCH_BYTES = 4 * 1024 * 1024
MAIL_BATCH = 2000
EARLY_WORKERS_BYTES = 16 * 1024 * 1024  # a file this large (mbox, CSV: no cheap count) holds several batches
MAX_REPORT_WARNINGS = 1000
Item = RawMessage | Rejected
InTransaction = Callable[[Database, Sequence[Item]], None]



_MESSAGE_COLS = (
    "channel, direction, source, source_item, dedupe_key, message_id, sender, sender_name, to_detail_id, "
    "to_address, date, date_ts, subject, body_text, has_html, headers, sha256, raw_id, category, merchant_id, "
    "confidence, reasons, classified_at, imported_at, classifier"
)
# Plain INSERT: existing keys are filtered first in the same transaction, and OR IGNORE would also swallow CHECK
# failures and count them as "already present".
_INSERT_MESSAGE = f"INSERT INTO messages({_MESSAGE_COLS}) VALUES ({', '.join('?' * 25)})"
_INSERT_RAW = "INSERT OR IGNORE INTO raw_messages(sha256, size, storage, data) VALUES (?, ?, ?, ?)"


def _resolve_detail(db: Database, to_detail: Any) -> hh.Detail | None:
    if to_detail is None or to_detail == "":
        return None
    if isinstance(to_detail, hh.Detail):
        return to_detail
    if isinstance(to_detail, int):
        row = db.execute(
            "SELECT d.id, p.name, d.kind, d.value, d.display, NULL FROM details d JOIN people p ON p.id = d.person_id "
            "WHERE d.id = ?", [to_detail]
        ).fetchone()
        if not row:
            raise InvalidInput(f"no detail with id {to_detail}")
        return hh.Detail(*row)
    return hh.find_detail(db, str(to_detail))


class _Ingest:
    def __init__(self, db: Database, ctx: TaskContext | None, preparer: Preparer,
                 in_transaction: InTransaction | None, source_label: str | None, total: int | None = None) -> None:
        self.total = total
        self.db = db
        self.ctx = ctx
        self.preparer = preparer
        self.in_transaction = in_transaction
        self.label = source_label
        self.report = ImportReport()
        self.seen = 0
        self.extra_warnings = 0
        self.merchant_ids: dict[str, int | None] = {}
        # SMS already in the vault without a receiving detail, to be given the one --to names now.
        self.fill_keys: list[str] = []

    def _merchant_id(self, name: str) -> int | None:
        """The vault id of a directory merchant named by the classifier, materialised on first use."""
        if name not in self.merchant_ids:
            try:
                self.merchant_ids[name] = hh.ensure_merchant(self.db, name)
            except NotFound:
                self.merchant_ids[name] = None
        return self.merchant_ids[name]

    def warn(self, text: str) -> None:
        if len(self.report.warnings) < MAX_REPORT_WARNINGS:
            self.report.warnings.append(text)
        else:
            self.extra_warnings += 1

    def existing(self, keys: list[str]) -> set[str]:
        found: set[str] = set()
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            found.update(
                r[0] for r in self.db.execute(
                    f"SELECT dedupe_key FROM messages WHERE dedupe_key IN ({','.join('?' * len(chunk))})", chunk
                )
            )
        return found

    def unknown(self, batch: list[Item]) -> tuple[list[RawMessage], int]:
        """:return: the batch's messages not in the vault yet, and how many are. Re-runs skip the classifier."""
        msgs = _msgs(batch)
        keys = [_key_of(m) for m in msgs]
        known = self.existing(keys)
        if self.preparer.to_detail is not None:
            self.fill_keys += [k for m, k in zip(msgs, keys, strict=True)
                               if k in known and m.channel == "sms" and m.direction == "in"]
        fresh = [m for m, k in zip(msgs, keys, strict=True) if k not in known]
        return fresh, len(msgs) - len(fresh)

    def write(self, batch: list[Item], prepared_all: list[Prepared | Rejected], known: int = 0) -> None:
        """Write one batch (already prepared) in one transaction; ``known`` messages were found present earlier."""
        if not batch:
            return
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        rejects = [r for r in batch if isinstance(r, Rejected)] + [p for p in prepared_all if isinstance(p, Rejected)]
        prepared = [p for p in prepared_all if not isinstance(p, Rejected)]
        try:
            with hh.writing(self.db):
                result = self._write(batch, prepared, rejects, now, per_row=False)
        except (StorageError, DatabaseError, UnicodeError, ValueError) as exc:
            # One bad row must not cost the batch: redo it row by row, rejecting only what fails (P18).
            # A real storage failure (disk full) fails again here and propagates.
            log.warning("batch write failed (%s); retrying row by row", exc)
            self.merchant_ids.clear()  # merchants materialised in the rolled-back transaction are gone
            with hh.writing(self.db):
                result = self._write(batch, prepared, rejects, now, per_row=True)
        _trim_heap()
        # Counted only once the transaction committed.
        self.report.imported += result[0]
        self.report.already_present += result[1] + known
        self.report.rejected.extend(result[2])
        for source, item, warnings, *_ in prepared:
            for w in warnings:
                self.warn(f"{source} {item}: {w}")

    def _write(self, batch: list[Item], prepared: list[Prepared], rejects: list[Rejected], now: str, *,
               per_row: bool) -> tuple[int, int, list[Rejected]]:
        db = self.db
        # Checked again inside the transaction: batches prepared ahead may share keys.
        existing = self.existing([p[5] for p in prepared])
        fresh = []
        already = 0
        for p in prepared:
            if p[5] in existing:
                already += 1
            else:
                existing.add(p[5])
                fresh.append(p)
        imported = 0
        failed: list[Rejected] = []
        fresh = [
            p if p[6] is None else
            p[:4] + (p[4][:_MSG_MERCHANT] + (self._merchant_id(p[6]),) + p[4][_MSG_MERCHANT + 1:],) + p[5:]
            for p in fresh
        ]
        if not per_row:
            db.conn.executemany(_INSERT_RAW, [p[3] for p in fresh])
            shas = list({p[3][0] for p in fresh})
            ids: dict[str, int] = {}
            for i in range(0, len(shas), 500):
                chunk = shas[i : i + 500]
                ids.update(db.execute(
                    f"SELECT sha256, id FROM raw_messages WHERE sha256 IN ({','.join('?' * len(chunk))})", chunk
                ).fetchall())
            rows = [p[4][:17] + (ids.get(p[3][0]),) + p[4][18:] for p in fresh]
            db.conn.executemany(_INSERT_MESSAGE, rows)
            imported = len(rows)
        else:
            for source, item, _w, raw_row, msg_row, _key, _pending in fresh:
                try:
                    db.conn.execute(_INSERT_RAW, raw_row)
                    rid = db.execute("SELECT id FROM raw_messages WHERE sha256 = ?", [raw_row[0]]).fetchone()[0]
                    db.conn.execute(_INSERT_MESSAGE, msg_row[:17] + (rid,) + msg_row[18:])
                    imported += 1
                except (DatabaseError, UnicodeError, ValueError) as exc:
                    failed.append(Rejected(source, item, f"could not be stored ({exc})"))
        # The full-text index takes the whole batch in one statement, in this transaction (m003).
        search.catch_up(db)
        all_rejects = rejects + failed
        if all_rejects:
            db.conn.executemany(
                "INSERT INTO import_rejects(source, item, reason, created_at) VALUES (?, ?, ?, ?)",
                [(_clean(r.source), _clean(r.item), _clean(r.reason), now) for r in all_rejects],
            )
        if self.fill_keys and self.preparer.to_detail is not None:
            detail_id, value = self.preparer.to_detail
            db.conn.executemany(
                "UPDATE messages SET to_detail_id = ?, to_address = ? WHERE dedupe_key = ? AND to_detail_id IS NULL",
                [(detail_id, value, k) for k in self.fill_keys],
            )
            self.fill_keys = []
        if self.in_transaction is not None:
            self.in_transaction(db, batch)
        return imported, already, all_rejects

    def progress(self) -> None:
        if self.ctx is not None:
            label = f"{self.label}: " if self.label else ""
            total = self.total if self.total is not None and self.total >= self.seen else None
            self.ctx.report(self.seen, total, f"{label}{self.report.imported:,} imported, "
                            f"{self.report.already_present:,} already present, {len(self.report.rejected):,} rejected")


_malloc_trim: Any = None
_last_trim = 0.0
TRIM_EVERY = 0.5  # seconds: about once a mail batch; a trim costs 5-20 ms on a 250 MB heap


def _trim_heap() -> None:
    """Hand the heap memory freed with the last batches back to the system (glibc's ``malloc_trim``; elsewhere
    nothing), at most every ``TRIM_EVERY`` seconds.

    A batch's messages are unpickled by the helper pool's receiving threads, and glibc gives threads their own
    arenas, which it keeps once grown: without this the importer's resident memory crept up over a long import
    (Maildir of 100,000 mails with classification: 252-276 MB from 20,000 mails on, peak 287-288 MB; trimmed after
    each batch 223-243 MB throughout, peak 277-281 MB; every 2 s, no clear gain).
    """
    global _malloc_trim, _last_trim
    now = time.monotonic()
    if now - _last_trim < TRIM_EVERY:
        return
    _last_trim = now
    if _malloc_trim is None:
        _malloc_trim = False
        if sys.platform.startswith("linux"):
            import ctypes

            try:
                _malloc_trim = ctypes.CDLL(None).malloc_trim  # absent from musl
            except (OSError, AttributeError):
                pass
    if _malloc_trim:
        _malloc_trim(0)


def _sync_wal(db: Database) -> None:
    """fsync the WAL once, so the batches committed under synchronous=NORMAL are durable when we report (P11)."""
    row = db.execute("PRAGMA database_list").fetchone()
    wal = f"{row[2]}-wal" if row and row[2] else ""
    if wal and os.path.exists(wal):
        fd = os.open(wal, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _batches(items: Iterable[Item], batch_size: int, job: _Ingest) -> Iterator[list[Item]]:
    batch: list[Item] = []
    size = mails = 0
    for item in items:
        batch.append(item)
        job.seen += 1
        if isinstance(item, RawMessage):
            size += len(item.raw)
            mails += item.channel == "email"
        if len(batch) >= batch_size or size >= BATCH_BYTES or mails >= MAIL_BATCH:
            yield batch
            batch, size, mails = [], 0, 0
    if batch:
        yield batch


def _msgs(batch: list[Item]) -> list[RawMessage]:
    return [m for m in batch if isinstance(m, RawMessage)]


def ingest(
    db: Database,
    items: Iterable[Item],
    ctx: TaskContext | None = None,
    *,
    classifier: Any = None,
    to_detail: Any = None,
    batch_size: int = 10000,
    in_transaction: InTransaction | None = None,
    source_label: str | None = None,
    workers: int = 0,
    total: int | None = None,
    early_workers: bool = False,
) -> ImportReport:
    """Store ``items`` in the vault in batches, one transaction each; committed batches survive a crash or cancel.

    :param db: the vault's writer connection.
    :param items: what ``importers.iter_items`` (or the IMAP importer) yields.
    :param ctx: progress and cancellation; checked between batches. A cancel returns the report with
        ``cancelled=True`` (what was committed stays).
    :param classifier: an object with ``classify(msg, to_detail=None) -> Classification``; ``None`` stores the
        messages unclassified.
    :param to_detail: the detail incoming SMS were sent to (a value such as ``+8613800138000``, a detail id or a
        ``household.Detail``); for mail it is only a fallback when no recipient header matches a detail.
    :param batch_size: messages per transaction (a batch is also cut at ``BATCH_BYTES`` and ``MAIL_BATCH``).
    :param in_transaction: called as ``in_transaction(db, batch)`` inside each batch's transaction (the IMAP
        importer records its UID high-water mark there, so state and messages commit together).
    :param source_label: a name for progress labels.
    :param workers: processes that hash, compress, match and classify the next batch while this one is written
        (0: all in this process). Needs a picklable classifier; falls back to 0 otherwise.
    :param total: expected number of items (``importers.estimate_count``) for a determinate progress bar; more
        than one batch starts the ``workers`` before the first batch.
    :param early_workers: start the ``workers`` before the first batch even without a ``total`` (a large file).
    :raises NotFound: ``to_detail`` names no recorded detail.
    """
    detail = _resolve_detail(db, to_detail)
    preparer = Preparer(RecipientMatcher.load(db), classifier, (detail.id, detail.value) if detail else None)
    job = _Ingest(db, ctx, preparer, in_transaction, source_label, total)
    pool = None
    # WAL with synchronous=NORMAL stays consistent after a crash or SIGKILL (P10); only an OS crash may lose the
    # last batches, which a re-run imports again. It saves an fsync per batch.
    old_sync = db.execute("PRAGMA synchronous").fetchone()[0]
    db.execute("PRAGMA synchronous = NORMAL")
    # Fewer, larger checkpoints while bulk-writing (the WAL may grow to ~32 MB; measured 10-30% faster).
    old_ckpt = db.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    db.execute("PRAGMA wal_autocheckpoint = 8192")
    try:
        if ctx is not None:
            ctx.raise_if_cancelled()
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        batches = _batches(items, batch_size, job)
        if workers > 0 and (early_workers or (total is not None and total > min(batch_size, MAIL_BATCH))):
            # Several batches ahead: start the helpers now. They load the classifier while this process parses
            # the first batch, instead of this process classifying a whole (10,000 SMS) batch alone.
            pool = _pool(preparer, workers)
            if pool is not None:
                _pipelined(pool, workers, batches, job, ctx, now)
                batches = iter(())
            else:
                workers = 0  # a classifier that does not pickle, or no processes: prepare here (logged once)
        for n, batch in enumerate(batches):
            fresh, known = job.unknown(batch)
            job.write(batch, preparer.batch(fresh, now), known)
            job.progress()
            if ctx is not None:
                ctx.raise_if_cancelled()
            if n == 0 and workers > 0:
                # Workers only pay off past the first batch (starting them costs about a second).
                pool = _pool(preparer, workers)
                if pool is not None:
                    _pipelined(pool, workers, batches, job, ctx, now)
                    break
    except Cancelled:
        job.report.cancelled = True
    finally:
        if pool is not None:
            pool.terminate()
        db.execute(f"PRAGMA synchronous = {int(old_sync)}")
        _sync_wal(db)
        db.execute(f"PRAGMA wal_autocheckpoint = {int(old_ckpt)}")
        try:
            db.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except DatabaseError as exc:  # a reader holding the WAL is fine; the next checkpoint catches up
            log.info("checkpoint after import deferred: %s", exc)
        close = getattr(items, "close", None)
        if callable(close):
            close()
    if job.extra_warnings:
        job.report.warnings.append(f"... and {job.extra_warnings:,} more warnings")
    return job.report


def _pool(preparer: Preparer, workers: int) -> Any:
    if workers <= 0:
        return None
    import pickle

    from privatrack.core.importers.procs import spawn_pool

    try:
        pickle.dumps(preparer)
    except Exception as exc:  # noqa: BLE001 - e.g. a classifier holding a connection: prepare in-process
        log.info("preparing in-process: %s", exc)
        return None
    try:
        return spawn_pool(workers, _init_worker, (preparer,))
    except Exception as exc:  # noqa: BLE001 - e.g. a classifier class defined in __main__: prepare in-process
        log.info("helper processes unavailable (%s); preparing in-process", exc)
        return None


def _pipelined(pool: Any, workers: int, batches: Iterator[list[Item]], job: _Ingest, ctx: TaskContext | None,
               now: str) -> None:
    """Workers prepare the next batches while this process writes the current one (memory: ~3 batches)."""
    from collections import deque

    from privatrack.core.importers.procs import HelperDied

    pending: deque[tuple[list[Item], int, list[tuple[list[RawMessage], Any]]]] = deque()

    def submit(batch: list[Item]) -> None:
        msgs, known = job.unknown(batch)
        # chunks of at most 2,000: the helper starts sooner and results come back while it works (~3% on SMS)
        step = max(1, min(-(-len(msgs) // workers), 2000))
        chunks = [msgs[i : i + step] for i in range(0, len(msgs), step)]
        pending.append((batch, known, [(c, pool.apply_async(_prepare_in_worker, (c, now))) for c in chunks]))

    def drain_one() -> None:
        batch, known, futures = pending.popleft()
        prepared: list[Prepared | Rejected] = []
        for chunk, f in futures:
            try:
                prepared.extend(f.get())
            except HelperDied as exc:  # killed, out of memory: this process prepares the chunk instead
                log.warning("%s; preparing its messages here", exc)
                prepared.extend(job.preparer.batch(chunk, now))
        job.write(batch, prepared, known)
        job.progress()
        if ctx is not None:
            ctx.raise_if_cancelled()

    for batch in batches:
        submit(batch)
        if len(pending) > 2:
            drain_one()
    while pending:
        drain_one()


def classify_workers() -> int:
    """Classify helpers for a source: one per core, at most 2 (none on one core).

    Classifying and preparing a message takes more than half of the CPU its import costs (the parse helper and the
    writer share the rest), so one helper bounds the rate while the other core idles part of the time; two share
    it. SMS since session 11 (SMS XML with classification, interleaved runs on 2 cores: median 5,370 -> 6,070
    SMS/s); mail since the full-text index of words (m006) made the writer light enough (Maildir, 3 interleaved
    pairs: 933-1,271 -> 1,026-1,218 mails/s, medians 1,096 -> 1,145; mbox medians 916 -> 1,113).
    """
    cores = os.cpu_count() or 1
    return 0 if cores < 2 else 2


def import_paths(
    db: Database,
    paths: Sequence[str | os.PathLike[str]],
    ctx: TaskContext | None = None,
    *,
    fmt: str = "auto",
    to_detail: Any = None,
    classifier: Any = None,
    workers: int | None = None,
    labels: Sequence[str] | None = None,
) -> ImportReport:
    """Import files and folders, one report for all: what the CLI's ``import`` and the GUI's Import page run.

    :param paths: files or folders; each is detected on its own unless ``fmt`` names the format.
    :param ctx: progress and cancel; a cancel stops after the current batch and skips the remaining paths.
    :param workers: helper processes (``None``: ``mail.default_workers()`` parse helpers and ``classify_workers()``
        classify helpers); prepare workers only run with a classifier.
    :param labels: what progress calls each path (default: the path itself).
    """
    from privatrack.core.importers import detect_format, estimate_count, iter_items
    from privatrack.core.importers.mail import default_workers

    n = default_workers() if workers is None else max(0, workers)
    total = ImportReport()
    for i, path in enumerate(paths):
        name = detect_format(path) if fmt == "auto" else fmt
        count = estimate_count(path, name or fmt)
        classify_n = classify_workers() if workers is None else n
        try:
            large = count is None and os.path.getsize(path) > EARLY_WORKERS_BYTES
        except OSError:
            large = False
        report = ingest(db, iter_items(path, fmt, workers=n), ctx, classifier=classifier, to_detail=to_detail,
                        source_label=labels[i] if labels else str(path),
                        workers=classify_n if classifier is not None else 0, total=count, early_workers=large)
        total.imported += report.imported
        total.already_present += report.already_present
        total.rejected.extend(report.rejected)
        total.warnings.extend(report.warnings[: max(0, MAX_REPORT_WARNINGS - len(total.warnings))])
        if report.cancelled:
            total.cancelled = True
            break
    return total


__all__ = ["Preparer", "RecipientMatcher", "dedupe_key", "import_paths", "ingest", "classify_workers"]
