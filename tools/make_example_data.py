#!/usr/bin/env python3
"""Generate the ILLUSTRATIVE example data set for Narrator: data/observations.csv.

The monthly values are invented. They are built so that every total, rate, change and
monthly statement of the published Cambridgeshire Constabulary annual performance report for
2020/21 comes out of the data exactly; they are not real force data. Judgements come from the
benchmark tests, not from the data: this script asserts none (data/README.md lists where the
tests and the published words differ).

    python tools/make_example_data.py

How it works
- Each series has a long-term trend (log-linear between anchor months), a seasonal profile
  and noise (Poisson plus a multiplicative wobble), all from a seeded generator, so two runs
  give byte-identical output.
- The 2019/20 and 2020/21 months are drawn the same way and then scaled to the published
  12-month totals (largest-remainder rounding, so totals are exact). A 2020/21 "Covid"
  profile (level relative to the same month of 2019/20) shapes the pandemic year.
- Where the report makes monthly statements (for example "every month lower than a year
  earlier"), a series is redrawn from the same seeded stream until the statement holds.
- Some series were redrawn until an XmR control chart gave the published word (rule_spc), from
  when the catalogue picked SPC for those measures to match the report. Nothing depends on that
  now; the rules stay so that the script still writes the committed file byte for byte.
- At the end the CSV is read back with pandas and every figure is asserted (check_* below).

Definitions follow the brief: current period 2020-04..2021-03, baseline 2019-04..2020-03;
comparators (national.*) end 2021-01 and their current period is 2020-02..2021-01.
"""
from __future__ import annotations

import csv
import math
import random
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT_CSV = ROOT / "data" / "observations.csv"
CATALOGUE = ROOT / "data" / "measures.yaml"
SEED = 20210413  # date of the published report

# --------------------------------------------------------------------------- calendar
MONTHS = [f"{2010 + (i + 3) // 12}-{(i + 3) % 12 + 1:02d}" for i in range(132)]  # 2010-04..2021-03
N_MONTHS, N_COMPARATOR = 132, 130                                                # comparators end 2021-01
BASE = slice(108, 120)       # 2019-04..2020-03  (2019/20)
CUR = slice(120, 132)        # 2020-04..2021-03  (2020/21)
COMP_CUR = slice(118, 130)   # 2020-02..2021-01  (12 months to January 2021)
APR, MAY, JUN, JUL, AUG, SEP, OCT, NOV, DEC, JAN, FEB, MAR = range(12)  # position in a financial year


def ix(month: str) -> int:
    return MONTHS.index(month)


# --------------------------------------------------------------------------- targets
# Published 12-month totals: (2020/21, 2019/20) and the % change the report prints.
COUNTS = {
    "all_crime.recorded": (59883, 67882, -11.8),
    "da.recorded": (12196, 10660, 14.4),
    "csa.recorded": (843, 778, 8.4),
    "cse.recorded": (336, 292, 15.1),
    "sso.recorded": (1589, 1620, -1.9),
    "rape.recorded": (819, 777, 5.4),
    "msht.recorded": (91, 68, 33.8),
    "fraud.non_crime_investigations": (715, 962, -25.7),
    "fraud.referrals": (658, 962, -31.6),
    "burglary.recorded": (1242, 2058, -39.7),
    "tomv.recorded": (893, 1145, -22.0),
    "hate.recorded": (1368, 1330, 2.9),
    "knife.recorded": (1372, 1577, -13.0),
    "weapons.recorded": (563, 670, -16.0),
    "drugs.recorded": (2160, 1649, 31.0),
    "drugs.trafficking.recorded": (710, 550, 29.1),   # totals not published: suggested in the brief
    "drugs.possession.recorded": (1390, 1060, 31.1),  # totals not published: suggested in the brief
    "youth.dispersal_authorities": (24, 12, 100.0),
    "youth.cbo": (16, 20, -20.0),
    "youth.cpw": (90, 47, 91.5),
    "youth.injunctions": (3, 8, -62.5),
}
DRUGS_OTHER = (60, 39)  # unpublished remainder: drugs.recorded - trafficking - possession

# Published rates: (2020/21 %, 2019/20 %, n 2020/21, n 2019/20). n None = the denominators
# are another measure's monthly counts (LINKED_DENOMINATORS) or chosen by the generator.
PROPORTIONS = {
    "da.ppo_rate": (11.5, 10.3, None, None),
    "csa.ppo_rate": (19.9, 11.6, None, None),
    "sso.ppo_rate": (8.4, 6.4, None, None),
    "rape.ppo_rate": (7.0, 3.5, None, None),
    "all_crime.outcome_rate": (13.0, 10.8, None, None),
    "national.all_crime.outcome_rate": (14.2, 12.3, None, None),
    "burglary.ppo_rate": (14.3, 11.3, None, None),
    "burglary.satisfaction": (90.4, 86.0, 509, 544),
    "burglary.satisfaction_contact": (97.9, 93.7, 374, 397),
    "burglary.satisfaction_actions": (91.9, 87.8, 509, 543),
    "burglary.satisfaction_follow_up": (82.1, 79.3, 509, 541),
    "burglary.satisfaction_treatment": (94.7, 96.9, 509, 543),
    "tomv.ppo_rate": (6.7, 7.2, None, None),
    "calls999.answered_10s": (94.5, 92.6, None, None),
    "calls101.answered_30s": (87.1, 83.3, None, None),
    "confidence.local_concerns": (64.7, 56.4, 3791, 1557),
    "victim_satisfaction.whole": (81.7, 77.2, 1320, 1257),
    "victim_satisfaction.violence": (77.2, 68.8, 613, 605),  # baseline n not published: 605 chosen
    "hate.ppo_rate": (15.9, 13.7, None, None),
    "hate.satisfaction": (73.2, 81.6, 198, 98),
    "knife.ppo_rate": (24.4, 22.9, None, None),
    "weapons.ppo_rate": (47.8, 40.9, None, None),
    "drugs.ppo_rate": (66.3, 60.6, None, None),
    "drugs.trafficking.ppo_rate": (50.7, 43.1, None, None),
    "drugs.possession.ppo_rate": (75.0, 70.3, None, None),
    "national.drugs.outcome_rate": (81.0, 75.4, None, None),
}
LINKED_DENOMINATORS = {  # outcome rates are outcomes per recorded crime of the same month
    "da.ppo_rate": "da.recorded", "csa.ppo_rate": "csa.recorded", "sso.ppo_rate": "sso.recorded",
    "rape.ppo_rate": "rape.recorded", "all_crime.outcome_rate": "all_crime.recorded",
    "burglary.ppo_rate": "burglary.recorded", "tomv.ppo_rate": "tomv.recorded",
    "hate.ppo_rate": "hate.recorded", "knife.ppo_rate": "knife.recorded",
    "weapons.ppo_rate": "weapons.recorded", "drugs.ppo_rate": "drugs.recorded",
    "drugs.trafficking.ppo_rate": "drugs.trafficking.recorded",
    "drugs.possession.ppo_rate": "drugs.possession.recorded",
    "national.drugs.outcome_rate": "national.drugs.recorded",
}
# With these published figures and denominators no integer numerators make
# round(cur) - round(base) equal round(cur - base): see README / report to the lead.
KNOWN_ROUNDING_CONFLICTS = {"csa.ppo_rate", "burglary.satisfaction"}

NATIONAL_DRUGS = (198258, 178450, 11.1)          # 12 months to Jan 2021, FY 2019/20, % change
PROMPT_RESPONSE = {                               # median minutes, published (Table 1)
    "2019-10": 261, "2019-11": 311, "2019-12": 249, "2020-01": 285, "2020-02": 241, "2020-03": 174,
    "2020-10": 187, "2020-11": 192, "2020-12": 123, "2021-01": 77, "2021-02": 73, "2021-03": 85,
}

