"""The plugin manager factory and the typed facade over the hooks (docs/architecture.md principle 7).

* :func:`make_plugin_manager` builds a **new** :class:`pluggy.PluginManager` each call
  (there is no module-global manager, so tests never leak plugins into each other): the
  hook specs of :mod:`tgpl.reporting.hookspecs`, the built-in plugin
  (:mod:`tgpl.reporting.formats.builtin` — tgpl's own formats, indicators, rubrics and
  validation rules are registered through the same hooks as anyone else's), the plugins
  installed under the ``tgpl`` entry-point group, then the ``plugins`` given.
* :class:`Plugins` wraps a manager and is the only way tgpl calls hooks. It calls each
  plugin's implementation with its **own** ``register`` callback, so whatever a plugin
  hands over is checked and, when wrong (wrong type, duplicate code or name — also
  against the built-ins —, empty label, bad code), rejected with a
  :class:`~tgpl.errors.PluginError` naming the plugin (distribution name and version
  when it came from an entry point). Each hook is called once per :class:`Plugins`
  object and the results are cached: hooks run once per report, never per case.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from importlib.resources.abc import Traversable
from pathlib import Path
from types import ModuleType
from typing import Any, Final

import attrs
import pluggy
from attrs import frozen

from tgpl.domain import UnitRef
from tgpl.errors import PluginError
from tgpl.reporting import hookspecs
from tgpl.reporting.indicators import Indicator
from tgpl.reporting.report import ProvinceProfile, ReportFormat
from tgpl.rules.scoring import Rubric
from tgpl.rules.validation import ValidationRegistry, ValidationRule

__all__ = [
    "BUILTIN_PLUGIN_NAME",
    "PluginInfo",
    "Plugins",
    "installed_plugin_names",
    "load_plugins",
    "make_plugin_manager",
]

#: The name the built-in plugin is registered under.
BUILTIN_PLUGIN_NAME: Final = "tgpl"

_FORMAT_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")
_EXTENSION = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_INDICATOR_CODE = re.compile(r"[a-z0-9_]+(\.[a-z0-9_]+)*")


def _plugin_name(plugin: object) -> str:
    """A readable registration name for a plugin object given in ``plugins=``."""
    if isinstance(plugin, ModuleType):
        return plugin.__name__
    name = getattr(plugin, "name", None)
    if isinstance(name, str) and name:
        return name
    cls = plugin if isinstance(plugin, type) else type(plugin)
    return f"{cls.__module__}.{cls.__qualname__}"


def make_plugin_manager(
    *,
    load_entrypoints: bool = True,
    plugins: Iterable[object] = (),
    block: Iterable[str] = (),
) -> pluggy.PluginManager:
    """A new plugin manager: hook specs, the built-in plugin, entry points, then ``plugins``.

    ``load_entrypoints=False`` skips the installed distributions (reproducible tests and
    golden files). ``plugins`` are objects or modules with ``@tgpl.hookimpl`` functions,
    registered under their ``name`` attribute, module name or class name. ``block``
    names plugins (entry-point names, distribution names as ``tgpl plugins`` prints
    them, or the names above) that must not be registered.
    An implementation of a hook tgpl does not define, or with arguments the spec does
    not have, is a :class:`~tgpl.errors.PluginError` naming the plugin.
    """
    import tgpl.reporting.formats.builtin as builtin

    pm = _Manager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    blocked = set(block)
    for name in blocked:
        pm.set_blocked(name)
    _register(pm, builtin, BUILTIN_PLUGIN_NAME)
    if load_entrypoints:
        _load_entrypoints(pm, blocked)
    for plugin in plugins:
        _register(pm, plugin, _plugin_name(plugin))
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(_label(pm, exc.plugin), f"implements a hook tgpl does not define: {exc}") from exc
    return pm


class _Manager(pluggy.PluginManager):
    """A plugin manager that also remembers which distribution each entry point came from."""

    def __init__(self, project_name: str) -> None:
        super().__init__(project_name)
        self.tgpl_dists: dict[int, tuple[str, str]] = {}


def installed_plugin_names() -> dict[str, str]:
    """Every name ``block`` accepts for an installed plugin: ``{name: entry-point name}``.

    Both the distribution name (what ``tgpl plugins`` prints, e.g. ``tgpl-province-example``)
    and the entry-point name (``bac_giang``) are accepted.
    """
    from importlib import metadata

    out: dict[str, str] = {}
    for dist in metadata.distributions():
        for ep in dist.entry_points:
            if ep.group == hookspecs.PROJECT:
                out[ep.name] = ep.name
                out[str(dist.metadata["Name"] or ep.name)] = ep.name
    return out


def _load_entrypoints(pm: _Manager, blocked: set[str] | None = None) -> None:
    """Register every ``tgpl`` entry point; one that fails to load is named by its distribution.

    Done here rather than with ``pm.load_setuptools_entrypoints`` so that the error says
    *which* distribution and entry point failed (pluggy stops at the first failure with
    the bare import error).
    """
    from importlib import metadata

    for dist in metadata.distributions():
        for ep in dist.entry_points:
            if ep.group != hookspecs.PROJECT or pm.get_plugin(ep.name) is not None or pm.is_blocked(ep.name):
                continue
            if blocked and str(dist.metadata["Name"] or "") in blocked:
                pm.set_blocked(ep.name)
                continue
            label = f"{dist.metadata['Name'] or '?'} {dist.version or ''}".strip()
            try:
                plugin = ep.load()
            except Exception as exc:
                raise PluginError(label, f"entry point {ep.name!r} ({ep.value}) failed to load: {exc!r}") from exc
            _register(pm, plugin, ep.name, label=label)
            pm.tgpl_dists[id(plugin)] = (str(dist.metadata["Name"] or ep.name), str(dist.version or ""))


def _register(pm: pluggy.PluginManager, plugin: object, name: str, *, label: str | None = None) -> None:
    if pm.is_blocked(name):
        return
    try:
        pm.register(plugin, name=name)
    except pluggy.PluginValidationError as exc:
        raise PluginError(label or name, f"invalid hook implementation: {exc}") from exc
    except ValueError as exc:  # a second plugin with the same name, or the same object twice
        raise PluginError(label or name, f"cannot be registered: {exc}") from exc


def load_plugins(
    *,
    load_entrypoints: bool = True,
    plugins: Iterable[object] = (),
    block: Iterable[str] = (),
) -> Plugins:
    """``Plugins(make_plugin_manager(...))`` — the usual way to get the facade."""
    return Plugins(make_plugin_manager(load_entrypoints=load_entrypoints, plugins=plugins, block=block))


@frozen
class PluginInfo:
    """One registered plugin: its name (distribution name for installed plugins), version, hooks."""

    name: str
    version: str
    hooks: tuple[str, ...]


def _dists(pm: pluggy.PluginManager) -> dict[int, tuple[str, str]]:
    """``id(plugin) -> (distribution name, version)`` for plugins loaded from entry points."""
    out: dict[int, tuple[str, str]] = dict(getattr(pm, "tgpl_dists", {}))
    for plugin, dist in pm.list_plugin_distinfo():
        meta = getattr(dist, "metadata", None)
        name = (meta["Name"] if meta is not None else None) or getattr(dist, "project_name", "") or "?"
        out[id(plugin)] = (str(name), str(getattr(dist, "version", "") or ""))
    return out


def _label(pm: pluggy.PluginManager, plugin: object) -> str:
    """How errors name a plugin: ``"<distribution> <version>"`` when installed, else its name."""
    if plugin is None:
        return "?"
    found = _dists(pm).get(id(plugin))
    if found is not None:
        return f"{found[0]} {found[1]}".strip()
    name = pm.get_name(plugin)
    if name == BUILTIN_PLUGIN_NAME:
        from tgpl import __version__

        return f"tgpl {__version__}"
    version = _version_of(plugin)
    return f"{name} {version}".strip() if name else repr(plugin)


def _version_of(plugin: object) -> str:
    for attr in ("__version__", "version"):
        v = getattr(plugin, attr, None)
        if isinstance(v, str):
            return v
    return ""


def _looks_like_text(label: object) -> bool:
    """A label a person can read: non-empty text with at least one letter."""
    if not isinstance(label, str) or not label.strip():
        return False
    return any(unicodedata.category(ch).startswith("L") for ch in label)


class Plugins:
    """The typed facade over the hooks of one plugin manager.

    Build it with :func:`load_plugins` (or ``Plugins(make_plugin_manager(...))``). The
    manager's ``hook`` attribute is never exposed: every call goes through a method here
    that checks what the plugins hand over. Results are computed once and cached; each
    method returns a fresh ``dict``, so a caller cannot change the cache.
    """

    __slots__ = ("_cache", "_pm")

    def __init__(self, manager: pluggy.PluginManager) -> None:
        self._pm = manager
        self._cache: dict[str, tuple[dict[str, Any], dict[str, str]]] = {}

    # -- calling register hooks ----------------------------------------------------------

    def _collect(
        self,
        hook_name: str,
        what: str,
        check: Callable[[object, str], tuple[str, Any]],
    ) -> tuple[dict[str, Any], dict[str, str]]:
        """Call every implementation of a register hook with its own callback.

        Returns ``(items by key, owner label by key)``. Implementations are called in
        registration order (the built-in plugin first), honouring tryfirst/trylast.
        """
        cached = self._cache.get(hook_name)
        if cached is not None:
            return cached
        items: dict[str, Any] = {}
        owners: dict[str, str] = {}
        caller = getattr(self._pm.hook, hook_name)
        for impl in caller.get_hookimpls():
            owner = _label(self._pm, impl.plugin)
            if impl.hookwrapper or impl.wrapper:
                raise PluginError(owner, f"{hook_name} cannot be a hook wrapper")

            def register(obj: object, *, _owner: str = owner) -> None:
                key, value = check(obj, _owner)
                if key in items:
                    raise PluginError(
                        _owner, f"{what} {key!r} is already registered by {owners[key]}"
                    )
                items[key] = value
                owners[key] = _owner

            kwargs = {name: register for name in impl.argnames if name == "register"}
            try:
                impl.function(**kwargs)
            except PluginError:
                raise
            except Exception as exc:
                raise PluginError(owner, f"{hook_name} failed: {exc!r}") from exc
        result = (items, owners)
        self._cache[hook_name] = result
        return result

    # -- the typed results -----------------------------------------------------------

    def formats(self) -> dict[str, ReportFormat]:
        """Every report format by name (built-in ``md``, ``json``, ``csv`` first)."""
        return dict(self._collect("tgpl_register_formats", "format", _check_format)[0])

    def format_owners(self) -> dict[str, str]:
        """Which plugin registered each format (``"tgpl-xlsx 0.1.0"``), for error messages."""
        return dict(self._collect("tgpl_register_formats", "format", _check_format)[1])

    def indicators(self) -> dict[str, Indicator]:
        """Every indicator by code: the built-ins in documentation order, then the plugins'."""
        return dict(self._collect("tgpl_register_indicators", "indicator", _check_indicator)[0])

    def indicator_owners(self) -> dict[str, str]:
        """Which plugin registered each indicator."""
        return dict(self._collect("tgpl_register_indicators", "indicator", _check_indicator)[1])

    def rubrics(self) -> dict[str, Rubric]:
        """Every appraisal rubric by id (built-in ones first)."""
        return dict(self._collect("tgpl_register_rubrics", "rubric", _check_rubric)[0])

    def validation_rules(self) -> dict[str, ValidationRule]:
        """Every validation rule by code; a plugin's rules carry its name as ``origin``."""
        return dict(self._collect("tgpl_register_validation_rules", "validation rule", _check_rule)[0])

    def plan_files(self) -> dict[str, Path | Traversable]:
        """Every plan file the plugins ship (hook ``tgpl_register_plans``), by its name.

        Only the files are checked here (a ``.yaml``/``.yml``/``.json`` file that exists);
        :func:`tgpl.planning.plugin_plans` reads and checks their content.
        """
        return dict(self._collect("tgpl_register_plans", "plan file", _check_plan_file)[0])

    def plan_file_owners(self) -> dict[str, str]:
        """Which plugin shipped each plan file."""
        return dict(self._collect("tgpl_register_plans", "plan file", _check_plan_file)[1])

    def validation_registry(self) -> ValidationRegistry:
        """A new :class:`~tgpl.rules.validation.ValidationRegistry` of :meth:`validation_rules`."""
        return ValidationRegistry(self.validation_rules().values())

    def province_profile(self, unit: UnitRef) -> ProvinceProfile | None:
        """The first plugin's :class:`ProvinceProfile` for ``unit``, or ``None`` (``firstresult``).

        Implementations are tried in pluggy's call order (last registered first); one
        that raises or returns something other than a ``ProvinceProfile`` or ``None`` is
        a :class:`~tgpl.errors.PluginError` naming it.
        """
        key = f"tgpl_province_profile:{unit}"
        cached = self._cache.get(key)
        if cached is not None:
            found: ProvinceProfile | None = cached[0].get("profile")
            return found
        result: ProvinceProfile | None = None
        for impl in reversed(self._pm.hook.tgpl_province_profile.get_hookimpls()):
            owner = _label(self._pm, impl.plugin)
            if impl.hookwrapper or impl.wrapper:
                continue
            kwargs = {name: unit for name in impl.argnames if name == "unit"}
            try:
                answer = impl.function(**kwargs)
            except Exception as exc:
                raise PluginError(owner, f"tgpl_province_profile failed for {unit}: {exc!r}") from exc
            if answer is None:
                continue
            if not isinstance(answer, ProvinceProfile):
                raise PluginError(
                    owner, f"tgpl_province_profile returned a {type(answer).__name__}, not a ProvinceProfile or None"
                )
            if not _looks_like_text(answer.organisation_vi):
                raise PluginError(owner, "the province profile has no organisation name (organisation_vi)")
            result = answer
            break
        self._cache[key] = ({"profile": result}, {})
        return result

    def describe(self) -> list[PluginInfo]:
        """Every registered plugin with its version and the hooks it implements (built-in first)."""
        dists = _dists(self._pm)
        out: list[PluginInfo] = []
        for name, plugin in self._pm.list_name_plugin():
            if plugin is None:  # blocked
                continue
            hooks = tuple(sorted(caller.name for caller in self._pm.get_hookcallers(plugin) or ()))
            found = dists.get(id(plugin))
            if found is not None:
                out.append(PluginInfo(found[0], found[1], hooks))
            elif name == BUILTIN_PLUGIN_NAME:
                from tgpl import __version__

                out.append(PluginInfo(BUILTIN_PLUGIN_NAME, __version__, hooks))
            else:
                out.append(PluginInfo(name, _version_of(plugin), hooks))
        return out

    def versions(self) -> dict[str, str]:
        """``{plugin name: version}`` of every registered plugin (for report metadata)."""
        return {info.name: info.version for info in self.describe()}


