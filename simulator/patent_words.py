"""Words of the simulated patent records: inventions with their IPC symbol and title in each
language of the region, abstracts, and the legal status events offices record.

Local strings are best-effort translations chosen to look like published data.
"""

from __future__ import annotations

#: (IPC symbol parts, English title, local titles by language).
INVENTIONS: tuple[tuple[tuple[str, str, str, str, str], str, dict[str, str]], ...] = (
    (
        ("A", "23", "L", "2", "38"),
        "Beverage containing fermented rice extract",
        {
            "th": "เครื่องดื่มที่มีสารสกัดจากข้าวหมัก",
            "vi": "Đồ uống chứa chiết xuất gạo lên men",
            "id": "Minuman yang mengandung ekstrak beras fermentasi",
            "km": "ភេសជ្ជៈដែលមានសារធាតុចម្រាញ់ពីអង្ករផ្អាប់",
            "lo": "ເຄື່ອງດື່ມທີ່ມີສານສະກັດຈາກເຂົ້າໝັກ",
            "ms": "Minuman yang mengandungi ekstrak beras yang ditapai",
        },
    ),
    (
        ("A", "01", "G", "31", "02"),
        "Hydroponic cultivation system for leafy vegetables",
        {
            "th": "ระบบปลูกพืชไร้ดินสำหรับผักใบ",
            "vi": "Hệ thống trồng rau ăn lá thủy canh",
            "id": "Sistem budidaya hidroponik untuk sayuran daun",
            "km": "ប្រព័ន្ធដាំដុះដោយគ្មានដីសម្រាប់បន្លែស្លឹក",
            "lo": "ລະບົບປູກພືດບໍ່ໃຊ້ດິນສຳລັບຜັກໃບ",
            "ms": "Sistem penanaman hidroponik untuk sayur-sayuran berdaun",
        },
    ),
    (
        ("H", "01", "M", "10", "44"),
        "Battery charging control method for electric motorcycles",
        {
            "th": "วิธีควบคุมการชาร์จแบตเตอรี่สำหรับรถจักรยานยนต์ไฟฟ้า",
            "vi": "Phương pháp điều khiển sạc pin cho xe máy điện",
            "id": "Metode pengendalian pengisian baterai untuk sepeda motor listrik",
            "km": "វិធីសាស្ត្រគ្រប់គ្រងការសាកថ្មសម្រាប់ម៉ូតូអគ្គិសនី",
            "lo": "ວິທີຄວບຄຸມການສາກແບັດເຕີຣີສຳລັບລົດຈັກໄຟຟ້າ",
            "ms": "Kaedah kawalan pengecasan bateri untuk motosikal elektrik",
        },
    ),
    (
        ("A", "61", "K", "36", "185"),
        "Herbal composition for treating skin inflammation",
        {
            "th": "องค์ประกอบสมุนไพรสำหรับรักษาการอักเสบของผิวหนัง",
            "vi": "Chế phẩm thảo dược điều trị viêm da",
            "id": "Komposisi herbal untuk mengobati peradangan kulit",
            "km": "សមាសធាតុឱសថបុរាណសម្រាប់ព្យាបាលការរលាកស្បែក",
            "lo": "ສ່ວນປະກອບສະໝຸນໄພສຳລັບປິ່ນປົວການອັກເສບຂອງຜິວໜັງ",
            "ms": "Komposisi herba untuk merawat keradangan kulit",
        },
    ),
    (
        ("C", "02", "F", "1", "44"),
        "Water purification device using a ceramic membrane",
        {
            "th": "อุปกรณ์กรองน้ำโดยใช้เมมเบรนเซรามิก",
            "vi": "Thiết bị lọc nước sử dụng màng gốm",
            "id": "Alat penjernih air menggunakan membran keramik",
            "km": "ឧបករណ៍ចម្រោះទឹកដោយប្រើភ្នាសសេរ៉ាមិច",
            "lo": "ອຸປະກອນກັ່ນຕອງນ້ຳໂດຍໃຊ້ເຍື່ອເຊລາມິກ",
            "ms": "Peranti penulenan air menggunakan membran seramik",
        },
    ),
    (
        ("B", "65", "D", "65", "46"),
        "Biodegradable food packaging made from cassava starch",
        {
            "th": "บรรจุภัณฑ์อาหารย่อยสลายได้จากแป้งมันสำปะหลัง",
            "vi": "Bao bì thực phẩm phân hủy sinh học từ tinh bột sắn",
            "id": "Kemasan makanan biodegradable dari pati singkong",
            "km": "វេចខ្ចប់អាហារដែលអាចរលាយបានធ្វើពីម្សៅដំឡូងមី",
            "lo": "ບັນຈຸພັນອາຫານທີ່ຍ່ອຍສະຫຼາຍໄດ້ຈາກແປ້ງມັນຕົ້ນ",
            "ms": "Pembungkusan makanan terbiodegradasi daripada kanji ubi kayu",
        },
    ),
    (
        ("G", "06", "Q", "50", "02"),
        "System for tracing agricultural products using a blockchain",
        {
            "th": "ระบบตรวจสอบย้อนกลับสินค้าเกษตรโดยใช้บล็อกเชน",
            "vi": "Hệ thống truy xuất nguồn gốc nông sản sử dụng chuỗi khối",
            "id": "Sistem penelusuran produk pertanian menggunakan blockchain",
            "km": "ប្រព័ន្ធតាមដានផលិតផលកសិកម្មដោយប្រើប្លុកឆេន",
            "lo": "ລະບົບກວດສອບຍ້ອນກັບຜະລິດຕະພັນກະສິກຳໂດຍໃຊ້ບລັອກເຊນ",
            "ms": "Sistem pengesanan produk pertanian menggunakan rantaian blok",
        },
    ),
    (
        ("F", "24", "S", "10", "40"),
        "Solar dryer for fish and seafood",
        {
            "th": "เครื่องอบแห้งพลังงานแสงอาทิตย์สำหรับปลาและอาหารทะเล",
            "vi": "Máy sấy năng lượng mặt trời cho cá và hải sản",
            "id": "Pengering tenaga surya untuk ikan dan hasil laut",
            "km": "ម៉ាស៊ីនសម្ងួតថាមពលព្រះអាទិត្យសម្រាប់ត្រី និងអាហារសមុទ្រ",
            "lo": "ເຄື່ອງອົບແຫ້ງພະລັງງານແສງຕາເວັນສຳລັບປາ ແລະ ອາຫານທະເລ",
            "ms": "Pengering suria untuk ikan dan makanan laut",
        },
    ),
)