# The judgement words the report publishes (and, for measures without a table row, the words the
# catalogue's methods gave when this file was generated). Printed in the summary, never asserted.
EXPECTED = {
    "all_crime.recorded": "Lower", "da.recorded": "Higher", "da.ppo_rate": "Improved",
    "da.prompt_response": "-", "csa.recorded": "Higher", "csa.ppo_rate": "Improved",
    "cse.recorded": "Comparable", "sso.recorded": "Comparable", "sso.ppo_rate": "Improved",
    "rape.recorded": "Higher", "rape.ppo_rate": "Improved", "msht.recorded": "Higher",
    "fraud.non_crime_investigations": "-", "fraud.referrals": "-",
    "all_crime.outcome_rate": "Improved", "national.all_crime.outcome_rate": "-",
    "burglary.recorded": "Lower", "burglary.ppo_rate": "Improved", "burglary.satisfaction": "Improved",
    "burglary.satisfaction_contact": "Improved", "burglary.satisfaction_actions": "Improved",
    "burglary.satisfaction_follow_up": "Comparable", "burglary.satisfaction_treatment": "Comparable",
    "tomv.recorded": "Lower", "tomv.ppo_rate": "Comparable",
    "calls999.answered_10s": "Comparable", "calls101.answered_30s": "Comparable",
    "confidence.local_concerns": "Improved", "victim_satisfaction.whole": "Improved",
    "victim_satisfaction.violence": "Improved", "hate.recorded": "Comparable",
    "hate.ppo_rate": "Improved", "hate.satisfaction": "Deteriorated",
    "knife.recorded": "Comparable", "knife.ppo_rate": "Comparable",
    "weapons.recorded": "Comparable", "weapons.ppo_rate": "Improved",
    "drugs.recorded": "Higher", "drugs.ppo_rate": "Comparable",
    "drugs.trafficking.recorded": "Higher", "drugs.possession.recorded": "Higher",
    "drugs.trafficking.ppo_rate": "Improved", "drugs.possession.ppo_rate": "Improved",
    "national.drugs.recorded": "-", "national.drugs.outcome_rate": "-",
    "youth.dispersal_authorities": "-", "youth.cbo": "-", "youth.cpw": "-", "youth.injunctions": "-",
}

# --------------------------------------------------------------------------- series shapes
# Seasonal profiles, April..March (normalised to mean 1 when used).
SEASON = {
    "flat":     [1.00] * 12,
    "crime":    [0.98, 1.03, 1.02, 1.07, 1.04, 1.00, 1.02, 0.98, 0.96, 0.97, 0.90, 1.00],
    "da":       [0.97, 1.01, 1.02, 1.05, 1.04, 0.97, 0.98, 0.96, 1.10, 1.00, 0.91, 0.99],
    "school":   [0.97, 1.06, 1.06, 0.95, 0.78, 1.00, 1.06, 1.10, 0.90, 1.04, 1.00, 1.08],
    "sexual":   [0.96, 1.02, 1.05, 1.06, 1.00, 0.97, 1.00, 1.02, 0.92, 1.02, 0.95, 1.03],
    "burglary": [0.88, 0.87, 0.84, 0.90, 0.93, 0.98, 1.10, 1.20, 1.18, 1.08, 0.99, 1.00],
    "vehicle":  [0.92, 0.92, 0.93, 0.96, 0.98, 1.00, 1.06, 1.12, 1.10, 1.05, 0.98, 0.98],
    "drugs":    [1.02, 1.08, 1.05, 1.04, 1.00, 0.98, 1.00, 0.98, 0.88, 0.98, 0.95, 1.04],
    "calls":    [0.96, 1.02, 1.04, 1.10, 1.08, 1.00, 0.99, 0.95, 0.98, 0.94, 0.88, 0.98],
    "response": [0.95, 0.95, 0.97, 1.00, 0.98, 0.97, 1.02, 1.08, 1.05, 1.06, 1.00, 0.97],
}
LOCKDOWN_MARCH_2020 = [1.0] * 11 + [0.90]  # 2019/20 shape: first lockdown from 23 March 2020

# Count series: anchors = deseasonalised monthly level before 2019/20 (the 2019/20 level comes
# from the target); covid = 2020/21 level relative to the same month of 2019/20 (None where the
# month is fixed exactly); sd = extra multiplicative noise; base = 2019/20 departures from trend;
# exact_yoy = 2020/21 months whose rounded % change on a year earlier is published; fixed =
# months whose value is published; history = one-off multipliers on the long-run trend.
COUNT_MODELS = {
    "all_crime.recorded": dict(
        anchors={"2010-04": 4400, "2012-04": 4000, "2014-04": 3900, "2016-04": 4500, "2017-10": 5200},
        season="crime", sd=0.02, base=LOCKDOWN_MARCH_2020,
        covid=[0.73, 0.84, 0.92, 0.94, 0.93, 0.93, 0.92, None, 0.92, 0.71, 0.69, 0.95],
        exact_yoy={NOV: -9.8}),
    "da.recorded": dict(
        anchors={"2010-04": 310, "2012-04": 330, "2014-04": 370, "2016-01": 430, "2016-12": 480,
                 "2017-12": 640, "2018-12": 800},
        season="da", sd=0.02,
        covid=[1.14, 1.17, 1.16, 1.15, 1.15, 1.14, 1.15, None, 1.14, 1.15, 1.17, 1.13],
        exact_yoy={NOV: 0.0}),  # November 2020 equals November 2019
    "csa.recorded": dict(
        anchors={"2010-04": 22, "2013-04": 30, "2015-04": 45, "2017-04": 55},
        season="school", sd=0.05,
        covid=[0.80, 0.85, 1.00, 1.15, 1.30, 1.20, 1.12, 1.12, 1.22, 1.02, 1.05, 1.20]),
    "cse.recorded": dict(
        anchors={"2010-04": 8, "2014-04": 15, "2017-04": 20},
        season="school", sd=0.05,
        covid=[0.85, 0.90, 1.10, 1.20, 1.20, 1.20, 1.15, 1.15, 1.15, 1.05, 1.10, 1.20]),
    "rape.recorded": dict(
        anchors={"2010-04": 25, "2013-04": 32, "2015-04": 48, "2017-04": 60},
        season="sexual", sd=0.04, base=[0.94, 0.97, 0.98, 1.0, 0.97, 0.95, 1.0, 1.08, 0.97, 1.08, 1.04, 0.98],
        covid=[0.78, 0.86, 1.16, 1.20, 1.22, 1.16, 1.12, 0.93, 1.00, 0.93, 0.88, 0.88]),
    "sso.recorded": dict(
        anchors={"2010-04": 60, "2013-04": 70, "2015-04": 100, "2017-04": 120},
        season="sexual", sd=0.04, base=LOCKDOWN_MARCH_2020,
        covid=[0.70, 0.84, 1.12, 1.14, 1.14, 1.10, 1.02, 0.90, 0.98, 0.84, 0.86, 0.98]),
    "msht.recorded": dict(
        anchors={"2010-04": 0.4, "2015-07": 1.0, "2017-04": 3.0},
        season="flat", sd=0.05,
        covid=[0.9, 0.8, 1.3, 1.3, 1.2, 1.4, 1.3, 1.3, 1.5, 1.4, 1.4, 1.5]),
    "fraud.non_crime_investigations": dict(
        anchors={"2010-04": 40, "2014-04": 55, "2017-04": 70},
        season="flat", sd=0.06,
        covid=[0.70, 0.72, 0.74, 0.76, 0.76, 0.76, 0.76, 0.74, 0.76, 0.70, 0.72, 0.76]),
    "fraud.referrals": dict(
        anchors={"2010-04": 35, "2014-04": 50, "2017-04": 68},
        season="flat", sd=0.06,
        covid=[0.62, 0.66, 0.68, 0.70, 0.70, 0.70, 0.70, 0.68, 0.70, 0.64, 0.66, 0.70]),
    "burglary.recorded": dict(
        anchors={"2010-04": 300, "2012-04": 260, "2014-04": 230, "2016-04": 210, "2018-04": 200},
        season="burglary", sd=0.03, base=[1.0] * 11 + [0.85],
        covid=[None, 0.50, 0.58, 0.64, 0.64, 0.62, 0.60, 0.50, 0.54, None, None, 0.62],
        exact_yoy={APR: -58.0, JAN: -65.8, FEB: -66.2}),
    "tomv.recorded": dict(
        anchors={"2010-04": 110, "2013-04": 80, "2016-04": 75, "2018-04": 90},
        season="vehicle", sd=0.05,
        covid=[0.62, 0.70, 0.78, 0.80, 0.82, 0.85, 0.85, 0.75, 0.82, 0.72, 0.72, 0.80]),
    "hate.recorded": dict(
        anchors={"2010-04": 50, "2014-04": 60, "2016-04": 80, "2018-04": 100},
        season="crime", sd=0.05, history={"2016-06": 1.20, "2016-07": 1.35, "2016-08": 1.15},
        covid=[0.85, 1.00, 1.25, 1.20, 1.10, 1.02, 1.00, 0.95, 0.95, 0.88, 0.90, 1.02]),
    "knife.recorded": dict(
        anchors={"2010-04": 80, "2014-04": 70, "2017-04": 110},
        season="crime", sd=0.07,
        covid=[0.85, 0.90, 0.92, 1.02, 1.05, 0.92, 0.88, 0.84, 0.86, 0.82, 0.85, 0.88]),
    "weapons.recorded": dict(
        anchors={"2010-04": 40, "2014-04": 30, "2017-04": 45},
        season="crime", sd=0.07,
        covid=[0.80, 0.95, 0.90, 0.92, 1.02, 0.98, 0.82, 0.78, 0.80, 0.75, 0.78, 0.82]),
    "drugs.trafficking.recorded": dict(
        anchors={"2010-04": 66, "2011-06": 62, "2012-10": 50, "2014-04": 40, "2016-10": 36, "2018-04": 40},
        season="drugs", sd=0.05, history={"2011-06": 1.2},
        covid=[1.40, 1.45, 1.30, 1.25, 1.20, 1.22, 1.25, 1.35, 1.25, 1.30, 1.32, 1.30],
        fixed={"2020-03": 79}),
    "drugs.possession.recorded": dict(
        anchors={"2010-04": 170, "2012-04": 165, "2014-04": 140, "2014-12": 135, "2015-06": 115,
                 "2016-10": 90, "2018-04": 80},
        season="drugs", sd=0.04, history={"2014-12": 1.20},
        covid=[1.50, None, 1.35, 1.25, 1.20, 1.20, 1.30, 1.40, 1.20, 1.35, 1.35, 1.30],
        fixed={"2020-05": 156}),
    # Anti-social Behaviour, Crime and Policing Act 2014 powers from October 2014; gang injunctions from 2011.
    "youth.dispersal_authorities": dict(anchors={"2014-10": 0.6, "2017-04": 0.9}, season="flat", sd=0.1,
                                        covid=[1.0] * 12, start="2014-10"),
    "youth.cbo": dict(anchors={"2014-10": 0.8, "2017-04": 1.5}, season="flat", sd=0.1,
                      covid=[1.0] * 12, start="2014-10"),
    "youth.cpw": dict(anchors={"2014-10": 1.5, "2017-04": 3.5}, season="flat", sd=0.1,
                      covid=[1.0] * 12, start="2014-10"),
    "youth.injunctions": dict(anchors={"2011-01": 0.3, "2016-04": 0.6}, season="flat", sd=0.1,
                              covid=[1.0] * 12, start="2011-01"),
}

