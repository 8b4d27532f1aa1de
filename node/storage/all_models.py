"""Import every model module so ``Base.metadata`` knows all tables (Alembic, tests)."""

from node.storage import models  # noqa: F401
from node.storage.base import Base

metadata = Base.metadata
