"""Code lists of the legal aid domain (vi: danh mục).

Each member's value is the stable code used in files; ``label_vi``, ``label_en`` and
``basis`` give the Vietnamese label, the English label and the legal basis.
Abbreviations in the citations: Law = Luật Trợ giúp pháp lý 11/2017/QH14; ND144 = Nghị
định 144/2017/NĐ-CP; TT08 = Thông tư 08/2017/TT-BTP; TT12 = Thông tư 12/2018/TT-BTP;
TTLT10 = Thông tư liên tịch 10/2018/TTLT-BTP-BCA-BQP-BTC-TANDTC-VKSNDTC.
"""

from __future__ import annotations

from tgpl.domain.codes import CodeEnum, describe

__all__ = [
    "ChangeGround",
    "ComplaintLevel",
    "ComplaintSubject",
    "EndKind",
    "FinancialBasis",
    "Form",
    "Grade",
    "Group",
    "ImmediateReason",
    "LegacySuccessBasis",
    "LegalField",
    "NotContinuedGround",
    "OnlineServiceLevel",
    "OrgKind",
    "PersonRole",
    "ProcedureRole",
    "ProofKind",
    "ProviderKind",
    "RefusalGround",
    "RegistrationRefusal",
    "RequestChannel",
    "RequestSource",
    "ReviewerLevel",
    "Sex",
    "SuccessGroup",
    "TargetGroup",
    "TransferReason",
    "Tri",
    "Trigger",
]


class Tri(CodeEnum):
    """A yes/no fact that may be unknown (docs/architecture.md principle 3)."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"

    @classmethod
    def of(cls, value: bool | None) -> Tri:
        """``True`` → YES, ``False`` → NO, ``None`` → UNKNOWN."""
        if value is None:
            return cls.UNKNOWN
        return cls.YES if value else cls.NO


describe(Tri, {"YES": ("Có", "Yes", ""), "NO": ("Không", "No", ""), "UNKNOWN": ("Chưa rõ", "Unknown", "")})


class Sex(CodeEnum):
    """Sex as recorded for statistical form Biểu 24 columns (2) and (3)."""

    MALE = "male"
    FEMALE = "female"
    UNKNOWN = "unknown"


describe(Sex, {
    "MALE": ("Nam", "Male", "TT 03/2019/TT-BTP, Biểu 24/BTP/TGPL cột (2)"),
    "FEMALE": ("Nữ", "Female", "TT 03/2019/TT-BTP, Biểu 24/BTP/TGPL cột (3)"),
    "UNKNOWN": ("Chưa rõ", "Unknown", ""),
})


class Form(CodeEnum):
    """Form of legal aid (hình thức TGPL) — exactly three (Law Art 27 cl. 2)."""

    LITIGATION = "litigation"
    ADVICE = "advice"
    REPRESENTATION = "representation"


describe(Form, {
    "LITIGATION": ("Tham gia tố tụng", "Participation in proceedings", "Law Art 27 cl. 2; Art 31"),
    "ADVICE": ("Tư vấn pháp luật", "Legal advice", "Law Art 27 cl. 2; Art 32"),
    "REPRESENTATION": ("Đại diện ngoài tố tụng", "Out-of-court representation", "Law Art 27 cl. 2; Art 33"),
})


class LegalField(CodeEnum):
    """Field of law (lĩnh vực pháp luật); every field except business and commerce (Law Art 27 cl. 1).

    The rows of statistical form Biểu 24/BTP/TGPL (TT 03/2019/TT-BTP).
    """

    CRIMINAL = "criminal"
    CIVIL = "civil"
    MARRIAGE_FAMILY = "marriage_family"
    ADMINISTRATIVE = "administrative"
    LAND = "land"
    LABOUR = "labour"
    OTHER = "other"


describe(LegalField, {
    "CRIMINAL": ("Hình sự", "Criminal", "TT 03/2019/TT-BTP, Biểu 24 dòng 1"),
    "CIVIL": ("Dân sự", "Civil", "TT 03/2019/TT-BTP, Biểu 24 dòng 2"),
    "MARRIAGE_FAMILY": ("Hôn nhân và gia đình", "Marriage and family", "TT 03/2019/TT-BTP, Biểu 24 dòng 2"),
    "ADMINISTRATIVE": ("Hành chính", "Administrative", "TT 03/2019/TT-BTP, Biểu 24"),
    "LAND": ("Đất đai", "Land", "TT 03/2019/TT-BTP, Biểu 24"),
    "LABOUR": ("Lao động", "Labour", "TT 03/2019/TT-BTP, Biểu 24"),
    "OTHER": ("Lĩnh vực khác", "Other fields", "TT 03/2019/TT-BTP, Biểu 24"),
})


class ProcedureRole(CodeEnum):
    """The provider's procedural role in a litigation case (Law Art 31 cl. 1)."""

    DEFENCE_COUNSEL = "defence_counsel"
    VICTIM_PROTECTOR = "victim_protector"
    PARTY_PROTECTOR = "party_protector"


describe(ProcedureRole, {
    "DEFENCE_COUNSEL": ("Người bào chữa", "Defence counsel", "Law Art 31 cl. 1"),
    "VICTIM_PROTECTOR": ("Người bảo vệ quyền và lợi ích hợp pháp của bị hại", "Protector of a victim's rights", "Law Art 31 cl. 1"),
    "PARTY_PROTECTOR": ("Người bảo vệ quyền và lợi ích hợp pháp của đương sự", "Protector of a party's rights", "Law Art 31 cl. 1"),
})