# Rate series: anchors = monthly rate before 2019/20 (the 2019/20 rate comes from the target);
# cur = relative shape across 2020/21; base = relative shape across 2019/20; sd = wobble.
RATE_MODELS = {
    "da.ppo_rate": dict(anchors={"2010-04": .24, "2014-04": .21, "2016-10": .15, "2018-04": .115},
                        sd=0.06, cur=np.linspace(0.92, 1.08, 12)),
    "csa.ppo_rate": dict(anchors={"2010-04": .30, "2014-04": .24, "2017-04": .15, "2018-10": .12},
                         sd=0.12, cur=np.linspace(0.8, 1.2, 12)),
    "sso.ppo_rate": dict(anchors={"2010-04": .16, "2014-04": .13, "2017-04": .08, "2018-10": .066},
                         sd=0.12, cur=np.linspace(0.85, 1.15, 12)),
    "rape.ppo_rate": dict(anchors={"2010-04": .14, "2014-04": .12, "2017-04": .06, "2018-10": .04},
                          sd=0.10, cur=[0.62] * 7 + [1.2, 1.35, 1.5, 1.6, 1.7]),
    "all_crime.outcome_rate": dict(anchors={"2010-04": .27, "2013-04": .22, "2016-04": .14, "2018-04": .115},
                                   sd=0.03, cur=np.linspace(0.93, 1.07, 12)),
    "burglary.ppo_rate": dict(anchors={"2010-04": .16, "2014-04": .13, "2017-04": .10, "2018-10": .11},
                              sd=0.10, cur=[0.85] * 8 + [1.25, 1.35, 1.45, 1.5]),
    "tomv.ppo_rate": dict(anchors={"2010-04": .12, "2014-04": .10, "2017-04": .075}, sd=0.12),
    "hate.ppo_rate": dict(anchors={"2010-04": .30, "2014-04": .24, "2017-04": .16, "2018-10": .14},
                          sd=0.08, cur=np.linspace(0.9, 1.1, 12)),
    "knife.ppo_rate": dict(anchors={"2010-04": .35, "2014-04": .30, "2017-04": .24}, sd=0.08),
    "weapons.ppo_rate": dict(anchors={"2010-04": .65, "2014-04": .55, "2017-04": .45}, sd=0.08,
                             cur=np.linspace(0.92, 1.08, 12)),
    "drugs.trafficking.ppo_rate": dict(anchors={"2010-04": .70, "2014-04": .60, "2017-04": .48}, sd=0.08,
                                       cur=[0.92, 0.92, 0.92, 0.92, 0.80, 0.92, 0.92, 0.92, 0.95, 1.2, 1.25, 1.3]),
    "drugs.possession.ppo_rate": dict(anchors={"2010-04": .92, "2014-04": .85, "2017-04": .74}, sd=0.05,
                                      cur=[1.0, 1.0, 1.0, 1.0, 0.84, 1.0, 1.0, 1.0, 1.0, 1.02, 1.03, 1.03]),
    "drugs.other.ppo_rate": dict(anchors={"2010-04": .60, "2017-04": .45}, sd=0.10),  # not published
    "burglary.satisfaction": dict(anchors={"2010-04": .86, "2015-04": .88, "2018-04": .86}, sd=0.03),
    "burglary.satisfaction_contact": dict(anchors={"2010-04": .95, "2018-04": .94}, sd=0.02),
    "burglary.satisfaction_actions": dict(anchors={"2010-04": .86, "2015-04": .89, "2018-04": .88}, sd=0.03),
    "burglary.satisfaction_follow_up": dict(anchors={"2010-04": .76, "2015-04": .80, "2018-04": .79}, sd=0.04),
    "burglary.satisfaction_treatment": dict(anchors={"2010-04": .96, "2018-04": .965}, sd=0.015),
    "confidence.local_concerns": dict(anchors={"2010-04": .58, "2014-04": .60, "2017-04": .57}, sd=0.05),
    "victim_satisfaction.whole": dict(anchors={"2010-04": .80, "2015-04": .79, "2018-04": .775}, sd=0.03),
    "victim_satisfaction.violence": dict(anchors={"2010-04": .72, "2015-04": .70, "2018-04": .69}, sd=0.05),
    "hate.satisfaction": dict(anchors={"2010-04": .80, "2015-04": .82, "2018-04": .81}, sd=0.06),
    "calls999.answered_10s": dict(anchors={"2010-04": .91, "2014-04": .93, "2017-04": .92}, sd=0.02,
                                  cur=[1.003, 1.012, 1.01, 1.004, 0.976, 0.974, 1.0, 1.01, 1.005, 1.014, 1.016, 1.008]),
    "calls101.answered_30s": dict(anchors={"2010-04": .80, "2014-04": .85, "2017-04": .82}, sd=0.04,
                                  cur=[1.01, 1.025, 1.015, 0.995, 0.94, 0.935, 1.0, 1.02, 1.01, 1.03, 1.035, 1.0]),
    "national.all_crime.outcome_rate": dict(anchors={"2010-04": .28, "2014-04": .22, "2017-04": .14},
                                            sd=0.01, cur=np.linspace(0.96, 1.04, 12)),
    "national.drugs.outcome_rate": dict(anchors={"2010-04": .93, "2014-04": .88, "2017-04": .80},
                                        sd=0.005, cur=np.linspace(0.97, 1.03, 12)),
}
# Survey sizes (respondents a month) before 2019/20.
SURVEY_MONTHLY_N = {"burglary": 48, "confidence": 125, "victim_satisfaction.whole": 110,
                    "victim_satisfaction.violence": 50, "hate.satisfaction": 9}


