"""Messages page benchmark: how long the id list of a filter or a search takes on a large vault.

    python bench/bench_search.py [--rows 1000000] [--mail-share 0.1] [--workdir DIR [--reuse]]

Builds an encrypted vault of ``--rows`` messages (SMS-like rows of ~100 characters of English or Chinese text, and a
share of mail-like rows of ~5,000 characters), indexes them as the importer does (``store.search.catch_up``), then
times ``gui.models.messages.load_ids`` — the query the Messages page runs on every filter, sort or search change —
for each case below, best of 3, and prints the figures. Also prints the vault's size and the indexing time.
``--reuse`` times the vault already in ``--workdir`` (migrated to the current schema when opened) instead of
building one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import privatrack.core  # noqa: E402,F401  (registers SQLCipher before sqlite-utils)

EN = ("order shipped delivery refund coupon sale account password meeting lunch family booking flight points "
      "tracking invoice receipt newsletter weekend member security alert photo discount").split()
ZH = "订单 发货 退款 优惠 账户 验证码 会员 积分 快递 物流 活动 红包 吃饭 明天 周末 航班 酒店 发票 安全 提醒".split()
RARE_EN, RARE_ZH = "zeppelin", "麒麟"  # one message in ~10,000 holds each


def build(path: Path, rows: int, mail_share: float, passphrase: str) -> tuple[float, int]:
    from privatrack.core.store import search
    from privatrack.core.store.vault import Vault

    v = Vault.create(path, passphrase, use_keyring=False)
    db = v.db
    rng = random.Random(7)
    senders = [f"+86138{rng.randrange(10**8):08d}" for _ in range(400)] + [f"1069{rng.randrange(10**6):06d}"
                                                                           for _ in range(100)]
    start = dt.datetime(2015, 1, 1, tzinfo=dt.UTC).timestamp()
    sql = ("INSERT INTO messages(channel, source, dedupe_key, sender, date, date_ts, subject, body_text, sha256, "
           "category, imported_at) VALUES (?, 'bench', ?, ?, ?, ?, ?, ?, 'x', ?, '2026-01-01')")
    cats = ("marketing", "transactional", "personal", "fraud", None)
    t0 = time.perf_counter()
    batch = []
    for i in range(rows):
        mail = rng.random() < mail_share
        words = rng.choices(EN if rng.random() < 0.5 else ZH, k=600 if mail else 12)
        if rng.random() < 0.0001:
            words.append(RARE_EN if rng.random() < 0.5 else RARE_ZH)
        joiner = " " if words[0] in EN else ""
        ts = start + rng.random() * 11 * 365 * 86400
        batch.append(("email" if mail else "sms", f"k{i}", rng.choice(senders),
                      dt.datetime.fromtimestamp(ts, dt.UTC).isoformat(), ts, "subject line" if mail else None,
                      joiner.join(words), rng.choice(cats)))
        if len(batch) == 50_000:
            with db.atomic():
                db.conn.executemany(sql, batch)
            batch = []
    with db.atomic():
        db.conn.executemany(sql, batch)
    t1 = time.perf_counter()
    with db.atomic():
        search.catch_up(db)
    index_secs = time.perf_counter() - t1
    print(f"built {rows:,} rows in {t1 - t0:.0f} s; full-text index {index_secs:.0f} s "
          f"({index_secs / rows * 1e6:.0f} us a row)")
    v.lock()
    return index_secs, os.path.getsize(path)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--mail-share", type=float, default=0.1)
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--reuse", action="store_true", help="time the vault already in --workdir")
    args = ap.parse_args()
    if args.reuse and args.workdir is None:
        ap.error("--reuse needs --workdir")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt

    from privatrack.core.store.vault import Vault
    from privatrack.gui.models.messages import (
        COL_CATEGORY,
        COL_CHANNEL,
        COL_DATE,
        COL_MERCHANT,
        COL_SENDER,
        COL_SUBJECT,
        COL_TO,
        MessageFilter,
        load_ids,
    )

    work = args.workdir or Path(tempfile.mkdtemp(prefix="privatrack-search-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    path = work / "vault.db"
    passphrase = "bench passphrase"
    if not (args.reuse and path.exists()):
        for p in (path, Path(str(path) + ".keys")):
            p.unlink(missing_ok=True)
        build(path, args.rows, args.mail_share, passphrase)
    t = time.perf_counter()
    v = Vault.open(path, passphrase, use_keyring=False)
    print(f"vault: {os.path.getsize(path) / 1e6:,.0f} MB, opened in {time.perf_counter() - t:.1f} s")
    desc = Qt.SortOrder.DescendingOrder
    cases = [
        ("all, by date", MessageFilter(), COL_DATE),
        ("all, by sender", MessageFilter(), COL_SENDER),
        ("all, by receiving detail", MessageFilter(), COL_TO),
        ("all, by channel", MessageFilter(), COL_CHANNEL),
        ("all, by subject", MessageFilter(), COL_SUBJECT),
        ("all, by category", MessageFilter(), COL_CATEGORY),
        ("all, by merchant", MessageFilter(), COL_MERCHANT),
        ("category fraud, by sender", MessageFilter(category="fraud"), COL_SENDER),
        ("channel email, by sender", MessageFilter(channel="email"), COL_SENDER),
        ("one year, by subject", MessageFilter(since="2020-01-01", until="2020-12-31"), COL_SUBJECT),
        ("category fraud, by category", MessageFilter(category="fraud"), COL_CATEGORY),
        ("category fraud", MessageFilter(category="fraud"), COL_DATE),
        ("one year", MessageFilter(since="2020-01-01", until="2020-12-31"), COL_DATE),
        ("search: common word (order)", MessageFilter(search="order"), COL_DATE),
        ("search: common Chinese pair (订单)", MessageFilter(search="订单"), COL_DATE),
        ("search: two words (order refund)", MessageFilter(search="order refund"), COL_DATE),
        (f"search: rare word ({RARE_EN})", MessageFilter(search=RARE_EN), COL_DATE),
        (f"search: rare Chinese ({RARE_ZH})", MessageFilter(search=RARE_ZH), COL_DATE),
        ("search: sender digits (138)", MessageFilter(search="138"), COL_DATE),
        ("search + category", MessageFilter(search="order", category="fraud"), COL_DATE),
        ("search: punctuation only (!!!, LIKE)", MessageFilter(search="!!!"), COL_DATE),
        ("search: common word, by sender", MessageFilter(search="order"), COL_SENDER),
        ("search: one Chinese character (单)", MessageFilter(search="单"), COL_DATE),
    ]
    print(f"{'case':44s} {'rows':>9s} {'ms (best of 3)':>15s}")
    for label, flt, col in cases:
        best = float("inf")
        n = 0
        for _ in range(3):
            t = time.perf_counter()
            n = len(load_ids(v.db, flt, col, desc))
            best = min(best, time.perf_counter() - t)
        print(f"{label:44s} {n:9,d} {best * 1000:15,.1f}")
    v.lock()
    if args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"work dir: {work} (delete it when done)")


if __name__ == "__main__":
    main()
