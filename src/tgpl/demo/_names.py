"""Word lists for synthetic data: Vietnamese name syllables and commune names.

Everything here is invented or generic. The family names mix the common Kinh names with
Tày, Nùng, Dao and H'Mông names frequent in the northern mountain provinces (Bắc Kạn and
its neighbours), so that a demo province looks like one; no entry identifies a person.
"""

from __future__ import annotations

__all__ = ["COMMUNES", "FAMILY_NAMES", "GIVEN_FEMALE", "GIVEN_MALE", "MIDDLE_FEMALE", "MIDDLE_MALE"]

#: Family names with rough weights (Kinh and the ethnic minorities of the north-east mountains).
FAMILY_NAMES: tuple[tuple[str, int], ...] = (
    ("Nguyễn", 14), ("Hoàng", 10), ("Nông", 9), ("Triệu", 7), ("Lý", 6), ("Hà", 6),
    ("Ma", 5), ("Lường", 3), ("Đàm", 3), ("Lục", 3), ("Bàn", 4), ("Dương", 3),
    ("Trần", 5), ("Lê", 4), ("Phạm", 2), ("Lưu", 2), ("Hứa", 2), ("Giàng", 2),
    ("Vàng", 2), ("Mông", 1), ("Chu", 2), ("Đinh", 2), ("Bế", 3), ("La", 2),
)

MIDDLE_MALE: tuple[str, ...] = ("Văn", "Văn", "Văn", "Đức", "Minh", "Hữu", "Quang", "Thành", "Công", "Xuân")
MIDDLE_FEMALE: tuple[str, ...] = ("Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Hồng", "Kim", "Phương", "Mai")

GIVEN_MALE: tuple[str, ...] = (
    "An", "Bình", "Cường", "Dũng", "Đông", "Giang", "Hải", "Hiếu", "Hùng", "Khánh",
    "Kiên", "Long", "Lợi", "Mạnh", "Nam", "Nghĩa", "Phúc", "Quân", "Sơn", "Tài",
    "Thắng", "Thành", "Tiến", "Toàn", "Trung", "Tuấn", "Việt", "Vinh", "Vũ", "Xuân",
    "Páo", "Sình", "Chẩn", "Slình", "Quyết", "Lâm",
)
GIVEN_FEMALE: tuple[str, ...] = (
    "Anh", "Chi", "Dung", "Duyên", "Hà", "Hạnh", "Hiền", "Hoa", "Hồng", "Hương",
    "Lan", "Liên", "Linh", "Loan", "Mai", "Ngọc", "Nhung", "Nga", "Oanh", "Phượng",
    "Quyên", "Sen", "Tâm", "Thảo", "Thoa", "Thu", "Thủy", "Trang", "Vân", "Yến",
    "Mỷ", "Sinh", "Dín", "Pấu",
)

#: Commune names used for outreach sessions and mobile trips ("xã …"); names of the kind
#: found in Bắc Kạn and neighbouring mountain provinces. They are labels for synthetic
#: data, not a unit register.
COMMUNES: tuple[str, ...] = (
    "xã Bằng Vân", "xã Thượng Quan", "xã Cốc Đán", "xã Đồng Lạc", "xã Cao Kỳ",
    "xã Nam Mẫu", "xã Khang Ninh", "xã Quảng Khê", "xã Bành Trạch", "xã Xuân Dương",
    "xã Yên Hân", "xã Lãng Ngâm", "xã Thượng Giáo", "xã Cao Sơn", "xã Vân Tùng",
    "xã Nghiên Loan", "xã Cường Lợi", "xã Kim Hỷ", "xã Sỹ Bình", "xã Bằng Thành",
    "xã Phúc Lộc", "xã Côn Minh", "xã Thanh Vận", "xã Nông Thượng", "xã Quang Thuận",
    "xã Yến Lạc", "xã Bộc Bố", "xã Cẩm Giàng", "xã Đôn Phong", "xã Lương Bằng",
)
