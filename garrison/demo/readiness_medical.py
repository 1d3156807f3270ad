"""The demo congress's medical plan (ICS 206) and safety message (ICS 208).

The hospitals are real hospitals of central Hanoi near the venue (Việt Đức among them, already a
site of the event); their points are approximate and their capabilities indicative, to be
confirmed by the medical unit. The contacts give the national emergency number 115 and the
department to ask for; no invented phone number. The safety message covers the operational
period under way and is approved by the demo commander. Idempotent: what exists is kept.
"""

from __future__ import annotations

from garrison.accounts.models import Membership, Role
from garrison.demo.report import LoadReport
from garrison.events import services as sites
from garrison.events.models import Site, SiteKind
from garrison.readiness.medical import services as medical
from garrison.readiness.models import Hospital, SafetyMessage
from garrison.readiness.safety import services as safety

BURNS = "Bỏng nặng: chuyển Bệnh viện Bỏng Quốc gia Lê Hữu Trác (Hà Đông), ngoài mạng đường demo."

# (name, lat, lon, address, trauma level, burn unit, helipad, contact, remarks)
HOSPITALS: tuple[tuple[str, float, float, str, str, bool, bool, str, str], ...] = (
    ("Bệnh viện Hữu nghị Việt Đức", 21.0287, 105.8469, "40 Tràng Thi, Hoàn Kiếm, Hà Nội",
     "1", False, False, "Trung tâm Cấp cứu A9", "Chấn thương nặng, phẫu thuật thần kinh. " + BURNS),
    ("Bệnh viện Việt Nam – Cu Ba", 21.0248, 105.8495, "37 Hai Bà Trưng, Hoàn Kiếm, Hà Nội",
     "3", False, False, "Khoa Cấp cứu", "Gần nơi tổ chức; ổn định rồi chuyển Việt Đức."),
    ("Bệnh viện Hữu nghị", 21.0183, 105.8605, "1 Trần Khánh Dư, Hai Bà Trưng, Hà Nội",
     "2", False, False, "Khoa Cấp cứu", "Tiếp nhận đại biểu theo chế độ."),
    ("Bệnh viện Đa khoa Xanh Pôn", 21.0307, 105.8373, "12 Chu Văn An, Ba Đình, Hà Nội",
     "2", False, False, "Khoa Cấp cứu", "Gần các khách sạn phía tây (Kim Mã, Giảng Võ)."),
)  # fmt: skip

SAFETY = (
    "1. Lối thoát nạn của hội trường phải thông suốt suốt kỳ họp; không để vật cản ở cầu thang bộ.\n"
    "2. Trời lạnh, sương mù buổi sáng: lực lượng dẫn đoàn giảm tốc độ, bật đèn.\n"
    "3. Bình chữa cháy tại hội trường sắp hết hạn kiểm định: kiểm tra trước 07:00.\n"
    "4. Khi có sự cố y tế: gọi trực ban trên kênh 7 (Y tế); xe cứu thương trực tại Cung."
)


def load(report: LoadReport) -> None:
    event = report.event
    actor = Membership.objects.select_related("user", "event").get(
        event=event, role=Role.COMMANDER, user__username=Role.COMMANDER.value
    )
    for name, lat, lon, address, trauma, burns, helipad, contact, remarks in HOSPITALS:
        site = Site.objects.filter(event=event, name=name).first()
        if site is None:
            data = sites.SiteData(name, SiteKind.HOSPITAL, lat, lon, address)
            site = sites.create_site(actor, data)
            report.created["site"] += 1
        if Hospital.objects.filter(site=site).exists():
            report.kept["hospital"] += 1
            continue
        details = medical.HospitalData(trauma, burns, helipad, "115", contact, remarks)
        medical.save_hospital(actor, site.pk, details)
        report.created["hospital"] += 1
    starts, ends = safety.current_period(event)
    if SafetyMessage.objects.filter(event=event, period_starts=starts).exists():
        report.kept["safety message"] += 1
        return
    message = safety.create_safety_message(
        actor,
        safety.SafetyData(starts, ends, SAFETY, True, "Sở chỉ huy tại Cung, tủ hồ sơ số 2"),
    )
    safety.approve_safety_message(actor, message)
    report.created["safety message"] += 1
