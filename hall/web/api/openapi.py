"""Serves the machine-readable API description."""
from flask import jsonify

from hall.web.access import public
from hall.web.api import bp, spec


@bp.get("/openapi.json")
@public
def openapi_json():
    return jsonify(spec.document())
