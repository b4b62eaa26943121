"""``SafeTextBrowser``: shows a message's HTML without any network or file access and without following links.

Three layers (promises P14/P15): the HTML is sanitised with nh3 (no scripts, styles, images, forms or frames;
links only http/https/mailto), ``loadResource`` answers every URL with nothing, and links are never followed:
a click asks first and shows the real target.
"""

from __future__ import annotations

import logging
import re

import nh3

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage
from PySide6.QtWidgets import QMessageBox, QTextBrowser, QWidget

log = logging.getLogger(__name__)

# Text structure only: no <img>, <style>, <link>, <video>, <form>, <iframe>, <object>, <svg>.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "center", "code", "dd", "div", "dl", "dt", "em", "font",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "s", "small", "span", "strong", "sub",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align"},
    "p": {"align"},
    "div": {"align"},
}
LINK_SCHEMES = {"http", "https", "mailto"}


MAX_IMAGES = 30
MAX_IMAGE_BYTES = 5 * 1024 * 1024
_IMG_SRC = re.compile(r'<img\b[^>]*?\ssrc="(https?://[^"]+)"', re.IGNORECASE)


def sanitize_html(html: str, allow_images: bool = False) -> str:
    """:return: ``html`` reduced to harmless text structure (no style attributes: CSS can fetch URLs).

    :param allow_images: keep ``<img src="http(s)://…">`` (only after the user asked to load this message's images).
    """
    tags, attributes = ALLOWED_TAGS, ALLOWED_ATTRIBUTES
    if allow_images:
        tags = ALLOWED_TAGS | {"img"}
        attributes = {**ALLOWED_ATTRIBUTES, "img": {"src", "alt", "width", "height"}}
    return nh3.clean(
        html,
        tags=tags,
        clean_content_tags={"script", "style", "title", "head", "noscript", "template", "xmp", "textarea"},
        attributes=attributes,
        url_schemes=LINK_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def remote_images(html: str) -> list[str]:
    """:return: the http(s) image URLs a message would load if allowed (after sanitising), in order, no repeats."""
    return list(dict.fromkeys(_IMG_SRC.findall(sanitize_html(html, allow_images=True))))[:MAX_IMAGES]


def fetch_images(urls: list[str], timeout: float = 10.0) -> dict[str, bytes]:
    """Download images the user asked for (worker thread); each capped in size, failures skipped."""
    import urllib.request

    out: dict[str, bytes] = {}
    for url in urls[:MAX_IMAGES]:
        try:
            req = urllib.request.Request(url, headers={"User-Agent": "Mozilla/5.0"})
            with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - http(s) only, by regex
                data = resp.read(MAX_IMAGE_BYTES + 1)
        except Exception as exc:  # noqa: BLE001 - one broken image never stops the others
            log.info("image %s not loaded: %s", url, type(exc).__name__)
            continue
        if len(data) <= MAX_IMAGE_BYTES:
            out[url] = data
    return out


class SafeTextBrowser(QTextBrowser):
    """A read-only viewer that never loads a resource; ``blocked`` lists what the document asked for."""

    link_confirmed = Signal(QUrl)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setSearchPaths([])
        self.setReadOnly(True)
        self.blocked: list[str] = []
        self.returned: list[object] = []  # every value loadResource handed back (tests assert it stays empty data)
        self.confirm_box: QMessageBox | None = None
        self._pending: QUrl | None = None
        self._html: str | None = None
        self._images: dict[str, QImage] = {}  # only images the user asked to load for the message shown
        self.remote_image_urls: list[str] = []
        self.anchorClicked.connect(self.ask_to_open)

    def loadResource(self, type: int, name: QUrl | str) -> object:  # noqa: A002, N802 - Qt override
        # Never the network, never file: or qrc:, never a relative path. The only data ever returned are images
        # already downloaded because the user asked for this message's images.
        url = name.toString() if isinstance(name, QUrl) else str(name)
        image = self._images.get(url)
        if image is not None:
            self.returned.append(image)
            return image
        self.blocked.append(url)
        self.returned.append(None)
        return None

    def show_html(self, html: str) -> None:
        self.blocked.clear()
        self._images = {}
        self._html = html
        self.remote_image_urls = remote_images(html)
        self.setHtml(sanitize_html(html))

    def show_text(self, text: str) -> None:
        self.blocked.clear()
        self._images = {}
        self._html = None
        self.remote_image_urls = []
        self.setPlainText(text)

    def show_images(self, images: dict[str, bytes]) -> None:
        """Re-render the current message with the downloaded images (and only those)."""
        if self._html is None:
            return
        decoded = {}
        for url, data in images.items():
            img = QImage.fromData(data)
            if not img.isNull():
                decoded[url] = img
        self._images = decoded
        self.setHtml(sanitize_html(self._html, allow_images=True))

    def ask_to_open(self, url: QUrl) -> None:
        """A link was clicked: show where it really goes and open it only if the user agrees."""
        target = url.toString()
        if url.scheme().lower() not in LINK_SCHEMES:
            box = QMessageBox(QMessageBox.Icon.Information, self.tr("Link not opened"),
                              self.tr("This link cannot be opened from PrivaTrack:\n%1").replace("%1", target),
                              QMessageBox.StandardButton.Ok, self)
            self.confirm_box = box
            box.open()
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Open link?"),
            self.tr("This link really goes to:\n\n%1\n\nOpen it in your web browser? The sender may learn that "
                    "you opened it.").replace("%1", target),
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("confirmLink")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self._pending = url
        box.finished.connect(self._link_answered)
        self.confirm_box = box
        box.open()

    def _link_answered(self, _result: int) -> None:
        url, self._pending = self._pending, None
        box = self.confirm_box
        if box is None or url is None:
            return
        if box.standardButton(box.clickedButton()) == QMessageBox.StandardButton.Open:
            self.link_confirmed.emit(url)
            QDesktopServices.openUrl(url)
