"""An executed notebook as readable, inert HTML: markdown with maths as MathML, code cells
highlighted, outputs shown by kind. No script is ever emitted, and the result goes through the
``safe_html`` allow-list whatever the input.

Maths is rendered on the server (``latex2mathml``): the page needs no MathJax/KaTeX, no network
and no script, so its Content-Security-Policy can forbid every script.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Callable
from typing import Any

import mistune
import nbformat
from latex2mathml.converter import convert as latex_to_mathml
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

from .safe_html import KEPT_MIMETYPES, clean_html, clean_output, clean_svg

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_MAX_TEX = 2000
_DELIMS = ((r"$$", r"$$"), (r"\[", r"\]"), (r"\(", r"\)"), ("$", "$"))


def math_html(tex: str, display: bool) -> str:
    """LaTeX → MathML (already allow-listed later); unconvertible input stays as code."""
    # f' as a prime glyph on the line (TeX's ^{\prime} comes out tiny at script size)
    tex = re.sub(r"'+", lambda m: r"\prime " * len(m[0]), tex.strip())
    try:
        if len(tex) > _MAX_TEX:
            raise ValueError("formula too long")
        return str(latex_to_mathml(tex, display="block" if display else "inline"))
    except Exception:  # any malformed LaTeX: shown as text, never as a broken page
        return f"<code class='tex'>{html.escape(tex)}</code>"


def markdown_html(source: str) -> str:
    """Markdown (raw HTML allowed here: the page's allow-list pass removes what is unsafe)."""
    renderer = mistune.HTMLRenderer(escape=False)
    md = mistune.create_markdown(renderer=renderer, plugins=["math", "table", "strikethrough"])
    renderer.register("inline_math", lambda _r, text: math_html(text, display=False))
    renderer.register("block_math", lambda _r, text:
                         f"<div class='math-block'>{math_html(text, display=True)}</div>\n")
    return str(md(source))


def latex_output_html(text: str) -> str:
    """A ``text/latex`` output (e.g. a sympy expression): strip one pair of delimiters."""
    body = text.strip()
    for left, right in _DELIMS:
        if body.startswith(left) and body.endswith(right) and len(body) >= len(left + right):
            body = body[len(left):len(body) - len(right)]
            break
    return f"<div class='math-block'>{math_html(body, display=True)}</div>"


def code_html(source: str) -> str:
    formatter = HtmlFormatter(nowrap=True)
    return f"<pre class='highlight'>{highlight(source, PythonLexer(), formatter)}</pre>"


def pygments_css() -> str:
    return str(HtmlFormatter(style="friendly").get_style_defs(".highlight"))


def _pre(text: str, cls: str) -> str:
    return f"<pre class='{cls}'>{html.escape(ANSI.sub('', text))}</pre>"


def _bundle_html(data: dict[str, Any]) -> str:
    for mime in KEPT_MIMETYPES[::-1]:  # richest first: images, svg, latex, markdown, html
        if mime not in data:
            continue
        value = str(data[mime])
        if mime in ("image/png", "image/jpeg", "image/gif"):
            compact = re.sub(r"\s", "", value)
            return f"<img alt='' src='data:{mime};base64,{compact}'>"
        if mime == "image/svg+xml":  # an <img> never runs an SVG's scripts
            encoded = base64.b64encode(clean_svg(value).encode()).decode()
            return f"<img alt='' src='data:image/svg+xml;base64,{encoded}'>"
        if mime == "text/latex":
            return latex_output_html(value)
        if mime == "text/markdown":
            return f"<div class='md'>{markdown_html(value)}</div>"
        if mime == "text/html":
            return f"<div class='html-output'>{value}</div>"
        return _pre(value, "output")
    return ""


def output_html(output: Any) -> str:
    safe = clean_output(output)
    if safe is None:
        return ""
    kind = safe.output_type
    if kind == "stream":
        return _pre(safe.text, "stream " + safe.name)
    if kind == "error":
        return _pre("\n".join(safe.traceback) or f"{safe.ename}: {safe.evalue}", "error")
    return _bundle_html(dict(safe.data))


def notebook_html(nb: nbformat.NotebookNode,
                  special: Callable[[nbformat.NotebookNode], str | None]) -> str:
    """The notebook's cells as HTML; ``special(cell)`` may render a cell itself (verdicts).
    The result is allow-listed by ``clean_html`` whatever the cells held."""
    parts: list[str] = []
    for cell in nb.cells:
        own = special(cell)
        if own is not None:
            parts.append(own)
        elif cell.cell_type == "markdown":
            parts.append(f"<div class='cell markdown'>{markdown_html(cell.source)}</div>")
        elif cell.cell_type == "code":
            outputs = "".join(output_html(o) for o in cell.get("outputs", []))
            source = code_html(cell.source) if cell.source.strip() else ""
            parts.append(f"<div class='cell code'><div class='input'>{source}</div>"
                         + (f"<div class='outputs'>{outputs}</div>" if outputs else "")
                         + "</div>")
    return clean_html("\n".join(parts))
