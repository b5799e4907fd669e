"""Document templates a council can adapt: Jinja2 in a sandbox, checked when uploaded.

A template is HTML with ``{{ placeholders }}``. Each document kind declares its placeholders
(:class:`Placeholders`): a name is a plain value, an object with known fields, or a list of such
objects. :func:`check_template` reads a template's syntax tree and names every placeholder the
kind does not supply — at upload, so a typo is found by the person who made it, not by the
officer generating a notice at 2 a.m. Kinds may also require placeholders (the seven contents of
a closure notice, s.76(5)), so an adapted template cannot silently leave one out.

Rendering uses Jinja2's ``SandboxedEnvironment`` (an uploaded template cannot reach Python
internals), autoescaping (a resident's name cannot inject markup) and ``StrictUndefined`` (a
missing value fails loudly instead of printing nothing). What the sandbox would refuse at
generation is refused at upload too (:func:`sandbox_errors`): the syntax tree is read for
reaches into internals (``x.__class__``, ``|attr``, ``str.format``), and the template is
rendered in the same sandbox with sample values for its kind, so a template that saves also
renders. No Django import: the CLI and the benchmarks render with it too.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

SCALAR = None


@dataclass(frozen=True)
class Obj:
    """A placeholder that is an object with these fields."""

    fields: frozenset[str]

    @classmethod
    def of(cls, *names: str) -> Obj:
        return cls(frozenset(names))


@dataclass(frozen=True)
class ListOf:
    """A placeholder that is a list; its items are objects with these fields (or plain)."""

    item: Obj | None = None


Spec = Obj | ListOf | None
Placeholders = dict[str, Spec]


@dataclass
class TemplateCheck:
    """What is wrong with a template (errors block; warnings inform)."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


_ENV = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined, trim_blocks=True)


def environment() -> SandboxedEnvironment:
    return _ENV


def vocabulary(placeholders: Placeholders) -> list[str]:
    """Every name a template may use, as an author writes it (``exemptions[].clause``)."""
    names = []
    for name, spec in sorted(placeholders.items()):
        if isinstance(spec, Obj):
            names += [f"{name}.{f}" for f in sorted(spec.fields)]
        elif isinstance(spec, ListOf) and spec.item is not None:
            names += [f"{name}[].{f}" for f in sorted(spec.item.fields)]
        else:
            names.append(name)
    return names


def _names(node: nodes.Node) -> list[nodes.Name]:
    """``node`` itself if it is a name, and every name inside it."""
    found = [node] if isinstance(node, nodes.Name) else []
    return found + list(node.find_all(nodes.Name))


class _Walker:
    """Finds placeholders the kind does not supply, with the line they are on."""

    def __init__(self, placeholders: Placeholders) -> None:
        self.placeholders = placeholders
        self.unknown: list[tuple[int, str]] = []
        self.used: set[str] = set()

    def visit(self, node: nodes.Node, scope: dict[str, Spec]) -> None:
        if isinstance(node, nodes.For):
            self.visit(node.iter, scope)
            inner = dict(scope)
            item = self._item_spec(node.iter, scope)
            for target in _names(node.target):
                inner[target.name] = item
            inner["loop"] = SCALAR
            for child in [*node.body, *node.else_]:
                self.visit(child, inner)
            if node.test is not None:
                self.visit(node.test, inner)
            return
        if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name):
            self._name(node.node, scope, attr=node.attr)
            return
        if isinstance(node, nodes.Name) and node.ctx == "load":
            self._name(node, scope)
            return
        if isinstance(node, nodes.Assign | nodes.With):
            self.visit_children(node, scope)
            for target in _names(node):
                if target.ctx == "store":
                    scope[target.name] = SCALAR
            return
        self.visit_children(node, scope)

    def visit_children(self, node: nodes.Node, scope: dict[str, Spec]) -> None:
        for child in node.iter_child_nodes():
            self.visit(child, scope)

    def _item_spec(self, iterable: nodes.Node, scope: dict[str, Spec]) -> Spec:
        if isinstance(iterable, nodes.Name):
            spec = scope.get(iterable.name, self.placeholders.get(iterable.name))
            if isinstance(spec, ListOf):
                return spec.item
        return SCALAR

    def _name(self, node: nodes.Name, scope: dict[str, Spec], attr: str | None = None) -> None:
        if node.name in scope:
            spec = scope[node.name]
        elif node.name in self.placeholders:
            spec = self.placeholders[node.name]
            self.used.add(node.name)
        else:
            self.unknown.append((node.lineno, node.name if attr is None else f"{node.name}.{attr}"))
            return
        if attr is not None and isinstance(spec, Obj) and attr not in spec.fields:
            self.unknown.append((node.lineno, f"{node.name}.{attr}"))