# -- checks of what plugins hand over ------------------------------------------------------


def _check_format(obj: object, owner: str) -> tuple[str, ReportFormat]:
    if not isinstance(obj, ReportFormat):
        raise PluginError(owner, f"tgpl_register_formats: register() expects a ReportFormat, got {type(obj).__name__}")
    if not isinstance(obj.name, str) or not _FORMAT_NAME.fullmatch(obj.name):
        raise PluginError(owner, f"format name {obj.name!r} must be lower-case letters, digits, '-' or '_'")
    if not _looks_like_text(obj.label_vi):
        raise PluginError(owner, f"format {obj.name!r} has no Vietnamese label (label_vi)")
    if not isinstance(obj.extension, str) or not _EXTENSION.fullmatch(obj.extension):
        raise PluginError(owner, f"format {obj.name!r}: extension {obj.extension!r} must be like 'xlsx' (no dot, no slash)")
    if not isinstance(obj.media_type, str) or "/" not in obj.media_type:
        raise PluginError(owner, f"format {obj.name!r}: media_type {obj.media_type!r} is not a media type")
    if not callable(obj.render):
        raise PluginError(owner, f"format {obj.name!r}: render is not callable")
    return obj.name, obj


def _check_indicator(obj: object, owner: str) -> tuple[str, Indicator]:
    if not isinstance(obj, Indicator):
        raise PluginError(owner, f"tgpl_register_indicators: register() expects an Indicator, got {type(obj).__name__}")
    if not isinstance(obj.code, str) or not _INDICATOR_CODE.fullmatch(obj.code):
        raise PluginError(owner, f"indicator code {obj.code!r} must be dotted lower-case words (e.g. 'bg.mobile.trips')")
    if not _looks_like_text(obj.label_vi) or obj.label_vi.strip() == obj.code:
        raise PluginError(owner, f"indicator {obj.code!r} has no Vietnamese label (label_vi)")
    if not callable(obj.compute):
        raise PluginError(owner, f"indicator {obj.code!r}: compute is not callable")
    return obj.code, obj