# --------------------------------------------------------------------------- small helpers
def r1(x: float) -> Decimal:
    """Round to 1 dp, half up (as the report does)."""
    return Decimal(repr(float(x))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


BOUNDARY_EPS = 1e-4  # no shown value may lie closer than this to a rounding boundary (x.x5)


def margin(x: float) -> float:
    """Distance (in the same units) from x to the nearest 1-dp rounding boundary (k + 0.05)."""
    return abs((abs(x) * 10) % 1 - 0.5) / 10


def pct_change(cur, base):
    return (np.asarray(cur, float) - np.asarray(base, float)) / np.asarray(base, float) * 100


def longest_run(flags) -> int:
    best = run = 0
    for f in flags:
        run = run + 1 if f else 0
        best = max(best, run)
    return best


def rolling_rate(num, den, end: int) -> float:
    return 100 * num[end - 11:end + 1].sum() / den[end - 11:end + 1].sum()


class Rng:
    """Seeded noise built only on random.random(), whose sequence Python keeps stable."""

    def __init__(self, key: str):
        self._r = random.Random(f"narrator-example:{SEED}:{key}")

    def normal(self, sd: float = 1.0) -> float:
        u1, u2 = 1.0 - self._r.random(), self._r.random()
        return sd * math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2)

    def wobble(self, sd: float) -> float:
        return math.exp(self.normal(sd))

    def poisson(self, mu: float) -> int:
        if mu < 40:
            limit, k, p = math.exp(-mu), 0, 1.0
            while True:
                p *= self._r.random()
                if p <= limit:
                    return k
                k += 1
        return max(0, round(mu + math.sqrt(mu) * self.normal()))

    def binomial(self, n: int, p: float) -> int:
        p = min(max(p, 0.0), 1.0)
        if n * p * (1 - p) < 25:
            return sum(self._r.random() < p for _ in range(n))
        return min(n, max(0, round(n * p + math.sqrt(n * p * (1 - p)) * self.normal())))


def alloc(total: int, weights, caps=None) -> np.ndarray:
    """Integers proportional to weights summing exactly to total (largest remainder), each <= cap."""
    w = np.asarray(weights, float)
    assert total >= 0 and (w > 0).all(), "alloc needs a non-negative total and positive weights"
    raw = total * w / w.sum()
    out = np.floor(raw).astype(int)
    order = np.argsort(-(raw - out), kind="stable")
    out[order[: total - out.sum()]] += 1
    if caps is not None:
        caps = np.asarray(caps, int)
        assert caps.sum() >= total, "alloc: caps too small for the total"
        full = np.zeros(len(w), bool)
        while (out > caps).any():
            full |= out >= caps
            out[full] = caps[full]
            out[~full] = alloc(total - out[full].sum(), w[~full])
    return out


def trend(anchors: dict, n: int = N_MONTHS) -> np.ndarray:
    """Log-linear interpolation between anchor months; flat before, last slope after."""
    xs = np.array([ix(m) for m in anchors], float)
    ys = np.log(np.array(list(anchors.values()), float))
    t = np.arange(n, dtype=float)
    out = np.interp(t, xs, ys)
    if len(xs) > 1:
        slope = (ys[-1] - ys[-2]) / (xs[-1] - xs[-2])
        out[t > xs[-1]] = ys[-1] + slope * (t[t > xs[-1]] - xs[-1])
    return np.exp(out)


def season(name: str, n: int = N_MONTHS) -> np.ndarray:
    s = np.array(SEASON[name], float)
    return np.resize(s / s.mean(), n)


def retry(key: str, build, rules, tries: int = 20000):
    """Draw build(rng) until no rule reports a problem (deterministic: one seeded stream)."""
    rng = Rng(key)
    problems = []
    for attempt in range(1, tries + 1):
        result = build(rng)
        problems = [p for rule in rules for p in rule(*result)]
        if not problems:
            TRIES[key] = attempt
            return result
    raise AssertionError(f"{key}: no draw met the constraints; last problems: {problems[:5]}")


TRIES: dict[str, int] = {}


def exact_pair(b_guess: int, pct: float) -> tuple[int, int]:
    """Nearest (baseline, current) pair whose % change rounds exactly to pct, away from boundaries."""
    for d in sorted(range(-40, 41), key=lambda k: (abs(k), k)):
        b = b_guess + d
        if b <= 0:
            continue
        for c in sorted({round(b * (1 + pct / 100)) + k for k in (-1, 0, 1)}):
            x = 100 * (c - b) / b
            if c >= 0 and r1(x) == Decimal(str(pct)) and (pct == 0 or margin(x) >= 0.01):
                return b, c
    raise AssertionError(f"no integer pair for {pct}% near {b_guess}")


def pick_numerators(cur_pct, base_pct, n1, n0, accept=lambda v1, v0: True):
    """Numerator totals giving the published rates, preferring a consistent rounded difference
    and values far from rounding boundaries."""
    def cands(p, n):
        lo, hi = math.floor((p - 0.06) * n / 100), math.ceil((p + 0.06) * n / 100)
        return [v for v in range(max(lo, 0), min(hi, n) + 1) if r1(100 * v / n) == Decimal(str(p))]
    c1, c0 = cands(cur_pct, n1), cands(base_pct, n0)
    if len(c1) * len(c0) > 250_000:  # very large n: the nearest numerators are as good as it gets
        c1, c0 = [round(cur_pct * n1 / 100)], [round(base_pct * n0 / 100)]
    want = Decimal(str(cur_pct)) - Decimal(str(base_pct))
    best = None
    for v1 in c1:
        for v0 in c0:
            if not accept(v1, v0):
                continue
            p1, p0 = 100 * v1 / n1, 100 * v0 / n0
            score = (r1(p1 - p0) == want, min(margin(p1), margin(p0), margin(p1 - p0)))
            if best is None or score > best[0]:
                best = (score, v1, v0)
    assert best is not None, f"no numerators for {cur_pct}% / {base_pct}%"
    return best[1], best[2]


# --------------------------------------------------------------------------- benchmark methods
def spc_signals(base_x, cur_x, run_length: int = 8):
    base_x, cur_x = np.asarray(base_x, float), np.asarray(cur_x, float)
    cl = base_x.mean()
    mr = np.abs(np.diff(base_x)).mean()
    ucl, lcl = cl + 2.66 * mr, cl - 2.66 * mr
    above = bool((cur_x > ucl).any()) or longest_run(cur_x > cl) >= run_length
    below = bool((cur_x < lcl).any()) or longest_run(cur_x < cl) >= run_length
    return above, below, dict(cl=cl, ucl=ucl, lcl=lcl, run_above=longest_run(cur_x > cl),
                              run_below=longest_run(cur_x < cl), beyond=int(((cur_x > ucl) | (cur_x < lcl)).sum()))


# --------------------------------------------------------------------------- monthly statements
# Each rule takes (values, denominators) for one measure and returns a list of problems.
# They are used both while drawing (retry) and in the final checks on the written CSV.
def yoy(v):
    return pct_change(v[CUR], v[BASE])


def rule_all_crime(v, d=None):
    y, big = yoy(v), [APR, JAN, FEB]
    others = [m for m in range(12) if m not in big]
    p = []
    if sorted(np.argsort(y)[:3]) != sorted(big):
        p.append("three largest falls are not Apr 2020, Jan 2021, Feb 2021")
    if not (y[big] < -25).all():
        p.append("Apr/Jan/Feb falls not all over 25%")
    if not y[FEB] < y[JAN] < y[APR]:
        p.append("largest fall February 2021, then January 2021, then April 2020")
    if not ((y[others] > -25) & (y[others] < 0)).all():
        p.append("other months must be smaller falls (0 to 25%)")
    if r1(y[NOV]) != Decimal("-9.8"):
        p.append(f"November 2020 is {y[NOV]:.3f}%, not -9.8%")
    return p


def rule_domestic_abuse(v, d=None):
    y, p = yoy(v), []
    over = np.flatnonzero(v > 1000)
    if len(over) == 0 or MONTHS[over[0]] != "2019-12":
        p.append("first month over 1000 is not December 2019")
    if (v[CUR] > 1000).sum() != 6:
        p.append(f"{(v[CUR] > 1000).sum()} months of 2020/21 over 1000, not 6")
    if v[CUR][NOV] != v[BASE][NOV]:
        p.append("November 2020 must equal November 2019")
    if not (np.delete(y, NOV) > 0).all():
        p.append("every other month of 2020/21 must be higher than a year earlier")
    in2016 = v[ix("2016-01"):ix("2016-12") + 1]
    if (in2016 < 500).sum() < 8:
        p.append("months in 2016 should mostly be below 500")
    if not 1.8 <= v[ix("2019-12")] / v[ix("2016-12")] <= 2.3:
        p.append("December 2019 should be about double December 2016")
    # plausibility: only just over 1000 at first, and no implausible jumps between months
    if v[ix("2019-12")] > 1050 or (np.abs(np.diff(v[BASE.start - 1:])) / v[BASE.start - 1:-1] > 0.25).any():
        p.append("December 2019 at most 1050; month-on-month changes within 25%")
    return p


