"""Markdown bodies of the demo innovations, in Indonesian.

Takes an innovation's own facts from its data file (masalah, tujuan, langkah, hasil,
optional manfaat, angka and tautan) and frames them with headings and connecting
sentences. Wording varies by a CRC of the slug, so no two bodies read alike and the
output stays deterministic. Every body is checked to be 150-400 words.
"""

import zlib

MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
          "Oktober", "November", "Desember"]

INITIATOR = {
    "kepala-daerah": ["arahan langsung kepala daerah dalam rapat pimpinan", "program prioritas kepala daerah",
                      "instruksi kepala daerah setelah kunjungan lapangan"],
    "dprd": ["usulan anggota DPRD melalui pokok-pokok pikiran dewan", "aspirasi warga yang dibawa anggota DPRD saat reses"],
    "opd": ["hasil evaluasi kinerja internal perangkat daerah", "rapat kerja bidang di lingkungan perangkat daerah",
            "temuan survei kepuasan masyarakat tahunan"],
    "asn": ["ide seorang ASN pelaksana yang setiap hari menghadapi persoalan ini",
            "proyek perubahan peserta Pelatihan Kepemimpinan Administrator", "usulan pegawai dalam lomba ide inovasi internal"],
    "masyarakat": ["usulan warga dalam musrenbang kecamatan", "gagasan komunitas setempat yang kemudian difasilitasi pemerintah",
                   "masukan tokoh masyarakat dan kelompok pemuda"],
}

ORIGIN = [
    "Gagasan {acr} berawal dari {init}, yang kemudian dibahas bersama {agency}.",
    "Usulan awalnya datang dari {init}; {agency} lalu menyusun rancangan dan menghitung kebutuhan anggarannya.",
    "Setelah {init} ditindaklanjuti, {agency} menyusun kajian singkat dan menjadikannya prioritas.",
    "Inovasi ini lahir dari {init} dan dijalankan oleh {agency}.",
]

BG_HEAD = ["Latar Belakang", "Latar Belakang", "Latar Belakang Masalah", "Permasalahan"]
GOAL_HEAD = ["Tujuan", "Tujuan", "Tujuan Inovasi"]
DESIGN_HEAD = ["Rancang Bangun", "Cara Kerja", "Alur Pelaksanaan", "Bagaimana {acr} Bekerja"]
DESIGN_INTRO = [
    "Secara garis besar, {acr} berjalan dengan langkah berikut:",
    "Rancangan inovasi ini terdiri atas beberapa komponen:",
    "Pelaksanaannya diatur dalam SOP {agency} dengan tahapan:",
    "Komponen utama {acr} adalah:",
]
DIGITAL_NOTE = [
    "Seluruh proses tercatat dalam sistem daring, sehingga petugas dan warga dapat memantau status layanan kapan saja.",
    "Karena berbasis aplikasi, data yang terkumpul langsung dapat diolah menjadi laporan untuk pimpinan.",
    "Data tersimpan di server pemerintah daerah dan dicadangkan secara berkala.",
]
MANUAL_NOTE = [
    "Inovasi ini sengaja dibuat tanpa aplikasi agar mudah ditiru di wilayah dengan sinyal dan peralatan terbatas.",
    "Pencatatan masih memakai formulir dan buku register, tetapi alurnya sudah dibakukan dalam SOP.",
    "Kekuatan inovasi ini ada pada kerja sama petugas dan warga, bukan pada teknologi.",
]
BENEFIT_HEAD = {"pelayanan-publik": ["Manfaat", "Manfaat bagi Masyarakat"],
                "tata-kelola": ["Manfaat", "Manfaat bagi Pemerintah Daerah"],
                "lainnya": ["Manfaat", "Manfaat bagi Warga dan Daerah"]}
