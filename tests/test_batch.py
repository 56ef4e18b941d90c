"""Batch conversion: folders in, all cores, incremental, a summary, failures that do not stop the rest, Dask."""

from __future__ import annotations

import io
import shutil

import pytest
from conftest import ROOT, SEEDS

from convert.batch import Job, Progress, run, summary
from convert.cli import main


@pytest.fixture
def sources(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    return folder


def outputs(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if not p.name.startswith(".")}


def test_folder_in_folder_out_matches_the_committed_akn(sources, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["convert", str(sources), "-o", f"{out}/", "-j", "2"]) == 0
    assert outputs(out) == {p.name: p.read_bytes() for p in sorted((ROOT / "akn").glob("*.xml"))}
    assert "3 documents in" in capsys.readouterr().err


def test_unchanged_inputs_are_skipped_and_changed_ones_redone(sources, tmp_path, capsys):
    out = tmp_path / "out"
    main(["convert", str(sources), "--outdir", str(out)])
    capsys.readouterr()
    assert main(["convert", str(sources), "--outdir", str(out)]) == 0
    assert "0 converted, 3 unchanged (skipped)" in capsys.readouterr().err
    (sources / "A-HRC-58-L.8-draft.meta.yaml").write_text("symbol: A/HRC/58/L.9\n", encoding="utf-8")
    assert main(["convert", str(sources), "--outdir", str(out)]) == 0
    assert "1 converted, 2 unchanged (skipped)" in capsys.readouterr().err  # the metadata file counts
    assert b"A/HRC/58/L.9" in (out / "A-HRC-58-L.8-draft.xml").read_bytes()
    assert main(["convert", str(sources), "--outdir", str(out), "--force"]) == 0
    assert "3 converted, 0 unchanged" in capsys.readouterr().err


def test_one_worker_and_two_give_the_same_bytes(sources, tmp_path):
    assert main(["convert", str(sources), "--outdir", str(tmp_path / "a"), "-j", "1", "-q"]) == 0
    assert main(["convert", str(sources), "--outdir", str(tmp_path / "b"), "-j", "2", "-q"]) == 0
    assert outputs(tmp_path / "a") == outputs(tmp_path / "b")


def test_failures_are_listed_with_reasons_and_set_the_exit_code(sources, tmp_path):
    (sources / "broken.txt").write_bytes(b"\x00\x01 not text")
    outcomes = run([Job("convert", str(p), str(tmp_path / "o" / (p.stem + ".xml")), "")
                    for p in sorted(sources.iterdir()) if p.suffix in (".md", ".txt")], workers=2, progress=False)
    failed = [o for o in outcomes if o.status == "failed"]
    assert len(outcomes) == 4 and len(failed) == 1 and "binary" in failed[0].error
    assert not (tmp_path / "o" / "broken.xml").exists()
    text = summary(outcomes, 1.0)
    assert "3 converted" in text and "1 failed" in text and "broken.txt" in text


def test_progress_bar_only_on_a_terminal():
    class Tty(io.StringIO):
        def isatty(self):
            return True

    quiet, loud = io.StringIO(), Tty()
    for stream in (quiet, loud):
        bar = Progress(2, stream=stream)
        bar.update(run_outcome())
        bar.close()
    assert quiet.getvalue() == "" and "1/2" in loud.getvalue()


def run_outcome():
    from convert.batch import Outcome

    return Outcome(Job("convert", "x.md", "x.xml", ""), "converted")


def test_render_a_folder_into_every_format(tmp_path, capsys):
    assert main(["render", str(ROOT / "akn"), "-t", "html,md", "--outdir", str(tmp_path), "-q"]) == 0
    assert sorted(p.name for p in (tmp_path / "md").iterdir() if not p.name.startswith(".")) == [
        "A-HRC-58-L.8-draft.md", "A-HRC-RES-34-39.md", "A-HRC-RES-46-28.md"]
    assert main(["render", str(ROOT / "akn"), "-t", "html,md", "--outdir", str(tmp_path)]) == 0
    assert "0 converted, 6 unchanged (skipped)" in capsys.readouterr().err


def test_dask_cluster_gives_the_same_bytes_as_the_local_path(sources, tmp_path):
    distributed = pytest.importorskip("distributed", reason="Dask is an optional extra: pip install 'unres[dask]'")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  host="127.0.0.1") as cluster:
        assert main(["convert", str(sources), "--outdir", str(tmp_path / "dask"), "--scheduler",
                     cluster.scheduler_address, "-q"]) == 0
    assert main(["convert", str(sources), "--outdir", str(tmp_path / "local"), "-q"]) == 0
    assert outputs(tmp_path / "dask") == outputs(tmp_path / "local") and len(outputs(tmp_path / "local")) == 3


def test_dask_workers_with_several_threads_render_the_same_bytes(tmp_path):
    """Render on a Dask worker of two threads (each thread drives its own pandoc) = the local path."""
    distributed = pytest.importorskip("distributed", reason="Dask is an optional extra: pip install 'unres[dask]'")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True, dashboard_address=None,
                                  host="127.0.0.1") as cluster:
        assert main(["render", str(ROOT / "akn"), "-t", "html,md,txt", "--outdir", str(tmp_path / "dask"),
                     "--scheduler", cluster.scheduler_address, "-q"]) == 0
    assert main(["render", str(ROOT / "akn"), "-t", "html,md,txt", "--outdir", str(tmp_path / "local"), "-q"]) == 0
    for fmt in ("html", "md", "txt"):
        assert outputs(tmp_path / "dask" / fmt) == outputs(tmp_path / "local" / fmt)
        assert len(outputs(tmp_path / "local" / fmt)) == 3


def test_a_bug_in_one_document_fails_that_document_only(tmp_path, monkeypatch):
    """An exception unres does not expect becomes a failed outcome (exit 70, its reason), not a crashed batch."""
    import convert.cli
    from convert.batch import run_job

    def broken(path, fmt):
        if path.name.startswith("A-HRC-58"):
            raise KeyError("boom")
        return real(path, fmt)

    real = convert.cli.convert_one
    monkeypatch.setattr(convert.cli, "convert_one", broken)
    outcomes = [run_job(Job("convert", str(p), str(tmp_path / (p.stem + ".xml")), ""))
                for p in sorted(SEEDS.glob("*.[mt][dx]*"))]
    assert [o.status for o in outcomes] == ["failed", "converted", "converted"]
    assert outcomes[0].exit_code == 70
    assert "internal error: KeyError" in outcomes[0].error and "A-HRC-58-L.8-draft.md" in outcomes[0].error