def rule_spc(expect_above: bool, expect_below: bool, need_run: bool = False):
    def rule(v, d=None):
        x = v / d if d is not None else v
        above, below, info = spc_signals(x[BASE], x[CUR])
        p = []
        if (above, below) != (expect_above, expect_below):
            p.append(f"SPC signals above={above} below={below}, want {expect_above}/{expect_below}")
        if need_run and info["run_above"] < 8:
            p.append("Higher must come from a run of 8 or more months above the centre line")
        if not expect_above and not expect_below and info["beyond"]:
            p.append("no point may lie beyond the limits")
        return p
    return rule


def rule_sso(v, d=None):
    y = yoy(v)
    p = []
    if not (y[[APR, MAY, NOV, JAN, FEB]] < 0).all():
        p.append("lockdown months must be lower than a year earlier")
    if not (y[[JUN, JUL, AUG, SEP]] > 0).all():
        p.append("June to September 2020 must be higher than a year earlier")
    return p


def rule_rape(v, d=None):
    y = yoy(v)
    p = []
    if not (y[JUN:OCT + 1] > 0).all():
        p.append("June to October 2020 must be higher than a year earlier")
    if not (y[[APR, MAY, NOV, JAN, FEB, MAR]] < 0).all():
        p.append("Apr, May, Nov 2020, Jan-Mar 2021 must be lower than a year earlier")
    runs = [longest_run(y[:k + 1] > 0) for k in range(12)]
    if max(runs) != 5 or longest_run(np.r_[y[:JUN] > 0, [False], y[OCT + 1:] > 0]) >= 2:
        p.append("June-October must be the only run of two or more rises")
    return p


def rule_burglary(v, d=None):
    y = yoy(v)
    p = []
    if not (y < 0).all():
        p.append("every month of 2020/21 must be lower than a year earlier")
    for m, want in ((APR, "-58.0"), (JAN, "-65.8"), (FEB, "-66.2")):
        if r1(y[m]) != Decimal(want):
            p.append(f"month {m}: {y[m]:.3f}% not {want}%")
    others = [m for m in range(12) if m not in (APR, JAN, FEB)]
    if not all(r1(y[m]) > Decimal("-58.0") for m in others):
        p.append("other months must fall by less than 58.0%")
    return p


def rule_highest_since(fixed_month: str, value: int, since: str, check_from: str):
    """fixed_month == value, the highest of 2019/20-2020/21 and of every month after `since`."""
    def rule(v, d=None):
        p = []
        k = ix(fixed_month)
        if v[k] != value:
            p.append(f"{fixed_month} must be {value}")
        window = np.r_[v[ix(check_from):k], v[k + 1:N_MONTHS]]
        if not (window < value).all():
            p.append(f"every month from {check_from} (except {fixed_month}) must be below {value}")
        if v[ix(since)] < value:
            p.append(f"{since} must be at least {value}")
        return p
    return rule


def rule_calls999_volume(v, d):
    y = pct_change(d[CUR], d[BASE])
    p = []
    if sorted(np.argsort(-d[CUR])[:2]) != [AUG, SEP]:
        p.append("August and September 2020 must be the busiest months of 2020/21")
    if not ((y[[AUG, SEP]] > -5) & (y[[AUG, SEP]] < 1)).all():
        p.append("August/September 2020 must be close to the 2019 level")
    if not (np.delete(y, [AUG, SEP]) < -8).all():
        p.append("other months of 2020/21 must be well below 2019/20")
    if not ((d[BASE.start:] >= 8000) & (d[BASE.start:] <= 11500)).all():
        p.append("999 volumes should be 8,000 to 11,500 a month")
    return p


def rule_calls101_volume(v, d):
    p = [] if ((d[BASE.start:] >= 22000) & (d[BASE.start:] <= 36000)).all() else ["101 volumes 22,000 to 36,000"]
    if r1(pct_change(d[CUR].sum(), d[BASE].sum())) != Decimal("-18.6"):
        p.append("101 calls received must fall by 18.6%")
    if not (pct_change(d[CUR], d[BASE]) < 0).all():
        p.append("every month of 2020/21 below the same month of 2019/20")
    return p


def rule_calls_march(v, d):
    ok = d[ix("2021-03")] < min(d[ix("2020-03")], d[ix("2019-03")])
    return [] if ok else ["March 2021 volumes must be below March 2020 and March 2019"]


def rule_rolling_rise(first: str, last: str):
    def rule(v, d):
        r = [rolling_rate(v, d, k) for k in range(ix(first) - 1, ix(last) + 1)]
        return [] if all(b > a for a, b in zip(r, r[1:])) else [f"rolling rate must rise each month {first}..{last}"]
    return rule


def rule_burglary_ppo(v, d):
    r_nov, r_mar20, r_mar21 = (rolling_rate(v, d, ix(m)) for m in ("2020-11", "2020-03", "2021-03"))
    return [] if r_mar21 - r_nov > r_nov - r_mar20 else ["rise should be concentrated from December 2020"]


def rule_trafficking_ppo(v, d):
    base = 100 * v[BASE].sum() / d[BASE].sum()
    stable = all(abs(rolling_rate(v, d, k) - base) < 3 for k in range(ix("2020-04"), ix("2020-12") + 1))
    return [] if stable else ["rolling rate should stay within 3 ppts of the baseline until December 2020"]


def rule_prompt_response(v, d=None):
    p = [f"{m} must be {want}" for m, want in PROMPT_RESPONSE.items() if v[ix(m)] != want]
    others = np.delete(v, [ix(m) for m in PROMPT_RESPONSE])
    if not ((others >= 150) & (others <= 330)).all():
        p.append("other months must be 150-330 minutes")
    return p


COUNT_RULES = {
    "all_crime.recorded": [rule_all_crime],
    "da.recorded": [rule_domestic_abuse],
    "csa.recorded": [rule_spc(True, False, need_run=True)],
    "rape.recorded": [rule_rape, rule_spc(True, False, need_run=True)],
    "sso.recorded": [rule_sso],
    "msht.recorded": [rule_spc(True, False, need_run=True)],
    "burglary.recorded": [rule_burglary],
    "knife.recorded": [rule_spc(False, False)],
    "weapons.recorded": [rule_spc(False, False)],
    "drugs.trafficking.recorded": [rule_highest_since("2020-03", 79, "2011-06", "2011-07")],
    "drugs.possession.recorded": [rule_highest_since("2020-05", 156, "2014-12", "2015-01")],
}
RATE_RULES = {
    "rape.ppo_rate": [rule_rolling_rise("2020-11", "2021-03")],
    "burglary.ppo_rate": [rule_rolling_rise("2020-12", "2021-03"), rule_burglary_ppo],
    "drugs.trafficking.ppo_rate": [rule_trafficking_ppo, rule_rolling_rise("2021-01", "2021-03")],
    "drugs.ppo_rate": [rule_spc(False, False)],
    "calls999.answered_10s": [rule_spc(False, False)],
    "calls101.answered_30s": [rule_spc(False, False)],
}
VOLUME_RULES = {  # on the denominators (calls received)
    "calls999.answered_10s": [rule_calls999_volume, rule_calls_march],
    "calls101.answered_30s": [rule_calls101_volume, rule_calls_march],
}


