#!/usr/bin/env python3
"""Generates the bundled demo portfolio: site.yaml and content/ (Kalimantan Selatan).

Takes the region and innovation texts in tools/demo/data/*.txt and the embedded
methodology (src/methodology/iid-2023.yaml); writes site.yaml and content/ beside it
(content/ is replaced as a whole). Deterministic: the same inputs give byte-identical
output (seeded `random.Random`, CRC-based choices, no clock).

Every answer is illustrative. Indicator levels are drawn per region and then
calibrated with an independent implementation of the methodology's formula, so that
the regions with a published 2023 index (Kabupaten Banjar 57.64, Kota Banjarmasin
60.72) compute exactly that value, and the others land on their planned predicate.
Deliberate gaps (missing and unverified answers, one empty evidence file) are part of
the plan; they show as warnings, never errors.

Usage: python3 tools/demo/generate.py [--root DIR] [--check]
  --check  only compare what would be written with what is on disk (exit 1 if different)
Needs Python 3.8+ and PyYAML (to read the methodology).
"""

import argparse
import filecmp
import json
import math
import os
import random
import shutil
import sys
import tempfile

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # keep tools/demo free of __pycache__

import bodies  # noqa: E402
import datafile  # noqa: E402
from evidence import Files, crc, evidence_bytes, inn_evidence, spd_evidence  # noqa: E402

REGION_ORDER = [
    "kalimantan-selatan", "kabupaten-balangan", "kabupaten-banjar", "kabupaten-barito-kuala",
    "kabupaten-hulu-sungai-selatan", "kabupaten-hulu-sungai-tengah", "kabupaten-hulu-sungai-utara",
    "kabupaten-kotabaru", "kabupaten-tabalong", "kabupaten-tanah-bumbu", "kabupaten-tanah-laut",
    "kabupaten-tapin", "kota-banjarbaru", "kota-banjarmasin",
]


# ---------------------------------------------------------------- methodology

class Methodology:
    """The parts of the methodology the generator needs, read from its YAML."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        self.region, self.innovation = [], []
        for aspect in doc["aspects"]:
            target = self.region if aspect["level"] == "region" else self.innovation
            for var in aspect["variables"]:
                for ind in var["indicators"]:
                    target.append({
                        "id": ind["id"],
                        "scores": [o["score"] for o in ind["options"]],
                        "options": [o["id"] for o in ind["options"]],
                        "evidence_min": ind.get("evidence_min", 1),
                    })
        self.by_id = {i["id"]: i for i in self.region + self.innovation}
        self.predicates = doc["predicates"]
        self.counted_stages = set(doc.get("counted_stages", ["inisiatif", "uji-coba", "penerapan"]))
        self.divisor_min = doc.get("innovation_divisor_min", 1)
        count = doc.get("innovation_count") or {}
        self.per_innovation = count.get("per_innovation", 0)
        self.cap = count.get("cap", 0)
        self.basic_min = count.get("basic_services_min", 0)
        self.basic = set(doc.get("basic_services", []))
        self.affairs = {a["id"] for a in doc["affairs"]}
        self.max_total = (sum(max(i["scores"]) for i in self.region + self.innovation)
                          + self.cap * self.per_innovation)

    def points(self, ind_id, answer):
        """Points of an answer: its option's score when verified, else 0."""
        if answer is None or answer["state"] != "ok":
            return 0
        return self.by_id[ind_id]["scores"][answer["level"] - 1]


def round2(x):
    """Half away from zero to 2 decimals, as (x * 100).round() / 100 in Rust."""
    v = x * 100.0
    return math.floor(v + 0.5) / 100.0 if v >= 0 else -math.floor(-v + 0.5) / 100.0


def predicate(m, iid):
    return next(p["label"] for p in m.predicates if iid >= p["min"])


# ---------------------------------------------------------------- scoring (independent)

def spd_of(m, region):
    return sum(m.points(i["id"], region["answers"].get(i["id"])) for i in m.region)


def innovation_score(m, inn):
    return sum(m.points(i["id"], inn["answers"].get(i["id"])) for i in m.innovation)


