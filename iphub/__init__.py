"""The composition root: the one place that knows every part of iphub.

``iphub.app.create_app`` makes the node's Flask app and plugs the harvester and the task engine
into the node's ports (:mod:`node.ports`); ``iphub.cli`` is the ``iphub`` command, assembled from
every part's commands. Nothing below imports this package (``tests/test_layers.py``).
"""
