"""Rules of the library, checked on its source: modules that use each other only through public names, and imports that only point backwards."""
import ast, re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIB = ROOT / "actrm_lab"


def modules() -> dict:
    "module name -> (path, notebook name it is exported from)"
    out = {}
    for p in sorted(LIB.glob("*.py")):
        if p.name.startswith("_"): continue
        m = re.search(r"File to edit: \.\./nbs/(\S+)\.ipynb", p.read_text())
        assert m, f"{p} is not exported from a notebook"
        out[p.stem] = (p, m.group(1))
    return out


def imported(tree, name: str) -> list:
    "(imported actrm_lab module, [names], line) for every import of the library in a module, lazy ones included."
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            mod = node.module or ""
            if node.level == 1: mod = "actrm_lab." + mod if mod else "actrm_lab"
            if mod.startswith("actrm_lab"):
                out.append((mod.split(".")[1] if "." in mod else "", [a.name for a in node.names], node.lineno))
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("actrm_lab."): out.append((a.name.split(".")[1], [], node.lineno))
    return out


def test_no_module_imports_another_modules_private_names():
    bad = []
    files = [p for p, _ in modules().values()] + sorted((ROOT / "benchmarks").glob("*.py")) + sorted((ROOT / "tests").glob("*.py"))
    for p in files:
        tree = ast.parse(p.read_text())
        for mod, names, line in imported(tree, p.stem):
            if mod == p.stem and p.parent == LIB: continue
            bad += [f"{p.relative_to(ROOT)}:{line} imports {mod}.{n}" for n in names if n.startswith("_") and not n.startswith("__")]
        # module attribute access such as `models._boot` after `import actrm_lab.models as models`
        aliases = {a.asname or a.name.split(".")[-1] for node in ast.walk(tree) if isinstance(node, ast.Import)
                   for a in node.names if a.name.startswith("actrm_lab")}
        aliases |= {a.asname or a.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                    and (node.module or "").startswith("actrm_lab") or (isinstance(node, ast.ImportFrom) and node.level)
                    for a in node.names if a.name in modules()}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases
                    and node.attr.startswith("_") and not node.attr.startswith("__")):
                bad.append(f"{p.relative_to(ROOT)}:{node.lineno} uses {node.value.id}.{node.attr}")
    assert not bad, "private names used across modules:\n" + "\n".join(bad)


def test_imports_point_to_earlier_notebooks():
    mods = modules()
    bad = []
    for name, (p, nb) in mods.items():
        for mod, names, line in imported(ast.parse(p.read_text()), name):
            if mod in ("", name): continue
            assert mod in mods, f"{p.name}:{line} imports unknown module actrm_lab.{mod}"
            if mods[mod][1] > nb:
                bad.append(f"{name} ({nb}) imports {mod} ({mods[mod][1]}) at line {line}")
    assert not bad, "imports from a later notebook into an earlier one:\n" + "\n".join(bad)


def test_private_attribute_access_stays_in_its_module():
    "`obj._name` of another object (not self/cls) only where the name is defined in the same module."
    bad = []
    for name, (p, _) in modules().items():
        tree = ast.parse(p.read_text())
        own = {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))}
        targets = [t for n in ast.walk(tree) if isinstance(n, ast.Assign) for t in n.targets]
        targets += [n.target for n in ast.walk(tree) if isinstance(n, (ast.AugAssign, ast.AnnAssign))]
        for t in list(targets): targets += [x for x in ast.walk(t) if isinstance(x, (ast.Attribute, ast.Name))]
        own |= {t.attr for t in targets if isinstance(t, ast.Attribute)} | {t.id for t in targets if isinstance(t, ast.Name)}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
                    and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))
                    and node.attr not in own):
                bad.append(f"{p.name}:{node.lineno} .{node.attr}")
    allowed = {".\\_forward_hooks", ".\\_forward_pre_hooks", "._attn_implementation", "._weights_processed"}
    bad = [b for b in bad if not any(b.endswith(a.replace("\\", "")) for a in allowed)]
    assert not bad, "private attributes of other modules' objects:\n" + "\n".join(bad)
