"""The OpenAPI 3.1 document of the open-data API (partners/directory/api.py), served at /api/v1/openapi.json.
Tests run the API against it (every generated request: no 500, every answer as described)."""

from partners.core.routing import MAX_ID

PAGE_PARAMETERS = [
    {"name": "page", "in": "query", "required": False, "description": "Page number, from 1.",
     "schema": {"type": "integer", "minimum": 1, "maximum": 100000, "default": 1}},
    {"name": "per_page", "in": "query", "required": False, "description": "Items per page (at most 100).",
     "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
]
NULLABLE_TEXT = {"type": ["string", "null"]}
GOALS = {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": 17}}
DATE_VALUE = {"type": "object", "additionalProperties": False, "required": ["as_of", "value"], "properties": {
    "as_of": {"type": "string", "format": "date"}, "value": {"type": "number"}}}
ERROR = {"description": "A problem, explained", "content": {"application/json": {"schema": {
    "$ref": "#/components/schemas/Error"}}}}


def page_of(item: str, key: str) -> dict:
    return {"type": "object", "required": ["total", "page", "per_page", "pages", key], "properties": {
        "total": {"type": "integer", "minimum": 0}, "page": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1, "maximum": 100}, "pages": {"type": "integer", "minimum": 1},
        key: {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}}}}


def json_response(description: str, schema_name: str) -> dict:
    return {"description": description, "headers": {"ETag": {"schema": {"type": "string"}}},
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}}}


