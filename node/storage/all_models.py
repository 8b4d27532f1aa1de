"""Import every model module so ``Base.metadata`` knows all tables (Alembic, tests)."""

from node.access import models as access_models  # noqa: F401
from node.documents import models as document_models  # noqa: F401
from node.gating import models as gating_models  # noqa: F401
from node.monitoring import models as monitoring_models  # noqa: F401
from node.notify import models as notify_models  # noqa: F401
from node.quality import models as quality_models  # noqa: F401
from node.storage import harvest_state, models, reprocessing  # noqa: F401
from node.storage.base import Base
from node.testfeed import models as testfeed_models  # noqa: F401

metadata = Base.metadata