class PersonRole(CodeEnum):
    """The beneficiary's standing in the matter, which clauses 5 and 6 of Law Art 7 depend on.

    "Accused" (người bị buộc tội) covers the arrested, the held in custody, suspects and
    defendants (Criminal Procedure Code 2015 Art 4 cl. 1 pt đ); see ``is_accused``.
    """

    REPORTED = "reported"
    RECOMMENDED_FOR_PROSECUTION = "recommended_for_prosecution"
    EMERGENCY_HELD = "emergency_held"
    ARRESTED = "arrested"
    IN_CUSTODY = "in_custody"
    SUSPECT = "suspect"
    DEFENDANT = "defendant"
    VICTIM = "victim"
    WITNESS = "witness"
    DIVERSION = "diversion"
    PRISONER = "prisoner"
    PARTY = "party"
    NONE = "none"
    UNKNOWN = "unknown"

    @property
    def is_accused(self) -> bool:
        """Người bị buộc tội: arrested, in custody, suspect or defendant (CPC 2015 Art 4)."""
        return self in _ACCUSED

    @property
    def is_detained(self) -> bool:
        """Arrested or in temporary custody: the 12-hour assignment rule (Law Art 31 cl. 2)."""
        return self in (PersonRole.ARRESTED, PersonRole.IN_CUSTODY)


_ACCUSED = frozenset({PersonRole.ARRESTED, PersonRole.IN_CUSTODY, PersonRole.SUSPECT, PersonRole.DEFENDANT})

describe(PersonRole, {
    "REPORTED": ("Người bị tố giác", "Reported person", "Law Art 7 cl. 5 (Law 59/2024)"),
    "RECOMMENDED_FOR_PROSECUTION": ("Người bị kiến nghị khởi tố", "Subject of a prosecution recommendation", "Law Art 7 cl. 5 (Law 59/2024)"),
    "EMERGENCY_HELD": ("Người bị giữ trong trường hợp khẩn cấp", "Held in an emergency", "Law Art 7 cl. 5 (Law 59/2024)"),
    "ARRESTED": ("Người bị bắt", "Arrested person", "CPC 2015 Art 4; Law Art 31 cl. 2"),
    "IN_CUSTODY": ("Người bị tạm giữ", "Person in temporary custody", "CPC 2015 Art 4; Law Art 31 cl. 2"),
    "SUSPECT": ("Bị can", "Suspect", "CPC 2015 Art 4"),
    "DEFENDANT": ("Bị cáo", "Defendant", "CPC 2015 Art 4"),
    "VICTIM": ("Bị hại", "Victim", "Law Art 7 cl. 5"),
    "WITNESS": ("Người làm chứng", "Witness", "Law Art 7 cl. 5 (Law 59/2024)"),
    "DIVERSION": ("Người chấp hành biện pháp xử lý chuyển hướng", "Subject of a diversion measure", "Law Art 7 cl. 5 (Law 59/2024)"),
    "PRISONER": ("Phạm nhân", "Prisoner", "Law Art 7 cl. 5 (Law 59/2024)"),
    "PARTY": ("Đương sự", "Party to civil or administrative proceedings", "Law Art 31 cl. 1"),
    "NONE": ("Không tham gia tố tụng", "No procedural standing", ""),
    "UNKNOWN": ("Chưa rõ", "Unknown", ""),
})


class Group(CodeEnum):
    """Article 7 beneficiary groups (diện người được TGPL), every clause and point ever in force.

    Points 7đ and 7g are repealed (from 01/01/2026 and 01/07/2025) but kept for historic
    data; NEAR_POOR and SOCIAL_ALLOWANCE name groups of the amending law in force
    01/01/2027 (provisional, text unverified; "người hưởng trợ cấp xã hội" is any social
    allowance, not only the monthly one). Which groups are eligible on a date is
    decided by ``tgpl.rules.eligibility``, not here.
    """

    MERITORIOUS = "cl1_meritorious"
    POOR_HOUSEHOLD = "cl2_poor_household"
    CHILD = "cl3_child"
    ETHNIC_MINORITY_DIFFICULT_AREA = "cl4_ethnic_minority_difficult_area"
    JUVENILE_16_18 = "cl5_juvenile_16_18"
    ACCUSED_NEAR_POOR = "cl6_accused_near_poor"
    TRAFFICKING_VICTIM = "cl6a_trafficking_victim"
    MARTYR_RELATIVE = "cl7a_martyr_relative"
    AGENT_ORANGE = "cl7b_agent_orange"
    ELDERLY = "cl7c_elderly"
    DISABILITY = "cl7d_disability"
    JUVENILE_VICTIM = "cl7dd_juvenile_victim"
    DOMESTIC_VIOLENCE_VICTIM = "cl7e_domestic_violence_victim"
    TRAFFICKING_VICTIM_FINANCIAL = "cl7g_trafficking_victim"
    HIV = "cl7h_hiv"
    NEAR_POOR = "y2027_near_poor"
    SOCIAL_ALLOWANCE = "y2027_social_allowance"


