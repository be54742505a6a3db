from typing import Literal

from pydantic import BaseModel


class Health(BaseModel):
    status: Literal["ok", "unavailable"]
    version: str
    database: Literal["ok", "unreachable"]
    detail: str | None = None


class ServiceInfo(BaseModel):
    name: str
    version: str
    docs: str
    health: str
