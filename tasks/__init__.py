"""The distributed task engine: Celery with RabbitMQ as the broker (``BROKER_URL``).

With ``BROKER_URL`` unset nothing here is used: harvests and reprocessing run in process, as
on one machine. With it set, ``iphub worker`` processes on any number of machines take
harvest jobs (enqueued by ``iphub scheduler``) and reprocessing chunks (enqueued by
``iphub reprocess``). Modules: ``app`` (the Celery app and its settings), ``jobs`` (the tasks
and how they are enqueued), ``status`` (workers and queues, for the console), ``cli``.
"""