describe(Group, {
    "MERITORIOUS": ("Người có công với cách mạng", "Person with meritorious service to the revolution", "Law Art 7 cl. 1"),
    "POOR_HOUSEHOLD": ("Người thuộc hộ nghèo", "Member of a poor household", "Law Art 7 cl. 2"),
    "CHILD": ("Trẻ em", "Child (under 16)", "Law Art 7 cl. 3"),
    "ETHNIC_MINORITY_DIFFICULT_AREA": ("Người dân tộc thiểu số cư trú ở vùng có điều kiện kinh tế - xã hội đặc biệt khó khăn", "Ethnic minority person residing in an area of extreme socio-economic difficulty", "Law Art 7 cl. 4"),
    "JUVENILE_16_18": ("Người từ đủ 16 tuổi đến dưới 18 tuổi (bị buộc tội; từ 01/01/2026 thêm các tư cách khác)", "Person aged 16 to under 18 in a listed procedural role", "Law Art 7 cl. 5 (rewritten by Law 59/2024/QH15 Art 177 cl. 6 from 01/01/2026)"),
    "ACCUSED_NEAR_POOR": ("Người bị buộc tội thuộc hộ cận nghèo", "Accused person from a near-poor household", "Law Art 7 cl. 6"),
    "TRAFFICKING_VICTIM": ("Nạn nhân, người đang trong quá trình xác định là nạn nhân mua bán người và người dưới 18 tuổi đi cùng", "Human trafficking victim or person being identified as one, and accompanying persons under 18", "Law Art 7 cl. 6a (added by Law 53/2024/QH15 Art 61 from 01/07/2025)"),
    "MARTYR_RELATIVE": ("Cha đẻ, mẹ đẻ, vợ, chồng, con của liệt sĩ và người có công nuôi dưỡng liệt sĩ khi còn nhỏ", "Fallen soldier's parent, spouse, child or foster carer", "Law Art 7 cl. 7 pt a"),
    "AGENT_ORANGE": ("Người nhiễm chất độc da cam", "Person exposed to Agent Orange", "Law Art 7 cl. 7 pt b"),
    "ELDERLY": ("Người cao tuổi", "Elderly person", "Law Art 7 cl. 7 pt c"),
    "DISABILITY": ("Người khuyết tật", "Person with disability", "Law Art 7 cl. 7 pt d"),
    "JUVENILE_VICTIM": ("Người từ đủ 16 tuổi đến dưới 18 tuổi là bị hại trong vụ án hình sự", "Person aged 16 to under 18 who is a victim in a criminal case", "Law Art 7 cl. 7 pt đ (repealed from 01/01/2026 by Law 59/2024/QH15)"),
    "DOMESTIC_VIOLENCE_VICTIM": ("Nạn nhân trong vụ việc bạo lực gia đình", "Victim in a domestic violence case", "Law Art 7 cl. 7 pt e"),
    "TRAFFICKING_VICTIM_FINANCIAL": ("Nạn nhân của hành vi mua bán người", "Victim of human trafficking (old point g)", "Law Art 7 cl. 7 pt g (repealed from 01/07/2025 by Law 53/2024/QH15)"),
    "HIV": ("Người nhiễm HIV", "Person living with HIV", "Law Art 7 cl. 7 pt h"),
    "NEAR_POOR": ("Người cận nghèo", "Near-poor person", "Amending Law on Legal Aid (passed 24/04/2026), in force 01/01/2027 — provisional, text unverified"),
    "SOCIAL_ALLOWANCE": ("Người hưởng trợ cấp xã hội", "Social allowance recipient (any social allowance)", "Amending Law on Legal Aid (passed 24/04/2026), in force 01/01/2027 — provisional, text unverified"),
})


class FinancialBasis(CodeEnum):
    """Financial difficulty (khó khăn về tài chính) for Law Art 7 cl. 7 (ND144 Art 2)."""

    NEAR_POOR_HOUSEHOLD = "near_poor_household"
    MONTHLY_SOCIAL_ALLOWANCE = "monthly_social_allowance"
    NONE = "none"
    UNKNOWN = "unknown"

    @property
    def in_difficulty(self) -> Tri:
        """Whether this basis establishes financial difficulty under ND144 Art 2."""
        if self is FinancialBasis.UNKNOWN:
            return Tri.UNKNOWN
        return Tri.NO if self is FinancialBasis.NONE else Tri.YES


describe(FinancialBasis, {
    "NEAR_POOR_HOUSEHOLD": ("Thuộc hộ cận nghèo", "Near-poor household", "ND144 Art 2"),
    "MONTHLY_SOCIAL_ALLOWANCE": ("Đang hưởng trợ cấp xã hội hằng tháng", "Receives a monthly social allowance", "ND144 Art 2"),
    "NONE": ("Không có khó khăn về tài chính", "No financial difficulty", "ND144 Art 2"),
    "UNKNOWN": ("Chưa rõ", "Unknown", ""),
})


class ProofKind(CodeEnum):
    """Kinds of documents proving eligibility (TT08 Art 33 as amended). Open-ended: use
    ``OTHER`` with a free-text description for anything not listed."""

    MERIT_RECOGNITION = "merit_recognition"
    POOR_HOUSEHOLD_CERTIFICATE = "poor_household_certificate"
    NEAR_POOR_CERTIFICATE = "near_poor_certificate"
    BIRTH_CERTIFICATE_OR_ID = "birth_certificate_or_id"
    ETHNICITY_RESIDENCE_DOCUMENT = "ethnicity_residence_document"
    PROCEDURE_BODY_DOCUMENT = "procedure_body_document"
    SANCTION_BODY_DOCUMENT = "sanction_body_document"
    SOCIAL_ALLOWANCE_DECISION = "social_allowance_decision"
    SOCIAL_FACILITY_ADMISSION = "social_facility_admission"
    MARTYR_RELATIONSHIP = "martyr_relationship"
    AGENT_ORANGE_CERTIFICATE = "agent_orange_certificate"
    AGE_PROOF = "age_proof"
    DISABILITY_CERTIFICATE = "disability_certificate"
    SHELTER_ADMISSION = "shelter_admission"
    MEDICAL_CERTIFICATE = "medical_certificate"
    NO_CONTACT_ORDER = "no_contact_order"
    ABUSER_SANCTION = "abuser_sanction"
    TRAFFICKING_VICTIM_CERTIFICATION = "trafficking_victim_certification"
    HIV_CERTIFICATION = "hiv_certification"
    OTHER = "other"