def counted(m, region):
    """The innovations that count in n, SID and basic-service coverage."""
    return [inn for inn in region["innovations"] if inn["stage"] in m.counted_stages]


def count_score(m, region):
    n = len(counted(m, region))
    covered = m.basic & {a for inn in counted(m, region) for a in inn["affairs"]}
    return min(n, m.cap) * m.per_innovation if len(covered) >= m.basic_min else 0.0


def iid_of(m, spd, inn_sum, n, count):
    total = spd + inn_sum / max(m.divisor_min, n) + count
    return round2(total / m.max_total * 100.0)


# ---------------------------------------------------------------- answers and calibration

# Indicators an innovation may leave missing or unsupported on purpose (the gaps).
MISSING_POOL = ["replikasi", "kualitas-inovasi-video", "monitoring-evaluasi", "penyelesaian-pengaduan",
                "kecepatan-penciptaan", "online-sistem"]
UNVERIFIED_POOL = ["bimtek-inovasi", "keterlibatan-aktor", "jejaring-inovasi", "dukungan-anggaran",
                   "kemanfaatan-inovasi", "sosialisasi-inovasi", "pedoman-teknis", "kemudahan-proses",
                   "ketersediaan-sdm"]


def level_bounds(inn, ind_id):
    """(lowest, highest) believable level of an indicator for this innovation."""
    lo, hi = 1, 3
    if not inn["digital"]:
        if ind_id in ("penggunaan-it", "kemudahan-informasi-layanan"):
            hi = 2
        if ind_id == "online-sistem":
            hi = 1
    elif ind_id in ("penggunaan-it", "online-sistem"):
        lo = 2
    if inn["stage"] == "inisiatif" and ind_id in ("kemanfaatan-inovasi", "monitoring-evaluasi",
                                                  "dukungan-anggaran", "program-dalam-rkpd", "replikasi"):
        hi = 1
    if inn["stage"] == "uji-coba" and ind_id in ("replikasi", "kemanfaatan-inovasi"):
        hi = min(hi, 2)
    return lo, hi


def draw_level(rng, quality, lo, hi):
    level = 1 + (rng.random() < quality) + (rng.random() < quality * 0.9)
    return max(lo, min(hi, level))


def draw_answers(m, region, rng):
    q = region["quality"]
    for ind in m.region:
        region["answers"][ind["id"]] = {"level": draw_level(rng, q, 1, 3), "state": "ok"}
    region["answers"]["opini-bpk"]["level"] = 3  # every region here has had WTP opinions
    for inn in region["innovations"]:
        stage_q = {"penerapan": q, "uji-coba": q * 0.8, "inisiatif": q * 0.6}[inn["stage"]]
        for ind in m.innovation:
            lo, hi = level_bounds(inn, ind["id"])
            inn["answers"][ind["id"]] = {"level": draw_level(rng, stage_q, lo, hi), "state": "ok"}


def place_gaps(m, region, rng):
    """Marks the planned number of innovation answers missing or unverified."""
    plan = region["gaps"]
    for ind_id, state in plan["spd"]:
        region["answers"][ind_id]["state"] = state
    inns = region["innovations"]
    for inn in inns:
        if inn["stage"] == "inisiatif":  # nothing to replicate yet
            inn["answers"]["replikasi"]["state"] = "missing"
    forced = sum(1 for inn in inns if inn["stage"] == "inisiatif")
    wanted = max(0, plan["innovation"] - forced)
    weights = {"penerapan": 1, "uji-coba": 3, "inisiatif": 4}
    pool = [inn for inn in inns for _ in range(weights[inn["stage"]])]
    placed, tries = 0, 0
    while placed < wanted and tries < 10000:
        tries += 1
        inn = rng.choice(pool)
        gaps = sum(1 for a in inn["answers"].values() if a["state"] != "ok")
        if gaps >= 3:
            continue
        missing = rng.random() < 0.5
        ind_id = rng.choice(MISSING_POOL if missing else UNVERIFIED_POOL)
        answer = inn["answers"][ind_id]
        if answer["state"] != "ok":
            continue
        answer["state"] = "missing" if missing else "unverified"
        placed += 1
    if placed < wanted:
        raise SystemExit(f"{region['slug']}: could only place {placed} of {wanted} gaps")


