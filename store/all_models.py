"""Import every model module so ``Base.metadata`` knows all tables (Alembic, tests)."""

from store import access_models  # noqa: F401
from store import document_models  # noqa: F401
from store import monitoring_models  # noqa: F401
from store import notify_models  # noqa: F401
from store import quality_models  # noqa: F401
from store import harvest_state  # noqa: F401
from store import models  # noqa: F401
from store import reprocessing  # noqa: F401
from store.base import Base

metadata = Base.metadata
