"""SQL views that make ``datasette state/fmwatch.db`` read well for curators (migration 004).

Why views and not tables: they are always current, cost nothing to keep, and the sorted state
export (:mod:`fmwatch.state_io`) skips them, so they never add noise to the weekly diff. Datasette
shows views next to tables and turns the URL columns into links.

- ``candidates_by_week``: every work the scorer would propose or called a near-miss, with its
  proposal week and pull request when it was proposed, and what the curators decided;
- ``source_health``: per run and source, requests, records, new records and the failure;
- ``curator_decisions``: the decisions log with the work's title.

The same migration adds the ``digests`` table (one row per digest written: run, week, file, and
the last decision it reported), because "curator decisions since the last digest" must not
depend on clock resolution: decision ids are exact, timestamps have one-second granularity.
"""

from __future__ import annotations

import sqlite_utils

VIEWS = {
    "candidates_by_week": """
SELECT
    p.week AS week,
    substr(s.scored_at, 1, 10) AS scored,
    round(s.score, 2) AS score,
    s.decision AS decision,
    s.section AS section,
    COALESCE(c.status, 'not proposed') AS status,
    s.title AS title,
    s.model_name AS model,
    s.paper_url AS paper_url,
    s.code_url AS code_url,
    s.weights_url AS weights_url,
    c.pr_url AS pr_url,
    s.work_id AS work_id
FROM scores s
LEFT JOIN candidates c ON c.work_id = s.work_id
LEFT JOIN proposals p ON p.branch = c.pr_branch
WHERE s.decision IN ('propose', 'near-miss') OR c.work_id IS NOT NULL
ORDER BY week DESC, score DESC
""",
    "source_health": """
SELECT
    r.id AS run_id,
    substr(r.started, 1, 16) AS started,
    r.command AS command,
    r.status AS run_status,
    rs.source AS source,
    rs.requests AS requests,
    rs.fetched AS records,
    rs.new AS new,
    rs.failure AS failure
FROM run_sources rs
JOIN runs r ON r.id = rs.run_id
ORDER BY r.id DESC, rs.source
""",
    "curator_decisions": """
SELECT
    substr(d.at, 1, 10) AS day,
    d.status AS decision,
    COALESCE(c.title, d.work_id) AS title,
    d.reason AS reason,
    d.source AS how,
    c.paper_url AS paper_url,
    d.work_id AS work_id
FROM decisions d
LEFT JOIN candidates c ON c.work_id = d.work_id
ORDER BY d.at DESC, d.id DESC
""",
}


def migrate_004_views(db: sqlite_utils.Database) -> None:
    db.table("digests").create(
        {
            "id": int,
            "run_id": int,
            "week": str,
            "path": str,
            "last_decision_id": int,
            "written": str,
        },
        pk="id",
        if_not_exists=True,
    )
    for name, sql in VIEWS.items():
        db.execute(f"DROP VIEW IF EXISTS [{name}]")
        db.execute(f"CREATE VIEW [{name}] AS {sql.strip()}")
