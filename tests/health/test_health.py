from asgi_lifespan import LifespanManager

from tests.conftest import make_client
from webshop import __version__
from webshop.core.config import Settings
from webshop.main import create_app


async def test_health_reports_ok_with_version(client):
    response = await client.get("/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "version": __version__, "database": "ok"}


async def test_the_real_lifespan_connects_to_the_configured_database(settings):
    app = create_app(settings)
    async with LifespanManager(app), make_client(app) as client:
        response = await client.get("/health")
    assert response.status_code == 200


async def test_health_is_503_when_the_database_is_unreachable(settings, data_dir):
    unreachable = Settings(
        DATABASE_URL="postgresql+asyncpg://postgres@127.0.0.1:1/nowhere",
        DATA_DIR=data_dir,
        SECRET_KEY=settings.secret_key,
    )
    app = create_app(unreachable)
    async with LifespanManager(app), make_client(app) as client:
        response = await client.get("/health")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "version": __version__,
        "database": "unreachable",
        "detail": "Database unreachable",
    }


async def test_root_points_to_the_docs(client):
    response = await client.get("/")
    assert response.json()["docs"] == "/docs"


async def test_openapi_documents_and_tags_every_route(client):
    schema = (await client.get("/openapi.json")).json()

    operations = [
        (path, method, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]
    assert len(operations) >= 20
    for path, method, operation in operations:
        assert operation.get("tags"), (path, method)
        assert operation.get("description") or operation.get("summary"), (path, method)
        assert operation["operationId"].startswith(operation["tags"][0] + "-")
        assert {"200", "201", "204"} & set(operation["responses"]), (path, method)
    assert "/auth/login" in schema["paths"]
    docs = await client.get("/docs")
    assert docs.status_code == 200
    assert "swagger" in docs.text.lower()
