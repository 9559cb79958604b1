"""Regenerate the example rosters (deterministic; run from the repository root).

The rosters are committed; this script documents how they were made: invented names,
clinic sites dealt round-robin within each track and PGY year so that cohorts can be
balanced by year and by site at once, and for seniors an ambulatory history from earlier
years (for the cumulative ambulatory rule of programs B and C) and a clinic history (for
program C's cumulative clinic half-days).
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

FIRST = [
    "Aisha",
    "Ben",
    "Carla",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hiro",
    "Ines",
    "Jamal",
    "Kira",
    "Luis",
    "Maya",
    "Nikhil",
    "Olga",
    "Pedro",
    "Quinn",
    "Rosa",
    "Samir",
    "Tara",
    "Umar",
    "Vera",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoe",
    "Amara",
    "Bruno",
    "Chloe",
    "Dmitri",
    "Esme",
    "Felix",
    "Gita",
    "Hector",
    "Ivy",
    "Jonah",
    "Keiko",
    "Leon",
    "Mina",
    "Noah",
    "Omar",
    "Priya",
    "Ravi",
    "Sofia",
    "Tomas",
    "Uma",
    "Victor",
    "Willa",
    "Yara",
    "Zane",
]
LAST = [
    "Adeyemi",
    "Brooks",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Gupta",
    "Haddad",
    "Ito",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Mensah",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quintero",
    "Rahman",
    "Silva",
    "Tanaka",
    "Usman",
    "Varga",
    "Wright",
    "Xu",
    "Yilmaz",
    "Zhang",
    "Alvarez",
    "Becker",
    "Chen",
    "Diallo",
    "Evans",
    "Ferreira",
    "Garcia",
    "Hoffman",
    "Iqbal",
    "Johansson",
    "Kim",
    "Lopez",
    "Moreau",
    "Nguyen",
    "Ortiz",
    "Patel",
    "Rossi",
    "Schmidt",
    "Torres",
    "Ueda",
    "Volkov",
    "Walsh",
    "Young",
    "Zamora",
]

COLUMNS = [
    "id",
    "name",
    "pgy",
    "track",
    "clinic_site",
    "cohort",
    "prior_weeks",
    "prior_ambulatory_weeks",
    "prior_clinic_half_days",
]
#: Continuity-clinic half-days a year in earlier years, by track (4+1: about 10 clinic weeks
#: of 5 half-days and a few more; 3+2: about 21 clinic weeks of 4).
CLINIC_HALF_DAYS_A_YEAR = {"categorical": 52, "primary_care": 84}


def roster(
    groups: list[tuple[str, int, int, list[str]]],
    seed: int,
    history: dict[str, dict[int, tuple[int, int]]],
) -> list[dict[str, object]]:
    """groups: (track, pgy, count, sites); history: track -> pgy -> (lowest, highest) prior ambulatory."""
    rng = random.Random(seed)
    names = [f"{f} {last}" for f in FIRST for last in LAST]
    rng.shuffle(names)
    rows: list[dict[str, object]] = []
    dealt: dict[str, int] = {}  # sites are dealt round-robin across a whole track
    for track, pgy, count, sites in groups:
        for _ in range(count):
            i = dealt[track] = dealt.get(track, -1) + 1
            number = len(rows) + 1
            prior_weeks = 48 * (pgy - 1)
            low_high = history.get(track, {}).get(pgy)
            prior_amb = rng.randint(*low_high) if low_high else 0
            rows.append(
                {
                    "id": f"r{number:03d}",
                    "name": names[number],
                    "pgy": pgy,
                    "track": track,
                    "clinic_site": sites[i % len(sites)] if sites else "",
                    "cohort": "",
                    "prior_weeks": prior_weeks if low_high else 0,
                    "prior_ambulatory_weeks": prior_amb,
                    "prior_clinic_half_days": (
                        CLINIC_HALF_DAYS_A_YEAR.get(track, 0) * (pgy - 1)
                        if history and sites
                        else 0
                    ),
                }
            )
    return rows


def interns_choose_sites(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """The incoming interns' sites left empty: they rank sites in the requests file, and
    the engine places them (program C)."""
    return [{**row, "clinic_site": ""} if row["pgy"] == 1 else row for row in rows]


#: Program C's longitudinal second sites: (site, track, residents per PGY-2 and PGY-3 year).
SECOND_SITES = [
    ("homeless_health", "primary_care", 2),
    ("geriatrics", "primary_care", 1),
    ("geriatrics", "categorical", 3),
]


def second_sites(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """A few seniors of each year add a weekly half-day at a second site (program C): the
    first of their track and year on the roster, in the order of ``SECOND_SITES``."""
    rows = [{**row, "second_site": ""} for row in rows]
    for pgy in (2, 3):
        for site, track, count in SECOND_SITES:
            free = [
                r for r in rows if r["pgy"] == pgy and r["track"] == track and not r["second_site"]
            ]
            for row in free[:count]:
                row["second_site"] = site
    return rows


def write(path: Path, rows: list[dict[str, object]]) -> None:
    extra = [column for column in rows[0] if column not in COLUMNS]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*COLUMNS, *extra])
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    root = Path(__file__).parent
    a_sites = ["main", "chc_east", "chc_west"]
    write(
        root / "program_a" / "roster.csv",
        roster([("primary_care", pgy, 10, a_sites) for pgy in (1, 2, 3)], seed=1, history={}),
    )
    b_sites = ["main", "community"]
    write(
        root / "program_b" / "roster.csv",
        roster(
            [
                ("categorical", 1, 24, b_sites),
                ("preliminary", 1, 8, []),
                ("categorical", 2, 24, b_sites),
                ("categorical", 3, 24, b_sites),
            ],
            seed=2,
            history={"categorical": {2: (11, 14), 3: (32, 36)}},
        ),
    )
    hospital = ["main", "va", "north", "south"]
    chc = ["chc_river", "chc_hill"]
    write(
        root / "program_c" / "roster.csv",
        second_sites(
            interns_choose_sites(
                roster(
                    [
                        ("categorical", 1, 50, hospital),
                        ("primary_care", 1, 12, chc),
                        ("preliminary", 1, 20, []),
                        ("categorical", 2, 52, hospital),
                        ("primary_care", 2, 12, chc),
                        ("categorical", 3, 52, hospital),
                        ("primary_care", 3, 12, chc),
                    ],
                    seed=3,
                    history={"categorical": {2: (11, 14), 3: (32, 36)}},
                ),
            ),
        ),
    )


#: Weeks a year in earlier years by category and track (PGY-1 year, PGY-2 year): the
#: ranges of programs B and C's yearly requirements.
PRIOR_YEAR_WEEKS = {
    "categorical": (
        {"critical_care": (8, 10), "inpatient": (16, 22), "night_float": (2, 4)},
        {"critical_care": (4, 8), "inpatient": (8, 12), "night_float": (2, 4)},
    ),
    "primary_care": (
        {"critical_care": (4, 6), "inpatient": (10, 12), "night_float": (2, 4)},
        {"critical_care": (4, 8), "inpatient": (8, 12), "night_float": (2, 4)},
    ),
}
#: The subspecialties every resident does at least once in training (program C).
CORE_SUBSPECIALTIES = ("cardiology", "gi", "id_consults", "renal", "pulm")


def history(roster_path: Path, seed: int) -> list[dict[str, object]]:
    """Program C's history: each senior's earlier years by category, and the core
    subspecialties a PGY-3 has already done (all but one or two of them)."""
    rng = random.Random(seed)
    with roster_path.open(newline="", encoding="utf-8") as handle:
        residents = list(csv.DictReader(handle))
    rows: list[dict[str, object]] = []
    for resident in residents:
        pgy, track = int(resident["pgy"]), resident["track"]
        if pgy == 1 or track not in PRIOR_YEAR_WEEKS:
            continue
        totals: dict[str, int] = {}
        for year in PRIOR_YEAR_WEEKS[track][: pgy - 1]:
            for category, (low, high) in year.items():
                totals[category] = totals.get(category, 0) + rng.randint(low, high)
        rows += [
            {"resident": resident["id"], "rotation": "", "category": category, "weeks": weeks}
            for category, weeks in totals.items()
        ]
        if pgy == 3:
            done = rng.sample(CORE_SUBSPECIALTIES, rng.choice((3, 4)))
            rows += [
                {"resident": resident["id"], "rotation": rotation, "category": "", "weeks": 2}
                for rotation in sorted(done)
            ]
    return rows


def write_history(path: Path, rows: list[dict[str, object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["resident", "rotation", "category", "weeks"])
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    main()
    folder = Path(__file__).parent / "program_c"
    write_history(folder / "history.csv", history(folder / "roster.csv", seed=4))
