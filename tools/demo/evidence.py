"""Evidence ("data dukung") of the demo: which document backs which answer.

Takes a region or innovation and an answered indicator; gives evidence items
(kind, path or URL, title). Region-wide documents (the regional head's regulation and
decree on innovation, the RKPD, BPS and audit reports) are shared, as in real portfolios;
each innovation has one PDF and one image of its own, and some answers cite URLs on the
region's placeholder domain. `evidence_bytes` draws the placeholder file itself.
"""

import os
import zlib

import assets


class Files:
    """The evidence files of one region: path -> the titles each file stands for."""

    def __init__(self):
        self.covers = {}

    def cite(self, path, title):
        self.covers.setdefault(path, [])
        if title not in self.covers[path]:
            self.covers[path].append(title)
        return path


def crc(text):
    return zlib.crc32(text.encode("utf-8"))


def region_heads(region):
    kind = region["kind"]
    short = region["short"]
    if kind == "provinsi":
        return f"Gubernur {short}", f"Peraturan Gubernur {short}", "Keputusan Gubernur"
    if kind == "kota":
        return f"Wali Kota {short}", f"Peraturan Wali Kota {short}", "Keputusan Wali Kota"
    return f"Bupati {short}", f"Peraturan Bupati {short}", "Keputusan Bupati"


def region_docs(region):
    """Titles and paths of the region-wide documents innovations and SPD answers cite."""
    head, perkada, kep = region_heads(region)
    n = 10 + crc(region["slug"]) % 40
    return {
        "perkada": ("evidence/perkada-inovasi-daerah.pdf", f"{perkada} Nomor {n} Tahun 2021 tentang Inovasi Daerah"),
        "sk": ("evidence/sk-penetapan-inovasi-2023.pdf",
               f"{kep} {region['short']} tentang Penetapan Inovasi Daerah Tahun 2023 (beserta lampiran)"),
        "rkpd": ("evidence/rkpd-2023.pdf", f"RKPD {region['name']} Tahun 2023"),
    }


def spd_evidence(region, ind_id, level):
    d = region["domain"]
    docs = region_docs(region)
    head, perkada, _ = region_heads(region)
    y = "2022"
    table = {
        "visi-misi": ("file", "evidence/rpjmd-visi-misi.pdf", f"RPJMD {region['name']}, bab visi dan misi"),
        "apbd-tepat-waktu": ("url", f"https://jdih.{d}/produk-hukum/perda-apbd", "Perda APBD tiga tahun terakhir (JDIH)"),
        "mandatory-spending": ("file", "evidence/apbd-belanja-wajib-2023.pdf", "Rincian belanja wajib APBD 2023"),
        "kualitas-perizinan": ("url", f"https://dpmptsp.{d}/statistik/perizinan-2021-2022",
                               "Rekap perizinan terbit 2021–2022 (DPMPTSP)"),
        "peningkatan-investasi": ("url", f"https://dpmptsp.{d}/statistik/realisasi-investasi",
                                  "Realisasi investasi PMA/PMDN 2021–2022"),
        "peningkatan-pad": ("file", "evidence/data-makro-2022.pdf", "Laporan realisasi PAD 2021–2022"),
        "opini-bpk": ("file", "evidence/lhp-bpk-2022.pdf", f"LHP BPK atas LKPD {region['name']} Tahun {y}"),
        "nilai-lakip": ("url", f"https://{d}/sakip/hasil-evaluasi-{y}", f"Hasil evaluasi SAKIP {y}"),
        "penghargaan-inovator": ("file", "evidence/piagam-inovator-2022.jpg", "Piagam penghargaan inovator daerah 2022"),
        "rekomendasi-kebijakan": ("file", "evidence/kajian-kebijakan-2022.pdf", "Rekomendasi kebijakan hasil kajian 2022"),
        "indeks-kualitas-kebijakan": ("url", f"https://{d}/ikk/hasil-penilaian-{y}", f"Hasil penilaian Indeks Kualitas Kebijakan {y}"),
        "ripj-pid": ("file", "evidence/kajian-kebijakan-2022.pdf", "Dokumen RIPJ PID"),
        "fasilitasi-hki": ("file", "evidence/kajian-kebijakan-2022.pdf", "Laporan fasilitasi HKI inovasi daerah"),
    }
    bps = ("file", "evidence/data-makro-2022.pdf", "Data BPS: indikator makro 2021–2022")
    kind, target, title = table.get(ind_id, bps)
    if ind_id == "penghargaan-inovator" and level == 3:
        return [(kind, target, title), ("file", docs["perkada"][0], docs["perkada"][1] + ", bab pembudayaan inovasi")]
    return [(kind, target, title)]