describe(ProofKind, {
    "MERIT_RECOGNITION": ("Giấy tờ chứng minh là người có công với cách mạng", "Meritorious-service recognition", "TT08 Art 33 cl. 1"),
    "POOR_HOUSEHOLD_CERTIFICATE": ("Giấy chứng nhận hộ nghèo", "Poor-household certificate", "TT08 Art 33 cl. 2"),
    "NEAR_POOR_CERTIFICATE": ("Giấy chứng nhận hộ cận nghèo", "Near-poor household certificate", "TT08 Art 33"),
    "BIRTH_CERTIFICATE_OR_ID": ("Giấy khai sinh, thẻ căn cước, hộ chiếu", "Birth certificate, ID card or passport", "TT08 Art 33 cl. 3"),
    "ETHNICITY_RESIDENCE_DOCUMENT": ("Giấy tờ chứng minh dân tộc và nơi cư trú", "Document showing ethnicity and residence", "TT08 Art 33 cl. 4"),
    "PROCEDURE_BODY_DOCUMENT": ("Văn bản của cơ quan tiến hành tố tụng", "Document of a procedure-conducting body", "TT08 Art 33"),
    "SANCTION_BODY_DOCUMENT": ("Văn bản của cơ quan có thẩm quyền xử lý vi phạm hành chính", "Document of an administrative-sanction body", "TT08 Art 33 cl. 3"),
    "SOCIAL_ALLOWANCE_DECISION": ("Quyết định hưởng trợ cấp xã hội hằng tháng", "Monthly social allowance decision", "TT08 Art 33"),
    "SOCIAL_FACILITY_ADMISSION": ("Quyết định tiếp nhận vào cơ sở trợ giúp xã hội", "Admission decision to a social protection facility", "TT08 Art 33"),
    "MARTYR_RELATIONSHIP": ("Giấy tờ chứng minh quan hệ với liệt sĩ", "Proof of relationship to a fallen soldier", "TT08 Art 33"),
    "AGENT_ORANGE_CERTIFICATE": ("Giấy tờ chứng minh nhiễm chất độc da cam", "Agent Orange allowance or illness certificate", "TT08 Art 33"),
    "AGE_PROOF": ("Giấy tờ chứng minh độ tuổi", "Proof of age", "TT08 Art 33"),
    "DISABILITY_CERTIFICATE": ("Giấy xác nhận khuyết tật", "Disability certificate", "TT08 Art 33"),
    "SHELTER_ADMISSION": ("Quyết định tiếp nhận vào cơ sở bảo trợ, nhà tạm lánh", "Shelter admission decision", "TT08 Art 33"),
    "MEDICAL_CERTIFICATE": ("Giấy chứng nhận thương tích", "Medical certificate", "TT08 Art 33"),
    "NO_CONTACT_ORDER": ("Quyết định cấm tiếp xúc", "No-contact order", "TT08 Art 33"),
    "ABUSER_SANCTION": ("Quyết định xử phạt người có hành vi bạo lực gia đình", "Administrative sanction of the abuser", "TT08 Art 33"),
    "TRAFFICKING_VICTIM_CERTIFICATION": ("Giấy xác nhận nạn nhân mua bán người", "Trafficking victim certification", "TT08 Art 33; ND 162/2025/NĐ-CP Art 21"),
    "HIV_CERTIFICATION": ("Giấy xác nhận nhiễm HIV", "HIV certification", "TT08 Art 33"),
    "OTHER": ("Giấy tờ hợp pháp khác", "Other lawful document", "TT08 Art 33"),
})


class ProviderKind(CodeEnum):
    """Kind of legal aid provider (người thực hiện TGPL), as Biểu 25/BTP/TGPL splits them.

    ``allowed_forms`` follows Law Art 31 cl. 1 and Art 33 cl. 1 (only TGVs and lawyers
    litigate or represent) and Art 24 cl. 3 (collaborators give advice only).
    """

    TGV = "tgv"
    CENTER_LAWYER = "center_lawyer"
    CONTRACTED_ORG_LAWYER = "contracted_org_lawyer"
    REGISTERED_ORG_LAWYER = "registered_org_lawyer"
    CONTRACTED_ORG_CONSULTANT = "contracted_org_consultant"
    REGISTERED_ORG_CONSULTANT = "registered_org_consultant"
    COLLABORATOR = "collaborator"

    @property
    def allowed_forms(self) -> frozenset[Form]:
        """Forms this kind of provider may perform (Law Art 24, 31, 33)."""
        if self in (ProviderKind.COLLABORATOR, ProviderKind.CONTRACTED_ORG_CONSULTANT, ProviderKind.REGISTERED_ORG_CONSULTANT):
            return frozenset({Form.ADVICE})
        return frozenset(Form)


