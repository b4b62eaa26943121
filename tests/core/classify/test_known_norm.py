"""Heads normalised by their known features (the e-mail head): words the head never learned do not drown the ones
it knows, so mail mostly in an unfamiliar language is judged by what the model does know, not by its bias."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from privatrack.core.classify import Classifier, evidence, textmodel
from privatrack.core.classify.textmodel import Head, load_model, save_model
from privatrack.core.models import RawMessage


@pytest.mark.parametrize("native", [True, False])
def test_a_known_norm_head_divides_by_the_features_it_knows(native: bool) -> None:
    # the native path (when the extension is built) scores native feature sets; the Python path plain sets
    feats: Any = textmodel.features("", ["a", "b", "c", "d"]) if native else {"a", "b", "c", "d"}
    assert len(feats) == 4
    plain = Head(0.5, {"a": 2.0, "b": -1.0}, native=native)
    known = Head(0.5, {"a": 2.0, "b": -1.0}, native=native, norm_known=True)
    norm_all = 1 / math.sqrt(len(feats))
    assert plain.score(feats, norm_all)[0] == pytest.approx(0.5 + 1.0 * norm_all)
    assert known.score(feats, norm_all)[0] == pytest.approx(0.5 + 1.0 / math.sqrt(2))
    assert known.logit(feats, norm_all) == known.score(feats, norm_all)[0]
    assert Head(0.5, {"zz": 1.0}, norm_known=True).score(feats, norm_all)[0] == 0.5  # nothing known: the bias


def test_the_flag_survives_saving_and_loading(tmp_path: Path) -> None:
    path = tmp_path / "m.npz"
    save_model(path, {"spam_mail": (0.1, ["a"], [1.0]), "spam_en": (0.2, ["b"], [2.0])}, "v", norm_known={"spam_mail"})
    model = load_model(path)
    assert model.heads["spam_mail"].norm_known and not model.heads["spam_en"].norm_known


def test_the_shipped_mail_head_is_known_norm_and_unknown_words_leave_its_score_alone() -> None:
    clf = Classifier.standalone()
    head = clf.model.heads["spam_mail"]
    assert head.norm_known

    def logit(body: str) -> float:
        raw = f"From: a@example.org\nTo: b@example.org\nSubject: hi\n\n{body}".encode()
        msg = RawMessage(channel="email", source="t", item="1", raw=raw, sender="a@example.org", subject="hi",
                         body_text=body)
        ev = evidence.extract(msg)
        return clf.model.score("spam_mail", clf.model.features(*evidence.feature_parts(ev)))[0]

    base = "See you at 7 then, I'll book the table."
    # words in a script the head has never seen add features but no known ones
    runes = "\u16a0\u16a2\u16a6\u16a8\u16b1 \u16b2\u16b7\u16b9\u16ba"
    assert logit(f"{base}\n{runes}") == pytest.approx(logit(base + "\n"))
