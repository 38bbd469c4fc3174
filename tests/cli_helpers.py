"""What the command-line tests share: run a command as its console script does, and check a one-line refusal.
The test modules import it as `cli_helpers` (pytest puts the tests folder on `sys.path`)."""
import sys

def console(monkeypatch, capsys, command, *args) -> tuple[int, str, str]:
    "Run `command` as its console script does with these arguments: (exit status, stdout, stderr)."
    monkeypatch.setattr(sys, "argv", [command.__name__] + [str(a) for a in args])
    try: code = command() or 0
    except SystemExit as e: code = e.code
    out, err = capsys.readouterr()
    return code, out, err

def one_line_error(code, err, prog, *words):
    "Exit status 2 and exactly one line on stderr, naming the command and the words."
    lines = err.strip().splitlines()
    assert code == 2, (code, err)
    assert len(lines) == 1 and lines[0].startswith(f"{prog}: error: "), err
    for w in words: assert w in lines[0], (w, lines[0])
