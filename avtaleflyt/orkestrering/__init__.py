"""Orchestration plumbing: pure scheduling logic, the agreement's next steps, the Prefect runtime.

- `planlegging`: desired approval-date runs from the political calendar vs existing runs →
  create / reschedule / cancel (pure, no Prefect);
- `fremdrift`: what an agreement needs on a date (pure), and the advance and the whole lifecycle
  carried out with `avtaleflyt.tjenester` alone (what the flows do, without Prefect);
- `runtime`: the embedded local Prefect default (project-local home, analytics off, migrations up front);
- `prefect_plan`: the thin adapter that applies a plan to a Prefect server.
"""
