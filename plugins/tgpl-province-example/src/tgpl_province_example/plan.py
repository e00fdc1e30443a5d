"""The plan-versus-actual document (bảng so sánh kế hoạch và kết quả thực hiện) of Bắc Giang's 2024 plan.

The plan itself is data: :data:`~tgpl_province_example.profile.PLAN`, read from the bundled
``tgpl.plan/1`` file (``data/bac-giang-2024.yaml``, the same file as
``examples/plans/bac-giang-2024.yaml``), shipped to tgpl through ``tgpl_register_plans`` so
that ``tgpl report … --plan bac-giang-2024`` adds the plan section to every format. The task
statuses and the comparison of the two numeric targets are tgpl's
(:mod:`tgpl.planning.status`); this module only lays the section out as a document of the
Department, with its issuing body, place-and-date line, signature block and recipients.

:func:`plan_vs_actual` is the report's own plan section when it has one (``--plan``), else the
bundled plan judged against the report on the window's last day (periods other than the
report window then have no data, and a note says so). Reports of the merged Bắc Ninh
(2025:24) and reports without a profile get no comparison: the plan binds only the former
Bắc Giang territory.
"""

from __future__ import annotations

from typing import Final

from tgpl.planning import plan_section
from tgpl.reporting.formats.markdown import plan_markdown
from tgpl.reporting.heading import date_line_vi, issue_date
from tgpl.reporting.report import PlanSection, Report, ReportFormat
from tgpl_province_example.profile import BAC_GIANG, PLAN

__all__ = [
    "PLAN_FORMAT",
    "PLAN_TITLE",
    "plan_vs_actual",
    "render_plan_markdown",
]

#: The document title (Vietnamese, as the Department writes it).
PLAN_TITLE: Final = "Bảng so sánh kế hoạch và kết quả thực hiện"


def plan_vs_actual(report: Report) -> PlanSection | None:
    """The plan section for ``report``: its own (``--plan``), else the 2024 plan for a Bắc Giang report.

    ``None`` without a profile, or for a profile other than Bắc Giang (2004:24).
    """
    if report.plan is not None:
        return report.plan
    profile = report.profile
    if profile is None or profile.unit != BAC_GIANG:
        return None
    return plan_section(PLAN, report)


def render_plan_markdown(report: Report) -> bytes:
    """The ``bac-giang-plan`` document of ``report`` as UTF-8 Markdown (a pure function of the report)."""
    profile = report.profile
    meta = report.meta
    out: list[str] = []
    if profile is not None:
        for line in (profile.issuer_parent_vi, profile.issuer_vi or profile.organisation_vi):
            if line:
                out.append(f"**{line.upper()}**  ")
        out.append("")
    out += [f"# {PLAN_TITLE.upper()}", ""]
    out.append(f"- Kỳ báo cáo: {report.window.label_vi} (`{report.window.label}`)")
    if profile is not None:
        out.append(f"- Tổ chức thực hiện: {profile.organisation_vi}")
    units = ", ".join(meta.units) if meta.units else "(không có số liệu)"
    out += [f"- Đơn vị hành chính trong số liệu: {units}", ""]

    section = plan_vs_actual(report)
    if section is not None:
        out += plan_markdown(section)
    elif profile is None:
        out.append(
            "Báo cáo không gắn với hồ sơ tỉnh nào (hook `tgpl_province_profile` không trả lời), "
            "nên không có kế hoạch để so sánh."
        )
    else:
        out.append("Không có kế hoạch áp dụng cho đơn vị này trong kỳ báo cáo.")

    notes: list[str] = []
    by_code = {i.code: i for i in report.indicators}
    for task in section.tasks if section is not None else ():
        for target in task.targets:
            found = by_code.get(target.indicator)
            if found is not None and "chưa kiểm chứng" in found.basis:
                notes.append(f"“{target.label_vi}”: mức chỉ tiêu chưa kiểm chứng (xem căn cứ của chỉ tiêu `{target.indicator}`).")
    if profile is not None and profile.successor_note_vi:
        notes.append(profile.successor_note_vi)
    if notes:
        out += ["", "**Ghi chú khác:**", ""]
        out += [f"- {n}" for n in notes]

    if profile is not None and (profile.place_vi or profile.signer_name):
        out.append("")
        if profile.place_vi:
            out += [f"*{date_line_vi(profile.place_vi, issue_date(report))}*", ""]
        for line in profile.signer_title_vi.split("\n"):
            out.append(f"**{line}**  ")
        if profile.signer_name:
            out += ["", profile.signer_name]
    if profile is not None and profile.recipients_vi:
        out += ["", "*Nơi nhận:*", ""]
        last = len(profile.recipients_vi) - 1
        out += [f"- {r}{'.' if i == last else ';'}" for i, r in enumerate(profile.recipients_vi)]
    out += ["", f"*Lập bằng tgpl {meta.tgpl_version}; chỉ chứa số liệu tổng hợp, không chứa thông tin cá nhân.*"]
    return ("\n".join(out) + "\n").encode("utf-8")


#: The custom report format (``tgpl report --format bac-giang-plan``).
PLAN_FORMAT: Final = ReportFormat(
    name="bac-giang-plan",
    label_vi="Bảng so sánh kế hoạch và kết quả thực hiện (Markdown)",
    extension="plan.md",
    media_type="text/markdown; charset=utf-8",
    render=render_plan_markdown,
)
