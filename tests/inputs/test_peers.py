"""inputs/peers.py: the force, its peers and England and Wales from a published table, every name checked against it."""

from __future__ import annotations

from pathlib import Path

import pytest

from narrator.errors import InputError
from narrator.inputs.peers import read_peers
from narrator.settings.catalogue import load_catalogue
from narrator.settings.peers import PeerSettings

COLUMNS = {"force": "Force", "period_end": "Year ending", "offence": "Offence", "value": "Offences"}
COUNTS = {"Kent": (100, 120), "Essex": (90, 80), "Surrey": (50, 55), "British Transport Police": (10, 12)}


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("peers")
    (folder / "measures.yaml").write_text(
        "measures:\n  - {id: drugs, label: Drugs, name: drug offences, kind: count, polarity: lower_is_better, peer_group: Drug offences}\n"
        "  - {id: other, label: Other, name: other offences, kind: count, polarity: lower_is_better}\n", encoding="utf-8")
    (folder / "forces.csv").write_text("Force,Year ending,Offence,Offences\n" + "".join(
        f"{force},2020-03,Drug offences,{before}\n{force},2021-03,Drug offences,{now}\n" for force, (before, now) in COUNTS.items()),
        encoding="utf-8")
    return folder


def peers(folder: Path, forces=("Essex", "Surrey"), force=None, report_force="Kent Police", catalogue="measures.yaml"):
    settings = PeerSettings(folder / "forces.csv", "", tuple(forces), force, columns=COLUMNS)
    return read_peers(settings, load_catalogue(folder / catalogue), report_force, "report.yaml", folder / "measures.yaml")


def test_the_force_is_report_force_as_the_table_names_it_and_england_and_wales_leaves_out_the_railways(folder):
    found = peers(folder)
    assert (found.force, found.forces, found.national, found.excluded, found.measures, found.group, found.name) == (
        "Kent", ("Essex", "Surrey"), ("Essex", "Kent", "Surrey"), ("British Transport Police",), ("drugs",),
        "most similar group", "England and Wales")
    kent = found.rows[found.rows["area"] == "Kent"]
    assert [(str(m), v) for m, v in zip(kent["month"], kent["value"])] == [("2020-03", 100.0), ("2021-03", 120.0)]
    assert peers(folder, force="Kent", report_force=None).force == "Kent"


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"forces": ("Esex",)}, "report.yaml: peers.forces: 'Esex' is not a force of {table}; did you mean 'Essex'?"),
    ({"forces": ("Kent",)}, "report.yaml: peers.forces: 'Kent' is the force itself; list its peers only"),
    ({"force": "Kentt"}, "report.yaml: peers.force: 'Kentt' is not a force of {table}; did you mean 'Kent'?"),
    ({"report_force": None}, "report.yaml: peers: the report names no force (report.force), and it is not a force of {table}; "
                             "name it as the table does with peers.force, such as force: Kent"),
    ({"report_force": "Sussex"}, "report.yaml: peers: the force 'Sussex' (report.force) is none of the 4 forces in {table}; "
                                 "near names: 'Essex'; name it as the table does with peers.force, such as force: Kent"),
])
def test_every_name_is_checked_against_the_table(folder, kwargs, message):
    with pytest.raises(InputError) as caught:
        peers(folder, **kwargs)
    assert str(caught.value) == message.format(table=folder / "forces.csv")


def test_without_a_measure_to_compare_peers_is_refused_and_without_peers_there_are_none(folder, tmp_path):
    (tmp_path / "measures.yaml").write_text(
        "measures:\n  - {id: other, label: Other, name: other offences, kind: count, polarity: lower_is_better}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        peers(folder, catalogue=tmp_path / "measures.yaml")
    assert str(caught.value) == (f"{folder / 'measures.yaml'}: no measure has peer_group, so report.yaml: peers has nothing to "
                                 "compare; name a measure's offence group in the table, such as peer_group: Drug offences")
    assert read_peers(None, load_catalogue(folder / "measures.yaml"), "Kent", "report.yaml", folder / "measures.yaml") is None
