"""Deterministic Indonesian news text for generated articles: headlines, paragraphs, slugs.

Everything is drawn from a small word bank with a ``random.Random`` seeded by site and
article number, so article 17 of a site reads the same in every run and on every machine.
The alphabet is plain on purpose (no ``& < > '``; double quotes only in body quotes), so the
same string can go into HTML text, attributes and JSON-LD without per-context escaping.
"""

from __future__ import annotations

import random
import re

_TITLE_SUBJECTS = (
    "Pemprov Jambi", "Pemkot Jambi", "Dinkes Provinsi Jambi", "Polda Jambi", "BPBD Jambi",
    "DPRD Kota Jambi", "Disdik Provinsi Jambi", "KPU Provinsi Jambi", "Bawaslu Batanghari",
    "Disbun Provinsi Jambi", "Dishub Kota Jambi", "BWS Sumatera VI", "PLN UP3 Jambi",
    "Perumda Tirta Mayang", "Pemkab Muaro Jambi", "Pemkab Tanjab Timur", "Polres Bungo",
    "Kejari Sarolangun", "Dinsos Merangin", "Pemkab Kerinci",
)  # fmt: skip
_TITLE_VERBS = (
    "Gelar", "Tinjau", "Salurkan", "Bahas", "Resmikan", "Percepat", "Evaluasi", "Siapkan",
    "Perketat", "Tambah", "Targetkan", "Luncurkan", "Awasi", "Perluas",
)  # fmt: skip
_TITLE_OBJECTS = (
    "Bantuan Pangan", "Perbaikan Jalan", "Program Vaksinasi", "Rapat Koordinasi Karhutla",
    "Operasi Pasar Beras", "Normalisasi Drainase", "Pemeriksaan Kesehatan Gratis",
    "Patroli Sungai", "Pelatihan Petani Sawit", "Pendataan Pemilih", "Pembangunan Jembatan",
    "Pengawasan Harga Cabai", "Penertiban PETI", "Sosialisasi Pajak Kendaraan",
    "Layanan Air Bersih", "Posko Siaga Banjir",
)  # fmt: skip
_TITLE_OUTCOMES = (
    "Warga Terbantu", "Keluarga Terdampak", "Peserta Hadir", "Desa Dijangkau",
    "Titik Diperiksa", "Petani Terlibat", "Rumah Tercatat", "Pedagang Didata",
)  # fmt: skip
_PLACES = (
    "Kota Jambi", "Muaro Jambi", "Batanghari", "Tanjung Jabung Barat", "Tanjung Jabung Timur",
    "Sarolangun", "Merangin", "Bungo", "Tebo", "Kerinci", "Sungai Penuh",
)  # fmt: skip
_DISTRICTS = (
    "Telanaipura", "Kota Baru", "Alam Barajo", "Jambi Selatan", "Pelayangan", "Danau Teluk",
    "Jaluko", "Sengeti", "Muara Bulian", "Kuala Tungkal", "Muara Sabak", "Bangko",
    "Muara Bungo", "Muara Tebo", "Siulak", "Pasar Jambi",
)  # fmt: skip
_SUBJECTS = (
    "Pemerintah Provinsi Jambi", "Pemerintah Kota Jambi", "Dinas Kesehatan Provinsi Jambi",
    "Dinas PUPR Kota Jambi", "Polda Jambi", "BPBD Provinsi Jambi", "DPRD Kota Jambi",
    "Dinas Pendidikan Provinsi Jambi", "Dinas Perkebunan Provinsi Jambi",
    "Dinas Perhubungan Kota Jambi", "Balai Wilayah Sungai Sumatera VI",
    "Pemerintah Kabupaten Muaro Jambi", "Dinas Sosial Kabupaten Merangin",
)  # fmt: skip
_VERBS = (
    "menggelar", "meninjau", "menyalurkan", "membahas", "mempercepat", "mengevaluasi",
    "menyiapkan", "memperketat", "menambah", "memperluas", "mengawasi",
)  # fmt: skip
_OBJECTS = (
    "bantuan pangan bagi warga kurang mampu", "perbaikan ruas jalan yang rusak",
    "program vaksinasi untuk anak sekolah", "operasi pasar beras murah",
    "normalisasi saluran drainase", "pemeriksaan kesehatan gratis", "patroli di sepanjang sungai",
    "pelatihan bagi petani sawit swadaya", "pendataan ulang penerima bantuan",
    "pembangunan jembatan gantung", "pengawasan harga bahan pokok", "layanan air bersih",
)  # fmt: skip
_WHEN = (
    "sejak awal pekan", "dalam sepekan terakhir", "pada Senin pagi", "pada Rabu siang",
    "sejak awal bulan", "hingga akhir pekan ini", "pada Kamis sore", "selama dua hari terakhir",
)  # fmt: skip
_NAMES = (
    "Ahmad Fauzi", "Siti Rahmawati", "Hendra Gunawan", "Rina Marlina", "Yusuf Hamdani",
    "Dewi Kartika", "Rizal Effendi", "Nurhayati", "Budi Santoso", "Fitri Handayani",
    "Syamsul Bahri", "Andi Saputra", "Lestari Wulandari", "Muhammad Iqbal", "Yuliana Sari",
)  # fmt: skip
_ROLES = (
    "Kepala Bidang Pelayanan", "Sekretaris Dinas", "Juru bicara", "Kepala Seksi Operasional",
    "Camat", "Ketua Komisi III", "Kepala Pelaksana",
)  # fmt: skip
_QUOTES = (
    "Kami ingin pelayanan kepada masyarakat berjalan lebih cepat dan tepat sasaran",
    "Kegiatan ini akan kami lanjutkan sampai seluruh warga yang berhak mendapat manfaat",
    "Kami minta masyarakat tetap waspada dan segera melapor bila menemukan masalah",
    "Anggarannya sudah tersedia, tinggal memastikan pekerjaan di lapangan sesuai rencana",
    "Kami terus berkoordinasi dengan pemerintah kabupaten dan kota agar hasilnya merata",
    "Harapan kami tahun ini tidak ada lagi keluhan yang sama dari warga",
)  # fmt: skip
_UNITS = ("warga", "kepala keluarga", "petani", "pedagang", "pelajar", "rumah", "desa")
_STATES = (
    "sudah menerima manfaat", "terdata sebagai penerima", "mengikuti kegiatan tersebut",
    "masih menunggu giliran", "terdampak kondisi ini",
)  # fmt: skip
_PLANS = (
    "menambah jumlah petugas di lapangan", "memperluas kegiatan ke kecamatan lain",
    "mengajukan tambahan anggaran pada APBD Perubahan", "membuka posko pengaduan",
    "melibatkan perangkat desa dan kelurahan",
)  # fmt: skip
_FEELINGS = ("lega", "bersyukur", "terbantu", "senang")
_THINGS = (
    "adanya kegiatan tersebut", "perhatian pemerintah", "perbaikan yang dilakukan",
    "bantuan yang diterima",
)  # fmt: skip
_CLAUSES = (
    "kegiatan itu menjadi prioritas pemerintah daerah tahun ini",
    "sebagian besar pekerjaan ditargetkan rampung sebelum musim hujan",
    "koordinasi lintas instansi menjadi kunci keberhasilan program",
    "data di lapangan akan diperbarui setiap pekan",
)  # fmt: skip


