"""Instructions per classified message, counted by valgrind: a measure of the classifier's cost that the shared
machine's load does not move (its SMS/s moved by a third between runs a minute apart; the count moves by <0.1%).

Runs a child under ``valgrind --tool=cachegrind --cache-sim=no`` twice, classifying 0 and N messages after the same
warm-up, and prints the difference per message. Hash seeds and BLAS threads are fixed, so two runs of the same code
agree. Compare two versions by running this script from each tree (``--root``). Needs valgrind (Debian package
valgrind). Usage: python bench/bench_instructions.py [--sms N] [--mails N] [--corpora DIR] [--root TREE]
"""

from __future__ import annotations

import argparse
import os
import pickle
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

CHILD = r"""
import pickle, sys
sys.path.insert(0, sys.argv[1])
from privatrack.core.classify import Classifier
msgs = pickle.load(open(sys.argv[2], "rb"))
n = int(sys.argv[3])
clf = Classifier.standalone()
for m in msgs[:200]:
    clf.classify(m)
for m in msgs[200:200 + n]:
    clf.classify(m)
"""


def count(root: Path, inputs: Path, n: int) -> int:
    env = dict(os.environ, PYTHONHASHSEED="0", OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    out = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                          sys.executable, "-c", CHILD, str(root), str(inputs), str(n)],
                         capture_output=True, text=True, env=env, check=True)
    m = re.search(r"I\s+refs:\s+([\d,]+)", out.stderr)
    if m is None:
        raise SystemExit(f"no instruction count in valgrind's output:\n{out.stderr[-2000:]}")
    return int(m.group(1).replace(",", ""))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sms", type=int, default=3000)
    ap.add_argument("--mails", type=int, default=300)
    ap.add_argument("--corpora", default=str(HERE.parent.parent / "shared" / "corpora"))
    ap.add_argument("--root", default=str(HERE.parent), help="the source tree whose classifier is counted")
    args = ap.parse_args()
    import bench_classify

    sms, mails = bench_classify.load_inputs(Path(args.corpora), args.sms + 200, args.mails + 200)
    with tempfile.TemporaryDirectory() as tmp:
        for name, msgs, n in (("SMS", sms, args.sms), ("mails", mails, args.mails)):
            if n <= 0 or len(msgs) < 200 + n:
                continue
            path = Path(tmp) / f"{name}.pkl"
            path.write_bytes(pickle.dumps(msgs))
            per = (count(Path(args.root), path, n) - count(Path(args.root), path, 0)) / n
            print(f"{name}: {per:,.0f} instructions per message ({n:,} {name} from {args.corpora})")


if __name__ == "__main__":
    main()
