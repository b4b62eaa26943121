"""Commands of the import issue: ``import`` (mail files, SMS backups, chat.db) and ``messages`` (list what is in)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import click

from privatrack.cli.app import EXIT_PARTIAL, AppContext, cli, emit_json, handle_errors, opened, pass_app
from privatrack.core import household as hh
from privatrack.core.importers import FORMATS
from privatrack.core.importers.pipeline import import_paths
from privatrack.core.models import ImportReport
from privatrack.core.store import search

EXCERPT_CHARS = 200
CLI_FORMATS = ("auto", "mbox", "maildir", "eml", "sms-xml", "sms-csv", "imessage")  # the contract order
assert set(CLI_FORMATS[1:]) == set(FORMATS)


def load_classifier(db: Any) -> Any:
    """:return: the classifier of issue 4 for this vault, or ``None`` when it is not available."""
    try:
        from privatrack.core.classify import Classifier
    except ImportError:
        return None
    return Classifier.for_db(db)


@cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--to", "to_detail", default=None, metavar="DETAIL",
              help="The household detail (phone number or address) the SMS in these backups were sent to.")
@click.option("--format", "fmt", type=click.Choice(CLI_FORMATS), default="auto", show_default=True,
              help="Input format; auto-detected per file by default.")
@click.option("--no-classify", is_flag=True, help="Store the messages without classifying them.")
@click.option("--verbose", "-v", is_flag=True, help="Also print warnings (charset guesses, repaired characters).")
@click.option("--jobs", type=int, default=None, metavar="N",
              help="Helper processes for parsing and classifying (default: one per spare core, at most 2, and for "
                   "an SMS source one classifying helper per core; 0: none).")
@pass_app
@handle_errors
def import_cmd(app: AppContext, paths: tuple[Path, ...], to_detail: str | None, fmt: str, no_classify: bool,
               verbose: bool, jobs: int | None) -> None:
    """Import e-mail (mbox, Maildir, .eml) and SMS (SMS Backup & Restore XML, CSV, iPhone chat.db) files.

    Importing the same files again adds nothing twice; a run stopped by a crash or Ctrl-C resumes where it stopped.
    """
    with opened(app) as v:
        if to_detail:
            hh.find_detail(v.db, to_detail)  # fail before reading anything when --to names no detail
        classifier = None if no_classify else load_classifier(v.db)
        total = import_paths(v.db, paths, fmt=fmt, to_detail=to_detail, classifier=classifier, workers=jobs)
        stale_hint(v.db, classifier)
    finish_import(total, verbose)


def stale_hint(db: Any, classifier: Any) -> None:
    """Say on stderr when messages judged by an older classifier remain (after an upgrade)."""
    if classifier is None:
        return
    from privatrack.core.classify.vault_ops import stale_count

    n = stale_count(db, classifier.version)
    if n:
        click.echo(f"note: {n} message(s) were classified by an older version of the classifier; "
                   "'privatrack reclassify --stale' brings them up to date", err=True)


def finish_import(report: ImportReport, verbose: bool) -> None:
    """Print the import summary (a contract: imported, already present, rejected; one line per rejected item)
    and exit 130 when cancelled, 3 (EXIT_PARTIAL) when some items were rejected."""
    click.echo(
        f"Imported {report.imported}, already present {report.already_present}, rejected {len(report.rejected)}"
        + (f" ({len(report.warnings)} warnings)" if report.warnings else "")
    )
    for r in report.rejected:
        click.echo(f"rejected: {r.source} [{r.item}]: {r.reason}")
    if verbose:
        for w in report.warnings:
            click.echo(f"warning: {w}", err=True)
    if report.cancelled:
        raise click.exceptions.Exit(130)
    if report.rejected:
        raise click.exceptions.Exit(EXIT_PARTIAL)


def _since_ts(since: str) -> float:
    d = dt.date.fromisoformat(hh.parse_date(since) or since)
    return dt.datetime.combine(d, dt.time(), dt.UTC).timestamp()


def query_messages(db: Any, *, merchant: str | None = None, category: str | None = None,
                   since: str | None = None, limit: int | None = None, text: str | None = None
                   ) -> list[dict[str, Any]]:
    """:return: messages as JSON-ready dicts, oldest first; ``text``: only those a search for it finds."""
    where: list[str] = []
    args: list[Any] = []
    if merchant:
        m = hh.find_merchant(db, merchant)
        if m.id is None:
            return []
        where.append("m.merchant_id = ?")
        args.append(m.id)
    if category:
        where.append("m.category = ?")
        args.append(category)
    if since:
        where.append("m.date_ts >= ?")
        args.append(_since_ts(since))
    if text and text.strip():
        cond, cond_args = search.where(text)
        where.append(cond)
        args += cond_args
    sql = (
        "SELECT m.id, m.channel, m.direction, m.sender, m.sender_name, coalesce(d.value, m.to_address), m.date, "
        "m.subject, substr(m.body_text, 1, 400), m.message_id, m.sha256, m.category, mer.name, m.confidence, "
        "m.reasons, m.source, m.source_item FROM messages m LEFT JOIN details d ON d.id = m.to_detail_id "
        "LEFT JOIN merchants mer ON mer.id = m.merchant_id"
    )
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY m.date_ts IS NULL, m.date_ts, m.id"
    if limit:
        sql += f" LIMIT {int(limit)}"
    out = []
    for r in db.execute(sql, args):
        excerpt = " ".join((r[8] or "").split())[:EXCERPT_CHARS]
        out.append({
            "id": r[0],
            "channel": r[1],
            "direction": r[2],
            "sender": r[3],
            "sender_name": r[4],
            "to": r[5],
            "date": r[6],
            "subject": r[7],
            "excerpt": excerpt,
            "message_id": r[9] if r[1] == "email" else None,
            "sha256": r[10],
            "category": r[11],
            "merchant": r[12],
            "confidence": r[13],
            "reasons": json.loads(r[14]) if r[14] else [],
            "source": r[15],
            "item": r[16],
        })
    return out


@cli.command("messages")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines.")
@click.option("--merchant", default=None, help="Only messages attributed to this merchant.")
@click.option("--category", type=click.Choice(["marketing", "transactional", "personal", "fraud"]), default=None)
@click.option("--since", default=None, metavar="YYYY-MM-DD", help="Only messages from this day on (UTC).")
@click.option("--limit", type=int, default=None, help="At most this many messages.")
@click.option("--search", "text", default=None, metavar="TEXT",
              help='Only messages holding every word of TEXT (word starts, Chinese characters, "a phrase").')
@pass_app
@handle_errors
def messages_cmd(app: AppContext, as_json: bool, merchant: str | None, category: str | None, since: str | None,
                 limit: int | None, text: str | None) -> None:
    """List imported messages."""
    with opened(app) as v:
        rows = query_messages(v.db, merchant=merchant, category=category, since=since, limit=limit, text=text)
    for r in rows:
        if as_json:
            emit_json(r)
        else:
            date = (r["date"] or "")[:16].replace("T", " ")
            what = r["subject"] or r["excerpt"][:60]
            click.echo(f"{r['id']}\t{date}\t{r['channel']}\t{r['sender'] or '-'}\t{r['category'] or '-'}\t{what}")
