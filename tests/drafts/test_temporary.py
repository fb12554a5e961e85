"""drafts/temporary.py: a draft's temporary file, named within NAME_MAX, locked while it lives, and cleaned up after a killed run."""

from __future__ import annotations

import os
import re
import stat
import time

from narrator.drafts import temporary


def test_the_temporary_file_is_hidden_beside_its_target_private_and_locked(tmp_path):
    target = tmp_path / "report.docx"
    handle, path = temporary.create(target)
    try:
        assert path.parent == tmp_path and re.fullmatch(r"\.report\.docx\.[0-9a-f]{8}\.tmp", path.name)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert temporary.remove_stale(target) == [] and path.exists()  # held by this writer: kept
    finally:
        temporary.release(path)
    os.utime(path, (time.time() - 60, time.time() - 60))
    assert temporary.remove_stale(target) == [path] and not path.exists()  # released: a killed run's leftover


def test_a_name_of_250_bytes_still_has_a_temporary_name_within_name_max(tmp_path):
    target = tmp_path / ("d" * 245 + ".docx")
    handle, path = temporary.create(target)
    temporary.release(path)
    assert len(os.fsencode(path.name)) == temporary.NAME_MAX
    assert path.name.startswith("." + "d" * 241 + ".") and path.name.endswith(".tmp")


def test_only_stale_files_of_this_targets_shape_are_removed(tmp_path):
    target = tmp_path / "report.docx"
    old = time.time() - 60
    stale = tmp_path / ".report.docx.0123abcd.tmp"
    fresh_empty = tmp_path / ".report.docx.aaaaaaaa.tmp"  # a writer that has not locked it yet
    other = tmp_path / ".other.docx.0123abcd.tmp"
    near = tmp_path / ".report.docx.0123abcd.tmp.bak"
    for path in (stale, other, near):
        path.write_bytes(b"partial")
        os.utime(path, (old, old))
    fresh_empty.touch()
    link = tmp_path / ".report.docx.bbbbbbbb.tmp"
    link.symlink_to(near)
    assert temporary.remove_stale(target) == [stale]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in (fresh_empty, other, near, link))


def test_a_file_another_writer_holds_is_kept_until_it_lets_go(tmp_path):
    import fcntl

    target = tmp_path / "report.docx"
    path = tmp_path / ".report.docx.0123abcd.tmp"
    path.write_bytes(b"being written")
    os.utime(path, (time.time() - 60, time.time() - 60))
    held = os.open(path, os.O_RDONLY)  # another open file description: as another process's lock
    fcntl.flock(held, fcntl.LOCK_EX)
    try:
        assert temporary.remove_stale(target) == [] and path.exists()
    finally:
        os.close(held)
    assert temporary.remove_stale(target) == [path]
