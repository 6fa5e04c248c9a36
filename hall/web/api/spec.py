"""The OpenAPI description, assembled from what each domain's api module declares."""

PATHS: dict = {}
SCHEMAS: dict = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {"error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                           "fields": {"type": "object",
                                      "additionalProperties": {"type": "string"}}},
        }},
    },
}


def add_paths(paths: dict) -> None:
    """Merge path items (OpenAPI 3 'paths' entries) into the description."""
    for path, operations in paths.items():
        PATHS.setdefault(path, {}).update(operations)


def add_schemas(schemas: dict) -> None:
    SCHEMAS.update(schemas)


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def json_response(description: str, schema: dict | None = None) -> dict:
    content = {"application/json": {"schema": schema}} if schema else None
    return {"description": description, **({"content": content} if content else {})}


def error_responses(*statuses: int) -> dict:
    return {str(s): json_response("错误", ref("Error")) for s in statuses}


def json_body(schema: dict) -> dict:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _with_bad_input(paths: dict) -> dict:
    """Every operation may answer 400: the input guard refuses control characters anywhere."""
    return {path: {method: {**op, "responses": {**error_responses(400), **op["responses"]}}
                   for method, op in operations.items()}
            for path, operations in paths.items()}


def document(server_url: str = "/") -> dict:
    return {
        "openapi": "3.0.3",
        "info": {"title": "政务服务大厅 API", "version": "1.0.0",
                 "description": "叫号机、窗口呼叫器、显示屏、评价器与外部平台使用的接口。"},
        "servers": [{"url": server_url}],
        "paths": _with_bad_input(PATHS),
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