def number_text(rng: random.Random) -> str:
    """A count printed the Indonesian way: 1.240, not 1,240."""
    return f"{rng.randrange(12, 4800):,}".replace(",", ".")


def headline(rng: random.Random) -> str:
    title = (
        f"{rng.choice(_TITLE_SUBJECTS)} {rng.choice(_TITLE_VERBS)} {rng.choice(_TITLE_OBJECTS)}"
        f" di {rng.choice(_PLACES)}"
    )
    return f"{title}, {number_text(rng)} {rng.choice(_TITLE_OUTCOMES)}"


def headlines(site: str, count: int) -> list[str]:
    """``count`` distinct headlines; the first k are the same whatever ``count`` is."""
    rng = random.Random(f"{site}:headlines")
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < count:
        title = headline(rng)
        if title not in seen:
            seen.add(title)
            out.append(title)
    return out


def sentence(rng: random.Random) -> str:
    kind = rng.randrange(5)
    if kind == 0:
        return (
            f'"{rng.choice(_QUOTES)}," kata {rng.choice(_ROLES)} {rng.choice(_SUBJECTS)}, '
            f"{rng.choice(_NAMES)}."
        )
    if kind == 1:
        count = number_text(rng)
        return f"Hingga kini, tercatat {count} {rng.choice(_UNITS)} {rng.choice(_STATES)}."
    if kind == 2:
        return f"Menurut {rng.choice(_NAMES)}, {rng.choice(_CLAUSES)}."
    if kind == 3:
        return f"{rng.choice(_SUBJECTS)} juga berencana {rng.choice(_PLANS)}."
    return (
        f"Seorang warga {rng.choice(_DISTRICTS)}, {rng.choice(_NAMES)}, mengaku "
        f"{rng.choice(_FEELINGS)} dengan {rng.choice(_THINGS)}."
    )


def paragraphs(site: str, number: int) -> list[str]:
    """The body of generated article ``number`` of ``site``: 6 to 12 paragraphs."""
    rng = random.Random(f"{site}:{number}:body")
    lead = (
        f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} di "
        f"{rng.choice(_DISTRICTS)}, {rng.choice(_PLACES)}, {rng.choice(_WHEN)}."
    )
    out = [f"{lead} {sentence(rng)}"]
    for _ in range(rng.randint(5, 11)):
        out.append(" ".join(sentence(rng) for _ in range(rng.randint(2, 3))))
    return out


def slugify(text: str) -> str:
    """``Banjir di Kota Jambi, 1.240 Rumah`` -> ``banjir-di-kota-jambi-1-240-rumah``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
