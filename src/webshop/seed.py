"""Demo data, so a new shop looks alive. Every step is idempotent: running it twice adds nothing."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession

from webshop.auth import service as auth_service
from webshop.users import service as users_service
from webshop.users.schemas import UserCreate

DEMO_CUSTOMERS = [
    ("alice@example.com", "alice"),
    ("bob@example.com", "bob"),
    ("carol@example.com", "carol"),
    ("dave@example.com", "dave"),
    ("erin@example.com", "erin"),
]


async def seed_customers(session: AsyncSession, echo: Callable[[str], None]) -> int:
    """Create the demo customers that do not exist yet, sharing one printed random password."""
    password = secrets.token_urlsafe(9)
    created = 0
    for index, (email, username) in enumerate(DEMO_CUSTOMERS, start=1):
        if await users_service.find_by_login(session, email) is None:
            await auth_service.register_user(
                session, UserCreate(email=email, username=username, password=password)
            )
            created += 1
        echo(f"  customers {index}/{len(DEMO_CUSTOMERS)}")
    if created:
        echo(f"Created {created} demo customers; their password is: {password}")
    else:
        echo("Demo customers already exist.")
    return created


async def seed_demo_data(session: AsyncSession, echo: Callable[[str], None] = print) -> None:
    echo("Seeding demo data...")
    await seed_customers(session, echo)
    echo("Demo data is ready.")
