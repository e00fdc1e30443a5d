"""The words of the report: letterhead, sections and signature block, as plain data.

Everything the Word document prints is decided here, from the
:class:`~tgpl.reporting.report.Report` alone (indicators, window, metadata, province
profile), so it can be tested without python-docx. Numbers are written the Vietnamese
way by :mod:`tgpl.reporting.formats.vi` (``1.389``, ``81,6 %``); a count hidden by
small-cell suppression reads "dưới 5" (a small count), "một số" (a count hidden so that the
small ones cannot be worked back; the closing note explains it), and a hidden share is left
out of its sentence — never the machine markers ``<5``/``x``.

Layout of an administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục I): the issuing
body's parent and the issuing body (upper case, the latter bold) with the document
number on the left; the national title and motto with the place-and-date line on the
right; the document type "BÁO CÁO" and its subject; the body; the signer's title and
name; the "Nơi nhận" (recipients) list.

A province profile adds its own text through ``profile.labels`` (lines separated by
``"\\n"``): ``report_preamble`` replaces the opening paragraph, ``report_difficulties``
is added to section IV and ``report_tasks`` replaces the default tasks of section V.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final

from attrs import frozen

from tgpl.domain import Form, TargetGroup
from tgpl.reporting.formats.vi import display_value, format_number
from tgpl.reporting.heading import (
    CENTRAL_BODY_MERGER,
    date_line_vi,
    report_heading,
    spell_out_first,
)
from tgpl.reporting.indicators import percent
from tgpl.reporting.report import Report
from tgpl.reporting.windows import WindowKind
from tgpl_docx.families import (
    hearing_lines,
    programme_lines,
    request_lines,
    role_lines,
    success_lines,
)

__all__ = [
    "CENTRAL_BODY_MERGER",
    "LABEL_DIFFICULTIES",
    "LABEL_PREAMBLE",
    "LABEL_TASKS",
    "SIGNER_NAME_LINE",
    "Block",
    "Letterhead",
    "Section",
    "date_line_vi",
    "letterhead",
    "next_period_vi",
    "period_vi",
    "sections",
    "spell_out_first",
]

#: How the text writes a count hidden so that the small ones cannot be worked back.
SOME: Final = "một số"
LABEL_PREAMBLE: Final = "report_preamble"
LABEL_DIFFICULTIES: Final = "report_difficulties"
LABEL_TASKS: Final = "report_tasks"

#: A line for the signer's name when the profile gives none (written by hand before signing).
SIGNER_NAME_LINE: Final = "………………………………"


@frozen
class Block:
    """One block of a section: ``kind`` is ``"sub"`` (bold sub-heading), ``"text"``,
    ``"item"`` (a ``-`` list line) or ``"chart"`` (the figure; ``text`` is its caption)."""

    kind: str
    text: str


@frozen
class Section:
    """A numbered section: ``heading`` (``"I. KẾT QUẢ …"``) and its blocks."""

    heading: str
    blocks: tuple[Block, ...]


@frozen
class Letterhead:
    """The parts of the document around the body (NĐ 30/2020/NĐ-CP, Phụ lục I)."""

    issuer_parent: str
    issuer: str
    number: str
    place_date: str
    doc_type: str
    subject: str
    preamble: str
    closing: str
    signer_lines: tuple[str, ...]
    signer_name: str
    recipients: tuple[str, ...]
    organisation: str
    #: Sentences printed after the preamble (merged units, an issue after the merger).
    notes: tuple[str, ...] = ()


# -- identity -------------------------------------------------------------------------------


def period_vi(report: Report) -> str:
    """The period as a report subject names it: ``"6 tháng đầu năm 2022"``, ``"năm 2022"``."""
    text = report.window.label_vi.split(" (")[0].split(", ")[0]
    return text[0].lower() + text[1:] if text and not text[0].isdigit() else text


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _recipient(text: str) -> str:
    return text.strip().lstrip("-").strip().rstrip(";.").strip()


def letterhead(report: Report) -> Letterhead:
    """Issuing body, number, place and date, subject, signer and recipients (profile or defaults).

    The identity lines come from :func:`tgpl.reporting.heading.report_heading`: the unit
    named as of the window's end (a merged unit as the new unit), its Department of
    Justice as the supervising body, "TRUNG TÂM TRỢ GIÚP PHÁP LÝ NHÀ NƯỚC" as the issuer,
    the unit's seat and the issue date (``--issued-on``, default the generation day) in
    the place-and-date line. Signed by "GIÁM ĐỐC" with a line for the name when the
    profile gives none; the number is left blank for the registry ("Số:      /BC-TTTGPL").
    """
    head = report_heading(report)
    profile = report.profile
    org = head.organisation_vi
    symbol = profile.document_symbol if profile is not None and profile.document_symbol else "BC-TTTGPL"
    period = period_vi(report)
    w = report.window
    span = f"từ ngày {w.start:%d/%m/%Y} đến ngày {w.end:%d/%m/%Y}"
    labels = profile.labels if profile is not None else {}
    preamble = labels.get(LABEL_PREAMBLE) or (
        f"{org} báo cáo kết quả công tác trợ giúp pháp lý {period} (số liệu {span}) như sau:"
    )
    title = profile.signer_title_vi if profile is not None and profile.signer_title_vi else "GIÁM ĐỐC"
    signer_lines = tuple(part.strip().upper() for part in title.replace(" / ", "\n").split("\n") if part.strip())
    if profile is not None and profile.recipients_vi:
        recipients = tuple(_recipient(r) for r in profile.recipients_vi if _recipient(r))
    else:
        recipients = head.recipients_vi
    subject = f"Kết quả công tác trợ giúp pháp lý {period}"
    return Letterhead(
        issuer_parent=head.parent_vi,
        issuer=head.issuer_vi,
        number=f"Số:        /{symbol}",
        place_date=head.date_line_vi,
        doc_type="BÁO CÁO",
        subject=subject,
        preamble=preamble,
        closing=f"Trên đây là báo cáo kết quả công tác trợ giúp pháp lý {period} của {org}./.",
        signer_lines=signer_lines,
        signer_name=(profile.signer_name if profile is not None else "") or SIGNER_NAME_LINE,
        recipients=recipients,
        organisation=org,
        # the heading's notes, then the report's notices (provisional rules, legacy successes, quota)
        notes=(*head.notes_vi, *report.meta.notices),
    )


# -- numbers --------------------------------------------------------------------------------


class _Values:
    """Indicator lookup: printed text (with suppression markers) and raw ints for decisions."""

    def __init__(self, report: Report) -> None:
        self._by_code = {i.code: i for i in report.indicators}

    def has(self, code: str) -> bool:
        return code in self._by_code

    def text(self, code: str) -> str:
        ind = self._by_code.get(code)
        if ind is not None and ind.suppressed and not ind.suppressed.startswith("<"):
            return "—" if ind.unit == "%" else SOME
        return "—" if ind is None else display_value(ind)

    def share_text(self, code: str) -> str | None:
        """The printed share, or ``None`` when it is missing or hidden (its sentence omits it)."""
        text = self.text(code)
        return None if text == "—" else text

    def count(self, code: str) -> int | None:
        """The count, or ``None`` when missing or suppressed."""
        ind = self._by_code.get(code)
        if ind is None or ind.suppressed or not isinstance(ind.value, int):
            return None
        return ind.value

    def shown(self, code: str) -> bool:
        """Whether the indicator is present and prints something other than 0 (a marker counts)."""
        return self.has(code) and self.text(code) not in ("0", "—")

    def share(self, num: str, den: str) -> str | None:
        """``"81,6 %"`` for two shown counts with a non-zero denominator, else ``None``."""
        n, d = self.count(num), self.count(den)
        if n is None or d is None:
            return None
        p = percent(n, d)
        return None if p is None else format_number(p, "%")


_FORMS: tuple[tuple[Form, str], ...] = (
    (Form.LITIGATION, "tham gia tố tụng"),
    (Form.ADVICE, "tư vấn pháp luật"),
    (Form.REPRESENTATION, "đại diện ngoài tố tụng"),
)


def _join(parts: Iterable[str]) -> str:
    items = [p for p in parts if p]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " và " + items[-1]


def _items(lines: Sequence[str]) -> list[Block]:
    """``- line;`` … ``- last.`` (a list in an administrative text ends each line with ``;``)."""
    out = []
    for i, line in enumerate(lines):
        body = line.rstrip(";.").strip()
        out.append(Block("item", f"- {body}{'.' if i == len(lines) - 1 else ';'}"))
    return out


# -- sections -------------------------------------------------------------------------------


def _cases(v: _Values, chart: bool) -> list[Block]:
    out = [Block("sub", "1. Tiếp công dân, hướng dẫn, giải đáp pháp luật")]
    out.append(Block("text", (
        f"Thực hiện tiếp công dân tại trụ sở {v.text('reception.visits')} lượt người; hướng dẫn, giải đáp, "
        f"cung cấp thông tin pháp luật đơn giản {v.text('simple_answers')} việc."
    )))
    out.append(Block("sub", "2. Thực hiện vụ việc trợ giúp pháp lý"))
    out.append(Block("text", (
        f"Tổng số vụ việc trợ giúp pháp lý đã thực hiện trong kỳ là {v.text('cases.handled')} vụ việc/"
        f"{v.text('person_occasions.handled')} lượt người, trong đó kỳ trước chuyển sang "
        f"{v.text('cases.carried_over')} vụ việc, thụ lý mới trong kỳ {v.text('cases.accepted')} vụ việc. "
        + (("Chia theo hình thức: " + _join(
            f"{label} {v.text(f'cases.handled.{f.value}')} vụ việc" for f, label in _FORMS
            if v.count(f"cases.handled.{f.value}") != 0) + ".") if v.count("cases.handled") != 0 else "")
    ).strip()))
    ended_share = v.share("cases.ended", "cases.handled")
    kinds = [("completed", "hoàn thành"), ("not_continued", "không tiếp tục thực hiện"), ("suspended", "bị đình chỉ")]
    by_kind = [f"{label} {v.text(f'cases.ended.{k}')} vụ việc" for k, label in kinds if v.count(f"cases.ended.{k}") != 0]
    out.append(Block("text", (
        f"Đã kết thúc {v.text('cases.ended')} vụ việc"
        + (f" (đạt {ended_share} số vụ việc đã thực hiện)" if ended_share else "")
        + ", trong đó "
        + _join(f"{v.text(f'cases.ended.{f.value}')} vụ việc {label}" for f, label in _FORMS
                if v.count(f"cases.ended.{f.value}") != 0)
        + (f"; theo kết quả: {_join(by_kind)}" if by_kind else "")
        + f". Số vụ việc chưa kết thúc, chuyển sang kỳ sau: {v.text('cases.open_at_end')} vụ việc."
    )))
    refused, transferred = v.count("requests.refused"), v.count("requests.transferred")
    if refused != 0 or transferred != 0:
        out.append(Block("text", (
            f"Từ chối thụ lý {v.text('requests.refused')} yêu cầu không thuộc diện hoặc không đủ điều kiện "
            f"trợ giúp pháp lý; chuyển {v.text('requests.transferred')} yêu cầu đến tổ chức thực hiện trợ giúp "
            "pháp lý khác."
        )))
    out += [Block("text", line) for line in request_lines(v) + role_lines(v)]
    if chart:
        out.append(Block("chart", "Biểu đồ 1. Số vụ việc đã thực hiện trong kỳ theo lĩnh vực pháp luật và hình thức trợ giúp pháp lý"))
    out.append(Block("sub", "3. Thẩm định, đánh giá chất lượng vụ việc"))
    if v.count("appraisal.appraised") == 0:
        out.append(Block("text", "Trong kỳ chưa thực hiện thẩm định chất lượng vụ việc trợ giúp pháp lý."))
    else:
        by_form = _join(
            f"{v.text(f'appraisal.appraised.{f.value}')} vụ việc {label}"
            for f, label in _FORMS if v.count(f"appraisal.appraised.{f.value}") != 0
        )
        share = v.share_text("appraisal.pass_or_better_share")
        out.append(Block("text", (
            f"Thực hiện thẩm định chất lượng {v.text('appraisal.appraised')} vụ việc"
            + (f" ({by_form})" if by_form else "")
            + f"; kết quả: {v.text('appraisal.pass_or_better')} vụ việc xếp loại đạt trở lên"
            + (f" (tỷ lệ {share})." if share else ".")
        )))
    if v.shown("evaluation.evaluated"):
        out.append(Block("text", (
            f"Cơ quan có thẩm quyền đánh giá chất lượng {v.text('evaluation.evaluated')} vụ việc, "
            f"trong đó {v.text('evaluation.pass_or_better')} vụ việc xếp loại đạt trở lên."
        )))
    if v.shown("success.assessed"):
        rate = v.share("success.litigation", "success.assessed")
        out.append(Block("text", (
            f"Đánh giá hiệu quả {v.text('success.assessed')} vụ việc tham gia tố tụng đã kết thúc; "
            f"số vụ việc thành công là {v.text('success.litigation')} trong số {v.text('success.assessed')} "
            "vụ việc được đánh giá" + (f" (tỷ lệ {rate})" if rate else "") + "."
        )))
    out += [Block("text", line) for line in success_lines(v)]
    out += _tgv_quota(v)
    return out


def _tgv_quota(v: _Values) -> list[Block]:
    """The TGV litigation quota (tgpl.reporting.quota), when the report judges one."""
    if not v.has("tgv_quota.with_quota") or v.text("tgv_quota.with_quota") == "—":
        return []
    share = v.share_text("tgv_quota.met_share")
    return [Block("text", (
        f"Thực hiện chỉ tiêu vụ việc tham gia tố tụng: {v.text('tgv_quota.with_quota')} Trợ giúp viên pháp lý "
        f"được giao chỉ tiêu, trong đó {v.text('tgv_quota.met')} người đạt chỉ tiêu"
        + (f" (tỷ lệ {share})" if share else "")
        + f" và {v.text('tgv_quota.not_met')} người không đạt chỉ tiêu."
        + _tgv_quota_levels(v)
    ))]


def _tgv_quota_levels(v: _Values) -> str:
    """The levels of those who met the quota (xếp loại Tốt / Khá / Đạt), when the quota has them."""
    if not v.has("tgv_quota.level.tot"):
        return ""
    parts, shares = [], False
    for code, label in (("tot", "Tốt"), ("kha", "Khá"), ("dat", "Đạt")):
        share = v.share_text(f"tgv_quota.level.{code}_share")
        shares = shares or share is not None
        parts.append(f"xếp loại {label} {v.text(f'tgv_quota.level.{code}')} người" + (f" ({share})" if share else ""))
    return (" Trong số người đạt chỉ tiêu: " + ", ".join(parts) + "."
            + (" Tỷ lệ tính trên số Trợ giúp viên pháp lý được giao chỉ tiêu." if shares else ""))


def _coordination(v: _Values) -> list[Block]:
    share = v.share_text("referrals.procedure_body_notice.litigation_share")
    out = [Block("text", (
        "Trung tâm duy trì phối hợp với các cơ quan tiến hành tố tụng theo Thông tư liên tịch số "
        "10/2018/TTLT-BTP-BCA-BQP-BTC-TANDTC-VKSNDTC. Số vụ việc tham gia tố tụng thụ lý trong kỳ do "
        f"cơ quan tiến hành tố tụng thông báo là {v.text('referrals.procedure_body_notice.litigation')} vụ việc"
        + ("" if (total := v.text("cases.accepted.litigation")) == SOME
           else f" trên tổng số {total} vụ việc tham gia tố tụng thụ lý trong kỳ")
        + (f" (chiếm {share})." if share else ".")
    ))]
    if v.count("referrals.procedure_body_information.litigation") != 0:
        out.append(Block("text", (
            "Số vụ việc tham gia tố tụng thụ lý từ thông tin do cơ quan tiến hành tố tụng cung cấp: "
            f"{v.text('referrals.procedure_body_information.litigation')} vụ việc."
        )))
    if v.count("referrals.commune_referral") != 0:
        out.append(Block("text", (
            "Số vụ việc thụ lý theo giấy giới thiệu của Ủy ban nhân dân cấp xã: "
            f"{v.text('referrals.commune_referral')} vụ việc."
        )))
    return out + [Block("text", line) for line in hearing_lines(v)] + _duty_and_council(v)


def _programmes(report: Report, v: _Values) -> list[Block]:
    """Legal aid in national target programmes (one item a programme with figures)."""
    codes = dict.fromkeys(i.code.split(".")[1] for i in report.indicators if i.code.startswith("programmes."))
    lines = programme_lines(v, codes)
    if not lines:
        return []
    return [Block("text", "Thực hiện trợ giúp pháp lý trong các chương trình mục tiêu quốc gia:"), *_items(lines)]


def _duty_and_council(v: _Values) -> list[Block]:
    """Duty shifts at courts and in criminal investigation, and the coordination council's
    meetings and inspections: one sentence each, only when there is something to say."""
    out: list[Block] = []
    if v.shown("duty.shifts"):
        out.append(Block("text", (
            "Thực hiện Chương trình phối hợp số 1603/BTP-TANDTC ngày 19/5/2022 và Chương trình phối hợp số "
            f"5789/CTPH-BTP-BCA ngày 27/11/2023, Trung tâm bố trí {v.text('duty.shifts.court')} ca trực trợ giúp pháp lý "
            f"tại Tòa án và {v.text('duty.shifts.investigation')} ca trực trợ giúp pháp lý trong điều tra hình sự; "
            f"giải thích, tư vấn cho {v.text('duty.persons_advised')} lượt người, tiếp nhận "
            f"{v.text('duty.requests_received')} yêu cầu trợ giúp pháp lý. Số vụ việc thụ lý trong kỳ từ yêu cầu "
            f"tiếp nhận khi trực: {v.text('duty.cases_accepted')} vụ việc."
        )))
    if v.shown("council.meetings") or v.shown("council.inspections"):
        where = f" tại {v.text('council.units_inspected')} đơn vị" if v.shown("council.units_inspected") else ""
        out.append(Block("text", (
            "Hội đồng phối hợp liên ngành về trợ giúp pháp lý trong hoạt động tố tụng tổ chức "
            f"{v.text('council.meetings')} cuộc họp và {v.text('council.inspections')} cuộc kiểm tra{where}."
        )))
    return out


def _audience(tg: TargetGroup) -> str:
    """How a communication audience is named after "truyền thông về trợ giúp pháp lý …"."""
    if tg is TargetGroup.GENERAL:
        return "cho người dân nói chung"
    return f"cho {tg.label_vi[0].lower()}{tg.label_vi[1:]}"


def _outreach(v: _Values) -> list[Block]:
    out: list[Block] = []
    if v.count("outreach.sessions") == 0:
        out.append(Block("text", "Trong kỳ chưa tổ chức truyền thông về trợ giúp pháp lý."))
    else:
        parts = []
        for tg in TargetGroup:
            t = tg.value
            if v.count(f"outreach.{t}.sessions") == 0 or not v.has(f"outreach.{t}.sessions"):
                continue
            parts.append(
                f"truyền thông về trợ giúp pháp lý {_audience(tg)} tại {v.text(f'outreach.{t}.sessions')} điểm/"
                f"{v.text(f'outreach.{t}.communes')} xã, cho {v.text(f'outreach.{t}.attendees')} người tham dự"
            )
        # "ở cơ sở" names the whole of the Center's communication, as the seed report does
        # ("truyền thông về trợ giúp pháp lý ở cơ sở tại 32 điểm/14 xã, cho 1.389 người tham dự; …").
        total = (
            f"Trong kỳ, Trung tâm tổ chức truyền thông về trợ giúp pháp lý ở cơ sở tại {v.text('outreach.sessions')} "
            f"điểm/{v.text('outreach.communes')} xã, cho {v.text('outreach.attendees')} người tham dự"
        )
        out.append(Block("text", total + (", trong đó: " + "; ".join(parts) if parts else "") + "."))
        if v.count("outreach.leaflets") != 0:
            out.append(Block("text", f"Cấp phát {v.text('outreach.leaflets')} tờ gấp pháp luật về trợ giúp pháp lý."))
    if v.count("mobile.trips") != 0:
        out.append(Block("text", (
            f"Tổ chức {v.text('mobile.trips')} đợt trợ giúp pháp lý lưu động tại {v.text('mobile.communes')} xã, "
            f"tiếp {v.text('mobile.persons')} người."
        )))
    return out


def _training(v: _Values) -> list[Block]:
    if v.count("training.sessions") == 0:
        return [Block("text", "Trong kỳ chưa tổ chức tập huấn, bồi dưỡng nghiệp vụ trợ giúp pháp lý.")]
    return [Block("text", (
        f"Tổ chức {v.text('training.sessions')} cuộc tập huấn, bồi dưỡng nghiệp vụ trợ giúp pháp lý với "
        f"{v.text('training.participants')} lượt người tham dự ({v.text('training.hours')} giờ)."
    ))]


def next_period_vi(report: Report) -> str:
    """The period the tasks of section VI are for: the next year after an annual report,
    the rest of the year after a six-month one, else "thời gian tới"."""
    w = report.window
    if w.kind in (WindowKind.YEAR, WindowKind.PRELIMINARY_YEAR):
        return f"năm {w.end.year + 1}"
    if w.kind is WindowKind.HALF and w.end.month <= 6:
        return f"6 tháng cuối năm {w.end.year}"
    if w.kind is WindowKind.HALF:
        return f"năm {w.end.year + 1}"
    return "thời gian tới"


def _difficulties(report: Report, v: _Values) -> list[Block]:
    lines: list[str] = []
    if v.count("deadlines.overdue"):
        lines.append(
            f"Tại thời điểm cuối kỳ còn {v.text('deadlines.overdue_cases')} vụ việc có thời hạn đã quá hạn "
            f"({v.text('deadlines.overdue')} thời hạn), cần rà soát, xử lý dứt điểm"
        )
    handled, open_ = v.count("cases.handled"), v.count("cases.open_at_end")
    if handled and open_ is not None and 2 * open_ > handled:
        lines.append(
            f"Số vụ việc chưa kết thúc chuyển sang kỳ sau còn nhiều ({v.text('cases.open_at_end')} vụ việc, "
            f"chiếm {v.share('cases.open_at_end', 'cases.handled')} số vụ việc đã thực hiện)"
        )
    appraised, passed = v.count("appraisal.appraised"), v.count("appraisal.pass_or_better")
    if appraised and passed is not None and passed < appraised:
        lines.append(f"Còn {format_number(appraised - passed)} vụ việc được thẩm định xếp loại chưa đạt")
    minor = [v.count(f"cases.handled.{f}") for f in ("advice", "representation")]
    if handled and all(m is not None for m in minor) and 10 * sum(m or 0 for m in minor) < handled:
        lines.append(
            f"Số vụ việc tư vấn pháp luật ({v.text('cases.handled.advice')} vụ việc) và đại diện ngoài tố tụng "
            f"({v.text('cases.handled.representation')} vụ việc) còn ít so với vụ việc tham gia tố tụng"
        )
    if report.profile is not None:
        lines += _lines(report.profile.labels.get(LABEL_DIFFICULTIES, ""))
    if not lines:
        return [Block("text", "Số liệu của kỳ báo cáo không cho thấy khó khăn, hạn chế nổi bật.")]
    return [Block("text", "Bên cạnh những kết quả đạt được, công tác trợ giúp pháp lý còn một số khó khăn, hạn chế:"),
            *_items(lines)]


def _target_line(report: Report, v: _Values, target_index: int) -> str:
    assert report.profile is not None
    t = report.profile.targets[target_index]
    if t.minimum is not None and t.maximum is not None and t.minimum != t.maximum:
        plan = f"{format_number(t.minimum)}–{format_number(t.maximum)}"
    elif t.minimum is not None:
        plan = ("ít nhất " if t.maximum is None else "") + format_number(t.minimum)
    elif t.maximum is not None:
        plan = f"không quá {format_number(t.maximum)}"
    else:
        plan = "—"
    unit_vi = f" {t.unit}" if t.unit else ""
    basis = f" ({t.basis})" if t.basis else ""
    if v.has(t.indicator):
        ind = report.indicator(t.indicator)
        done = f"; kết quả kỳ này: {display_value(ind)}{unit_vi} — {t.status(ind.value)}"
    else:
        done = ""
    return f"{t.label_vi}: chỉ tiêu {plan}{unit_vi}{basis}{done}"


def _tasks(report: Report, v: _Values) -> list[Block]:
    profile = report.profile
    own = _lines(profile.labels.get(LABEL_TASKS, "")) if profile is not None else []
    targets = [_target_line(report, v, i) for i in range(len(profile.targets))] if profile is not None else []
    if own:
        lines = own
    else:
        nxt = next_period_vi(report)
        year = nxt.rsplit(" ", 1)[-1] if nxt != "thời gian tới" else str(report.window.end.year)
        lines = [f"Triển khai thực hiện kế hoạch công tác trợ giúp pháp lý năm {year}"]
        if v.count("cases.open_at_end"):
            lines.append(f"Tập trung thực hiện, kết thúc đúng thời hạn {v.text('cases.open_at_end')} vụ việc chuyển sang kỳ sau")
        if v.count("deadlines.overdue"):
            lines.append("Rà soát, xử lý dứt điểm các vụ việc có thời hạn đã quá hạn")
        lines += [
            "Tăng cường phối hợp với các cơ quan tiến hành tố tụng, thu thập thông tin vụ việc thuộc diện trợ giúp pháp lý",
            "Đẩy mạnh truyền thông về trợ giúp pháp lý, nhất là cho người khuyết tật có khó khăn về tài chính, "
            "phụ nữ, đồng bào dân tộc thiểu số",
            "Nâng cao chất lượng vụ việc; thực hiện thẩm định, đánh giá chất lượng vụ việc theo quy định",
        ]
    out: list[Block] = []
    if targets:
        out.append(Block("text", "Các chỉ tiêu kế hoạch và kết quả thực hiện:"))
        out += _items(targets)
        out.append(Block("text", "Nhiệm vụ trọng tâm:"))
    return out + _items(lines)


def sections(report: Report, *, chart: bool = True) -> tuple[Section, ...]:
    """Sections I–VI of the report, filled from its indicators (``chart``: place the figure in I).

    The abbreviation "TGPL" (from a profile's text) is spelled out at its first use.
    """
    v = _Values(report)
    raw = (
        ("I. KẾT QUẢ THỰC HIỆN VỤ VIỆC TRỢ GIÚP PHÁP LÝ", _cases(v, chart)),
        ("II. CÔNG TÁC PHỐI HỢP VỚI CÁC CƠ QUAN TIẾN HÀNH TỐ TỤNG", _coordination(v)),
        ("III. CÔNG TÁC TRUYỀN THÔNG VÀ TRỢ GIÚP PHÁP LÝ LƯU ĐỘNG", _outreach(v) + _programmes(report, v)),
        ("IV. CÔNG TÁC TẬP HUẤN, BỒI DƯỠNG NGHIỆP VỤ", _training(v)),
        ("V. KHÓ KHĂN, HẠN CHẾ", _difficulties(report, v)),
        (f"VI. NHIỆM VỤ TRỌNG TÂM {next_period_vi(report).upper()}", _tasks(report, v)),
    )
    texts = spell_out_first([b.text for _, blocks in raw for b in blocks])
    out, k = [], 0
    for heading, blocks in raw:
        fixed = []
        for b in blocks:
            fixed.append(Block(b.kind, texts[k]))
            k += 1
        out.append(Section(heading, tuple(fixed)))
    return tuple(out)