def adjust(items, weight_of, remaining):
    """Moves levels one step at a time, within their bounds, until `remaining` points
    are gained (or lost); returns what could not be moved."""
    progress = True
    while abs(remaining) > 1e-9 and progress:
        progress = False
        for answer, ind_id, (lo, hi) in items:
            w = weight_of(ind_id)
            if remaining > 0 and answer["level"] < hi and w <= remaining + 1e-9:
                answer["level"] += 1
                remaining -= w
                progress = True
            elif remaining < 0 and answer["level"] > lo and w <= -remaining + 1e-9:
                answer["level"] -= 1
                remaining += w
                progress = True
            if abs(remaining) < 1e-9:
                return 0
    return remaining


def step(m, ind_id):
    return m.by_id[ind_id]["scores"][0]  # bobot: the distance between two levels


def calibrate_spd(m, region, rng, target):
    items = [(a, k, (3, 3) if k == "opini-bpk" else (1, 3))
             for k, a in region["answers"].items() if a["state"] == "ok"]
    rng.shuffle(items)
    adjust(items, lambda k: step(m, k), round((target - spd_of(m, region)) * 4) / 4)


def wanted_sum(m, region, spd, exact):
    """The innovation-score sum that gives the region's target IID (None if none does)."""
    n = len(counted(m, region))
    d = max(m.divisor_min, n)
    count = count_score(m, region)
    guess = round((region["target"] * m.max_total / 100.0 - spd - count) * d)
    candidates = sorted(range(guess - 3, guess + 4), key=lambda s: abs(s - guess))
    for s in candidates:
        if not exact or iid_of(m, spd, s, n, count) == region["target"]:
            return s
    return None


def calibrate(m, region, rng):
    spd_target = region["spd"]
    for delta in [0, 0.25, -0.25, 0.5, -0.5, 0.75, -0.75, 1.0, -1.0]:
        calibrate_spd(m, region, rng, spd_target + delta)
        spd = spd_of(m, region)
        s = wanted_sum(m, region, spd, region["exact"])
        if s is not None:
            break
    else:
        raise SystemExit(f"{region['slug']}: no answer set reaches IID {region['target']}")
    items = [(inn["answers"][ind["id"]], ind["id"], level_bounds(inn, ind["id"]))
             for inn in counted(m, region) for ind in m.innovation
             if inn["answers"][ind["id"]]["state"] == "ok"]
    rng.shuffle(items)
    current = sum(innovation_score(m, inn) for inn in counted(m, region))
    left = adjust(items, lambda k: step(m, k), s - current)
    if left:
        raise SystemExit(f"{region['slug']}: innovation scores miss their target by {left}")


# ---------------------------------------------------------------- YAML writing

def q(text):
    return json.dumps(text, ensure_ascii=False)


def indicators_yaml(answers, order, evidence_of, files, empty_file):
    lines = ["indicators:"]
    for ind in order:
        a = answers.get(ind["id"])
        if a is None or a["state"] == "missing":
            continue
        lines.append(f"  {ind['id']}:")
        lines.append(f"    option: {ind['options'][a['level'] - 1]}")
        if a["state"] == "unverified":
            continue
        items = evidence_of(ind["id"], a["level"])
        if a["state"] == "empty":
            items = [("file", empty_file[0], empty_file[1])]
        lines.append("    evidence:")
        for kind, target, title in items:
            if kind == "file":
                files.cite(target, title)
            lines.append(f"      - title: {q(title)}")
            lines.append(f"        {kind}: {target}")
    return lines


