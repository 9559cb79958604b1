"""Regenerate the example requests files (deterministic; run from the repository root).

The requests are committed; this script documents how they were made. Each resident ranks
electives among the rotations open to them (popular ones, cardiology and GI say, are
ranked first more often) and asks for vacation periods at random weeks, one in ten of them
a holiday week (Thanksgiving, Christmas or New Year, one of them each, as many programs
rule), so that requests collide with each other and with the weekly cap on residents away.

- Program A (requests.yaml): one vacation request each (some by dates), two electives
  ranked, a few conference weeks without duty.
- Program B (requests.csv): one vacation period each for 60% of residents, three electives.
- Program C (requests.csv): every resident ranks 3 electives and asks for 2 vacation
  periods of 2 weeks (priorities 1/2/3 mixed), the whole allowance of 4 weeks; interns
  rank their track's clinic sites.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path
from typing import Any

import yaml

from scheduler.inputs.requests_file import REQUEST_COLUMNS

ELECTIVE_CATEGORIES = ("subspecialty", "elective", "ambulatory", "designer")
#: Rotations nobody asks for (backup duty), and clinic weeks the template gives anyway.
NOT_WISHED = ("jeopardy",)
#: The share of vacation periods asked for around the holidays.
HOLIDAY_SHARE = 0.1
POPULAR = ("cardiology", "gi", "amb_elective", "ed", "senior_amb", "geriatrics")
#: Holiday weeks of a year starting 29 June 2026 (Thanksgiving, Christmas, New Year): as
#: in many programs, a resident asks for one of them, not two.
HOLIDAYS = ((22, 22), (26, 26), (27, 27))


def load(folder: Path) -> tuple[dict[str, Any], list[dict[str, str]]]:
    program = yaml.safe_load((folder / "program.yaml").read_text())
    with (folder / "roster.csv").open(newline="") as handle:
        roster = list(csv.DictReader(handle))
    return program, roster


def electives_for(program: dict[str, Any], resident: dict[str, str]) -> list[str]:
    """Rotations a resident may wish for: elective-like, outside clinic weeks, open to them."""
    found = []
    for rotation in program["rotations"]:
        if rotation.get("category") not in ELECTIVE_CATEGORIES or rotation["id"] in NOT_WISHED:
            continue
        if rotation.get("phase") == "Y" or rotation.get("clinic_half_days"):
            continue
        if rotation.get("pgy") and int(resident["pgy"]) not in rotation["pgy"]:
            continue
        if rotation.get("tracks") and resident["track"] not in rotation["tracks"]:
            continue
        if rotation.get("residents") and resident["id"] not in rotation["residents"]:
            continue
        found.append(rotation["id"])
    return found


def ranked(rng: random.Random, options: list[str], count: int) -> list[str]:
    """``count`` distinct choices, popular rotations three times as likely to come first."""
    pool = list(options)
    chosen: list[str] = []
    while pool and len(chosen) < count:
        weights = [3 if option in POPULAR else 1 for option in pool]
        pick = rng.choices(pool, weights)[0]
        chosen.append(pick)
        pool.remove(pick)
    return chosen


def site_ranking(
    rng: random.Random, roster: list[dict[str, str]], resident: dict[str, str]
) -> list[str]:
    """For a resident the roster leaves without a site (an intern): the sites of their track
    in their order of preference (the first site listed for the track is the most wanted)."""
    if resident.get("clinic_site"):
        return []
    sites = list(
        dict.fromkeys(
            r["clinic_site"]
            for r in roster
            if r["track"] == resident["track"] and r.get("clinic_site")
        )
    )
    return ranked_sites(rng, sites)


def ranked_sites(rng: random.Random, sites: list[str]) -> list[str]:
    pool, chosen = list(sites), []
    while pool:
        pick = rng.choices(pool, [3 if site == sites[0] else 1 for site in pool])[0]
        chosen.append(pick)
        pool.remove(pick)
    return chosen


def period(rng: random.Random, length: int, taken: list[tuple[int, int]]) -> tuple[int, int]:
    """A vacation period (1-based weeks) clear of the resident's other periods by 2 weeks."""
    while True:
        if rng.random() < HOLIDAY_SHARE:
            first, last = rng.choice(HOLIDAYS)
        else:
            first = rng.randint(2, 51 - length)
            last = first + length - 1
        if all(last + 2 < a or first > b + 2 for a, b in taken):
            return first, last


def priority(rng: random.Random, first: bool) -> int:
    weights = (5, 3, 2) if first else (2, 4, 4)
    return rng.choices((1, 2, 3), weights)[0]


def table_rows(
    rng: random.Random,
    program: dict[str, Any],
    roster: list[dict[str, str]],
    *,
    periods: int,
    share: float,
    electives: int,
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for resident in roster:
        taken: list[tuple[int, int]] = []
        if rng.random() < share:
            for n in range(periods):
                first, last = period(rng, 2, taken)
                taken.append((first, last))
                weeks = f"{first}-{last}" if last > first else str(first)
                rows.append(
                    {
                        "resident": resident["id"],
                        "kind": "vacation",
                        "weeks": weeks,
                        "priority": priority(rng, n == 0),
                    }
                )
        choices = ranked(rng, electives_for(program, resident), electives)
        rows += [
            {"resident": resident["id"], "kind": "elective", "rotation": rotation, "rank": rank}
            for rank, rotation in enumerate(choices, start=1)
        ]
        rows += [
            {"resident": resident["id"], "kind": "site", "site": site, "rank": rank}
            for rank, site in enumerate(site_ranking(rng, roster, resident), start=1)
        ]
    return rows


def write_table(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, REQUEST_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def program_a(rng: random.Random) -> None:
    folder = Path("examples/program_a")
    program, roster = load(folder)
    start = dt.date.fromisoformat(str(program["start_date"]))
    vacation, preferences = [], []
    for i, resident in enumerate(roster):
        first, last = period(rng, rng.choice((1, 2)), [])
        request: dict[str, Any] = {"resident": resident["id"], "priority": priority(rng, True)}
        if i % 3 == 0:  # some residents write dates, as they would on a form
            request["start"] = (start + dt.timedelta(weeks=first - 1)).isoformat()
            request["end"] = (start + dt.timedelta(weeks=last - 1, days=4)).isoformat()
        else:
            request["weeks"] = f"{first}-{last}" if last > first else first
        vacation.append(request)
        entry: dict[str, Any] = {
            "resident": resident["id"],
            "electives": ranked(rng, electives_for(program, resident), 2),
        }
        sites = site_ranking(rng, roster, resident)
        if sites:
            entry["sites"] = sites
        preferences.append(entry)
    unavailable = [
        {"resident": resident["id"], "weeks": 40, "priority": 1, "note": "regional ACP meeting"}
        for resident in roster
        if resident["pgy"] == "3"
    ][:4]
    text = yaml.safe_dump(
        {"vacation": vacation, "unavailable": unavailable, "preferences": preferences},
        sort_keys=False,
        default_flow_style=None,
        width=100,
    )
    header = "# Program A's requests (examples/generate_requests.py writes this file).\n"
    (folder / "requests.yaml").write_text(header + text)


def main() -> None:
    program_a(random.Random(10))
    for name, rng, periods, share in (
        ("b", random.Random(20), 1, 0.6),
        ("c", random.Random(30), 2, 1.0),
    ):
        folder = Path(f"examples/program_{name}")
        program, roster = load(folder)
        rows = table_rows(rng, program, roster, periods=periods, share=share, electives=3)
        write_table(folder / "requests.csv", rows)


if __name__ == "__main__":
    main()
