#!/usr/bin/env python3
"""Build strive's built-in cohort CSVs from the raw public data files.

Run by hand, from the repository root::

    .venv/bin/python scripts/build_cohorts.py [RAW_DIR] [--out src/strive/data]
        [--only nasa|admissions|adult ...] [--check]

The NASA raw files ship in the repository
(``src/strive/data/nasa_astronauts_kaggle.csv`` and
``src/strive/data/nasa_classes_2004_2021.csv``; ``--nasa-raw`` and ``--nasa-facts``
to use other copies), so the NASA cohort rebuilds on any clone. The two
other raw files are read from ``RAW_DIR`` (default ``/work/shared/data``, see its
PROVENANCE.md). The script checks the md5 of every raw file it reads against the value
recorded in PROVENANCE.md, transforms it and writes the package data deterministically
(same input, same bytes: rows in source order, ``\\n`` line endings, gzip with mtime 0).
``--check`` builds into a temporary folder and compares with ``--out`` instead of
writing (exit 1 and the differing files if they differ). It writes:

``nasa_astronauts_kaggle.csv``
    the raw input itself, copied unchanged (byte for byte) when ``--out`` is elsewhere.
``nasa_classes_2004_2021.csv``
    the hand-compiled fact table of the 2004-2021 classes, copied the same way.
``nasa_astronauts_cohort.csv``
    one row per astronaut (357 Kaggle rows, the 2004 and 2009 ones merged with the
    fact table, plus 30 people of the 2013-2021 classes: 387) for the
    ``nasa-astronaut`` template; see :func:`nasa_row` and :func:`merge_recent`.
``graduate_admissions_cohort.csv``
    500 rows for ``graduate-admissions`` (labelled: ``selected`` = Chance of Admit
    >= 0.80, a threshold we chose on a self-estimated chance).
``adult_income_cohort.csv.gz``
    32,561 rows for ``adult-income`` (labelled: ``selected`` = income >50K).

Cohort CSV cells follow docs/templates.md: yes/no, numbers, level or category names,
empty for unknown.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import re
import shutil
import sys
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

RAW_DEFAULT = Path("/work/shared/data")
OUT_DEFAULT = Path(__file__).resolve().parents[1] / "src" / "strive" / "data"
NASA_RAW_DEFAULT = OUT_DEFAULT / "nasa_astronauts_kaggle.csv"
NASA_FACTS_DEFAULT = OUT_DEFAULT / "nasa_classes_2004_2021.csv"
COHORTS = ("nasa", "admissions", "adult")

RAW_MD5 = {
    "nasa_astronauts_kaggle.csv": "69db08291716913f642939a8c43d75e9",
    "Admission_Predict_Ver1.1.csv": "707a48f27cdd37eef9d2395654eb1381",
    "adult.data": "5d7c39d7b8804f071cdd1f2a7c460872",
    "nasa_classes_2004_2021.csv": "264ee6f67e97bc459717979b0033a0e3",
}

# --------------------------------------------------------------------------- NASA

NASA_COLUMNS = (
    "name",
    "year",
    "age",
    "degree_level",
    "degree_field",
    "military",
    "military_src",
    "pilot_certificate",
    "pilot_certificate_src",
    "pilot_certificate_conf",
    "scuba",
    "scuba_src",
    "scuba_conf",
    "languages",
    "languages_src",
    "languages_conf",
    "gender",
    "birthplace",
)

# Degree field keywords, matched case-insensitively as substrings of each part of a
# major (majors are split on ';'). Per part, the first matching rule wins, in this
# order: MEDICINE, then OTHER, then STEM. A major is "medicine" if any part is,
# otherwise "stem" if any part is, otherwise "other". A part that matches no keyword
# stops the script, so every classification is explicit.
MEDICINE_KEYWORDS = ("medicine",)
NOT_MEDICINE = ("veterinary medicine",)
"""A DVM is not an MD/DO (NASA's medical alternative); veterinary medicine is
classified as a life science (stem) instead."""
OTHER_KEYWORDS = (
    "administration",
    "management",
    "business",
    "finance",
    "law",
    "policy",
    "international relations",
    "strategic studies",
    "national security",
    "political science",
    "education",
    "literature",
)
"""Management, business, law, policy and humanities parts. 'Engineering Management'
and 'Systems Management' are counted here (management degrees), not as STEM."""
STEM_KEYWORDS = (
    "engineering",
    "physics",
    "chemistry",
    "mathematics",
    "computer",
    "astronomy",
    "astrophysics",
    "geology",
    "geophysics",
    "geoscience",
    "earth science",
    "planetary science",
    "physical science",
    "materials science",
    "environmental science",
    "applied science",
    "aerospace science",
    "aeronautical science",
    "engineering science",
    "naval science",
    "polymer science",
    "space science",
    "biology",
    "biochemistry",
    "bioengineering",
    "biometeorology",
    "microbial",
    "microbiology",
    "physiology",
    "epidemiology",
    "public health",
    "optometry",
    "veterinary medicine",
    "medical science",
    "health informatics",
    "meteorology",
    "oceanography",
    "seismology",
    "aeronautic",
    "astronautic",
    "aerospace",
    "aviation systems",
    "aeronautical systems",
    "space systems",
    "space operations",
    "space technology",
    "information systems",
    "computer systems",
    "operations research",
    "marine science",
    "flight dynamics",
    "instrumentation",
    "mechanics",
)
"""Engineering, physical, earth, life and computer sciences and mathematics. The
aviation/space systems degrees (e.g. 'Aviation Systems', 'Space Systems Operations')
are counted as STEM. 'Naval Sciences' (a service-academy Bachelor of Science) is
counted as STEM. 'Public Health' and 'Epidemiology' count as life sciences; in this
file they only occur beside 'Medicine', which wins."""

_FIELD_ORDER = (
    ("medicine", MEDICINE_KEYWORDS),
    ("other", OTHER_KEYWORDS),
    ("stem", STEM_KEYWORDS),
)


def classify_part(part: str) -> str:
    """'medicine', 'other' or 'stem' for one ';'-separated part of a major."""
    low = " ".join(part.lower().split())
    if any(k in low for k in NOT_MEDICINE):
        return "stem"
    for field, keywords in _FIELD_ORDER:
        if any(k in low for k in keywords):
            return field
    raise SystemExit(f"unclassified major part {part!r}: add it to a keyword list")


def classify_major(major: str) -> str:
    fields = {classify_part(p) for p in major.split(";") if p.strip()}
    for field in ("medicine", "stem", "other"):
        if field in fields:
            return field
    raise SystemExit(f"empty major {major!r}")


def is_medical_doctorate(graduate_major: str) -> bool:
    """The graduate major names Medicine (an MD), not veterinary medicine."""
    return any(
        "medicine" in p.lower() and "veterinary" not in p.lower()
        for p in graduate_major.split(";")
    )


def age_at_selection(birth_date: str, year: str) -> str:
    """Selection year minus birth year, minus 1 if the birthday is after 1 July.

    The source gives only the selection *year*, so we take 1 July of that year as the
    selection date (NASA announced most classes in the first half of the year; José
    Hernández's 2004 class was announced on 6 May). Birth dates are m/d/yyyy.
    """
    if not year:
        return ""
    month, day, birth_year = (int(x) for x in birth_date.split("/"))
    age = int(year) - birth_year
    if (month, day) > (7, 1):
        age -= 1
    return str(age)


_US_STATE = re.compile(r"^[A-Z]{2}$")


def birthplace(place: str) -> str:
    """The US state abbreviation or the country after the last comma.

    'Inglewood, CA' -> 'CA'; 'Montevideo, Uruguay' -> 'Uruguay'; 'Hong Kong' (no
    comma) -> 'Hong Kong'; the source's one typo 'Richfield. UT' -> 'UT'.
    """
    text = place.strip()
    if "," in text:
        return text.rsplit(",", 1)[1].strip()
    last = text.replace(".", " ").split()[-1]
    return last if _US_STATE.match(last) else text


def nasa_row(row: dict[str, str]) -> dict[str, str]:
    """One astronaut of the Kaggle file as a cohort row.

    - name: the Name, stripped of stray spaces (the source has trailing blanks).
    - year: the selection Year; empty where the source is empty (27 people, mostly
      payload specialists and early pilots without a NASA group year).
    - age: see :func:`age_at_selection`; empty where year is empty.
    - degree_level: 'bachelor' if there is no Graduate Major; 'doctorate' if it names
      Medicine (an MD); else 'master'. The source cannot tell a PhD from a master's,
      so 'master' means "a graduate degree, master's or higher". Empty (unknown) when
      neither major is given (4 people).
    - degree_field: from the Graduate Major if present, else the Undergraduate Major,
      classified by :func:`classify_major`; empty when neither is given.
    - military: 'yes' if Military Branch is non-empty, else 'no' (the source lists a
      branch for serving and retired officers; earlier service of civilians may be
      missing, so 'no' means "no branch listed").
    - gender: 'female' / 'male' (lowercased).
    - birthplace: see :func:`birthplace`.
    """
    graduate = row["Graduate Major"].strip()
    undergraduate = row["Undergraduate Major"].strip()
    if graduate:
        level = "doctorate" if is_medical_doctorate(graduate) else "master"
        field = classify_major(graduate)
    elif undergraduate:
        level, field = "bachelor", classify_major(undergraduate)
    else:
        level = field = ""
    year = row["Year"].strip()
    return {
        "name": " ".join(row["Name"].split()),
        "year": year,
        "age": age_at_selection(row["Birth Date"].strip(), year),
        "degree_level": level,
        "degree_field": field,
        "military": "yes" if row["Military Branch"].strip() else "no",
        "gender": row["Gender"].strip().lower(),
        "birthplace": birthplace(row["Birth Place"]),
    }


def build_nasa(raw: Path) -> list[dict[str, str]]:
    with raw.open(encoding="utf-8", newline="") as handle:
        rows = [nasa_row(r) for r in csv.DictReader(handle)]
    names = [r["name"] for r in rows]
    if len(set(names)) != len(names):
        raise SystemExit("duplicate astronaut names in the NASA file")
    return rows


# ------------------------------------------------- NASA classes 2004-2021 (facts)

PILOT = {"military_aviator": "yes", "civilian_licence": "yes", "none": "no"}
"""fact table ``pilot`` -> ``pilot_certificate``. A military aviator counts as a
pilot (the template's trait covers an FAA certificate *or* military pilot wings);
no hours are derived from it: ``jet_pic_hours`` and ``test_pilot_school`` stay
unknown. 'unknown' -> empty."""
SCUBA = {"yes": "open_water"}
"""fact table ``scuba`` 'yes' -> 'open_water', the lowest certified level: a lower
bound (a Navy SEAL is certified far above it). 'unknown' -> empty."""
LANGUAGES = {"mandarin chinese": "mandarin", "persian (farsi)": "persian"}
"""Language names as set members: lowercased; these two shortened."""
DEGREE_LEVEL = {"md": "doctorate", "doctorate": "doctorate"}
"""An MD and a PhD are both 'doctorate' (the fact table tells them apart, the Kaggle
file cannot: its PhDs stay 'master', meaning "master's or higher")."""
KAGGLE_SPELLING = {"metcalf-lindenburger": "metcalf-lindenberger"}
"""Surnames the Kaggle file spells differently (its typo), used only to match."""


def _surname(name: str) -> str:
    """Lowercased ASCII surname: accents, nicknames in brackets and Jr./II dropped."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    plain = re.sub(r"\([^)]*\)", " ", plain)
    words = [w for w in plain.replace(",", " ").split() if w not in ("Jr.", "II")]
    last = words[-1].lower()
    return KAGGLE_SPELLING.get(last, last)


def _strip_brackets(text: str) -> str:
    return " ".join(re.sub(r"\([^)]*\)", " ", text).split())


def fact_row(row: dict[str, str]) -> dict[str, str]:
    """One person of the fact table as a cohort row (see the constants above).

    degree_field is classified like the Kaggle majors (:func:`classify_major`) after
    dropping bracketed remarks such as '(BS mathematics)'. Sources are copied
    literally; confidence grades only where the fact table gives them. gender and
    birthplace are not in the fact table, so they stay unknown.
    """

    def known(text: str) -> str:
        return "" if text == "unknown" else text

    languages = known(row["languages"])
    members = [
        LANGUAGES.get(m.strip().lower(), m.strip().lower())
        for m in languages.split(";")
        if m.strip()
    ]
    pilot = PILOT.get(row["pilot"], "")
    scuba = SCUBA.get(row["scuba"], "")
    if row["pilot"] not in (*PILOT, "unknown") or row["scuba"] not in (
        "yes",
        "unknown",
    ):
        raise SystemExit(
            f"unexpected pilot/scuba value in the fact row {row['name']!r}"
        )
    return {
        "name": row["name"],
        "year": row["class_year"],
        "age": row["age_at_selection"],
        "degree_level": DEGREE_LEVEL.get(row["degree_level"], row["degree_level"]),
        "degree_field": classify_major(_strip_brackets(row["degree_field"])),
        "military": row["military"],
        "military_src": row["military_src"],
        "pilot_certificate": pilot,
        "pilot_certificate_src": row["pilot_src"],
        "pilot_certificate_conf": row["pilot_conf"] if pilot else "",
        "scuba": scuba,
        "scuba_src": row["scuba_src"],
        "scuba_conf": row["scuba_conf"] if scuba else "",
        "languages": ";".join(members),
        "languages_src": row["languages_src"],
        "languages_conf": row["languages_conf"] if members else "",
        "gender": "",
        "birthplace": "",
    }


MERGED_FIELDS = ("age", "degree_level", "degree_field", "military")
"""Fields both files know: the fact table wins (it knows more: real birth dates
against the announcement date, PhD vs master's, service before selection that the
Kaggle file does not list); every difference is printed and listed in
PROVENANCE.md."""


def merge_recent(
    kaggle: list[dict[str, str]], facts_path: Path
) -> tuple[list[dict[str, str]], list[str]]:
    """Kaggle rows with the fact table merged in by person (2004, 2009) and the
    2013-2021 classes appended; returns (rows, conflict lines).

    People are matched by class year and surname (:func:`_surname`); every fact row
    of 2004 and 2009 must match exactly one Kaggle row of its year and the other way
    round, or the build stops. The Kaggle spelling of the name is kept.
    """
    with facts_path.open(encoding="utf-8", newline="") as handle:
        facts = [fact_row(r) for r in csv.DictReader(handle)]
    rows = [dict(r) for r in kaggle]
    conflicts: list[str] = []
    by_key: dict[tuple[str, str], int] = {}
    for i, row in enumerate(rows):
        if row["year"] in ("2004", "2009"):
            key = (row["year"], _surname(row["name"]))
            if key in by_key:
                raise SystemExit(f"two Kaggle rows match {key}")
            by_key[key] = i
    matched: set[int] = set()
    for fact in facts:
        if fact["year"] not in ("2004", "2009"):
            rows.append(fact)
            continue
        key = (fact["year"], _surname(fact["name"]))
        if key not in by_key:
            raise SystemExit(f"fact row {fact['name']!r} matches no Kaggle row")
        i = by_key[key]
        matched.add(i)
        row = rows[i]
        for name in MERGED_FIELDS:
            if fact[name] and fact[name] != row[name]:
                conflicts.append(
                    f"{row['name']} ({row['year']}): {name} {row[name] or 'unknown'} "
                    f"(Kaggle) -> {fact[name]} (fact table)"
                )
                row[name] = fact[name]
        for name in NASA_COLUMNS:
            if name not in row:
                row[name] = fact[name]
    if matched != set(by_key.values()):
        raise SystemExit("some 2004/2009 Kaggle rows have no fact row")
    for row in rows:
        for name in NASA_COLUMNS:
            row.setdefault(name, "")
    return rows, conflicts


# ------------------------------------------------------------ graduate admissions

ADMISSION_THRESHOLD = 0.80
ADMISSION_COLUMNS = (
    "name",
    "gre_score",
    "toefl_score",
    "university_rating",
    "sop",
    "lor",
    "cgpa",
    "research",
    "selected",
)


def build_admissions(raw: Path) -> list[dict[str, str]]:
    """Graduate Admission 2 (Ver1.1): headers are stripped (the source has 'LOR ' and
    'Chance of Admit ' with trailing blanks); 'Serial No.' becomes the name
    'applicant N'; Research 1/0 becomes yes/no; selected = Chance of Admit >= 0.80
    (our threshold on the applicant's *self-estimated* chance; it is not a decision).
    """
    with raw.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = [h.strip() for h in next(reader)]
        out = []
        for fields in reader:
            r = dict(zip(header, (f.strip() for f in fields), strict=True))
            out.append(
                {
                    "name": f"applicant {int(r['Serial No.'])}",
                    "gre_score": r["GRE Score"],
                    "toefl_score": r["TOEFL Score"],
                    "university_rating": r["University Rating"],
                    "sop": r["SOP"],
                    "lor": r["LOR"],
                    "cgpa": r["CGPA"],
                    "research": {"1": "yes", "0": "no"}[r["Research"]],
                    "selected": "yes"
                    if float(r["Chance of Admit"]) >= ADMISSION_THRESHOLD
                    else "no",
                }
            )
    return out


# --------------------------------------------------------------------- adult income

ADULT_RAW = (
    "age",
    "workclass",
    "fnlwgt",
    "education",
    "education_num",
    "marital_status",
    "occupation",
    "relationship",
    "race",
    "sex",
    "capital_gain",
    "capital_loss",
    "hours_per_week",
    "native_country",
    "income",
)
ADULT_COLUMNS = (
    "name",
    *(c for c in ADULT_RAW if c not in ("fnlwgt", "income")),
    "selected",
)
ADULT_EDUCATION_LEVELS = (
    "preschool",
    "1st-4th",
    "5th-6th",
    "7th-8th",
    "9th",
    "10th",
    "11th",
    "12th",
    "hs-grad",
    "some-college",
    "assoc-voc",
    "assoc-acdm",
    "bachelors",
    "masters",
    "prof-school",
    "doctorate",
)
"""The education levels ordered by education-num 1..16 (checked while building)."""


def build_adult(raw: Path) -> list[dict[str, str]]:
    """UCI Adult: fields are split on ',' and stripped; category values lowercased;
    '?' becomes empty (unknown); fnlwgt (a census sampling weight, not a trait of the
    person) is dropped; the name is 'adult N' (N = line number in adult.data);
    selected = income '>50K'. The trailing blank line is skipped.
    """
    out = []
    with raw.open(encoding="utf-8", newline="") as handle:
        for number, fields in enumerate(csv.reader(handle), start=1):
            if not fields:
                continue
            r = dict(zip(ADULT_RAW, (f.strip() for f in fields), strict=True))
            level = r["education"].lower()
            if ADULT_EDUCATION_LEVELS.index(level) + 1 != int(r["education_num"]):
                raise SystemExit(f"adult.data:{number}: education order differs")
            row = {"name": f"adult {number}"}
            for column in ADULT_COLUMNS[1:-1]:
                value = r[column]
                row[column] = "" if value == "?" else value.lower()
            row["selected"] = {">50K": "yes", "<=50K": "no"}[r["income"]]
            out.append(row)
    return out


# --------------------------------------------------------------------------- output


def md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def csv_bytes(columns: Sequence[str], rows: Iterable[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def write_gzip(path: Path, data: bytes) -> None:
    with (
        path.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz,
    ):
        gz.write(data)


def _check_md5(path: Path) -> None:
    expected = RAW_MD5[path.name]
    actual = md5(path)
    if actual != expected:
        raise SystemExit(f"{path}: md5 {actual}, expected {expected}")


def _copy(source: Path, out: Path) -> None:
    copy = out / source.name
    if not (copy.exists() and copy.samefile(source)):
        shutil.copyfile(source, copy)


def build(
    raw: Path, nasa_raw: Path, nasa_facts: Path, out: Path, only: Sequence[str]
) -> list[str]:
    """Write the chosen cohorts into ``out``; one line per conflict and per file."""
    out.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    built: list[tuple[str, int]] = []
    if "nasa" in only:
        _check_md5(nasa_raw)
        _check_md5(nasa_facts)
        _copy(nasa_raw, out)
        _copy(nasa_facts, out)
        nasa, conflicts = merge_recent(build_nasa(nasa_raw), nasa_facts)
        lines += [f"conflict, fact table wins: {line}" for line in conflicts]
        (out / "nasa_astronauts_cohort.csv").write_bytes(csv_bytes(NASA_COLUMNS, nasa))
        built.append(("nasa_astronauts_cohort.csv", len(nasa)))
    if "admissions" in only:
        _check_md5(raw / "Admission_Predict_Ver1.1.csv")
        admissions = build_admissions(raw / "Admission_Predict_Ver1.1.csv")
        (out / "graduate_admissions_cohort.csv").write_bytes(
            csv_bytes(ADMISSION_COLUMNS, admissions)
        )
        built.append(("graduate_admissions_cohort.csv", len(admissions)))
    if "adult" in only:
        _check_md5(raw / "adult.data")
        adult = build_adult(raw / "adult.data")
        write_gzip(out / "adult_income_cohort.csv.gz", csv_bytes(ADULT_COLUMNS, adult))
        built.append(("adult_income_cohort.csv.gz", len(adult)))
    return lines + [
        f"{name}: {rows} rows, md5 {md5(out / name)}" for name, rows in built
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("raw", nargs="?", type=Path, default=RAW_DEFAULT)
    parser.add_argument("--nasa-raw", type=Path, default=NASA_RAW_DEFAULT)
    parser.add_argument("--nasa-facts", type=Path, default=NASA_FACTS_DEFAULT)
    parser.add_argument("--out", type=Path, default=OUT_DEFAULT)
    parser.add_argument("--only", action="append", choices=COHORTS)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    only: list[str] = args.only or list(COHORTS)
    if not args.check:
        for line in build(args.raw, args.nasa_raw, args.nasa_facts, args.out, only):
            print(line)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp)
        for line in build(args.raw, args.nasa_raw, args.nasa_facts, fresh, only):
            print(line)
        differ = [
            f.name
            for f in sorted(fresh.iterdir())
            if not (args.out / f.name).exists()
            or (args.out / f.name).read_bytes() != f.read_bytes()
        ]
    if differ:
        print(f"differs from {args.out}: {', '.join(differ)}", file=sys.stderr)
        return 1
    print(f"identical to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
