from pydantic import BaseModel


class ServiceInfo(BaseModel):
    """What `/` answers while the web UI is not built."""

    name: str
    version: str
    docs: str
    health: str
    web_ui: str