def inn_evidence(region, inn, ind_id, level):
    """Evidence items (kind, path-or-url, title) for an innovation's answer."""
    d, acr, slug = region["domain"], inn["acronym"], inn["slug"]
    docs = region_docs(region)
    pdf, img = inn["pdf"], inn["img"]
    agency = inn["agency"]
    if ind_id == "regulasi-inovasi-daerah":
        if level == 3:
            return [("file", docs["perkada"][0], docs["perkada"][1])]
        if level == 2:
            return [("file", docs["sk"][0], docs["sk"][1])]
        return [("file", pdf, f"SK Kepala {agency} tentang Penetapan Inovasi {acr}")]
    if ind_id == "program-dalam-rkpd":
        items = [("file", docs["rkpd"][0], docs["rkpd"][1] + f", program {agency}")]
        if level == 3:
            items.append(("url", f"https://bappeda.{d}/rkpd/2022", "RKPD Tahun 2022"))
        return items
    if ind_id == "pelaksana-inovasi" and level == 3:
        return [("file", docs["sk"][0], docs["sk"][1])]
    if ind_id == "dukungan-anggaran":
        span = {1: "2023", 2: "2022", 3: "2021–2023"}[level]
        return [("url", f"https://{d}/dpa/{span[:4]}/{slugify(agency)}", f"DPA {agency} Tahun Anggaran {span}")]
    if ind_id == "sosialisasi-inovasi" and level == 3:
        return [("url", f"https://{d}/berita/{slug}", f"Pemberitaan media tentang {acr}")]
    if ind_id == "pedoman-teknis" and level == 3:
        return [("url", f"https://{d}/panduan/{slug}", f"Panduan daring {acr}")]
    if ind_id == "online-sistem" and level == 3:
        return [("url", f"https://{slug}.{d}/", f"Aplikasi web {acr}"),
                ("file", img, f"Tangkapan layar aplikasi seluler {acr}")]
    if ind_id == "kualitas-inovasi-video":
        return [("url", f"https://{d}/video/{slug}", f"Video penerapan {acr} (maks. 5 menit)")]
    files = {
        "ketersediaan-sdm": (pdf, f"SK Tim Pelaksana {acr} Tahun 2023"),
        "bimtek-inovasi": (pdf, f"Undangan dan daftar hadir bimtek {acr}"),
        "keterlibatan-aktor": (pdf, f"Undangan rapat koordinasi para pihak {acr}"),
        "pelaksana-inovasi": (pdf, f"SK Kepala {agency} tentang Pelaksana {acr}"),
        "jejaring-inovasi": (pdf, f"Surat tugas tim lintas perangkat daerah {acr}"),
        "sosialisasi-inovasi": (img, f"Foto sosialisasi {acr}" if level == 1 else f"Unggahan media sosial tentang {acr}"),
        "pedoman-teknis": (pdf, f"Buku panduan {acr}"),
        "kemudahan-informasi-layanan": (img, f"Kanal informasi layanan {acr}"),
        "kemudahan-proses": (pdf, f"SOP layanan {acr}"),
        "penyelesaian-pengaduan": (img, f"Rekap penyelesaian pengaduan {acr} 2023"),
        "kecepatan-penciptaan": (pdf, f"Proposal dan tahapan penciptaan {acr}"),
        "penggunaan-it": (img, f"Foto penggunaan {acr}" if level < 3 else f"Tangkapan layar sistem {acr}"),
        "online-sistem": (img, f"Tangkapan layar {'laman' if level == 1 else 'aplikasi web'} {acr}"),
        "replikasi": (pdf, f"Surat pernyataan replikasi {acr} dari {inn['replicator']}"),
        "kemanfaatan-inovasi": (pdf, f"Daftar penerima manfaat {acr}"),
        "monitoring-evaluasi": (pdf, {1: "Laporan monev internal", 2: "Laporan survei kepuasan masyarakat",
                                      3: "Laporan kajian eksternal"}[level] + f" {acr}"),
    }
    path, title = files[ind_id]
    return [("file", path, title)]


def slugify(text):
    out, dash = [], False
    for ch in text.lower():
        if ch.isascii() and ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


COLORS = [((38, 92, 140), (20, 52, 86)), ((46, 125, 90), (24, 72, 50)), ((150, 96, 40), (92, 56, 20)),
          ((120, 60, 120), (70, 32, 72)), ((60, 60, 60), (30, 30, 30)), ((170, 70, 60), (100, 38, 30))]


def evidence_bytes(region, path, titles):
    seed = crc(region["slug"] + path)
    if path.endswith(".pdf"):
        name = os.path.basename(path)[:-4].replace("-", " ")
        heading = titles[0] if len(titles) == 1 else f"Berkas data dukung: {name}"
        lines = [region["name"], ""] + (["Memuat:"] + [f"- {t}" for t in titles] if len(titles) > 1 else [])
        return assets.pdf(heading, lines[:28])
    if path.endswith(".png"):
        bg, accent = COLORS[seed % len(COLORS)]
        return assets.png(bg, accent)
    return assets.jpeg(assets.photo_blocks(seed % 97))
