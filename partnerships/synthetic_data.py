"""Realistic synthetic UMKM, firms, needs, interests, matches and commitments, loaded fast
into PostgreSQL through COPY.

Used by ``manage.py seed_scale`` (a database of national scale: a million UMKM load in a few
minutes) and by the benchmarks under benchmarks/ (which import it from here).

Every synthetic record carries two marks, so a later run can tell them from real ones and
refuse to touch a database that holds anything else:

- UMKM: an NIB starting with ``99`` *and* an e-mail address at ``sintetis.invalid`` (a
  reserved top-level domain, RFC 2606, that never delivers);
- firms: an NIB starting with ``98`` *and* a website at ``sintetis.invalid``.

Real NIBs do start with 9 (and the test factories' with 913), so the prefix alone would not
do. Needs, interests, matches, commitments and realisation reports are synthetic through their
parties: every one is between a marked firm and a marked UMKM. Synthetic people get no
accounts, phone numbers, NIK or NPWP of UMKM owners: nobody real can be reached through them.

The shape follows Indonesia: regions weighted like the population (Jawa about 55%, Sumatera
22%, Sulawesi 7%, Kalimantan 6%, Bali-Nusa Tenggara 5.5%, Papua-Maluku 3%, provinces in
proportion to their 2020 census population, regencies unevenly within them); KBLI subclasses
from every section, weighted towards food (C10), retail (G47), agriculture (A01), crafts
(C13-C16) and services; mostly micro businesses, their size class computed from their figures
as the registration form does; about 80% verified. Firms look for partners in their own
surroundings and sectors first: most interests go to UMKM of the firm's provinces and KBLI
divisions; a third of them are accepted (a match that waits for a session, or met), and some
matches end in a commitment (value in whole rupiah, a partnership pattern, the stages of the
regulation, realisation reports that add up to the realised value).

Search documents (``search_text``) are written exactly as services.search_documents writes
them, so the directory's full-text search (migration 0006's index) finds synthetic rows as it
finds real ones.

The loader works on a psycopg 3 connection (Django's ``connection.connection``) inside the
caller's transaction: all of it commits, or nothing does.
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from partnerships.business_size import MILIAR, BusinessSize, classify_business
from partnerships.recommendations import (
    capacity_by_unit_of,
    certified_until_of,
    kbli_prefix_text,
)

UMKM_NIB_PREFIX = "99"
FIRM_NIB_PREFIX = "98"
MARK_DOMAIN = "sintetis.invalid"

# Kept out of every choice, as the registration forms refuse them (services.umkm_profiles).
UNLICENSABLE = frozenset({"92000", "11020", "01287"})

# --- Regions --------------------------------------------------------------------------------
# Share of the UMKM per island group (by the first digit of the Kemendagri province code).
ISLAND_GROUP_SHARE = {
    "3": 55.0,  # Jawa
    "1": 22.0,  # Sumatera
    "7": 7.0,  # Sulawesi
    "6": 6.0,  # Kalimantan
    "5": 5.5,  # Bali and Nusa Tenggara
    "8": 1.5,  # Maluku
    "9": 1.5,  # Papua
}
# Population in thousands (census 2020; Papua split into its 2022 provinces), to spread an
# island group's share over its provinces.
PROVINCE_POPULATION = {
    "11": 5274, "12": 14799, "13": 5534, "14": 6394, "15": 3548, "16": 8467, "17": 2010,
    "18": 9008, "19": 1455, "21": 2064,
    "31": 10562, "32": 48274, "33": 36516, "34": 3669, "35": 40666, "36": 11905,
    "51": 4317, "52": 5320, "53": 5326,
    "61": 5414, "62": 2670, "63": 4074, "64": 3766, "65": 701,
    "71": 2622, "72": 2986, "73": 9074, "74": 2625, "75": 1172, "76": 1419,
    "81": 1849, "82": 1283,
    "91": 1060, "92": 560, "93": 513, "94": 1340, "95": 1450, "96": 600,
}  # fmt: skip

# --- KBLI -----------------------------------------------------------------------------------
# Relative weight of a division; every other division gets DEFAULT_DIVISION_WEIGHT so that all
# sections appear. A division's weight is shared by its subclasses, popular ones counting more.
DIVISION_WEIGHT = {
    "10": 20.0, "47": 16.0, "01": 9.0, "56": 8.0, "14": 4.0, "46": 4.0, "13": 2.5, "16": 2.5,
    "15": 1.5, "31": 2.0, "32": 2.0, "03": 2.5, "11": 1.5, "96": 3.0, "95": 1.5, "45": 1.5,
    "49": 1.5, "23": 1.0, "25": 1.0, "55": 1.0, "79": 0.6, "85": 0.6, "62": 0.6, "73": 0.5,
    "74": 0.5, "82": 0.5, "43": 0.6, "18": 0.4, "20": 0.3, "21": 0.3, "22": 0.3,
}  # fmt: skip
DEFAULT_DIVISION_WEIGHT = 0.1
# Households as employers, public administration and international bodies: a token presence.
RARE_DIVISION_WEIGHT = {"84": 0.01, "97": 0.01, "98": 0.01, "99": 0.01}
POPULAR_SUBCLASSES = {
    "10710": 6, "10794": 6, "10792": 4, "10761": 4, "10799": 3, "10793": 3, "10750": 3,
    "47111": 5, "47112": 5, "47241": 2, "47711": 2, "56101": 6, "56102": 4, "56103": 4,
    "14111": 5, "13134": 4, "13133": 3, "16291": 3, "16299": 2, "01111": 3, "01134": 2,
    "01301": 2, "01461": 2, "96111": 3, "96121": 2,
}  # fmt: skip


@dataclass(frozen=True)
class Theme:
    """Words and figures for the businesses of one KBLI division."""

    trades: tuple[str, ...]  # the first words of a business name
    products: tuple[str, ...]
    units: tuple[str, ...]
    capacity: tuple[int, int]  # per month
    price: tuple[int, int]  # rupiah per unit


THEMES = {
    "10": Theme(
        ("Kripik", "Keripik", "Kue", "Roti", "Sambal", "Kerupuk", "Dodol", "Abon", "Tempe"),
        (
            "Keripik singkong balado", "Keripik pisang", "Kerupuk udang", "Sambal bawang",
            "Abon sapi", "Dodol garut", "Kue kering nastar", "Roti manis", "Tempe kemasan",
            "Bakpia kacang hijau", "Rendang kemasan", "Kopi bubuk robusta", "Gula aren cetak",
            "Rengginang", "Emping melinjo", "Bumbu pecel", "Madu hutan",
        ),
        ("kg", "bungkus", "pak", "toples", "dus"),
        (100, 20_000),
        (8_000, 250_000),
    ),
    "11": Theme(
        ("Minuman", "Jamu", "Sirup", "Wedang"),
        ("Jamu kunyit asam", "Sirup markisa", "Minuman jahe instan", "Air kelapa kemasan"),
        ("botol", "liter", "dus"),
        (200, 30_000),
        (5_000, 60_000),
    ),
    "01": Theme(
        ("Tani", "Kebun", "Peternakan", "Kelompok Tani"),
        (
            "Beras pandan wangi", "Cabai merah", "Bawang merah", "Jagung pipil", "Kopi arabika",
            "Kakao fermentasi", "Telur ayam kampung", "Sayur organik", "Jahe merah",
        ),
        ("kg", "ton", "ikat", "butir"),
        (500, 200_000),
        (3_000, 90_000),
    ),
    "03": Theme(
        ("Tambak", "Nelayan", "Budidaya Ikan"),
        ("Udang vaname", "Ikan lele", "Ikan nila", "Rumput laut kering", "Bandeng segar"),
        ("kg", "ton"),
        (200, 50_000),
        (15_000, 120_000),
    ),
    "13": Theme(
        ("Batik", "Tenun", "Songket", "Sulam"),
        ("Kain batik tulis", "Batik cap", "Kain tenun ikat", "Songket palembang", "Kain sulam"),
        ("lembar", "meter", "helai"),
        (20, 3_000),
        (75_000, 2_500_000),
    ),
    "14": Theme(
        ("Konveksi", "Busana", "Jahit", "Garmen"),
        ("Seragam kerja", "Kaos sablon", "Kemeja batik", "Gamis", "Jaket", "Mukena"),
        ("pcs", "lusin", "potong"),
        (100, 20_000),
        (35_000, 450_000),
    ),
    "15": Theme(
        ("Kulit", "Sepatu", "Sandal", "Tas"),
        ("Sepatu kulit", "Sandal kulit", "Tas kulit", "Dompet kulit", "Sabuk kulit"),
        ("pasang", "pcs"),
        (50, 5_000),
        (60_000, 900_000),
    ),
    "16": Theme(
        ("Anyaman", "Kerajinan Bambu", "Rotan", "Ukiran"),
        ("Keranjang rotan", "Tas anyaman pandan", "Tikar mendong", "Besek bambu", "Ukiran kayu"),
        ("pcs", "set", "kodi"),
        (50, 10_000),
        (10_000, 750_000),
    ),
    "31": Theme(
        ("Mebel", "Furnitur", "Meubel"),
        ("Kursi makan jati", "Meja tamu", "Lemari pakaian", "Kursi rotan", "Rak buku"),
        ("unit", "set"),
        (10, 800),
        (350_000, 8_000_000),
    ),
    "32": Theme(
        ("Kerajinan", "Souvenir", "Perak"),
        ("Perhiasan perak", "Gantungan kunci", "Wayang kulit", "Topeng kayu", "Mainan edukasi"),
        ("pcs", "set", "lusin"),
        (50, 8_000),
        (5_000, 1_500_000),
    ),
    "23": Theme(
        ("Gerabah", "Keramik", "Batako"),
        ("Gerabah hias", "Vas keramik", "Batu bata merah", "Genteng tanah liat", "Paving blok"),
        ("pcs", "buah", "m2"),
        (100, 50_000),
        (1_000, 400_000),
    ),
    "25": Theme(
        ("Bengkel Las", "Pandai Besi", "Logam"),
        ("Pagar besi", "Teralis", "Pisau dapur", "Cangkul", "Rak besi"),
        ("unit", "pcs", "m2"),
        (20, 3_000),
        (25_000, 3_000_000),
    ),
    "46": Theme(
        ("Grosir", "Distributor", "Agen", "Perdagangan"),
        ("Beras premium", "Minyak goreng", "Gula pasir", "Sembako", "Pupuk organik"),
        ("kg", "karung", "ton", "dus"),
        (1_000, 500_000),
        (5_000, 400_000),
    ),
    "47": Theme(
        ("Toko", "Warung", "Kios", "Toko Kelontong", "Mart"),
        ("Sembako", "Alat tulis", "Pakaian jadi", "Bahan bangunan", "Sayur dan buah", "Pulsa"),
        ("pcs", "kg", "pak", "dus"),
        (200, 50_000),
        (2_000, 300_000),
    ),
    "56": Theme(
        ("Warung Makan", "Rumah Makan", "Katering", "Kedai", "Dapur"),
        ("Nasi kotak", "Katering harian", "Snack box", "Tumpeng", "Soto ayam", "Kopi seduh"),
        ("porsi", "kotak", "paket"),
        (300, 40_000),
        (10_000, 75_000),
    ),
    "96": Theme(
        ("Laundry", "Salon", "Jasa", "Penjahit"),
        ("Cuci kiloan", "Cuci karpet", "Potong rambut", "Rias pengantin", "Permak pakaian"),
        ("kg", "order", "paket"),
        (50, 6_000),
        (7_000, 1_500_000),
    ),
    "95": Theme(
        ("Servis", "Reparasi", "Bengkel"),
        ("Servis ponsel", "Servis elektronik", "Reparasi jam", "Servis komputer"),
        ("order", "unit"),
        (30, 2_000),
        (25_000, 600_000),
    ),
    "49": Theme(
        ("Angkutan", "Ekspedisi", "Transport"),
        ("Sewa truk", "Angkutan barang", "Pengiriman antarkota"),
        ("trip", "order", "ton"),
        (20, 3_000),
        (150_000, 5_000_000),
    ),
}  # fmt: skip
GENERIC = Theme(
    ("Usaha", "Jasa", "Karya", "Sentra"),
    (),  # the KBLI title stands in for the product
    ("unit", "order", "paket", "pcs"),
    (10, 5_000),
    (10_000, 2_000_000),
)

# --- Names ----------------------------------------------------------------------------------
BRAND_WORDS = (
    "Sari", "Rasa", "Mandiri", "Jaya", "Makmur", "Berkah", "Sejahtera", "Abadi", "Lestari",
    "Sentosa", "Barokah", "Mulia", "Indah", "Rejeki", "Sumber", "Karya", "Tunas", "Harapan",
    "Maju", "Bersama", "Nusantara", "Citra", "Mekar", "Kencana", "Putri", "Dewi", "Anugerah",
    "Amanah", "Cahaya", "Bintang", "Family", "Asri", "Sehati", "Mitra", "Permata", "Wangi",
)  # fmt: skip
SYLLABLES = ("ra", "sa", "ti", "ka", "ma", "ni", "wa", "di", "su", "to", "ya", "ri", "na", "li")
FIRST_NAMES = (
    "Sri", "Siti", "Dewi", "Ani", "Wati", "Rina", "Yuni", "Nur", "Budi", "Agus", "Joko", "Hadi",
    "Slamet", "Bambang", "Made", "Wayan", "Ketut", "Putu", "Andi", "Rudi", "Eko", "Dian",
    "Fitri", "Rahmat", "Ahmad", "Muhammad", "Yusuf", "Ratna", "Lestari", "Maria", "Yohanes",
)  # fmt: skip
LAST_NAMES = (
    "Wahyuni", "Rahayu", "Susanti", "Santoso", "Wibowo", "Saputra", "Hidayat", "Nasution",
    "Siregar", "Harahap", "Lubis", "Simanjuntak", "Pratama", "Kurniawan", "Setiawan", "Gunawan",
    "Sembiring", "Manurung", "Tanjung", "Rangkuti", "Daeng", "Pangaribuan", "Wijaya", "Halim",
)  # fmt: skip
LEGAL_FORMS = (
    # value, weight, name prefix
    ("individual", 68, ""),
    ("cv", 11, "CV "),
    ("pt_perorangan", 8, "PT "),
    ("cooperative", 5, "Koperasi "),
    ("pt", 3, "PT "),
    ("firma", 1, "Firma "),
    ("other", 4, "UD "),
)
CERTIFICATIONS = (
    # kind, weight for food and drink, weight otherwise, validity in years (0: no expiry)
    ("halal", 45, 8, 4),
    ("pirt", 35, 2, 5),
    ("bpom", 12, 3, 5),
    ("sni", 3, 12, 4),
    ("iso9001", 1, 4, 3),
    ("other", 4, 3, 0),
)
OTHER_CERTIFICATIONS = ("Organik Indonesia", "SVLK", "Indikasi Geografis", "Fair Trade")
EXPORT_DESTINATIONS = (
    "Jepang", "Malaysia", "Singapura", "Korea Selatan", "Belanda", "Arab Saudi", "Australia",
    "Amerika Serikat", "Tiongkok",
)  # fmt: skip
REJECTION_REASONS = (
    "Foto produk tidak jelas; mohon unggah ulang.",
    "NIB tidak sesuai dengan nama usaha di OSS.",
    "Alamat usaha belum lengkap.",
)
# Verification: verified, submitted, draft, rejected.
STATES = (("verified", 80), ("submitted", 8), ("draft", 7), ("rejected", 5))
# Size: micro, small, medium; then the bracket of annual sales (rupiah) that yields it.
SIZES = (("micro", 86), ("small", 11), ("medium", 3))
SALES_BRACKET = {
    "micro": (12_000_000, 2 * MILIAR),
    "small": (2 * MILIAR + 1, 15 * MILIAR),
    "medium": (15 * MILIAR + 1, 50 * MILIAR),
}
CAPITAL_BRACKET = {
    "micro": (5_000_000, 1 * MILIAR),
    "small": (1 * MILIAR + 1, 5 * MILIAR),
    "medium": (5 * MILIAR + 1, 10 * MILIAR),
}
EMPLOYEES = {"micro": (1, 9), "small": (5, 19), "medium": (20, 99)}

FIRM_COUNTRIES = ("JP", "KR", "CN", "SG", "US", "DE", "NL", "MY", "TW", "AU", "GB", "FR")
FIRM_WORDS = (
    "Nusantara", "Indo", "Makmur", "Global", "Prima", "Sinar", "Mega", "Surya", "Tirta", "Agro",
    "Pangan", "Tekstil", "Kimia", "Logam", "Elektronik", "Otomotif", "Food", "Manufacturing",
)  # fmt: skip
PATTERNS = (
    ("rantai_pasok", 40), ("subkontrak", 20), ("perdagangan_umum", 12),
    ("distribusi_keagenan", 8), ("inti_plasma", 8), ("penyumberluaran", 5),
    ("bagi_hasil", 3), ("kerja_sama_operasional", 2), ("lainnya", 2),
)  # fmt: skip

UMKM_COLUMNS = (
    "id", "verification_state", "submitted_at", "reviewed_at", "rejection_reason", "created_at",
    "updated_at", "name", "legal_form", "nib", "npwp", "npwp_check_overridden", "owner_name",
    "owner_nik", "phone", "email", "contacts_visible_to_firms", "address", "description",
    "year_founded", "employees", "capital", "annual_sales", "size_class", "size_criterion",
    "has_export_experience", "export_notes", "province_id", "regency_id", "is_assisted",
    "search_text", "kbli_prefixes", "certified_until", "capacity_by_unit",
)  # fmt: skip
PRODUCT_COLUMNS = (
    "umkm_id", "name", "description", "photo", "thumbnail", "unit", "monthly_capacity",
    "minimum_order", "price_min", "price_max", "created_at", "updated_at",
)  # fmt: skip
CERTIFICATION_COLUMNS = ("umkm_id", "kind", "other_name", "number", "expires_on")
FIRM_COLUMNS = (
    "id", "verification_state", "submitted_at", "reviewed_at", "rejection_reason", "created_at",
    "updated_at", "name", "investment_type", "country", "nib", "npwp", "npwp_check_overridden",
    "capital", "annual_sales", "is_exporter", "description", "website",
)  # fmt: skip
NEED_COLUMNS = (
    "id", "firm_id", "title", "description", "volume", "unit", "period", "estimated_value",
    "pattern", "deadline", "state", "closed_at", "removal_reason", "created_at", "updated_at",
    "search_text",
)  # fmt: skip


INTEREST_COLUMNS = (
    "umkm_id", "firm_id", "need_id", "direction", "message", "state", "sent_at", "expires_at",
    "answered_at", "decline_reason", "match_id",
)  # fmt: skip
MATCH_COLUMNS = (
    "id", "umkm_id", "firm_id", "matched_at", "is_mutual", "score", "queue_state", "left_at",
    "left_reason",
)  # fmt: skip
COMMITMENT_COLUMNS = (
    "id", "firm_id", "umkm_id", "match_id", "signing_event", "value", "pattern", "scope",
    "period_start", "period_end", "firm_signatory", "firm_signatory_title", "umkm_signatory",
    "umkm_signatory_title", "stage", "statement_signed_on", "statement_document",
    "agreement_signed_on", "agreement_document", "cancelled_on", "cancellation_reason",
    "realised_value", "over_value_confirmed", "created_at", "updated_at",
)  # fmt: skip
REPORT_COLUMNS = (
    "commitment_id", "side", "period_start", "period_end", "value", "event", "notes", "evidence",
    "over_value_confirmed", "state", "reviewed_at", "rejection_reason", "created_at",
)  # fmt: skip

# --- Interests, matches, commitments -----------------------------------------------------------
# Partners a verified firm has approached or been approached by (mean about 12).
INTERESTS_PER_FIRM = ((0, 10), (3, 25), (8, 30), (15, 20), (30, 10), (60, 5))
# Most interests stay in the firm's surroundings (its provinces) and its KBLI division.
LOCAL_SHARE = 0.65
ABOUT_A_NEED_SHARE = 0.6
FROM_FIRM_SHARE = 0.55
INTEREST_STATES = (
    ("pending", 12), ("accepted", 35), ("declined", 25), ("withdrawn", 6), ("expired", 22),
)  # fmt: skip
INTEREST_VALIDITY_DAYS = 14  # ProgrammeSettings' default
MUTUAL_SHARE = 0.25
DECLINE_REASONS = (
    "Kapasitas produksi kami sedang penuh.",
    "Lokasi terlalu jauh untuk pengiriman rutin.",
    "Harga belum sesuai.",
    "Kami belum memiliki sertifikasi yang diminta.",
)
LEFT_REASONS = (
    "Kapasitas UMKM belum mencukupi volume yang dibutuhkan.",
    "Perusahaan menunda rencana pengadaan.",
    "Kedua pihak sepakat tidak melanjutkan.",
)
CANCELLATION_REASONS = (
    "Pabrik mitra berhenti berproduksi.",
    "Mutu produk belum memenuhi standar setelah masa uji coba.",
    "Perusahaan mengubah rencana pengadaan.",
    "UMKM tidak sanggup memenuhi jadwal pengiriman.",
)
SIGNATORY_TITLES = (
    "Direktur Pengadaan", "Direktur Utama", "Manajer Rantai Pasok", "Kepala Pembelian",
    "Direktur Operasional",
)  # fmt: skip
UMKM_SIGNATORY_TITLES = ("Pemilik", "Pemilik", "Direktur", "Ketua Koperasi", "")
MONTHS_ID = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
)  # fmt: skip
# Commitment values: log-normal around Rp300 juta, from Rp10 juta to Rp50 miliar.
COMMITMENT_MEDIAN = 300_000_000
COMMITMENT_SIGMA = 1.4
COMMITMENT_RANGE = (10_000_000, 50 * MILIAR)


@dataclass(frozen=True)
class NeedSketch:
    """What interests and commitments take from a need."""

    id: int
    division: str
    pattern: str
    product: str
    unit: str


@dataclass
class Partners:
    """Verified UMKM by KBLI division, and within it by province: where firms look."""

    by_division: dict[str, list[int]]
    by_division_province: dict[tuple[str, int], list[int]]
    province_of: dict[int, int]

    @property
    def count(self) -> int:
        return len(self.province_of)


class RealRecordsPresent(RuntimeError):
    """The database holds records that this module did not make."""


@dataclass
class LoadReport:
    umkm: int = 0
    firms: int = 0
    needs: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    copy_seconds: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    def table_lines(self) -> list[str]:
        """Per table: rows, seconds in COPY (the server's work included, as it streams) and
        rows per second of that."""
        lines = [f"{'table':<38} {'rows':>11} {'COPY s':>8} {'rows/s':>10}"]
        for table, count in self.rows.items():
            seconds = self.copy_seconds.get(table, 0.0)
            rate = f"{count / seconds:,.0f}" if seconds else "-"
            lines.append(f"{table:<38} {count:>11,} {seconds:>8.1f} {rate:>10}")
        return lines

    def summary(self) -> str:
        rate = self.total_rows / self.seconds if self.seconds else 0.0
        parts = ", ".join(f"{table} {count:,}" for table, count in self.rows.items())
        return (
            f"Loaded {self.umkm:,} UMKM, {self.firms:,} firms, {self.needs:,} needs in "
            f"{self.seconds:.1f} s ({self.total_rows:,} rows, {rate:,.0f} rows/s): {parts}"
        )


# --- Marks ----------------------------------------------------------------------------------


def real_record_counts(cursor) -> tuple[int, int]:
    """(UMKM, firms) in the database that do not carry the synthetic marks."""
    cursor.execute(
        "SELECT (SELECT count(*) FROM partnerships_umkm WHERE NOT (nib LIKE %s AND email LIKE %s)),"
        " (SELECT count(*) FROM partnerships_firm WHERE NOT (nib LIKE %s AND website LIKE %s))",
        [f"{UMKM_NIB_PREFIX}%", f"%@{MARK_DOMAIN}", f"{FIRM_NIB_PREFIX}%", f"%.{MARK_DOMAIN}/%"],
    )
    umkm, firms = cursor.fetchone()
    return umkm, firms


# What a synthetic load never writes: any such row is somebody's real data. (Needs, interests,
# matches and commitments belong to an UMKM and a firm, so they are covered by their parties.)
_UNMARKED_UMKM = "NOT (nib LIKE %s AND email LIKE %s)"
_UNMARKED_FIRM = "NOT (nib LIKE %s AND website LIKE %s)"
_UMKM_MARK = [f"{UMKM_NIB_PREFIX}%", f"%@{MARK_DOMAIN}"]
_FIRM_MARK = [f"{FIRM_NIB_PREFIX}%", f"%.{MARK_DOMAIN}/%"]


def real_records(cursor) -> list[str]:
    """What the database holds that is not synthetic, in words (empty: nothing): UMKM and
    firms without the marks (with an example of each), bridging sessions, and user accounts
    other than officials' (people who signed up; officials may look at a synthetic database
    through the admin)."""
    found = []
    for table, condition, mark, what in (
        ("partnerships_umkm", _UNMARKED_UMKM, _UMKM_MARK, "UMKM"),
        ("partnerships_firm", _UNMARKED_FIRM, _FIRM_MARK, "firm(s)"),
    ):
        cursor.execute(
            # Table and condition are this module's constants, never typed values.
            f"SELECT count(*), min(nib) FROM {table} WHERE {condition}",  # noqa: S608 # nosec B608
            mark,
        )
        count, example = cursor.fetchone()
        if count:
            found.append(f"{count:,} {what} without the synthetic marks (e.g. NIB {example})")
    cursor.execute("SELECT count(*) FROM partnerships_bridgingsession")
    if sessions := cursor.fetchone()[0]:
        found.append(f"{sessions:,} bridging session(s)")
    cursor.execute("SELECT count(*), min(email) FROM accounts_user WHERE NOT is_staff")
    users, example = cursor.fetchone()
    if users:
        found.append(f"{users:,} user account(s) that are not officials' (e.g. {example})")
    return found


def refuse_real_records(cursor) -> None:
    found = real_records(cursor)
    if found:
        raise RealRecordsPresent(
            f"This database holds real records: {'; '.join(found)}. Synthetic data is loaded "
            "only into a database of its own (createdb portal_scale; DATABASE_URL=...)."
        )


def synthetic_counts(cursor) -> tuple[int, int]:
    """(UMKM, firms) carrying the synthetic marks."""
    cursor.execute(
        "SELECT (SELECT count(*) FROM partnerships_umkm WHERE nib LIKE %s AND email LIKE %s),"
        " (SELECT count(*) FROM partnerships_firm WHERE nib LIKE %s AND website LIKE %s)",
        [f"{UMKM_NIB_PREFIX}%", f"%@{MARK_DOMAIN}", f"{FIRM_NIB_PREFIX}%", f"%.{MARK_DOMAIN}/%"],
    )
    umkm, firms = cursor.fetchone()
    return umkm, firms


def island_group(province_code: str) -> str:
    """The first digit of a province's code names its island group; Kepulauan Riau (21)
    belongs to Sumatera."""
    return "1" if province_code[0] == "2" else province_code[0]


# --- Reference data -------------------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """Provinces, regencies and KBLI codes as the database has them, with sampling weights."""

    regencies: list[tuple[int, int, str, str]]  # (regency id, province id, regency, province)
    regency_weights: list[float]
    subclasses: list[tuple[int, str, str]]  # (id, code, title)
    subclass_weights: list[float]
    kbli_by_code: dict[str, tuple[int, str, str]]  # every level: code -> (id, code, title)
    subclasses_by_division: dict[str, list[int]]  # division -> indexes into subclasses
    english: dict[int, str]  # KBLI id -> English title (search documents hold both languages)
    sections: dict[int, str]  # KBLI id -> its section's letter (for Umkm.kbli_prefixes)

    def document_line(self, kbli_id: int, code: str, title: str) -> str:
        """A KBLI code as services.search_documents writes it into a search document."""
        return f"{code} {title} {self.english.get(kbli_id, '')}".strip()


def read_reference(cursor, *, seed: int = 2021) -> Reference:
    rng = random.Random(seed)  # noqa: S311 (reproducible synthetic data, no secrets)
    cursor.execute(
        "SELECT r.id, p.id, r.name, p.name, p.code FROM partnerships_regency r"
        " JOIN partnerships_province p ON p.id = r.province_id ORDER BY r.code"
    )
    rows = cursor.fetchall()
    if not rows:
        raise RuntimeError("No regencies: migrate the database first (reference data).")
    regencies_of: dict[str, list[tuple]] = {}
    for row in rows:
        regencies_of.setdefault(row[4], []).append(row)
    group_population: dict[str, int] = {}
    for code in regencies_of:
        group = island_group(code)
        group_population[group] = group_population.get(group, 0) + PROVINCE_POPULATION.get(
            code, 500
        )
    regencies, weights = [], []
    for code, members in regencies_of.items():
        group = island_group(code)
        share = ISLAND_GROUP_SHARE.get(group, 1.0)
        province_share = share * PROVINCE_POPULATION.get(code, 500) / group_population[group]
        # Uneven regencies: some are cities of millions, some rural kabupaten.
        spread = [rng.lognormvariate(0, 0.6) for _ in members]
        total = sum(spread)
        for member, part in zip(members, spread, strict=True):
            regencies.append(member[:4])
            weights.append(province_share * part / total)

    cursor.execute(
        "SELECT id, code, level, title_id, title_en, section FROM partnerships_kblicode"
        " WHERE version = '2020'"
    )
    kbli_by_code, subclasses, subclass_weights, english, sections = {}, [], [], {}, {}
    by_division: dict[str, list[int]] = {}
    rows = sorted(cursor.fetchall(), key=lambda row: row[1])
    for kbli_id, code, level, title, title_en, section in rows:
        english[kbli_id] = title_en
        sections[kbli_id] = section
        if level == "section":
            continue
        kbli_by_code[code] = (kbli_id, code, title)
        if level == "subclass" and code not in UNLICENSABLE:
            by_division.setdefault(code[:2], []).append(len(subclasses))
            subclasses.append((kbli_id, code, title))
    for division, members in by_division.items():
        weight = DIVISION_WEIGHT.get(
            division, RARE_DIVISION_WEIGHT.get(division, DEFAULT_DIVISION_WEIGHT)
        )
        popularity = [POPULAR_SUBCLASSES.get(subclasses[i][1], 1) for i in members]
        total = sum(popularity)
        subclass_weights.extend(0.0 for _ in range(len(subclass_weights), members[-1] + 1))
        for index, popular in zip(members, popularity, strict=True):
            subclass_weights[index] = weight * popular / total
    return Reference(
        regencies,
        weights,
        subclasses,
        subclass_weights,
        kbli_by_code,
        by_division,
        english,
        sections,
    )


# --- Generation -----------------------------------------------------------------------------


def _cumulative(weights) -> list[float]:
    total, out = 0.0, []
    for weight in weights:
        total += weight
        out.append(total)
    return out


class _Clock:
    """Timestamps as text for COPY, from a few thousand precomputed ones (formatting each of
    millions would cost more than everything else)."""

    def __init__(self, now: datetime, rng: random.Random, days: int = 2000):
        self.now = now
        self.days = days
        self.stamps = [
            (now - timedelta(days=day, seconds=rng.randrange(86_400))).isoformat(timespec="seconds")
            for day in range(days)
        ]

    def ago(self, day: int) -> str:
        return self.stamps[max(0, min(day, self.days - 1))]


def _document(parts) -> str:
    """Parts of a search document, one a line, as services.search_documents joins them."""
    return "\n".join(part.strip() for part in parts if part and part.strip())


def _by_name(product_row) -> str:
    return product_row[1]


def _by_code(kbli) -> str:
    return kbli[1]


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _name_word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


class _Generator:
    def __init__(self, reference: Reference, *, seed: int, today: date, now: datetime):
        self.ref = reference
        self.rng = random.Random(seed)  # noqa: S311 (reproducible synthetic data, no secrets)
        self.today = today
        self.clock = _Clock(now, self.rng)
        self.regency_cw = _cumulative(reference.regency_weights)
        self.subclass_cw = _cumulative(reference.subclass_weights)
        self.legal_cw = _cumulative(weight for _, weight, _ in LEGAL_FORMS)
        self.state_cw = _cumulative(weight for _, weight in STATES)
        self.size_cw = _cumulative(weight for _, weight in SIZES)
        self.pattern_cw = _cumulative(weight for _, weight in PATTERNS)
        self.cert_food_cw = _cumulative(c[1] for c in CERTIFICATIONS)
        self.cert_other_cw = _cumulative(c[2] for c in CERTIFICATIONS)
        self.theme_of = [THEMES.get(code[:2], GENERIC) for _, code, _ in reference.subclasses]
        # Regencies are read in the order of their codes, the order the portal lists them in.
        rank = {place[0]: index for index, place in enumerate(reference.regencies)}
        self.regency_order = lambda place: rank[place[0]]

    def regencies(self, k: int):
        return self.rng.choices(self.ref.regencies, cum_weights=self.regency_cw, k=k)

    def subclass_indexes(self, k: int) -> list[int]:
        return self.rng.choices(range(len(self.ref.subclasses)), cum_weights=self.subclass_cw, k=k)

    def kbli_set(self, first: int) -> list[int]:
        """1-3 subclasses: more often from the first one's division, as businesses are."""
        rng = self.rng
        chosen = [first]
        extra = rng.choices((0, 1, 2), (60, 30, 10))[0]
        for _ in range(extra):
            if rng.random() < 0.7:
                index = rng.choice(
                    self.ref.subclasses_by_division[self.ref.subclasses[first][1][:2]]
                )
            else:
                index = self.subclass_indexes(1)[0]
            if index not in chosen:
                chosen.append(index)
        return chosen

    def founded(self, created: int) -> int:
        """A year no later than the profile's creation, mostly recent."""
        year = int(self.clock.ago(created)[:4])
        return (
            self.rng.randint(1975, year)
            if self.rng.random() < 0.3
            else self.rng.randint(2005, year)
        )

    def verification(self, state: str, created: int) -> tuple[str | None, str | None, str]:
        """(submitted_at, reviewed_at, rejection_reason) of a profile ``created`` days old."""
        rng = self.rng
        if state == "draft":
            return None, None, ""
        submitted = max(0, created - rng.randint(0, 20))
        if state == "submitted":
            return self.clock.ago(submitted), None, ""
        reviewed = max(0, submitted - rng.randint(0, 14))
        if state == "rejected":
            return (
                self.clock.ago(submitted),
                self.clock.ago(reviewed),
                rng.choice(REJECTION_REASONS),
            )
        return self.clock.ago(submitted), self.clock.ago(reviewed), ""

    def business_name(self, theme: Theme, prefix: str) -> str:
        rng = self.rng
        last = _name_word(rng) if rng.random() < 0.5 else rng.choice(BRAND_WORDS)
        return f"{prefix}{rng.choice(theme.trades)} {rng.choice(BRAND_WORDS)} {last}"

    def figures(self, size: str) -> tuple[int, int | None]:
        """(capital, annual sales) in whole thousands of rupiah that make a business ``size``."""
        rng = self.rng
        if rng.random() < 0.85:
            low, high = SALES_BRACKET[size]
            sales = rng.randint(low, high) // 1000 * 1000
            return max(1_000_000, sales // rng.randint(2, 10)), sales
        # Not yet a year of trading: the capital decides.
        low, high = CAPITAL_BRACKET[size]
        return rng.randint(low, high) // 1000 * 1000, None

    def products(self, umkm_id, kbli, *, micro: bool, created: int, place: str) -> list[tuple]:
        """1-3 products, each of one of the UMKM's subclasses."""
        rng, rows = self.rng, []
        for _ in range(rng.choices((1, 2, 3), (50, 35, 15))[0]):
            index = rng.choice(kbli)
            theme = self.theme_of[index]
            name = rng.choice(theme.products) if theme.products else self.ref.subclasses[index][2]
            capacity = rng.randint(*theme.capacity) * (1 if micro else rng.randint(3, 20))
            price_min = rng.randint(*theme.price) // 500 * 500
            price_max = price_min + rng.randint(0, 4) * price_min // 4
            stamp = self.clock.ago(max(0, created - rng.randint(0, 5)))
            rows.append(
                (
                    umkm_id, name[:200], f"{name}, produksi {place}.", "", "",
                    rng.choice(theme.units), capacity,
                    max(1, capacity // rng.choice((50, 100, 200))),
                    price_min if rng.random() < 0.8 else None,
                    price_max if rng.random() < 0.8 else None,
                    stamp, stamp,
                )
            )  # fmt: skip
        return rows

    def certifications(self, umkm_id: int, serial: int, *, food: bool) -> list[tuple]:
        """Food makers hold certificates far more often; about a fifth have lapsed."""
        rng = self.rng
        if rng.random() >= (0.55 if food else 0.15):
            return []
        kinds = rng.choices(
            CERTIFICATIONS,
            cum_weights=self.cert_food_cw if food else self.cert_other_cw,
            k=rng.choices((1, 2), (75, 25))[0],
        )
        rows = []
        for kind, _, _, years in dict.fromkeys(kinds):
            expires = None
            if years:
                issued = self.today - timedelta(days=rng.randrange(years * 365 + 400))
                expires = issued + timedelta(days=years * 365)
            other = rng.choice(OTHER_CERTIFICATIONS) if kind == "other" else ""
            rows.append((umkm_id, kind, other, f"{kind.upper()}-{serial:011d}", expires))
        return rows

    def umkm_batch(self, first_id: int, first_serial: int, count: int):
        """Rows for ``count`` UMKM and their KBLI codes, products and certifications."""
        rng, clock, ref = self.rng, self.clock, self.ref
        places = self.regencies(count)
        firsts = self.subclass_indexes(count)
        legal = rng.choices(LEGAL_FORMS, cum_weights=self.legal_cw, k=count)
        states = rng.choices(STATES, cum_weights=self.state_cw, k=count)
        sizes = rng.choices(SIZES, cum_weights=self.size_cw, k=count)
        umkm_rows, kbli_rows, product_rows, cert_rows = [], [], [], []
        for i in range(count):
            umkm_id, serial = first_id + i, first_serial + i
            regency_id, province_id, regency_name, province_name = places[i]
            kbli = self.kbli_set(firsts[i])
            theme = self.theme_of[kbli[0]]
            form, _, prefix = legal[i]
            name = self.business_name(theme, prefix)
            capital, sales = self.figures(sizes[i][0])
            size = classify_business(capital=capital, annual_sales=sales)
            micro = size.size == BusinessSize.MICRO
            created = rng.randrange(clock.days)
            state = states[i][0]
            submitted_at, reviewed_at, reason = self.verification(state, created)
            exporter = rng.random() < (0.03 if micro else 0.25)
            export_notes = ""
            if exporter:
                since = rng.randint(2010, self.today.year)
                export_notes = (
                    f"{theme.trades[0]} ke {rng.choice(EXPORT_DESTINATIONS)} sejak {since}"
                )
            products = self.products(
                umkm_id, kbli, micro=micro, created=created, place=regency_name
            )
            product_rows.extend(products)
            food = ref.subclasses[kbli[0]][1][:2] in ("10", "11", "56")
            certifications = self.certifications(umkm_id, serial, food=food)
            cert_rows.extend(certifications)
            codes = [ref.subclasses[k] for k in kbli]
            kbli_rows.extend((umkm_id, kbli_id) for kbli_id, _, _ in codes)
            product_names = [row[1] for row in products]
            description = (
                f"{theme.trades[0]} di {regency_name}: {', '.join(product_names).lower()}."
            )
            # The portal's own document (services.search_documents.umkm_search_text): products
            # by name (then id, the order they are loaded in), KBLI codes by code.
            search_text = _document(
                (
                    name,
                    description,
                    export_notes,
                    *(_document(row[1:3]) for row in sorted(products, key=_by_name)),
                    *(ref.document_line(*code) for code in sorted(codes, key=_by_code)),
                    regency_name,
                    province_name,
                )
            )
            umkm_rows.append(
                (
                    umkm_id, state, submitted_at, reviewed_at, reason, clock.ago(created),
                    clock.ago(min(created, rng.randrange(clock.days))), name, form,
                    f"{UMKM_NIB_PREFIX}{serial:011d}", "", False,
                    f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", "", "",
                    f"umkm{serial}@{MARK_DOMAIN}", rng.random() < 0.4,
                    f"Jl. {rng.choice(BRAND_WORDS)} No. {rng.randint(1, 200)}, {regency_name}",
                    description, self.founded(created), rng.randint(*EMPLOYEES[size.size]),
                    capital, sales, size.size.value, size.criterion.value, exporter,
                    export_notes, province_id, regency_id, rng.random() < 0.1, search_text,
                    kbli_prefix_text((ref.sections[code[0]], code[1]) for code in codes),
                    json.dumps(certified_until_of((row[1], row[4]) for row in certifications)),
                    json.dumps(capacity_by_unit_of((row[5], row[6]) for row in products)),
                )
            )  # fmt: skip
        return umkm_rows, kbli_rows, product_rows, cert_rows

    def firms(self, first_id: int, first_serial: int, count: int):
        rng, clock, ref = self.rng, self.clock, self.ref
        firm_rows, sector_rows, location_rows, locations_of, sectors_of = [], [], [], {}, {}
        for i in range(count):
            firm_id, serial = first_id + i, first_serial + i
            pma = rng.random() < 0.6
            sectors = self.kbli_set(self.subclass_indexes(1)[0])
            theme = self.theme_of[sectors[0]]
            name = f"PT {rng.choice(FIRM_WORDS)} {rng.choice(FIRM_WORDS)} {_name_word(rng)}"
            if pma:
                name += " Indonesia"
            created = rng.randrange(clock.days)
            state = "verified" if rng.random() < 0.95 else "submitted"
            submitted_at, reviewed_at, reason = self.verification(state, created)
            firm_rows.append(
                (
                    firm_id, state, submitted_at, reviewed_at, reason, clock.ago(created),
                    clock.ago(created), name, "pma" if pma else "pmdn",
                    rng.choice(FIRM_COUNTRIES) if pma else "", f"{FIRM_NIB_PREFIX}{serial:011d}",
                    f"99{serial:014d}", False,
                    None if pma else rng.randint(11, 2_000) * MILIAR,
                    rng.randint(60, 20_000) * MILIAR if rng.random() < 0.7 else None,
                    rng.random() < 0.4,
                    f"Produsen {theme.trades[0].lower()} dan turunannya untuk pasar dalam negeri.",
                    f"https://firma{serial}.{MARK_DOMAIN}/",
                )
            )  # fmt: skip
            # Plants where people live, like the UMKM: more than half in Java.
            places = {place[0]: place for place in self.regencies(rng.randint(1, 4))}
            locations_of[firm_id] = list(places.values())
            sectors_of[firm_id] = sectors
            sector_rows.extend((firm_id, ref.subclasses[k][0]) for k in sectors)
            location_rows.extend((firm_id, regency_id) for regency_id in places)
        return firm_rows, sector_rows, location_rows, locations_of, sectors_of

    def needs(self, first_id: int, firms, locations_of, sectors_of):
        """0-4 needs per verified firm: mostly open, some closed; KBLI at every level.

        Also returns, per firm, what its interests and commitments draw on: (need id, KBLI
        division, pattern, product, unit) of each of its needs."""
        rng, clock, ref = self.rng, self.clock, self.ref
        need_rows, kbli_rows, location_rows, cert_rows = [], [], [], []
        needs_of: dict[int, list[NeedSketch]] = {}
        need_id = first_id
        for firm in firms:
            firm_id, firm_name = firm[0], firm[7]
            for _ in range(rng.choices((0, 1, 2, 3, 4), (10, 30, 30, 20, 10))[0]):
                sector = rng.choice(sectors_of[firm_id])
                _, code, title = ref.subclasses[sector]
                shape = rng.random()
                if shape < 0.45:  # one subclass
                    codes = [code]
                elif shape < 0.65:  # a class
                    codes = [code[:4]]
                elif shape < 0.8:  # a whole division
                    codes = [code[:2]]
                elif shape < 0.9:  # a group
                    codes = [code[:3]]
                else:  # several subclasses
                    codes = [ref.subclasses[k][1] for k in self.kbli_set(sector)]
                    codes.append(
                        ref.subclasses[rng.choice(ref.subclasses_by_division[code[:2]])][1]
                    )
                kbli = list(
                    dict.fromkeys(ref.kbli_by_code[c] for c in codes if c in ref.kbli_by_code)
                )
                theme = self.theme_of[sector]
                product = rng.choice(theme.products) if theme.products else title[:80]
                places = []
                if rng.random() < 0.55:  # near the firm's sites, or a few named regencies
                    places = list(locations_of[firm_id])
                    if rng.random() < 0.3:
                        places.extend(self.regencies(rng.randint(1, 3)))
                    places = list({place[0]: place for place in places}.values())
                required = []
                if rng.random() < 0.35:
                    food = code[:2] in ("10", "11", "56")
                    pool = ("halal", "bpom", "pirt") if food else ("sni", "iso9001", "halal")
                    required = sorted(set(rng.choices(pool, k=rng.randint(1, 2))))
                open_need = rng.random() < 0.85
                created = rng.randrange(120)
                deadline = self.today + timedelta(days=rng.randint(14, 180))
                closed_at = None if open_need else clock.ago(max(0, created - rng.randint(1, 30)))
                volume = rng.randint(*theme.capacity) * rng.randint(1, 10)
                unit = rng.choice(theme.units)
                title_text = f"Pasokan {product.lower()}"
                amount = f"{volume:,}".replace(",", ".")
                description = (
                    f"{firm_name} mencari mitra UMKM untuk {product.lower()}: {amount} {unit}."
                )
                # As services.search_documents.need_search_text writes it.
                search_text = _document(
                    (
                        title_text,
                        description,
                        firm_name,
                        *(ref.document_line(*code) for code in sorted(kbli, key=_by_code)),
                        *(place[2] for place in sorted(places, key=self.regency_order)),
                    )
                )
                need_rows.append(
                    (
                        need_id, firm_id, title_text, description, volume, unit,
                        rng.choice(("month", "month", "year", "total")),
                        volume * rng.randint(*theme.price) if rng.random() < 0.7 else None,
                        rng.choices(PATTERNS, cum_weights=self.pattern_cw)[0][0],
                        deadline, "open" if open_need else "closed", closed_at, "",
                        clock.ago(created), clock.ago(created), search_text,
                    )
                )  # fmt: skip
                kbli_rows.extend((need_id, kbli_id) for kbli_id, _, _ in kbli)
                location_rows.extend((need_id, place[0]) for place in places)
                cert_rows.extend((need_id, kind) for kind in required)
                needs_of.setdefault(firm_id, []).append(
                    NeedSketch(need_id, code[:2], need_rows[-1][8], product.lower(), unit)
                )
                need_id += 1
        return need_rows, kbli_rows, location_rows, cert_rows, needs_of

    def interactions(
        self,
        firms,
        needs_of: dict[int, list[NeedSketch]],
        locations_of,
        sectors_of,
        partners: Partners,
        *,
        first_match_id: int,
        first_commitment_id: int,
    ):
        """Interests between the verified ``firms`` and the ``partners``, the matches of those
        accepted, and the commitments of some matches with their realisation reports.

        Every row keeps the models' rules: one pending interest per pair (and need), an
        accepted one has its match, answered ones their time; one waiting match per pair;
        commitments with a positive value, agreements not before statements, a reason for
        each cancellation, and a realised value that is the sum of the confirmed reports and
        within the value."""
        rng = self.rng
        now = self.clock.now
        interest_rows, match_rows, commitment_rows, report_rows = [], [], [], []
        state_cw = _cumulative(weight for _, weight in INTEREST_STATES)
        count_cw = _cumulative(weight for _, weight in INTERESTS_PER_FIRM)
        match_id, commitment_id = first_match_id, first_commitment_id
        everyone = list(partners.province_of)
        if not everyone:
            return interest_rows, match_rows, commitment_rows, report_rows
        for firm in firms:
            firm_id, firm_name = firm[0], firm[7]
            needs = needs_of.get(firm_id, [])
            divisions = [self.ref.subclasses[k][1][:2] for k in sectors_of[firm_id]]
            provinces = sorted({place[1] for place in locations_of[firm_id]})
            paired: set[int] = set()
            wanted = rng.choices(INTERESTS_PER_FIRM, cum_weights=count_cw)[0][0]
            for _ in range(wanted):
                need = rng.choice(needs) if needs and rng.random() < ABOUT_A_NEED_SHARE else None
                division = need.division if need else rng.choice(divisions)
                pool = None
                if rng.random() < LOCAL_SHARE:
                    pool = partners.by_division_province.get((division, rng.choice(provinces)))
                pool = pool or partners.by_division.get(division) or everyone
                umkm_id = rng.choice(pool)
                if umkm_id in paired:
                    continue
                paired.add(umkm_id)
                local = partners.province_of[umkm_id] in provinces
                state = rng.choices(INTEREST_STATES, cum_weights=state_cw)[0][0]
                from_firm = rng.random() < FROM_FIRM_SHARE
                product = need.product if need else self._product_of(divisions[0])
                if state == "pending":
                    sent = now - timedelta(days=rng.uniform(0, INTEREST_VALIDITY_DAYS - 0.5))
                else:
                    sent = now - timedelta(days=rng.uniform(INTEREST_VALIDITY_DAYS + 1, 720))
                expires = sent + timedelta(days=INTEREST_VALIDITY_DAYS)
                answered = None
                if state == "expired":
                    answered = expires
                elif state != "pending":
                    answered = sent + timedelta(hours=rng.uniform(1, 24 * INTEREST_VALIDITY_DAYS))
                reason = (
                    rng.choice(DECLINE_REASONS)
                    if state == "declined" and rng.random() < 0.6
                    else ""
                )
                match = None
                if state == "accepted":
                    match = match_id
                    match_id += 1
                    mutual = rng.random() < MUTUAL_SHARE
                    if mutual:  # the other side had written too, and that was accepted at once
                        other_sent = sent + (answered - sent) * rng.random()
                        interest_rows.append(
                            (
                                umkm_id, firm_id, need.id if need else None,
                                "from_umkm" if from_firm else "from_firm",
                                self._message(not from_firm, product, firm_name), "accepted",
                                _stamp(other_sent),
                                _stamp(other_sent + timedelta(days=INTEREST_VALIDITY_DAYS)),
                                _stamp(answered), "", match,
                            )
                        )  # fmt: skip
                    match_row, left = self._match(
                        match, umkm_id, firm_id, answered, mutual=mutual, local=local
                    )
                    match_rows.append(match_row)
                    if match_row[6] in ("met_at_session", "met_directly") or (
                        match_row[6] == "waiting" and (now - answered).days > 60
                    ):
                        chance = 0.45 if match_row[6] != "waiting" else 0.05
                        if rng.random() < chance:
                            rows, reports = self._commitment(
                                commitment_id, match, umkm_id, firm_id, firm_name,
                                signed_after=(left or answered), need=need,
                                product=product, direct=match_row[6] == "met_directly",
                            )  # fmt: skip
                            if rows:
                                commitment_rows.append(rows)
                                report_rows.extend(reports)
                                commitment_id += 1
                interest_rows.append(
                    (
                        umkm_id, firm_id, need.id if need else None,
                        "from_firm" if from_firm else "from_umkm",
                        self._message(from_firm, product, firm_name), state, _stamp(sent),
                        _stamp(expires), _stamp(answered) if answered else None, reason, match,
                    )
                )  # fmt: skip
        return interest_rows, match_rows, commitment_rows, report_rows

    def _product_of(self, division: str) -> str:
        theme = THEMES.get(division, GENERIC)
        return self.rng.choice(theme.products).lower() if theme.products else "produk usaha"

    def _message(self, from_firm: bool, product: str, firm_name: str) -> str:
        if from_firm:
            return (
                f"Kami tertarik bermitra dengan usaha Anda untuk {product}. Mohon informasikan "
                "kapasitas produksi dan harga."
            )
        return f"Kami siap memasok {product} untuk {firm_name} sesuai standar yang diminta."

    def _match(self, match_id, umkm_id, firm_id, matched, *, mutual: bool, local: bool):
        """A match row, and when it left the queue (None while it waits)."""
        rng, now = self.rng, self.clock.now
        age = (now - matched).days
        if age < 45:
            state = rng.choices(("waiting", "met_directly", "left"), (90, 5, 5))[0]
        else:
            state = rng.choices(
                ("waiting", "met_at_session", "met_directly", "left"), (25, 45, 15, 15)
            )[0]
        left, reason = None, ""
        if state != "waiting":
            left = matched + timedelta(days=rng.uniform(0, min(age, 120)))
            left = min(left, now - timedelta(minutes=1))
            if state == "left":
                reason = rng.choice(LEFT_REASONS)
        score = min(100, rng.randint(35, 70) + (20 if local else 0) + rng.randint(0, 10))
        row = (
            match_id, umkm_id, firm_id, _stamp(matched), mutual, score, state,
            _stamp(left) if left else None, reason,
        )  # fmt: skip
        return row, left

    def _commitment(
        self, commitment_id, match_id, umkm_id, firm_id, firm_name, *, signed_after, need,
        product, direct,
    ):  # fmt: skip
        """A commitment row and its realisation reports, or (None, []) if it would be signed
        in the future."""
        rng = self.rng
        today = self.today
        signed = (signed_after + timedelta(hours=7)).date() + timedelta(days=rng.randint(0, 30))
        if signed > today:
            return None, []
        age = (today - signed).days
        if age < 30:
            stage = rng.choices(("statement", "agreement"), (60, 40))[0]
        else:
            stage = rng.choices(
                ("statement", "agreement", "in_progress", "realised", "cancelled"),
                (12, 13, 40, 25, 10),
            )[0]
            if stage == "realised" and age < 120:
                stage = "in_progress"
        agreement = None
        if stage in ("agreement", "in_progress", "realised") or (
            stage == "cancelled" and rng.random() < 0.4
        ):
            agreement = signed + timedelta(days=rng.randint(0, min(45, age)))
        start = agreement or signed
        months = rng.choice((6, 12, 12, 24))
        end = start + timedelta(days=30 * months)
        value = int(rng.lognormvariate(0, COMMITMENT_SIGMA) * COMMITMENT_MEDIAN)
        value = max(COMMITMENT_RANGE[0], min(COMMITMENT_RANGE[1], value)) // 1_000_000 * 1_000_000
        cancelled_on, cancel_reason = None, ""
        if stage == "cancelled":
            cancelled_on = (agreement or signed) + timedelta(
                days=rng.randint(0, max(0, (today - (agreement or signed)).days))
            )
            cancel_reason = rng.choice(CANCELLATION_REASONS)
        realised, reports = 0, []
        if stage in ("in_progress", "realised"):
            share = rng.uniform(0.9, 1.0) if stage == "realised" else rng.uniform(0.05, 0.8)
            realised, reports = self._reports(commitment_id, start, min(end, today), value, share)
        pattern = need.pattern if need else rng.choices(PATTERNS, cum_weights=self.pattern_cw)[0][0]
        unit = need.unit if need else "unit"
        amount = f"{rng.randint(1, 500) * 10:,}".replace(",", ".")
        event = (
            f"Pertemuan langsung di kantor {firm_name}"
            if direct
            else f"Temu usaha BKPM {MONTHS_ID[signed.month - 1]} {signed.year}"
        )
        created = _stamp(datetime(signed.year, signed.month, signed.day, 3, tzinfo=UTC))
        row = (
            commitment_id, firm_id, umkm_id, match_id, event, value, pattern,
            f"Pasokan {product}: {amount} {unit} per bulan selama {months} bulan.",
            start, end, f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            rng.choice(SIGNATORY_TITLES), f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            rng.choice(UMKM_SIGNATORY_TITLES), stage, signed, "", agreement, "", cancelled_on,
            cancel_reason, realised, False, created, created,
        )  # fmt: skip
        return row, reports

    def _reports(self, commitment_id, start: date, until: date, value: int, share: float):
        """Confirmed monthly reports over [start, until] adding up to ``share`` of ``value``
        (the realised value), and now and then a pending or a rejected one (not counted)."""
        rng = self.rng
        days = (until - start).days
        if days < 1:
            return 0, []
        count = max(1, min(6, days // 30))
        total = int(value * share)
        parts = sorted(rng.sample(range(1, total), count - 1)) if total > count else []
        amounts = [b - a for a, b in zip([0, *parts], [*parts, total], strict=True)]
        step = days / count
        rows = []
        for index, amount in enumerate(amounts):
            period_start = start + timedelta(days=int(index * step))
            period_end = start + timedelta(days=max(int((index + 1) * step) - 1, int(index * step)))
            stamp = _stamp(
                datetime.combine(period_end, datetime.min.time(), UTC) + timedelta(hours=3)
            )
            rows.append(
                (
                    commitment_id, rng.choice(("umkm", "firm")), period_start, period_end, amount,
                    rng.choices(("delivered", "paid", "delayed"), (60, 35, 5))[0], "", "", False,
                    "confirmed", stamp, "", stamp,
                )
            )  # fmt: skip
        if rng.random() < 0.2:
            state = rng.choice(("pending", "rejected"))
            stamp = _stamp(datetime.combine(until, datetime.min.time(), UTC))
            rows.append(
                (
                    commitment_id, "umkm", until, until, max(1, total // 10), "delivered", "",
                    "", False, state, stamp if state == "rejected" else None,
                    "Bukti pengiriman tidak terbaca." if state == "rejected" else "", stamp,
                )
            )  # fmt: skip
        return total, rows


# --- Loading --------------------------------------------------------------------------------

# Every table the loader writes, in the order it writes them.
TABLES = (
    "partnerships_umkm",
    "partnerships_umkm_kbli_codes",
    "partnerships_product",
    "partnerships_certification",
    "partnerships_firm",
    "partnerships_firm_sectors",
    "partnerships_firm_locations",
    "partnerships_need",
    "partnerships_need_kbli_codes",
    "partnerships_need_locations",
    "partnerships_requiredcertification",
    "partnerships_match",
    "partnerships_interest",
    "partnerships_commitment",
    "partnerships_realisationreport",
)

# Loaded by migrations into a fresh database, they may never have been ANALYZEd: the planner
# would guess that a KBLI section holds one code (it holds hundreds) and pick plans for that.
REFERENCE_TABLES = ("partnerships_kblicode", "partnerships_province", "partnerships_regency")


def _copy(cursor, table: str, columns, rows, report: LoadReport) -> None:
    if not rows:
        return
    started = time.perf_counter()
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    report.rows[table] = report.rows.get(table, 0) + len(rows)
    report.copy_seconds[table] = report.copy_seconds.get(table, 0.0) + time.perf_counter() - started


def _next_id(cursor, table: str) -> int:
    # ``table`` is one of this module's own table names, never a typed value.
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608 # nosec B608
    return cursor.fetchone()[0]


def _next_serial(cursor, table: str, prefix: str) -> int:
    # ``table`` is one of this module's own table names, never a typed value.
    cursor.execute(
        f"SELECT MAX(nib) FROM {table} WHERE nib LIKE %s",  # noqa: S608 # nosec B608
        [f"{prefix}%"],
    )
    highest = cursor.fetchone()[0]
    return int(highest[len(prefix) :]) + 1 if highest else 1


def _sync_identity(cursor, table: str) -> None:
    # Rows came with their ids; the identity must continue after them. (``table`` is one of
    # this module's own table names.)
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE(MAX(id), 1)) FROM {table}",  # noqa: S608 # nosec B608
        [table],
    )


def lock_tables(cursor) -> None:
    """Until the transaction ends, nobody else adds rows while ids and NIBs are handed out,
    nor a real record after the check; a second loader waits for the first to commit."""
    cursor.execute(
        "LOCK TABLE partnerships_umkm, partnerships_firm, partnerships_need,"
        " partnerships_interest, partnerships_match, partnerships_commitment,"
        " partnerships_bridgingsession, accounts_user IN SHARE ROW EXCLUSIVE MODE"
    )


def read_partners(cursor) -> Partners:
    """The verified UMKM (all synthetic: real ones were refused), by KBLI division and
    province, in a fixed order so that a seed gives the same interests each time."""
    cursor.execute(
        "SELECT DISTINCT u.id, u.province_id, left(k.code, 2) FROM partnerships_umkm u"
        " JOIN partnerships_umkm_kbli_codes l ON l.umkm_id = u.id"
        " JOIN partnerships_kblicode k ON k.id = l.kblicode_id"
        " WHERE u.verification_state = 'verified' ORDER BY 1, 3"
    )
    by_division: dict[str, list[int]] = {}
    by_division_province: dict[tuple[str, int], list[int]] = {}
    province_of: dict[int, int] = {}
    for umkm_id, province_id, division in cursor.fetchall():
        by_division.setdefault(division, []).append(umkm_id)
        by_division_province.setdefault((division, province_id), []).append(umkm_id)
        province_of[umkm_id] = province_id
    return Partners(by_division, by_division_province, province_of)


def load(
    connection,
    *,
    umkm: int,
    firms: int = 0,
    seed: int = 2021,
    batch_size: int = 20_000,
    interactions: bool = True,
    analyze: bool = True,
    progress=None,
) -> LoadReport:
    """Add ``umkm`` synthetic UMKM and ``firms`` firms (with their needs and, if
    ``interactions``, their interests, matches and commitments) to the database of the
    psycopg 3 ``connection``, in the caller's transaction.

    Refuses (RealRecordsPresent) a database holding any record that is not synthetic (see
    ``real_records``). Loading again adds more records (new NIBs continue the series); the
    caller decides how many are missing. ``progress(done, total)`` is called after each batch
    of UMKM.
    """
    started = time.perf_counter()
    report = LoadReport()
    now = datetime.now(UTC)
    today = (now + timedelta(hours=7)).date()  # Asia/Jakarta
    with connection.cursor() as cursor:
        lock_tables(cursor)
        refuse_real_records(cursor)
        reference = read_reference(cursor)
        umkm_id = _next_id(cursor, "partnerships_umkm")
        serial = _next_serial(cursor, "partnerships_umkm", UMKM_NIB_PREFIX)
        generator = _Generator(reference, seed=seed + serial, today=today, now=now)
        done = 0
        while done < umkm:
            count = min(batch_size, umkm - done)
            umkm_rows, kbli_rows, product_rows, cert_rows = generator.umkm_batch(
                umkm_id + done, serial + done, count
            )
            _copy(cursor, "partnerships_umkm", UMKM_COLUMNS, umkm_rows, report)
            _copy(
                cursor,
                "partnerships_umkm_kbli_codes",
                ("umkm_id", "kblicode_id"),
                kbli_rows,
                report,
            )
            _copy(cursor, "partnerships_product", PRODUCT_COLUMNS, product_rows, report)
            _copy(cursor, "partnerships_certification", CERTIFICATION_COLUMNS, cert_rows, report)
            done += count
            if progress:
                progress(done, umkm)
        report.umkm = done
        if firms:
            _load_firms(cursor, generator, firms, interactions=interactions, report=report)
        for table in (
            "partnerships_umkm",
            "partnerships_firm",
            "partnerships_need",
            "partnerships_match",
            "partnerships_commitment",
        ):
            _sync_identity(cursor, table)
        if analyze:
            for table in (*report.rows, *REFERENCE_TABLES):
                cursor.execute(f"ANALYZE {table}")
    report.seconds = time.perf_counter() - started
    return report


def _load_firms(cursor, generator: _Generator, firms: int, *, interactions: bool, report) -> None:
    firm_id = _next_id(cursor, "partnerships_firm")
    firm_serial = _next_serial(cursor, "partnerships_firm", FIRM_NIB_PREFIX)
    firm_rows, sector_rows, location_rows, locations_of, sectors_of = generator.firms(
        firm_id, firm_serial, firms
    )
    _copy(cursor, "partnerships_firm", FIRM_COLUMNS, firm_rows, report)
    _copy(cursor, "partnerships_firm_sectors", ("firm_id", "kblicode_id"), sector_rows, report)
    _copy(cursor, "partnerships_firm_locations", ("firm_id", "regency_id"), location_rows, report)
    verified = [row for row in firm_rows if row[1] == "verified"]
    need_rows, need_kbli, need_places, need_certs, needs_of = generator.needs(
        _next_id(cursor, "partnerships_need"), verified, locations_of, sectors_of
    )
    _copy(cursor, "partnerships_need", NEED_COLUMNS, need_rows, report)
    _copy(cursor, "partnerships_need_kbli_codes", ("need_id", "kblicode_id"), need_kbli, report)
    _copy(cursor, "partnerships_need_locations", ("need_id", "regency_id"), need_places, report)
    _copy(cursor, "partnerships_requiredcertification", ("need_id", "kind"), need_certs, report)
    report.firms, report.needs = len(firm_rows), len(need_rows)
    if not interactions:
        return
    interest_rows, match_rows, commitment_rows, report_rows = generator.interactions(
        verified,
        needs_of,
        locations_of,
        sectors_of,
        read_partners(cursor),
        first_match_id=_next_id(cursor, "partnerships_match"),
        first_commitment_id=_next_id(cursor, "partnerships_commitment"),
    )
    _copy(cursor, "partnerships_match", MATCH_COLUMNS, match_rows, report)
    _copy(cursor, "partnerships_interest", INTEREST_COLUMNS, interest_rows, report)
    _copy(cursor, "partnerships_commitment", COMMITMENT_COLUMNS, commitment_rows, report)
    _copy(cursor, "partnerships_realisationreport", REPORT_COLUMNS, report_rows, report)
