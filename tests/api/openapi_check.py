"""A small JSON Schema checker for the subset that django-ninja's OpenAPI 3.1 output uses.

jsonschema is not among the project's dependencies; this covers $ref, type (with null), properties,
required, additionalProperties, items, anyOf/oneOf/allOf, enum, const, pattern, format date/date-time,
minimum/maximum and string lengths, and reports every mismatch with its JSON path.
"""

import datetime
import re
from typing import Any

_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
    "null": (type(None),),
}


def _is_type(value: Any, name: str) -> bool:
    if name in {"integer", "number"} and isinstance(value, bool):
        return False
    return isinstance(value, _TYPES[name])


def _resolve(schema: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        node: Any = spec
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        schema = {**node, **{key: value for key, value in schema.items() if key != "$ref"}}
    return schema


def errors(value: Any, schema: dict[str, Any], spec: dict[str, Any], path: str = "$") -> list[str]:
    """Every way in which `value` does not fit `schema` (empty when it fits)."""
    schema = _resolve(schema, spec)
    found: list[str] = []
    if "anyOf" in schema or "oneOf" in schema:
        options = schema.get("anyOf") or schema["oneOf"]
        matching = [option for option in options if not errors(value, option, spec, path)]
        if not matching:
            found.append(f"{path}: {value!r} fits none of {len(options)} alternatives")
        elif "oneOf" in schema and len(matching) > 1:
            found.append(f"{path}: {value!r} fits more than one alternative")
    for part in schema.get("allOf", []):
        found.extend(errors(value, part, spec, path))
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{path}: {value!r} not in {schema['enum']}")
    if "const" in schema and value != schema["const"]:
        found.append(f"{path}: {value!r} is not {schema['const']!r}")
    kind = schema.get("type")
    if kind is not None:
        kinds = kind if isinstance(kind, list) else [kind]
        if not any(_is_type(value, name) for name in kinds):
            return [*found, f"{path}: {value!r} is not of type {kind}"]
    if isinstance(value, str):
        if "pattern" in schema and not re.search(schema["pattern"], value):
            found.append(f"{path}: {value!r} does not match {schema['pattern']}")
        if len(value) < schema.get("minLength", 0) or len(value) > schema.get("maxLength", len(value)):
            found.append(f"{path}: length of {value!r} out of bounds")
        fmt = schema.get("format")
        try:
            if fmt == "date":
                datetime.date.fromisoformat(value)
            elif fmt == "date-time":
                datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            found.append(f"{path}: {value!r} is not a {fmt}")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            found.append(f"{path}: {value} < {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            found.append(f"{path}: {value} > {schema['maximum']}")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in value:
                found.append(f"{path}: missing required {name!r}")
        for name, item in value.items():
            if name in properties:
                found.extend(errors(item, properties[name], spec, f"{path}.{name}"))
            elif schema.get("additionalProperties") is False:
                found.append(f"{path}: unexpected {name!r}")
            elif isinstance(schema.get("additionalProperties"), dict):
                found.extend(errors(item, schema["additionalProperties"], spec, f"{path}.{name}"))
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            found.extend(errors(item, schema["items"], spec, f"{path}[{index}]"))
    return found


def response_schema(spec: dict[str, Any], path: str, method: str, status: int) -> dict[str, Any]:
    """The declared JSON schema of one response of one operation (KeyError when it is not declared)."""
    response = spec["paths"][path][method]["responses"][str(status)]
    schema: dict[str, Any] = response["content"]["application/json"]["schema"]
    return schema
