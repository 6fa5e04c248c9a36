"""Serves the machine-readable API description."""
from flask import jsonify

from ..auth.access import public
from . import bp, spec


@bp.get("/openapi.json")
@public
def openapi_json():
    return jsonify(spec.document())