def check_template(
    source: str,
    placeholders: Placeholders,
    required: dict[str, str] | None = None,
) -> TemplateCheck:
    """Check ``source`` against the kind's placeholders; ``required`` maps a placeholder to
    the sentence saying why it may not be left out."""
    check = TemplateCheck()
    try:
        tree = _ENV.parse(source)
    except TemplateSyntaxError as error:
        check.errors.append(f"Line {error.lineno}: the template cannot be read: {error.message}")
        return check
    walker = _Walker(placeholders)
    walker.visit(tree, {})
    lines: dict[str, list[int]] = {}
    for line, name in walker.unknown:
        lines.setdefault(name, []).append(line)
    for name, where in lines.items():
        on = ", ".join(str(n) for n in sorted(set(where)))
        check.errors.append(
            f"Unknown placeholder {{{{ {name} }}}} on line{'s' if len(set(where)) > 1 else ''} "
            f"{on}: this document does not supply it."
        )
    if lines:
        check.errors.append(
            f"The placeholders this document supplies: {', '.join(vocabulary(placeholders))}."
        )
    for name, why in (required or {}).items():
        if name not in walker.used:
            check.errors.append(f"The template leaves out {{{{ {name} }}}}: {why}")
    if not lines:
        check.errors.extend(sandbox_errors(source, placeholders, tree))
    return check


_INTERNALS = (
    "reaches into Python internals ({what}), which a document template may not use; "
    "use the placeholders listed on this page"
)


def _static_refusals(tree: nodes.Template) -> list[str]:
    """What the sandbox would refuse, read from the syntax tree (branches a sample skips too)."""
    found: list[tuple[int, str]] = []
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter, nodes.Call)):
        if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
            found.append((node.lineno, _INTERNALS.format(what=node.attr)))
        elif (
            isinstance(node, nodes.Getitem)
            and isinstance(node.arg, nodes.Const)
            and str(node.arg.value).startswith("_")
        ):
            found.append((node.lineno, _INTERNALS.format(what=node.arg.value)))
        elif isinstance(node, nodes.Filter) and node.name == "attr":
            found.append((node.lineno, "uses the attr filter, which a document template may "
                          "not use; write the placeholder as name.field"))  # fmt: skip
        elif isinstance(node, nodes.Call) and (
            isinstance(node.node, nodes.Getattr) and node.node.attr in ("format", "format_map")
        ):
            found.append((node.lineno, "calls .format, which a document template may not use; "
                          "use the |format filter"))  # fmt: skip
    return [f"Line {line}: the template {what}." for line, what in sorted(set(found))]


class SampleText(str):
    """A placeholder's stand-in when a template is checked: text that also compares with
    numbers (as 1), so a sample render goes on past ``{% if count > 1 %}``."""

    def __lt__(self, other: Any) -> bool:
        return (str(self) if isinstance(other, str) else 1) < other

    def __gt__(self, other: Any) -> bool:
        return (str(self) if isinstance(other, str) else 1) > other

    def __le__(self, other: Any) -> bool:
        return not self.__gt__(other)

    def __ge__(self, other: Any) -> bool:
        return not self.__lt__(other)

    __hash__ = str.__hash__


def _sample(spec: Spec) -> Any:
    if isinstance(spec, Obj):
        return SimpleNamespace(**{name: SampleText(name) for name in spec.fields})
    if isinstance(spec, ListOf):
        return [_sample(spec.item)]
    return SampleText("sample")


def sample_context(placeholders: Placeholders) -> dict[str, Any]:
    """A value for every placeholder: text, an object with its fields, a list of one item."""
    return {name: _sample(spec) for name, spec in placeholders.items()}


def template_line(error: BaseException) -> int | None:
    """The line of the template being rendered when ``error`` was raised, if Jinja kept it."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == "<template>"]
    return frames[-1].lineno if frames else None


def sandbox_errors(
    source: str, placeholders: Placeholders, tree: nodes.Template | None = None
) -> list[str]:
    """What the sandbox refuses in ``source``: read from its tree, then met in a sample render.

    Only the sandbox's refusals (and its limit on ``range``) fail the check here: other errors
    of a sample render come from the stand-in values, not from the template.
    """
    errors = _static_refusals(tree if tree is not None else _ENV.parse(source))
    if errors:
        return errors
    try:
        _ENV.from_string(source).render(sample_context(placeholders))
    except (SecurityError, OverflowError) as refused:
        line = template_line(refused)
        where = f"Line {line}: " if line else ""
        return [f"{where}the document sandbox refuses what the template does ({refused})."]
    except Exception:  # the sample values' fault, not the template's: generation will tell
        return []
    return []


def render(source: str, context: dict) -> str:
    """Render a checked template with a context built by the document's content builder."""
    return _ENV.from_string(source).render(context)
