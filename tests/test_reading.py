"""One reader for every file Narrator opens (narrator/reading.py): ordinary files only, never
waiting on a pipe or reading a device, bounded, zip members counted as they inflate, no DTDs;
and `narrator check` / `refresh` / `build` on hostile files: one line, exit 2, bounded memory."""

from __future__ import annotations

import io
import os
import shutil
import struct
import zipfile
from pathlib import Path

import pytest
from conftest import copy_example
from hostile import MEMORY_MB, run_narrator

from narrator import cli
from narrator.errors import InputError
from narrator.reading import LIMIT, has_dtd, read_bytes, read_members, safe_member_name, shown

BIG = LIMIT + 2**20  # just past the limit: zeros deflate about a thousand to one


def bomb(path: Path, size: int = BIG, *, name: str = "bomb.bin", base: bytes | None = None) -> Path:
    """A zip (``base``'s members, if given, then one of ``size`` zero bytes): small on disk."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        if base is not None:
            with zipfile.ZipFile(io.BytesIO(base)) as source:
                for info in source.infolist():
                    target.writestr(info, source.read(info))
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED
        with target.open(info, "w") as stream:
            chunk = b"\0" * 2**20
            for _ in range(size // len(chunk)):
                stream.write(chunk)
    path.write_bytes(out.getvalue())
    return path


def lie_about_sizes(data: bytes, name: bytes, declared: int) -> bytes:
    """``data`` with the member ``name`` declaring ``declared`` bytes unpacked, in both headers."""
    data = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at:name_at + len(name)] == name:
                data[start + offset:start + offset + 4] = struct.pack("<I", declared)
            start += 4
    return bytes(data)


# --------------------------------------------------------------------------- the reader


def test_special_files_are_refused_without_being_opened(tmp_path):
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)  # opening it for reading would wait for a writer
    with pytest.raises(InputError) as caught:
        read_bytes(pipe, expected="expected a CSV file")
    assert str(caught.value) == f"{pipe}: is a named pipe, not a file; expected a CSV file"
    with pytest.raises(InputError) as caught:
        read_bytes("/dev/zero", expected="expected a CSV file")
    assert str(caught.value) == "/dev/zero: is a device, not a file; expected a CSV file"
    with pytest.raises(InputError) as caught:
        read_bytes(tmp_path, expected="expected a CSV file")
    assert str(caught.value) == f"{tmp_path}: is a folder; expected a CSV file"
    link = tmp_path / "zero.csv"
    link.symlink_to("/dev/zero")
    with pytest.raises(InputError) as caught:
        read_bytes(link, expected="expected a CSV file")
    assert str(caught.value) == f"{link}: is a device, not a file; expected a CSV file"


def test_a_file_larger_than_the_limit_is_refused_from_its_size(tmp_path):
    large = tmp_path / "large.csv"
    with open(large, "wb") as stream:
        stream.truncate(LIMIT + 1)  # sparse: no disk used
    with pytest.raises(InputError) as caught:
        read_bytes(large, expected="expected a CSV file")
    assert str(caught.value) == f"{large}: 64 MB, more than the 64 MB Narrator reads from one file; expected a CSV file"
    assert read_bytes(large, limit=LIMIT + 1)[:1] == b"\0"


def test_a_zip_bomb_is_refused_by_its_declared_size(tmp_path):
    data = bomb(tmp_path / "b.zip").read_bytes()
    assert len(data) < 200_000
    with pytest.raises(InputError) as caught:
        read_members(data, "b.docx")
    assert str(caught.value) == ("b.docx: not a Word document (.docx) that Narrator can read (its parts would unpack "
                                 "to 65 MB, more than the 64 MB Narrator unpacks from one file)")


def test_a_zip_bomb_that_lies_about_its_size_is_refused_as_it_inflates(tmp_path):
    data = lie_about_sizes(bomb(tmp_path / "b.zip").read_bytes(), b"bomb.bin", 100)
    with pytest.raises(InputError) as caught:
        read_members(data, "b.docx")
    assert str(caught.value) == ("b.docx: not a Word document (.docx) that Narrator can read "
                                 "(the part 'bomb.bin' is damaged: Bad CRC-32 for file 'bomb.bin')")


def test_a_part_with_a_dtd_is_refused(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        target.writestr("word/document.xml", '<?xml version="1.0"?>\n<!-- x -->\n<!DOCTYPE d [<!ENTITY e "x">]><d>&e;</d>')
    with pytest.raises(InputError) as caught:
        read_members(out.getvalue(), "d.docx")
    assert str(caught.value) == ("d.docx: the part 'word/document.xml' declares a DTD (<!DOCTYPE …>), which Narrator never reads "
                                 "(its entities could insert or multiply text); save the file again from the program that made it")


@pytest.mark.parametrize(("head", "dtd"), [
    (b'<?xml version="1.0"?><w:document/>', False),
    (b"\xef\xbb\xbf<?xml version='1.0'?>\r\n<!-- <!DOCTYPE --><?pi x?><a/>", False),
    (b"<!DOCTYPE a><a/>", True),
    (b'<?xml version="1.0"?>\n  <!DOCTYPE a SYSTEM "http://x/a.dtd"><a/>', True),
    ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE a><a/>'.encode("utf-16"), True),
    ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE a><a/>'.encode("utf-16-le"), True),
    ('<?xml version="1.0" encoding="UTF-16"?><a/>'.encode("utf-16-be"), False),
])
def test_dtds_are_found_in_any_encoding(head, dtd):
    assert has_dtd(head) is dtd


def test_member_names_that_leave_the_package():
    assert [safe_member_name(n) for n in ("word/document.xml", "../../x", "/etc/x", "a/../../x", "C:x", "a\\..\\x")] == [
        True, False, False, False, False, False]


def test_a_message_shows_a_value_cut_short():
    many = ["x" * 1000] * 10**6
    assert len(shown(many)) < 600 and len(shown({"a": many})) < 600


# --------------------------------------------------------------------------- the commands, on hostile drafts


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    copy_example(root)
    assert cli.main(["build", "--data", str(root / "data"), "--out", str(root / "report.docx")]) == 0
    return root


@pytest.fixture
def project(built, tmp_path):
    shutil.copytree(built / "data", tmp_path / "data")
    shutil.copy2(built / "report.docx", tmp_path / "report.docx")
    return tmp_path


@pytest.mark.slow  # a fresh interpreter, memory measured
@pytest.mark.parametrize("command", [["check"], ["refresh", "--out", "new.docx"], ["refresh", "--in-place"]])
def test_check_and_refresh_of_a_pipe_or_a_device(project, command):
    os.mkfifo(project / "pipe.docx")
    code, err, peak = run_narrator(*command[:1], "pipe.docx", *command[1:], cwd=project, timeout=60)
    assert (code, err) == (2, "narrator: pipe.docx: is a named pipe, not a file; name the draft file")
    if command == ["check"]:
        code, err, peak = run_narrator("check", "/dev/zero", cwd=project, timeout=60)
        assert (code, err) == (2, "narrator: /dev/zero: is a device, not a file; name the draft file")
        assert peak < MEMORY_MB
    assert sorted(p.name for p in project.iterdir()) == ["data", "pipe.docx", "report.docx"]


@pytest.mark.slow  # a fresh interpreter, memory measured
@pytest.mark.parametrize("lie", [False, True])
def test_check_of_a_draft_that_is_a_zip_bomb(project, lie):
    draft = bomb(project / "bomb.docx", base=(project / "report.docx").read_bytes(), name="word/media/x.bin")
    if lie:
        draft.write_bytes(lie_about_sizes(draft.read_bytes(), b"word/media/x.bin", 1000))
    code, err, peak = run_narrator("check", "bomb.docx", cwd=project, timeout=120)
    if lie:  # the sizes it declares are small, so it inflates until its CRC fails: a damaged package (drafts/sound.py)
        expected = ("narrator: bomb.docx: is damaged: its part word/media/x.bin cannot be unpacked (Bad CRC-32 for file "
                    "'word/media/x.bin'); open it in Word (which offers to repair it) or LibreOffice and save it again as .docx")
    else:
        expected = ("narrator: bomb.docx: not a Word document (.docx) that Narrator can read (its parts would unpack to 65 MB, "
                    "more than the 64 MB Narrator unpacks from one file)")
    assert (code, err) == (2, expected)
    assert peak < MEMORY_MB


@pytest.mark.slow  # a fresh interpreter, memory measured
def test_a_bomb_under_out_is_never_inflated_and_never_replaced(project):
    bomb(project / "old.docx", size=2 * BIG)
    code, err, peak = run_narrator("build", "--data", "data", "--out", "old.docx", cwd=project, timeout=180)
    assert code == 2 and err == ("narrator: old.docx: not a draft Narrator wrote (it carries no Narrator fingerprint), so it "
                                 "was not overwritten; use --out to write the new draft elsewhere, or --force to replace it")
    assert peak < MEMORY_MB


def _with_member(data: bytes, name: str, content: bytes, *, replace: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if not (replace and info.filename == name):
                target.writestr(info, source.read(info))
        target.writestr(name, content)
    return out.getvalue()


def test_refresh_of_a_draft_with_a_dtd_is_refused(project, capsys, monkeypatch):
    draft = project / "report.docx"
    with zipfile.ZipFile(draft) as package:
        document = package.read("word/document.xml")
    hostile = document.replace(b"?>", b'?><!DOCTYPE w:document [<!ENTITY x "ENTITY TEXT">]>', 1).replace(b"<w:t>", b"<w:t>&x;", 1)
    draft.write_bytes(_with_member(draft.read_bytes(), "word/document.xml", hostile, replace=True))
    monkeypatch.chdir(project)
    assert cli.main(["refresh", "report.docx", "--out", "new.docx"]) == 2
    assert capsys.readouterr().err == (
        "narrator: report.docx: the part 'word/document.xml' declares a DTD (<!DOCTYPE …>), which Narrator never reads "
        "(its entities could insert or multiply text); save the file again from the program that made it\n")
    assert not (project / "new.docx").exists()


def test_refresh_never_copies_a_member_that_leaves_the_package(project, capsys, monkeypatch):
    draft = project / "report.docx"
    draft.write_bytes(_with_member(draft.read_bytes(), "../../x", b"outside"))
    monkeypatch.chdir(project)
    assert cli.main(["refresh", "report.docx", "--out", "new.docx"]) == 0
    with zipfile.ZipFile(project / "new.docx") as package:
        assert "../../x" not in package.namelist() and "word/document.xml" in package.namelist()
