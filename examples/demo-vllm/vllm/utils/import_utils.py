"""Importing an object by its dotted name."""

import importlib


def resolve_obj_by_qualname(qualname: str):
    module_name, _, obj_name = qualname.rpartition(".")
    return getattr(importlib.import_module(module_name), obj_name)
