"""Realistic Indonesian records for the demo: the kinds of UMKM and firms the programme serves.

Plain data; partnerships.demo turns it into rows. Names are invented; KBLI codes and regency
codes are real (KBLI 2020, Kemendagri).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class UmkmKind:
    trade: str  # the first words of a business name
    kbli: tuple[str, ...]
    regencies: tuple[str, ...]
    product: str
    product_description: str
    unit: str
    capacity: int
    minimum_order: int
    price: tuple[int, int]
    certification: str  # a CertificationKind value, or ""
    description: str


UMKM_KINDS = (
    UmkmKind(
        "Keripik Singkong",
        ("10794",),
        ("3215", "3204", "3209", "3509"),
        "Keripik singkong balado",
        "Keripik singkong renyah dengan bumbu balado, kemasan 250 g bersegel.",
        "kg",
        1_200,
        50,
        (38_000, 45_000),
        "pirt",
        "Usaha keluarga pengolah singkong dari petani sekitar menjadi keripik aneka rasa.",
    ),
    UmkmKind(
        "Kopi",
        ("10761",),
        ("1171", "3204", "7371", "5171"),
        "Kopi arabika sangrai",
        "Biji kopi arabika sangrai medium, dijual per kilogram atau kemasan 200 g.",
        "kg",
        800,
        20,
        (180_000, 260_000),
        "halal",
        "Mengolah kopi dari kebun rakyat: sortasi, sangrai, dan pengemasan sendiri.",
    ),
    UmkmKind(
        "Batik Tulis",
        ("13134",),
        ("3326", "3374", "3471", "3578"),
        "Kain batik tulis",
        "Kain batik tulis pewarna alam, 2 x 1,15 m, motif pesisiran.",
        "lembar",
        300,
        10,
        (350_000, 1_200_000),
        "sni",
        "Perajin batik tulis dengan belasan pembatik dari desa sekitar.",
    ),
    UmkmKind(
        "Mebel Jati",
        ("31001",),
        ("3320", "3316", "3374"),
        "Kursi makan jati",
        "Kursi makan kayu jati bersertifikat legalitas kayu, finishing natural.",
        "unit",
        400,
        20,
        (650_000, 1_100_000),
        "",
        "Bengkel mebel jati untuk pasar dalam negeri dan ekspor.",
    ),
    UmkmKind(
        "Konveksi",
        ("14111", "14120"),
        ("3204", "3273", "3603", "3216"),
        "Seragam kerja",
        "Seragam kerja bahan drill, bordir logo perusahaan, ukuran S sampai XXL.",
        "potong",
        5_000,
        100,
        (85_000, 140_000),
        "",
        "Konveksi seragam kantor dan pabrik dengan puluhan penjahit.",
    ),
    UmkmKind(
        "Kue Basah",
        ("10792", "10710"),
        ("3172", "3578", "1271", "7371"),
        "Kotak kue rapat",
        "Kotak isi empat kue basah untuk rapat dan acara kantor.",
        "kotak",
        6_000,
        50,
        (15_000, 25_000),
        "halal",
        "Katering kue basah untuk kantor dan pabrik di sekitar kota.",
    ),
    UmkmKind(
        "Anyaman Rotan",
        ("16291",),
        ("3209", "6371", "3320"),
        "Keranjang rotan",
        "Keranjang rotan anyam tangan untuk hotel dan ritel, aneka ukuran.",
        "buah",
        2_000,
        50,
        (45_000, 175_000),
        "",
        "Perajin rotan yang menampung hasil anyaman ibu-ibu di desa.",
    ),
    UmkmKind(
        "Sambal",
        ("10750",),
        ("7101", "7371", "5171", "3578"),
        "Sambal roa botol",
        "Sambal ikan roa dalam botol kaca 200 g, tahan enam bulan.",
        "botol",
        3_000,
        100,
        (28_000, 35_000),
        "bpom",
        "Produsen sambal khas daerah dengan izin edar BPOM.",
    ),
    UmkmKind(
        "Bengkel Bubut",
        ("25910", "33121"),
        ("3215", "3216", "3603", "3525"),
        "Komponen bubut presisi",
        "Bubut dan frais komponen logam sesuai gambar teknik.",
        "pcs",
        10_000,
        100,
        (12_000, 250_000),
        "iso9001",
        "Bengkel bubut dan las yang melayani pabrik di kawasan industri.",
    ),
    UmkmKind(
        "Gula Aren",
        ("10722",),
        ("3209", "1371", "3509", "7371"),
        "Gula aren cetak",
        "Gula aren cetak dan semut dari nira pilihan, tanpa pengawet.",
        "kg",
        2_500,
        50,
        (24_000, 32_000),
        "halal",
        "Mengolah nira aren dari penyadap di desa sekitar.",
    ),
    UmkmKind(
        "Tenun",
        ("13912",),
        ("5171", "7371", "1371"),
        "Kain tenun songket",
        "Kain tenun songket benang emas, tenunan tangan.",
        "lembar",
        120,
        5,
        (750_000, 3_500_000),
        "",
        "Kelompok penenun songket yang menjaga motif daerah.",
    ),
    UmkmKind(
        "Kemasan Plastik",
        ("22220",),
        ("3215", "3216", "3525"),
        "Standing pouch",
        "Standing pouch dengan zipper dan cetak merek, untuk makanan ringan.",
        "pcs",
        200_000,
        5_000,
        (900, 2_500),
        "sni",
        "Produsen kemasan fleksibel untuk UMKM makanan dan pabrik.",
    ),
    UmkmKind(
        "Frozen Food",
        ("10130", "10213"),
        ("3201", "3578", "6471"),
        "Nugget ayam",
        "Nugget ayam beku 500 g, rantai dingin terjaga.",
        "pak",
        8_000,
        200,
        (32_000, 40_000),
        "halal",
        "Olahan daging ayam beku untuk ritel dan kantin pabrik.",
    ),
    UmkmKind(
        "Sayur Hidroponik",
        ("01131",),
        ("3204", "3201", "3520"),
        "Selada hidroponik",
        "Selada dan pakcoy hidroponik, panen harian, dikemas 250 g.",
        "kg",
        3_000,
        20,
        (20_000, 35_000),
        "",
        "Kebun hidroponik yang memasok hotel dan katering.",
    ),
    UmkmKind(
        "Kosmetik Herbal",
        ("20232",),
        ("3471", "3374", "3273"),
        "Sabun herbal",
        "Sabun mandi herbal cold-process dengan minyak kelapa dan sereh.",
        "batang",
        10_000,
        200,
        (12_000, 20_000),
        "bpom",
        "Produsen kosmetik herbal berbahan lokal.",
    ),
)

OWNER_NAMES = (
    "Sari Wulandari",
    "Budi Santoso",
    "Siti Aminah",
    "Agus Setiawan",
    "Dewi Lestari",
    "Hendra Gunawan",
    "Nur Hidayah",
    "Yohanes Manurung",
    "Made Suarjana",
    "Rahmat Hidayat",
    "Fitriani",
    "Slamet Riyadi",
    "Maria Lumban Tobing",
    "Andi Pratama",
    "Wayan Sudirta",
    "Ratna Sari",
    "Joko Susilo",
    "Ani Rahmawati",
    "Teguh Prasetyo",
    "Lina Marlina",
    "Ahmad Fauzi",
    "Yuliana",
    "Dedi Kurniawan",
    "Rini Handayani",
    "Bambang Hartono",
    "Sri Mulyani",
    "Eko Saputra",
    "Wahyuni",
    "Fransiskus Lewa",
    "Intan Permatasari",
    "Muhammad Iqbal",
    "Kadek Ayu",
    "Irwan Syahputra",
)

NAME_SUFFIXES = (
    "Berkah",
    "Mandiri",
    "Sejahtera",
    "Lestari",
    "Jaya Abadi",
    "Sumber Rejeki",
    "Makmur",
    "Barokah",
    "Sentosa",
    "Nusantara",
    "Mekar",
    "Citra",
    "Rahayu",
    "Sinar",
    "Bersama",
)


@dataclass(frozen=True)
class FirmKind:
    name: str  # after the prefix: "PT <prefix> <name>"
    investment_type: str
    country: str
    sectors: tuple[str, ...]
    locations: tuple[str, ...]
    exporter: bool
    description: str


FIRM_KINDS = (
    FirmKind(
        "Presisi Otomotif",
        "pma",
        "JP",
        ("29300", "25910"),
        ("3215", "3216"),
        True,
        "Produsen komponen kendaraan roda empat untuk pabrikan di Indonesia dan ekspor ke "
        "ASEAN. Membutuhkan pemasok komponen bubut, kemasan, dan seragam kerja.",
    ),
    FirmKind(
        "Pangan Nusantara",
        "pmdn",
        "",
        ("10710", "10750"),
        ("3578", "3525", "3603"),
        False,
        "Produsen roti dan makanan olahan dengan jaringan distribusi nasional.",
    ),
    FirmKind(
        "Tekstil Indonesia",
        "pma",
        "KR",
        ("14111", "13134"),
        ("3204", "3326"),
        True,
        "Pabrik garmen berorientasi ekspor.",
    ),
    FirmKind(
        "Agro Lestari",
        "pmdn",
        "",
        ("10612", "10722"),
        ("6371", "6471"),
        True,
        "Agroindustri yang membina petani dan pengolah hasil kebun.",
    ),
    FirmKind(
        "Hospitality Indonesia",
        "pma",
        "SG",
        ("46100", "52101"),
        ("5171",),
        False,
        "Grup hotel dan resor; membeli furnitur, anyaman, dan bahan makanan lokal.",
    ),
    FirmKind(
        "Mineral Mandiri",
        "pmdn",
        "",
        ("24202",),
        ("7371",),
        True,
        "Pengolahan logam dasar; membutuhkan katering, seragam, dan bengkel mesin.",
    ),
    FirmKind(
        "Kemas Global",
        "pma",
        "CN",
        ("22220", "17011"),
        ("3215", "3525"),
        True,
        "Produsen kemasan kertas dan plastik.",
    ),
    FirmKind(
        "Mesin Pangan",
        "pmdn",
        "",
        ("28250",),
        ("3374", "3578"),
        False,
        "Produsen mesin pengolahan makanan untuk industri kecil dan menengah.",
    ),
)

FIRM_NAME_PREFIXES = ("Karawang", "Mitra", "Cahaya", "Karya", "Prima", "Indo", "Samudra")