describe(ProviderKind, {
    "TGV": ("Trợ giúp viên pháp lý", "Legal aid officer (TGV)", "Law Art 17 cl. 1; Art 19–21"),
    "CENTER_LAWYER": ("Luật sư ký hợp đồng với Trung tâm", "Lawyer under contract with the Center", "Law Art 17 cl. 1; Art 14 cl. 3"),
    "CONTRACTED_ORG_LAWYER": ("Luật sư của tổ chức ký hợp đồng thực hiện TGPL", "Lawyer of a contracted organisation", "Law Art 12; Art 14"),
    "REGISTERED_ORG_LAWYER": ("Luật sư của tổ chức đăng ký tham gia TGPL", "Lawyer of a registered organisation", "Law Art 12; Art 15"),
    "CONTRACTED_ORG_CONSULTANT": ("Tư vấn viên pháp luật của tổ chức ký hợp đồng", "Legal consultant of a contracted organisation", "Law Art 17 cl. 1; Art 32"),
    "REGISTERED_ORG_CONSULTANT": ("Tư vấn viên pháp luật của tổ chức đăng ký tham gia", "Legal consultant of a registered organisation", "Law Art 17 cl. 1; Art 32"),
    "COLLABORATOR": ("Cộng tác viên trợ giúp pháp lý", "Legal aid collaborator", "Law Art 24 cl. 3 (advice only)"),
})


class OrgKind(CodeEnum):
    """Kind of legal aid organisation (tổ chức thực hiện TGPL, Law Art 10–15)."""

    CENTER = "center"
    BRANCH = "branch"
    CONTRACTED_ORG = "contracted_org"
    REGISTERED_ORG = "registered_org"


describe(OrgKind, {
    "CENTER": ("Trung tâm trợ giúp pháp lý nhà nước", "State Legal Aid Center", "Law Art 11 cl. 1"),
    "BRANCH": ("Chi nhánh của Trung tâm", "Branch of the Center", "Law Art 11 cl. 2; ND144 Art 5–9"),
    "CONTRACTED_ORG": ("Tổ chức ký hợp đồng thực hiện TGPL", "Organisation under contract", "Law Art 12; Art 14"),
    "REGISTERED_ORG": ("Tổ chức đăng ký tham gia TGPL", "Registered organisation", "Law Art 12; Art 15"),
})


class RequestSource(CodeEnum):
    """Where the request came from (nguồn yêu cầu)."""

    SELF = "self"
    RELATIVE = "relative"
    OTHER_PERSON = "other_person"
    PROCEDURE_BODY_NOTICE = "procedure_body_notice"
    PROCEDURE_BODY_INFORMATION = "procedure_body_information"
    COMMUNE_REFERRAL = "commune_referral"
    TRANSFER = "transfer"
    COURT_DUTY = "court_duty"
    INVESTIGATION_DUTY = "investigation_duty"
    UNKNOWN = "unknown"


class RequestChannel(CodeEnum):
    """How the request was received (kênh tiếp nhận yêu cầu), as opposed to who made it
    (:class:`RequestSource`). Law 11/2017/QH14 Art 29 and TT12 Art 13: in person, by post,
    by fax or electronically; the online public service (dịch vụ công trực tuyến) is the
    electronic channel of the public-service portals; a procedure-conducting body's notice
    (TTLT10 Art 7 cl. 2) and a commune referral letter (TT12 Art 17a) bring requests too."""

    IN_PERSON = "in_person"
    POST = "post"
    FAX = "fax"
    ELECTRONIC = "electronic"
    ONLINE_PUBLIC_SERVICE = "online_public_service"
    PROCEDURE_BODY_NOTICE = "procedure_body_notice"
    COMMUNE_REFERRAL = "commune_referral"


describe(RequestChannel, {
    "IN_PERSON": ("Trực tiếp tại trụ sở", "In person", "Law Art 29 cl. 1; TT12 Art 13"),
    "POST": ("Qua dịch vụ bưu chính", "By post", "Law Art 29; TT12 Art 13"),
    "FAX": ("Qua fax", "By fax", "Law Art 29; TT12 Art 13"),
    "ELECTRONIC": ("Qua hình thức điện tử (thư điện tử)", "Electronically (e-mail)", "Law Art 29; TT12 Art 13"),
    "ONLINE_PUBLIC_SERVICE": ("Qua dịch vụ công trực tuyến", "Online public service", "Law Art 29; TT12 Art 13; online public-service portal"),
    "PROCEDURE_BODY_NOTICE": ("Thông báo của cơ quan tiến hành tố tụng", "Notice of a procedure-conducting body", "TTLT10 Art 7 cl. 2"),
    "COMMUNE_REFERRAL": ("Giấy giới thiệu của UBND cấp xã", "Commune People's Committee referral letter", "TT12 Art 17a (Mẫu 13)"),
})


class OnlineServiceLevel(CodeEnum):
    """The level of an online public service (mức độ dịch vụ công trực tuyến) a request came
    through: levels 3 and 4 of the earlier scheme (Nghị định 43/2011/NĐ-CP), or partial and
    full ("một phần", "toàn trình") of Nghị định 42/2022/NĐ-CP. Recorded as written; the
    dates of the two schemes are not checked."""

    LEVEL_3 = "level_3"
    LEVEL_4 = "level_4"
    PARTIAL = "partial"
    FULL = "full"


describe(OnlineServiceLevel, {
    "LEVEL_3": ("Mức độ 3", "Level 3", "Nghị định 43/2011/NĐ-CP"),
    "LEVEL_4": ("Mức độ 4", "Level 4", "Nghị định 43/2011/NĐ-CP"),
    "PARTIAL": ("Dịch vụ công trực tuyến một phần", "Partial online service", "Nghị định 42/2022/NĐ-CP"),
    "FULL": ("Dịch vụ công trực tuyến toàn trình", "Full online service", "Nghị định 42/2022/NĐ-CP"),
})


