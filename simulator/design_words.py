"""Words of the simulated design records: products with their Locarno class in each
language of the region, novelty statements, status words and IPAS design events.

The status words are the ones declared in ``mappings/vocabularies/XX.designs.toml``; local
strings are best-effort translations chosen to look like published data, not a dictionary.
"""

from __future__ import annotations

#: Locarno class, English product, local products by language pool code.
PRODUCTS: tuple[tuple[str, str, dict[str, str]], ...] = (
    (
        "06-01",
        "Chair",
        {"th": "เก้าอี้", "vi": "Ghế", "id": "Kursi", "km": "កៅអី", "lo": "ຕັ່ງ", "ms": "Kerusi"},
    ),
    (
        "09-01",
        "Bottle",
        {"th": "ขวด", "vi": "Chai", "id": "Botol", "km": "ដប", "lo": "ຂວດ", "ms": "Botol"},
    ),
    (
        "02-02",
        "Shirt",
        {
            "th": "เสื้อเชิ้ต",
            "vi": "Áo sơ mi",
            "id": "Kemeja",
            "km": "អាវ",
            "lo": "ເສື້ອ",
            "ms": "Kemeja",
        },
    ),
    (
        "02-04",
        "Sandal",
        {
            "th": "รองเท้าแตะ",
            "vi": "Dép",
            "id": "Sandal",
            "km": "ស្បែកជើង",
            "lo": "ເກີບແຕະ",
            "ms": "Selipar",
        },
    ),
    (
        "12-11",
        "Motorcycle",
        {
            "th": "รถจักรยานยนต์",
            "vi": "Xe máy",
            "id": "Sepeda motor",
            "km": "ម៉ូតូ",
            "lo": "ລົດຈັກ",
            "ms": "Motosikal",
        },
    ),
    (
        "14-03",
        "Mobile phone",
        {
            "th": "โทรศัพท์มือถือ",
            "vi": "Điện thoại di động",
            "id": "Telepon genggam",
            "km": "ទូរស័ព្ទដៃ",
            "lo": "ໂທລະສັບມືຖື",
            "ms": "Telefon bimbit",
        },
    ),
    (
        "07-02",
        "Rice cooker",
        {
            "th": "หม้อหุงข้าว",
            "vi": "Nồi cơm điện",
            "id": "Penanak nasi",
            "km": "ឆ្នាំងដាំបាយ",
            "lo": "ໝໍ້ຫຸງເຂົ້າ",
            "ms": "Periuk nasi",
        },
    ),
    (
        "09-03",
        "Packaging box",
        {
            "th": "กล่องบรรจุภัณฑ์",
            "vi": "Hộp đựng",
            "id": "Kotak kemasan",
            "km": "ប្រអប់វេចខ្ចប់",
            "lo": "ກ່ອງບັນຈຸ",
            "ms": "Kotak pembungkusan",
        },
    ),
    (
        "11-01",
        "Ring",
        {"th": "แหวน", "vi": "Nhẫn", "id": "Cincin", "km": "ចិញ្ចៀន", "lo": "ແຫວນ", "ms": "Cincin"},
    ),
    (
        "23-04",
        "Electric fan",
        {
            "th": "พัดลมไฟฟ้า",
            "vi": "Quạt điện",
            "id": "Kipas angin listrik",
            "km": "កង្ហារអគ្គិសនី",
            "lo": "ພັດລົມໄຟຟ້າ",
            "ms": "Kipas elektrik",
        },
    ),
    (
        "32-00",
        "Logo",
        {
            "th": "โลโก้",
            "vi": "Biểu trưng",
            "id": "Logo",
            "km": "និមិត្តសញ្ញា",
            "lo": "ໂລໂກ້",
            "ms": "Logo",
        },
    ),
)

NOVELTY: dict[str, str] = {
    "en": "The novelty resides in the shape and configuration of the {} as shown in the "
    "representations.",
    "th": "ความใหม่อยู่ที่รูปร่างและลักษณะของ{}ตามที่แสดงในภาพ",
    "vi": "Tính mới nằm ở hình dáng và cấu hình của {} như thể hiện trong các hình vẽ.",
    "id": "Kebaruan terletak pada bentuk dan konfigurasi {} sebagaimana ditunjukkan pada gambar.",
    "km": "ភាពថ្មីស្ថិតនៅលើរូបរាង និងការរចនានៃ{} ដូចបង្ហាញក្នុងរូបភាព។",
    "lo": "ຄວາມໃໝ່ແມ່ນຢູ່ທີ່ຮູບຮ່າງ ແລະ ລັກສະນະຂອງ{} ຕາມທີ່ສະແດງໃນຮູບ.",
    "ms": "Kebaharuan terletak pada bentuk dan konfigurasi {} seperti yang ditunjukkan.",
}
VIEWS = (
    "Perspective view",
    "Front view",
    "Rear view",
    "Left side view",
    "Right side view",
    "Top view",
    "Bottom view",
)

#: Status key → the word each office exports (declared in its XX.designs.toml).
STATUS_WORDS: dict[str, dict[str, str]] = {
    "filed": {
        "th": "ยื่นคำขอ",
        "vi": "Đang xử lý",
        "id": "Dalam Proses",
        "km": "កំពុងពិនិត្យ",
        "lo": "ກຳລັງພິຈາລະນາ",
        "en": "Pending",
    },
    "registered": {
        "th": "จดทะเบียน",
        "vi": "Cấp bằng",
        "id": "Diberi Sertifikat",
        "km": "បានចុះបញ្ជី",
        "lo": "ຈົດທະບຽນແລ້ວ",
        "en": "Registered",
    },
    "expired": {
        "th": "สิ้นอายุ",
        "vi": "Hết hiệu lực",
        "id": "Berakhir",
        "km": "ផុតសុពលភាព",
        "lo": "ໝົດອາຍຸ",
        "en": "Expired",
    },
    "withdrawn": {
        "th": "ละทิ้งคำขอ",
        "vi": "Rút đơn",
        "id": "Ditarik Kembali",
        "km": "បានដកចេញ",
        "lo": "ຖອນຄຳຮ້ອງ",
        "en": "Withdrawn",
    },
    "refused": {
        "th": "ปฏิเสธ",
        "vi": "Từ chối",
        "id": "Ditolak",
        "km": "បានបដិសេធ",
        "lo": "ປະຕິເສດ",
        "en": "Refused",
    },
}
UNKNOWN_STATUSES = ("Migrated", "99", "Awaiting fee", "Dormant")

#: Event key → (DesignEventCode, OfficeSpecificDesignEventCode, English name).
EVENTS: dict[str, tuple[str, str, str]] = {
    "filed": ("FILING", "D100", "Application filed"),
    "formality": ("EXAMINATION", "D120", "Formality examination completed"),
    "published": ("PUBLICATION", "D200", "Design published"),
    "registered": ("REGISTRATION", "D300", "Design registered"),
    "renewed": ("RENEWAL", "D410", "Registration renewed"),
    "refused": ("REFUSAL", "D520", "Application refused"),
    "withdrawn": ("WITHDRAWAL", "D610", "Application withdrawn"),
}
SG_LEGAL = {"natural": "Individual", "legal": "Company"}
