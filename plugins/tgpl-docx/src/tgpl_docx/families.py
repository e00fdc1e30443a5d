"""Sentences of the report for the indicators the seed plans asked to count (issue 14).

Requests by channel and the online share, litigation by procedural role, successes by
provider and criterion group (and those assessed under the guidance before QĐ 1179/QĐ-BTP),
hearings attended in person and online, and national target programmes. Each sentence is
written only when its figures are in the report and not all zero; hidden (suppressed)
counts print as the text's marker, as elsewhere in the document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from tgpl.domain import ProcedureRole, ProviderKind, RequestChannel
from tgpl.rules.programmes import programme

__all__ = ["hearing_lines", "programme_lines", "request_lines", "role_lines", "success_lines"]


class Values(Protocol):
    """What the sentences read from the report's indicators (``tgpl_docx.text._Values``)."""

    def has(self, code: str) -> bool: ...
    def text(self, code: str) -> str: ...
    def share_text(self, code: str) -> str | None: ...
    def count(self, code: str) -> int | None: ...
    def shown(self, code: str) -> bool: ...


def _first_lower(label: str) -> str:
    return label[:1].lower() + label[1:]


def _parts(v: Values, items: Iterable[tuple[str, str]], fmt: Callable[[str, str], str]) -> list[str]:
    """``fmt(label, value)`` for every shown indicator of ``items`` (code, label)."""
    return [fmt(label, v.text(code)) for code, label in items if v.shown(code)]


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " và " + parts[-1]


def request_lines(v: Values) -> list[str]:
    """Requests received by channel (Luật TGPL 2017 Điều 29; Thông tư 12/2018/TT-BTP Điều 13)."""
    if not v.shown("requests.received"):
        return []
    channels = _parts(
        v, ((f"requests.channel.{c.value}", _first_lower(c.label_vi)) for c in RequestChannel),
        lambda label, value: f"{label} {value} yêu cầu",
    )
    # no channel recorded (files written before the channel existed): no breakdown and no share,
    # which would read 0 % online
    share = v.share_text("requests.online_share") if channels else None
    return [
        f"Trong kỳ tiếp nhận {v.text('requests.received')} yêu cầu trợ giúp pháp lý"
        + (f", trong đó {_join(channels)}" if channels else "")
        + (f"; tỷ lệ yêu cầu nhận qua dịch vụ công trực tuyến là {share}." if share else ".")
    ]


def role_lines(v: Values) -> list[str]:
    """Litigation cases handled by procedural role (Luật TGPL 2017 Điều 31 khoản 1)."""
    roles = _parts(
        v, ((f"cases.handled.litigation.{r.value}", _first_lower(r.label_vi)) for r in ProcedureRole),
        lambda label, value: f"{label} {value} vụ việc",
    )
    if not roles:
        return []
    return [f"Vụ việc tham gia tố tụng đã thực hiện theo tư cách tham gia tố tụng: {_join(roles)}."]


def success_lines(v: Values) -> list[str]:
    """Successes by provider kind and criterion group, and those under the earlier guidance."""
    if not v.shown("success.litigation"):
        return []
    out = []
    providers = _parts(
        v, ((f"success.provider.{k.value}", k.label_vi) for k in ProviderKind),
        lambda label, value: f"{label} {value} vụ việc",
    )
    groups = _parts(
        v, (("success.criminal", "hình sự"), ("success.civil", "dân sự"), ("success.administrative", "hành chính")),
        lambda label, value: f"nhóm tiêu chí {label} {value} vụ việc",
    )
    if providers:
        out.append(f"Vụ việc tham gia tố tụng thành công theo người thực hiện: {_join(providers)}.")
    if groups:
        out.append(f"Theo tiêu chí của Quyết định số 1179/QĐ-BTP ngày 16/5/2022: {_join(groups)}.")
    if v.shown("success.legacy"):
        out.append(
            f"Có {v.text('success.legacy')} vụ việc tham gia tố tụng thành công được đánh giá trước ngày "
            "16/5/2022 theo hướng dẫn trước Quyết định số 1179/QĐ-BTP, không theo tiêu chí của Quyết định này."
        )
    return out


def hearing_lines(v: Values) -> list[str]:
    """Hearings attended, in person and online (Nghị quyết 33/2021/QH15; Thông tư liên tịch
    05/2021/TTLT-TANDTC-VKSNDTC-BCA-BQP-BTP)."""
    if not v.shown("hearings.attended"):
        return []
    share = v.share_text("hearings.online_share")
    line = (
        f"Người thực hiện trợ giúp pháp lý tham gia {v.text('hearings.attended')} lượt phiên tòa, trong đó "
        f"{v.text('hearings.attended.in_person')} lượt trực tiếp tại phòng xử án và "
        f"{v.text('hearings.attended.online')} lượt phiên tòa trực tuyến"
        + (f" (tỷ lệ {share})" if share else "")
    )
    if v.has("hearings.cases"):
        line += (
            f"; số vụ việc có tham gia phiên tòa là {v.text('hearings.cases')} vụ việc, trong đó "
            f"{v.text('hearings.cases_online')} vụ việc có phiên tòa trực tuyến"
        )
    return [line + "."]


def programme_lines(v: Values, codes: Iterable[str]) -> list[str]:
    """Legal aid in national target programmes, one line for each programme with figures."""
    out = []
    for code in codes:
        p = programme(code)
        name = p.name_vi if p is not None else code
        parts = _parts(
            v,
            ((f"programmes.{code}.accepted", "thụ lý"), (f"programmes.{code}.ended", "kết thúc")),
            lambda label, value: f"{label} {value} vụ việc",
        ) + _parts(
            v,
            ((f"programmes.{code}.outreach_sessions", "buổi truyền thông"),
             (f"programmes.{code}.mobile_trips", "đợt trợ giúp pháp lý lưu động")),
            lambda label, value: f"{value} {label}",
        )
        if parts:
            out.append(f"{name}: {_join(parts)}.")
    return out