describe(RequestSource, {
    "SELF": ("Người được TGPL tự yêu cầu", "The person", "Law Art 8 cl. 2"),
    "RELATIVE": ("Người thân thích yêu cầu", "A relative", "Law Art 8 cl. 2"),
    "OTHER_PERSON": ("Cơ quan, người khác yêu cầu thay", "Another person or body", "Law Art 8 cl. 2"),
    "PROCEDURE_BODY_NOTICE": ("Thông báo của cơ quan tiến hành tố tụng", "Notice of a procedure-conducting body", "TTLT10 Art 7 cl. 2; Law Art 31 cl. 3"),
    "PROCEDURE_BODY_INFORMATION": ("Thông tin của cơ quan tiến hành tố tụng", "Information from a procedure-conducting body", "TTLT10 Art 7 cl. 2"),
    "COMMUNE_REFERRAL": ("Giấy giới thiệu của UBND cấp xã", "Commune People's Committee referral letter", "TT12 Art 17a (Mẫu 13)"),
    "TRANSFER": ("Chuyển yêu cầu từ tổ chức khác", "Transfer from another organisation", "Law Art 35"),
    "COURT_DUTY": ("Trực TGPL tại Tòa án", "Legal aid duty at court",
                   "MoJ–Supreme People's Court programme 1603/BTP-TANDTC (19/05/2022)"),
    "INVESTIGATION_DUTY": ("Trực TGPL trong điều tra hình sự", "Legal aid duty in criminal investigation",
                           "MoJ–Ministry of Public Security programme 5789/CTPH-BTP-BCA (27/11/2023)"),
    "UNKNOWN": ("Chưa rõ", "Unknown", ""),
})


class ImmediateReason(CodeEnum):
    """Grounds for immediate acceptance (thụ lý ngay) when the file is incomplete (Law Art 30
    cl. 4; the grounds are the points of TT 12/2018/TT-BTP Art 6 cl. 1)."""

    LIMITATION_ENDING = "limitation_ending"
    HEARING_SOON = "hearing_soon"
    COURT_APPOINTED_OR_NOTICE = "court_appointed_or_notice"
    HEAD_DECISION = "head_decision"


describe(ImmediateReason, {
    "LIMITATION_ENDING": ("Thời hiệu khởi kiện, khiếu nại còn dưới 05 ngày làm việc", "Limitation period ends in under 5 working days", "TT 12/2018/TT-BTP Art 6 cl. 1 pt a; Law Art 30 cl. 4"),
    "HEARING_SOON": ("Ngày xét xử theo quyết định đưa vụ án ra xét xử còn dưới 05 ngày làm việc", "Trial date under the decision to bring the case to trial is under 5 working days away", "TT 12/2018/TT-BTP Art 6 cl. 1 pt b; Law Art 30 cl. 4"),
    "COURT_APPOINTED_OR_NOTICE": ("Chỉ định người bào chữa hoặc thông báo theo khoản 3 Điều 31", "Court-appointed defence or notice under Art 31 cl. 3", "TT 12/2018/TT-BTP Art 6 cl. 1 pt c; Law Art 30 cl. 4; Law Art 31 cl. 3"),
    "HEAD_DECISION": ("Người đứng đầu tổ chức quyết định để tránh thiệt hại", "Head of organisation decides to avoid harm", "TT 12/2018/TT-BTP Art 6 cl. 1 pt d; Law Art 30 cl. 4"),
})


class RefusalGround(CodeEnum):
    """Mandatory grounds for refusing a request (Law Art 30 cl. 3)."""

    NOT_ELIGIBLE = "not_eligible"
    UNLAWFUL_REQUEST = "unlawful_request"
    BENEFICIARY_DIED = "beneficiary_died"
    ACCEPTED_ELSEWHERE = "accepted_elsewhere"


describe(RefusalGround, {
    "NOT_ELIGIBLE": ("Không phải vụ việc cụ thể hoặc không thuộc diện được TGPL", "Not a concrete matter or not an eligible person", "Law Art 30 cl. 3 pt a"),
    "UNLAWFUL_REQUEST": ("Yêu cầu trái pháp luật", "Unlawful request", "Law Art 30 cl. 3 pt b"),
    "BENEFICIARY_DIED": ("Người được TGPL đã chết", "The beneficiary has died", "Law Art 30 cl. 3 pt c"),
    "ACCEPTED_ELSEWHERE": ("Vụ việc đã được tổ chức khác thụ lý", "Already accepted by another organisation", "Law Art 30 cl. 3 pt d; Art 9"),
})


class TransferReason(CodeEnum):
    """Why a request is forwarded to another organisation (Law Art 35)."""

    NO_TERRITORIAL_COMPETENCE = "no_territorial_competence"
    LACK_OF_RESOURCES = "lack_of_resources"


describe(TransferReason, {
    "NO_TERRITORIAL_COMPETENCE": ("Không thuộc phạm vi địa bàn", "Outside territorial competence", "Law Art 35 cl. 1; Art 26"),
    "LACK_OF_RESOURCES": ("Tổ chức tham gia không đủ khả năng thực hiện", "Participating organisation lacks resources", "Law Art 35 cl. 2"),
})


class ChangeGround(CodeEnum):
    """Grounds for changing the provider (thay đổi người thực hiện TGPL)."""

    MAY_NOT_CONTINUE = "may_not_continue"
    MUST_REFUSE = "must_refuse"
    BENEFICIARY_REQUEST = "beneficiary_request"
    REGISTRATION_REFUSED = "registration_refused"
    OTHER = "other"