# --------------------------------------------------------------------------- builders
def count_series(mid: str, extra_rules=(), tries: int = 20000) -> np.ndarray:
    """One count measure: history with trend/season/noise, then the two report years."""
    cur_total, base_total, _ = COUNTS[mid]
    m = COUNT_MODELS[mid]
    anchors = dict(m["anchors"], **{"2019-10": base_total / 12 / np.mean(m.get("base", [1.0] * 12))})
    mu = trend(anchors) * season(m["season"])
    for month, factor in m.get("history", {}).items():
        mu[ix(month)] *= factor
    if "start" in m:
        mu[: ix(m["start"])] = 0.0
    fixed = {ix(k): val for k, val in m.get("fixed", {}).items()}
    base_shape = np.asarray(m.get("base", [1.0] * 12))
    covid = m["covid"]
    exact = m.get("exact_yoy", {})

    def build(rng: Rng):
        v = np.array([rng.poisson(mu[i] * rng.wobble(m["sd"])) if mu[i] > 0 else 0 for i in range(108)] + [0] * 24)
        # 2019/20: noisy draw around the trend, scaled to the published total.
        w = np.array([rng.poisson(mu[i] * base_shape[i - 108] * rng.wobble(m["sd"])) + 0.5 for i in range(108, 120)])
        pinned = {k - 108: val for k, val in fixed.items() if k < 120}
        base = np.zeros(12, int)
        cur_pinned = {}
        for pos, pct in exact.items():  # months with an exact published year-on-year change
            b_guess = round(base_total * w[pos] / w.sum())
            pinned[pos], cur_pinned[pos] = exact_pair(b_guess, pct)
        free = [k for k in range(12) if k not in pinned]
        for k, val in pinned.items():
            base[k] = val
        base[free] = alloc(base_total - sum(pinned.values()), w[free])
        # 2020/21: same month a year earlier x Covid profile x noise, scaled to the total.
        cur_pinned.update({k - 120: val for k, val in fixed.items() if k >= 120})
        free = [k for k in range(12) if k not in cur_pinned]
        expect = mu[BASE] * base_shape
        scale = (cur_total - sum(cur_pinned.values())) / sum(expect[k] * covid[k] for k in free)
        wc = np.array([rng.poisson(expect[k] * covid[k] * scale * rng.wobble(m["sd"])) + 0.5 for k in free])
        cur = np.zeros(12, int)
        for k, val in cur_pinned.items():
            cur[k] = val
        cur[free] = alloc(cur_total - sum(cur_pinned.values()), wc)
        v[BASE], v[CUR] = base, cur
        return (v,)

    (v,) = retry(mid, build, COUNT_RULES.get(mid, []) + list(extra_rules), tries)
    return v


def rate_draw(mid: str, den: np.ndarray, v1: int, v0: int, cur_sl: slice = CUR, n: int = N_MONTHS):
    """A drawing function for the numerators of a proportion with given denominators and totals."""
    m = RATE_MODELS[mid]
    base_rate = v0 / den[BASE].sum()
    rate = trend(dict(m["anchors"], **{"2019-10": base_rate}), n)
    cur_shape = np.asarray(m.get("cur", [1.0] * 12), float)
    base_shape = np.asarray(m.get("base", [1.0] * 12), float)
    overlap = cur_sl.start < BASE.stop  # comparators: 2020-02..2020-03 sit in both periods
    own = range(BASE.stop, cur_sl.stop) if overlap else range(cur_sl.start, cur_sl.stop)

    def draw(rng: Rng):
        def outcomes(i, p):  # binomial draw around a rate that itself wobbles month to month
            return rng.binomial(int(den[i]), min(0.995, p * rng.wobble(m["sd"])))
        num = np.array([outcomes(i, rate[i]) for i in range(n)])
        # 2019/20 and 2020/21: noisy draws used as weights, scaled to the exact numerator totals
        wb = [outcomes(i, base_rate * base_shape[i - 108]) + 0.3 for i in range(108, 120)]
        num[BASE] = alloc(v0, wb, caps=den[BASE])
        cur_rate = v1 / den[cur_sl].sum()
        shared = num[cur_sl.start:BASE.stop].sum() if overlap else 0
        wc = [outcomes(i, cur_rate * cur_shape[i - cur_sl.start]) + 0.3 for i in own]
        num[own.start:own.stop] = alloc(v1 - shared, wc, caps=den[own.start:own.stop])
        return num, den
    return draw


def rate_measure(out: dict, mid: str, den: np.ndarray) -> None:
    cur_pct, base_pct, _, _ = PROPORTIONS[mid]
    v1, v0 = pick_numerators(cur_pct, base_pct, int(den[CUR].sum()), int(den[BASE].sum()))
    num, _ = retry(mid, rate_draw(mid, den, v1, v0), RATE_RULES.get(mid, []))
    out[mid] = (num, den)


def survey_sizes(key: str, n1: int, n0: int, monthly: float, like=None) -> np.ndarray:
    """Monthly respondent numbers: history around `monthly`, 2019/20 and 2020/21 summing to n0, n1."""
    rng = Rng(f"respondents:{key}")
    if like is not None:  # a question answered by (almost) the same respondents as `like`
        den = np.array([max(1, x - rng.binomial(int(x), 0.004)) for x in like])
        den[BASE] = alloc(n0, like[BASE], caps=like[BASE])
        den[CUR] = alloc(n1, like[CUR], caps=like[CUR])
        return den
    den = np.array([max(3, rng.poisson(monthly * rng.wobble(0.1))) for _ in range(N_MONTHS)])
    den[BASE] = alloc(n0, [rng.wobble(0.12) for _ in range(12)])
    den[CUR] = alloc(n1, [rng.wobble(0.12) for _ in range(12)])
    return den


# --------------------------------------------------------------------------- families
def make_victims(out: dict) -> None:
    for mid in ("all_crime.recorded", "da.recorded", "csa.recorded", "cse.recorded", "msht.recorded",
                "fraud.non_crime_investigations", "fraud.referrals"):
        out[mid] = (count_series(mid), None)
    rape = count_series("rape.recorded")
    out["rape.recorded"] = (rape, None)
    gap = lambda v: [] if (v - rape >= 0.3 * v).all() else ["rape must stay well below all SSOs"]
    out["sso.recorded"] = (count_series("sso.recorded", [gap]), None)
    for mid in ("da.ppo_rate", "csa.ppo_rate", "sso.ppo_rate", "rape.ppo_rate"):
        rate_measure(out, mid, out[LINKED_DENOMINATORS[mid]][0])
    # Median prompt response to domestic incidents (minutes): published months fixed, others invented.
    rng = Rng("da.prompt_response")
    level = trend({"2010-04": 205, "2015-04": 230, "2019-04": 245, "2020-04": 225, "2020-09": 215})
    v = np.array([round(level[i] * season("response")[i] * rng.wobble(0.06)) for i in range(N_MONTHS)])
    for month, minutes in PROMPT_RESPONSE.items():
        v[ix(month)] = minutes
    out["da.prompt_response"] = (v, None)


def make_acquisitive(out: dict) -> None:
    out["burglary.recorded"] = (count_series("burglary.recorded"), None)
    out["tomv.recorded"] = (count_series("tomv.recorded"), None)
    for mid in ("all_crime.outcome_rate", "burglary.ppo_rate", "tomv.ppo_rate"):
        rate_measure(out, mid, out[LINKED_DENOMINATORS[mid]][0])
    # Dwelling burglary victim survey: one sample of respondents, five questions.
    whole = survey_sizes("burglary", 509, 544, SURVEY_MONTHLY_N["burglary"])
    sizes = {"burglary.satisfaction": whole}
    for mid in ("burglary.satisfaction_actions", "burglary.satisfaction_follow_up", "burglary.satisfaction_treatment"):
        sizes[mid] = survey_sizes(mid, *PROPORTIONS[mid][2:], 0, like=whole)
    rng = Rng("respondents:burglary.satisfaction_contact")  # about 73% answer the contact question
    contact = np.array([max(1, rng.binomial(int(x), 0.73)) for x in whole])
    contact[BASE] = alloc(397, whole[BASE] * 0.73, caps=whole[BASE])
    contact[CUR] = alloc(374, whole[CUR] * 0.73, caps=whole[CUR])
    sizes["burglary.satisfaction_contact"] = contact
    for mid, den in sizes.items():
        rate_measure(out, mid, den)


