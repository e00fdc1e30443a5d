"""Integrations (``tgpl.integrations``): running the aggregation on several processes or a cluster.

* :mod:`tgpl.integrations.parallel` — all cores of one machine, standard library only
  (:func:`~tgpl.integrations.parallel.aggregate_files_parallel`);
* :mod:`tgpl.integrations.dask` — a Dask cluster (``pip install tgpl[dask]``):
  :func:`~tgpl.integrations.dask.aggregate_files`,
  :func:`~tgpl.integrations.dask.aggregate_partitions`.

Both give the same :class:`~tgpl.integrations.parallel.Aggregation` as one process would
(the tally merge is exact, docs/architecture.md principle 5). Dask is imported only by
``tgpl.integrations.dask`` itself — never by ``import tgpl`` or by this package. See
``docs/distributed.md``.
"""

from tgpl.integrations.parallel import Aggregation, aggregate_files_parallel

__all__ = ["Aggregation", "aggregate_files_parallel"]
