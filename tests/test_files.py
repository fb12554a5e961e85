import os
import stat

import pytest

from narrator.files import write_atomically


def test_writes_through_a_temporary_file_with_ordinary_permissions(tmp_path):
    target = tmp_path / "draft.docx"
    old = os.umask(0o022)
    try:
        write_atomically(target, b"first")
    finally:
        os.umask(old)
    assert target.read_bytes() == b"first"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["draft.docx"]  # no temporary file left


def test_keeps_the_permissions_of_the_file_it_replaces(tmp_path):
    target = tmp_path / "draft.docx"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_failed_write_leaves_the_old_file_as_it_was(tmp_path, monkeypatch):
    target = tmp_path / "draft.docx"
    target.write_bytes(b"the analyst's draft")

    def full_disk(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError):
        write_atomically(target, b"x" * 1000)
    assert target.read_bytes() == b"the analyst's draft"
    assert [p.name for p in tmp_path.iterdir()] == ["draft.docx"]
