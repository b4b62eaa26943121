"""The full-text index of messages, and how a user's search text is looked up in it.

The index (``messages_fts``, migration m006) is an FTS5 table of words: the ``unicode61`` tokenizer (case and
diacritics folded) for text written with spaces, and overlapping character pairs for the scripts written without
them (Chinese, Japanese, Korean, Thai...): ``订单已发货`` is indexed as ``订单 单已 已发 发货 货``, as Lucene's CJK
analyser does (plus the run's last character), so any Chinese word, one character long or more, is found through
the index. Only the index is stored (contentless,
``contentless_delete=1``): the text it is built from is computed here, so the table cannot read it back from
``messages``. Indexing every character triple (the ``trigram`` tokenizer, m001-m005) cost ~5x the CPU on mail
and twice the disk.

Rows are indexed in bulk up to a watermark: writers insert messages and then call :func:`catch_up` in the same
transaction (the importer does, per batch); opening a vault calls it too, so a row inserted by any other means
becomes searchable at the latest then. An edit of an indexed row's text drops it from the index and queues it in
``fts_stale`` for the next :func:`catch_up` (the triggers cannot compute the indexed text themselves: SQL
functions defined here would be missing in any other tool that edits the vault).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

from sqlite_utils import Database

# Scripts written without spaces between words: Thai, Lao, Myanmar, Khmer, CJK radicals and ideographs, kana,
# Bopomofo, Hangul (its words carry particles: "서울에서" holds "서울"), compatibility ideographs and the supplementary
# ideograph planes; not CJK punctuation ("。", a separator). Each run of them is indexed as overlapping pairs.
_UNSPACED = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f"
)
_RUN = re.compile(f"[{_UNSPACED}]+")
_PHONE_LIKE = re.compile(r"[0-9 +().\-]+")
_NOT_DIGIT = re.compile(r"[^0-9]")
_WORD = re.compile(r"[^\W_]")  # what the tokenizer keeps of a term ("_" is a separator to it)
_CONTROL_OR_SURROGATE = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")
MAX_SEARCH_CHARS = 1000  # of a search text: a pasted page would make a phrase of thousands of words
MAX_TERMS = 32
MIN_SUFFIX = 3  # a sender number's digit suffixes are indexed down to this length: any 3+ digits of it match
# Each column's text is indexed up to this many characters (~100 pages): a 25 MB text body (hostile, or a book
# pasted into a mail) would otherwise cost ~80 bytes per character pair in transient Python objects while indexing.
MAX_INDEXED_CHARS = 200_000


def _pairs(m: re.Match[str]) -> str:
    # each character with the next, and the run's last alone: a one-character search ("单"*) then finds every
    # place, the end of a run included, and a search's runs still line up with the text's ("订单" -> "订单 单"*
    # finds "订单已发货", indexed "订单 单已 已发 发货 货")
    run = m.group()
    return " " + " ".join([run[i : i + 2] for i in range(len(run))]) + " "


def index_text(text: str | None) -> str | None:
    """The text the index tokenizes for ``text`` (its first ``MAX_INDEXED_CHARS``): unchanged, but each run of an
    unspaced script as its pairs."""
    if not text or not isinstance(text, str):  # (a BLOB written by another tool: not text to search)
        return None
    if len(text) > MAX_INDEXED_CHARS:
        text = text[:MAX_INDEXED_CHARS]
    if text.isascii():  # a C scan: most mail pays nothing more
        return text
    # NFKC: full-width "ＡＢＣ１２３" and half-width "ｱﾏｿﾞﾝ" are indexed (and searched) as "ABC123" and "アマゾン"
    return _RUN.sub(_pairs, unicodedata.normalize("NFKC", text))


@functools.lru_cache(maxsize=4096)  # an SMS backup has a few hundred senders
def index_sender(sender: str | None) -> str | None:
    """A sender's indexed text: as :func:`index_text`, plus each digit suffix of a number, so that a search for any
    part of it (``138 1234``, ``5678``) finds ``+86 138-1234-5678``, as the substring search before m006 did."""
    if not sender or not isinstance(sender, str):
        return None
    text = index_text(sender) or ""
    if _PHONE_LIKE.fullmatch(sender):
        digits = _NOT_DIGIT.sub("", sender)
        text += " " + " ".join([digits[i:] for i in range(len(digits) - MIN_SUFFIX + 1)])
    return text


_TERM = re.compile(r'"([^"]+)"|(\S+)')


def terms(text: str) -> list[str]:
    """A search text's terms: each whitespace-separated word, or a "quoted phrase" as one."""
    return [m.group(1) or m.group(2) for m in _TERM.finditer(text)]