def make_public_satisfaction(out: dict) -> None:
    # Calls: volumes with seasonality, suppressed in 2020/21 (999 back near 2019 levels in Aug/Sep).
    calls = {  # anchors (calls a month), 2020/21 level relative to the same month of 2019/20
        "calls999.answered_10s": ({"2010-04": 7300, "2014-04": 8300, "2017-04": 9300, "2019-10": 10150},
                                  [0.80, 0.86, 0.90, 0.92, 0.985, 0.975, 0.88, 0.84, 0.86, 0.80, 0.83, 0.88]),
        "calls101.answered_30s": ({"2010-04": 38000, "2014-04": 36000, "2017-04": 33500, "2019-10": 32000},
                                  [0.76, 0.78, 0.82, 0.84, 0.86, 0.86, 0.82, 0.78, 0.80, 0.74, 0.78, 0.86]),
    }
    for mid, (anchors, covid) in calls.items():
        mu = trend(anchors) * season("calls")

        def build(rng, mu=mu, covid=covid, mid=mid):
            den = np.array([rng.poisson(mu[i] * rng.wobble(0.025)) for i in range(N_MONTHS)])
            den[CUR] = [rng.poisson(den[108 + k] * covid[k] * rng.wobble(0.015)) for k in range(12)]
            if mid.startswith("calls101"):  # published: 18.6% fewer 101 calls than in 2019/20
                den[CUR] = alloc(round(den[BASE].sum() * (1 - 0.186)), den[CUR])
            return None, den
        _, den = retry(f"volumes:{mid}", build, VOLUME_RULES[mid])
        rate_measure(out, mid, den)
    for mid, key in (("confidence.local_concerns", "confidence"),
                     ("victim_satisfaction.whole", "victim_satisfaction.whole"),
                     ("victim_satisfaction.violence", "victim_satisfaction.violence")):
        n1, n0 = PROPORTIONS[mid][2:]
        rate_measure(out, mid, survey_sizes(mid, n1, n0, SURVEY_MONTHLY_N[key]))


def make_communities(out: dict) -> None:
    for mid in ("hate.recorded", "knife.recorded", "weapons.recorded"):
        out[mid] = (count_series(mid), None)
    for mid in ("hate.ppo_rate", "knife.ppo_rate", "weapons.ppo_rate"):
        rate_measure(out, mid, out[LINKED_DENOMINATORS[mid]][0])
    n1, n0 = PROPORTIONS["hate.satisfaction"][2:]
    respondents = survey_sizes("hate.satisfaction", n1, n0, SURVEY_MONTHLY_N["hate.satisfaction"])
    rate_measure(out, "hate.satisfaction", respondents)
    for mid in ("youth.dispersal_authorities", "youth.cbo", "youth.cpw", "youth.injunctions"):
        out[mid] = (count_series(mid), None)  # zero before the power existed (model "start")


def make_drugs(out: dict) -> None:
    """Drugs = trafficking + possession + an unpublished 'other' remainder; the same for outcomes."""
    traff = count_series("drugs.trafficking.recorded")
    poss = count_series("drugs.possession.recorded")
    rng = Rng("drugs.other")
    other = np.array([rng.poisson(4.0 * rng.wobble(0.2)) for _ in range(N_MONTHS)])
    other[CUR] = alloc(DRUGS_OTHER[0], [rng.wobble(0.3) for _ in range(12)])
    other[BASE] = alloc(DRUGS_OTHER[1], [rng.wobble(0.3) for _ in range(12)])
    drugs = traff + poss + other
    assert tuple(COUNTS["drugs.recorded"][:2]) == (drugs[CUR].sum(), drugs[BASE].sum()), "drugs totals"
    out.update({"drugs.trafficking.recorded": (traff, None), "drugs.possession.recorded": (poss, None),
                "drugs.recorded": (drugs, None)})

    t1, t0 = pick_numerators(*PROPORTIONS["drugs.trafficking.ppo_rate"][:2], traff[CUR].sum(), traff[BASE].sum())
    p1, p0 = pick_numerators(*PROPORTIONS["drugs.possession.ppo_rate"][:2], poss[CUR].sum(), poss[BASE].sum())
    fits = lambda v1, v0: 0 <= v1 - t1 - p1 <= DRUGS_OTHER[0] and 0 <= v0 - t0 - p0 <= DRUGS_OTHER[1]
    d1, d0 = pick_numerators(*PROPORTIONS["drugs.ppo_rate"][:2], drugs[CUR].sum(), drugs[BASE].sum(), accept=fits)
    draws = (rate_draw("drugs.trafficking.ppo_rate", traff, t1, t0),
             rate_draw("drugs.possession.ppo_rate", poss, p1, p0),
             rate_draw("drugs.other.ppo_rate", other, d1 - t1 - p1, d0 - t0 - p0))
    parts = {}

    def build(rng: Rng):  # one draw of the three components; the rules see the combined rate
        parts["t"], parts["p"], parts["o"] = (draw(rng)[0] for draw in draws)
        return parts["t"] + parts["p"] + parts["o"], drugs

    traff_rules = RATE_RULES["drugs.trafficking.ppo_rate"]
    rules = RATE_RULES["drugs.ppo_rate"] + [lambda v, d: [p for r in traff_rules for p in r(parts["t"], traff)]]
    num, _ = retry("drugs.ppo_rate", build, rules)
    out["drugs.trafficking.ppo_rate"] = (parts["t"], traff)
    out["drugs.possession.ppo_rate"] = (parts["p"], poss)
    out["drugs.ppo_rate"] = (num, drugs)


def make_national(out: dict) -> None:
    """iQuanta comparators for the 43 forces, to January 2021 (current = 2020-02..2021-01)."""
    n = N_COMPARATOR
    # All-crime outcome rate: denominators are national recorded crime (about 5-6 million a year).
    rng = Rng("national.recorded_crime")
    mu = trend({"2010-04": 310000, "2014-04": 300000, "2017-04": 400000, "2019-10": 462000}, n) * season("crime", n)
    crime = np.array([round(mu[i] * rng.wobble(0.02)) for i in range(n)])
    crime[ix("2020-03")] = round(crime[ix("2020-03")] * 0.92)
    covid = [0.75, 0.85, 0.93, 0.96, 0.95, 0.95, 0.92, 0.85, 0.90, 0.84]  # Apr 2020..Jan 2021
    crime[120:130] = [round(crime[108 + k] * covid[k] * rng.wobble(0.01)) for k in range(10)]
    mid = "national.all_crime.outcome_rate"
    v1, v0 = pick_numerators(*PROPORTIONS[mid][:2], crime[COMP_CUR].sum(), crime[BASE].sum())
    out[mid] = retry(mid, rate_draw(mid, crime, v1, v0, cur_sl=COMP_CUR, n=n), [])
    # Drugs offences: +11.1% in the 12 months to January 2021 on FY 2019/20.
    cur_total, base_total, _ = NATIONAL_DRUGS
    rng = Rng("national.drugs.recorded")
    mu = trend({"2010-04": 19500, "2013-04": 17500, "2016-04": 12800, "2018-04": 12200,
                "2019-10": base_total / 12}, n) * season("drugs", n)
    drugs = np.array([round(mu[i] * rng.wobble(0.03)) for i in range(n)])
    drugs[BASE] = alloc(base_total, drugs[BASE])
    covid = [1.30, 1.42, 1.25, 1.10, 1.05, 1.05, 1.08, 1.15, 1.05, 1.10]
    weights = [drugs[108 + k] * covid[k] * rng.wobble(0.02) for k in range(10)]
    drugs[120:130] = alloc(cur_total - drugs[118:120].sum(), weights)  # Feb-Mar 2020 are in both periods
    out["national.drugs.recorded"] = (drugs, None)
    mid = "national.drugs.outcome_rate"
    v1, v0 = pick_numerators(*PROPORTIONS[mid][:2], drugs[COMP_CUR].sum(), drugs[BASE].sum())
    out[mid] = retry(mid, rate_draw(mid, drugs, v1, v0, cur_sl=COMP_CUR, n=n), [])


def write_csv(out: dict) -> None:
    OUT_CSV.parent.mkdir(exist_ok=True)
    with open(OUT_CSV, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["measure", "month", "value", "denominator"])
        for mid in sorted(out):
            v, d = out[mid]
            for i in range(N_COMPARATOR if mid.startswith("national.") else N_MONTHS):
                w.writerow([mid, MONTHS[i], int(v[i]), "" if d is None else int(d[i])])


# --------------------------------------------------------------------------- checks on the CSV
def load_series(df: pd.DataFrame) -> dict:
    out = {}
    for mid, g in df.groupby("measure", sort=False):
        v = g["value"].to_numpy(dtype=np.int64)
        d = None if g["denominator"].isna().all() else g["denominator"].to_numpy(dtype=np.int64)
        out[mid] = (v, d)
    return out


