"""The figure of the report: cases handled in the window by field of law and form (grouped bars).

Horizontal bars, one group per field of law, so the Vietnamese field names sit on their
own lines and never overlap; fields and forms without a case in the window are left out.
The text is in the body font (Times New Roman, or a metric-compatible serif that has
every Vietnamese letter). Drawn with matplotlib's object API on the Agg canvas (no
pyplot, no global backend switch), imported only when a report is rendered. The PNG
(300 dpi) carries no software-version metadata, so the same report gives the same image.
"""

from __future__ import annotations

import io
import textwrap
from typing import Final

from tgpl.domain import Form, LegalField
from tgpl.reporting.formats.vi import format_int
from tgpl.reporting.report import Report
from tgpl.reporting.tally import FlowMeasure

__all__ = ["CHART_DPI", "FONT_CANDIDATES", "cases_by_field_and_form", "cases_chart_png"]

CHART_DPI: Final = 300
#: Serif fonts tried in order (Liberation Serif is metric-compatible with Times New Roman).
FONT_CANDIDATES: Final = ("Times New Roman", "Liberation Serif", "DejaVu Serif")

_FORMS: Final = (Form.LITIGATION, Form.ADVICE, Form.REPRESENTATION)
_COLOURS: Final = ("#1f4e79", "#c55a11", "#548235")
_HANDLED: Final = (FlowMeasure.CARRIED_OVER.value, FlowMeasure.ACCEPTED.value)


def cases_by_field_and_form(report: Report) -> dict[tuple[str, str], int]:
    """``{(field, form): cases handled}`` — carried over + accepted — for every pair."""
    found = report.tally.breakdown("case", ("field", "form"), measure=_HANDLED)
    return {(f.value, fm.value): found.get((f.value, fm.value), 0) for f in LegalField for fm in _FORMS}


def _font_file(text: str) -> str | None:
    """The file of the first candidate font that has a glyph for every character of ``text``.

    Fonts are looked up by file among the system's fonts, not through matplotlib's cached
    list: two versions of Liberation Serif can be installed side by side (1.x lacks the
    Vietnamese letters with two diacritics — ự, ấ, ộ …; 2.x has them), and a font
    installed after matplotlib first ran is not in its cache. ``None``: none fits (the
    chart then uses DejaVu Serif, shipped with matplotlib).
    """
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    needed = {ord(ch) for ch in text if not ch.isspace()}
    found: dict[str, list[str]] = {}
    for path in sorted(font_manager.findSystemFonts(fontext="ttf")):
        try:
            face = FT2Font(path)
        except (OSError, RuntimeError):
            continue
        if face.family_name in FONT_CANDIDATES and face.style_name == "Regular":
            found.setdefault(face.family_name, []).append(path)
    for name in FONT_CANDIDATES:
        for path in found.get(name, []):
            if needed <= set(FT2Font(path).get_charmap()):
                return path
    return None


def cases_chart_png(report: Report, *, width_cm: float = 16.0, height_cm: float | None = None) -> bytes:
    """The grouped bar chart as PNG bytes (Vietnamese labels, values at the bar ends)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    data = cases_by_field_and_form(report)
    fields = [f for f in LegalField if any(data[(f.value, fm.value)] for fm in _FORMS)] or list(LegalField)
    forms = [(fm, c) for fm, c in zip(_FORMS, _COLOURS, strict=True)
             if any(data[(f.value, fm.value)] for f in fields)] or list(zip(_FORMS, _COLOURS, strict=True))
    from matplotlib.font_manager import FontProperties

    path = _font_file("".join(f.label_vi for f in fields) + "".join(f.label_vi for f, _ in forms) + "Số vụ việc0123456789.")

    def font(size: float) -> FontProperties:
        return FontProperties(fname=path, size=size) if path else FontProperties(family="DejaVu Serif", size=size)

    height = height_cm if height_cm is not None else 3.0 + 1.1 * len(fields)
    fig = Figure(figsize=(width_cm / 2.54, height / 2.54), dpi=CHART_DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    width = 0.8 / len(forms)
    for k, (form, colour) in enumerate(forms):
        ys = [i + (k - (len(forms) - 1) / 2) * width for i in range(len(fields))]
        values = [data[(f.value, form.value)] for f in fields]
        bars = ax.barh(ys, values, height=width, label=form.label_vi, color=colour)
        ax.bar_label(bars, labels=[format_int(v) if v else "" for v in values], fontproperties=font(9), padding=2)
    ax.set_yticks(range(len(fields)))
    ax.set_yticklabels([textwrap.fill(f.label_vi, 22) for f in fields], fontproperties=font(10))
    ax.invert_yaxis()
    ax.set_xlabel("Số vụ việc", fontproperties=font(10))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: format_int(round(x))))
    for label in ax.get_xticklabels():
        label.set_fontproperties(font(9))
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.margins(x=0.12)
    ax.legend(prop=font(10), frameon=False, loc="lower right")
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=CHART_DPI, metadata={"Software": None})
    return buf.getvalue()
