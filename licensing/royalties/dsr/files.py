"""A report split across files (DSR Part 1 §6.3), assembled into one file for the import.

The usage import keeps one file per report (its hash refuses a second import of the same
report), so the files of a split report are written, in HEAD FileNumber order, into one
gzip file of consecutive HEAD … FOOT parts. ``reader.records`` reads such a file part by
part and checks it exactly as it checks the separate files: numbering 1..NumberOfFiles,
one MessageId, the same summary records, each part's FOOT, the report totals in the last.
"""

from __future__ import annotations

import gzip
import tempfile

from django.utils.translation import gettext as _

from licensing.royalties.dsr.reader import DsrError, _head_of, _open


def assemble(paths: list[str]) -> str:
    """The path of a new gzip file holding the report in ``paths`` in file order (the
    caller deletes it). Refuses a set that is not files 1..N of one N-file report."""
    heads = sorted((_head_of(path), path) for path in paths)
    numbers = [number for (number, _files), _path in heads]
    declared = {files for (_number, files), _path in heads}
    if len(declared) != 1 or numbers != list(range(1, len(paths) + 1)) or declared != {len(paths)}:
        raise DsrError(
            code="dsr_missing_files",
            message=_(
                "these files are not files 1 to %(files)s of one report: their HEADs say %(got)s"
            )
            % {
                "files": max(declared),
                "got": ", ".join(f"{n} of {f}" for (n, f), _path in heads),
            },
        )
    fd, out = tempfile.mkstemp(prefix="dsr-report-", suffix=".tsv.gz")
    with open(fd, "wb") as raw, gzip.open(raw, "wt", encoding="utf-8", newline="") as bundle:
        for _head, path in heads:
            with _open(path) as part:
                line = ""
                for line in part:
                    bundle.write(line)
                if not line.endswith("\n"):
                    bundle.write("\n")  # the next file's HEAD starts a line of its own
    return out
