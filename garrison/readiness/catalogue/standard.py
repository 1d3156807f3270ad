"""A starting catalogue in the spirit of the NIMS resource typing library: each type named for
the least it must be able to do, so that a requirement is met by any item of that type.

Codes are stable (imports and requirements name them); names are in Vietnamese with the English
in brackets, as the forces write them on their own lists.
"""

from __future__ import annotations

# (kind code, kind name, ((type code, name, minimum capability, counted by quantity), ...))
STANDARD: tuple[tuple[str, str, tuple[tuple[str, str, str, bool], ...]], ...] = (
    ("fire", "Phòng cháy, chữa cháy và CNCH (fire and rescue)", (
        ("ENGINE", "Xe chữa cháy (fire engine, type 1)",
         "Bơm ≥ 3.800 L/phút, bồn nước ≥ 1.500 L, 4 chiến sĩ", False),
        ("LADDER", "Xe thang (aerial ladder)", "Thang ≥ 30 m, có giỏ cứu nạn", False),
        ("RESCUE", "Xe cứu nạn, cứu hộ (rescue vehicle)",
         "Bộ phá dỡ thủy lực, đệm hơi, đèn chiếu sáng", False),
        ("EXT-CO2-5", "Bình chữa cháy CO₂ 5 kg (extinguisher, CO₂ 5 kg)",
         "Khí CO₂ 5 kg, cho đám cháy thiết bị điện", True),
        ("EXT-POW-8", "Bình bột ABC 8 kg (extinguisher, dry powder 8 kg)",
         "Bột ABC 8 kg, đám cháy loại A, B, C", True),
    )),
    ("medical", "Y tế (medical)", (
        ("AMB-ALS", "Xe cứu thương hồi sức (ambulance, advanced life support)",
         "Bác sĩ, máy sốc tim, thở máy, thuốc cấp cứu", False),
        ("AMB-BLS", "Xe cứu thương cơ bản (ambulance, basic life support)",
         "Nhân viên sơ cấp cứu, oxy, cáng", False),
        ("AID-POST", "Điểm sơ cấp cứu (first-aid post)",
         "Cáng, oxy, túi sơ cứu, 1 nhân viên y tế", False),
        ("AED", "Máy sốc tim tự động (AED)", "Tự động phân tích nhịp, pin còn hạn", False),
    )),
    ("comms", "Thông tin liên lạc (communications)", (
        ("RADIO-HH", "Máy bộ đàm cầm tay (handheld radio)",
         "UHF/VHF, ≥ 8 giờ pin, mã hóa kênh chỉ huy", False),
        ("RADIO-BASE", "Máy bộ đàm trạm gốc (base station)", "Công suất ≥ 25 W, nguồn dự phòng", False),
    )),
    ("logistics", "Hậu cần (logistics)", (
        ("BARRIER", "Rào chắn di động (crowd barrier, 2 m)", "Thép, chân đế chống lật", True),
        ("GEN-20", "Máy phát điện 20 kVA (generator, 20 kVA)",
         "20 kVA, ≥ 8 giờ chạy liên tục", False),
        ("LIGHT", "Đèn chiếu sáng di động (light tower)", "≥ 4 × 300 W LED, cột ≥ 7 m", False),
    )),
    ("screening", "Kiểm tra an ninh (screening)", (
        ("WTMD", "Cổng từ (walk-through metal detector)",
         "Phát hiện kim loại nhiều vùng, đếm lượt qua", False),
        ("HHMD", "Máy dò kim loại cầm tay (hand-held metal detector)", "Báo rung và âm thanh", False),
        ("XRAY", "Máy soi hành lý (X-ray baggage scanner)", "Cửa soi ≥ 60 × 40 cm", False),
    )),
)  # fmt: skip
