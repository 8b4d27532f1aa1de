"""Demo and benchmark set-up on the node's side: ``iphub demo`` (``command.py``), the store
filled with made-up published records (``iphub seed``: ``seed.py`` over the ST.96 ``str.format``
templates of ``templates.py``), and the small access world the tests start from (``world.py``).
"""
