"""Reads one region's text file under tools/demo/data/ into plain dicts.

The format is made for writing prose comfortably: `key: value` lines for the region,
a `profil:` block, then one block per innovation starting with
`== slug | ACRONYM | expansion`. Unknown keys and missing fields stop the generator
with the file and line, so a typo never produces silent defaults.
"""

import os

REGION_KEYS = {"name", "short", "kind", "clusters", "domain", "history", "target", "spd", "quality",
               "gaps", "spd-gaps", "empty"}
INNOVATION_KEYS = {"tahap", "urusan", "opd", "tanggal", "tag", "masalah", "tujuan", "langkah", "manfaat",
                   "hasil", "angka", "tautan"}
REQUIRED = {"tahap", "urusan", "opd", "tanggal", "tag", "masalah", "tujuan", "langkah", "hasil"}


def fail(path, line_no, message):
    raise SystemExit(f"{path}:{line_no}: {message}")


def split_list(text, sep=","):
    return [part.strip() for part in text.split(sep) if part.strip()]


def read_region(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    region = {"slug": os.path.basename(path)[:-4], "innovations": [], "clusters": [], "empty": None}
    raw, profile, current, mode = {}, [], None, "head"
    for no, line in enumerate(lines, start=1):
        if line.startswith("#") or (not line.strip() and mode != "profil"):
            continue
        if line.startswith("== "):
            mode = "innovation"
            parts = [p.strip() for p in line[3:].split("|")]
            if len(parts) != 3:
                fail(path, no, "expected `== slug | ACRONYM | expansion`")
            current = {"slug": parts[0], "acronym": parts[1], "expansion": parts[2], "_line": no}
            region["innovations"].append(current)
            continue
        if mode == "profil":
            profile.append(line)
            continue
        key, sep, value = line.partition(":")
        if not sep:
            fail(path, no, "expected `key: value`")
        key, value = key.strip(), value.strip()
        if mode == "head" and key == "profil":
            mode = "profil"
        elif mode == "head":
            if key not in REGION_KEYS:
                fail(path, no, f"unknown region key `{key}`")
            raw[key] = value
        else:
            if key not in INNOVATION_KEYS:
                fail(path, no, f"unknown innovation key `{key}`")
            current[key] = value
    region["profile"] = "\n".join(profile).strip() + "\n"
    head(region, raw, path)
    for inn in region["innovations"]:
        innovation(inn, path)
    return region


def head(region, raw, path):
    for key in ("name", "short", "kind", "domain", "history", "target", "spd", "quality", "gaps"):
        if key not in raw:
            fail(path, 1, f"missing region key `{key}`")
    region.update(name=raw["name"], short=raw["short"], kind=raw["kind"], domain=raw["domain"])
    region["clusters"] = split_list(raw.get("clusters", ""))
    region["history"] = [(int(y), float(v)) for y, v in (p.split("=") for p in split_list(raw["history"]))]
    target = raw["target"].split()
    region["target"], region["exact"] = float(target[0]), target[1:] == ["exact"]
    region["spd"], region["quality"] = float(raw["spd"]), float(raw["quality"])
    region["gaps"] = {"innovation": int(raw["gaps"]),
                      "spd": [tuple(p.split("=")) for p in split_list(raw.get("spd-gaps", ""))]}
    if raw.get("empty"):
        region["empty"] = tuple(raw["empty"].split("/"))


def innovation(inn, path):
    missing = REQUIRED - inn.keys()
    if missing:
        fail(path, inn["_line"], f"{inn['slug']}: missing {sorted(missing)}")
    stage, form, digital, initiator = split_list(inn["tahap"], "|")
    if digital not in ("digital", "non-digital"):
        fail(path, inn["_line"], f"{inn['slug']}: `{digital}` is neither digital nor non-digital")
    inn.update(stage=stage, form=form, digital=digital == "digital", initiator=initiator)
    inn["title"] = f"{inn['acronym']} — {inn['expansion']}" if inn["expansion"] else inn["acronym"]
    inn["affairs"] = split_list(inn["urusan"])
    inn["agency"] = inn["opd"]
    dates = [d for d in split_list(inn["tanggal"]) if d != "-"]
    inn["trial"] = dates[0] if dates else None
    inn["launch"] = dates[1] if len(dates) > 1 else None
    inn["tags"] = split_list(inn["tag"])
    inn["steps"] = split_list(inn["langkah"], ";")
    if "angka" in inn:
        label, _, pairs = inn["angka"].partition("|")
        inn["numbers"] = (label.strip(), [tuple(p.split("=")) for p in split_list(pairs)])