BENEFITS = {
    "pelayanan-publik": [
        "Warga tidak perlu bolak-balik ke kantor {agency}.",
        "Biaya transportasi warga berkurang, terutama bagi yang tinggal jauh dari pusat pemerintahan.",
        "Standar waktu layanan menjadi jelas dan dapat ditagih oleh warga.",
        "Pengaduan tercatat dan tindak lanjutnya dapat ditelusuri.",
        "Kelompok rentan mendapat perhatian lebih awal.",
    ],
    "tata-kelola": [
        "Pimpinan dapat memantau capaian kinerja tanpa menunggu laporan bulanan.",
        "Proses administrasi lebih tertib dan mudah diperiksa auditor.",
        "Penggunaan kertas dan biaya cetak berkurang.",
        "Koordinasi lintas perangkat daerah menjadi lebih cepat.",
        "Keputusan anggaran dapat didasarkan pada data yang sama.",
    ],
    "lainnya": [
        "Partisipasi masyarakat dalam program pemerintah daerah meningkat.",
        "Potensi lokal {short} lebih dikenal di luar daerah.",
        "Program pemerintah lebih tepat sasaran.",
        "Kemitraan dengan dunia usaha dan komunitas terbuka lebih lebar.",
        "Pengetahuan warga bertambah melalui pendampingan langsung.",
    ],
}
DIGITAL_BENEFITS = ["Informasi layanan tersedia 24 jam melalui ponsel.", "Data tersimpan rapi dan tidak mudah hilang."]
RESULT_HEAD = ["Hasil", "Hasil dan Dampak", "Capaian"]
STAGE_LINE = {
    "penerapan": [
        "{acr} diuji coba sejak {trial} dan diterapkan penuh mulai {launch}.",
        "Setelah masa uji coba yang dimulai {trial}, inovasi ini resmi diterapkan pada {launch}.",
        "Penerapan penuh berlaku sejak {launch}, menyusul uji coba pada {trial}.",
    ],
    "uji-coba": [
        "Uji coba dimulai {trial} di lokasi terbatas; hasil evaluasinya menentukan apakah {acr} diterapkan penuh.",
        "Sejak {trial} {acr} masih diuji coba, dan catatan lapangan dikumpulkan setiap bulan.",
    ],
    "inisiatif": [
        "Saat ini {acr} masih berupa inisiatif yang sedang dimatangkan bersama {agency}.",
        "{acr} masih berada pada tahap inisiatif: rancangan dan kebutuhan anggarannya sedang dibahas.",
    ],
}
PLAN = [
    "{agency} berencana memperluas cakupan {acr} ke seluruh kecamatan pada tahun berikutnya dan melatih petugas baru di setiap lokasi.",
    "Langkah berikutnya adalah mengintegrasikan {acr} dengan portal Satu Data daerah, agar datanya dapat dipakai perangkat daerah lain.",
    "Agar berkelanjutan setelah pergantian pimpinan, {agency} sedang menyiapkan dasar hukum yang lebih kuat dan memasukkan kegiatannya ke dalam rencana strategis.",
    "Beberapa daerah tetangga telah menyatakan minat; {agency} menyiapkan paket replikasi berisi SOP, formulir, dan materi pelatihan.",
    "Evaluasi berikutnya akan melibatkan perguruan tinggi, sehingga dampak {acr} dapat diukur secara lebih objektif.",
]
DATA_NOTE = ["Angka di atas berasal dari rekap {agency} (ilustratif).",
             "Sumber: laporan tahunan {agency}; angka bersifat ilustratif.",
             "Data diolah dari register layanan {agency} (contoh ilustratif)."]


def pick(options, key, salt):
    return options[zlib.crc32(f"{key}/{salt}".encode("utf-8")) % len(options)]


def month_year(date):
    if not date:
        return ""
    year, month = date.split("-")[:2]
    return f"{MONTHS[int(month) - 1]} {year}"


def thousands(value):
    return f"{int(value):,}".replace(",", ".")


def compose(region, inn):
    """The Markdown body of one innovation."""
    key = f"{region['slug']}/{inn['slug']}"
    v = {"acr": inn["acronym"], "agency": inn["agency"], "short": region["short"],
         "trial": month_year(inn["trial"]), "launch": month_year(inn["launch"])}
    v["init"] = pick(INITIATOR[inn["initiator"]], key, "init")

    def fmt(text):
        return text.format(**v)

    parts = [f"## {pick(BG_HEAD, key, 'bg')}", "", inn["masalah"] + " " + fmt(pick(ORIGIN, key, "origin")), ""]
    parts += [f"## {pick(GOAL_HEAD, key, 'goal')}", "", inn["tujuan"], ""]
    parts += [f"## {fmt(pick(DESIGN_HEAD, key, 'design'))}", "", fmt(pick(DESIGN_INTRO, key, 'intro')), ""]
    numbered = zlib.crc32(key.encode()) % 3 == 0
    parts += [f"{i}. {s}" if numbered else f"- {s}" for i, s in enumerate(inn["steps"], start=1)]
    note = DIGITAL_NOTE if inn["digital"] else MANUAL_NOTE
    parts += ["", fmt(pick(note, key, "note")), ""]
    parts += benefit(inn, key, fmt)
    parts += result(region, inn, key, fmt)
    text = "\n".join(parts).rstrip() + "\n"
    if words(text) < 190:
        text += "\n## Rencana Pengembangan\n\n" + fmt(pick(PLAN, key, "plan")) + "\n"
    count = words(text)
    if not 150 <= count <= 400:
        raise SystemExit(f"{key}: body has {count} words, outside 150-400")
    return text


def benefit(inn, key, fmt):
    form = inn["form"]
    pool = list(BENEFITS[form]) + (DIGITAL_BENEFITS if inn["digital"] else [])
    start = zlib.crc32(f"{key}/benefit".encode()) % len(pool)
    want = 2 if inn.get("manfaat") else 3
    chosen = [pool[(start + i * 2) % len(pool)] for i in range(want)]
    items = ([inn["manfaat"]] if inn.get("manfaat") else []) + [fmt(c) for c in chosen]
    return [f"## {pick(BENEFIT_HEAD[form], key, 'bhead')}", ""] + [f"- {item}" for item in items] + [""]


def result(region, inn, key, fmt):
    lines = [f"## {pick(RESULT_HEAD, key, 'rhead')}", ""]
    stage = fmt(pick(STAGE_LINE[inn["stage"]], key, "stage"))
    lines += [stage + " " + inn["hasil"], ""]
    if inn.get("numbers"):
        label, pairs = inn["numbers"]
        lines += [f"| Tahun | {label[:1].upper() + label[1:]} |", "| --- | ---: |"]
        lines += [f"| {year} | {thousands(value)} |" for year, value in pairs]
        lines += ["", fmt(pick(DATA_NOTE, key, "data")), ""]
    if inn.get("tautan") or (inn["digital"] and zlib.crc32(f"{key}/link".encode()) % 3 == 0):
        url = f"https://{inn['slug']}.{region['domain']}/"
        lines += [f"Informasi lebih lanjut tersedia di [laman {inn['acronym']}]({url}) (alamat contoh).", ""]
    return lines


def words(text):
    return sum(1 for w in text.split() if any(c.isalnum() for c in w))