ABSTRACT = {
    "en": "The invention relates to a {}. It solves the problem of high production cost while "
    "keeping the quality required for the regional market.",
    "th": "การประดิษฐ์นี้เกี่ยวข้องกับ{} ซึ่งช่วยลดต้นทุนการผลิตโดยยังคงคุณภาพตามที่ตลาดต้องการ",
    "vi": "Sáng chế đề cập đến {}, giúp giảm chi phí sản xuất mà vẫn đảm bảo chất lượng.",
    "id": "Invensi ini berkaitan dengan {} yang menurunkan biaya produksi dengan mutu terjaga.",
    "km": "ការច្នៃប្រឌិតនេះទាក់ទងនឹង{} ដែលកាត់បន្ថយថ្លៃដើមផលិតកម្ម ខណៈរក្សាគុណភាព។",
    "lo": "ການປະດິດນີ້ກ່ຽວຂ້ອງກັບ{} ເຊິ່ງຊ່ວຍຫຼຸດຕົ້ນທຶນການຜະລິດ ແລະ ຮັກສາຄຸນນະພາບ.",
    "ms": "Ciptaan ini berkaitan dengan {} yang mengurangkan kos pengeluaran.",
}
#: Legal status event key → (event code, English description).
EVENTS = {
    "filed": ("FILED", "Application filed"),
    "npe": ("NATIONAL-PHASE-ENTRY", "Entry into the national phase"),
    "published": ("PUBLISHED", "Application published"),
    "exam": ("EXAMINATION-REQUESTED", "Request for substantive examination"),
    "granted": ("GRANT", "Patent granted"),
    "withdrawn": ("DEEMED-WITHDRAWN", "Application deemed withdrawn"),
    "annuity": ("ANNUITY-PAID", "Annual fee paid"),
}
PRIORITY_OFFICES = ("US", "JP", "CN", "KR", "EP", "DE", "GB", "AU", "SG", "TH", "FR")
