"""Neutralise active content in what the grader keeps: notebook outputs and feedback HTML.

Everything a submission's kernel printed or displayed is untrusted, and the autograded notebook
is rendered in the instructor's browser (formgrader) and the feedback page in the student's.
Two layers, both allow-lists:

* ``sanitize_notebook(nb)``: per output, only known mimetypes survive
  (``application/javascript``, widget views/state and anything unknown are dropped); HTML and
  Markdown outputs go through ``clean_html``; SVG keeps only drawing elements; base64 images
  must be base64; output metadata keeps only numeric sizes; markdown cells with raw HTML are
  cleaned too; notebook-level widget state is dropped.
* ``clean_html(text)``: the ammonia sanitiser (``nh3``) with our tag/attribute allow-list,
  MathML included, no ``style`` attribute, URLs only ``http(s)``/``mailto`` (and base64
  ``data:image/...`` for ``<img src>``).

The feedback page also carries a Content-Security-Policy that forbids every script
(``feedback.CSP``), so a sanitiser miss still runs nothing.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

import nbformat
import nh3

MATHML_TAGS = frozenset({
    "math", "mrow", "mi", "mo", "mn", "ms", "mtext", "mspace", "msup", "msub", "msubsup",
    "mfrac", "msqrt", "mroot", "mstyle", "mover", "munder", "munderover", "mtable", "mtr",
    "mtd", "mpadded", "mphantom", "menclose", "semantics", "annotation"})
SVG_TAGS = frozenset({
    "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text",
    "tspan", "defs", "clipPath", "linearGradient", "radialGradient", "stop", "title", "desc"})
HTML_TAGS = frozenset(nh3.ALLOWED_TAGS) - {"area", "map"} | {"section", "main", "figure",
                                                            "figcaption", "caption"}
TAGS = HTML_TAGS | MATHML_TAGS

_GENERIC = {"class", "title", "lang", "dir", "colspan", "rowspan", "align"}
ATTRIBUTES: dict[str, set[str]] = {
    "*": _GENERIC,
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "math": {"display", "xmlns"},
    "mo": {"stretchy", "fence", "form", "lspace", "rspace", "largeop", "movablelimits",
           "separator", "symmetric", "accent"},
    "mstyle": {"displaystyle", "scriptlevel", "mathvariant"},
    "mi": {"mathvariant"}, "mn": {"mathvariant"},
    "mfrac": {"linethickness"}, "mspace": {"width", "height", "depth"},
    "mover": {"accent"}, "munder": {"accentunder"},
    "mtable": {"columnalign", "rowspacing", "columnspacing"}, "mtd": {"columnalign"},
    "annotation": {"encoding"}, "menclose": {"notation"},
    "mpadded": {"width", "height", "depth", "lspace", "voffset"},
}
_SVG_ATTRS = {"width", "height", "viewbox", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r",
              "rx", "ry", "d", "points", "fill", "stroke", "stroke-width", "stroke-linecap",
              "stroke-linejoin", "stroke-dasharray", "opacity", "fill-opacity",
              "stroke-opacity", "transform", "font-size", "font-family", "text-anchor",
              "offset", "stop-color", "xmlns", "version", "viewBox", "preserveAspectRatio",
              "clip-path", "clipPathUnits", "gradientUnits"}
SVG_ATTRIBUTES: dict[str, set[str]] = {"*": _SVG_ATTRS | {"class", "id"}}
URL_SCHEMES = {"http", "https", "mailto", "data"}
_DATA_IMAGE = re.compile(r"^data:image/(png|jpeg|gif|svg\+xml);base64,[A-Za-z0-9+/=\s]*$")
_BASE64 = re.compile(r"^[A-Za-z0-9+/=\s]*$")
_TAG = re.compile(r"<\s*[A-Za-z!/?]")
_SCHEMES = ("script:", "data:", "&#", "&colon;", "file:")

KEPT_MIMETYPES = ("text/plain", "text/html", "text/markdown", "text/latex", "image/png",
                  "image/jpeg", "image/gif", "image/svg+xml")
"""The only output mimetypes that survive; ``application/javascript``, widget views, JSON and
anything else are dropped."""


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    """Per-attribute check after the allow-list: an image only from a base64 ``data:`` URL
    (nothing is fetched), and ``data:`` URLs nowhere else."""
    if tag == "img" and attr == "src":
        return value if _DATA_IMAGE.match(value.strip()) else None
    if value.strip().lower().startswith("data:"):
        return None
    return value


def clean_html(text: str) -> str:
    """Untrusted HTML in, HTML without scripts, handlers, frames, forms or styles out."""
    return nh3.clean(text, tags=set(TAGS), attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                     attribute_filter=_attribute_filter, strip_comments=True,
                     link_rel="noopener noreferrer nofollow")


def clean_svg(text: str) -> str:
    """Untrusted SVG in, drawing elements only (no script, foreignObject, use/href, events)."""
    return nh3.clean(text, tags=set(SVG_TAGS), attributes=SVG_ATTRIBUTES, url_schemes=set(),
                     strip_comments=True, link_rel=None)


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _clean_bundle(data: dict[str, Any]) -> dict[str, Any]:
    """A mime bundle (display_data / execute_result data), allow-listed and cleaned."""
    out: dict[str, Any] = {}
    for mime in KEPT_MIMETYPES:
        if mime not in data:
            continue
        value = _text(data[mime])
        if mime == "text/markdown":  # links are markdown syntax too: render, then clean
            out.setdefault("text/html", markdown_to_safe_html(value))
            continue
        if mime == "text/html":
            value = clean_html(value)
        elif mime == "image/svg+xml":
            value = clean_svg(value)
        elif mime.startswith("image/"):
            if not _BASE64.match(value):
                continue
            try:
                base64.b64decode(re.sub(r"\s", "", value), validate=True)
            except (binascii.Error, ValueError):
                continue
        out[mime] = value
    return out


def _clean_metadata(meta: Any) -> dict[str, Any]:
    """Output metadata: numeric width/height per image mimetype only (nbconvert writes them
    into attributes unescaped)."""
    out: dict[str, Any] = {}
    if not isinstance(meta, dict):
        return out
    for mime, value in meta.items():
        if mime in KEPT_MIMETYPES and isinstance(value, dict):
            sizes = {k: v for k, v in value.items() if k in ("width", "height")
                     and isinstance(v, int | float) and not isinstance(v, bool)}
            if sizes:
                out[mime] = sizes
    return out


def clean_output(output: Any) -> Any | None:
    """One cell output, made inert; None when nothing displayable is left."""
    kind = output.get("output_type")
    if kind == "stream":
        name = output.get("name") if output.get("name") in ("stdout", "stderr") else "stdout"
        return nbformat.v4.new_output("stream", name=name, text=_text(output.get("text", "")))
    if kind == "error":
        return nbformat.v4.new_output(
            "error", ename=str(output.get("ename", "")), evalue=str(output.get("evalue", "")),
            traceback=[str(line) for line in output.get("traceback", [])])
    if kind in ("display_data", "execute_result"):
        data = output.get("data", {})
        bundle = _clean_bundle(data if isinstance(data, dict) else {})
        if not bundle:
            return None
        meta = _clean_metadata(output.get("metadata", {}))
        if kind == "execute_result":
            return nbformat.v4.new_output("execute_result", data=bundle, metadata=meta,
                                          execution_count=output.get("execution_count"))
        return nbformat.v4.new_output("display_data", data=bundle, metadata=meta)
    return None


def suspicious_markdown(source: str) -> bool:
    """Raw HTML, or something that may become a scripted URL (browsers drop whitespace in
    URLs, markdown decodes entities)."""
    squashed = re.sub(r"\s+", "", source).lower()
    return bool(_TAG.search(source)) or any(key in squashed for key in _SCHEMES)


def markdown_to_safe_html(source: str) -> str:
    """Markdown → HTML (mistune neutralises harmful link protocols) → allow-list. Maths is
    kept as ``\\( … \\)`` text for the viewer's own renderer."""
    import mistune

    md = mistune.create_markdown(escape=False, plugins=["math", "table", "strikethrough"])
    return clean_html(str(md(source)))


def clean_markdown(source: str) -> str:
    """A markdown cell: untouched unless suspicious, then rendered and allow-listed (the cell
    then holds plain HTML, which markdown displays as it is)."""
    return markdown_to_safe_html(source) if suspicious_markdown(source) else source


def sanitize_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Every output and markdown cell made inert (in place; also returned)."""
    for key in list(nb.metadata):
        if key not in ("kernelspec", "language_info"):
            del nb.metadata[key]  # widget state (rendered with scripts by nbconvert), etc.
    for cell in nb.cells:
        cell.pop("attachments", None)
        if cell.cell_type == "markdown":
            cell.source = clean_markdown(cell.source)
        elif cell.cell_type == "code":
            cleaned = (clean_output(out) for out in cell.get("outputs", []))
            cell.outputs = [out for out in cleaned if out is not None]
        elif cell.cell_type == "raw":
            cell.source = clean_html(cell.source)
            cell.metadata = {}
    return nb
