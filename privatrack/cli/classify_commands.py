"""Commands of the classifier issue: ``classify`` (stand-alone on files), ``reclassify`` and ``correct``."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from privatrack.cli.app import EXIT_PARTIAL, AppContext, cli, emit_json, handle_errors, opened, pass_app
from privatrack.core import classify_files
from privatrack.core.classify import CATEGORIES, Classifier
from privatrack.core.classify import vault_ops as ops
from privatrack.core.importers import FORMATS, iter_items
from privatrack.core.models import Classification, RawMessage, Rejected
from privatrack.core.tasks import TaskContext


def record(msg: RawMessage, index: int, cls: Classification) -> dict[str, Any]:
    """One line of ``classify --json`` (the contract of issue 4)."""
    return {
        "source": msg.source,
        "index": index,
        "item": msg.item,
        "channel": msg.channel,
        "sender": msg.sender,
        "date": msg.date.isoformat() if msg.date else None,
        "message_id": msg.message_id,
        "category": cls.category,
        "merchant": cls.merchant,
        "confidence": cls.confidence,
        "reasons": list(cls.reasons),
        "suggestion": cls.suggestion,
    }


def _line(msg: RawMessage, cls: Classification) -> str:
    what = (msg.subject or msg.body_text or "").replace("\n", " ").strip()[:60]
    merchant = cls.merchant or "unknown sender"
    return (f"{cls.category:13s} {cls.confidence:4.2f}  {merchant[:20]:20s}  {(msg.sender or '-')[:28]:28s}  {what}\n"
            f"{'':19s}{'; '.join(cls.reasons)}")


@cli.command("classify")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per message (JSON Lines).")
@click.option("--to", "to_detail", default=None, metavar="DETAIL",
              help="The detail (address or number) these messages were sent to; a plus-alias can name a merchant.")
@click.option("--format", "fmt", type=click.Choice(["auto", *FORMATS]), default="auto", show_default=True,
              help="Input format; auto detects it.")
@click.option("--jobs", type=click.IntRange(min=0), default=None, metavar="N",
              help="Helper processes that classify while this one reads and prints (default: one per core beyond "
                   "the first, at most 2, for inputs of 4 MB or more; 0: none). The output is the same, in order.")
@handle_errors
def classify_cmd(paths: tuple[Path, ...], as_json: bool, to_detail: str | None, fmt: str, jobs: int | None) -> None:
    """Classify messages in files (any format 'import' reads) without a vault: category, merchant, reasons."""
    classifier = Classifier.standalone()
    workers = classify_files.default_workers(paths) if jobs is None else jobs
    rejected = 0
    # One stream over every path for the helpers; "index" still counts per path and source, so where each path's
    # items begin is noted as they are read (ahead of the verdicts)
    starts: list[int] = []

    def read() -> Iterator[RawMessage | Rejected]:
        count = 0
        for path in paths:
            starts.append(count)
            for item in iter_items(path, fmt):
                count += 1
                yield item

    index: dict[str, int] = {}
    position = 0
    for item, cls in classify_files.classify_items(read(), classifier, to_detail=to_detail, workers=workers):
        if starts and position == starts[0]:
            while starts and starts[0] == position:
                starts.pop(0)
            index = {}
        position += 1
        if isinstance(item, Rejected):
            rejected += 1
            click.echo(f"skipped {item.source} {item.item}: {item.reason}", err=True)
            continue
        n = index.get(item.source, 0)
        index[item.source] = n + 1
        if not isinstance(cls, Classification):
            rejected += 1
            click.echo(f"skipped {item.source} {item.item}: not classified ({cls.error if cls else '?'})", err=True)
            continue
        if as_json:
            emit_json(record(item, n, cls))
        else:
            click.echo(_line(item, cls))
    if rejected:
        click.echo(f"{rejected} item(s) could not be read or classified", err=True)
        raise click.exceptions.Exit(EXIT_PARTIAL)


@cli.command("reclassify")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--stale", is_flag=True,
              help="Only the messages an older version of the classifier judged (after an upgrade).")
@click.option("--jobs", type=click.IntRange(min=0), default=None, metavar="N",
              help="Helper processes that classify while this one reads and writes the vault (default: one on a "
                   "machine of 2 cores or more, for 5,000 messages or more; 0: none).")
@pass_app
@handle_errors
def reclassify_cmd(app: AppContext, as_json: bool, stale: bool, jobs: int | None) -> None:
    """Re-run the classifier over every message in the vault (after a model, rule or merchant change)."""
    with opened(app) as v:
        classifier = Classifier.for_db(v.db)
        total = (ops.stale_count(v.db, classifier.version) if stale
                 else v.db.execute("SELECT count(*) FROM messages").fetchone()[0])
        with click.progressbar(length=total, label="Reclassifying", file=sys.stderr) as bar:
            last = [0]

            class _Ctx(TaskContext):
                def report(self, done: int, total: int | None = None, label: str = "") -> None:
                    super().report(done, total, label)
                    bar.update(done - last[0])
                    last[0] = done

            ctx = _Ctx()
            report = ops.reclassify(v.db, classifier, ctx, stale=stale, workers=jobs)
    if as_json:
        emit_json(report.to_json())
    else:
        click.echo(f"Reclassified {report.total} message(s): {report.changed} changed, "
                   f"{report.kept_corrected} kept as you corrected them")
        if report.reread:
            click.echo(f"Read the text of {report.reread} HTML mail(s) again from the originals "
                       "(an older version had decoded it wrongly)")
        for line in report.failed:
            click.echo(f"not reclassified (kept as it was): {line}", err=True)


@cli.command("correct")
@click.argument("message_ref", metavar="MESSAGE_ID")
@click.option("--category", type=click.Choice(CATEGORIES), default=None, help="The right category.")
@click.option("--merchant", default=None, help="The right merchant (name or alias).")
@pass_app
@handle_errors
def correct_cmd(app: AppContext, message_ref: str, category: str | None, merchant: str | None) -> None:
    """Correct a message's category and/or merchant; similar messages will follow the correction."""
    with opened(app) as v:
        result = ops.correct(v.db, message_ref, category, merchant)
    parts = [p for p in (category, merchant) if p]
    click.echo(f"Corrected message {result['message']}: {', '.join(parts)}")
