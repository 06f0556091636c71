"""Zod schemas in the project's TypeScript, and which Json field each one validates.

A Json field has a declared shape when its values are checked by a Zod schema registered for it:
either in a registry file the configuration names (`[tool.triple-orm.types] json-schemas`), an
object whose keys are `"Model.field"` and whose values are Zod schemas,

    export const jsonSchemas = { "User.settings": userSettingsSchema, "Payment.rawWebhook": momoWebhook };

or, without a registry, a Zod schema named after the field (`userSettingsSchema`,
`UserSettingsSchema`), the way projects name them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from tools.errors import ConfigError, SourceSpan
from tools.typescript.parse import parse_typescript, property_name, unwrap, walk

_SKIPPED = frozenset(("node_modules", ".git", "dist", "build", ".next", ".turbo", "coverage", "generated"))


@dataclass(slots=True)
class ZodSchemas:
    schemas: dict[str, SourceSpan] = field(default_factory=dict)  # variable name -> where it is declared
    registry: dict[str, str] = field(default_factory=dict)  # "Model.field" -> schema (variable or inline)
    registry_path: str | None = None

    def for_field(self, model: str, name: str) -> str | None:
        """The Zod schema registered for `model.name`, or one named after it; None when there is none."""
        key = f"{model}.{name}"
        if self.registry_path is not None:
            return self.registry.get(key)
        capital = name[:1].upper() + name[1:]
        for candidate in (f"{model[:1].lower()}{model[1:]}{capital}Schema", f"{model}{capital}Schema"):
            if candidate in self.schemas:
                return candidate
        return None

    def to_dict(self) -> dict:
        return {"schemas": sorted(self.schemas), "registry": dict(self.registry), "registry_path": self.registry_path}


def find_zod_schemas(root: Path, registry: Path | None = None, display_base: Path | None = None) -> ZodSchemas:
    """Every `const x = z.…(…)` under `root`, and the registry's mapping when one is configured."""
    found = ZodSchemas()
    base = display_base or root
    for path in _typescript_files(root):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if "zod" not in text:
            continue
        source = parse_typescript(text, os.path.relpath(path, base))
        for declarator in walk(source.root, frozenset(("variable_declarator",))):
            name, value = declarator.child_by_field_name("name"), declarator.child_by_field_name("value")
            if name is not None and value is not None and _is_zod(source, value):
                found.schemas[source.text_of(name)] = source.span(declarator)
    if registry is not None:
        found.registry_path = str(registry)
        found.registry = _read_registry(registry)
    return found


def _typescript_files(root: Path):
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED and not d.startswith("."))
        for name in sorted(files):
            if name.endswith((".ts", ".tsx", ".mts", ".cts")) and not name.endswith(".d.ts"):
                yield Path(folder) / name


def _is_zod(source, node) -> bool:
    """A call chain that starts at `z.` (`z.object({...}).strict()`, `z.record(...)`)."""
    node = unwrap(node)
    while node is not None and node.type in ("call_expression", "member_expression"):
        inner = node.child_by_field_name("function") if node.type == "call_expression" else node.child_by_field_name("object")
        if inner is None:
            return False
        if inner.type == "identifier":
            return False
        if inner.type == "member_expression" and source.text_of(inner.child_by_field_name("object")) == "z":
            return True
        node = unwrap(inner)
    return False


def _read_registry(path: Path) -> dict[str, str]:
    """The `"Model.field": schema` pairs of the registry file's object literals."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"the Json schema registry {path} cannot be read: {error.strerror}",
                          help="fix `json-schemas` in [tool.triple-orm.types]") from None
    source = parse_typescript(text, str(path))
    out: dict[str, str] = {}
    for pair in walk(source.root, frozenset(("pair",))):
        key = property_name(source, pair.child_by_field_name("key"))
        if key and "." in key:
            out[key] = source.text_of(pair.child_by_field_name("value"))
    if not out:
        raise ConfigError(f"the Json schema registry {path} maps no field",
                          help='export an object such as { "User.settings": userSettingsSchema }')
    return out