describe(ChangeGround, {
    "MAY_NOT_CONTINUE": ("Người thực hiện không được tiếp tục thực hiện", "Provider may not continue", "Law Art 25 cl. 1, 3"),
    "MUST_REFUSE": ("Người thực hiện phải từ chối thực hiện", "Provider must refuse", "Law Art 25 cl. 2, 3"),
    "BENEFICIARY_REQUEST": ("Theo yêu cầu của người được TGPL", "At the beneficiary's request", "Law Art 8 cl. 6; TT12 Art 9 cl. 1"),
    "REGISTRATION_REFUSED": ("Cơ quan tiến hành tố tụng từ chối hoặc hủy đăng ký", "Procedure body refused or cancelled registration", "TTLT10 Art 6"),
    "OTHER": ("Lý do khách quan khác", "Other objective reason", "Law Art 25 cl. 3"),
})


class RegistrationRefusal(CodeEnum):
    """A procedure-conducting body's refusal that forces a replacement (TTLT10 Art 6)."""

    DEFENCE_REFUSED = "defence_refused"
    DEFENCE_CANCELLED = "defence_cancelled"
    PROTECTOR_REFUSED = "protector_refused"


describe(RegistrationRefusal, {
    "DEFENCE_REFUSED": ("Từ chối đăng ký bào chữa", "Defence registration refused", "TTLT10 Art 6 (replacement within 24 hours)"),
    "DEFENCE_CANCELLED": ("Hủy bỏ việc đăng ký bào chữa", "Defence registration cancelled", "TTLT10 Art 6 (replacement within 24 hours)"),
    "PROTECTOR_REFUSED": ("Từ chối đăng ký người bảo vệ quyền lợi", "Protector registration refused", "TTLT10 Art 6 (replacement within 2 working days)"),
})


class EndKind(CodeEnum):
    """How a case ends (kết thúc vụ việc, TT12 Art 10)."""

    COMPLETED = "completed"
    NOT_CONTINUED = "not_continued"
    SUSPENDED = "suspended"


describe(EndKind, {
    "COMPLETED": ("Hoàn thành", "Completed", "TT12 Art 10 cl. 1"),
    "NOT_CONTINUED": ("Không tiếp tục thực hiện", "Not continued", "TT12 Art 10 cl. 2; Law Art 37"),
    "SUSPENDED": ("Bị đình chỉ theo quy định của pháp luật", "Suspended or terminated by law", "TT12 Art 10 cl. 3"),
})


class NotContinuedGround(CodeEnum):
    """Grounds for not continuing (không tiếp tục thực hiện) — Law Art 37 cl. 1 and TT12 Art 6.

    Loss of eligibility during the case is deliberately absent: Law Art 37 cl. 3.
    """

    REFUSAL_GROUND_EMERGED = "refusal_ground_emerged"
    BENEFICIARY_PROHIBITED_ACT = "beneficiary_prohibited_act"
    WITHDRAWN = "withdrawn"
    MISSING_PROOF = "missing_proof"


describe(NotContinuedGround, {
    "REFUSAL_GROUND_EMERGED": ("Xuất hiện căn cứ từ chối thụ lý", "A refusal ground of Art 30 cl. 3 emerged", "Law Art 37 cl. 1 pt a"),
    "BENEFICIARY_PROHIBITED_ACT": ("Người được TGPL có hành vi bị nghiêm cấm", "Beneficiary committed an Art 6 cl. 2 act", "Law Art 37 cl. 1 pt b"),
    "WITHDRAWN": ("Người được TGPL rút yêu cầu", "Beneficiary withdrew the request", "Law Art 37 cl. 1 pt c; TT12 Art 9 cl. 2"),
    "MISSING_PROOF": ("Không bổ sung giấy tờ chứng minh sau khi thụ lý ngay", "Proof not supplied after immediate acceptance", "TT12 Art 6 cl. 2 pt b"),
})


class ReviewerLevel(CodeEnum):
    """Who reviewed the case quality (TT12 Art 14–15)."""

    ORGANISATION = "organisation"
    DOJ = "doj"
    MOJ = "moj"


describe(ReviewerLevel, {
    "ORGANISATION": ("Tổ chức thực hiện TGPL", "The legal aid organisation", "TT12 Art 14"),
    "DOJ": ("Sở Tư pháp", "Provincial Department of Justice", "TT12 Art 14 cl. 2–3; Art 15"),
    "MOJ": ("Bộ Tư pháp (Cục PBGDPL và TGPL)", "Ministry of Justice", "TT12 Art 14 cl. 2–3; Art 15"),
})


class Trigger(CodeEnum):
    """What triggered a quality review (TT12 Art 15)."""

    PLAN = "plan"
    COMPLAINT = "complaint"
    MONITORING = "monitoring"
    OTHER = "other"


describe(Trigger, {
    "PLAN": ("Theo kế hoạch", "Evaluation plan", "TT12 Art 15 cl. 1 pt a"),
    "COMPLAINT": ("Có khiếu nại về chất lượng", "Complaint about quality", "TT12 Art 15 cl. 1 pt b"),
    "MONITORING": ("Theo dõi, kiểm tra việc thẩm định", "Monitoring of local appraisal", "TT12 Art 15 cl. 2 pt b"),
    "OTHER": ("Trường hợp khác", "Other", "TT12 Art 15"),
})


class Grade(CodeEnum):
    """Quality grade (xếp loại chất lượng, TT12 Art 17), best first."""

    GOOD = "good"
    FAIRLY_GOOD = "fairly_good"
    PASS = "pass"
    FAIL = "fail"

    @property
    def passes(self) -> bool:
        """Đạt trở lên (pass or better)."""
        return self is not Grade.FAIL


