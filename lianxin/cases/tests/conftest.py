# `world` lives in world.py, loaded for the whole suite by the root conftest; re-exported here for
# modules that import it by this name.
from lianxin.cases.tests.world import world  # noqa: F401