def check_catalogue(cat: list) -> None:
    ids = [e["id"] for e in cat]
    assert ids == list(EXPECTED), "measures.yaml must list exactly the expected measures, in the brief's order"
    for e in cat:
        mid = e["id"]
        assert all(s.replace("_", "").isalnum() and s == s.lower() for s in mid.split(".")), f"{mid}: id format"
        assert e["label"] and e["name"], f"{mid}: label and name required"
        assert e["kind"] in ("count", "proportion", "level"), f"{mid}: kind"
        assert e["polarity"] in ("higher_is_better", "lower_is_better", "neutral"), f"{mid}: polarity"
        bench = e.get("benchmark")
        assert bench in (None, "none"), f"{mid}: the example uses the default test of its kind (or none)"
        want_format = {"count": "integer", "proportion": "percent", "level": "minutes"}[e["kind"]]
        assert e["format"] == want_format, f"{mid}: format must be {want_format}"
        assert bool(e.get("comparator")) == mid.startswith("national."), f"{mid}: comparator flag"
        assert (e["kind"] == "count") == (mid in COUNTS or mid == "national.drugs.recorded"), f"{mid}: kind vs targets"
        assert (e["kind"] == "proportion") == (mid in PROPORTIONS), f"{mid}: kind vs targets"


def check_layout(df: pd.DataFrame, cat: list) -> None:
    assert list(df.columns) == ["measure", "month", "value", "denominator"], "CSV columns"
    assert df["month"].str.fullmatch(r"\d{4}-(0[1-9]|1[0-2])").all(), "month must be YYYY-MM"
    in_order = df.sort_values(["measure", "month"], kind="stable").reset_index(drop=True)
    assert df.equals(in_order), "rows must be sorted by measure, then month"
    assert not df.duplicated(["measure", "month"]).any(), "one row per measure per month"
    kinds = {e["id"]: e["kind"] for e in cat}
    assert set(df["measure"]) == set(kinds), "CSV measures must match measures.yaml"
    for mid, g in df.groupby("measure"):
        want = MONTHS[:N_COMPARATOR] if mid.startswith("national.") else MONTHS
        assert list(g["month"]) == want, f"{mid}: months must run {want[0]}..{want[-1]}"
        assert g["value"].notna().all() and (g["value"] >= 0).all(), f"{mid}: values must be non-negative integers"
        if kinds[mid] == "proportion":
            assert g["denominator"].notna().all() and (g["denominator"] > 0).all(), f"{mid}: denominators > 0"
            assert (g["value"] <= g["denominator"]).all(), f"{mid}: value <= denominator"
        else:
            assert g["denominator"].isna().all(), f"{mid}: denominator only for proportions"


def periods(mid: str):
    return (COMP_CUR, BASE) if mid.startswith("national.") else (CUR, BASE)


def headline(mid: str, v, d):
    """(current, baseline, change) as the tool computes them (rates in %, change in % or ppts)."""
    cur, base = periods(mid)
    if d is None:
        c, b = v[cur].sum(), v[base].sum()
        return c, b, 100 * (c - b) / b
    c, b = 100 * v[cur].sum() / d[cur].sum(), 100 * v[base].sum() / d[base].sum()
    return c, b, c - b


def check_headlines(series: dict) -> None:
    targets = dict(COUNTS, **{"national.drugs.recorded": NATIONAL_DRUGS})
    for mid, (cur_t, base_t, change) in targets.items():
        c, b, ch = headline(mid, *series[mid])
        assert (c, b) == (cur_t, base_t), f"{mid}: totals {c} v {b}, want {cur_t} v {base_t}"
        assert r1(ch) == Decimal(str(change)), f"{mid}: change {ch:.4f}% does not round to {change}%"
        assert margin(ch) >= BOUNDARY_EPS, f"{mid}: change {ch} sits on a rounding boundary"
    for mid, (cur_p, base_p, n1, n0) in PROPORTIONS.items():
        v, d = series[mid]
        c, b, ch = headline(mid, v, d)
        assert (r1(c), r1(b)) == (Decimal(str(cur_p)), Decimal(str(base_p))), f"{mid}: {c:.3f}% v {b:.3f}%"
        assert min(margin(c), margin(b)) >= BOUNDARY_EPS, f"{mid}: a rate sits on a rounding boundary"
        if n1 is not None:
            cur, base = periods(mid)
            assert (d[cur].sum(), d[base].sum()) == (n1, n0), f"{mid}: respondents must be n={n1} v n={n0}"
        if mid in LINKED_DENOMINATORS:
            assert (d == series[LINKED_DENOMINATORS[mid]][0]).all(), f"{mid}: denominators = {LINKED_DENOMINATORS[mid]}"
        consistent = r1(c) - r1(b) == r1(ch)
        if mid in KNOWN_ROUNDING_CONFLICTS:
            assert not consistent, f"{mid}: now consistent; remove it from KNOWN_ROUNDING_CONFLICTS"
        else:
            assert consistent and margin(ch) >= BOUNDARY_EPS, f"{mid}: {r1(c)} - {r1(b)} != {r1(ch)} ppts"


def check_statements(series: dict) -> None:
    for mid, rules in list(COUNT_RULES.items()) + list(RATE_RULES.items()) + list(VOLUME_RULES.items()):
        for rule in rules:
            problems = rule(*series[mid])
            assert not problems, f"{mid}: {problems}"
    assert not rule_prompt_response(*series["da.prompt_response"]), "prompt response months"
    traff, poss, drugs = (series[f"drugs.{k}recorded"][0] for k in ("trafficking.", "possession.", ""))
    assert (drugs >= traff + poss).all(), "drugs.recorded must cover trafficking + possession every month"
    tn, pn, dn = (series[k][0] for k in ("drugs.trafficking.ppo_rate", "drugs.possession.ppo_rate", "drugs.ppo_rate"))
    assert (dn >= tn + pn).all() and (dn - tn - pn <= drugs - traff - poss).all(), "drugs outcomes must add up"
    rape, sso = series["rape.recorded"][0], series["sso.recorded"][0]
    assert (rape < sso).all(), "rape is a subset of serious sexual offences"
    whole = series["burglary.satisfaction"][1]
    for q in ("contact", "actions", "follow_up", "treatment"):
        assert (series[f"burglary.satisfaction_{q}"][1] <= whole).all(), f"burglary {q}: respondents <= whole sample"
    crime = series["national.all_crime.outcome_rate"][1]
    for sl in (BASE, COMP_CUR):
        assert 5_000_000 <= crime[sl].sum() <= 6_000_000, "national recorded crime: 5-6 million a year"
    for sl in (BASE, COMP_CUR):
        assert 150_000 <= series["national.drugs.recorded"][0][sl].sum() <= 200_000, "national drugs: 150-200k a year"


def check_all() -> dict:
    df = pd.read_csv(OUT_CSV, dtype={"measure": str, "month": str, "value": "Int64", "denominator": "Int64"})
    cat = yaml.safe_load(CATALOGUE.read_text())["measures"]
    check_catalogue(cat)
    check_layout(df, cat)
    series = load_series(df)
    check_headlines(series)
    check_statements(series)
    return {"df": df, "cat": cat, "series": series}


def summary(checked: dict) -> str:
    lines = [f"{'measure':36} {'2020/21':>10} {'2019/20':>10} {'change':>9}  published judgement"]
    for e in checked["cat"]:
        v, d = checked["series"][e["id"]]
        if e["kind"] == "level":
            lines.append(f"{e['id']:36} {'(monthly medians, no 12-month figure)':>31}  -")
            continue
        c, b, ch = headline(e["id"], v, d)
        if d is None:
            cells = f"{c:>10,} {b:>10,} {str(r1(ch)) + '%':>9}"
        else:
            cells = f"{str(r1(c)) + '%':>10} {str(r1(b)) + '%':>10} {str(r1(ch)) + 'pp':>9}"
        lines.append(f"{e['id']:36} {cells}  {EXPECTED[e['id']]}")
    return "\n".join(lines)


def main() -> None:
    out: dict = {}
    for family in (make_victims, make_acquisitive, make_public_satisfaction, make_communities,
                   make_drugs, make_national):
        family(out)
    write_csv(out)
    checked = check_all()
    print(summary(checked))
    print(f"\nwrote {OUT_CSV.relative_to(ROOT)}: {len(checked['df'])} rows, {len(out)} measures; all checks passed")


if __name__ == "__main__":
    main()