def document(server_url: str) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "SDGs Partners open data",
            "version": "1.0.0",
            "description": "The public member list, published events, published award results and the "
                           "public KPI, read-only. Public fields only: a section a partner did not publish is "
                           "null, and so is a winner's name the applicant did not agree to publish. Answers "
                           "carry an ETag; send it back in If-None-Match to get 304 when nothing changed. Any "
                           "site may GET (CORS).",
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/partners": {"get": {
                "operationId": "listPartners",
                "summary": "Active partners in the public member list, in 50音 order of their reading",
                "parameters": [
                    {"name": "q", "in": "query", "required": False,
                     "description": "Keyword (name, reading, district, activities, offers, needs); kana, width "
                                    "and case are folded, and 1–2 characters work.",
                     "schema": {"type": "string", "maxLength": 100}},
                    {"name": "goal", "in": "query", "required": False, "style": "form", "explode": True,
                     "description": "Goal numbers (repeat the parameter): partners with any of them.",
                     "schema": {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": 17}}},
                    {"name": "kind", "in": "query", "required": False,
                     "schema": {"type": "string", "enum": ["individual", "group"]}},
                    {"name": "area", "in": "query", "required": False,
                     "description": "A district as stored, e.g. 筑波.",
                     "schema": {"type": "string", "maxLength": 50}},
                    *PAGE_PARAMETERS,
                ],
                "responses": {"200": json_response("A page of partners", "PartnerPage"), "400": ERROR},
            }},
            "/partners/{member_no}": {"get": {
                "operationId": "getPartner",
                "summary": "One partner of the public member list",
                "parameters": [{"name": "member_no", "in": "path", "required": True,
                                "schema": {"type": "string", "minLength": 1, "maxLength": 30}}],
                "responses": {"200": json_response("The partner", "Partner"), "404": ERROR},
            }},
            "/events": {"get": {
                "operationId": "listEvents",
                "summary": "Published lectures and exchange meetings, latest first (never an online URL)",
                "parameters": PAGE_PARAMETERS,
                "responses": {"200": json_response("A page of events", "EventPage"), "400": ERROR},
            }},
            "/awards": {"get": {
                "operationId": "listAwardRounds",
                "summary": "Award rounds whose results are published, latest first, with their winners",
                "parameters": PAGE_PARAMETERS,
                "responses": {"200": json_response("A page of award rounds", "AwardRoundPage"), "400": ERROR},
            }},
            "/awards/{round_id}": {"get": {
                "operationId": "getAwardRound",
                "summary": "One award round whose results are published",
                "parameters": [{"name": "round_id", "in": "path", "required": True,
                                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}}],
                "responses": {"200": json_response("The round and its winners", "AwardRound"), "404": ERROR},
            }},
            "/kpi": {"get": {
                "operationId": "listIndicators",
                "summary": "The public KPI indicators with their series and achievement rates",
                "responses": {"200": json_response("Every public indicator", "IndicatorList")},
            }},
            "/openapi.json": {"get": {
                "operationId": "getOpenAPI", "summary": "This document",
                "responses": {"200": {"description": "OpenAPI 3.1",
                                      "content": {"application/json": {"schema": {"type": "object"}}}}},
            }},
        },
        "components": {"schemas": {
            "Error": {"type": "object", "required": ["message"], "properties": {
                "message": {"type": "string"}, "parameter": {"type": "string"}}},
            "Partner": {"type": "object", "additionalProperties": False, "required": [
                "member_no", "kind", "name", "name_kana", "group_type", "area", "goals", "activities", "offers",
                "needs", "website"], "properties": {
                "member_no": {"type": "string"},
                "kind": {"type": "string", "enum": ["individual", "group"]},
                "name": {"type": "string"},
                "name_kana": {"type": "string", "description": "Reading (フリガナ), katakana"},
                "group_type": NULLABLE_TEXT,
                "area": {"type": "string"},
                "goals": GOALS,
                "activities": NULLABLE_TEXT, "offers": NULLABLE_TEXT, "needs": NULLABLE_TEXT,
                "website": NULLABLE_TEXT,
            }},
            "PartnerPage": page_of("Partner", "partners"),
            "Event": {"type": "object", "additionalProperties": False, "required": [
                "id", "kind", "status", "title", "starts_at", "ends_at", "format", "url"], "properties": {
                "id": {"type": "integer"},
                "kind": {"type": "string", "enum": ["lecture", "exchange", "other"]},
                "status": {"type": "string", "enum": ["published", "finished", "cancelled"]},
                "title": {"type": "string"}, "theme": {"type": "string"}, "description": {"type": "string"},
                "speakers": {"type": "string"},
                "starts_at": {"type": "string", "format": "date-time"},
                "ends_at": {"type": "string", "format": "date-time"},
                "format": {"type": "string", "enum": ["in_person", "online", "hybrid"]},
                "venue": {"type": "string"}, "venue_address": {"type": "string"},
                "capacity_in_person": {"type": ["integer", "null"]}, "capacity_online": {"type": ["integer", "null"]},
                "url": {"type": "string", "format": "uri"},
            }},
            "EventPage": page_of("Event", "events"),
            "AwardRound": {"type": "object", "additionalProperties": False, "required": [
                "id", "year", "title", "opens_at", "closes_at", "published_at", "categories", "tiers", "criteria",
                "winners", "url"], "properties": {
                "id": {"type": "integer", "minimum": 1},
                "year": {"type": "integer"},
                "title": {"type": "string"},
                "opens_at": {"type": "string", "format": "date-time", "description": "Call for applications"},
                "closes_at": {"type": "string", "format": "date-time"},
                "published_at": {"type": ["string", "null"], "format": "date-time"},
                "categories": {"type": "array", "items": {"type": "string"}},
                "tiers": {"type": "array", "items": {
                    "type": "object", "additionalProperties": False, "required": ["name", "slots"], "properties": {
                        "name": {"type": "string"}, "slots": {"type": "integer", "minimum": 0}}}},
                "criteria": {"type": "array", "description": "The criteria the judges used", "items": {
                    "type": "object", "additionalProperties": False,
                    "required": ["name", "description", "weight", "max_score"], "properties": {
                        "name": {"type": "string"}, "description": {"type": "string"},
                        "weight": {"type": "integer"}, "max_score": {"type": "integer"}}}},
                "winners": {"type": "array", "description": "In tier order",
                            "items": {"$ref": "#/components/schemas/Winner"}},
                "url": {"type": "string", "format": "uri", "description": "The winners page"},
            }},
            "AwardRoundPage": page_of("AwardRound", "rounds"),
            "Winner": {"type": "object", "additionalProperties": False, "required": [
                "tier", "category", "title", "summary", "goals", "name", "member_no"], "properties": {
                "tier": {"type": "string"},
                "category": NULLABLE_TEXT,
                "title": {"type": "string"},
                "summary": {"type": "string"},
                "goals": GOALS,
                "name": {"type": ["string", "null"],
                         "description": "The group or person, where the applicant agreed to publish it"},
                "member_no": {"type": ["string", "null"],
                              "description": "The partner's member number, where the name is published and the "
                                             "partner is in the public member list"},
            }},
            "Indicator": {"type": "object", "additionalProperties": False, "required": [
                "code", "name_ja", "name_en", "initiative_ja", "initiative_en", "unit_ja", "unit_en", "decimals",
                "sdg_targets", "period", "baseline", "target", "latest", "achievement_rate", "series"],
                "properties": {
                "code": {"type": "string"},
                "name_ja": {"type": "string"}, "name_en": {"type": "string"},
                "initiative_ja": {"type": "string"}, "initiative_en": {"type": "string"},
                "unit_ja": {"type": "string"}, "unit_en": {"type": "string"},
                "decimals": {"type": "integer", "minimum": 0, "description": "Decimals the KPI page shows"},
                "sdg_targets": {"type": "string"},
                "period": {"type": "string", "enum": ["calendar", "fiscal"],
                           "description": "Actuals taken on 31 December, or on 31 March"},
                "baseline": DATE_VALUE,
                "target": DATE_VALUE,
                "latest": {"oneOf": [{"$ref": "#/components/schemas/Point"}, {"type": "null"}]},
                "achievement_rate": {
                    "type": ["integer", "null"],
                    "description": "達成度 of the latest actual, in percent: (actual − baseline) ÷ (target − "
                                   "baseline) × 100 rounded half up; actual ÷ target × 100 where the target does "
                                   "not exceed the baseline"},
                "series": {"type": "array", "description": "Actuals, oldest first",
                           "items": {"$ref": "#/components/schemas/Point"}},
            }},
            "Point": {"type": "object", "additionalProperties": False, "required": [
                "as_of", "value", "achievement_rate", "computed", "source"], "properties": {
                "as_of": {"type": "string", "format": "date"},
                "value": {"type": "number"},
                "achievement_rate": {"type": ["integer", "null"]},
                "computed": {"type": "boolean", "description": "Read from the programme's data"},
                "source": {"type": ["string", "null"], "description": "Where an entered figure comes from"},
            }},
            "IndicatorList": {"type": "object", "additionalProperties": False, "required": ["indicators"],
                              "properties": {"indicators": {"type": "array",
                                                            "items": {"$ref": "#/components/schemas/Indicator"}}}},
        }},
    }