def region_file(m, region, files):
    lines = ["---", f"name: {q(region['name'])}", f"kind: {region['kind']}"]
    if region["kind"] != "provinsi":
        lines.append("province: kalimantan-selatan")
    if region["clusters"]:
        lines.append(f"clusters: [{', '.join(region['clusters'])}]")
    lines.append("history:")
    for year, value in region["history"]:
        lines.append(f"  {year}: {value:.2f}")
    lines += indicators_yaml(region["answers"], m.region,
                             lambda k, lvl: spd_evidence(region, k, lvl), files, None)
    lines.append("---")
    return "\n".join(lines) + "\n" + region["profile"].strip() + "\n"


def innovation_file(m, region, inn, files):
    lines = ["---", f"title: {q(inn['title'])}", f"stage: {inn['stage']}", f"form: {inn['form']}",
             f"digital: {'true' if inn['digital'] else 'false'}", f"initiator: {inn['initiator']}",
             f"affairs: [{', '.join(inn['affairs'])}]", f"agency: {q(inn['agency'])}"]
    if inn["trial"]:
        lines.append(f"trial_date: {inn['trial']}")
    if inn["launch"]:
        lines.append(f"launch_date: {inn['launch']}")
    lines.append(f"tags: [{', '.join(inn['tags'])}]")
    lines += indicators_yaml(inn["answers"], m.innovation,
                             lambda k, lvl: inn_evidence(region, inn, k, lvl), files, inn.get("empty_file"))
    lines.append("---")
    return "\n".join(lines) + "\n" + bodies.compose(region, inn) + "\n"


# ---------------------------------------------------------------- assembly

def prepare(m, region):
    rng = random.Random(crc(region["slug"]))
    others = [name for name in REGION_NAMES[1:] + NEIGHBOURS if name != region["name"]]
    for inn in region["innovations"]:
        inn["answers"] = {}
        inn["pdf"] = f"evidence/{inn['slug']}-data-dukung.pdf"
        inn["img"] = f"evidence/{inn['slug']}-" + ("tangkapan-layar.png" if inn["digital"] else "foto-kegiatan.jpg")
        inn["replicator"] = others[crc(inn["slug"]) % len(others)]
        unknown = [a for a in inn["affairs"] if a not in m.affairs]
        if unknown:
            raise SystemExit(f"{region['slug']}/{inn['slug']}: unknown affairs {unknown}")
    region["answers"] = {}
    draw_answers(m, region, rng)
    place_gaps(m, region, rng)
    if region.get("empty"):
        slug, ind_id = region["empty"]
        inn = next(i for i in region["innovations"] if i["slug"] == slug)
        inn["answers"][ind_id]["state"] = "empty"
        inn["empty_file"] = (f"evidence/{slug}-dokumentasi-kosong.jpg", f"Dokumentasi {inn['acronym']} (berkas belum terisi)")
    calibrate(m, region, rng)


