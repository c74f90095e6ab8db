"""Load every sheet of a workbook under a memory limit, in a process of its own (issue #14, finding 4).

Run as a script by `tdkt.exchange.reader` (``python -I probe.py FILE MEMORY_MB``), never imported by
Django code: it imports nothing but the standard library and python-calamine. The address space is
capped first (RLIMIT_AS), then each sheet is loaded as the import will load it. A workbook whose
sheets claim more memory than the cap makes the allocation fail here: this process dies (the Rust
allocator aborts) or exits with an error, and the web worker or the CLI that started it does not.

Exit status: 0 loaded (one line "name<TAB>rows<TAB>columns" per sheet on stdout), 3 damaged (the
reader's message on stderr), anything else or a signal: over the limit.
"""

import resource
import sys


def main(path: str, memory_mb: int) -> int:
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        from python_calamine import CalamineWorkbook

        workbook = CalamineWorkbook.from_path(path)
        for name in workbook.sheet_names:
            sheet = workbook.get_sheet_by_name(name)
            print(f"{name}\t{sheet.total_height}\t{sheet.total_width}")
            del sheet
    except MemoryError:
        return 4
    except Exception as exc:  # calamine raises several types for damaged files
        print(f"{type(exc).__name__}: {exc}"[:500], file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2])))
