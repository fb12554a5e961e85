"""report.yaml's peers:, checked as written."""

from pathlib import Path

import pytest

from narrator.errors import InputError
from narrator.settings.peers import PeerSettings, read_peer_settings

W = "report.yaml"


def test_the_two_lines_and_their_defaults():
    given = read_peer_settings({"table": "rec-crime-pfa.csv", "forces": ["Essex", " Kent "]}, Path("p"), W)
    assert given == PeerSettings(Path("p/rec-crime-pfa.csv"), "home-office-pfa", ("Essex", "Kent"), None, "most similar group")
    assert read_peer_settings(None, Path("p"), W) is None


@pytest.mark.parametrize("entry, message", [
    ({"forces": ["Essex"]}, "report.yaml: peers: missing key 'table'"),
    ({"table": "t.csv", "forces": "Essex"}, "report.yaml: peers.forces: expected a list of forces as the table names them, such as [Essex, Kent], found the text 'Essex'"),
    ({"table": "t.csv", "forces": []}, "report.yaml: peers.forces: expected a list of forces as the table names them, such as [Essex, Kent], found a list"),
    ({"table": {"file": "t.csv", "layout": "home-office"}, "forces": ["Essex"]},
     "report.yaml: peers.table.layout: 'home-office' is not a layout of a published table with a force column; "
     "did you mean 'home-office-pfa'?; layouts: home-office-pfa (or name the table's columns with columns:)"),
    ({"table": "t.csv", "forces": ["Essex"], "grup": "x"}, "report.yaml: peers: unknown key 'grup'; did you mean 'group'?"),
    ({"table": {"file": "t.csv", "columns": {"force": "F", "period_end": "P", "offence": "O", "value": 3}}, "forces": ["Essex"]},
     "report.yaml: peers.table.columns.value: expected the name of a column of the table, found the number 3"),
])
def test_mistakes_are_one_line_each(entry, message):
    with pytest.raises(InputError) as error:
        read_peer_settings(entry, Path("p"), W)
    assert str(error.value) == message