def write_region(m, region, out_dir):
    files = Files()
    base = os.path.join(out_dir, "content", region["slug"])
    os.makedirs(base, exist_ok=True)
    texts = {"_index.md": region_file(m, region, files)}
    for inn in region["innovations"]:
        texts[inn["slug"] + ".md"] = innovation_file(m, region, inn, files)
    for name, text in texts.items():
        with open(os.path.join(base, name), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    for path, titles in sorted(files.covers.items()):
        full = os.path.join(base, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        data = b"" if "dokumentasi-kosong" in path else evidence_bytes(region, path, titles)
        with open(full, "wb") as f:
            f.write(data)


SITE_YAML = """\
# The bundled demo portfolio. Generated by tools/demo/generate.py; edit the data there.
title: Portal Inovasi Daerah Kalimantan Selatan
description:
  id: >-
    Portofolio inovasi Provinsi Kalimantan Selatan dan 13 kabupaten/kota: profil inovasi,
    data dukung, dan Indeks Inovasi Daerah yang dihitung ulang dari jawaban indikator.
  en: >-
    The innovation portfolio of South Kalimantan province and its 13 regencies and cities:
    innovation profiles, evidence, and the Regional Innovation Index recomputed from the
    indicator answers.
base_url: https://inovasi-kalsel.example.go.id/
language: id
languages: [id, en]
year: 2023
methodology: iid-2023
theme: default
notice:
  id: >-
    Bukan data resmi. Jawaban indikator, data dukung, profil inovasi, dan nilai IID
    tahun-tahun sebelumnya di portal ini adalah contoh ilustratif untuk memperagakan
    lumbung; semua dokumen adalah tiruan. Hanya nilai IID yang pernah diberitakan media
    (Kabupaten Banjar 52,53 pada 2022 dan 57,64 pada 2023; Kota Banjarmasin 60,72 pada 2023)
    mengikuti pemberitaan.
  en: >-
    Not official figures. The indicator answers, evidence documents, innovation profiles and
    earlier years' IID values on this portal are illustrative examples that demonstrate
    lumbung; every document is a mock-up. Only the IID values reported in the news (Banjar
    Regency 52.53 in 2022 and 57.64 in 2023; Banjarmasin City 60.72 in 2023) follow those
    reports.
"""

REGION_NAMES = []
# Regions outside the portfolio that "replicated" an innovation, beside those inside.
NEIGHBOURS = ["Kabupaten Kapuas", "Kota Palangka Raya", "Kabupaten Barito Timur", "Kabupaten Paser",
              "Kota Balikpapan", "Kabupaten Barito Selatan"]


def build(root, out_dir):
    m = Methodology(os.path.join(root, "src", "methodology", "iid-2023.yaml"))
    regions = [datafile.read_region(os.path.join(HERE, "data", slug + ".txt")) for slug in REGION_ORDER]
    REGION_NAMES[:] = [r["name"] for r in regions]
    os.makedirs(os.path.join(out_dir, "content"), exist_ok=True)
    with open(os.path.join(out_dir, "site.yaml"), "w", encoding="utf-8", newline="\n") as f:
        f.write(SITE_YAML)
    report = []
    for region in regions:
        prepare(m, region)
        write_region(m, region, out_dir)
        report.append(summary(m, region))
    return report


def summary(m, region):
    inns, scored = region["innovations"], counted(m, region)
    spd = spd_of(m, region)
    iid = iid_of(m, spd, sum(innovation_score(m, i) for i in scored), len(scored), count_score(m, region))
    states = [a["state"] for a in region["answers"].values()]
    states += [a["state"] for i in inns for a in i["answers"].values()]
    gaps = (len(m.region) + len(m.innovation) * len(inns)) - sum(1 for s in states if s == "ok")
    return (region["name"], iid, predicate(m, iid), len(inns), round(spd, 2),
            sum(1 for s in states if s == "missing"), sum(1 for s in states if s in ("unverified", "empty")), gaps)


def same_tree(a, b):
    cmp = filecmp.dircmp(a, b)
    if cmp.left_only or cmp.right_only or cmp.diff_files or cmp.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, cmp.common_files, shallow=False)
    return not mismatch and not errors and all(same_tree(os.path.join(a, d), os.path.join(b, d)) for d in cmp.common_dirs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", default=os.path.abspath(os.path.join(HERE, "..", "..")))
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        report = build(args.root, tmp)
        for row in report:
            print("{:<32} IID {:6.2f}  {:<16} n={:<3} SPD {:6.2f}  missing {:<3} unverified {:<3}".format(*row[:7]))
        total = sum(r[3] for r in report)
        print(f"total innovations {total}, missing {sum(r[5] for r in report)}, unverified {sum(r[6] for r in report)}")
        target_content = os.path.join(args.root, "content")
        if args.check:
            ok = same_tree(os.path.join(tmp, "content"), target_content) and filecmp.cmp(
                os.path.join(tmp, "site.yaml"), os.path.join(args.root, "site.yaml"), shallow=False)
            print("content/ matches the generator" if ok else "content/ differs from the generator's output")
            sys.exit(0 if ok else 1)
        if os.path.isdir(target_content):
            shutil.rmtree(target_content)
        shutil.copytree(os.path.join(tmp, "content"), target_content)
        shutil.copyfile(os.path.join(tmp, "site.yaml"), os.path.join(args.root, "site.yaml"))


if __name__ == "__main__":
    main()