def term_expression(term: str) -> str | None:
    """The FTS5 ``MATCH`` expression for one search term, or ``None`` when the index cannot answer it.

    The term is one phrase (quotes and operators in it are data) whose last word may be the start of a longer
    one, so that "receip" finds "receipt" while the user types. ``None``: the term holds no word ("!!!", "_"), so
    the caller scans with LIKE for it instead."""
    term = unicodedata.normalize("NFKC", _CONTROL_OR_SURROGATE.sub(" ", term))
    if not _WORD.search(term):
        return None
    phrase = '"' + (index_text(term) or "").replace('"', '""') + '" *'
    digits = _NOT_DIGIT.sub("", term)
    if _PHONE_LIKE.fullmatch(term) and len(digits) >= MIN_SUFFIX and digits != term:
        # "138 1234" finds the sender +8613812345678 (only the sender's digits are indexed as suffixes)
        phrase = f'({phrase} OR sender : "{digits}" *)'
    return phrase


def like_pattern(text: str) -> str:
    """A LIKE pattern (``ESCAPE '\\'``) for ``text`` anywhere in a column."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def where(text: str, alias: str = "m", *, in_index_order: bool = False) -> tuple[str, list[Any]]:
    """An SQL condition on ``messages`` (as ``alias``) for a user's search text, and its parameters: every term must
    occur (in the subject, the text or the sender); an empty text matches everything. The text is read up to
    ``MAX_SEARCH_CHARS`` and ``MAX_TERMS`` different terms, so that no search text can exceed SQLite's limits.

    ``in_index_order``: the query walks an index of ``messages`` in its order (the Messages page sorted by date):
    each of its rows is then checked against the matches, instead of each match being looked up in the table and
    sorted (a search matching 23,000 of 100,000 messages: 180 -> 19 ms; one matching 6: 0.0 -> 4 ms)."""
    exprs: list[str] = []
    conds: list[str] = []
    args: list[Any] = []
    # (NUL ends an FTS5 string early; a lone surrogate from a command line's undecodable byte does not encode)
    text = _CONTROL_OR_SURROGATE.sub(" ", text[:MAX_SEARCH_CHARS])
    for term in list(dict.fromkeys(terms(text)))[:MAX_TERMS]:
        expr = term_expression(term)
        if expr is not None:
            exprs.append(expr)
            continue
        like = like_pattern(term)
        conds.append("(" + " OR ".join(f"{alias}.{c} LIKE ? ESCAPE '\\'" for c in ("subject", "body_text", "sender"))
                     + ")")
        args += [like, like, like]
    if exprs:
        # (a unary + keeps SQLite from looking each match up by rowid)
        probe = "+" if in_index_order else ""
        conds.insert(0, f"{probe}{alias}.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)")
        args.insert(0, " AND ".join(exprs))
    return " AND ".join(conds) or "1", args


def register(db: Database) -> None:
    """Define the SQL functions :func:`catch_up` indexes with on this connection (cheap; idempotent)."""
    db.conn.create_function("privatrack_fts_text", 1, index_text, deterministic=True)
    db.conn.create_function("privatrack_fts_sender", 1, index_sender, deterministic=True)



def _column(name: str) -> str:
    # substr: a huge text is cut in SQLite, before a Python string of it is made; a BLOB (written by another tool)
    # is not text to index, and would reach Python as bytes
    return f"iif(typeof({name}) = 'text', substr({name}, 1, {MAX_INDEXED_CHARS}), NULL)"


_INDEX = (
    "INSERT INTO messages_fts(rowid, subject, body_text, sender) SELECT id, "
    f"privatrack_fts_text({_column('subject')}), privatrack_fts_text({_column('body_text')}), "
    f"privatrack_fts_sender({_column('sender')}) FROM messages "
)


def catch_up(db: Database) -> int:
    """Index every message above the watermark, and the edited ones; call it inside the writer's transaction.

    :return: rows indexed."""
    register(db)
    upto = db.execute("SELECT indexed_upto FROM fts_state").fetchone()[0]
    n = 0
    if db.execute("SELECT EXISTS (SELECT 1 FROM fts_stale)").fetchone()[0]:
        n += int(db.conn.execute(_INDEX + "WHERE id IN (SELECT id FROM fts_stale) AND id <= ?", [upto]).rowcount)
        db.conn.execute("DELETE FROM fts_stale")
    top = db.execute("SELECT coalesce(max(id), 0) FROM messages").fetchone()[0]
    if top > upto:
        n += int(db.conn.execute(_INDEX + "WHERE id > ?", [upto]).rowcount)
        db.conn.execute("UPDATE fts_state SET indexed_upto = ?", [top])
    return n


def pending(db: Database) -> bool:
    """:return: whether some messages are not in the index yet (new, or edited since they were indexed)."""
    row = db.execute(
        "SELECT (SELECT coalesce(max(id), 0) FROM messages) > indexed_upto OR EXISTS (SELECT 1 FROM fts_stale) "
        "FROM fts_state"
    ).fetchone()
    return bool(row and row[0])


__all__ = ["catch_up", "index_sender", "index_text", "like_pattern", "pending", "register", "term_expression", "terms",
           "where"]
