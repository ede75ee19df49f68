"""The countries whose public holidays the `holidays` package knows, by
ISO 3166-1 alpha-2 code.

Taken from ``holidays.list_supported_countries()`` (its two-letter codes;
``UK`` is an alias there, not an ISO code: the ISO code is ``GB``). It is
written out here because asking the package costs half a second per
process; tests/rules/test_timeline.py checks that every code here is one
the installed package supports, so the holiday lookup never meets a code
it does not know.
"""

from __future__ import annotations

HOLIDAY_COUNTRIES = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM
    BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX
    CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG
    GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR
    IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV
    LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE
    NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO
    RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF
    TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF
    WS XK YE YT ZA ZM ZW
    """.split()  # noqa: SIM905 (a block of codes reads better than 249 quoted items)
)

# Codes people write for a country whose ISO code is another.
ALIASES = {"UK": "GB", "EL": "GR"}

# The weekend of each country whose weekend is not Saturday-Sunday, as the
# `holidays` package records it (weekday numbers, Monday = 0); every other
# country's weekend is Saturday-Sunday. Written out for the same reason as
# the list above; tests/rules/test_weekends.py checks it against the package.
SATURDAY_SUNDAY = frozenset({5, 6})
WEEKENDS: dict[str, frozenset[int]] = {
    **dict.fromkeys(
        [
            "AF",
            "BD",
            "BH",
            "DJ",
            "DZ",
            "EG",
            "IL",
            "IQ",
            "JO",
            "KW",
            "MR",
            "MV",
            "OM",
            "QA",
            "SA",
            "SD",
            "SY",
            "YE",
        ],
        frozenset({4, 5}),
    ),
    **dict.fromkeys(["AI", "CD", "HK", "KN", "NE", "PY", "TK", "VE"], frozenset({6})),
    "BN": frozenset({4, 6}),
    "IR": frozenset({4}),
}


def weekend_of(country: str) -> frozenset[int]:
    return WEEKENDS.get(ALIASES.get(country, country), SATURDAY_SUNDAY)


def weekend(countries: object) -> frozenset[int]:
    """The weekend days of a plan: those of every country it lists (a plan
    whose countries have different weekends counts all of them), or
    Saturday-Sunday without countries."""
    codes = [c for c in countries if isinstance(c, str)] if isinstance(countries, list) else []
    if not codes:
        return SATURDAY_SUNDAY
    days: set[int] = set()
    for code in codes:
        days |= weekend_of(code)
    return frozenset(days)


def before_weekend(days: frozenset[int]) -> frozenset[int]:
    """The last working day before each weekend: a working day followed by a
    weekend day (Friday for Saturday-Sunday, Thursday for Friday-Saturday)."""
    return frozenset(d for d in range(7) if d not in days and (d + 1) % 7 in days)