def _check_rubric(obj: object, owner: str) -> tuple[str, Rubric]:
    if not isinstance(obj, Rubric):
        raise PluginError(owner, f"tgpl_register_rubrics: register() expects a Rubric, got {type(obj).__name__}")
    if not isinstance(obj.id, str) or not obj.id.strip():
        raise PluginError(owner, "a rubric needs an id")
    if not _looks_like_text(obj.citation):
        raise PluginError(owner, f"rubric {obj.id!r} has no citation of its legal basis")
    return obj.id, obj


def _check_plan_file(obj: object, owner: str) -> tuple[str, Path | Traversable]:
    if not isinstance(obj, Path | Traversable):
        raise PluginError(owner, f"tgpl_register_plans: register() expects a path, got {type(obj).__name__}")
    if not obj.name.lower().endswith((".yaml", ".yml", ".json")):
        raise PluginError(owner, f"plan file {obj.name!r} must end in .yaml, .yml or .json")
    if not obj.is_file():
        raise PluginError(owner, f"plan file {obj.name!r} does not exist")
    return obj.name, obj


def _check_rule(obj: object, owner: str) -> tuple[str, ValidationRule]:
    if not isinstance(obj, ValidationRule):
        raise PluginError(
            owner, f"tgpl_register_validation_rules: register() expects a ValidationRule, got {type(obj).__name__}"
        )
    if owner.split(" ", 1)[0] != BUILTIN_PLUGIN_NAME and obj.origin != owner:
        obj = attrs.evolve(obj, origin=owner)
    return obj.code, obj