describe(Grade, {
    "GOOD": ("Tốt", "Good", "TT12 Art 17 (≥ 90 points)"),
    "FAIRLY_GOOD": ("Khá", "Fairly good", "TT12 Art 17 (70–89 points)"),
    "PASS": ("Đạt", "Pass", "TT12 Art 17 (50–69 points)"),
    "FAIL": ("Không đạt", "Fail", "TT12 Art 17 (< 50 points or an Art 6 cl. 1 violation)"),
})


class SuccessGroup(CodeEnum):
    """Criterion groups of a successful litigation case (Quyết định 1179/QĐ-BTP)."""

    CRIMINAL = "criminal"
    CIVIL = "civil"
    ADMINISTRATIVE = "administrative"


describe(SuccessGroup, {
    "CRIMINAL": ("Hình sự", "Criminal", "QĐ 1179/QĐ-BTP (19 criteria)"),
    "CIVIL": ("Dân sự", "Civil", "QĐ 1179/QĐ-BTP (7 criteria)"),
    "ADMINISTRATIVE": ("Hành chính", "Administrative", "QĐ 1179/QĐ-BTP (4 criteria)"),
})


class LegacySuccessBasis(CodeEnum):
    """The guidance a success assessment dated before QĐ 1179/QĐ-BTP (16/05/2022) was made under.

    Before the decision there were no criteria codes: the Legal Aid Department (Cục Trợ giúp
    pháp lý) asked the centres to count "successful, effective" litigation cases by
    administrative letters, the one of 16/10/2020 with the criteria in its Appendix 01. Such
    an assessment records this basis instead of a QĐ 1179 criterion; the dates each basis
    covers are in :data:`tgpl.rules.success.LEGACY_BASES`.
    """

    CV427_2020 = "cv427-2020"
    EARLIER_LETTERS = "earlier-letters"


describe(LegacySuccessBasis, {
    "CV427_2020": ("Công văn số 427/CTGPL-TC&QLCL ngày 16/10/2020 của Cục Trợ giúp pháp lý",
                   "Legal Aid Department letter 427/CTGPL-TC&QLCL of 16/10/2020",
                   "Công văn 427/CTGPL-TC&QLCL (16/10/2020), Phụ lục 01"),
    "EARLIER_LETTERS": ("Các công văn hướng dẫn trước ngày 16/10/2020 của Cục Trợ giúp pháp lý",
                        "Legal Aid Department letters before 16/10/2020 (not identified)",
                        "UNVERIFIED: letters of the Cục Trợ giúp pháp lý before 16/10/2020"),
})


class ComplaintSubject(CodeEnum):
    """What a complaint is about (Law Art 45 cl. 1)."""

    REFUSAL_TO_ACCEPT = "refusal_to_accept"
    FAILURE_TO_AID = "failure_to_aid"
    UNLAWFUL_AID = "unlawful_aid"
    UNLAWFUL_PROVIDER_CHANGE = "unlawful_provider_change"


describe(ComplaintSubject, {
    "REFUSAL_TO_ACCEPT": ("Từ chối thụ lý", "Refusal to accept", "Law Art 45 cl. 1"),
    "FAILURE_TO_AID": ("Không thực hiện TGPL", "Failure to give aid", "Law Art 45 cl. 1"),
    "UNLAWFUL_AID": ("Thực hiện TGPL trái pháp luật", "Unlawful aid", "Law Art 45 cl. 1"),
    "UNLAWFUL_PROVIDER_CHANGE": ("Thay đổi người thực hiện trái pháp luật", "Unlawful change of provider", "Law Art 45 cl. 1"),
})


class ComplaintLevel(CodeEnum):
    """Who decides a complaint (Law Art 45 cl. 2–3)."""

    ORGANISATION_HEAD = "organisation_head"
    DOJ_DIRECTOR = "doj_director"


describe(ComplaintLevel, {
    "ORGANISATION_HEAD": ("Người đứng đầu tổ chức thực hiện TGPL", "Head of the organisation", "Law Art 45 cl. 2 (3 working days)"),
    "DOJ_DIRECTOR": ("Giám đốc Sở Tư pháp", "Director of the DOJ", "Law Art 45 cl. 3 (15 days)"),
})


class TargetGroup(CodeEnum):
    """Audience of a communication session (đối tượng truyền thông)."""

    GENERAL = "general"
    DISABLED_IN_FINANCIAL_DIFFICULTY = "disabled_in_financial_difficulty"
    WOMEN = "women"
    ETHNIC_MINORITIES = "ethnic_minorities"
    CHILDREN = "children"
    ELDERLY = "elderly"
    DETAINEES = "detainees"
    OTHER = "other"


describe(TargetGroup, {
    "GENERAL": ("Truyền thông về TGPL ở cơ sở", "General grassroots communication", ""),
    "DISABLED_IN_FINANCIAL_DIFFICULTY": ("Người khuyết tật có khó khăn về tài chính", "Persons with disabilities in financial difficulty", ""),
    "WOMEN": ("Phụ nữ", "Women", ""),
    "ETHNIC_MINORITIES": ("Đồng bào dân tộc thiểu số", "Ethnic minorities", ""),
    "CHILDREN": ("Trẻ em", "Children", ""),
    "ELDERLY": ("Người cao tuổi", "Elderly persons", ""),
    "DETAINEES": ("Người bị tạm giữ, tạm giam, phạm nhân", "Detainees and prisoners", ""),
    "OTHER": ("Đối tượng khác", "Other", ""),
})
