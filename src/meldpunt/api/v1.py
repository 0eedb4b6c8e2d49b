"""The API object that urls.py mounts at /api/v1/: each app's router, in one place."""

from meldpunt.api.build import Mount, build_api
from meldpunt.intake.api import REFUSED as REPORT_REFUSED
from meldpunt.intake.api import router as reports

api = build_api([Mount("/reports", reports, refused=REPORT_REFUSED)])
