"""Speed-ups of evidence extraction find exactly what the plain scans find."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from privatrack.core.classify import evidence

URL_TEXTS = [
    "",
    "see https://shop.example/a?b=1 and www.jd.com, or t.cn/abc",
    "http://dotless/path then bar.com (http://x.org) 【京东】jd.com。more",
    "mail me at a.b@c.example; visit\u3000foo.co.uk\x1cbar.io\u2028baz.top",
    "end.with.dot. foo..bar .com a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p 1.2.3.4 sub-domain.example-site.net/x",
    "ＷＷＷ.EXAMPLE.COM HTTPS://UPPER.EXAMPLE/P \u212aelvin.com x_y.com _a.com é.com aé.com",
    "no dots here at all http://nodot https://another",
]


def _dotted_matches(text: str) -> list[str]:
    return [m.group(0) for m in evidence._URL.finditer(text) if "." in m.group(0)]


@pytest.mark.parametrize("text", URL_TEXTS + [" ".join(URL_TEXTS) * 50])
def test_url_scan_of_dotted_words_finds_the_same_links(text: str) -> None:
    # every host evidence keeps has a dot, so the links with one must be the same, in the same order
    assert _dotted_matches(evidence._dotted_words(text)) == _dotted_matches(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ab.-/:_ \n\t\u3000\x1cwhtps0é中【（)\"'<") + ["http://", "www.", ".com", ".cn"]),
                max_size=60).map("".join))
def test_url_scan_of_dotted_words_on_any_text(text: str) -> None:
    assert _dotted_matches(evidence._dotted_words(text)) == _dotted_matches(text)
