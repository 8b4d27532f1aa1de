"""Import every model module so ``Base.metadata`` knows all tables (Alembic, tests)."""

from store import (
    access_models,  # noqa: F401
    document_models,  # noqa: F401
    harvest_state,  # noqa: F401
    models,  # noqa: F401
    monitoring_models,  # noqa: F401
    notify_models,  # noqa: F401
    quality_models,  # noqa: F401
    reprocessing,  # noqa: F401
)
from store.base import Base
from store.gating import models as gating_models  # noqa: F401
from store.testfeed import models as testfeed_models  # noqa: F401

metadata = Base.metadata
